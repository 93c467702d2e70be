// What every Storage promises (Figure 2, "Persistent state on all servers": currentTerm, votedFor,
// log[]), checked against both implementations. "Restart" means: for MemoryStorage, a crash
// (only synced data survives); for FileStorage, close and open the directory again.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type Entry, FileStorage, MemoryStorage, type Storage } from "#stage";

interface Subject {
  storage: Storage;
  /** The storage as a restarted server finds it. */
  restart(): Storage;
}

const cleanups: Array<() => void> = [];
afterEach(() => {
  for (const cleanup of cleanups.splice(0)) cleanup();
});

function quietly(action: () => void): void {
  try {
    action();
  } catch {
    // cleanup after a failed test: the storage may be half-built or already closed
  }
}

const implementations: Array<{ name: string; create(): Subject }> = [
  {
    name: "MemoryStorage",
    create() {
      let storage = new MemoryStorage();
      return {
        storage,
        restart() {
          storage = storage.crash();
          return storage;
        },
      };
    },
  },
  {
    name: "FileStorage",
    create() {
      const dir = mkdtempSync(join(tmpdir(), "rafting-03-contract-"));
      let current: Storage | undefined;
      cleanups.push(() => {
        if (current) quietly(() => current?.close());
        rmSync(dir, { recursive: true, force: true });
      });
      current = FileStorage.open(dir).storage;
      return {
        storage: current,
        restart() {
          current?.close();
          current = FileStorage.open(dir).storage;
          return current;
        },
      };
    },
  },
];

/** Entries whose commands say where they belong; bytes 0x00 and 0xff check binary safety. */
function entries(fromIndex: number, terms: readonly number[], tag = "v"): Entry[] {
  return terms.map((term, i) => ({
    term,
    command: ["SET", `key${fromIndex + i}`, `${tag}\u0000\u00ff${fromIndex + i}`],
  }));
}

describe.each(implementations)("Storage contract: $name", ({ create }) => {
  test("a new storage holds term 0, no vote and no entries", () => {
    const { storage } = create();
    expect(storage.load(), "nothing saved yet: term 0, votedFor null, empty log").toEqual({
      hardState: { term: 0, votedFor: null },
      entries: [],
    });
  });

  test("write, sync, load: the same entries come back, in order, byte for byte", () => {
    const { storage } = create();
    const written = [
      ...entries(1, [1, 1, 2]),
      { term: 2, command: [] },
      { term: 3, command: ["", "\u0080\u00fe"] },
    ];
    storage.writeEntries(1, written);
    storage.sync();
    expect(storage.load().entries, "load returns what was written and synced").toEqual(written);
  });

  test("synced entries survive a restart", () => {
    const subject = create();
    subject.storage.writeEntries(1, entries(1, [1, 1]));
    subject.storage.writeEntries(3, entries(3, [2]));
    subject.storage.sync();
    const restarted = subject.restart();
    expect(
      restarted.load().entries,
      "Figure 2: the log is persistent state; synced entries survive",
    ).toEqual(entries(1, [1, 1, 2]));
  });

  test("writing at an index ≤ the last deletes that entry and all after it (§5.3 rule 3)", () => {
    const subject = create();
    subject.storage.writeEntries(1, entries(1, [1, 1, 1, 1, 1]));
    subject.storage.sync();
    subject.storage.writeEntries(3, entries(3, [2], "new"));
    subject.storage.sync();
    const expected = [...entries(1, [1, 1]), ...entries(3, [2], "new")];
    expect(subject.storage.load().entries, "entries 3..5 replaced by the one new entry").toEqual(
      expected,
    );
    expect(subject.restart().load().entries, "the truncation is durable after sync").toEqual(
      expected,
    );
  });

  test("writing no entries at an index ≤ the last is a pure truncation", () => {
    const subject = create();
    subject.storage.writeEntries(1, entries(1, [1, 1, 1]));
    subject.storage.writeEntries(2, []);
    subject.storage.sync();
    expect(subject.restart().load().entries, "entries from index 2 are gone").toEqual(
      entries(1, [1]),
    );
  });

  test("after a truncation, appending continues from the new end", () => {
    const subject = create();
    subject.storage.writeEntries(1, entries(1, [1, 1, 1, 1]));
    subject.storage.writeEntries(2, entries(2, [2], "b"));
    subject.storage.writeEntries(3, entries(3, [2, 3], "c"));
    subject.storage.sync();
    const expected = [...entries(1, [1]), ...entries(2, [2], "b"), ...entries(3, [2, 3], "c")];
    expect(subject.restart().load().entries, "index 1, then 2 (b), then 3..4 (c)").toEqual(
      expected,
    );
  });

  test("writeEntries refuses holes and indexes below 1, and changes nothing", () => {
    const { storage } = create();
    storage.writeEntries(1, entries(1, [1, 1]));
    expect(
      () => storage.writeEntries(4, entries(4, [1])),
      "no holes: fromIndex ≤ last index + 1",
    ).toThrow();
    expect(() => storage.writeEntries(0, entries(0, [1])), "indexes start at 1").toThrow();
    expect(() => storage.writeEntries(1.5, []), "indexes are integers").toThrow();
    storage.sync();
    expect(storage.load().entries, "refused writes leave the log as it was").toEqual(
      entries(1, [1, 1]),
    );
  });

  test("entries that cannot be stored faithfully are refused", () => {
    const { storage } = create();
    expect(
      () => storage.writeEntries(1, [{ term: 1, command: ["SET", "x", "snow ☃"] }]),
      "commands are byte strings (latin1): a char above \\u00ff would be mangled",
    ).toThrow();
    expect(
      () => storage.writeEntries(1, [{ term: 0, command: [] }]),
      "entries are created in terms ≥ 1",
    ).toThrow();
  });

  test("hard state round trip: term and vote, then a new term with no vote", () => {
    const subject = create();
    subject.storage.saveHardState({ term: 3, votedFor: 2 });
    expect(subject.storage.load().hardState, "what was saved").toEqual({ term: 3, votedFor: 2 });
    let restarted = subject.restart();
    expect(
      restarted.load().hardState,
      "Figure 2: currentTerm and votedFor survive a restart (durable when saveHardState returns)",
    ).toEqual({ term: 3, votedFor: 2 });
    restarted.saveHardState({ term: 4, votedFor: null });
    restarted = subject.restart();
    expect(restarted.load().hardState, "the new term, and no vote in it").toEqual({
      term: 4,
      votedFor: null,
    });
  });

  test("node id 0 is a vote, not the absence of one", () => {
    const subject = create();
    subject.storage.saveHardState({ term: 1, votedFor: 0 });
    expect(subject.restart().load().hardState, "votedFor 0 ≠ null").toEqual({
      term: 1,
      votedFor: 0,
    });
  });

  test("an invalid hard state is refused", () => {
    const { storage } = create();
    expect(() => storage.saveHardState({ term: -1, votedFor: null }), "terms are ≥ 0").toThrow();
    expect(
      () => storage.saveHardState({ term: 1.5, votedFor: null }),
      "terms are integers",
    ).toThrow();
    expect(() => storage.saveHardState({ term: 1, votedFor: -3 }), "node ids are ≥ 0").toThrow();
  });

  test("many writes, one sync: all of them survive", () => {
    const subject = create();
    for (let index = 1; index <= 50; index++) {
      subject.storage.writeEntries(index, entries(index, [1 + Math.floor(index / 10)]));
    }
    subject.storage.sync();
    const loaded = subject.restart().load().entries;
    expect(loaded.length, "one sync makes every earlier write durable").toBe(50);
    expect(loaded[49], "the last entry intact").toEqual(entries(50, [6])[0]);
  });
});
