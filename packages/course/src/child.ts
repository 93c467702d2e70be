// Child processes that own the terminal: vitest for `test`/`watch`, the stage's program for `run`.
import { type ChildProcess, spawn } from "node:child_process";
import { constants } from "node:os";

export interface ChildOptions {
  cwd?: string;
  env?: NodeJS.ProcessEnv;
  /** "pipe": the caller writes the child's stdin (see `onSpawn`); default: inherited. */
  stdin?: "inherit" | "pipe";
  /** Called once with the child, e.g. to write to its stdin or stop it. */
  onSpawn?: (child: ChildProcess) => void;
}

const forwarded: NodeJS.Signals[] = ["SIGINT", "SIGTERM"];

/**
 * Runs a command with inherited stdout/stderr, forwards SIGINT/SIGTERM to it, and resolves with
 * its exit code (128 + signal number when a signal ended it, as shells report it).
 */
export function runChild(
  command: string,
  args: string[],
  options: ChildOptions = {},
): Promise<number> {
  return new Promise((resolve) => {
    const child = spawn(command, args, {
      stdio: [options.stdin ?? "inherit", "inherit", "inherit"],
      cwd: options.cwd,
      env: options.env,
    });
    // While the child runs, a signal is the child's to handle: we pass it on and wait for its exit.
    const forward = (signal: NodeJS.Signals) => {
      if (child.exitCode === null && child.signalCode === null) child.kill(signal);
    };
    for (const signal of forwarded) process.on(signal, forward);
    const done = (code: number) => {
      for (const signal of forwarded) process.off(signal, forward);
      resolve(code);
    };
    child.on("error", (error) => {
      console.error(`course: could not start ${command}: ${error.message}`);
      done(1);
    });
    child.on("exit", (code, signal) => {
      if (signal) done(128 + (constants.signals[signal] ?? 0));
      else done(code ?? 1);
    });
    options.onSpawn?.(child);
  });
}
