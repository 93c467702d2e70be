// Raft's safety properties (§5.2, §5.3, §5.4, Figure 3), checked from the outside after every step
// of a run. A broken property is a value naming the invariant, never an exception: a run can report
// several, and a test can say which rule broke, when, and with which seed.
import type { Entry } from "#raft";

export type InvariantName =
  /** §5.2: at most one leader per term. */
  | "election-safety"
  /** §5.3: two logs with an entry of the same index and term are identical up to it. */
  | "log-matching"
  /** §5.4: a committed entry is in the log of every leader of a later term. */
  | "leader-completeness"
  /** §5.4.3: no two nodes apply (or commit) different commands at one index. */
  | "state-machine-safety"
  /** Every write a client saw succeed is in the committed log at its index, in the end. */
  | "acknowledged-write-lost"
  /** The clients' history has no linearization (part 1's checker, run at the end). */
  | "linearizability"
  /** Healed, every node up, no faults: still no leader committed in its term within the bound. */
  | "liveness";

export interface Violation {
  readonly invariant: InvariantName;
  readonly detail: string;
  /** The simulated time of the step that revealed it. */
  readonly tick: number;
}

/** What the checkers read of a log (stage 03's RaftLog fits). */
export interface LogView {
  lastIndex(): number;
  entryAt(index: number): Entry | undefined;
  /**
   * Stage 10 (§7, log compaction): the last index a snapshot replaced. The entries up to it are
   * gone from the log (entryAt says undefined there); they were committed and applied. Absent:
   * nothing was ever compacted (stages 03–09). Stage 10's CompactedLog has it.
   */
  readonly snapshotIndex?: number;
  /** The last entry's term, also when it is inside the snapshot (03's RaftLog and 10's have it). */
  lastTerm?(): number;
}

/** The last index of `log` compacted into a snapshot (0: none); entries are readable above it. */
export function compactedThrough(log: LogView): number {
  return log.snapshotIndex ?? 0;
}

/** One node as seen after a step. Crashed nodes are left out (their volatile state is gone). */
export interface NodeView {
  readonly id: number;
  readonly role: "follower" | "candidate" | "leader";
  readonly term: number;
  readonly commitIndex: number;
  readonly log: LogView;
}

/** An entry a node applied in the step. */
export interface AppliedRecord {
  readonly node: number;
  readonly index: number;
  readonly command: readonly string[];
}

/** A write a client saw succeed: "applied at index" with this command. */
export interface Acknowledged {
  readonly index: number;
  readonly command: readonly string[];
}

/**
 * A log view over an array of entries, for hand-made traces: index 1 is entries[0], or, after a
 * snapshot through `snapshotIndex` (stage 10), index snapshotIndex + 1 is entries[0].
 */
export function logOf(entries: readonly Entry[], snapshotIndex = 0): LogView {
  return {
    lastIndex: () => snapshotIndex + entries.length,
    entryAt: (index) => (index > snapshotIndex ? entries[index - snapshotIndex - 1] : undefined),
    snapshotIndex,
  };
}

/** §5.2 Election Safety. `leaders` (term → leader id seen) is updated with what `nodes` show. */
export function checkElectionSafety(
  leaders: Map<number, number>,
  nodes: readonly NodeView[],
  tick: number,
): Violation[] {
  throw new Error("not implemented: checkElectionSafety (§5.2: remember the leader of each term; a second one is a violation)");
}

/** §5.3 Log Matching between `node` and each of `others` (all pairs when `node` is undefined). */
export function checkLogMatching(
  nodes: readonly NodeView[],
  tick: number,
  node?: number,
): Violation[] {
  throw new Error("not implemented: checkLogMatching (§5.3: find the last index where two logs' terms agree; every entry up to it must be equal)");
}


function sameCommand(a: readonly string[], b: readonly string[]): boolean {
  if (a === b) return true;
  // Stage 11's client sessions (§6.3) log a client's command inside SESSION <clientId> <seq>:
  // acknowledged as the command, it is the same command.
  if (a[0] === "SESSION" && b[0] !== "SESSION") return sameCommand(a.slice(3), b);
  if (b[0] === "SESSION" && a[0] !== "SESSION") return sameCommand(a, b.slice(3));
  if (a.length !== b.length) return false;
  for (let i = 0; i < a.length; i++) if (a[i] !== b[i]) return false;
  return true;
}

/** An entry known committed, and the term of the node that showed it committed. */
export interface CommittedEntry {
  readonly entry: Entry;
  readonly term: number;
}

/**
 * Records what `nodes` show committed (entries up to their commitIndex) and reports a committed
 * entry changed (§5.4.3: a committed entry is never replaced, so it is never applied differently).
 */
export function recordCommitted(
  committed: Map<number, CommittedEntry>,
  nodes: readonly NodeView[],
  tick: number,
): Violation[] {
  throw new Error("not implemented: recordCommitted (remember entries up to each commitIndex; a different entry at a committed index is a violation)");
}

/** §5.4 Leader Completeness: each leader holds every entry committed in an earlier term. */
export function checkLeaderCompleteness(
  committed: ReadonlyMap<number, CommittedEntry>,
  nodes: readonly NodeView[],
  tick: number,
): Violation[] {
  throw new Error("not implemented: checkLeaderCompleteness (§5.4: a leader of a later term must hold every committed entry)");
}

/** §5.4.3 State Machine Safety: `appliedAt` (index → command) is updated with `applied`. */
export function checkStateMachineSafety(
  appliedAt: Map<number, AppliedRecord>,
  applied: readonly AppliedRecord[],
  tick: number,
): Violation[] {
  throw new Error("not implemented: checkStateMachineSafety (§5.4.3: remember the command applied at each index; a different one is a violation)");
}

/** At the end of a run: every acknowledged write is at its index in the committed log. */
export function checkAcknowledgedWrites(
  acknowledged: readonly Acknowledged[],
  committedLog: LogView,
  commitIndex: number,
  tick: number,
): Violation[] {
  throw new Error("not implemented: checkAcknowledgedWrites (each acknowledged write must sit at its index, within commitIndex, in the final log)");
}

/** Runs every per-step checker over a run, keeping what they must remember between steps. */
export class SafetyMonitor {
  readonly violations: Violation[] = [];
  private readonly leaders = new Map<number, number>();
  private readonly committed = new Map<number, CommittedEntry>();
  private readonly appliedAt = new Map<number, AppliedRecord>();

  /** After a step of node `stepped` (undefined: check all pairs): returns the new violations. */
  observe(
    tick: number,
    nodes: readonly NodeView[],
    applied: readonly AppliedRecord[],
    stepped?: number,
  ): Violation[] {
    throw new Error("not implemented: SafetyMonitor.observe (run every checker on the nodes after a step)");
  }

  /** At the end of a run, on the log of the node with the highest commitIndex. */
  finish(
    tick: number,
    acknowledged: readonly Acknowledged[],
    nodes: readonly NodeView[],
  ): Violation[] {
    throw new Error("not implemented: SafetyMonitor.finish (check the acknowledged writes against the most committed log)");
  }
}
