// Applying committed entries to the state machine: each exactly once, in log order, never past
// commitIndex (Figure 2 "Rules for Servers: All Servers", §5.3).

import type { Reply } from "#kv";
import type { NodeLog } from "#replication";
import type { AppliedEntry } from "./messages.ts";

/** What replicas apply commands to: stage 01's KvStore fits. Must be deterministic. */
export interface StateMachine {
  apply(command: readonly string[]): Reply;
}

export class Applier {
  readonly stateMachine: StateMachine;
  /** Index of the last entry applied. */
  lastApplied = 0;

  constructor(stateMachine: StateMachine) {
    this.stateMachine = stateMachine;
  }

  /** Applies entries lastApplied+1 .. commitIndex; returns them with the state machine's replies. */
  applyUpTo(log: NodeLog, commitIndex: number): AppliedEntry[] {
    throw new Error("not implemented: Applier.applyUpTo (apply lastApplied+1..commitIndex, once each, in order)");
  }
}
