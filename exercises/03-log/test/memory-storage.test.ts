// MemoryStorage's crash model: only synced data survives a crash (what the simulator of stage
// 08 relies on), and a torn write keeps a prefix of the unsynced entries.
import { describe, expect, test } from "vitest";
import { type Entry, MemoryStorage } from "#stage";

function entries(fromIndex: number, terms: readonly number[], tag = "v"): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `k${fromIndex + i}`, tag] }));
}

function synced(terms: readonly number[]): MemoryStorage {
  const storage = new MemoryStorage();
  storage.writeEntries(1, entries(1, terms));
  storage.sync();
  return storage;
}

describe("MemoryStorage", () => {
  test("a crash loses the unsynced writes and keeps the synced ones", () => {
    const storage = synced([1, 1, 1]);
    storage.writeEntries(4, entries(4, [2, 2]));
    const after = storage.crash();
    expect(after.load().entries, "only synced data survives a crash").toEqual(
      entries(1, [1, 1, 1]),
    );
  });

  test("a crash loses an unsynced truncation too", () => {
    const storage = synced([1, 1, 1, 1]);
    storage.writeEntries(2, entries(2, [2], "new"));
    expect(
      storage.crash().load().entries,
      "the deletion of entries 2..4 was never synced: the old entries come back",
    ).toEqual(entries(1, [1, 1, 1, 1]));
  });

  test("load shows what is durable now, not the pending writes", () => {
    const storage = synced([1]);
    storage.writeEntries(2, entries(2, [1]));
    expect(storage.load().entries, "load() before sync: the pending write is not durable").toEqual(
      entries(1, [1]),
    );
    expect(storage.hasUnsyncedWrites(), "one write is pending").toBe(true);
    storage.sync();
    expect(storage.hasUnsyncedWrites(), "sync leaves nothing pending").toBe(false);
    expect(storage.load().entries.length, "after sync the write is durable").toBe(2);
  });

  test("the hard state is durable as soon as saveHardState returns", () => {
    const storage = new MemoryStorage();
    storage.saveHardState({ term: 7, votedFor: 3 });
    expect(storage.crash().load().hardState, "no sync needed for term and vote").toEqual({
      term: 7,
      votedFor: 3,
    });
  });

  test("a torn crash keeps the first k unsynced entries, in write order", () => {
    const make = () => {
      const storage = synced([1, 1]);
      storage.writeEntries(3, entries(3, [2, 2], "a"));
      storage.writeEntries(5, entries(5, [3, 3], "b"));
      return storage;
    };
    expect(make().crash(0).load().entries.length, "k = 0: nothing unsynced survives").toBe(2);
    expect(make().crash(1).load().entries, "k = 1: the first unsynced entry survives").toEqual([
      ...entries(1, [1, 1]),
      ...entries(3, [2], "a"),
    ]);
    expect(make().crash(3).load().entries, "k = 3: the first write and half the second").toEqual([
      ...entries(1, [1, 1]),
      ...entries(3, [2, 2], "a"),
      ...entries(5, [3], "b"),
    ]);
    expect(make().crash(99).load().entries.length, "k ≥ all: every write survives").toBe(6);
  });

  test("a torn crash counts a write's truncation as a step of its own (the file cut, no new record yet)", () => {
    const make = () => {
      const storage = synced([1, 1, 1, 1]);
      storage.writeEntries(2, entries(2, [2, 2], "new"));
      return storage;
    };
    expect(make().crash(0).load().entries, "k = 0: the old log, untouched").toEqual(
      entries(1, [1, 1, 1, 1]),
    );
    expect(
      make().crash(1).load().entries,
      "k = 1: the truncation at 2 reached the disk, none of the new entries did (as a power cut can leave a file)",
    ).toEqual(entries(1, [1]));
    expect(make().crash(2).load().entries, "k = 2: truncated at 2, one new entry").toEqual([
      ...entries(1, [1]),
      ...entries(2, [2], "new"),
    ]);
    expect(make().crash(3).load().entries, "k = 3: the whole write").toEqual([
      ...entries(1, [1]),
      ...entries(2, [2, 2], "new"),
    ]);
  });

  test("after a crash the old storage is dead; the returned one is a fresh start", () => {
    const storage = synced([1]);
    const restarted = storage.crash();
    expect(
      () => storage.writeEntries(2, entries(2, [1])),
      "a crashed storage refuses work",
    ).toThrow();
    restarted.writeEntries(2, entries(2, [1]));
    restarted.sync();
    expect(restarted.load().entries.length, "the restarted storage works").toBe(2);
  });

  test("it can start from a given durable image", () => {
    const storage = new MemoryStorage({
      hardState: { term: 2, votedFor: 1 },
      entries: entries(1, [1, 2]),
    });
    expect(storage.load(), "the image given to the constructor is durable").toEqual({
      hardState: { term: 2, votedFor: 1 },
      entries: entries(1, [1, 2]),
    });
  });
});
