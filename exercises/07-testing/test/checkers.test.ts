// Each safety checker on small hand-made traces: it must report the broken invariant by name on
// a bad one, and stay quiet on a good one. A checker that can never fail checks nothing.
import { describe, expect, test } from "vitest";
import {
  type AppliedRecord,
  type CommittedEntry,
  checkAcknowledgedWrites,
  checkElectionSafety,
  checkLeaderCompleteness,
  checkLogMatching,
  checkStateMachineSafety,
  logOf,
  type NodeView,
  recordCommitted,
  SafetyMonitor,
} from "#stage";

/** A Raft log entry (stage 03's Entry). */
interface Entry {
  readonly term: number;
  readonly command: readonly string[];
}

const e = (term: number, ...command: string[]): Entry => ({ term, command });

function view(id: number, over: Partial<NodeView> & { entries?: Entry[] } = {}): NodeView {
  const { entries = [], ...rest } = over;
  return { id, role: "follower", term: 1, commitIndex: 0, log: logOf(entries), ...rest };
}

describe("election safety (§5.2)", () => {
  test("two leaders of one term are a violation; leaders of different terms are not", () => {
    const leaders = new Map<number, number>();
    const ok = checkElectionSafety(
      leaders,
      [view(1, { role: "leader", term: 2 }), view(2, { role: "leader", term: 3 })],
      5,
    );
    expect(ok, "§5.2 election safety: one leader per term, terms 2 and 3").toEqual([]);
    const bad = checkElectionSafety(leaders, [view(3, { role: "leader", term: 2 })], 7);
    expect(
      bad.map((v) => v.invariant),
      "§5.2 election safety: node 3 also led term 2",
    ).toEqual(["election-safety"]);
    expect(bad[0]?.tick, "a violation says when it was seen").toBe(7);
  });
});

describe("log matching (§5.3)", () => {
  test("same index and term but different earlier entries is a violation", () => {
    const a = view(1, { entries: [e(1, "SET", "x", "1"), e(2, "SET", "x", "2")] });
    const b = view(2, { entries: [e(1, "SET", "x", "9"), e(2, "SET", "x", "2")] });
    const found = checkLogMatching([a, b], 3);
    expect(
      found.map((v) => v.invariant),
      "§5.3 log matching: equal at 2, different at 1",
    ).toEqual(["log-matching"]);
  });

  test("a log that is a prefix of another, or diverges after the last common term, is fine", () => {
    const a = view(1, { entries: [e(1, "A"), e(1, "B"), e(2, "C")] });
    const b = view(2, { entries: [e(1, "A"), e(1, "B")] });
    const c = view(3, { entries: [e(1, "A"), e(3, "D")] });
    expect(checkLogMatching([a, b, c], 1), "§5.3 log matching holds here").toEqual([]);
  });
});

describe("leader completeness (§5.4)", () => {
  test("a leader of a later term without a committed entry is a violation", () => {
    const committed = new Map<number, CommittedEntry>();
    const follower = view(1, { term: 2, commitIndex: 1, entries: [e(2, "SET", "x", "1")] });
    expect(recordCommitted(committed, [follower], 1), "nothing changed yet").toEqual([]);
    const later = view(2, { role: "leader", term: 3, entries: [e(1, "SET", "x", "0")] });
    const found = checkLeaderCompleteness(committed, [later], 2);
    expect(
      found.map((v) => v.invariant),
      "§5.4 leader completeness",
    ).toEqual(["leader-completeness"]);
  });

  test("a stale leader of the same or an older term is not held to it", () => {
    const committed = new Map<number, CommittedEntry>([
      [1, { entry: e(2, "SET", "x", "1"), term: 3 }],
    ]);
    const stale = view(2, { role: "leader", term: 3, entries: [] });
    expect(checkLeaderCompleteness(committed, [stale], 4), "§5.4: only later terms").toEqual([]);
  });
});

describe("state machine safety (§5.4.3)", () => {
  test("two nodes applying different commands at one index is a violation", () => {
    const appliedAt = new Map<number, AppliedRecord>();
    const first = [{ node: 1, index: 4, command: ["INCR", "x"] }];
    expect(checkStateMachineSafety(appliedAt, first, 1), "first application").toEqual([]);
    const same = [{ node: 2, index: 4, command: ["INCR", "x"] }];
    expect(checkStateMachineSafety(appliedAt, same, 2), "the same command again is fine").toEqual(
      [],
    );
    const other = [{ node: 3, index: 4, command: ["SET", "x", "0"] }];
    const found = checkStateMachineSafety(appliedAt, other, 3);
    expect(
      found.map((v) => v.invariant),
      "§5.4.3 state machine safety",
    ).toEqual(["state-machine-safety"]);
  });

  test("a different entry under a commitIndex where another was committed is a violation", () => {
    const committed = new Map<number, CommittedEntry>();
    recordCommitted(committed, [view(1, { commitIndex: 1, entries: [e(1, "A")] })], 1);
    const found = recordCommitted(
      committed,
      [view(2, { commitIndex: 1, entries: [e(2, "B")] })],
      2,
    );
    expect(
      found.map((v) => v.invariant),
      "§5.4.3: committed entries never change",
    ).toEqual(["state-machine-safety"]);
  });
});

describe("acknowledged writes", () => {
  test("a write a client saw succeed must be in the final committed log at its index", () => {
    const log = logOf([e(1, "SET", "x", "1"), e(2, "SET", "x", "2")]);
    const acked = [{ index: 1, command: ["SET", "x", "1"] }];
    expect(checkAcknowledgedWrites(acked, log, 2, 9), "kept: no violation").toEqual([]);
    const replaced = [{ index: 2, command: ["SET", "x", "3"] }];
    expect(
      checkAcknowledgedWrites(replaced, log, 2, 9).map((v) => v.invariant),
      "an acknowledged write was replaced: lost",
    ).toEqual(["acknowledged-write-lost"]);
    expect(
      checkAcknowledgedWrites(acked, log, 0, 9).map((v) => v.invariant),
      "an acknowledged write beyond the final commitIndex is not (yet) durable: lost",
    ).toEqual(["acknowledged-write-lost"]);
  });
});

describe("logs compacted into a snapshot (stage 10, §7)", () => {
  // Entries up to a log's snapshot index are gone from it: committed and applied, no longer
  // readable. The checkers compare what is left and must neither miss a violation above the
  // snapshot nor report the missing prefix as one.
  const full = [e(1, "A"), e(1, "B"), e(2, "C"), e(2, "D"), e(3, "E")];

  test("log matching compares only the entries above both snapshots", () => {
    const compacted = view(1, { log: logOf(full.slice(3), 3) }); // 4 and 5 left
    const whole = view(2, { entries: full });
    expect(
      checkLogMatching([compacted, whole], 1),
      "§5.3 log matching holds: entries 1..3 of node 1 are in its snapshot, 4..5 agree",
    ).toEqual([]);
    const diverged = view(3, { entries: [...full.slice(0, 3), e(2, "X"), e(3, "E")] });
    expect(
      checkLogMatching([compacted, diverged], 1).map((v) => v.invariant),
      "§5.3: both hold term 3 at index 5, but differ at 4 (above the snapshot)",
    ).toEqual(["log-matching"]);
  });

  test("a committed entry inside a leader's snapshot is not missing; one above it is", () => {
    const committed = new Map<number, CommittedEntry>();
    recordCommitted(committed, [view(1, { term: 3, commitIndex: 5, entries: full })], 1);
    const snapshotted = view(2, { role: "leader", term: 4, log: logOf(full.slice(3), 3) });
    expect(
      checkLeaderCompleteness(committed, [snapshotted], 2),
      "§5.4: entries 1..3 are in the leader's snapshot, 4..5 in its log",
    ).toEqual([]);
    const lacking = view(3, { role: "leader", term: 5, log: logOf([e(2, "D")], 3) });
    expect(
      checkLeaderCompleteness(committed, [lacking], 3).map((v) => v.invariant),
      "§5.4: committed entry 5 is neither in the leader's snapshot (through 3) nor in its log",
    ).toEqual(["leader-completeness"]);
    expect(
      recordCommitted(committed, [view(4, { commitIndex: 5, log: logOf(full.slice(4), 4) })], 4),
      "a commitIndex inside the snapshot: only the entries above it are compared",
    ).toEqual([]);
  });

  test("an acknowledged write inside the final snapshot is checked against what was applied", () => {
    const monitor = new SafetyMonitor();
    const applied = full.map((entry, i) => ({ node: 1, index: i + 1, command: entry.command }));
    monitor.observe(1, [view(1, { commitIndex: 5, entries: full })], applied);
    const final = [view(1, { commitIndex: 5, log: logOf(full.slice(4), 4) })];
    expect(
      monitor.finish(2, [{ index: 2, command: ["B"] }], final),
      "write B, applied at index 2, is inside the snapshot: kept",
    ).toEqual([]);
    expect(
      monitor.finish(3, [{ index: 2, command: ["Z"] }], final).map((v) => v.invariant),
      "write Z was acknowledged at index 2, where B was committed: lost",
    ).toEqual(["acknowledged-write-lost"]);
  });
});

describe("SafetyMonitor", () => {
  test("runs every checker after a step and keeps what it saw", () => {
    const monitor = new SafetyMonitor();
    monitor.observe(1, [view(1, { role: "leader", term: 1 })], []);
    const found = monitor.observe(2, [view(2, { role: "leader", term: 1 })], []);
    expect(
      found.map((v) => v.invariant),
      "§5.2 across two steps",
    ).toEqual(["election-safety"]);
    expect(monitor.violations.length, "the monitor keeps every violation").toBe(1);
    const end = monitor.finish(3, [{ index: 1, command: ["SET", "x", "1"] }], [view(1)]);
    expect(
      end.map((v) => v.invariant),
      "finish checks acknowledged writes",
    ).toEqual(["acknowledged-write-lost"]);
  });
});
