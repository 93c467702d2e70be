// The child process of kill9.test.ts: appends batches of entries through FileStorage, syncing
// each one and printing "synced <lastIndex>" after the sync returns. The parent kills it with
// SIGKILL; what was acknowledged must survive.
//
//   usage: kill9-child.ts <dir> <seed> <tearAfterSyncs | -1>
//
// `#stage` is the track under test: the parent bundles this file once per run with `#stage`
// pointed at that track's index.ts, so each child starts without transforming TypeScript.
//
// With tearAfterSyncs = n ≥ 0, the batch after the n-th sync is written in two write() calls:
// the child writes the first part (ending inside a record), prints "torn …" and blocks, so the
// parent's kill lands between the two writes by design and leaves a torn record on disk.
import { writeSync } from "node:fs";
import { seededRandom } from "@rafting/testkit";
import { FileStorage } from "#stage";
import { childLine, workloadEntries } from "./crash-workload.ts";

const maxBatches = 500;
const maxBatchSize = 12;
/** Far longer than a busy machine takes to deliver the parent's kill: never a race. */
const blockMs = 120_000;

const [dir, seedText, tearText] = process.argv.slice(2);
if (dir === undefined || seedText === undefined || tearText === undefined) {
  throw new Error("usage: kill9-child.ts <dir> <seed> <tearAfterSyncs | -1>");
}
const random = seededRandom(Number(seedText));
const tearAfterSyncs = Number(tearText);

function say(line: string): void {
  writeSync(1, `${line}\n`);
}

/** Blocks this process (no event loop runs) until the parent kills it. */
function waitToBeKilled(): never {
  Atomics.wait(new Int32Array(new SharedArrayBuffer(4)), 0, 0, blockMs);
  process.exit(3);
}

let tearing: { from: number; size: number } | undefined;

function writeBytes(fd: number, bytes: Uint8Array, position: number): void {
  const end = tearing ? bytes.length - random.int(1, Math.min(9, bytes.length)) : bytes.length;
  let written = 0;
  while (written < end) written += writeSync(fd, bytes, written, end - written, position + written);
  if (!tearing) return;
  say(childLine.torn(tearing.from, tearing.size));
  waitToBeKilled();
}

const { storage } = FileStorage.open(dir, { writeBytes });
let lastIndex = 0;
for (let syncs = 0; syncs < maxBatches; syncs++) {
  const size = random.int(1, maxBatchSize + 1);
  if (syncs === tearAfterSyncs) tearing = { from: lastIndex + 1, size };
  storage.writeEntries(lastIndex + 1, workloadEntries(lastIndex + 1, size));
  storage.sync();
  lastIndex += size;
  say(childLine.synced(lastIndex));
}
waitToBeKilled();
