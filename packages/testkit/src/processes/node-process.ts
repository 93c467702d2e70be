// One node program in its own process: `node <bundled program> <args>` (bundleProgram of
// ../child-program.ts), so a node starts in a fraction of a second instead of transforming
// TypeScript on every start. Its output arrives line by line and is kept; its exit is noted once
// its output is read; stop() asks politely (SIGTERM) and then insists (SIGKILL) after a grace
// period, so a wedged node never keeps a test or a tool from ending.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { childNodeFlags } from "../child-program.ts";
import { FatalWait } from "./wait.ts";

/** The line a 09 node prints once its client and peer ports are open. */
export const listeningLine = /listening: clients on/;

export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface NodeProcessOptions {
  /** The bundled program (bundleProgram's result). */
  readonly program: string;
  readonly args: readonly string[];
  /** Its own process group: a Ctrl-C in a tool's terminal reaches the tool only. */
  readonly detached?: boolean;
  /** Each line the node writes (stdout or stderr), without the newline. */
  readonly onLine?: (line: string) => void;
  /** Called once when the process has exited and its output is read. */
  readonly onExit?: (exit: NodeExit) => void;
  /** Keep all its output in `output` (default: true); a long-running tool keeps recentLines only. */
  readonly keepOutput?: boolean;
}

export const defaultStopGraceMs = 3000;
const recentLinesKept = 20;

export class NodeProcess {
  readonly child: ChildProcess;
  /** performance.now() when the process was spawned. */
  readonly startedAtMs = performance.now();
  readonly exited: Promise<NodeExit>;
  exit: NodeExit | undefined;
  /** Everything it wrote, stdout and stderr, line by line (unless keepOutput is false). */
  output = "";
  /** The last lines of output, for a short report when the node dies. */
  readonly recentLines: string[] = [];
  /** performance.now() when the node said it listens (its ports are open), once it has. */
  listeningAtMs: number | undefined;
  /** stop() had to SIGKILL it after the grace period. */
  forced = false;
  private readonly keepOutput: boolean;

  constructor(options: NodeProcessOptions) {
    this.keepOutput = options.keepOutput ?? true;
    this.child = spawn(process.execPath, [...childNodeFlags, options.program, ...options.args], {
      stdio: ["ignore", "pipe", "pipe"],
      detached: options.detached ?? false,
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) =>
        this.onLine(line, options.onLine),
      );
    }
    // "close", not "exit": by then every line it wrote has been read.
    this.exited = new Promise((resolve) => {
      this.child.once("close", (code, signal) => {
        this.exit = { code, signal };
        options.onExit?.(this.exit);
        resolve(this.exit);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
  }

  get pid(): number | undefined {
    return this.child.pid;
  }

  get listening(): boolean {
    return this.listeningAtMs !== undefined;
  }

  /** SIGKILL: the crash a power cut would be (no shutdown code runs). */
  async kill(): Promise<NodeExit> {
    if (this.alive) this.child.kill("SIGKILL");
    return this.exited;
  }

  /** SIGTERM, then SIGKILL if the node has not exited after graceMs. */
  async stop(graceMs = defaultStopGraceMs): Promise<NodeExit> {
    if (!this.alive) return this.exited;
    this.child.kill("SIGTERM");
    const timer = setTimeout(() => {
      if (!this.alive) return;
      this.forced = true;
      this.child.kill("SIGKILL");
    }, graceMs);
    const exit = await this.exited;
    clearTimeout(timer);
    return exit;
  }

  /** For a waitFor check: fails the wait at once if the process is gone, with its output. */
  checkAlive(what: string): void {
    if (this.exit === undefined) return;
    throw new FatalWait(
      `${what} ${describeExit(this.exit)} while we waited:\n${this.keepOutput ? this.output.slice(-2000) : this.recentLines.join("\n")}`,
    );
  }

  private onLine(line: string, listener: ((line: string) => void) | undefined): void {
    if (this.listeningAtMs === undefined && listeningLine.test(line)) {
      this.listeningAtMs = performance.now();
    }
    if (this.keepOutput) this.output += `${line}\n`;
    this.recentLines.push(line);
    if (this.recentLines.length > recentLinesKept) this.recentLines.shift();
    listener?.(line);
  }
}

export function describeExit(exit: NodeExit): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
