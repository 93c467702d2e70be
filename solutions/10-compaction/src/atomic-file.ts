// Replacing a whole file so that a crash at any moment leaves the old file or the new one, never
// half of one and never none (the same trick as 03's hard-state file, for any bytes):
//   1. write the bytes to a temp file in the same directory,
//   2. fsync the temp file: its bytes are on disk before any name points at them,
//   3. rename it over the real name: atomic, the name points at the old file or the new,
//   4. fsync the directory: the rename itself survives a power cut.
// Skip 2 and a crash can leave the real name pointing at an empty or torn file; skip 4 and an
// acknowledged save can silently revert to the old file after a power cut.
import { join } from "node:path";
import type { FileOps } from "#log";

/** The temp file writeFileAtomically(dir, name) writes first. */
export function tempFileName(name: string): string {
  return `${name}.tmp`;
}

/** Replaces dir/name with bytes, atomically and durably, through ops. */
export function writeFileAtomically(
  ops: FileOps,
  dir: string,
  name: string,
  bytes: Uint8Array,
): void {
  // solution:begin
  const tempPath = join(dir, tempFileName(name));
  const fd = ops.open(tempPath, "w");
  try {
    let written = 0;
    while (written < bytes.length) {
      const count = ops.write(fd, bytes, written, bytes.length - written, written);
      if (count <= 0) throw new Error(`${tempPath}: write at ${written} wrote ${count} bytes`);
      written += count;
    }
    ops.fsync(fd);
  } finally {
    ops.close(fd);
  }
  ops.rename(tempPath, join(dir, name));
  ops.fsyncDir(dir);
  // solution:end
  // starter: throw new Error("not implemented: writeFileAtomically (temp file, fsync it, rename over the name, fsync the directory)");
}

/** Removes the temp file a crash in the middle of writeFileAtomically can leave (the old file holds). */
export function removeStaleTemp(ops: FileOps, dir: string, name: string): void {
  ops.remove(join(dir, tempFileName(name)));
}
