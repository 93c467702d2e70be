// A tool (pnpm cluster, console, demo) run as a user runs it, for the tools' tests: its output
// collected, waits on what it prints with a generous ceiling, its exit code, and everything
// killed when the test ends. A tool that starts no nodes (console) is bundled once per test file,
// as the nodes are, so a busy machine does not spend seconds transforming TypeScript at every
// start; one that starts nodes (cluster) bundles the node program itself, so it runs under tsx.
import { type ChildProcess, spawn } from "node:child_process";
import { createRequire } from "node:module";
import { join } from "node:path";
import { bundleProgram, childNodeFlags } from "@rafting/testkit/child-program";
import { connectClient, raftStatus, startupWaitMs } from "@rafting/testkit/processes";
import { onTestFinished } from "vitest";
import type { NodeStatus } from "../../src/index.ts";

const toolsDir = join(import.meta.dirname, "..");
const tsxLoader = createRequire(import.meta.url).resolve("tsx");

/** For a test's own timeout. */
export const toolTestMs = 120_000;

export interface ToolExit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

export class ToolProcess {
  readonly child: ChildProcess;
  output = "";
  readonly exited: Promise<ToolExit>;
  private exit: ToolExit | undefined;

  /** Starts a tool that starts no nodes ("console.ts"); input: written to its stdin, then closed. */
  static async bundled(
    tool: string,
    args: readonly string[],
    input?: string,
  ): Promise<ToolProcess> {
    const program = await bundleProgram(join(toolsDir, tool));
    return new ToolProcess([...childNodeFlags, program, ...args], input);
  }

  /** Starts a tool under tsx, as pnpm does ("cluster.ts"). */
  static withTsx(tool: string, args: readonly string[], input?: string): ToolProcess {
    return new ToolProcess(["--import", tsxLoader, join(toolsDir, tool), ...args], input);
  }

  private constructor(nodeArgs: readonly string[], input?: string) {
    this.child = spawn(process.execPath, nodeArgs, {
      stdio: ["pipe", "pipe", "pipe"],
      env: { ...process.env, NO_COLOR: "1" },
    });
    for (const stream of [this.child.stdout, this.child.stderr]) {
      stream?.setEncoding("utf8").on("data", (chunk: string) => {
        this.output += chunk;
      });
    }
    if (input !== undefined) this.child.stdin?.end(input);
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    onTestFinished(async () => {
      if (this.exit === undefined) this.child.kill("SIGKILL");
      await this.exited;
    });
  }

  /** Types a line into the tool's terminal. */
  type(line: string): void {
    this.child.stdin?.write(`${line}\n`);
  }

  /** The first match of pattern in the output (waiting for it); fails if the tool exits first. */
  async waitForOutput(
    what: string,
    pattern: RegExp,
    timeoutMs = startupWaitMs,
  ): Promise<RegExpMatchArray> {
    const deadline = Date.now() + timeoutMs;
    for (;;) {
      const match = this.output.match(pattern);
      if (match !== null) return match;
      if (this.exit !== undefined) {
        throw new Error(
          `the tool exited (${JSON.stringify(this.exit)}) before printing ${what}:\n${this.output}`,
        );
      }
      if (Date.now() > deadline) {
        throw new Error(
          `timed out after ${timeoutMs} ms waiting for ${what}; output so far:\n${this.output}`,
        );
      }
      await new Promise((resolve) => setTimeout(resolve, 20));
    }
  }

  /** Waits for the tool to exit by itself. */
  async exitCode(timeoutMs = startupWaitMs): Promise<ToolExit> {
    let timer: NodeJS.Timeout | undefined;
    const late = new Promise<never>((_, reject) => {
      timer = setTimeout(
        () => reject(new Error(`the tool did not exit within ${timeoutMs} ms:\n${this.output}`)),
        timeoutMs,
      );
    });
    try {
      return await Promise.race([this.exited, late]);
    } finally {
      clearTimeout(timer);
    }
  }
}

/** Whether a process with this PID exists (signal 0 checks without sending anything). */
export function processExists(pid: number): boolean {
  try {
    process.kill(pid, 0);
    return true;
  } catch {
    return false;
  }
}

/** Until the node on this client port answers RAFT.STATUS (and ready(status) holds). */
export async function nodeAnswers(
  port: number,
  ready: (status: NodeStatus) => boolean = () => true,
): Promise<void> {
  const deadline = Date.now() + startupWaitMs;
  let last = "no answer yet";
  while (Date.now() < deadline) {
    const client = connectClient(port, { connectTimeoutMs: 1000, commandTimeoutMs: 5000 });
    try {
      const status = await raftStatus<NodeStatus>(client);
      if (ready(status)) return;
      last = `role ${status.role}`;
    } catch (cause) {
      last = cause instanceof Error ? cause.message : String(cause);
    } finally {
      client.disconnect();
    }
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
  throw new Error(`the node on port ${port} was not ready within ${startupWaitMs} ms (${last})`);
}
