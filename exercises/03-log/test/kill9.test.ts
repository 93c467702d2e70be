// kill -9: a real child process appends through FileStorage and is killed with SIGKILL. Every
// entry it acknowledged (printed after sync() returned) must come back intact, and a record the
// kill tore in half must be cut off and reported, never returned as data. Each seed checks both
// a clean kill and a torn tail on its own, so any one test can run alone (-t).
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { bundleProgram, childNodeFlags } from "@rafting/testkit/child-program";
import { afterAll, describe, expect, test } from "vitest";
import { FileStorage } from "#stage";
import { workloadEntry } from "./crash-workload.ts";

const stageDir = join(import.meta.dirname, "..");
const repoRoot = join(stageDir, "..", "..");
const childScript = join(import.meta.dirname, "kill9-child.ts");
const children = new Set<ChildProcess>();
const dirs: string[] = [];
/** Real processes on a machine that may be busy: a generous ceiling, not a timing. */
const killTestTimeoutMs = 120_000;

afterAll(() => {
  for (const child of children) child.kill("SIGKILL");
  for (const dir of dirs) rmSync(dir, { recursive: true, force: true });
});

/**
 * The stage's index.ts for the track under test, so the child runs the same code as `#stage`
 * (vitest's alias does not reach a child process). Project names are "<track>:<stage>".
 */
function stageEntry(projectName: string): string {
  const stage = basename(stageDir);
  const track = projectName.split(":")[0];
  if (track === "solution") return join(repoRoot, "solutions", stage, "src", "index.ts");
  if (track === "starter") return join(repoRoot, "solutions", stage, ".starter", "src", "index.ts");
  return join(stageDir, "src", "index.ts");
}

interface ChildRun {
  /** The highest index the child acknowledged as synced. */
  acked: number;
  /** The batch that was being written when the child stopped mid-batch, if it did. */
  torn: { from: number; size: number } | undefined;
  signal: NodeJS.Signals | null;
  stderr: string;
}

/** The child program with `#stage` pointed at the track under test, built once per run. */
function childProgram(projectName: string): Promise<string> {
  return bundleProgram(childScript, { aliases: { "#stage": stageEntry(projectName) } });
}

/** Runs the child; kills it after `killAfterSyncs` acknowledgements, or when it reports a tear. */
function runChild(
  program: string,
  dir: string,
  seed: number,
  tearAfterSyncs: number,
  killAfterSyncs: number,
): Promise<ChildRun> {
  const args = [...childNodeFlags, program, dir, String(seed), String(tearAfterSyncs)];
  const child = spawn(process.execPath, args, { cwd: stageDir, stdio: ["ignore", "pipe", "pipe"] });
  children.add(child);
  const run: ChildRun = { acked: 0, torn: undefined, signal: null, stderr: "" };
  let syncs = 0;
  let pending = "";
  const onLine = (line: string) => {
    const [word, a, b] = line.split(" ");
    if (word === "synced") {
      run.acked = Math.max(run.acked, Number(a));
      syncs++;
      if (syncs === killAfterSyncs) child.kill("SIGKILL");
    } else if (word === "torn") {
      run.torn = { from: Number(a), size: Number(b) };
      child.kill("SIGKILL");
    }
  };
  child.stdout?.setEncoding("latin1").on("data", (chunk: string) => {
    const lines = (pending + chunk).split("\n");
    pending = lines.pop() ?? "";
    lines.forEach(onLine);
  });
  child.stderr?.setEncoding("utf8").on("data", (chunk: string) => {
    run.stderr += chunk;
  });
  return new Promise((resolve, reject) => {
    child.on("error", reject);
    child.on("close", (_code, signal) => {
      children.delete(child);
      run.signal = signal;
      resolve(run);
    });
  });
}

function checkRecovered(dir: string, run: ChildRun, label: string) {
  expect(
    run.signal,
    `${label}: the child must be killed by SIGKILL, not fail on its own:\n${run.stderr.trim()}`,
  ).toBe("SIGKILL");
  expect(run.acked, `${label}: the child acknowledged at least one sync first`).toBeGreaterThan(0);
  const { storage, recovery } = FileStorage.open(dir);
  const recovered = storage.load().entries;
  storage.close();
  expect(
    recovered.length,
    `${label}: every entry acknowledged after sync() survives kill -9`,
  ).toBeGreaterThanOrEqual(run.acked);
  recovered.forEach((entry, i) => {
    expect(entry, `${label}: entry ${i + 1} comes back intact (no garbage is data)`).toEqual(
      workloadEntry(i + 1),
    );
  });
  const again = FileStorage.open(dir);
  again.storage.close();
  expect(
    again.recovery.truncatedBytes,
    `${label}: recovery cut the torn tail off the file, so a second open finds it clean`,
  ).toBe(0);
  return { recovered: recovered.length, recovery };
}

describe("kill -9 while appending (a real process, SIGKILL)", {
  timeout: killTestTimeoutMs,
}, () => {
  test.concurrent.for(testSeeds(3))("seed %i", async (seed, { task }) => {
    const random = seededRandom(seed);
    const program = await childProgram(task.file.projectName ?? "");
    const [killDir, tearDir] = [0, 1].map(() => {
      const dir = mkdtempSync(join(tmpdir(), `rafting-03-kill9-${seed}-`));
      dirs.push(dir);
      return dir;
    }) as [string, string];
    const killAfterSyncs = random.int(1, 7);
    const tearAfterSyncs = random.int(1, 6);
    const [killed, torn] = await Promise.all([
      runChild(program, killDir, seed, -1, killAfterSyncs),
      runChild(program, tearDir, seed, tearAfterSyncs, -1),
    ]);

    checkRecovered(killDir, killed, `kill after ${killAfterSyncs} syncs (${rerunHint(seed)})`);

    const label = `kill between the two writes of a batch (${rerunHint(seed)})`;
    expect(torn.torn, `${label}: the child reported the torn batch`).toBeDefined();
    const { recovered, recovery } = checkRecovered(tearDir, torn, label);
    const batch = torn.torn ?? { from: 0, size: 0 };
    expect(recovery.truncatedBytes, `${label}: the torn record is cut off`).toBeGreaterThan(0);
    expect(recovery.reason, `${label}: a record cut short is reported as such`).toBe(
      "incomplete-record",
    );
    expect(
      recovered,
      `${label}: the torn record is not data (batch ${batch.from}..${batch.from + batch.size - 1})`,
    ).toBeLessThan(batch.from + batch.size - 1);
  });
});
