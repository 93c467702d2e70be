// Restart time of FileStorage: open (recovery reads and checks every record) plus load() of a
// log of 1,000,000 entries. A benchmark, not a test: run it by hand on the machine you care about.
//
//   npx tsx solutions/03-log/bench/recovery-bench.ts [--entries N] [--runs N]
//
// Each entry is ["SET", "key:<n>", <100-byte value>], as in append-bench.ts. The log is written
// once (batches of 10,000, one fsync at the end) in a fresh temp directory, removed afterwards.
// The file is then in the page cache, so the figure is CPU time (CRC, decoding, allocation), not
// disk reads: a cold start also pays for reading the file. CPU seconds are printed beside the wall
// time: on a busy machine the wall time includes waiting for a core.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Entry, FileStorage } from "../src/index.ts";

const valueBytes = 100;
const batchEntries = 10_000;

function option(argv: readonly string[], name: string, fallback: number, max: number): number {
  const at = argv.indexOf(name);
  if (at === -1) return fallback;
  const value = Number(argv[at + 1]);
  if (!(Number.isSafeInteger(value) && value >= 1 && value <= max)) {
    throw new Error(`${name} takes an integer in [1, ${max}]`);
  }
  return value;
}

function makeEntries(fromIndex: number, count: number): Entry[] {
  const value = "v".repeat(valueBytes);
  return Array.from({ length: count }, (_, i) => ({
    term: 1 + Math.floor((fromIndex + i) / 100_000),
    command: ["SET", `key:${fromIndex + i}`, value],
  }));
}

function writeLog(dir: string, entries: number): void {
  const { storage } = FileStorage.open(dir);
  for (let from = 1; from <= entries; from += batchEntries) {
    storage.writeEntries(from, makeEntries(from, Math.min(batchEntries, entries - from + 1)));
  }
  storage.sync();
  storage.close();
}

/** Wall and CPU seconds for open + load, and what they found. */
function recoverOnce(dir: string): {
  seconds: number;
  cpuSeconds: number;
  entries: number;
  bytes: number;
} {
  const cpuStarted = process.cpuUsage();
  const started = performance.now();
  const { storage, recovery } = FileStorage.open(dir);
  const { entries } = storage.load();
  const seconds = (performance.now() - started) / 1000;
  const cpu = process.cpuUsage(cpuStarted);
  storage.close();
  const cpuSeconds = (cpu.user + cpu.system) / 1e6;
  return { seconds, cpuSeconds, entries: entries.length, bytes: recovery.validBytes };
}

function main(): void {
  const argv = process.argv.slice(2);
  const entries = option(argv, "--entries", 1_000_000, 10_000_000);
  const runs = option(argv, "--runs", 3, 20);
  const dir = mkdtempSync(join(tmpdir(), "rafting-recovery-bench-"));
  try {
    const writeStarted = performance.now();
    writeLog(dir, entries);
    const writeSeconds = (performance.now() - writeStarted) / 1000;
    console.log(
      `FileStorage recovery: open + load of ${entries} entries, ${valueBytes}-byte values, ${tmpdir()}`,
    );
    console.log(`written in ${writeSeconds.toFixed(2)} s`);
    const times: number[] = [];
    for (let run = 1; run <= runs; run++) {
      const result = recoverOnce(dir);
      if (result.entries !== entries) {
        throw new Error(`recovered ${result.entries} entries, wrote ${entries}`);
      }
      times.push(result.seconds);
      console.log(
        `run ${run}: ${result.seconds.toFixed(2)} s (CPU ${result.cpuSeconds.toFixed(2)} s), ${(result.entries / result.seconds).toFixed(0)} entries/s, ` +
          `${(result.bytes / 1e6 / result.seconds).toFixed(0)} MB/s (${(result.bytes / 1e6).toFixed(0)} MB)`,
      );
    }
    times.sort((a, b) => a - b);
    console.log(`median ${times[Math.floor(times.length / 2)]!.toFixed(2)} s over ${runs} runs`);
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

main();
