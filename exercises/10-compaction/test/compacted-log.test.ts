// The compacted log (Raft paper §7, Figure 12): a snapshot base (snapshotIndex, snapshotTerm)
// and the entries after it. Every §5.3 rule of stage 03's log keeps working across the boundary.
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { CompactedLog, type Entry, RaftLog } from "#stage";

/** Entries with the given terms; each command names its tag and position. */
function entries(terms: readonly number[], tag = "e", firstIndex = 1): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `${tag}${firstIndex + i}`, `${term}`] }));
}

/** The terms of the entries the log still holds, from its first one on. */
function heldTerms(log: CompactedLog): number[] {
  return log.slice(log.firstIndex()).map((entry) => entry.term);
}

/** A log whose snapshot covers 1..5 (last term 2) and holds entries 6..8 (terms 2, 3, 3). */
function logAfterSnapshot(): CompactedLog {
  return new CompactedLog({ snapshotIndex: 5, snapshotTerm: 2 }, entries([2, 3, 3], "e", 6));
}

describe("CompactedLog: the snapshot base", () => {
  test("without a snapshot it is stage 03's log: index 0 has term 0, indexes start at 1", () => {
    const log = new CompactedLog(undefined, entries([1, 1, 2]));
    expect(log.snapshotIndex, "no snapshot: snapshotIndex 0").toBe(0);
    expect(log.snapshotTerm, "no snapshot: snapshotTerm 0").toBe(0);
    expect(log.termAt(0), "index 0 has term 0: it always matches (§5.3)").toBe(0);
    expect(log.lastIndex(), "three entries: last index 3").toBe(3);
    expect(log.lastTerm(), "term of the last entry").toBe(2);
    expect(log.entryAt(1)?.command, "the first entry is at index 1").toEqual(["SET", "e1", "1"]);
  });

  test("indexes keep their meaning: entries after the snapshot sit at their old indexes", () => {
    const log = logAfterSnapshot();
    expect(log.snapshotIndex, "the snapshot's lastIncludedIndex").toBe(5);
    expect(log.snapshotTerm, "the snapshot's lastIncludedTerm").toBe(2);
    expect(log.firstIndex(), "the first entry held follows the snapshot").toBe(6);
    expect(log.lastIndex(), "last index counts the snapshot's entries: 5 + 3").toBe(8);
    expect(log.lastTerm(), "term of the last entry").toBe(3);
    expect(log.entryAt(6)?.command, "entry 6 is still entry 6").toEqual(["SET", "e6", "2"]);
    expect(log.termAt(7), "term of entry 7").toBe(3);
    expect(log.termAt(9), "past the end there is no entry").toBeUndefined();
    expect(
      log.slice(7, 8).map((entry) => entry.command[1]),
      "slice(from, to) by log index, inclusive",
    ).toEqual(["e7", "e8"]);
  });

  test("§7: termAt(snapshotIndex) is the snapshot's term; entries it covers are gone", () => {
    const log = logAfterSnapshot();
    expect(
      log.termAt(5),
      "§7: the snapshot keeps lastIncludedTerm so the §5.3 check works for entry 6",
    ).toBe(2);
    expect(log.termAt(4), "an entry the snapshot covers has no term any more").toBeUndefined();
    expect(log.termAt(0), "index 0 comes before every log: term 0, matched by anyone").toBe(0);
    expect(
      log.entryAt(5),
      "the snapshot's last entry is gone (only its term is kept)",
    ).toBeUndefined();
    expect(log.entryAt(1), "entries the snapshot covers are gone").toBeUndefined();
    expect(
      log.slice(1).map((entry) => entry.command[1]),
      "slice is clipped to the entries held",
    ).toEqual(["e6", "e7", "e8"]);
  });

  test("§5.4.1: with no entry after the snapshot, lastIndex and lastTerm are the snapshot's", () => {
    const log = new CompactedLog({ snapshotIndex: 9, snapshotTerm: 4 });
    expect(log.lastIndex(), "an empty log after a snapshot ends at the snapshot's index").toBe(9);
    expect(
      log.lastTerm(),
      "§5.4.1 compares last terms: the snapshot's term, not 0, or any candidate would win this vote",
    ).toBe(4);
    expect(log.slice(1), "no entries held").toEqual([]);
  });
});

describe("CompactedLog: appending and compacting", () => {
  test("a leader appends after the snapshot at the next log index; terms never go down", () => {
    const log = new CompactedLog({ snapshotIndex: 9, snapshotTerm: 4 });
    expect(
      () => log.append({ term: 3, command: [] }),
      "§5.3: terms never decrease, across the snapshot too (entry 9 has term 4)",
    ).toThrow();
    expect(log.append({ term: 4, command: ["SET", "x", "1"] }), "the next index is 10").toBe(10);
    expect(log.lastIndex(), "one entry after the snapshot").toBe(10);
  });

  test("compact(k) forgets entries through k and keeps k's term; the rest keep their indexes", () => {
    const log = new CompactedLog(undefined, entries([1, 1, 2, 3, 3]));
    expect(log.compact(3), "compacting through 3 changes the log").toBe(true);
    expect(log.snapshotIndex, "snapshotIndex is the compacted-through index").toBe(3);
    expect(log.snapshotTerm, "snapshotTerm is the term entry 3 had").toBe(2);
    expect(log.entryAt(3), "entry 3 is gone").toBeUndefined();
    expect(log.entryAt(4)?.command, "entry 4 stays entry 4").toEqual(["SET", "e4", "3"]);
    expect(log.lastIndex(), "compaction does not change the last index").toBe(5);
    expect(log.compact(2), "already compacted through 3: nothing to do").toBe(false);
    expect(log.snapshotIndex, "an older compaction changes nothing").toBe(3);
    expect(log.compact(5), "compacting everything").toBe(true);
    expect(log.lastTerm(), "all compacted: the last term is the snapshot's").toBe(3);
    expect(() => log.compact(6), "no entry 6 to compact through").toThrow(RangeError);
  });
});

describe("CompactedLog: the §5.3 consistency check across the boundary", () => {
  test("prevIndex = snapshotIndex matches on the snapshot's term", () => {
    const log = new CompactedLog({ snapshotIndex: 5, snapshotTerm: 2 });
    const result = log.appendEntries(5, 2, entries([2, 3], "L", 6));
    expect(result, "§5.3: prevIndex 5 with prevTerm 2 matches the snapshot's last entry").toEqual({
      ok: true,
      lastNewIndex: 7,
      truncatedFrom: undefined,
    });
    expect(heldTerms(log), "the entries follow the snapshot").toEqual([2, 3]);
  });

  test("prevIndex = snapshotIndex with another term is a term mismatch", () => {
    const log = new CompactedLog({ snapshotIndex: 5, snapshotTerm: 2 });
    const result = log.appendEntries(5, 1, entries([3], "L", 6));
    expect(result, "§5.3: the term at prevIndex must equal prevTerm, at the snapshot too").toEqual({
      ok: false,
      reason: "term-mismatch",
    });
    expect(log.lastIndex(), "a failed check changes nothing").toBe(5);
  });

  test("prevIndex above the snapshot: the usual rules, with log indexes", () => {
    const log = logAfterSnapshot();
    expect(log.appendEntries(9, 3, []), "§5.3: no entry 9: missing").toEqual({
      ok: false,
      reason: "missing",
    });
    expect(log.appendEntries(7, 2, []), "§5.3: entry 7 has term 3, not 2").toEqual({
      ok: false,
      reason: "term-mismatch",
    });
    const result = log.appendEntries(6, 2, entries([4], "L", 7));
    expect(
      result,
      "§5.3 rule 3: entry 7 conflicts (term 3 vs 4): it and all after it go; truncatedFrom is a log index",
    ).toEqual({ ok: true, lastNewIndex: 7, truncatedFrom: 7 });
    expect(heldTerms(log), "entries 6..7 after the replacement").toEqual([2, 4]);
  });

  test("prevIndex below the snapshot: entries the snapshot covers are skipped, the rest appended", () => {
    const log = logAfterSnapshot();
    // The leader probes from index 3: entries 4..5 are committed (in our snapshot), 6..7 we hold.
    const sent = [...entries([2, 2], "L", 4), ...entries([2, 3], "e", 6), ...entries([3], "L", 8)];
    const result = log.appendEntries(3, 1, sent);
    expect(
      result,
      "§7: committed entries match any current leader's (Leader Completeness): the request succeeds",
    ).toEqual({ ok: true, lastNewIndex: 8, truncatedFrom: undefined });
    expect(log.snapshotIndex, "the snapshot is untouched").toBe(5);
    expect(heldTerms(log), "entries 6..8 unchanged: they already matched").toEqual([2, 3, 3]);
  });

  test("prevIndex below the snapshot, a conflict after it: the conflicting suffix is replaced", () => {
    const log = logAfterSnapshot();
    const sent = [...entries([2, 2], "L", 5), ...entries([4, 4, 4], "L", 7)];
    const result = log.appendEntries(4, 2, sent);
    expect(
      result,
      "§5.3 rule 3 after the boundary: entry 7 conflicts; truncatedFrom 7, last new index 4 + 5",
    ).toEqual({ ok: true, lastNewIndex: 9, truncatedFrom: 7 });
    expect(heldTerms(log), "entry 6 kept, 7..9 the leader's").toEqual([2, 4, 4, 4]);
  });

  test("a request entirely inside the snapshot succeeds and changes nothing", () => {
    const log = logAfterSnapshot();
    const result = log.appendEntries(1, 1, entries([1, 2], "L", 2));
    expect(
      result,
      "§7: a late request for entries the snapshot covers: they are committed, so they match",
    ).toEqual({ ok: true, lastNewIndex: 3, truncatedFrom: undefined });
    expect(heldTerms(log), "nothing changed").toEqual([2, 3, 3]);
    expect(log.snapshotIndex, "the snapshot is untouched").toBe(5);
  });

  test("conflict hints count the snapshot's last entry as an entry of its term", () => {
    const log = logAfterSnapshot();
    expect(log.firstIndexOfTerm(2), "term 2 is first known at the snapshot's index").toBe(5);
    expect(log.lastIndexOfTerm(2), "the last entry of term 2 is entry 6").toBe(6);
    expect(log.firstIndexOfTerm(3), "term 3 starts at 7").toBe(7);
    expect(log.lastIndexOfTerm(3), "term 3 ends at 8").toBe(8);
    expect(log.firstIndexOfTerm(1), "term 1 is inside the snapshot: unknown").toBeUndefined();
    const onlySnapshot = new CompactedLog({ snapshotIndex: 5, snapshotTerm: 2 });
    expect(
      onlySnapshot.lastIndexOfTerm(2),
      "§5.3 back-off: the leader's last entry of the conflicting term may be its snapshot's",
    ).toBe(5);
  });

  test("a property: compacting a committed prefix changes no answer of the §5.3 check", () => {
    const [seed] = testSeeds(1);
    const terms = (max: number) => fc.array(fc.integer({ min: 1, max }), { maxLength: 8 });
    const sorted = (values: number[]) => [...values].sort((a, b) => a - b);
    fc.assert(
      fc.property(terms(2), terms(4), terms(4), fc.nat(8), fc.nat(16), (common, f, l, cut, at) => {
        // A committed prefix both logs share, then each its own (later-term) suffix.
        const prefix = sorted(common);
        const top = prefix.at(-1) ?? 1;
        const follower = entries([...prefix, ...sorted(f).map((t) => t + top)], "F");
        const leader = entries([...prefix, ...sorted(l).map((t) => t + top)], "L");
        for (let i = 0; i < prefix.length; i++) leader[i] = follower[i]!;
        const snapshotIndex = Math.min(cut, prefix.length);
        const plain = new RaftLog(follower);
        const compacted = new CompactedLog(undefined, follower);
        compacted.compact(snapshotIndex);
        const prevIndex = Math.min(at, leader.length);
        const prevTerm = prevIndex === 0 ? 0 : leader[prevIndex - 1]!.term;
        const sent = leader.slice(prevIndex);
        const expected = plain.appendEntries(prevIndex, prevTerm, sent);
        const actual = compacted.appendEntries(prevIndex, prevTerm, sent);
        expect(
          actual,
          `§7: the same answer as the uncompacted log (snapshot at ${snapshotIndex})`,
        ).toEqual(expected);
        expect(compacted.lastIndex(), "the same last index").toBe(plain.lastIndex());
        expect(compacted.slice(snapshotIndex + 1), "the same entries after the snapshot").toEqual(
          plain.slice(snapshotIndex + 1),
        );
      }),
      { seed, numRuns: 300 },
    );
  });
});

describe("CompactedLog: installing a leader's snapshot (§7 receiver rules 6–7)", () => {
  test("the log holds the snapshot's last entry: the entries after it are kept", () => {
    const log = new CompactedLog(undefined, entries([1, 1, 2, 2, 3]));
    expect(log.installSnapshot(3, 2), "entry 3 has term 2: rule 6").toBe("kept-suffix");
    expect(log.snapshotIndex, "the snapshot now covers 1..3").toBe(3);
    expect(log.snapshotTerm, "with the snapshot's term").toBe(2);
    expect(
      heldTerms(log),
      "§7 rule 6: retain the log entries following the snapshot's last entry",
    ).toEqual([2, 3]);
  });

  test("the entry at lastIncludedIndex has another term: the whole log is discarded", () => {
    const log = new CompactedLog(undefined, entries([1, 1, 2, 2, 3]));
    expect(log.installSnapshot(3, 3), "entry 3 has term 2, not 3").toBe("discarded-log");
    expect(
      log.lastIndex(),
      "§7 rule 7: discard the entire log: nothing after the snapshot survives",
    ).toBe(3);
    expect(log.lastTerm(), "the log is now the snapshot alone").toBe(3);
    expect(log.slice(1), "no entries held").toEqual([]);
  });

  test("a snapshot past the end of the log discards it", () => {
    const log = new CompactedLog(undefined, entries([1, 1]));
    expect(log.installSnapshot(10, 4), "no entry 10: rule 7").toBe("discarded-log");
    expect(log.lastIndex(), "the log is the snapshot: last index 10").toBe(10);
    expect(log.append({ term: 4, command: [] }), "the next entry is 11").toBe(11);
  });

  test("a snapshot the log already covers changes nothing", () => {
    const log = logAfterSnapshot();
    expect(log.installSnapshot(4, 2), "an older snapshot than the one we have").toBe("stale");
    expect(log.installSnapshot(5, 2), "the same snapshot again").toBe("stale");
    expect(log.snapshotIndex, "the snapshot is unchanged").toBe(5);
    expect(heldTerms(log), "the entries are unchanged").toEqual([2, 3, 3]);
  });
});
