// `tsc` on one stage of the learner's track: a type error is shown before the tests it breaks.
import { spawn } from "node:child_process";
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
