// Which of the two log directories holds the current log, and the index just before its first
// entry (its base). Compaction writes the shortened log into the OTHER directory and then
// switches this file over, atomically: so a crash leaves either the whole old log or the whole new
// one current, never a half-written log. Given: the lesson is in when it is written.
//
//   offset  bytes  field
//   0       4      crc  CRC-32 of bytes [4, 20)
//   4       4      format version (1)
//   8       4      slot: 0 or 1 (directory log-0 or log-1)
//   12      8      base: the log's first entry has index base + 1
import { join } from "node:path";
import { crc32, type FileOps } from "#log";
import { removeStaleTemp, writeFileAtomically } from "./atomic-file.ts";

export const manifestFileName = "log-manifest";
const manifestBytes = 20;
const manifestVersion = 1;

export type LogSlot = 0 | 1;

export interface LogManifest {
  readonly slot: LogSlot;
  /** Index just before the log's first entry: 0, or the lastIncludedIndex of a snapshot. */
  readonly base: number;
}

/** A storage that never compacted: log-0, from index 1. */
export const initialManifest: LogManifest = { slot: 0, base: 0 };

/** The directory of slot's log inside dir. */
export function slotDir(dir: string, slot: LogSlot): string {
  return join(dir, `log-${slot}`);
}

/** The manifest in dir; the initial one if none was ever written. Throws if it is damaged. */
export function readManifest(ops: FileOps, dir: string): LogManifest {
  const path = join(dir, manifestFileName);
  const content = ops.readFile(path);
  if (content === undefined) return initialManifest;
  const bytes = Buffer.from(content.buffer, content.byteOffset, content.byteLength);
  const problem = (what: string) =>
    new Error(`${path}: log manifest is corrupt (${what}); refusing to guess which log is current`);
  if (bytes.length !== manifestBytes) throw problem(`${bytes.length} bytes, expected 20`);
  if (crc32(bytes, 4) !== bytes.readUInt32LE(0)) throw problem("checksum mismatch");
  if (bytes.readUInt32LE(4) !== manifestVersion) throw problem("unknown format version");
  const slot = bytes.readUInt32LE(8);
  const base = Number(bytes.readBigUInt64LE(12));
  if ((slot !== 0 && slot !== 1) || !Number.isSafeInteger(base))
    throw problem("field out of range");
  return { slot, base };
}

/** Replaces the manifest in dir atomically and durably. */
export function writeManifest(ops: FileOps, dir: string, manifest: LogManifest): void {
  const bytes = Buffer.alloc(manifestBytes);
  bytes.writeUInt32LE(manifestVersion, 4);
  bytes.writeUInt32LE(manifest.slot, 8);
  bytes.writeBigUInt64LE(BigInt(manifest.base), 12);
  bytes.writeUInt32LE(crc32(bytes, 4), 0);
  writeFileAtomically(ops, dir, manifestFileName, bytes);
}

/** Removes a temp file left by a crash in the middle of writeManifest. */
export function removeStaleManifestTemp(ops: FileOps, dir: string): void {
  removeStaleTemp(ops, dir, manifestFileName);
}
