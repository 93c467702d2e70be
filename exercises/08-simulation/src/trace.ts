// What a run reports as it goes, one JSON object a line with --trace: enough to follow a failure
// (who sent what when, who led which term, what committed, which fault struck) without a debugger.
// Times are simulated microseconds since the start of the run. The events are declared once, in
// packages/runtime/src/trace-events.ts, for the simulator, 09's live event stream and the viewer.

import type { TraceEvent } from "@rafting/runtime";

export type { TraceEvent };

/** A trace sink that keeps every event as its JSON line (determinism tests compare these). */
export function traceLines(): {
  readonly lines: string[];
  readonly sink: (event: TraceEvent) => void;
} {
  const lines: string[] = [];
  return { lines, sink: (event) => lines.push(JSON.stringify(event)) };
}
