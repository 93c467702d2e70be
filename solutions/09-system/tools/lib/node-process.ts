// One node program in its own process: `node <bundle of mainPath> --id N --config FILE`, the
// program bundled once per tool run (nodeProgram()), so a node starts in a fraction of a second
// instead of transforming TypeScript on every start. Its output arrives line by line; its exit is
// noted; stop() asks politely (SIGTERM) and then insists (SIGKILL) after a grace period, so a
// wedged node never keeps a tool from exiting.
import { type ChildProcess, spawn } from "node:child_process";
import { createInterface } from "node:readline";
import { bundleProgram, childNodeFlags } from "@rafting/testkit/child-program";
import { mainPath } from "../../src/index.ts";

/** The reference node program as one JavaScript file, built at the first call of this run. */
export function nodeProgram(): Promise<string> {
  return bundleProgram(mainPath);
}

/** The line a node prints once its client and peer ports are open. */
const listeningLine = /listening: clients on/;

export interface NodeExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export interface NodeProcessOptions {
  /** From nodeProgram(). */
  readonly program: string;
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
  /** performance.now() when the node said it listens (its ports are open), once it has. */
  listeningAtMs: number | undefined;

  constructor(options: NodeProcessOptions) {
    this.id = options.id;
    this.startedAtMs = performance.now();
    this.child = spawn(
      process.execPath,
      [
        ...childNodeFlags,
        options.program,
        "--id",
        String(options.id),
        "--config",
        options.configPath,
      ],
      // Its own process group: a Ctrl-C in the terminal reaches the tool only, and the tool
      // stops its nodes itself (and can say which it stopped and which had died before).
      { stdio: ["ignore", "pipe", "pipe"], detached: true },
    );
    for (const stream of [this.child.stdout, this.child.stderr]) {
      if (stream === null) continue;
      createInterface({ input: stream, crlfDelay: Number.POSITIVE_INFINITY }).on("line", (line) => {
        if (this.listeningAtMs === undefined && listeningLine.test(line)) {
          this.listeningAtMs = performance.now();
        }
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
}

export function describeExit(exit: NodeExit): string {
  return exit.signal !== null ? `killed by ${exit.signal}` : `exited with code ${exit.code}`;
}
