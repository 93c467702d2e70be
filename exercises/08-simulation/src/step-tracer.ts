// The trace events beyond the simulator's own (the viewer's): each send numbered so its deliveries
// can be followed, a step's log writes, saved votes, applied entries and election timer restarts,
// a restarted node's log as its disk kept it. Built only when a run is traced.
import type { Message, Ready } from "#raft";
import type { NodeView } from "#testing";
import type { TraceEvent } from "./trace.ts";

/** The 06 node's getters beyond what 07's harness needs (a learner's node may lack them). */
export interface NodeObserved {
  readonly term: number;
  readonly log: NodeView["log"];
  readonly vote?: number | null;
  readonly electionElapsedTicks?: number;
  readonly electionTimeoutTicks?: number;
}

export class StepTracer {
  private readonly trace: (event: TraceEvent) => void;
  /** Each send's number (its deliveries repeat it). */
  private readonly messageIds = new WeakMap<Message, number>();
  private nextMessageId = 1;
  /** Each node's election timer as last traced. */
  private readonly timers = new Map<number, { elapsed: number; timeout: number }>();

  constructor(trace: (event: TraceEvent) => void) {
    this.trace = trace;
  }

  /** A message sent at `t`; lost when it has no delivery time. */
  send(t: number, message: Message, lost: boolean): void {
    const messageId = this.nextMessageId++;
    this.messageIds.set(message, messageId);
    const base = describe(t, message, messageId);
    this.trace(lost ? { ...base, kind: "drop", reason: "loss" } : base);
  }

  /** A copy arrives at `t`, or is dropped for `reason`. */
  deliver(t: number, message: Message, reason: string | undefined): void {
    this.trace({
      ...describe(t, message, this.messageIds.get(message)),
      kind: reason ? "drop" : "deliver",
      ...(reason ? { reason } : {}),
    });
  }

  /** Log writes, saved votes, applied entries and election timer restarts of one step. */
  step(t: number, id: number, node: NodeObserved, ready: Ready): void {
    const persist = ready.persist;
    if (persist !== undefined) {
      const terms = persist.entries.map((entry) => entry.term);
      const commands = persist.entries.map((entry) => entry.command.join(" "));
      this.trace({ t, kind: "log", node: id, from: persist.fromIndex, terms, commands });
    }
    const hard = ready.hardState;
    if (hard !== undefined)
      this.trace({ t, kind: "vote", node: id, term: hard.term, vote: hard.votedFor });
    for (const entry of ready.applied)
      this.trace({ t, kind: "apply", node: id, index: entry.index });
    this.timer(t, id, node);
  }

  /** A restarted node's whole log and vote, as its disk kept them. */
  restart(t: number, id: number, node: NodeObserved | undefined): void {
    if (node === undefined) return;
    const entries = [];
    for (let index = 1; index <= node.log.lastIndex(); index++)
      entries.push(node.log.entryAt(index));
    const terms = entries.map((entry) => entry?.term ?? 0);
    const commands = entries.map((entry) => entry?.command.join(" ") ?? "");
    this.trace({ t, kind: "log", node: id, from: 1, terms, commands });
    this.trace({ t, kind: "vote", node: id, term: node.term, vote: node.vote ?? null });
    this.timers.delete(id);
  }

  /** Traced when the timer restarts or draws a new timeout; the viewer counts ticks in between. */
  private timer(t: number, id: number, node: NodeObserved): void {
    const elapsed = node.electionElapsedTicks;
    const timeout = node.electionTimeoutTicks;
    if (elapsed === undefined || timeout === undefined) return;
    const last = this.timers.get(id);
    this.timers.set(id, { elapsed, timeout });
    if (last !== undefined && elapsed >= last.elapsed && timeout === last.timeout) return;
    this.trace({ t, kind: "timer", node: id, elapsed, timeout });
  }
}

function describe(
  t: number,
  message: Message,
  id: number | undefined,
): Extract<TraceEvent, { kind: "send" | "deliver" | "drop" }> {
  return {
    t,
    kind: "send",
    from: message.from,
    to: message.to,
    type: message.type,
    term: message.term,
    ...(id !== undefined ? { id } : {}),
    ...messageFields(message),
  };
}

/** The indices a reader of the trace needs to follow the message (Figure 2's arguments). */
function messageFields(message: Message): object {
  switch (message.type) {
    case "append-entries":
      return {
        entries: message.entries.length,
        prev: message.prevIndex,
        commit: message.leaderCommit,
      };
    case "append-entries-response":
      return { ok: message.success, match: message.matchIndex };
    case "request-vote":
      return { lastIndex: message.lastLogIndex, lastTerm: message.lastLogTerm };
    case "request-vote-response":
      return { granted: message.granted };
  }
}
