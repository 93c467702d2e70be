// The key-value state machine, able to write down its whole state and to start again from it
// (§7: "each server takes snapshots independently, covering just the committed entries"). The
// snapshot must hold everything that decides a future reply: today that is the key-value data;
// once client sessions exist (exactly-once replies, stage 11), they belong in it too.
//
// The data format (inside the checksummed snapshot file, so damage is caught there first):
//   u32 format version (1), u32 pair count, then per pair: u32 key length, key bytes,
//   u32 value length, value bytes. Little-endian; strings are byte strings (latin1).
import { type Command, KvStore, type Reply, type StateMachine } from "#raft";

/** A state machine that Raft can compact the log of: stage 05's apply, plus a snapshot. */
export interface SnapshotStateMachine extends StateMachine {
  /** The whole state, as bytes; applying the same commands after restoring them gives the same replies. */
  takeSnapshot(): Uint8Array;
  /** Replaces the whole state with a snapshot's. Throws, changing nothing, if data is malformed. */
  restoreSnapshot(data: Uint8Array): void;
}

export const kvSnapshotVersion = 1;

export class SnapshotKvStore implements SnapshotStateMachine {
  private store = new KvStore();

  apply(command: Command): Reply {
    return this.store.apply(command);
  }

  /** Every [key, value] pair, sorted by key: for comparing replicas. */
  entries(): [string, string][] {
    return this.store.entries();
  }

  takeSnapshot(): Uint8Array {
    throw new Error("not implemented: takeSnapshot (version, pair count, then each key and value with its length)");
  }

  restoreSnapshot(data: Uint8Array): void {
    throw new Error("not implemented: restoreSnapshot (read every pair into a new KvStore, then replace the old one)");
  }
}

