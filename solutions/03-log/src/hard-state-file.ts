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
  // solution:begin
  const path = join(dir, hardStateFileName);
  const content = ops.readFile(path);
  if (content === undefined) return initialHardState;
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const problem = (what: string) =>
    new Error(`${path}: hard state file is corrupt (${what}); refusing to guess term and vote`);
  if (bytes.length !== hardStateFileBytes) throw problem(`${bytes.length} bytes, expected 28`);
  if (crc32(bytes, 4) !== bytes.readUInt32LE(0)) throw problem("checksum mismatch");
  if (bytes.readUInt32LE(4) !== formatVersion) throw problem("unknown format version");
  const term = readUint53(bytes, 8);
  const hasVote = bytes.readUInt32LE(16);
  const vote = readUint53(bytes, 20);
  if (term === undefined || vote === undefined || hasVote > 1) throw problem("field out of range");
  return { term, votedFor: hasVote === 1 ? vote : null };
  // solution:end
  // starter: throw new Error("not implemented: readHardStateFile (missing file: term 0, no vote; bad checksum: throw)");
}

/** Replaces the hard state in dir atomically and durably (temp file, fsync, rename, fsync dir). */
export function writeHardStateFile(ops: FileOps, dir: string, state: HardState): void {
  // solution:begin
  checkHardState(state);
  const bytes = Buffer.alloc(hardStateFileBytes);
  bytes.writeUInt32LE(formatVersion, 4);
  writeUint53(bytes, 8, state.term);
  bytes.writeUInt32LE(state.votedFor === null ? 0 : 1, 16);
  writeUint53(bytes, 20, state.votedFor ?? 0);
  bytes.writeUInt32LE(crc32(bytes, 4), 0);
  const tempPath = join(dir, hardStateTempFileName);
  const fd = ops.open(tempPath, "w");
  try {
    writeAll(ops, fd, bytes, 0);
    ops.fsync(fd); // the bytes are on disk before any name points at them
  } finally {
    ops.close(fd);
  }
  ops.rename(tempPath, join(dir, hardStateFileName)); // atomic: the old file or the new one
  ops.fsyncDir(dir); // the rename itself survives a power cut
  // solution:end
  // starter: throw new Error("not implemented: writeHardStateFile (temp file, fsync, rename, fsync the directory)");
}

/** Removes a temp file left by a crash in the middle of writeHardStateFile (the old file holds). */
export function removeStaleHardStateTemp(ops: FileOps, dir: string): void {
  ops.remove(join(dir, hardStateTempFileName));
}
