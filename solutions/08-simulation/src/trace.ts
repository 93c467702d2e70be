// What a run reports as it goes, one JSON object a line with --trace: enough to follow a failure
// (who sent what when, who led which term, what committed, which fault struck) without a debugger.
// Times are simulated microseconds since the start of the run.

export type TraceEvent =
  | {
      readonly t: number;
      readonly kind: "send" | "deliver" | "drop";
      readonly from: number;
      readonly to: number;
      readonly type: string;
      readonly term: number;
      /** Entries carried by an AppendEntries. */
      readonly entries?: number;
      /** Why a message was dropped: loss, partition, down. */
      readonly reason?: string;
    }
  | {
      readonly t: number;
      readonly kind: "role";
      readonly node: number;
      readonly role: string;
      readonly term: number;
    }
  | { readonly t: number; readonly kind: "commit"; readonly node: number; readonly index: number }
  | { readonly t: number; readonly kind: "tick"; readonly node: number }
  | {
      readonly t: number;
      readonly kind: "fault";
      readonly fault: string;
      readonly episode: number;
      readonly nodes: readonly number[];
      readonly detail?: string;
    }
  | {
      readonly t: number;
      readonly kind: "client";
      readonly client: number;
      readonly op: number;
      readonly event: "invoke" | "ok" | "fail" | "info";
      readonly command?: readonly string[];
      readonly node?: number;
    }
  | {
      readonly t: number;
      readonly kind: "violation";
      readonly invariant: string;
      readonly detail: string;
    };

/** A trace sink that keeps every event as its JSON line (determinism tests compare these). */
export function traceLines(): {
  readonly lines: string[];
  readonly sink: (event: TraceEvent) => void;
} {
  const lines: string[] = [];
  return { lines, sink: (event) => lines.push(JSON.stringify(event)) };
}
