// The pieces of the checker one by one: the model against stage 01's store, pairing events into
// operations, the bitset and the entry list the search walks, and the search itself.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  applyToRegister,
  Bitset,
  buildEntries,
  bulk,
  type Command,
  type Entry,
  historyBuilder,
  integer,
  KvStore,
  keyOf,
  lift,
  ok,
  partitionByKey,
  type RegisterValue,
  readsOnly,
  replyMatches,
  searchLinearization,
  toOperations,
  unlift,
} from "#stage";

describe("the model of one key", () => {
  const values = ["0", "1", "41", "-1", "abc", "007", "9223372036854775806", "9223372036854775807"];

  test.each(testSeeds(3))("agrees with stage 01's KvStore on random commands (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const store = new KvStore();
    let value: RegisterValue = null;
    for (let i = 0; i < 300; i++) {
      const op: Command = random.pick<Command>([
        ["GET", "k"],
        ["SET", "k", random.pick(values)],
        ["DEL", "k"],
        ["INCR", "k"],
        ["INCR", "k"],
      ]);
      const step = applyToRegister(value, op);
      const reply = store.apply(op);
      const rule = `the model is the store's sequential specification: ${op.join(" ")} on ${value} (${rerunHint(seed)})`;
      expect(step.reply, rule).toEqual(reply);
      value = step.value;
      expect(value, `${rule}: same value after`).toBe(store.entries()[0]?.[1] ?? null);
    }
  });

  test("replies match by type and value; any error matches any error", () => {
    expect(replyMatches(bulk("1"), bulk("1")), "same bulk").toBe(true);
    expect(replyMatches(bulk("1"), bulk(null)), "a value is not nil").toBe(false);
    expect(replyMatches(bulk("1"), integer(1)), "a bulk string is not an integer").toBe(false);
    expect(replyMatches(integer(2), integer(2n)), "integers compare by value").toBe(true);
    expect(
      replyMatches({ type: "error", message: "ERR a" }, { type: "error", message: "ERR b" }),
      "an error's text is not part of the state",
    ).toBe(true);
    expect(replyMatches(ok, { type: "error", message: "ERR" }), "OK is not an error").toBe(false);
  });

  test("keyOf accepts single-key GET, SET, DEL, INCR only", () => {
    expect(keyOf(["get", "a"]), "command names are case-insensitive").toBe("a");
    expect(keyOf(["SET", "b", "1"]), "SET key value").toBe("b");
    expect(() => keyOf(["SET", "b", "1", "NX"]), "options change the semantics").toThrow(
      /unsupported operation/,
    );
    expect(() => keyOf(["EXISTS", "a"]), "EXISTS is not modelled").toThrow(/unsupported/);
    expect(readsOnly(["GET", "a"]), "GET only reads").toBe(true);
    expect(readsOnly(["INCR", "a"]), "INCR writes").toBe(false);
  });
});

describe("pairing events into operations", () => {
  test("ok pairs, fail drops, info and a missing completion complete at +infinity", () => {
    const h = historyBuilder();
    const a = h.invoke(1, ["SET", "x", "1"]);
    const b = h.invoke(2, ["SET", "x", "2"]);
    const c = h.invoke(3, ["GET", "x"]);
    h.ok(a, ok).fail(b).info(c);
    const d = h.invoke(1, ["INCR", "y"]);
    const ops = toOperations(h.events);
    expect(
      ops.map((op) => op.id),
      "a failed operation did not happen: it is not an operation of the history",
    ).toEqual([a, c, d]);
    expect(ops[0], "ok: times are event positions, the result is kept").toMatchObject({
      client: 1,
      invokedAt: 0,
      completedAt: 3,
      result: ok,
    });
    expect(ops[1]?.completedAt, "info completes at +infinity").toBe(Number.POSITIVE_INFINITY);
    expect(ops[1]?.result, "info: the result is unknown").toBeUndefined();
    expect(ops[2]?.completedAt, "no completion at all is an unknown outcome").toBe(
      Number.POSITIVE_INFINITY,
    );
    const byKey = partitionByKey(ops);
    expect([...byKey.keys()], "locality: one sub-history per key").toEqual(["x", "y"]);
    expect(byKey.get("x")?.length, "x holds its own operations").toBe(2);
  });

  test("a client may invoke again after an info completion", () => {
    const h = historyBuilder();
    h.info(h.invoke(1, ["SET", "x", "1"]));
    h.run(1, ["GET", "x"], bulk("1"));
    expect(toOperations(h.events).length, "info ends the client's wait").toBe(2);
  });
});

describe("the bitset of linearized operations", () => {
  test("add, has, delete and an exact key, across word boundaries", () => {
    const a = new Bitset(70);
    const b = new Bitset(70);
    for (const i of [0, 31, 32, 69]) a.add(i);
    for (const i of [69, 32, 31, 0, 5]) b.add(i);
    expect(a.has(32) && a.has(69) && !a.has(33), "has sees exactly the members").toBe(true);
    expect(a.key() === b.key(), "different members, different keys").toBe(false);
    b.delete(5);
    expect(a.key(), "the same members give the same key, whatever the order").toBe(b.key());
    expect(() => a.add(70), "a bit outside the set is a bug").toThrow(RangeError);
  });
});

describe("the entry list", () => {
  const listOf = (head: Entry): string[] => {
    const out: string[] = [];
    for (let e = head.next; e !== undefined; e = e.next) {
      out.push(`${e.kind}${e.op}`);
      expect(e.prev?.next, "the list is doubly linked").toBe(e);
    }
    return out;
  };

  test("calls and returns in time order; lift and unlift restore it", () => {
    const h = historyBuilder();
    const a = h.invoke(1, ["SET", "x", "1"]);
    const b = h.invoke(2, ["GET", "x"]);
    h.ok(a, ok);
    h.info(b);
    h.run(1, ["GET", "x"], bulk("1"));
    const head = buildEntries(toOperations(h.events));
    expect(listOf(head), "time order; an info op has no return").toEqual([
      "call0",
      "call1",
      "return0",
      "call2",
      "return2",
    ]);
    const first = head.next!;
    lift(first);
    expect(listOf(head), "lift removes the call and its return").toEqual([
      "call1",
      "call2",
      "return2",
    ]);
    const last = head.next!.next!;
    lift(last);
    expect(listOf(head), "lift the last operation").toEqual(["call1"]);
    unlift(last);
    unlift(first);
    expect(listOf(head), "unlift in reverse order restores the list").toEqual([
      "call0",
      "call1",
      "return0",
      "call2",
      "return2",
    ]);
  });
});

describe("the search", () => {
  test("returns a linearization that respects real time", () => {
    const h = historyBuilder();
    const w = h.invoke(1, ["SET", "x", "1"]);
    h.run(2, ["GET", "x"], bulk(null));
    h.run(2, ["GET", "x"], bulk("1"));
    h.ok(w, ok);
    const outcome = searchLinearization(toOperations(h.events), 100);
    expect(outcome.type, "a read before the overlapping write, one after").toBe("linearizable");
    if (outcome.type === "linearizable")
      expect(outcome.order, "GET nil, SET 1, GET 1 is the only order").toEqual([1, 0, 2]);
  });

  test("memoization: many concurrent equal writes take states, not orders", () => {
    const h = historyBuilder();
    const writers = Array.from({ length: 12 }, (_, client) => h.invoke(client, ["SET", "x", "1"]));
    for (const id of writers) h.ok(id, ok);
    h.run(0, ["GET", "x"], bulk("2"));
    const outcome = searchLinearization(toOperations(h.events), 5000);
    expect(
      outcome.type,
      "Lowe: a (linearized set, value) pair is explored once, so 12 writes cost 2^12 states, not 12! orders",
    ).toBe("stuck");
    expect(outcome.explored, "at most one state per subset of the writes").toBeLessThanOrEqual(
      4096,
    );
  });

  test("the budget counts states, so the answer does not depend on the machine", () => {
    const h = historyBuilder();
    const writers = Array.from({ length: 8 }, (_, client) => h.invoke(client, ["SET", "x", "1"]));
    for (const id of writers) h.ok(id, ok);
    h.run(0, ["GET", "x"], bulk("2"));
    const first = searchLinearization(toOperations(h.events), 20);
    const again = searchLinearization(toOperations(h.events), 20);
    expect(first, "past maxStates: budget, with explored = maxStates").toEqual({
      type: "budget",
      explored: 20,
    });
    expect(again, "the same history and budget give the same answer").toEqual(first);
  });
});
