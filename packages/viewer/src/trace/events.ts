// The viewer's vocabulary: the 08 simulator's trace events (solutions/08-simulation/src/trace.ts),
// read defensively. A learner's simulator may write only some kinds, or none of the optional
// fields; the viewer draws what it has. Times are microseconds (simulated, or since a live
// viewer started).

export interface RunHeader {
  readonly t: number;
  readonly kind: "run";
  readonly seed?: number;
  readonly nodes?: number;
  readonly simSeconds?: number;
  readonly tickUs?: number;
  readonly electionTimeoutTicks?: number;
  readonly mutant?: string;
  /** Set by the live viewer: the cluster's directory. */
  readonly live?: string;
}

export interface MessageEvent {
  readonly t: number;
  readonly kind: "send" | "deliver" | "drop";
  readonly from: number;
  readonly to: number;
  readonly type: string;
  readonly term: number;
  readonly entries?: number;
  readonly reason?: string;
  readonly id?: number;
  readonly prev?: number;
  readonly commit?: number;
  readonly ok?: boolean;
  readonly match?: number;
  readonly lastIndex?: number;
  readonly lastTerm?: number;
  readonly granted?: boolean;
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

export interface ClientEvent {
  readonly t: number;
  readonly kind: "client";
  readonly client: number;
  readonly op: number;
  readonly event: "invoke" | "ok" | "fail" | "info";
  readonly command?: readonly string[];
  readonly node?: number;
}

export interface ViolationEvent {
  readonly t: number;
  readonly kind: "violation";
  readonly invariant: string;
  readonly detail: string;
}

export interface LogEvent {
  readonly t: number;
  readonly kind: "log";
  readonly node: number;
  readonly from: number;
  readonly terms: readonly number[];
  readonly commands?: readonly string[];
}

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

export interface TimerEvent {
  readonly t: number;
  readonly kind: "timer";
  readonly node: number;
  readonly elapsed: number;
  readonly timeout: number;
}

/** The live viewer's snapshot of a node's key-value state (a trace derives it from applies). */
export interface KvEvent {
  readonly t: number;
  readonly kind: "kv";
  readonly node: number;
  readonly pairs: readonly (readonly [string, string])[];
}

export type ViewerEvent =
  | RunHeader
  | MessageEvent
  | RoleEvent
  | CommitEvent
  | TickEvent
  | FaultEvent
  | ClientEvent
  | ViolationEvent
  | LogEvent
  | VoteEvent
  | ApplyEvent
  | TimerEvent
  | KvEvent;

export type EventKind = ViewerEvent["kind"];

export const eventKinds: readonly EventKind[] = [
  "run",
  "send",
  "deliver",
  "drop",
  "role",
  "commit",
  "tick",
  "fault",
  "client",
  "violation",
  "log",
  "vote",
  "apply",
  "timer",
  "kv",
];
