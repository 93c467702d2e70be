// CompactingStorage (src/compacting-storage.ts) on a disk that loses power (03's PowerLossDisk:
// read its rules in 03's src/power-loss-disk.ts). The power goes out after each file operation
// of a compaction in turn, and every disk a restarted machine could find is opened again. After
// each one the server must find a snapshot and a log that fit together (§7, thesis 5.1):
//   - the snapshot is the old one or the new one (never none when one existed, never torn);
//   - the log goes on right after the snapshot's lastIncludedIndex, entry for entry as written;
//   - no synced entry is lost (it is in the snapshot or in the log): Figure 2, "updated on
//     stable storage before responding to RPCs": a leader may have counted it;
//   - the term and vote are the ones saved (§5.2: one vote per term);
// and it must go on working: write, compact and restart again.
import { describe, expect, test } from "vitest";
import {
  CompactingStorage,
  type CrashImage,
  type Entry,
  type HardState,
  PowerCut,
  PowerLossDisk,
  type Snapshot,
} from "#stage";

const dir = "/data";
const hardState: HardState = { term: 5, votedFor: 2 };
const terms = [1, 1, 2, 2, 2, 3, 3, 3, 3, 3];
/** The log every scenario writes: entry i has term terms[i - 1]. */
// Short commands: every byte of an unsynced write is a place a crash can tear it, and the
// crash images multiply.
const history: Entry[] = terms.map((term, i) => ({ term, command: [`${i + 1}`] }));
const snapshotAt = (index: number, term: number): Snapshot => ({
  lastIncludedIndex: index,
  lastIncludedTerm: term,
  data: Uint8Array.from({ length: 24 }, (_, i) => (index * 7 + i) % 256),
});

interface Scenario {
  readonly name: string;
  /** Builds the state before the compaction on a fresh disk, without power cuts. */
  readonly prepare: (storage: CompactingStorage) => void;
  /** Entries 1..synced are durable when the compaction starts; synced+1..written may not be. */
  readonly synced: number;
  readonly written: number;
  readonly before: Snapshot | undefined;
  readonly compaction: Snapshot;
  /** True when the new snapshot supersedes the whole log (§7): no entry after it survives. */
  readonly discardsLog: boolean;
}

function write(storage: CompactingStorage, from: number, to: number): void {
  storage.writeEntries(from, history.slice(from - 1, to));
}

const scenarios: Scenario[] = [
  {
    name: "the first compaction",
    prepare: (s) => {
      write(s, 1, 8);
      s.sync();
    },
    synced: 8,
    written: 8,
    before: undefined,
    compaction: snapshotAt(5, 2),
    discardsLog: false,
  },
  {
    name: "a second compaction (back to the first log directory)",
    prepare: (s) => {
      write(s, 1, 8);
      s.sync();
      s.saveSnapshot(snapshotAt(3, 2));
      write(s, 9, 10);
      s.sync();
    },
    synced: 10,
    written: 10,
    before: snapshotAt(3, 2),
    compaction: snapshotAt(8, 3),
    discardsLog: false,
  },
  {
    name: "a compaction with unsynced entries after the snapshot",
    prepare: (s) => {
      write(s, 1, 6);
      s.sync();
      write(s, 7, 9);
    },
    synced: 6,
    written: 9,
    before: undefined,
    compaction: snapshotAt(4, 2),
    discardsLog: false,
  },
  {
    name: "a snapshot past the end of the log (installed from a leader)",
    prepare: (s) => {
      write(s, 1, 8);
      s.sync();
    },
    synced: 8,
    written: 8,
    before: undefined,
    compaction: snapshotAt(20, 4),
    discardsLog: true,
  },
  {
    name: "a snapshot whose last entry conflicts with the log (§7: discard it all)",
    prepare: (s) => {
      write(s, 1, 8);
      s.sync();
      s.saveSnapshot(snapshotAt(2, 1));
    },
    synced: 8,
    written: 8,
    before: snapshotAt(2, 1),
    compaction: snapshotAt(6, 4),
    discardsLog: true,
  },
];

/** The scenario's state before its compaction, on a fresh disk; the storage stays open. */
function prepared(scenario: Scenario): { disk: PowerLossDisk; storage: CompactingStorage } {
  const disk = new PowerLossDisk();
  const { storage } = CompactingStorage.open(dir, { fileOps: disk });
  storage.saveHardState(hardState);
  scenario.prepare(storage);
  return { disk, storage };
}

const same = (a: Snapshot | undefined, b: Snapshot | undefined) =>
  a?.lastIncludedIndex === b?.lastIncludedIndex &&
  a?.lastIncludedTerm === b?.lastIncludedTerm &&
  Buffer.from(a?.data ?? []).equals(Buffer.from(b?.data ?? []));

/**
 * Opens the storage on a crash image and checks what it holds; returns the storage (open) or
 * throws an error whose message says what was wrong and where the power went out.
 */
function reopenAndCheck(image: CrashImage, scenario: Scenario, where: string): CompactingStorage {
  const context = `${scenario.name}: ${where} (${image.description})`;
  let storage: CompactingStorage;
  try {
    storage = CompactingStorage.open(dir, { fileOps: image.disk }).storage;
  } catch (error) {
    throw new Error(`${context}: the restarted server cannot open its storage: ${error}`);
  }
  const state = storage.load();
  expect(state.hardState, `${context}: §5.2, the term and vote saved before`).toEqual(hardState);
  const isNew = same(state.snapshot, scenario.compaction);
  expect(
    isNew || same(state.snapshot, scenario.before),
    `${context}: the snapshot must be the old one or the new one, found ` +
      `${state.snapshot ? `one through ${state.snapshot.lastIncludedIndex}` : "none"}`,
  ).toBe(true);
  const base = state.snapshot?.lastIncludedIndex ?? 0;
  if (isNew && scenario.discardsLog) {
    expect(state.entries, `${context}: §7, the snapshot supersedes the whole log`).toEqual([]);
    return storage;
  }
  const expected = history.slice(base, base + state.entries.length);
  expect(
    state.entries,
    `${context}: the log must go on right after the snapshot (index ${base}), as written`,
  ).toEqual(expected);
  expect(
    base + state.entries.length,
    `${context}: entries 1..${scenario.synced} were synced; each must be in the snapshot or the log`,
  ).toBeGreaterThanOrEqual(scenario.synced);
  expect(base + state.entries.length).toBeLessThanOrEqual(scenario.written);
  return storage;
}

/** After a restart: write, compact through what was written, write again, restart; all must hold. */
function keepsWorking(disk: PowerLossDisk, scenario: Scenario, where: string): void {
  const storage = CompactingStorage.open(dir, { fileOps: disk }).storage;
  const state = storage.load();
  const base = state.snapshot?.lastIncludedIndex ?? 0;
  const next = base + state.entries.length + 1;
  const term = Math.max(state.snapshot?.lastIncludedTerm ?? 0, ...state.entries.map((e) => e.term));
  const entry: Entry = { term, command: ["SET", "after", "restart"] };
  storage.writeEntries(next, [entry]);
  storage.sync();
  storage.saveSnapshot(snapshotAt(next, term));
  storage.writeEntries(next + 1, [entry]);
  storage.sync();
  storage.close();
  const again = CompactingStorage.open(dir, { fileOps: disk }).storage.load();
  expect(
    [again.snapshot?.lastIncludedIndex, again.entries, again.hardState],
    `${scenario.name}: ${where}, then after the restart a write, a compaction through it, a ` +
      "write and a second restart",
  ).toEqual([next, [entry], hardState]);
}

/**
 * Runs act on a fresh setup with the power cut after 0, 1, 2, … of its file operations until it
 * completes, and checks every crash image of every cut. Returns the images and the cut count.
 */
function everyCut(
  scenario: Scenario,
  setup: () => { disk: PowerLossDisk; act: () => void },
  label: string,
  check: (image: CrashImage, where: string) => void,
): number {
  for (let cut = 0; cut < 200; cut++) {
    const { disk, act } = setup();
    disk.cutPowerAfter(cut);
    let completed = true;
    try {
      act();
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
      completed = false;
    }
    const where = completed
      ? `a crash after ${label} returned`
      : `a power cut after ${cut} file operations of ${label}`;
    for (const image of disk.crashImages()) check(image, where);
    if (completed) return cut;
  }
  throw new Error(`${scenario.name}: ${label} did not complete within 200 file operations`);
}

/** A copy of a disk with nothing pending: its one crash image. */
function copyOf(disk: PowerLossDisk): PowerLossDisk {
  const [image, ...more] = disk.crashImages();
  if (image === undefined || more.length > 0)
    throw new Error("copyOf: the disk has pending changes");
  return image.disk;
}

function compactionSetup(scenario: Scenario) {
  return () => {
    const { disk, storage } = prepared(scenario);
    return { disk, act: () => storage.saveSnapshot(scenario.compaction) };
  };
}

// Each test reopens thousands of crash images: deterministic, but seconds of CPU on a busy machine.
const crashTestTimeoutMs = 120_000;

describe("CompactingStorage: a power cut at every file operation of a compaction", () => {
  test.each(scenarios)(
    "$name: after any crash, a consistent snapshot and log, and a server that goes on",
    (scenario) => {
      const cuts = everyCut(scenario, compactionSetup(scenario), "saveSnapshot", (image, where) => {
        reopenAndCheck(image, scenario, where).close();
        keepsWorking(image.disk, scenario, where);
      });
      expect(
        cuts,
        "a compaction writes a snapshot file and a log, each made durable: many operations",
      ).toBeGreaterThanOrEqual(10);
    },
    crashTestTimeoutMs,
  );

  test(
    "a power cut while recovery finishes an interrupted compaction",
    () => {
      const scenario = scenarios[1]!;
      // Disks on which the snapshot was saved but the log not yet switched over: open finishes it.
      const interrupted: { disk: PowerLossDisk; description: string }[] = [];
      let lastWhere = "";
      everyCut(scenario, compactionSetup(scenario), "saveSnapshot", (image, where) => {
        if (where === lastWhere) return; // one disk per cut: the others differ in torn garbage
        const pristine = copyOf(image.disk); // opening changes the disk
        const opened = CompactingStorage.open(dir, { fileOps: image.disk });
        opened.storage.close();
        if (opened.recovery.finishedCompaction) {
          lastWhere = where;
          interrupted.push({ disk: pristine, description: `${where} (${image.description})` });
        }
      });
      expect(
        interrupted.length,
        "some crash falls between the snapshot's save and the log's switch",
      ).toBeGreaterThan(0);
      for (const crashed of interrupted) {
        everyCut(
          scenario,
          () => {
            const disk = copyOf(crashed.disk);
            return {
              disk,
              act: () => CompactingStorage.open(dir, { fileOps: disk }).storage.close(),
            };
          },
          `the restart after ${crashed.description}`,
          (image, where) => reopenAndCheck(image, scenario, where).close(),
        );
      }
    },
    crashTestTimeoutMs,
  );
});
