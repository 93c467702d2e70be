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
  // solution:begin
  const violations: Violation[] = [];
  for (const node of nodes) {
    if (node.role !== "leader") continue;
    const known = leaders.get(node.term);
    if (known === undefined) leaders.set(node.term, node.id);
    else if (known !== node.id) {
      const detail = `nodes ${known} and ${node.id} both led term ${node.term}`;
      violations.push({ invariant: "election-safety", detail, tick });
    }
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: checkElectionSafety (§5.2: remember the leader of each term; a second one is a violation)");
}

/** §5.3 Log Matching between `node` and each of `others` (all pairs when `node` is undefined). */
export function checkLogMatching(
  nodes: readonly NodeView[],
  tick: number,
  node?: number,
): Violation[] {
  // solution:begin
  const violations: Violation[] = [];
  for (let i = 0; i < nodes.length; i++) {
    const a = nodes[i]!;
    for (let k = i + 1; k < nodes.length; k++) {
      const b = nodes[k]!;
      if (node !== undefined && a.id !== node && b.id !== node) continue;
      const problem = logMismatch(a.log, b.log);
      if (problem !== undefined) {
        const detail = `nodes ${a.id} and ${b.id}: ${problem}`;
        violations.push({ invariant: "log-matching", detail, tick });
      }
    }
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: checkLogMatching (§5.3: find the last index where two logs' terms agree; every entry up to it must be equal)");
}

// solution:begin
/** Where two logs break Log Matching, or undefined. */
function logMismatch(a: LogView, b: LogView): string | undefined {
  // Below both logs' snapshots there is nothing left to compare (§7: compacted, committed).
  const floor = Math.max(compactedThrough(a), compactedThrough(b));
  for (let index = Math.min(a.lastIndex(), b.lastIndex()); index > floor; index--) {
    const x = a.entryAt(index);
    const y = b.entryAt(index);
    if (x === undefined || y === undefined || x.term !== y.term) continue;
    // The last index where the terms agree: everything up to it must be identical.
    for (let j = index; j > floor; j--) {
      const p = a.entryAt(j);
      const q = b.entryAt(j);
      if (p === undefined || q === undefined || !sameEntry(p, q)) {
        return `both hold term ${x.term} at index ${index} but differ at index ${j} (${show(p)} vs ${show(q)})`;
      }
    }
    return undefined;
  }
  return undefined;
}

function sameEntry(a: Entry, b: Entry): boolean {
  // The same object is the common case (a simulated message hands the leader's entry over).
  return a === b || (a.term === b.term && sameCommand(a.command, b.command));
}

function show(entry: Entry | undefined): string {
  return entry === undefined ? "nothing" : `term ${entry.term} [${entry.command.join(" ")}]`;
}
// solution:end

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
  // solution:begin
  const violations: Violation[] = [];
  for (const node of nodes) {
    const floor = compactedThrough(node.log); // a snapshot holds only committed entries
    for (let index = node.commitIndex; index > floor; index--) {
      const entry = node.log.entryAt(index);
      if (entry === undefined) continue;
      const known = committed.get(index);
      if (known === undefined) {
        committed.set(index, { entry, term: node.term });
        continue;
      }
      if (sameEntry(known.entry, entry)) break; // Log Matching covers what is below
      const detail = `node ${node.id} has ${show(entry)} committed at index ${index}, where ${show(known.entry)} was committed`;
      violations.push({ invariant: "state-machine-safety", detail, tick });
      break;
    }
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: recordCommitted (remember entries up to each commitIndex; a different entry at a committed index is a violation)");
}

/** §5.4 Leader Completeness: each leader holds every entry committed in an earlier term. */
export function checkLeaderCompleteness(
  committed: ReadonlyMap<number, CommittedEntry>,
  nodes: readonly NodeView[],
  tick: number,
): Violation[] {
  // solution:begin
  const violations: Violation[] = [];
  for (const node of nodes) {
    if (node.role !== "leader") continue;
    const floor = compactedThrough(node.log);
    for (const [index, known] of committed) {
      // Committed as seen in term known.term: only leaders of later terms must hold it.
      if (node.term <= known.term) continue;
      // Inside the leader's snapshot (§7): it holds the entry's effect, no longer the entry.
      if (index <= floor) continue;
      const entry = node.log.entryAt(index);
      if (entry !== undefined && sameEntry(entry, known.entry)) continue;
      const detail = `leader ${node.id} of term ${node.term} lacks committed entry ${index} (${show(known.entry)}, committed by term ${known.term}); it has ${show(entry)}`;
      violations.push({ invariant: "leader-completeness", detail, tick });
      break;
    }
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: checkLeaderCompleteness (§5.4: a leader of a later term must hold every committed entry)");
}

/** §5.4.3 State Machine Safety: `appliedAt` (index → command) is updated with `applied`. */
export function checkStateMachineSafety(
  appliedAt: Map<number, AppliedRecord>,
  applied: readonly AppliedRecord[],
  tick: number,
): Violation[] {
  // solution:begin
  const violations: Violation[] = [];
  for (const record of applied) {
    const first = appliedAt.get(record.index);
    if (first === undefined) appliedAt.set(record.index, record);
    else if (!sameCommand(first.command, record.command)) {
      const detail = `at index ${record.index} node ${first.node} applied [${first.command.join(" ")}] and node ${record.node} applied [${record.command.join(" ")}]`;
      violations.push({ invariant: "state-machine-safety", detail, tick });
    }
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: checkStateMachineSafety (§5.4.3: remember the command applied at each index; a different one is a violation)");
}

/** At the end of a run: every acknowledged write is at its index in the committed log. */
export function checkAcknowledgedWrites(
  acknowledged: readonly Acknowledged[],
  committedLog: LogView,
  commitIndex: number,
  tick: number,
): Violation[] {
  // solution:begin
  const violations: Violation[] = [];
  for (const write of acknowledged) {
    const entry = write.index <= commitIndex ? committedLog.entryAt(write.index) : undefined;
    if (entry !== undefined && sameCommand(entry.command, write.command)) continue;
    const detail = `[${write.command.join(" ")}] was acknowledged at index ${write.index}; the committed log (commitIndex ${commitIndex}) has ${show(entry)} there`;
    violations.push({ invariant: "acknowledged-write-lost", detail, tick });
  }
  return violations;
  // solution:end
  // starter: throw new Error("not implemented: checkAcknowledgedWrites (each acknowledged write must sit at its index, within commitIndex, in the final log)");
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
    // solution:begin
    const found = checkElectionSafety(this.leaders, nodes, tick);
    // Pushed one list at a time: this runs after most steps of a simulation, and is mostly empty.
    for (const more of [
      checkLogMatching(nodes, tick, stepped),
      checkStateMachineSafety(this.appliedAt, applied, tick),
      recordCommitted(this.committed, nodes, tick),
      checkLeaderCompleteness(this.committed, nodes, tick),
    ])
      if (more.length > 0) found.push(...more);
    if (found.length > 0) this.violations.push(...found);
    return found;
    // solution:end
    // starter: throw new Error("not implemented: SafetyMonitor.observe (run every checker on the nodes after a step)");
  }

  /** At the end of a run, on the log of the node with the highest commitIndex. */
  finish(
    tick: number,
    acknowledged: readonly Acknowledged[],
    nodes: readonly NodeView[],
  ): Violation[] {
    // solution:begin
    const best = [...nodes].sort((a, b) => b.commitIndex - a.commitIndex)[0];
    const found = checkAcknowledgedWrites(
      acknowledged,
      best === undefined ? logOf([]) : this.throughSnapshot(best.log),
      best?.commitIndex ?? 0,
      tick,
    );
    this.violations.push(...found);
    return found;
    // solution:end
    // starter: throw new Error("not implemented: SafetyMonitor.finish (check the acknowledged writes against the most committed log)");
  }
  // solution:begin

  /**
   * `log` with its compacted prefix (stage 10) read from what this monitor saw committed, or else
   * applied, at each index: a snapshot stands for exactly those entries (§7).
   */
  private throughSnapshot(log: LogView): LogView {
    const floor = compactedThrough(log);
    if (floor === 0) return log;
    return {
      lastIndex: () => log.lastIndex(),
      entryAt: (index) => (index > floor ? log.entryAt(index) : this.seenAt(index)),
    };
  }

  private seenAt(index: number): Entry | undefined {
    const committed = this.committed.get(index);
    if (committed !== undefined) return committed.entry;
    const applied = this.appliedAt.get(index);
    // Applied entries are recorded by command only: term 0 stands for "not known here".
    return applied === undefined ? undefined : { term: 0, command: [...applied.command] };
  }
  // solution:end
}
