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
      /** The send's number: its deliveries (a duplicate delivers twice) carry the same id. */
      readonly id?: number;
      /** AppendEntries: prevIndex and leaderCommit; its response: success and matchIndex. */
      readonly prev?: number;
      readonly commit?: number;
      readonly ok?: boolean;
      readonly match?: number;
      /** RequestVote: the candidate's last log index and term; its response: granted. */
      readonly lastIndex?: number;
      readonly lastTerm?: number;
      readonly granted?: boolean;
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
  /** The run's parameters, first line of a trace file written by the CLI (the viewer reads it). */
  | {
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
  | {
      readonly t: number;
      readonly kind: "log";
      readonly node: number;
      readonly from: number;
      readonly terms: readonly number[];
      readonly commands: readonly string[];
    }
  /** The node saved a new term or vote (Figure 2's persistent state). */
  | {
      readonly t: number;
      readonly kind: "vote";
      readonly node: number;
      readonly term: number;
      readonly vote: number | null;
    }
  | { readonly t: number; readonly kind: "apply"; readonly node: number; readonly index: number }
  /** The election timer restarted (or its timeout was drawn again): `elapsed` of `timeout` ticks. */
  | {
      readonly t: number;
      readonly kind: "timer";
      readonly node: number;
      readonly elapsed: number;
      readonly timeout: number;
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
