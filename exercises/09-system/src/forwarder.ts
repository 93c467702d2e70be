// A follower's side of forwarding: a client's command goes to the leader over the peer link,
// and the leader's reply comes back to the client. Once the frame is queued, nobody here can
// know whether the leader got and proposed it, so a forward that times out is UNCERTAIN; one
// that could not even be queued is TRYAGAIN. Nobody waits on a leader that is gone: when the link
// to it drops, or another node (or none) is the leader now, its pending forwards end UNCERTAIN at
// once instead of at their deadline. They are never re-forwarded: every pending forward was
// queued on the link, so the old leader may have proposed it, and a second copy could apply twice.
import { randomInt } from "node:crypto";
import type { Reply } from "#kv";
import type { Command } from "#raft";
import { tryAgain, uncertain } from "./client-errors.ts";
import { Deadlines } from "./deadlines.ts";
import { type ForwardFrame, fromWire, type WireReply } from "./peer-protocol.ts";

export interface ForwarderOptions {
  readonly timeoutMs: number;
  readonly maxPending: number;
  /** The transport's send: false when the frame was dropped. */
  readonly send: (to: number, frame: ForwardFrame) => boolean;
  readonly nowMs: () => number;
}

export class Forwarder {

  constructor(options: ForwarderOptions) {
    throw new Error("not implemented: Forwarder constructor");
  }

  /** Sends command to leader; settle gets its reply, or TRYAGAIN/UNCERTAIN. */
  forward(leader: number, command: Command, settle: (reply: Reply) => void): void {
    throw new Error("not implemented: Forwarder.forward (remember it with a deadline; send a forward frame; TRYAGAIN if it could not be sent)");
  }

  /** The leader's reply to a forwarded request. */
  onResult(from: number, rid: number, reply: WireReply): void {
    throw new Error("not implemented: Forwarder.onResult");
  }

  /** The link to peer dropped: what it was asked and has not answered, it never will. */
  linkDown(peer: number): void {
    throw new Error("not implemented: Forwarder.linkDown (end the forwards sent to peer now: UNCERTAIN)");
  }

  /** The node's current leader (undefined: none known): forwards sent to another node end now. */
  leaderIs(leader: number | undefined): void {
    throw new Error("not implemented: Forwarder.leaderIs (end the forwards sent to another node now: UNCERTAIN)");
  }

  /** Forwards past their deadline end UNCERTAIN: the leader may have proposed them. */
  expire(): void {
    throw new Error("not implemented: Forwarder.expire");
  }

  close(): void {
    throw new Error("not implemented: Forwarder.close");
  }
}
