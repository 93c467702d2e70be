// What a leader is told about its followers must be true (§5.3). 07's checkers see a false
// acknowledgement only if it later loses a committed entry; these checks name it at once: a
// success acknowledges a prefix that matches the leader's, a leader's matchIndex is true of the
// follower's log, and an entry a leader commits is stored on a majority.
import { describe, expect, test } from "vitest";
import {
  checkAcknowledgement,
  checkCommitOnMajority,
  checkMatchIndexes,
  logOf,
  type ObservedNode,
} from "#stage";

/** A node whose log holds one entry per term listed. */
function node(
  id: number,
  role: string,
  term: number,
  terms: number[],
  matchIndexes: Record<number, number> = {},
): ObservedNode {
  const log = logOf(terms.map((t) => ({ term: t, command: [] })));
  return {
    id,
    role,
    term,
    log,
    progressOf: (peer) => ({ matchIndex: matchIndexes[peer] ?? 0 }),
  };
}

function success(from: number, to: number, term: number, matchIndex: number) {
  return {
    type: "append-entries-response" as const,
    from,
    to,
    term,
    success: true,
    prevIndex: matchIndex,
    matchIndex,
  };
}

describe("acknowledged-match: a success acknowledges a prefix that matches the leader's", () => {
  const leader = node(1, "leader", 3, [1, 1, 3]);

  test("a follower whose entry at matchIndex has another term is reported", () => {
    const follower = node(2, "follower", 3, [1, 1, 2]);
    const wrong = checkAcknowledgement(follower, success(2, 1, 3, 3), leader);
    expect(wrong, "§5.3: success means the logs match up to matchIndex").toMatch(/§5\.3/);
    expect(wrong, "the report names the index and both terms").toMatch(/3.*term 2.*term 3/);
  });

  test("a follower acknowledging an index it does not have is reported", () => {
    const follower = node(2, "follower", 3, [1, 1]);
    expect(
      checkAcknowledgement(follower, success(2, 1, 3, 3), leader),
      "§5.3: an acknowledged entry must be in the follower's log",
    ).toMatch(/no entry/);
  });

  test("a true acknowledgement, a rejection, or one for another term's leader passes", () => {
    const follower = node(2, "follower", 3, [1, 1, 3, 3]);
    expect(checkAcknowledgement(follower, success(2, 1, 3, 3), leader), "logs match at 3").toBe(
      undefined,
    );
    const diverged = node(2, "follower", 3, [1, 1, 2]);
    const rejection = { ...success(2, 1, 3, 3), success: false, matchIndex: 0 };
    expect(checkAcknowledgement(diverged, rejection, leader), "a rejection claims nothing").toBe(
      undefined,
    );
    expect(
      checkAcknowledgement(diverged, success(2, 1, 2, 3), leader),
      "a reply to a term-2 request says nothing about the term-3 leader's log",
    ).toBe(undefined);
  });
});

describe("match-index: a leader's matchIndex is true of each follower of its term", () => {
  test("a matchIndex beyond the follower's log, or on another term's entry, is reported", () => {
    const leader = node(1, "leader", 4, [1, 2, 4, 4], { 2: 3, 3: 2 });
    const short = node(2, "follower", 4, [1, 2]);
    expect(
      checkMatchIndexes(leader, [leader, short]),
      "§5.3: matchIndex 3, follower has 2",
    ).toMatch(/matchIndex 3 for follower 2/);
    const diverged = node(3, "follower", 4, [1, 3]);
    expect(checkMatchIndexes(leader, [leader, diverged]), "§5.3: term 3 at index 2, not 2").toMatch(
      /follower 3/,
    );
  });

  test("true matchIndexes pass; followers of another term are not judged", () => {
    const leader = node(1, "leader", 4, [1, 2, 4, 4], { 2: 3, 3: 2 });
    const follower = node(2, "follower", 4, [1, 2, 4]);
    const newer = node(3, "follower", 5, [1, 5]);
    expect(checkMatchIndexes(leader, [leader, follower, newer]), "nothing false").toBe(undefined);
  });
});

describe("commit-majority: a committed entry is stored on a majority", () => {
  const leader = node(1, "leader", 2, [1, 2]);
  const withIt = logOf([
    { term: 1, command: [] },
    { term: 2, command: [] },
  ]);
  const without = logOf([{ term: 1, command: [] }]);

  test("on 2 of 5 nodes: reported", () => {
    const wrong = checkCommitOnMajority(leader, 2, [withIt, withIt, without, without, without]);
    expect(wrong, "§5.3: committed = stored on a majority").toMatch(/2 of 5/);
  });

  test("on 3 of 5 (or 2 of 3) nodes: fine", () => {
    expect(checkCommitOnMajority(leader, 2, [withIt, withIt, withIt, without, without])).toBe(
      undefined,
    );
    expect(checkCommitOnMajority(leader, 2, [withIt, without, withIt])).toBe(undefined);
  });
});

describe("logs compacted into a snapshot (stage 10, §7)", () => {
  /** A log whose first `snapshotIndex` entries are compacted; one entry per term listed after. */
  function compacted(
    id: number,
    role: string,
    term: number,
    snapshotIndex: number,
    terms: number[],
  ) {
    const log = logOf(
      terms.map((t) => ({ term: t, command: [] })),
      snapshotIndex,
    );
    return { id, role, term, log, progressOf: () => ({ matchIndex: snapshotIndex }) };
  }

  test("an index inside a snapshot is not compared; one above it still is", () => {
    const leader = node(1, "leader", 3, [1, 1, 3, 3]);
    const follower = compacted(2, "follower", 3, 3, [3]);
    expect(
      checkAcknowledgement(follower, success(2, 1, 3, 3), leader),
      "matchIndex 3 is the follower's snapshot index: compacted, committed, nothing to compare",
    ).toBeUndefined();
    expect(
      checkAcknowledgement(compacted(2, "follower", 3, 3, [2]), success(2, 1, 3, 4), leader),
      "§5.3: above the snapshot, entry 4 of term 2 against the leader's term 3 is reported",
    ).toMatch(/§5\.3/);
  });

  test("a snapshot covering the committed index counts as a copy of it", () => {
    const leader = node(1, "leader", 3, [1, 1, 3]);
    const copies = [leader.log, compacted(2, "follower", 3, 3, []).log, logOf([])];
    expect(
      checkCommitOnMajority(leader, 3, copies),
      "§5.3: the leader and a follower whose snapshot covers index 3 are a majority of 3",
    ).toBeUndefined();
    expect(
      checkCommitOnMajority(leader, 3, [leader.log, logOf([]), logOf([])]),
      "§5.3: one copy of 3 is no majority",
    ).toMatch(/§5\.3/);
  });
});
