// The Figure 8 run of the 08 README's walkthrough, one click away: the reference simulator with
// the commit-previous-term mutant, seed 3, shrunk to its first 51 fault episodes, 10 simulated
// seconds. The same command the README prints; its trace is written to a temporary file.
import { spawn } from "node:child_process";
import { mkdtempSync, readFileSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { repoRoot } from "./paths.ts";

export const figure8Args = [
  "--seed",
  "3",
  "--faults",
  "51",
  "--sim-seconds",
  "10",
  "--mutant",
  "commit-previous-term",
];

const simulatorMain = join(repoRoot, "solutions", "08-simulation", "src", "main.ts");
const runCeilingMs = 120_000;

/** Runs the simulator for the Figure 8 seed and returns its trace (JSON lines). */
export function figure8Trace(): Promise<string> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-figure8-"));
  const file = join(dir, "figure8.jsonl");
  return new Promise<string>((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", simulatorMain, ...figure8Args, "--trace", file],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    const timer = setTimeout(() => child.kill("SIGKILL"), runCeilingMs);
    child.on("close", (code) => {
      clearTimeout(timer);
      try {
        // Exit 1 is the violation this run exists to show; the trace is there either way.
        if (code !== 0 && code !== 1) throw new Error(lastLine(output) || `exit ${code}`);
        resolve(readFileSync(file, "utf8"));
      } catch (error) {
        reject(
          new Error(
            `the Figure 8 run failed: ${error instanceof Error ? error.message : String(error)}`,
          ),
        );
      } finally {
        rmSync(dir, { recursive: true, force: true });
      }
    });
  });
}

function lastLine(text: string): string {
  return text.trim().split("\n").at(-1) ?? "";
}
