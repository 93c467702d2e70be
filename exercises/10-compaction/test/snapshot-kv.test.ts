// The key-value state machine's snapshot (src/kv-snapshot.ts). A node that restarts from a
// snapshot, or a follower that installs the leader's (§7), must then answer every command exactly
// as a replica that applied the whole log would: otherwise replicas diverge (State Machine Safety).
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { SnapshotKvStore } from "#stage";

type Command = readonly string[];

const keys = fc.constantFrom("a", "b", "counter", "", "\u00ff\u0000key");
/** Byte strings: every latin1 char, the empty string, and numbers for INCR. */
const values = fc.oneof(
  fc.string({ unit: fc.integer({ min: 0, max: 255 }).map((c) => String.fromCharCode(c)) }),
  fc.integer({ min: -5, max: 5 }).map(String),
  fc.constant("9223372036854775807"),
);

const commands: fc.Arbitrary<Command> = fc.oneof(
  fc.tuple(keys, values).map(([k, v]) => ["SET", k, v]),
  fc.tuple(keys, values, fc.constantFrom("NX", "XX")).map(([k, v, o]) => ["SET", k, v, o]),
  keys.map((k) => ["DEL", k]),
  keys.map((k) => ["INCR", k]),
  keys.map((k) => ["GET", k]),
  fc.array(keys, { minLength: 1, maxLength: 3 }).map((ks) => ["MGET", ...ks]),
  fc.array(keys, { minLength: 1, maxLength: 3 }).map((ks) => ["EXISTS", ...ks]),
  fc.constant(["DBSIZE"]),
);

function applyAll(store: SnapshotKvStore, list: readonly Command[]) {
  return list.map((command) => store.apply(command));
}

describe("KV snapshot: restore gives the same state machine", () => {
  test("a restored store holds the same pairs", () => {
    const original = new SnapshotKvStore();
    applyAll(original, [
      ["SET", "x", "1"],
      ["SET", "bin", "\u0000\u00ff\r\n"],
      ["INCR", "n"],
    ]);
    const restored = new SnapshotKvStore();
    restored.restoreSnapshot(original.takeSnapshot());
    expect(restored.entries(), "§7: the snapshot holds the whole state").toEqual([
      ["bin", "\u0000\u00ff\r\n"],
      ["n", "1"],
      ["x", "1"],
    ]);
  });

  test.each(testSeeds(3))(
    "after any commands, a restored store answers every later command like the original (seed %i)",
    (seed) => {
      fc.assert(
        fc.property(
          fc.array(commands, { maxLength: 40 }),
          fc.array(commands, { maxLength: 10 }),
          fc.array(commands, { maxLength: 40 }),
          (before, junk, after) => {
            const original = new SnapshotKvStore();
            applyAll(original, before);
            // The store restored into already has state of its own: restoring replaces it.
            const restored = new SnapshotKvStore();
            applyAll(restored, junk);
            restored.restoreSnapshot(original.takeSnapshot());
            const replies = applyAll(restored, after);
            expect(replies, "State Machine Safety: same commands, same replies").toEqual(
              applyAll(original, after),
            );
            expect(restored.entries()).toEqual(original.entries());
          },
        ),
        { seed, numRuns: 200 },
      );
    },
  );

  test("taking a snapshot changes nothing, and the same state gives the same bytes", () => {
    const a = new SnapshotKvStore();
    const b = new SnapshotKvStore();
    applyAll(a, [
      ["SET", "k", "v"],
      ["SET", "j", "w"],
    ]);
    applyAll(b, [
      ["SET", "j", "w"],
      ["SET", "k", "v"],
    ]);
    expect([...a.takeSnapshot()], "a snapshot is a function of the state alone").toEqual([
      ...b.takeSnapshot(),
    ]);
    expect(a.entries()).toEqual([
      ["j", "w"],
      ["k", "v"],
    ]);
  });
});

describe("KV snapshot: malformed data", () => {
  test("a truncated or padded snapshot is refused and the old state stays", () => {
    const source = new SnapshotKvStore();
    applyAll(source, [["SET", "key", "value"]]);
    const data = source.takeSnapshot();
    for (let length = 0; length < data.length; length++) {
      const target = new SnapshotKvStore();
      target.apply(["SET", "old", "state"]);
      expect(
        () => target.restoreSnapshot(data.subarray(0, length)),
        `${length} of ${data.length} bytes`,
      ).toThrow(/kv snapshot: /);
      expect(target.entries(), "a refused snapshot changes nothing").toEqual([["old", "state"]]);
    }
    const padded = new Uint8Array(data.length + 1);
    padded.set(data);
    expect(() => new SnapshotKvStore().restoreSnapshot(padded)).toThrow(/left over/);
  });
});
