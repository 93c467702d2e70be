// The node's recent peer messages, for `pnpm viewer --live` (RAFT.EVENTS): what it sent and what
// it received, numbered, in a ring of fixed size. Recording starts when a viewer first asks, so a
// node nobody watches pays nothing; a viewer that polls too slowly hears how many it lost.
import type { Message } from "#raft";

export interface StreamedMessage {
  readonly seq: number;
  /** Microseconds since the Unix epoch (the viewer merges several nodes' streams by it). */
  readonly t: number;
  readonly kind: "send" | "deliver";
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly term: number;
  readonly entries?: number;
  readonly prev?: number;
  readonly commit?: number;
  readonly ok?: boolean;
  readonly match?: number;
  readonly lastIndex?: number;
  readonly lastTerm?: number;
  readonly granted?: boolean;
}

export interface EventsPage {
  /** Ask for events after this next time. */
  readonly next: number;
  /** Events after `after` that the ring no longer holds. */
  readonly lost: number;
  readonly events: readonly StreamedMessage[];
}

export const eventRingSize = 4096;
/** Events returned by one RAFT.EVENTS, at most. */
export const maxEventsPerPage = 2000;

export class EventStream {
  private readonly ring: (StreamedMessage | undefined)[] = new Array(eventRingSize);
  private nextSeq = 1;
  private recording = false;

  record(kind: "send" | "deliver", message: Message): void {
    if (!this.recording) return;
    const seq = this.nextSeq++;
    const t = Math.round((performance.timeOrigin + performance.now()) * 1000);
    this.ring[seq % eventRingSize] = { seq, t, kind, ...describeMessage(message) };
  }

  /** The events numbered after `after` (0: from the oldest kept); starts recording. */
  since(after: number): EventsPage {
    this.recording = true;
    const oldest = Math.max(1, this.nextSeq - eventRingSize);
    const first = Math.max(after + 1, oldest);
    const last = Math.min(this.nextSeq - 1, first + maxEventsPerPage - 1);
    const events: StreamedMessage[] = [];
    for (let seq = first; seq <= last; seq++) {
      const event = this.ring[seq % eventRingSize];
      if (event?.seq === seq) events.push(event);
    }
    const lost = after > 0 ? Math.max(0, oldest - (after + 1)) : 0;
    return { next: last, lost, events };
  }
}

/** Type, term and the Figure 2 indices a viewer labels the message with. */
function describeMessage(m: Message): Omit<StreamedMessage, "seq" | "t" | "kind"> {
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
