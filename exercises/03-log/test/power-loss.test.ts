// Power loss at every moment of small workloads (the idea of ALICE and CrashMonkey): FileStorage
// runs on a PowerLossDisk (src/power-loss-disk.ts, read its rules), the power goes out after
// each file operation in turn, and every disk a restarted machine could find is opened again.
// After each one, what was acknowledged must be there, and nothing else may look corrupt:
//   - every entry acknowledged by a completed sync() (Figure 2: "updated on stable storage
//     before responding to RPCs");
//   - the hard state of the last completed saveHardState (§5.2: one vote per term);
//   - the log is the synced one plus, at most, a prefix of the unsynced writes: never a garbled
//     entry, never a log that refuses to open because of a torn tail.
import { describe, expect, test } from "vitest";
import {
  type CrashImage,
  type Entry,
  FileStorage,
  type HardState,
  initialHardState,
  PowerCut,
  PowerLossDisk,
} from "#stage";

const dir = "/data";

type Step =
  | { readonly kind: "write"; readonly fromIndex: number; readonly entries: readonly Entry[] }
  | { readonly kind: "sync" }
  | { readonly kind: "save"; readonly state: HardState };

interface Write {
  readonly fromIndex: number;
  readonly entries: readonly Entry[];
}

/** What the workload had been promised when the power went out. */
interface Promised {
  /** The log as of the last completed sync(). */
  acked: Entry[];
  /** writeEntries calls since then (the last one maybe cut short by the power cut). */
  unsynced: Write[];
  /** The hard state of the last completed saveHardState. */
  hardState: HardState;
  /** A saveHardState the power cut interrupted. */
  saving: HardState | undefined;
  /** Where the power went out. */
  cut: string;
}

const entry = (term: number, key: string): Entry => ({ term, command: ["SET", key, `v-${key}`] });
const write = (fromIndex: number, ...entries: Entry[]): Step => ({
  kind: "write",
  fromIndex,
  entries,
});
const sync: Step = { kind: "sync" };
const save = (term: number, votedFor: number | null): Step => ({
  kind: "save",
  state: { term, votedFor },
});

function applyWrite(log: readonly Entry[], w: Write, count = w.entries.length): Entry[] {
  return [...log.slice(0, w.fromIndex - 1), ...w.entries.slice(0, count)];
}

/** Runs the workload on disk until it ends or the power goes out; returns what was promised. */
function run(workload: readonly Step[], disk: PowerLossDisk): Promised {
  const p: Promised = {
    acked: [],
    unsynced: [],
    hardState: initialHardState,
    saving: undefined,
    cut: "after the last step",
  };
  try {
    const { storage } = FileStorage.open(dir, { fileOps: disk });
    for (const step of workload) {
      if (step.kind === "write") {
        p.unsynced.push(step);
        storage.writeEntries(step.fromIndex, step.entries);
      } else if (step.kind === "sync") {
        storage.sync();
        for (const w of p.unsynced) p.acked = applyWrite(p.acked, w);
        p.unsynced = [];
      } else {
        p.saving = step.state;
        storage.saveHardState(step.state);
        p.hardState = step.state;
        p.saving = undefined;
      }
    }
  } catch (error) {
    if (!(error instanceof PowerCut)) throw error;
    p.cut = error.message;
  }
  return p;
}

/** Every log a restart may find: the acknowledged one, then each unsynced write whole or cut short. */
function allowedLogs(p: Promised): Entry[][] {
  const logs = [p.acked];
  let log = p.acked;
  for (const w of p.unsynced) {
    for (let kept = 0; kept <= w.entries.length; kept++) logs.push(applyWrite(log, w, kept));
    log = applyWrite(log, w);
  }
  return logs;
}

const show = (log: readonly Entry[]) =>
  `[${log.map((e, i) => `${i + 1}:t${e.term}:${e.command[1] ?? "no-op"}`).join(" ")}]`;
const same = (a: unknown, b: unknown) => JSON.stringify(a) === JSON.stringify(b);

/** The first broken promise on this crash image, as a message that names the rule; or undefined. */
function brokenPromise(p: Promised, image: CrashImage): string | undefined {
  const where = `power cut (${p.cut}); the disk kept: ${image.description}`;
  let opened: ReturnType<typeof FileStorage.open>;
  try {
    opened = FileStorage.open(dir, { fileOps: image.disk });
  } catch (error) {
    return (
      `${where}\nreopening failed: ${(error as Error).message}\n` +
      "A power cut alone must never leave storage that refuses to open: unsynced bytes can only " +
      "be a torn tail of the log, and the hard state is replaced atomically (temp file fsynced, " +
      "then renamed, then the directory fsynced)."
    );
  }
  const { hardState, entries } = opened.storage.load();
  const hardStates = p.saving ? [p.hardState, p.saving] : [p.hardState];
  if (!hardStates.some((state) => same(state, hardState))) {
    return (
      `${where}\nhard state after restart: ${JSON.stringify(hardState)}, acknowledged: ` +
      `${JSON.stringify(p.hardState)}${p.saving ? ` (or the one being saved, ${JSON.stringify(p.saving)})` : ""}\n` +
      "Durability rule (§5.2, Figure 2): saveHardState is durable when it returns. Write a temp " +
      "file, fsync it, rename it over the old file (never remove the old file first), fsync the directory."
    );
  }
  if (!allowedLogs(p).some((log) => same(log, entries))) {
    const keepUpTo = Math.min(p.acked.length, ...p.unsynced.map((w) => w.fromIndex - 1));
    const lost = !same(entries.slice(0, keepUpTo), p.acked.slice(0, keepUpTo));
    const rule = lost
      ? "Durability rule (Figure 2: stable storage before responding): entries acknowledged by a " +
        "completed sync() must survive a power cut; sync() returns only after an fsync of the log file."
      : "Recovery rule: after a power cut the log is the synced one plus at most a prefix of the " +
        "unsynced writes; a torn record is cut off, never decoded or skipped over.";
    return `${where}\nlog after restart: ${show(entries)}\nacknowledged by sync(): ${show(p.acked)}\n${rule}`;
  }
  // The repaired log takes new writes: they land right after the recovered entries, durably.
  const next = entry(9, "after-restart");
  opened.storage.writeEntries(entries.length + 1, [next]);
  opened.storage.sync();
  if (!image.disk.isClean()) {
    return (
      `${where}\nafter the restart, one more entry was written and sync() returned, but the disk ` +
      "still held changes that no fsync covered.\nDurability rule (Figure 2: stable storage " +
      "before responding): sync() returns only after an fsync of the log file."
    );
  }
  opened.storage.close();
  const [after] = image.disk.crashImages();
  const again = FileStorage.open(dir, { fileOps: after!.disk }).storage.load().entries;
  if (!same(again, [...entries, next])) {
    return (
      `${where}\nafter the restart, one more entry was written and synced; the next restart found ` +
      `${show(again)}, expected ${show([...entries, next])}.\n` +
      "Recovery rule: cut the torn tail off (ftruncate at the end of the good prefix) so that new " +
      "records follow the last good one."
    );
  }
  return undefined;
}

interface Outcome {
  crashPoints: number;
  images: number;
  failure: string | undefined;
}

/** Cuts the power after each changing operation in turn and checks every image a restart may find. */
function everyCrashPoint(workload: readonly Step[]): Outcome {
  const dryRun = new PowerLossDisk();
  run(workload, dryRun);
  const outcome: Outcome = { crashPoints: 0, images: 0, failure: undefined };
  for (let cutAfter = 0; cutAfter <= dryRun.operations; cutAfter++) {
    const disk = new PowerLossDisk();
    disk.cutPowerAfter(cutAfter);
    const promised = run(workload, disk);
    outcome.crashPoints++;
    for (const image of disk.crashImages()) {
      outcome.images++;
      outcome.failure = brokenPromise(promised, image);
      if (outcome.failure !== undefined) return outcome;
    }
  }
  return outcome;
}

const workloads: Record<string, readonly Step[]> = {
  "appends, one sync per batch": [
    write(1, entry(1, "a"), entry(1, "b")),
    sync,
    write(3, entry(1, "c")),
    sync,
    write(4, entry(2, "d"), entry(2, "e")),
    sync,
    write(6, entry(2, "f")),
  ],
  "overwrites that truncate synced entries": [
    write(1, entry(1, "a"), entry(1, "b"), entry(1, "c"), entry(1, "d")),
    sync,
    write(2, entry(2, "B"), entry(2, "C")),
    sync,
    write(3, entry(3, "x")),
    sync,
    write(2, entry(4, "y")),
  ],
  "hard-state saves between appends": [
    save(1, null),
    save(1, 2),
    write(1, entry(1, "a")),
    sync,
    save(2, null),
    save(3, 3),
    write(2, entry(3, "b")),
    sync,
  ],
};

describe("FileStorage: a power cut at every moment (PowerLossDisk)", () => {
  for (const [name, workload] of Object.entries(workloads)) {
    test(name, () => {
      const outcome = everyCrashPoint(workload);
      expect(outcome.failure, outcome.failure).toBeUndefined();
      expect(outcome.crashPoints, "the workload ran its file operations").toBeGreaterThan(5);
    });
  }

  test("a sync() right after open, with nothing written, is harmless", () => {
    const outcome = everyCrashPoint([sync, save(1, 1), sync]);
    expect(outcome.failure, outcome.failure).toBeUndefined();
  });
});
