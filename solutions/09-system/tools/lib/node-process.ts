// One node program in its own process: `node --import tsx mainPath --id N --config FILE`.
// Its output arrives line by line; its exit is noted; stop() asks politely (SIGTERM) and then
// insists (SIGKILL) after a grace period, so a wedged node never keeps a tool from exiting.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { createInterface } from "node:readline";
import { mainPath } from "../../src/index.ts";

const tsxLoader = createRequire(import.meta.url).resolve("tsx");

export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface NodeProcessOptions {
  readonly id: number;
  readonly configPath: string;
  /** Each line the node writes (stdout or stderr), without the newline. */
  readonly onLine?: (line: string) => void;
  /** Called once when the process exits, whatever the reason. */
  readonly onExit?: (exit: NodeExit) => void;
}

export const defaultStopGraceMs = 3000;

export class NodeProcess {
  readonly id: number;
  readonly child: ChildProcess;
  /** performance.now() when the process was spawned. */
  readonly startedAtMs: number;
  readonly exited: Promise<NodeExit>;
  exit: NodeExit | undefined;
  /** stop() had to SIGKILL it after the grace period. */
  forced = false;
  /** The last lines of output, for a report when the node dies. */
  readonly recentLines: string[] = [];

  constructor(options: NodeProcessOptions) {
    this.id = options.id;
    this.startedAtMs = performance.now();
    this.child = spawn(
      process.execPath,
      ["--import", tsxLoader, mainPath, "--id", String(options.id), "--config", options.configPath],
      { stdio: ["ignore", "pipe", "pipe"] },
    );
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
        this.recentLines.push(line);
        if (this.recentLines.length > 20) this.recentLines.shift();
        options.onLine?.(line);
      });
    }
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        options.onExit?.(this.exit);
        resolve(this.exit);
      });
    });
  }

  get alive(): boolean {
    return this.exit === undefined;
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
}

export function describeExit(exit: NodeExit): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
