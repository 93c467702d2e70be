// Figure 7 of the Raft paper (§5.3): a leader at the start of term 8 and six followers whose
// logs diverged in different ways. The leader appends its next entry (index 11, term 8) and
// sends AppendEntries with prevIndex 10, prevTerm 6; followers that fail make it back off.
import { describe, expect, test } from "vitest";
import { type AppendResult, type Entry, RaftLog } from "#stage";

function logOfTerms(terms: readonly number[], tag: string): RaftLog {
  return new RaftLog(terms.map((term, i) => ({ term, command: ["SET", `${tag}${i + 1}`, "v"] })));
}

const leaderTerms = [1, 1, 1, 4, 4, 5, 5, 6, 6, 6];

interface Case {
  readonly follower: string;
  readonly terms: readonly number[];
  /** Outcome of AppendEntries(prevIndex 10, prevTerm 6, [index 11, term 8]). */
  readonly first: { ok: true; truncatedFrom: number | undefined } | { ok: false; reason: string };
  /** AppendEntries calls until one succeeds, backing off nextIndex by one each time. */
  readonly attempts: number;
  /** prevIndex of the request that succeeded. */
  readonly matchedAt: number;
  /** truncatedFrom of the request that succeeded. */
  readonly truncatedFrom: number | undefined;
}

const cases: Case[] = [
  {
    follower: "a",
    terms: [1, 1, 1, 4, 4, 5, 5, 6, 6],
    first: { ok: false, reason: "missing" },
    attempts: 2,
    matchedAt: 9,
    truncatedFrom: undefined,
  },
  {
    follower: "b",
    terms: [1, 1, 1, 4],
    first: { ok: false, reason: "missing" },
    attempts: 7,
    matchedAt: 4,
    truncatedFrom: undefined,
  },
  {
    follower: "c",
    terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 6],
    first: { ok: true, truncatedFrom: 11 },
    attempts: 1,
    matchedAt: 10,
    truncatedFrom: 11,
  },
  {
    follower: "d",
    terms: [1, 1, 1, 4, 4, 5, 5, 6, 6, 6, 7, 7],
    first: { ok: true, truncatedFrom: 11 },
    attempts: 1,
    matchedAt: 10,
    truncatedFrom: 11,
  },
  {
    follower: "e",
    terms: [1, 1, 1, 4, 4, 4, 4],
    first: { ok: false, reason: "missing" },
    attempts: 6,
    matchedAt: 5,
    truncatedFrom: 6,
  },
  {
    follower: "f",
    terms: [1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3],
    first: { ok: false, reason: "term-mismatch" },
    attempts: 8,
    matchedAt: 3,
    truncatedFrom: 4,
  },
];

/** The leader of term 8 after appending its next entry: index 11, term 8. */
function leaderLog(): RaftLog {
  const leader = logOfTerms(leaderTerms, "L");
  expect(leader.append({ term: 8, command: ["SET", "L11", "v"] }), "the new entry's index").toBe(
    11,
  );
  return leader;
}

function request(leader: RaftLog, nextIndex: number): [number, number, Entry[]] {
  const prevIndex = nextIndex - 1;
  return [prevIndex, leader.termAt(prevIndex) ?? -1, leader.slice(nextIndex)];
}

function outcome(result: AppendResult) {
  return result.ok
    ? { ok: true, truncatedFrom: result.truncatedFrom }
    : { ok: false, reason: result.reason };
}

describe("Figure 7: the leader's AppendEntries for index 11 (term 8, prevIndex 10, prevTerm 6)", () => {
  test.each(cases)("follower ($follower)", ({ follower, terms, first }) => {
    const log = logOfTerms(terms, follower);
    const result = log.appendEntries(10, 6, [{ term: 8, command: ["SET", "L11", "v"] }]);
    expect(
      outcome(result),
      `Figure 7 (${follower}): §5.3 consistency check at prevIndex 10 with prevTerm 6`,
    ).toEqual(first);
    const expectedTerms = result.ok ? [...leaderTerms, 8] : terms;
    expect(
      log.slice(1).map((e) => e.term),
      result.ok
        ? `Figure 7 (${follower}): rule 3 deletes the conflicting entries from 11, rule 4 appends term 8`
        : `Figure 7 (${follower}): a failed check leaves the log unchanged`,
    ).toEqual(expectedTerms);
  });
});

describe("Figure 7: the leader backs off nextIndex until the logs match (§5.3)", () => {
  test.each(cases)("follower ($follower) ends with the leader's log", (c) => {
    const leader = leaderLog();
    const log = logOfTerms(c.terms, c.follower);
    let nextIndex = leader.lastIndex();
    let attempts = 0;
    let result: AppendResult;
    for (;;) {
      attempts++;
      const [prevIndex, prevTerm, entries] = request(leader, nextIndex);
      result = log.appendEntries(prevIndex, prevTerm, entries);
      if (result.ok || nextIndex === 1) break;
      nextIndex--;
    }
    expect(
      result.ok,
      `follower (${c.follower}): some prevIndex must match (index 0 always does)`,
    ).toBe(true);
    expect(
      { attempts, matchedAt: nextIndex - 1 },
      `follower (${c.follower}): the first index where the logs agree (Log Matching, §5.3)`,
    ).toEqual({ attempts: c.attempts, matchedAt: c.matchedAt });
    if (result.ok) {
      expect(
        result.truncatedFrom,
        `follower (${c.follower}): rule 3 deletes from the first conflicting entry`,
      ).toBe(c.truncatedFrom);
      expect(result.lastNewIndex, "the request carried entries up to 11").toBe(11);
    }
    expect(
      log.slice(1).map((e) => e.term),
      `follower (${c.follower}): after AppendEntries succeeds, the follower's log equals the leader's`,
    ).toEqual(leader.slice(1).map((e) => e.term));
    expect(
      log.slice(1).map((e) => e.command),
      `follower (${c.follower}): entries after the match point are the leader's own`,
    ).toEqual([
      ...log.slice(1, c.matchedAt).map((e) => e.command),
      ...leader.slice(c.matchedAt + 1).map((e) => e.command),
    ]);
  });

  test("conflict-term back-off skips a whole term per round trip (§5.3, end)", () => {
    // Follower (f) answers with the term of its conflicting entry and the first index of that
    // term; the leader jumps past the follower's whole term in one step.
    const leader = leaderLog();
    const follower = logOfTerms(cases[5]!.terms, "f");
    let nextIndex = 11;
    const visited: number[] = [];
    for (let round = 0; round < 11; round++) {
      const [prevIndex, prevTerm, entries] = request(leader, nextIndex);
      visited.push(prevIndex);
      const result = follower.appendEntries(prevIndex, prevTerm, entries);
      if (result.ok) break;
      const conflictTerm = follower.termAt(prevIndex);
      if (conflictTerm === undefined) {
        nextIndex = follower.lastIndex() + 1;
        continue;
      }
      const firstOfTerm = follower.firstIndexOfTerm(conflictTerm);
      const leaderLast = leader.lastIndexOfTerm(conflictTerm);
      expect(
        firstOfTerm,
        "the conflicting entry's term appears in the follower's log",
      ).toBeDefined();
      nextIndex = leaderLast !== undefined ? leaderLast + 1 : (firstOfTerm ?? 1);
    }
    expect(visited, "prevIndex 10 (term 3), 6 (term 2), then 3 matches").toEqual([10, 6, 3]);
    expect(
      follower.slice(1).map((e) => e.term),
      "after the back-off the follower's log equals the leader's",
    ).toEqual(leader.slice(1).map((e) => e.term));
  });
});
