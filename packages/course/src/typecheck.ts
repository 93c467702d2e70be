// `tsc` on one stage of the learner's track: a type error is shown before the tests it breaks.
import { type ChildProcess, spawn } from "node:child_process";
import { join } from "node:path";

export interface TypeIssue {
  /** Path relative to the repo root. */
  file: string;
  line: number;
  column: number;
  code: string;
  message: string;
}

const diagnostic = /^(.+?)\((\d+),(\d+)\): error (TS\d+): (.*)$/;

/** Parses `tsc --pretty false` output; lines that continue a message are left out. */
export function parseTscOutput(output: string): TypeIssue[] {
  const errors: TypeIssue[] = [];
  for (const line of output.split("\n")) {
    const match = diagnostic.exec(line.trim());
    if (!match) continue;
    const [, file = "", lineNo = "0", column = "0", code = "", message = ""] = match;
    errors.push({ file, line: Number(lineNo), column: Number(column), code, message });
  }
  return errors;
}

/** Runs tsc on exercises/<stage> (its src and tests); resolves with its errors (none on a crash). */
export function typecheckStage(root: string, stageId: string): Promise<TypeIssue[]> {
  const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
  const project = join("exercises", stageId);
  return new Promise((resolve) => {
    // Incremental: a rerun (watch mode) only checks what changed since the last one.
    const buildInfo = join(root, ".course", "tsc", `${stageId}.tsbuildinfo`);
    const args = [tsc, "--noEmit", "--pretty", "false", "--incremental"];
    args.push("--tsBuildInfoFile", buildInfo, "-p", project);
    const child = spawn(process.execPath, args, {
      cwd: root,
      stdio: ["ignore", "pipe", "ignore"],
    });
    let output = "";
    child.stdout.setEncoding("utf8");
    child.stdout.on("data", (chunk: string) => {
      output += chunk;
    });
    child.on("error", () => resolve([]));
    child.on("close", () => resolve(parseTscOutput(output)));
  });
}

/**
 * Watch mode: one `tsc --watch` for the whole session, so a save is rechecked incrementally
 * instead of starting the compiler again. `issues()` waits for a check in progress to finish.
 */
export class TypecheckWatcher {
  private latest: TypeIssue[] = [];
  private pending = "";
  private checking = true;
  private waiters: (() => void)[] = [];
  private readonly child: ChildProcess;

  constructor(root: string, stageId: string) {
    const tsc = join(root, "node_modules", "typescript", "bin", "tsc");
    const args = [tsc, "--noEmit", "--pretty", "false", "--watch", "--preserveWatchOutput"];
    args.push("-p", join("exercises", stageId));
    this.child = spawn(process.execPath, args, { cwd: root, stdio: ["ignore", "pipe", "ignore"] });
    this.child.stdout?.setEncoding("utf8");
    this.child.stdout?.on("data", (chunk: string) => this.read(chunk));
    this.child.on("exit", () => this.settle());
    this.child.unref();
  }

  /** The errors of the latest check, once any check in progress has finished (at most `maxWaitMs`). */
  async issues(maxWaitMs = 15_000): Promise<TypeIssue[]> {
    if (this.checking)
      await new Promise<void>((resolve) => {
        const timer = setTimeout(resolve, maxWaitMs);
        this.waiters.push(() => {
          clearTimeout(timer);
          resolve();
        });
      });
    return this.latest;
  }

  stop(): void {
    this.child.kill();
  }

  private read(chunk: string): void {
    for (const line of chunk.split("\n")) {
      if (/File change detected|Starting compilation/.test(line)) {
        this.checking = true;
        this.pending = "";
      } else if (/Found \d+ errors?\./.test(line)) {
        this.latest = parseTscOutput(this.pending);
        this.settle();
      } else this.pending += `${line}\n`;
    }
  }

  private settle(): void {
    this.checking = false;
    for (const wake of this.waiters.splice(0)) wake();
  }
}
