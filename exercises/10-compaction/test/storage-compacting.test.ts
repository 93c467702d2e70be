// CompactingStorage (src/compacting-storage.ts) without crashes: 03's Storage contract with
// indexes that go on after a snapshot, saveSnapshot and the §7 rule for the log it compacts, and a
// disk that stays bounded however long the server runs. Runs on a PowerLossDisk that never loses
// power (a disk in memory whose files the tests can list).
import { existsSync, mkdtempSync, readdirSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  CompactingStorage,
  type Entry,
  PowerLossDisk,
  type Snapshot,
  type StoredState,
} from "#stage";

const dir = "/data";
const entry = (term: number, n: number): Entry => ({ term, command: ["SET", `k${n}`, `v${n}`] });
/** Entries first..last, with term terms(i). */
const entries = (first: number, last: number, term: (i: number) => number = () => 1): Entry[] =>
  Array.from({ length: last - first + 1 }, (_, k) => entry(term(first + k), first + k));
const snapshotAt = (index: number, term: number, tag = index): Snapshot => ({
  lastIncludedIndex: index,
  lastIncludedTerm: term,
  data: Uint8Array.of(tag % 256, 42),
});

function openOn(disk: PowerLossDisk): CompactingStorage {
  return CompactingStorage.open(dir, { fileOps: disk }).storage;
}

function summary(state: StoredState) {
  return {
    hardState: state.hardState,
    snapshot: state.snapshot && {
      index: state.snapshot.lastIncludedIndex,
      term: state.snapshot.lastIncludedTerm,
      data: [...state.snapshot.data],
    },
    entries: state.entries,
  };
}

/** Bytes in every file under dir on disk. */
function diskBytes(disk: PowerLossDisk): number {
  let total = 0;
  for (const sub of [dir, `${dir}/log-0`, `${dir}/log-1`]) {
    for (const name of disk.list(sub)) total += disk.readFile(`${sub}/${name}`)?.length ?? 0;
  }
  return total;
}

describe("CompactingStorage: the Storage contract, before any snapshot", () => {
  test("a new storage is empty; entries, term and vote come back after a reopen", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    expect(summary(storage.load())).toEqual({
      hardState: { term: 0, votedFor: null },
      snapshot: undefined,
      entries: [],
    });
    storage.writeEntries(1, entries(1, 3));
    storage.sync();
    storage.saveHardState({ term: 1, votedFor: 2 });
    storage.close();
    expect(summary(openOn(disk).load())).toEqual({
      hardState: { term: 1, votedFor: 2 },
      snapshot: undefined,
      entries: entries(1, 3),
    });
  });
});

describe("CompactingStorage: saveSnapshot compacts the log (§7)", () => {
  test("the log keeps only the entries after lastIncludedIndex, across a reopen", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    storage.writeEntries(
      1,
      entries(1, 6, (i) => (i <= 3 ? 1 : 2)),
    );
    storage.sync();
    storage.saveHardState({ term: 2, votedFor: 1 });
    storage.saveSnapshot(snapshotAt(4, 2));
    const expected = {
      hardState: { term: 2, votedFor: 1 },
      snapshot: { index: 4, term: 2, data: [4, 42] },
      entries: entries(5, 6, () => 2),
    };
    expect(summary(storage.load()), "§7: the snapshot replaces entries 1..4").toEqual(expected);
    storage.close();
    expect(summary(openOn(disk).load()), "after a reopen").toEqual(expected);
  });

  test("indexes go on after the snapshot: appends, a §5.3 truncation, and writes inside it refused", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    storage.writeEntries(1, entries(1, 5));
    storage.saveSnapshot(snapshotAt(3, 1));
    storage.writeEntries(6, [entry(2, 6)]);
    storage.writeEntries(5, [entry(3, 5)]); // a conflict at 5: 5 and 6 go, the new 5 stays
    storage.sync();
    expect(storage.load().entries, "entries 4, then the new 5").toEqual([entry(1, 4), entry(3, 5)]);
    expect(
      () => storage.writeEntries(3, [entry(3, 3)]),
      "§7: entries through the snapshot's index are gone and cannot be rewritten",
    ).toThrow(RangeError);
    expect(() => storage.writeEntries(7, [entry(3, 7)]), "no holes: 6 is next").toThrow(RangeError);
    storage.close();
    expect(openOn(disk).load().entries).toEqual([entry(1, 4), entry(3, 5)]);
  });

  test("a snapshot past the end of the log (installed from a leader) empties the log", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    storage.writeEntries(1, entries(1, 3));
    storage.sync();
    storage.saveSnapshot(snapshotAt(10, 4));
    expect(storage.load().entries, "§7: the snapshot supersedes the whole log").toEqual([]);
    storage.writeEntries(11, [entry(4, 11)]);
    storage.sync();
    storage.close();
    const state = openOn(disk).load();
    expect(state.snapshot?.lastIncludedIndex).toBe(10);
    expect(state.entries, "entry 11 is the first after the snapshot").toEqual([entry(4, 11)]);
  });

  test("§7: a log whose entry at lastIncludedIndex has another term is discarded whole", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    storage.writeEntries(
      1,
      entries(1, 6, () => 1),
    );
    storage.sync();
    storage.saveSnapshot(snapshotAt(4, 2)); // the leader's entry 4 has term 2, ours term 1
    expect(
      storage.load().entries,
      "§7: entries after a conflicting one cannot be trusted: discard the entire log",
    ).toEqual([]);
    storage.close();
    expect(openOn(disk).load().entries).toEqual([]);
  });

  test("a snapshot that is not newer than the current one is refused", () => {
    const storage = openOn(new PowerLossDisk());
    storage.writeEntries(1, entries(1, 5));
    storage.saveSnapshot(snapshotAt(3, 1));
    expect(() => storage.saveSnapshot(snapshotAt(3, 1)), "the same index").toThrow(RangeError);
    expect(() => storage.saveSnapshot(snapshotAt(2, 1)), "an older one").toThrow(RangeError);
    expect(storage.load().snapshot?.lastIncludedIndex).toBe(3);
  });

  test("unsynced entries after the snapshot are kept too", () => {
    const storage = openOn(new PowerLossDisk());
    storage.writeEntries(1, entries(1, 4));
    storage.sync();
    storage.writeEntries(5, entries(5, 6));
    storage.saveSnapshot(snapshotAt(2, 1));
    expect(storage.load().entries).toEqual(entries(3, 6));
  });

  test("the disk stays bounded: after a compaction only the snapshot and the log after it remain", () => {
    const disk = new PowerLossDisk();
    const storage = openOn(disk);
    storage.writeEntries(1, entries(1, 50));
    storage.sync();
    const fiftyEntriesBytes = diskBytes(disk);
    const sizes: number[] = [];
    for (let round = 0; round < 12; round++) {
      const first = round * 50 + 1;
      if (round > 0) storage.writeEntries(first, entries(first, first + 49));
      storage.sync();
      storage.saveSnapshot(snapshotAt(first + 39, 1, round));
      sizes.push(diskBytes(disk));
    }
    expect(storage.load().entries, "entries after the last snapshot").toEqual(entries(591, 600));
    expect(
      Math.max(...sizes),
      `disk bytes after each compaction (${sizes.join(", ")}) against ${fiftyEntriesBytes} ` +
        "for a log of 50 entries: 10 entries and a small snapshot must take less (remove the " +
        "old log's files once the new one is current)",
    ).toBeLessThan(fiftyEntriesBytes);
  });

  test("a closed storage refuses every call", () => {
    const storage = openOn(new PowerLossDisk());
    storage.close();
    expect(() => storage.load()).toThrow(/closed/);
    expect(() => storage.saveSnapshot(snapshotAt(1, 1))).toThrow(/closed/);
  });
});

describe("CompactingStorage: on a real directory (node:fs)", () => {
  const dirs: string[] = [];
  afterEach(() => {
    for (const made of dirs.splice(0)) rmSync(made, { recursive: true, force: true });
  });

  test("write, compact twice, reopen: the files are the snapshot, the manifest and one log", () => {
    const real = mkdtempSync(join(tmpdir(), "rafting-10-storage-"));
    dirs.push(real);
    const storage = CompactingStorage.open(real).storage;
    storage.writeEntries(
      1,
      entries(1, 6, (i) => (i <= 3 ? 1 : 2)),
    );
    storage.sync();
    storage.saveHardState({ term: 2, votedFor: 0 });
    const firstLog = storage.logPath;
    storage.saveSnapshot(snapshotAt(3, 1));
    expect(storage.logPath, "a compaction moves the log to the other directory").not.toBe(firstLog);
    expect(existsSync(storage.logPath), `the current log ${storage.logPath} exists`).toBe(true);
    storage.writeEntries(
      7,
      entries(7, 8, () => 2),
    );
    storage.sync();
    storage.saveSnapshot(snapshotAt(7, 2));
    storage.close();
    const reopened = CompactingStorage.open(real);
    expect(reopened.recovery.finishedCompaction, "nothing was interrupted").toBe(false);
    expect(summary(reopened.storage.load())).toEqual({
      hardState: { term: 2, votedFor: 0 },
      snapshot: { index: 7, term: 2, data: [7, 42] },
      entries: [entry(2, 8)],
    });
    reopened.storage.close();
    const logFiles = ["log-0", "log-1"].map((sub) =>
      existsSync(join(real, sub)) ? readdirSync(join(real, sub)).length : 0,
    );
    expect(
      logFiles.filter((count) => count > 0).length,
      `files in log-0 and log-1: ${logFiles.join(", ")}; the old log's files are removed`,
    ).toBe(1);
  });
});
