// InstallSnapshot on 09's peer protocol. 09 checks its own messages field by field; these two are
// stage 10's, and a chunk's bytes cannot travel in JSON as they are: they go as base64. Everything
// a peer sends is checked before it reaches the node, as in 09: a malformed message costs one
// connection (FrameError), not the node.
import { FrameError, type MessageWire } from "#system";
import type { InstallSnapshotRequest, InstallSnapshotResponse } from "./install-snapshot.ts";

/** A chunk's data on the wire, at most (a frame is smaller anyway: 09's maxFrameBytes). */
const maxChunkBase64Chars = 64 * 1024 * 1024;

type Json = Readonly<Record<string, unknown>>;

export const snapshotWire: MessageWire = {
  toWire(message) {
    if (message.type !== "install-snapshot") return message;
    const request = message as InstallSnapshotRequest;
    return { ...request, data: Buffer.from(request.data).toString("base64") };
  },
  parse(m, from, self) {
    if (m.type === "install-snapshot") return parseRequest(m, from, self);
    if (m.type === "install-snapshot-response") return parseResponse(m, from, self);
    return undefined;
  },
};

function parseRequest(m: Json, from: number, self: number): InstallSnapshotRequest {
  return {
    type: "install-snapshot",
    ...parseChunkHeader(m, from, self),
    data: base64(m.data),
    done: bool(m.done, "done"),
  };
}

function parseResponse(m: Json, from: number, self: number): InstallSnapshotResponse {
  return {
    type: "install-snapshot-response",
    ...parseChunkHeader(m, from, self),
    nextOffset: int(m.nextOffset, "nextOffset"),
    installed: bool(m.installed, "installed"),
  };
}

/** The fields a chunk and its answer share: the term, which snapshot, and the chunk's offset. */
function parseChunkHeader(m: Json, from: number, self: number) {
  return {
    from,
    to: self,
    term: int(m.term, "term"),
    lastIncludedIndex: int(m.lastIncludedIndex, "lastIncludedIndex", 1),
    lastIncludedTerm: int(m.lastIncludedTerm, "lastIncludedTerm", 1),
    offset: int(m.offset, "offset"),
  };
}

function bad(what: string): never {
  throw new FrameError(`malformed peer frame: ${what}`);
}

function int(value: unknown, what: string, min = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) bad(what);
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") bad(what);
  return value;
}

const base64Chars = /^[A-Za-z0-9+/]*={0,2}$/;

function base64(value: unknown): Uint8Array {
  if (typeof value !== "string" || value.length > maxChunkBase64Chars) bad("data");
  if (value.length % 4 !== 0 || !base64Chars.test(value)) bad("data (not base64)");
  const bytes = Buffer.from(value, "base64");
  return new Uint8Array(bytes.buffer, bytes.byteOffset, bytes.byteLength);
}
