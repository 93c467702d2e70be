// One set of crash rules for the whole course: MemoryStorage.crash(k), which the simulator of
// stage 08 and the harness of stage 07 crash nodes with, must leave exactly the logs that a power
// cut can leave FileStorage with on a PowerLossDisk. Fewer, and the simulator never tries a state a
// real disk produces; more, and it reports bugs a real disk cannot cause. Random workloads of
// writes (appends and truncating overwrites) and syncs; after each step, both sets are compared.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { type Entry, FileStorage, MemoryStorage, PowerLossDisk } from "#stage";

const dir = "/data";
const stepsPerSeed = 14;

type Step =
  | { readonly kind: "write"; readonly fromIndex: number; readonly entries: Entry[] }
  | { readonly kind: "sync" };

function randomWorkload(seed: number): Step[] {
  const random = seededRandom(seed);
  const steps: Step[] = [];
  let last = 0;
  let term = 1;
  for (let i = 0; i < stepsPerSeed; i++) {
    if (random.next() < 0.3) {
      steps.push({ kind: "sync" });
      continue;
    }
    const fromIndex = random.int(Math.max(1, last - 2), last + 2);
    if (fromIndex <= last) term++;
    const count = random.int(1, 4);
    const entries = Array.from({ length: count }, (_, j) => ({
      term,
      command: ["SET", `s${i}e${j}`, "v"],
    }));
    steps.push({ kind: "write", fromIndex, entries });
    last = fromIndex - 1 + count;
  }
  return steps;
}

const key = (entries: readonly Entry[]) => JSON.stringify(entries);

/** The logs FileStorage recovers from every crash image of a disk. */
function fileOutcomes(disk: PowerLossDisk): Set<string> {
  const logs = new Set<string>();
  for (const image of disk.crashImages()) {
    const { storage } = FileStorage.open(dir, { fileOps: image.disk });
    logs.add(key(storage.load().entries));
    storage.close();
  }
  return logs;
}

/** The logs MemoryStorage.crash(k) leaves after the steps, for every k. */
function memoryOutcomes(steps: readonly Step[]): Set<string> {
  const replay = () => {
    const storage = new MemoryStorage();
    for (const step of steps) {
      if (step.kind === "sync") storage.sync();
      else storage.writeEntries(step.fromIndex, step.entries);
    }
    return storage;
  };
  const pendingSteps = steps.reduce(
    (n, s) => n + (s.kind === "write" ? s.entries.length + 1 : 0),
    0,
  );
  const logs = new Set<string>();
  for (let k = 0; k <= pendingSteps; k++) logs.add(key(replay().crash(k).load().entries));
  return logs;
}

describe("MemoryStorage.crash leaves exactly the logs a power cut leaves FileStorage with", () => {
  for (const seed of testSeeds(6)) {
    test(`random writes and syncs (seed ${seed})`, () => {
      const steps = randomWorkload(seed);
      const disk = new PowerLossDisk();
      const { storage } = FileStorage.open(dir, { fileOps: disk });
      for (let i = 0; i < steps.length; i++) {
        const step = steps[i]!;
        if (step.kind === "sync") storage.sync();
        else storage.writeEntries(step.fromIndex, step.entries);
        const onDisk = fileOutcomes(disk);
        const inMemory = memoryOutcomes(steps.slice(0, i + 1));
        const missing = [...onDisk].filter((log) => !inMemory.has(log));
        const extra = [...inMemory].filter((log) => !onDisk.has(log));
        expect(
          { missing, extra },
          `after step ${i + 1} of seed ${seed} (${rerunHint(seed)}): MemoryStorage.crash(k) must leave ` +
            "exactly the logs a power cut can leave on disk: the synced log plus a prefix of the unsynced " +
            "steps, a step being one entry or a write's truncation (missing: a power cut can leave it, " +
            "crash(k) cannot; extra: crash(k) leaves a log no power cut can)",
        ).toEqual({ missing: [], extra: [] });
      }
    });
  }
});
