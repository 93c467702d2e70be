// The latest snapshot of a server, in one file ("snapshot") replaced atomically. It replaces the
// log's prefix (§7), so losing it, or restoring a torn one, would lose committed entries: a save
// leaves either the old snapshot or the new one after any crash, and a damaged file stops the
// server with an error instead of being skipped.
import { join } from "node:path";
import type { FileOps } from "#log";
import { removeStaleTemp, writeFileAtomically } from "./atomic-file.ts";
import type { Snapshot } from "./snapshot.ts";
import { decodeSnapshot, defaultMaxSnapshotDataBytes, encodeSnapshot } from "./snapshot-codec.ts";

export const snapshotFileName = "snapshot";

/** Replaces the snapshot in dir, atomically and durably. */
export function writeSnapshotFile(
  ops: FileOps,
  dir: string,
  snapshot: Snapshot,
  maxDataBytes = defaultMaxSnapshotDataBytes,
): void {
  throw new Error("not implemented: writeSnapshotFile (encode, then replace the file atomically)");
}

/** The snapshot saved in dir, or undefined if none was ever saved. Throws, naming the file, if it is damaged. */
export function readSnapshotFile(
  ops: FileOps,
  dir: string,
  maxDataBytes = defaultMaxSnapshotDataBytes,
): Snapshot | undefined {
  throw new Error("not implemented: readSnapshotFile (no file: undefined; a damaged one: throw)");
}

/** Removes a temp file left by a crash in the middle of writeSnapshotFile. */
export function removeStaleSnapshotTemp(ops: FileOps, dir: string): void {
  removeStaleTemp(ops, dir, snapshotFileName);
}
