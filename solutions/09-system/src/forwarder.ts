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
  // solution:begin
  private readonly options: ForwarderOptions;
  private readonly pending: Deadlines<number, Reply>;
  /** Which leader each forwarded request went to: only that node may answer it. */
  private readonly sentTo = new Map<number, number>();
  /** Starts at random: a restarted node must not take a reply meant for its previous life. */
  private nextRid = randomInt(2 ** 47);
  /** The leader forwards went to last: leaderIs only scans the pending forwards on a change. */
  private leader: number | undefined;
  // solution:end

  constructor(options: ForwarderOptions) {
    // solution:begin
    this.options = options;
    this.pending = new Deadlines(options.timeoutMs, options.maxPending);
    // solution:end
    // starter: throw new Error("not implemented: Forwarder constructor");
  }

  /** Sends command to leader; settle gets its reply, or TRYAGAIN/UNCERTAIN. */
  forward(leader: number, command: Command, settle: (reply: Reply) => void): void {
    // solution:begin
    this.leaderIs(leader);
    const rid = this.nextRid++;
    const done = (reply: Reply) => {
      this.sentTo.delete(rid);
      settle(reply);
    };
    if (!this.pending.add(rid, this.options.nowMs(), done)) {
      settle(tryAgain("too many forwarded requests in flight"));
      return;
    }
    this.sentTo.set(rid, leader);
    if (!this.options.send(leader, { t: "forward", rid, command: [...command] })) {
      this.pending.settle(rid, tryAgain(`cannot reach the leader (node ${leader})`));
    }
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.forward (remember it with a deadline; send a forward frame; TRYAGAIN if it could not be sent)");
  }

  /** The leader's reply to a forwarded request. */
  onResult(from: number, rid: number, reply: WireReply): void {
    // solution:begin
    if (this.sentTo.get(rid) !== from) return; // late, or not from the node we asked
    this.pending.settle(rid, fromWire(reply));
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.onResult");
  }

  /** The link to peer dropped: what it was asked and has not answered, it never will. */
  linkDown(peer: number): void {
    // solution:begin
    this.endSentTo(
      (leader) => leader === peer,
      `the link to the leader (node ${peer}) dropped before it answered`,
    );
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.linkDown (end the forwards sent to peer now: UNCERTAIN)");
  }

  /** The node's current leader (undefined: none known): forwards sent to another node end now. */
  leaderIs(leader: number | undefined): void {
    // solution:begin
    if (leader === this.leader) return; // the common case, checked on every peer frame
    this.leader = leader;
    this.endSentTo(
      (sentTo) => sentTo !== leader,
      leader === undefined ? "the leader was lost before it answered" : `node ${leader} leads now`,
    );
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.leaderIs (end the forwards sent to another node now: UNCERTAIN)");
  }

  /** Forwards past their deadline end UNCERTAIN: the leader may have proposed them. */
  expire(): void {
    // solution:begin
    const timeoutMs = this.options.timeoutMs;
    this.pending.expire(this.options.nowMs(), () =>
      uncertain(`no reply from the leader within ${timeoutMs} ms`),
    );
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.expire");
  }
  // solution:begin

  /** Ends now, UNCERTAIN (the frame was queued: it may have been proposed), the forwards sent to a node that matches. */
  private endSentTo(matches: (sentTo: number) => boolean, why: string): void {
    const ended = [...this.sentTo].filter(([, sentTo]) => matches(sentTo)).map(([rid]) => rid);
    for (const rid of ended) this.pending.settle(rid, uncertain(`${why}; it may have proposed it`));
  }
  // solution:end

  close(): void {
    // solution:begin
    this.pending.settleAll(() => uncertain("node shutting down"));
    // solution:end
    // starter: throw new Error("not implemented: Forwarder.close");
  }
}
