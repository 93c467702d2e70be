// How much a node keeps on disk: what stage 10's tests and the compaction tool measure to show
// that a compacted log stays small.
import { readdirSync, statSync } from "node:fs";
import { join } from "node:path";

/** Bytes of every file under dir. */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? bytesUnder(path) : stat.size;
  }
  return total;
}
