// The follower's side of AppendEntries (Raft §5.3; Figure 2, "AppendEntries RPC, receiver
// implementation", rules 2–4), on the in-memory RaftLog.
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Entry, RaftLog } from "#stage";

/** Entries with the given terms; each command names its position so entries are distinguishable. */
function entries(terms: readonly number[], tag = "e"): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `${tag}${i + 1}`, String(term)] }));
}

function termsOf(log: RaftLog): number[] {
  return log.slice(1).map((entry) => entry.term);
}

describe("RaftLog basics", () => {
  test("an empty log has lastIndex 0 and lastTerm 0; index 0 has term 0", () => {
    const log = new RaftLog();
    expect(log.lastIndex(), "an empty log's last index is 0").toBe(0);
    expect(log.lastTerm(), "an empty log's last term is 0").toBe(0);
    expect(log.termAt(0), "index 0 (before the first entry) has term 0: it always matches").toBe(0);
    expect(log.termAt(1), "no entry at index 1 yet").toBeUndefined();
    expect(log.entryAt(1), "no entry at index 1 yet").toBeUndefined();
  });

  test("indexes start at 1; slice is inclusive at both ends", () => {
    const log = new RaftLog(entries([1, 1, 2, 3]));
    expect(log.lastIndex(), "four entries: last index 4").toBe(4);
    expect(log.lastTerm(), "term of the last entry").toBe(3);
    expect(log.entryAt(1)?.command, "the first entry is at index 1").toEqual(["SET", "e1", "1"]);
    expect(log.termAt(3), "term of the entry at index 3").toBe(2);
    expect(log.termAt(5), "past the end there is no entry").toBeUndefined();
    expect(
      log.slice(2, 3).map((e) => e.command[1]),
      "slice(from, to) includes both ends",
    ).toEqual(["e2", "e3"]);
    expect(log.slice(3).length, "slice(from) runs to the last entry").toBe(2);
  });

  test("a leader appends at the end and gets the new index; terms never go down", () => {
    const log = new RaftLog();
    expect(log.append({ term: 1, command: ["SET", "x", "1"] }), "first entry: index 1").toBe(1);
    expect(log.append({ term: 2, command: [] }), "second entry: index 2").toBe(2);
    expect(
      () => log.append({ term: 1, command: [] }),
      "§5.3: terms in a log never decrease",
    ).toThrow();
    expect(log.lastIndex(), "a refused append leaves the log as it was").toBe(2);
  });

  test("firstIndexOfTerm and lastIndexOfTerm find a term's run of entries", () => {
    const log = new RaftLog(entries([1, 1, 1, 2, 2, 2, 3, 3, 3, 3, 3]));
    expect(log.firstIndexOfTerm(3), "term 3 starts at index 7").toBe(7);
    expect(log.lastIndexOfTerm(3), "term 3 ends at index 11").toBe(11);
    expect(log.firstIndexOfTerm(2), "term 2 starts at index 4").toBe(4);
    expect(log.lastIndexOfTerm(2), "term 2 ends at index 6").toBe(6);
    expect(log.firstIndexOfTerm(5), "no entry of term 5").toBeUndefined();
    expect(log.lastIndexOfTerm(5), "no entry of term 5").toBeUndefined();
  });
});

describe("AppendEntries receiver rules (§5.3, Figure 2)", () => {
  test("rule 2: fails when there is no entry at prevIndex (prevIndex past the end)", () => {
    const log = new RaftLog(entries([1, 1]));
    const result = log.appendEntries(4, 1, entries([1]));
    expect(result.ok, "Figure 2 rule 2: no entry at prevIndex ⇒ reply false").toBe(false);
    if (!result.ok) expect(result.reason, "the reason is a missing entry").toBe("missing");
    expect(termsOf(log), "no holes: a failed check appends nothing").toEqual([1, 1]);
  });

  test("rule 2: fails when the entry at prevIndex has another term, and changes nothing", () => {
    const log = new RaftLog(entries([1, 1, 2]));
    const result = log.appendEntries(3, 3, entries([3]));
    expect(result.ok, "Figure 2 rule 2: term at prevIndex ≠ prevTerm ⇒ reply false").toBe(false);
    if (!result.ok) expect(result.reason, "the reason is a term mismatch").toBe("term-mismatch");
    expect(
      termsOf(log),
      "a failed consistency check deletes nothing (only rule 3 deletes)",
    ).toEqual([1, 1, 2]);
  });

  test("appending at the very start (prevIndex 0) always passes the check", () => {
    const empty = new RaftLog();
    expect(empty.appendEntries(0, 0, entries([1, 1])).ok, "index 0 always matches").toBe(true);
    expect(termsOf(empty), "both entries appended").toEqual([1, 1]);
    const other = new RaftLog(entries([1, 2, 2]));
    const result = other.appendEntries(0, 0, entries([1, 3]));
    expect(result.ok, "index 0 matches even in a non-empty log").toBe(true);
    expect(termsOf(other), "rule 3: conflict at index 2 deleted from there on").toEqual([1, 3]);
  });

  test("an empty entries list is a valid consistency check (a heartbeat) and changes nothing", () => {
    const log = new RaftLog(entries([1, 1, 2, 2]));
    const result = log.appendEntries(2, 1, []);
    expect(result.ok, "entry at prevIndex 2 has prevTerm 1 ⇒ success").toBe(true);
    if (result.ok) {
      expect(result.lastNewIndex, "index of the last new entry = prevIndex").toBe(2);
      expect(result.truncatedFrom, "a heartbeat deletes nothing").toBeUndefined();
    }
    expect(
      termsOf(log),
      "§5.3: entries after prevIndex are not deleted unless they conflict",
    ).toEqual([1, 1, 2, 2]);
    expect(log.appendEntries(2, 2, []).ok, "an empty request still checks prevTerm").toBe(false);
    expect(log.appendEntries(5, 2, []).ok, "an empty request still checks prevIndex").toBe(false);
  });

  test("rule 3: only the conflicting suffix is deleted; matching entries are kept", () => {
    const original = entries([1, 1, 2, 2, 2]);
    const log = new RaftLog(original);
    const result = log.appendEntries(2, 1, [{ term: 2, command: ["new3"] }, ...entries([3])]);
    expect(result.ok, "prevIndex 2 has term 1: success").toBe(true);
    if (result.ok) {
      expect(
        result.truncatedFrom,
        "§5.3 rule 3: truncatedFrom is the first index whose term differs (index 3 has the same term and is kept; index 4 conflicts)",
      ).toBe(4);
      expect(result.lastNewIndex, "the request's last entry is at index 4").toBe(4);
    }
    expect(termsOf(log), "index 3 matched (same term), index 4 replaced, 5 gone").toEqual([
      1, 1, 2, 3,
    ]);
    expect(
      log.entryAt(3),
      "rule 3: an entry with the same index and term is kept, not replaced (its command is the old one)",
    ).toEqual(original[2]);
  });

  test("rule 4: entries not already in the log are appended", () => {
    const log = new RaftLog(entries([1, 1]));
    const result = log.appendEntries(1, 1, entries([1, 2, 2]));
    expect(result.ok, "prevIndex 1 has term 1").toBe(true);
    if (result.ok)
      expect(
        result.truncatedFrom,
        "§5.3 rule 3: index 2 already holds an entry of the same term, so nothing conflicts and nothing is deleted (truncatedFrom undefined)",
      ).toBeUndefined();
    expect(termsOf(log), "index 2 matched; 3 and 4 appended").toEqual([1, 1, 2, 2]);
  });

  test("idempotent: repeating a request changes nothing", () => {
    const log = new RaftLog(entries([1, 1, 3]));
    const request = [2, 1, entries([1, 2, 2])] as const;
    const first = log.appendEntries(...request);
    const after = log.slice(1);
    const second = log.appendEntries(...request);
    expect(first.ok && second.ok, "both deliveries succeed").toBe(true);
    expect(log.slice(1), "a duplicate AppendEntries leaves the log as it was").toEqual(after);
    if (second.ok) {
      expect(
        second.truncatedFrom,
        "§5.3 rule 3: a duplicate matches every entry (same index, same term): it deletes nothing (truncatedFrom undefined)",
      ).toBeUndefined();
      expect(second.lastNewIndex, "same last new index").toBe(5);
    }
  });

  test("a stale, shorter request after a longer one never shortens the log", () => {
    const log = new RaftLog();
    log.appendEntries(0, 0, entries([1, 1, 1, 2]));
    const stale = log.appendEntries(0, 0, entries([1, 1]));
    expect(stale.ok, "the stale request's entries all match").toBe(true);
    if (stale.ok) {
      expect(stale.lastNewIndex, "lastNewIndex is the request's own last index").toBe(2);
      expect(
        stale.truncatedFrom,
        "§5.3 rule 3: the stale request's entries all match, so nothing is deleted (truncatedFrom undefined)",
      ).toBeUndefined();
    }
    expect(
      termsOf(log),
      "§5.3: delete only on conflict; a delayed request must not undo later entries",
    ).toEqual([1, 1, 1, 2]);
  });

  test("a property: after success, the log holds the request's entries right after prevIndex", () => {
    const [seed] = testSeeds(1);
    const termRun = fc.array(fc.integer({ min: 1, max: 4 }), { maxLength: 12 });
    const sorted = (terms: number[]) => [...terms].sort((a, b) => a - b);
    fc.assert(
      fc.property(termRun, termRun, fc.nat(12), (followerTerms, leaderTerms, cut) => {
        const leader = entries(sorted(leaderTerms), "L");
        const follower = new RaftLog(entries(sorted(followerTerms), "F"));
        const before = follower.slice(1);
        const prevIndex = Math.min(cut, leader.length);
        const prevTerm = prevIndex === 0 ? 0 : leader[prevIndex - 1]!.term;
        const sent = leader.slice(prevIndex);
        const result = follower.appendEntries(prevIndex, prevTerm, sent);
        if (!result.ok) {
          expect(follower.slice(1), "a failed check changes nothing").toEqual(before);
          return;
        }
        expect(
          follower.slice(prevIndex + 1, prevIndex + sent.length).map((e) => e.term),
          "after success the request's entries follow prevIndex",
        ).toEqual(sent.map((e) => e.term));
        expect(follower.slice(1, prevIndex), "entries up to prevIndex are untouched").toEqual(
          before.slice(0, prevIndex),
        );
      }),
      { seed, numRuns: 300 },
    );
  });
});
