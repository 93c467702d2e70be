// What the log holds. The command is opaque to Raft: the state machine (the 01 key-value store)
// gives it meaning. Strings are byte strings (latin1: one char per byte), so values stay binary-safe.

/** A client command, e.g. ["SET", "x", "1"]. The empty command [] is a leader's no-op entry. */
export type Command = readonly string[];

export interface Entry {
  readonly term: number;
  readonly command: Command;
}

/** Rough size of an entry on the wire and on disk, for byte caps on batches. */
export function entrySizeBytes(entry: Entry): number {
  let size = 8;
  for (const part of entry.command) size += 4 + part.length;
  return size;
}
