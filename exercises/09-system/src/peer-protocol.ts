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


/** A handshake frame of the expected kind, checked. */
export function parseHandshake<T extends HandshakeFrame["t"]>(
  body: unknown,
  expected: T,
): Extract<HandshakeFrame, { t: T }> {
  throw new Error("not implemented: parseHandshake (check the frame's kind and fields)");
}

/** A data frame from authenticated peer `from` to node `self`, checked field by field. */
export function parseDataFrame(
  body: unknown,
  from: number,
  self: number,
  wire?: MessageWire,
): DataFrame {
  throw new Error("not implemented: parseDataFrame (raft / forward / forward-result; check every field; FrameError if malformed)");
}


/** The Reply a wire reply stands for. */
export function fromWire(reply: WireReply): Reply {
  if (reply.type === "integer") {
    return integer(typeof reply.value === "string" ? BigInt(reply.value) : reply.value);
  }
  if (reply.type === "array") return { type: "array", items: reply.items.map(fromWire) };
  return reply;
}
