// The trace vocabulary, declared once: what 08's simulator writes with --trace (one JSON object a
// line), what 09's nodes stream to a live viewer (RAFT.EVENTS), and what the viewer draws. Enough
// to follow a run (who sent what when, who led which term, what committed, which fault struck)
// without a debugger. `t` is in microseconds: simulated since the start of an 08 run; since the
// Unix epoch in 09's stream.

/** One peer message as a reader of the trace needs it: type, term and Figure 2's arguments. */
export interface MessageFields {
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly term: number;
  /** AppendEntries: entries carried, prevIndex and leaderCommit. */
  readonly entries?: number;
  readonly prev?: number;
  readonly commit?: number;
  /** AppendEntries response: success and matchIndex. */
  readonly ok?: boolean;
  readonly match?: number;
  /** RequestVote: the candidate's last log index and term; its response: granted. */
  readonly lastIndex?: number;
  readonly lastTerm?: number;
  readonly granted?: boolean;
}

export interface MessageEvent extends MessageFields {
  readonly t: number;
  readonly kind: "send" | "deliver" | "drop";
  /** Why a message was dropped: loss, partition, down. */
  readonly reason?: string;
  /** The send's number: its deliveries (a duplicate delivers twice) carry the same id. */
  readonly id?: number;
}

export interface RoleEvent {
  readonly t: number;
  readonly kind: "role";
  readonly node: number;
  readonly role: string;
  readonly term: number;
}

export interface CommitEvent {
  readonly t: number;
  readonly kind: "commit";
  readonly node: number;
  readonly index: number;
}

export interface TickEvent {
  readonly t: number;
  readonly kind: "tick";
  readonly node: number;
}

export interface FaultEvent {
  readonly t: number;
  readonly kind: "fault";
  /** crash, restart, partition, heal, quiet (08); kill, restart, pause, resume, cut, heal (live). */
  readonly fault: string;
  readonly episode: number;
  readonly nodes: readonly number[];
  readonly detail?: string;
}

/** A client's operation: `invoke`, then what became of it (`info`: unknown, maybe applied). */
export interface ClientEvent {
  readonly t: number;
  readonly kind: "client";
  readonly client: number;
  readonly op: number;
  readonly event: "invoke" | "ok" | "fail" | "info";
  readonly command?: readonly string[];
  readonly node?: number;
}

/** The run's parameters, first line of a trace file written by 08's CLI (the viewer reads it). */
export interface RunEvent {
  readonly t: number;
  readonly kind: "run";
  readonly seed: number;
  readonly nodes: number;
  readonly simSeconds: number;
  readonly tickUs: number;
  readonly electionTimeoutTicks: number;
  readonly mutant?: string;
}

/** The node's log from index `from` on is now these entries (what was there before is gone). */
export interface LogEvent {
  readonly t: number;
  readonly kind: "log";
  readonly node: number;
  readonly from: number;
  readonly terms: readonly number[];
  readonly commands: readonly string[];
}

/** The node saved a new term or vote (Figure 2's persistent state). */
export interface VoteEvent {
  readonly t: number;
  readonly kind: "vote";
  readonly node: number;
  readonly term: number;
  readonly vote: number | null;
}

export interface ApplyEvent {
  readonly t: number;
  readonly kind: "apply";
  readonly node: number;
  readonly index: number;
}

/** The election timer restarted (or its timeout was drawn again): `elapsed` of `timeout` ticks. */
export interface TimerEvent {
  readonly t: number;
  readonly kind: "timer";
  readonly node: number;
  readonly elapsed: number;
  readonly timeout: number;
}

export interface ViolationEvent {
  readonly t: number;
  readonly kind: "violation";
  readonly invariant: string;
  readonly detail: string;
}

/** Every event an 08 trace holds. */
export type TraceEvent =
  | MessageEvent
  | RoleEvent
  | CommitEvent
  | TickEvent
  | FaultEvent
  | ClientEvent
  | RunEvent
  | LogEvent
  | VoteEvent
  | ApplyEvent
  | TimerEvent
  | ViolationEvent;
