// What travels between nodes, inside frames: the handshake, Raft's messages, and commands a
// follower forwards to the leader with the leader's replies. Everything a peer sends is checked
// before it reaches the Raft node: a malformed message must cost one connection, not the node
// (the node throws on a message addressed to someone else, as it should on a bug).
import { integer, type Reply } from "#kv";
import type { Message } from "#raft";
import type { DriverMessage } from "./driver.ts";
import { FrameError } from "./frame.ts";

/** Handshake, acceptor → dialer: who I am and a fresh nonce to prove your secret on. */
export interface Challenge {
  readonly t: "challenge";
  readonly id: number;
  readonly nonce: string;
}

/** Handshake, dialer → acceptor: who I am, my proof, and a nonce for you to prove yours on. */
export interface Hello {
  readonly t: "hello";
  readonly id: number;
  readonly proof: string;
  readonly nonce: string;
}

/** Handshake, acceptor → dialer: the acceptor's proof; the connection is open. */
export interface Welcome {
  readonly t: "welcome";
  readonly proof: string;
}

/** A Raft message. */
export interface RaftFrame {
  readonly t: "raft";
  readonly m: DriverMessage;
}

/**
 * A later stage's own Raft messages on the wire (stage 10's InstallSnapshot, whose bytes JSON
 * cannot carry as they are). 06's messages are checked here; the wire handles the rest.
 */
export interface MessageWire {
  /** The JSON form of `message`; the message itself when it needs none. */
  toWire(message: DriverMessage): unknown;
  /**
   * `m` (from `from`, to `self`: both already checked) as a message, checked field by field
   * (FrameError if malformed); undefined when its type is not one of this wire's.
   */
  parse(
    m: Readonly<Record<string, unknown>>,
    from: number,
    self: number,
  ): DriverMessage | undefined;
}

/** A client command a follower hands to the leader; rid names it on the follower. */
export interface ForwardFrame {
  readonly t: "forward";
  readonly rid: number;
  readonly command: readonly string[];
}

/** The leader's reply to a forwarded command (an error reply keeps its TRYAGAIN/UNCERTAIN word). */
export interface ForwardResultFrame {
  readonly t: "forward-result";
  readonly rid: number;
  readonly reply: WireReply;
}

export type HandshakeFrame = Challenge | Hello | Welcome;
export type DataFrame = RaftFrame | ForwardFrame | ForwardResultFrame;

/** A Reply as JSON can carry it: a bigint integer travels as its decimal string. */
export type WireReply =
  | Exclude<Reply, { type: "integer" } | { type: "array" }>
  | { readonly type: "integer"; readonly value: number | string }
  | { readonly type: "array"; readonly items: readonly WireReply[] };

export function toWire(reply: Reply): WireReply {
  if (reply.type === "integer") {
    return {
      type: "integer",
      value: typeof reply.value === "bigint" ? String(reply.value) : reply.value,
    };
  }
  if (reply.type === "array") return { type: "array", items: reply.items.map(toWire) };
  return reply;
}

// solution:begin
type Json = Record<string, unknown>;

function isObject(value: unknown): value is Json {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function bad(what: string): never {
  throw new FrameError(`malformed peer frame: ${what}`);
}

function int(value: unknown, what: string, min = 0): number {
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < min) bad(what);
  return value;
}

function str(value: unknown, what: string, maxLength = 1024): string {
  if (typeof value !== "string" || value.length > maxLength) bad(what);
  return value;
}

function strings(value: unknown, what: string): string[] {
  if (!Array.isArray(value) || value.some((part) => typeof part !== "string")) bad(what);
  return value as string[];
}
// solution:end

/** A handshake frame of the expected kind, checked. */
export function parseHandshake<T extends HandshakeFrame["t"]>(
  body: unknown,
  expected: T,
): Extract<HandshakeFrame, { t: T }> {
  // solution:begin
  if (!isObject(body) || body.t !== expected) bad(`expected a ${expected} frame`);
  const proof = expected === "challenge" ? undefined : str(body.proof, "proof", 128);
  const nonce = expected === "welcome" ? undefined : str(body.nonce, "nonce", 128);
  const id = expected === "welcome" ? undefined : int(body.id, "id", 1);
  return { t: expected, id, nonce, proof } as unknown as Extract<HandshakeFrame, { t: T }>;
  // solution:end
  // starter: throw new Error("not implemented: parseHandshake (check the frame's kind and fields)");
}

/** A data frame from authenticated peer `from` to node `self`, checked field by field. */
export function parseDataFrame(
  body: unknown,
  from: number,
  self: number,
  wire?: MessageWire,
): DataFrame {
  // solution:begin
  if (!isObject(body)) bad("not an object");
  switch (body.t) {
    case "raft":
      return { t: "raft", m: parseMessage(body.m, from, self, wire) };
    case "forward":
      return { t: "forward", rid: int(body.rid, "rid"), command: strings(body.command, "command") };
    case "forward-result":
      return { t: "forward-result", rid: int(body.rid, "rid"), reply: parseReply(body.reply, 0) };
    default:
      return bad(`unknown frame kind ${JSON.stringify(body.t)?.slice(0, 40)}`);
  }
  // solution:end
  // starter: throw new Error("not implemented: parseDataFrame (raft / forward / forward-result; check every field; FrameError if malformed)");
}

// solution:begin
function parseMessage(
  m: unknown,
  from: number,
  self: number,
  wire: MessageWire | undefined,
): DriverMessage {
  if (!isObject(m)) bad("raft message is not an object");
  // A peer speaks for itself only, and to us only: the node asserts both.
  if (m.from !== from) bad(`message from ${String(m.from)} on node ${from}'s connection`);
  if (m.to !== self) bad(`message for node ${String(m.to)} sent to node ${self}`);
  return wire?.parse(m, from, self) ?? parseRaftMessage(m, from, self);
}

/** 06's messages. */
function parseRaftMessage(m: Json, from: number, self: number): Message {
  const base = { from, to: self, term: int(m.term, "term") };
  switch (m.type) {
    case "append-entries":
      return {
        ...base,
        type: "append-entries",
        prevIndex: int(m.prevIndex, "prevIndex"),
        prevTerm: int(m.prevTerm, "prevTerm"),
        entries: parseEntries(m.entries),
        leaderCommit: int(m.leaderCommit, "leaderCommit"),
      };
    case "append-entries-response":
      return {
        ...base,
        type: "append-entries-response",
        success: bool(m.success, "success"),
        prevIndex: int(m.prevIndex, "prevIndex"),
        matchIndex: int(m.matchIndex, "matchIndex"),
        conflictIndex:
          m.conflictIndex === undefined ? undefined : int(m.conflictIndex, "conflictIndex"),
        conflictTerm:
          m.conflictTerm === undefined ? undefined : int(m.conflictTerm, "conflictTerm"),
      };
    case "request-vote":
      return {
        ...base,
        type: "request-vote",
        lastLogIndex: int(m.lastLogIndex, "lastLogIndex"),
        lastLogTerm: int(m.lastLogTerm, "lastLogTerm"),
      };
    case "request-vote-response":
      return { ...base, type: "request-vote-response", granted: bool(m.granted, "granted") };
    default:
      return bad(`unknown raft message type ${JSON.stringify(m.type)?.slice(0, 40)}`);
  }
}

function bool(value: unknown, what: string): boolean {
  if (typeof value !== "boolean") bad(what);
  return value;
}

function parseEntries(value: unknown) {
  if (!Array.isArray(value)) bad("entries");
  return value.map((entry: unknown) => {
    if (!isObject(entry)) bad("entry");
    return {
      term: int(entry.term, "entry term", 1),
      command: strings(entry.command, "entry command"),
    };
  });
}

const maxReplyDepth = 8;

function parseReply(value: unknown, depth: number): WireReply {
  if (!isObject(value) || depth > maxReplyDepth) bad("reply");
  switch (value.type) {
    case "simple":
      return { type: "simple", value: str(value.value, "reply", 64 * 1024) };
    case "error":
      return { type: "error", message: str(value.message, "reply", 64 * 1024) };
    case "integer":
      if (typeof value.value === "string" && /^-?[0-9]{1,20}$/.test(value.value))
        return { type: "integer", value: value.value };
      return { type: "integer", value: int(value.value, "reply", Number.MIN_SAFE_INTEGER) };
    case "bulk":
      if (value.value === null) return { type: "bulk", value: null };
      return { type: "bulk", value: str(value.value, "reply", Number.MAX_SAFE_INTEGER) };
    case "array":
      if (!Array.isArray(value.items)) bad("reply");
      return { type: "array", items: value.items.map((item) => parseReply(item, depth + 1)) };
    default:
      return bad("reply type");
  }
}
// solution:end

/** The Reply a wire reply stands for. */
export function fromWire(reply: WireReply): Reply {
  if (reply.type === "integer") {
    return integer(typeof reply.value === "string" ? BigInt(reply.value) : reply.value);
  }
  if (reply.type === "array") return { type: "array", items: reply.items.map(fromWire) };
  return reply;
}
