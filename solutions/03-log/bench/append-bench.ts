// Appends per second for FileStorage with one fsync per batch, at batch sizes 1, 16 and 256.
// A benchmark, not a test: run it by hand on the machine you care about.
//
//   npx tsx solutions/03-log/bench/append-bench.ts [--seconds N]
//
// Each entry is ["SET", "key:<n>", <100-byte value>]. The log lives in a fresh temp directory,
// removed afterwards. fsync cost depends on the disk and file system (tmpfs does none at all),
// so the numbers say most about how batching amortizes one sync over many entries.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { type Entry, FileStorage } from "../src/index.ts";

const batchSizes = [1, 16, 256];
const valueBytes = 100;

interface Result {
  batchSize: number;
  batches: number;
  entries: number;
  seconds: number;
  bytes: number;
}

function parseSeconds(argv: readonly string[]): number {
  const at = argv.indexOf("--seconds");
  if (at === -1) return 3;
  const seconds = Number(argv[at + 1]);
  if (!(seconds > 0 && seconds <= 600)) throw new Error("--seconds takes a number in (0, 600]");
  return seconds;
}

function makeEntries(fromIndex: number, count: number): Entry[] {
  const value = "v".repeat(valueBytes);
  return Array.from({ length: count }, (_, i) => ({
    term: 1,
    command: ["SET", `key:${fromIndex + i}`, value],
  }));
}

function run(batchSize: number, seconds: number): Result {
  const dir = mkdtempSync(join(tmpdir(), "rafting-append-bench-"));
  const { storage } = FileStorage.open(dir);
  try {
    const deadline = performance.now() + seconds * 1000;
    const started = performance.now();
    let lastIndex = 0;
    let batches = 0;
    while (performance.now() < deadline) {
      storage.writeEntries(lastIndex + 1, makeEntries(lastIndex + 1, batchSize));
      storage.sync();
      lastIndex += batchSize;
      batches++;
    }
    const elapsed = (performance.now() - started) / 1000;
    storage.close();
    const bytes = FileStorage.open(dir).recovery.validBytes;
    return { batchSize, batches, entries: lastIndex, seconds: elapsed, bytes };
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}

function row(cells: readonly string[]): string {
  return cells.map((cell, i) => (i === 0 ? cell.padEnd(6) : cell.padStart(14))).join("");
}

function main(): void {
  const seconds = parseSeconds(process.argv.slice(2));
  console.log(`FileStorage appends, one fsync per batch, ${valueBytes}-byte values, ${tmpdir()}`);
  console.log(row(["batch", "appends/s", "fsyncs/s", "µs/batch", "MB/s"]));
  for (const batchSize of batchSizes) {
    const result = run(batchSize, seconds);
    const perSecond = (n: number) => n / result.seconds;
    console.log(
      row([
        String(batchSize),
        perSecond(result.entries).toFixed(0),
        perSecond(result.batches).toFixed(0),
        ((result.seconds / result.batches) * 1e6).toFixed(0),
        (perSecond(result.bytes) / 1e6).toFixed(1),
      ]),
    );
  }
}

main();
