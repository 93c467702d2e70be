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
    // solution:begin
    const pairs = this.store.entries();
    let bytes = 8;
    for (const [key, value] of pairs) bytes += 8 + key.length + value.length;
    const buffer = Buffer.alloc(bytes);
    let at = buffer.writeUInt32LE(kvSnapshotVersion, 0);
    at = buffer.writeUInt32LE(pairs.length, at);
    for (const [key, value] of pairs) {
      at = writeString(buffer, at, key);
      at = writeString(buffer, at, value);
    }
    return new Uint8Array(buffer.buffer, buffer.byteOffset, buffer.byteLength);
    // solution:end
    // starter: throw new Error("not implemented: takeSnapshot (version, pair count, then each key and value with its length)");
  }

  restoreSnapshot(data: Uint8Array): void {
    // solution:begin
    const bytes = Buffer.from(data.buffer, data.byteOffset, data.byteLength);
    const reader = { bytes, at: 0 };
    const version = readUint32(reader, "format version");
    if (version !== kvSnapshotVersion) {
      throw new Error(`kv snapshot: unsupported format version ${version} at byte offset 0`);
    }
    const count = readUint32(reader, "pair count");
    const restored = new KvStore();
    for (let i = 0; i < count; i++) {
      const key = readString(reader, "key");
      restored.apply(["SET", key, readString(reader, "value")]);
    }
    if (reader.at !== bytes.length) {
      throw new Error(
        `kv snapshot: ${bytes.length - reader.at} bytes left over at byte offset ${reader.at}`,
      );
    }
    this.store = restored; // only now: a malformed snapshot leaves the old state untouched
    // solution:end
    // starter: throw new Error("not implemented: restoreSnapshot (read every pair into a new KvStore, then replace the old one)");
  }
}

// solution:begin
function writeString(buffer: Buffer, at: number, text: string): number {
  const next = buffer.writeUInt32LE(text.length, at);
  return next + buffer.write(text, next, "latin1");
}

interface Reader {
  readonly bytes: Buffer;
  at: number;
}

function readUint32(reader: Reader, field: string): number {
  if (reader.at + 4 > reader.bytes.length) {
    throw new Error(`kv snapshot: truncated in the ${field} at byte offset ${reader.at}`);
  }
  const value = reader.bytes.readUInt32LE(reader.at);
  reader.at += 4;
  return value;
}

function readString(reader: Reader, field: string): string {
  const length = readUint32(reader, `${field} length`);
  if (reader.at + length > reader.bytes.length) {
    throw new Error(
      `kv snapshot: ${field} of ${length} bytes overruns the data at byte offset ${reader.at}`,
    );
  }
  const text = reader.bytes.toString("latin1", reader.at, reader.at + length);
  reader.at += length;
  return text;
}
// solution:end
