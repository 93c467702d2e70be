// Term and vote in their own small file, replaced atomically. A server that forgets its vote
// could vote twice in one term and let two leaders be elected (§5.2, Figure 2), so a damaged file
// is an error that stops the server, never a vote silently reset to null.
//
//   offset  bytes  field
//   0       4      crc      CRC-32 of bytes [4, 28)
//   4       4      format version (1)
//   8       8      term
//   16      4      1 if there is a vote, else 0
//   20      8      votedFor (0 when there is no vote)
//
// Atomic replacement: write a temp file, fsync it, rename it over the old file, fsync the
// directory (the rename lives in the directory; without that fsync it may not survive a crash).
// A crash at any step leaves either the old file or the new one, never half of one.
import { join } from "node:path";
import { crc32 } from "./crc32.ts";
import { type FileOps, writeAll } from "./file-ops.ts";
import { checkHardState, type HardState, initialHardState } from "./storage.ts";
import { readUint53, writeUint53 } from "./uint53.ts";

export const hardStateFileName = "hard-state";
export const hardStateTempFileName = "hard-state.tmp";
const hardStateFileBytes = 28;
const formatVersion = 1;

/** The saved hard state in dir; the initial one if none was ever saved. Throws if damaged. */
export function readHardStateFile(ops: FileOps, dir: string): HardState {
  throw new Error("not implemented: readHardStateFile (missing file: term 0, no vote; bad checksum: throw)");
}

/** Replaces the hard state in dir atomically and durably (temp file, fsync, rename, fsync dir). */
export function writeHardStateFile(ops: FileOps, dir: string, state: HardState): void {
  throw new Error("not implemented: writeHardStateFile (temp file, fsync, rename, fsync the directory)");
}

/** Removes a temp file left by a crash in the middle of writeHardStateFile (the old file holds). */
export function removeStaleHardStateTemp(ops: FileOps, dir: string): void {
  ops.remove(join(dir, hardStateTempFileName));
}
