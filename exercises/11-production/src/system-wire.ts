// This stage's messages on 09's peer protocol, next to stage 10's InstallSnapshot (whose wire
// this one extends). They are plain JSON already; what a peer sends is checked field by field
// before it reaches the node, as in 09: a malformed message costs one connection (FrameError).
import { snapshotWire } from "#compaction";
import { type DriverMessage, FrameError, type MessageWire } from "#system";
import type { Message } from "./messages.ts";

type Json = Readonly<Record<string, unknown>>;

/** A read id on the wire, at most this long (the system's are "read-<n>"). */
const maxReadIdChars = 64;

export const productionWire: MessageWire = {
  toWire: (message) => snapshotWire.toWire(message),
  parse(m, from, self) {
    const parsed = parseProduction(m, from, self);
    // 09's DriverMessage names 06's and 10's messages only (see system-node.ts).
    if (parsed !== undefined) return parsed as unknown as DriverMessage;
    return snapshotWire.parse(m, from, self);
  },
};

function parseProduction(m: Json, from: number, to: number): Message | undefined {
  const base = { from, to, term: int(m.term, "term") };
  switch (m.type) {
    case "pre-vote":
      return {
        ...base,
        type: "pre-vote",
        lastLogIndex: int(m.lastLogIndex, "lastLogIndex"),
        lastLogTerm: int(m.lastLogTerm, "lastLogTerm"),
      };
    case "pre-vote-response":
      return {
        ...base,
        type: "pre-vote-response",
        askedTerm: int(m.askedTerm, "askedTerm"),
        granted: bool(m.granted, "granted"),
      };
    case "timeout-now":
      return { ...base, type: "timeout-now" };
    case "read-heartbeat":
      return { ...base, type: "read-heartbeat", round: int(m.round, "round") };
    case "read-heartbeat-response":
      return {
        ...base,
        type: "read-heartbeat-response",
        round: int(m.round, "round"),
        ok: bool(m.ok, "ok"),
      };
    case "read-index":
      return { ...base, type: "read-index", readId: readId(m.readId) };
    case "read-index-response":
      return {
        ...base,
        type: "read-index-response",
        readId: readId(m.readId),
        // JSON leaves an undefined index out: "could not confirm".
        index: m.index === undefined ? undefined : int(m.index, "index"),
      };
    default:
      return undefined;
  }
}

function bad(what: string): never {
  throw new FrameError(`malformed peer frame: ${what}`);
}

function int(value: unknown, what: string): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 0) bad(what);
  return value;
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") bad(what);
  return value;
}

function readId(value: unknown): string {
  if (typeof value !== "string" || value.length === 0 || value.length > maxReadIdChars)
    bad("readId");
  return value;
}
