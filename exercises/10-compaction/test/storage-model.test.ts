// CompactingStorage (src/compacting-storage.ts) against a model, over random sequences of
// operations: writes (appends and §5.3 truncations), syncs, term and vote, snapshots (the node's
// own, a leader's past the end of the log, a leader's that conflicts with it) and reopens. After
// every operation, load() must return what the model holds: the log's indexes go on after each
// snapshot, however many compactions came before.
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { expect, test } from "vitest";
import {
  CompactingStorage,
  type Entry,
  type HardState,
  PowerLossDisk,
  type Snapshot,
} from "#stage";

const dir = "/data";

/** One operation; `at` is a fraction of the valid range, so every drawn operation is a valid call. */
type Op =
  | { readonly kind: "write"; readonly at: number; readonly count: number; readonly bump: boolean }
  | { readonly kind: "sync" }
  | { readonly kind: "hard-state"; readonly term: number; readonly vote: number | null }
  | {
      readonly kind: "snapshot";
      readonly at: number;
      readonly past: number;
      readonly conflict: boolean;
    }
  | { readonly kind: "reopen" };

const ops: fc.Arbitrary<Op> = fc.oneof(
  {
    weight: 4,
    arbitrary: fc.record({
      kind: fc.constant("write" as const),
      at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      count: fc.integer({ min: 0, max: 4 }),
      bump: fc.boolean(),
    }),
  },
  { weight: 2, arbitrary: fc.constant({ kind: "sync" as const }) },
  {
    weight: 1,
    arbitrary: fc.record({
      kind: fc.constant("hard-state" as const),
      term: fc.integer({ min: 0, max: 9 }),
      vote: fc.option(fc.integer({ min: 0, max: 4 })),
    }),
  },
  {
    weight: 2,
    arbitrary: fc.record({
      kind: fc.constant("snapshot" as const),
      at: fc.double({ min: 0, max: 1, maxExcluded: true, noNaN: true }),
      past: fc.integer({ min: 0, max: 2 }),
      conflict: fc.boolean(),
    }),
  },
  { weight: 1, arbitrary: fc.constant({ kind: "reopen" as const }) },
);

interface Model {
  hardState: HardState;
  snapshot: Snapshot | undefined;
  /** Entries after the snapshot. */
  entries: Entry[];
  /** Makes every written command different. */
  written: number;
}

const base = (m: Model) => m.snapshot?.lastIncludedIndex ?? 0;
const lastIndex = (m: Model) => base(m) + m.entries.length;
/** Term of entry index in the model (the snapshot's at its index, 0 before anything). */
function termAt(m: Model, index: number): number {
  if (index === base(m)) return m.snapshot?.lastIncludedTerm ?? 0;
  return m.entries[index - base(m) - 1]!.term;
}

/** Applies op to the storage and to the model; returns a description for failure messages. */
function step(storage: CompactingStorage, m: Model, op: Op): string {
  switch (op.kind) {
    case "write": {
      const from = base(m) + 1 + Math.floor(op.at * (m.entries.length + 1));
      const term = termAt(m, from - 1) + (op.bump ? 1 : 0) || 1;
      const written = Array.from({ length: op.count }, () => ({
        term,
        command: ["SET", "k", `${m.written++}`],
      }));
      storage.writeEntries(from, written);
      m.entries = [...m.entries.slice(0, from - base(m) - 1), ...written];
      return `writeEntries(${from}, ${op.count} entries of term ${term})`;
    }
    case "sync":
      storage.sync();
      return "sync()";
    case "hard-state": {
      const state = { term: op.term, votedFor: op.vote };
      storage.saveHardState(state);
      m.hardState = state;
      return `saveHardState(${op.term}, ${op.vote})`;
    }
    case "snapshot": {
      const span = lastIndex(m) - base(m) + op.past;
      if (span < 1) return "no snapshot (nothing after the current one)";
      const index = base(m) + 1 + Math.floor(op.at * span);
      const inLog = index <= lastIndex(m);
      const logTerm = inLog ? termAt(m, index) : termAt(m, lastIndex(m));
      // A conflicting term must still be ≥ the terms before it: one higher than the log's.
      const term = inLog && !op.conflict ? logTerm : logTerm + 1;
      const snapshot = {
        lastIncludedIndex: index,
        lastIncludedTerm: term,
        data: Uint8Array.of(index % 256),
      };
      storage.saveSnapshot(snapshot);
      const keeps = inLog && term === logTerm;
      m.entries = keeps ? m.entries.slice(index - base(m)) : [];
      m.snapshot = snapshot;
      return `saveSnapshot(${index}, term ${term}: ${keeps ? "matches the log" : inLog ? "conflicts" : "past the end"})`;
    }
    case "reopen":
      return "reopen";
  }
}

test.each(testSeeds(3))(
  "after any sequence of operations, load() is the model (seed %i)",
  (seed) => {
    fc.assert(
      fc.property(fc.array(ops, { maxLength: 40 }), (sequence) => {
        const disk = new PowerLossDisk();
        let storage = CompactingStorage.open(dir, { fileOps: disk }).storage;
        const m: Model = {
          hardState: { term: 0, votedFor: null },
          snapshot: undefined,
          entries: [],
          written: 0,
        };
        const done: string[] = [];
        for (const op of sequence) {
          if (op.kind === "reopen") {
            storage.close();
            storage = CompactingStorage.open(dir, { fileOps: disk }).storage;
          }
          done.push(step(storage, m, op));
          const state = storage.load();
          const where = `after ${done.join(", ")}`;
          expect(state.snapshot?.lastIncludedIndex, `${where}: the snapshot's index`).toBe(
            m.snapshot?.lastIncludedIndex,
          );
          expect(state.snapshot?.lastIncludedTerm, `${where}: the snapshot's term`).toBe(
            m.snapshot?.lastIncludedTerm,
          );
          expect(state.entries, `${where}: §7, the entries after the snapshot`).toEqual(m.entries);
          expect(state.hardState, `${where}: the term and vote`).toEqual(m.hardState);
        }
        storage.close();
      }),
      { seed, numRuns: 60 },
    );
  },
  60_000,
);
