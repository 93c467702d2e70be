// The viewer's vocabulary: the trace events of packages/runtime/src/trace-events.ts (what 08's
// simulator writes and 09's nodes stream), read defensively. A learner's simulator may write only
// some kinds, or none of the optional fields; the viewer draws what it has. Times are
// microseconds (simulated, or since a live viewer started).
import type { RunEvent, LogEvent as TracedLog, TraceEvent } from "@rafting/runtime";

export type { FaultEvent, MessageEvent } from "@rafting/runtime";

/** The run's parameters, any of them missing (a learner's CLI may write fewer). */
export interface RunHeader extends Partial<Omit<RunEvent, "t" | "kind">> {
  readonly t: number;
  readonly kind: "run";
  /** Set by the live viewer: the cluster's directory. */
  readonly live?: string;
}

/** A log event whose commands may be missing (a learner's simulator may write terms only). */
export interface LogEvent extends Omit<TracedLog, "commands"> {
  readonly commands?: readonly string[];
}

/** The live viewer's snapshot of a node's key-value state (a trace derives it from applies). */
export interface KvEvent {
  readonly t: number;
  readonly kind: "kv";
  readonly node: number;
  readonly pairs: readonly (readonly [string, string])[];
}

/** An 08 trace's events, with the lenient run header and log event, and the live viewer's kv. */
export type ViewerEvent =
  | Exclude<TraceEvent, RunEvent | TracedLog>
  | RunHeader
  | LogEvent
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
