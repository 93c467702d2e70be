// The node's recent peer messages and client requests, for `pnpm viewer --live` (RAFT.EVENTS):
// what it sent and received, which client commands reached it and what became of them, numbered,
// in a ring of fixed size. Recording starts when a viewer first asks, so a node nobody watches
// pays nothing; a viewer that polls too slowly hears how many it lost.
import type { ClientEvent, MessageFields } from "@rafting/runtime";
import type { Reply } from "#kv";
import type { Message } from "#raft";

/** A peer message this node sent or received (the fields of an 08 trace's message events). */
export interface StreamedMessage extends MessageFields {
  readonly seq: number;
  /** Microseconds since the Unix epoch (the viewer merges several nodes' streams by it). */
  readonly t: number;
  readonly kind: "send" | "deliver";
}

/**
 * A client's data command at this node (`invoke`), then what became of it: `fail` for TRYAGAIN and
 * CLUSTERDOWN (certainly not applied), `info` for UNCERTAIN, `ok` for any other reply (the state
 * machine answered, even with an error of its own). `client` is node × 100 + the lowest slot free
 * when it came (requests in flight together get their own rows); `node` is the node the client
 * sent it to (which may forward it to the leader).
 */
export interface StreamedClient extends ClientEvent {
  readonly seq: number;
  readonly node: number;
}

export type StreamedEvent = StreamedMessage | StreamedClient;

export interface EventsPage {
  /** Ask for events after this next time. */
  readonly next: number;
  /** Events after `after` that the ring no longer holds. */
  readonly lost: number;
  readonly events: readonly StreamedEvent[];
}

export const eventRingSize = 4096;
/** Events returned by one RAFT.EVENTS, at most. */
export const maxEventsPerPage = 2000;

/** Client slots per node (client numbers are node × 100 + slot). */
const clientSlots = 99;
/** Characters of each command argument kept: a large value would crowd the ring. */
const argumentChars = 40;

export class EventStream {
  private readonly ring: (StreamedEvent | undefined)[] = new Array(eventRingSize);
  private nextSeq = 1;
  private recording = false;
  private nextOp = 1;
  private readonly busySlots = new Set<number>();

  record(kind: "send" | "deliver", message: Message): void {
    if (!this.recording) return;
    this.push({ kind, ...describeMessage(message) });
  }

  /**
   * Records a client's command at `node` and returns the `settle` to use instead, which records
   * its outcome; while nobody watches, `settle` itself.
   */
  client(node: number, command: readonly string[], settle: (reply: Reply) => void) {
    if (!this.recording) return settle;
    const slot = this.freeSlot();
    const client = node * 100 + slot;
    const op = this.nextOp++;
    const shown = command.map((arg) =>
      arg.length > argumentChars ? `${arg.slice(0, argumentChars)}…` : arg,
    );
    this.push({ kind: "client", client, op, event: "invoke", command: shown, node });
    return (reply: Reply): void => {
      this.busySlots.delete(slot);
      if (this.recording) this.push({ kind: "client", client, op, event: outcomeOf(reply), node });
      settle(reply);
    };
  }

  private push(
    event: Omit<StreamedMessage, "seq" | "t"> | Omit<StreamedClient, "seq" | "t">,
  ): void {
    const seq = this.nextSeq++;
    const t = Math.round((performance.timeOrigin + performance.now()) * 1000);
    this.ring[seq % eventRingSize] = { seq, t, ...event } as StreamedEvent;
  }

  private freeSlot(): number {
    let slot = 1;
    while (slot < clientSlots && this.busySlots.has(slot)) slot++;
    this.busySlots.add(slot);
    return slot;
  }

  /** The events numbered after `after` (0: from the oldest kept); starts recording. */
  since(after: number): EventsPage {
    this.recording = true;
    const oldest = Math.max(1, this.nextSeq - eventRingSize);
    const first = Math.max(after + 1, oldest);
    const last = Math.min(this.nextSeq - 1, first + maxEventsPerPage - 1);
    const events: StreamedEvent[] = [];
    for (let seq = first; seq <= last; seq++) {
      const event = this.ring[seq % eventRingSize];
      if (event?.seq === seq) events.push(event);
    }
    const lost = after > 0 ? Math.max(0, oldest - (after + 1)) : 0;
    return { next: last, lost, events };
  }
}

/** What a reply says became of the command (client-errors.ts: the first word is the contract). */
function outcomeOf(reply: Reply): "ok" | "fail" | "info" {
  if (reply.type !== "error") return "ok";
  const code = reply.message.split(" ", 1)[0];
  if (code === "UNCERTAIN") return "info";
  return code === "TRYAGAIN" || code === "CLUSTERDOWN" ? "fail" : "ok";
}

/** Type, term and the Figure 2 indices a viewer labels the message with. */
function describeMessage(m: Message): MessageFields {
  const base = { from: m.from, to: m.to, type: m.type, term: m.term };
  switch (m.type) {
    case "append-entries":
      return { ...base, entries: m.entries.length, prev: m.prevIndex, commit: m.leaderCommit };
    case "append-entries-response":
      return { ...base, ok: m.success, match: m.matchIndex };
    case "request-vote":
      return { ...base, lastIndex: m.lastLogIndex, lastTerm: m.lastLogTerm };
    case "request-vote-response":
      return { ...base, granted: m.granted };
  }
}
