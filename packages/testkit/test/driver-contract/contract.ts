// The driver contract (stated once, on stage 04's Ready; docs/architecture.md) as a check over what
// a driver did, in order: the Readies its node returned, and its writes, syncs, saves, sends,
// replies and applies. Every driver is run through a thin adapter that records these events
// (recorder.ts); this file knows no driver.

/** What the checker needs of one Ready. */
export interface ReadyRecord {
  readonly node: number;
  /** 1, 2, … per node, in the order the node returned them. */
  readonly seq: number;
  readonly hardState: { readonly term: number; readonly votedFor: number | null } | undefined;
  readonly persist: { readonly fromIndex: number; readonly count: number } | undefined;
}

export type ContractEvent =
  | { readonly kind: "ready"; readonly ready: ReadyRecord }
  | { readonly kind: "save-hard-state"; readonly node: number; readonly term: number }
  | {
      readonly kind: "write";
      readonly node: number;
      readonly fromIndex: number;
      readonly count: number;
    }
  | { readonly kind: "sync"; readonly node: number }
  /** A message leaves; `heartbeat`: an AppendEntries without entries (see allowedEarly). */
  | {
      readonly kind: "send";
      readonly node: number;
      readonly seq: number;
      readonly what: string;
      readonly heartbeat: boolean;
    }
  /** A proposer hears its result; `index` when the outcome was "applied" there. */
  | {
      readonly kind: "reply";
      readonly node: number;
      readonly seq: number;
      readonly requestId: string;
      readonly index: number | undefined;
    }
  /** The driver hands an applied entry to whoever observes the state machine. */
  | { readonly kind: "apply"; readonly node: number; readonly index: number }
  /** Stage 10: the storage saved a snapshot through `index` (durable when the call returns). */
  | { readonly kind: "save-snapshot"; readonly node: number; readonly index: number }
  /** Stage 10: the driver told the node its snapshot through `index` is saved or installed. */
  | {
      readonly kind: "snapshot-done";
      readonly node: number;
      readonly index: number;
      readonly what: string;
    };

/** Names the three rules, so a test can say which one a broken driver must break. */
export type Rule =
  | "persist-before-send"
  | "persist-before-reply"
  | "apply-in-order"
  | "snapshot-saved-before-done";

export interface ContractViolation {
  readonly rule: Rule;
  readonly message: string;
}

interface NodeState {
  readonly readies: ReadyRecord[];
  /** Per seq: is its hard state saved / are its entries written, and then synced? */
  readonly hardSaved: Set<number>;
  readonly written: Set<number>;
  readonly synced: Set<number>;
  lastAppliedIndex: number;
  lastRepliedIndex: number;
  /** Stage 10: the snapshots the storage saved, by last included index. */
  readonly savedSnapshots: Set<number>;
}

const figure2 = 'Figure 2: "respond to RPCs only after updating stable storage"';

/** Checks a whole run; returns every violation (empty: the driver kept the contract). */
export function checkContract(events: readonly ContractEvent[]): ContractViolation[] {
  const nodes = new Map<number, NodeState>();
  const state = (node: number): NodeState => {
    let found = nodes.get(node);
    if (found === undefined) {
      found = {
        readies: [],
        hardSaved: new Set(),
        written: new Set(),
        synced: new Set(),
        lastAppliedIndex: 0,
        lastRepliedIndex: 0,
        savedSnapshots: new Set(),
      };
      nodes.set(node, found);
    }
    return found;
  };
  const violations: ContractViolation[] = [];
  for (const event of events) {
    if (event.kind === "ready") state(event.ready.node).readies.push(event.ready);
    else if (event.kind === "save-hard-state") markHardSaved(state(event.node), event.term);
    else if (event.kind === "write") markWritten(state(event.node), event.fromIndex, event.count);
    else if (event.kind === "sync") markSynced(state(event.node));
    else if (event.kind === "save-snapshot") state(event.node).savedSnapshots.add(event.index);
    else if (event.kind === "snapshot-done") {
      const found = checkSnapshotDone(state(event.node), event);
      if (found !== undefined) violations.push(found);
    } else {
      const found = checkEvent(state(event.node), event);
      if (found !== undefined) violations.push(found);
    }
  }
  return violations;
}

/** A save covers every Ready so far whose hard state it is, or is newer than. */
function markHardSaved(node: NodeState, term: number): void {
  for (const ready of node.readies)
    if (ready.hardState !== undefined && ready.hardState.term <= term)
      node.hardSaved.add(ready.seq);
}

/** A write covers every Ready so far whose entries lie inside it (a batch may write several). */
function markWritten(node: NodeState, fromIndex: number, count: number): void {
  for (const ready of node.readies) {
    const persist = ready.persist;
    if (persist === undefined) continue;
    if (fromIndex <= persist.fromIndex && persist.fromIndex + persist.count <= fromIndex + count)
      node.written.add(ready.seq);
  }
}

function markSynced(node: NodeState): void {
  for (const seq of node.written) node.synced.add(seq);
}

/** What Ready `seq` still needs, counting every earlier Ready of the node: Readies are not reordered. */
function missing(node: NodeState, seq: number, entriesToo: boolean): string | undefined {
  for (const ready of node.readies) {
    if (ready.seq > seq) break;
    if (ready.hardState !== undefined && !node.hardSaved.has(ready.seq))
      return `Ready #${ready.seq}'s hard state (term ${ready.hardState.term}, vote ${ready.hardState.votedFor}) was not saved yet`;
    if (entriesToo && ready.persist !== undefined && !node.synced.has(ready.seq)) {
      const { fromIndex, count } = ready.persist;
      const what =
        count === 0
          ? `truncation at ${fromIndex}`
          : `entries ${fromIndex}..${fromIndex + count - 1}`;
      const how = node.written.has(ready.seq) ? "written but not synced" : "not written";
      return `Ready #${ready.seq}'s ${what} were ${how}`;
    }
  }
  return undefined;
}

/**
 * Stage 10's snapshot effects: the node hears "snapshot-saved" or "snapshot-installed" only once
 * its storage holds that snapshot durably (an installed follower then tells its leader so).
 */
function checkSnapshotDone(
  node: NodeState,
  event: Extract<ContractEvent, { kind: "snapshot-done" }>,
): ContractViolation | undefined {
  if (node.savedSnapshots.has(event.index)) return undefined;
  return {
    rule: "snapshot-saved-before-done",
    message: `node ${event.node} was told ${event.what} for the snapshot through ${event.index}, which its storage never saved: the effect is done only once the snapshot is durable (stage 10's Ready, §7)`,
  };
}

function checkEvent(
  node: NodeState,
  event: Extract<ContractEvent, { kind: "send" | "reply" | "apply" }>,
): ContractViolation | undefined {
  if (event.kind === "send") {
    // A heartbeat (no entries) says only "I lead term T, commit is C": it needs the term saved,
    // not the entries of its Ready (09 sends heartbeats during a slow fsync for this reason).
    const gap = missing(node, event.seq, !event.heartbeat);
    if (gap === undefined) return undefined;
    return {
      rule: "persist-before-send",
      message: `node ${event.node} sent ${event.what} of Ready #${event.seq}, but ${gap}: persist, then send (the driver contract on 04's Ready; ${figure2})`,
    };
  }
  if (event.kind === "reply") {
    const gap = missing(node, event.seq, true);
    if (gap !== undefined)
      return {
        rule: "persist-before-reply",
        message: `node ${event.node} answered request ${event.requestId} of Ready #${event.seq}, but ${gap}: a client hears its result only once it is durable (the driver contract on 04's Ready)`,
      };
    if (event.index === undefined) return undefined;
    if (event.index > node.lastRepliedIndex) {
      node.lastRepliedIndex = event.index;
      return undefined;
    }
    return {
      rule: "apply-in-order",
      message: `node ${event.node} answered request ${event.requestId} (applied at index ${event.index}) after an answer for index ${node.lastRepliedIndex}: results go out in log order, Readies are never reordered (the driver contract on 04's Ready)`,
    };
  }
  // Increasing, not contiguous: observers may be shown only the entries with a command (no no-ops).
  if (event.index > node.lastAppliedIndex) {
    node.lastAppliedIndex = event.index;
    return undefined;
  }
  return {
    rule: "apply-in-order",
    message: `node ${event.node} handed applied entry ${event.index} to its observers after entry ${node.lastAppliedIndex}: entries are applied once each, in index order (Figure 2, "apply log[lastApplied] to state machine")`,
  };
}
