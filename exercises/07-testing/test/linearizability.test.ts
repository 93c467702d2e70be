// The checker on small histories written by hand: what linearizability allows (Herlihy and Wing
// 1990: every operation takes effect at one instant between its invoke and its completion, and
// the replies are those of that sequential order), what it forbids, and the explanation it gives.
import { describe, expect, test } from "vitest";
import {
  bulk,
  checkLinearizable,
  type HistoryBuilder,
  historyBuilder,
  integer,
  type NotLinearizable,
  type OpId,
  ok,
  showReply,
  type Verdict,
} from "#stage";

function verdictOf(h: HistoryBuilder, maxStates?: number): Verdict {
  return checkLinearizable(h.events, maxStates === undefined ? {} : { maxStates });
}

function expectLinearizable(h: HistoryBuilder, rule: string): void {
  const verdict = verdictOf(h);
  const why = verdict.verdict === "not-linearizable" ? `\n${verdict.explanation}` : "";
  expect(verdict.verdict, `${rule}${why}`).toBe("linearizable");
}

function expectRejected(h: HistoryBuilder, rule: string): NotLinearizable {
  const verdict = verdictOf(h);
  expect(verdict.verdict, rule).toBe("not-linearizable");
  return verdict as NotLinearizable;
}

/** The explanation names the key and the operation to blame, with what it returned. */
function expectBlames(verdict: NotLinearizable, key: string, id: OpId, rule: string): void {
  expect(verdict.key, `${rule}: the verdict names the key`).toBe(key);
  expect(
    verdict.culprit.operation.id,
    `${rule}: the culprit is op ${id}\n${verdict.explanation}`,
  ).toBe(id);
  expect(verdict.explanation, `${rule}: the explanation names the key`).toContain(
    JSON.stringify(key),
  );
  expect(verdict.explanation, `${rule}: the explanation names the culprit`).toContain(`op ${id},`);
  expect(verdict.explanation, `${rule}: the explanation says what the culprit returned`).toContain(
    showReply(verdict.culprit.operation.result!),
  );
}

describe("histories that are linearizable", () => {
  test("a sequential history that follows the store's rules", () => {
    const h = historyBuilder();
    h.run(1, ["GET", "x"], bulk(null));
    h.run(1, ["SET", "x", "1"], ok);
    h.run(2, ["GET", "x"], bulk("1"));
    h.run(1, ["INCR", "x"], integer(2));
    h.run(2, ["DEL", "x"], integer(1));
    h.run(1, ["DEL", "x"], integer(0));
    h.run(2, ["INCR", "x"], integer(1));
    expectLinearizable(h, "a sequential history is linearizable when each reply is the model's");
  });

  test("concurrent writes, read in an order the overlap allows", () => {
    const h = historyBuilder();
    const w1 = h.invoke(1, ["SET", "x", "1"]);
    const w2 = h.invoke(2, ["SET", "x", "2"]);
    h.run(3, ["GET", "x"], bulk("2"));
    h.ok(w1, ok).ok(w2, ok);
    h.run(3, ["GET", "x"], bulk("1"));
    expectLinearizable(
      h,
      "overlapping operations may take effect in either order: SET 2, GET, SET 1, GET fits the overlap",
    );
  });

  test("operations on different keys do not constrain each other", () => {
    const h = historyBuilder();
    const wx = h.invoke(1, ["SET", "x", "1"]);
    const wy = h.invoke(2, ["SET", "y", "1"]);
    h.run(3, ["GET", "y"], bulk("1"));
    h.run(4, ["GET", "x"], bulk(null));
    h.ok(wx, ok).ok(wy, ok);
    h.run(3, ["GET", "x"], bulk("1"));
    expectLinearizable(h, "locality: each key is linearizable on its own, so the history is");
  });

  test("an operation with an unknown outcome that took effect", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const lost = h.invoke(2, ["SET", "x", "2"]);
    h.info(lost);
    h.run(1, ["GET", "x"], bulk("1"));
    h.run(1, ["GET", "x"], bulk("2"));
    expectLinearizable(
      h,
      "an info operation may take effect at any time after its invoke, even after its client gave up",
    );
  });

  test("an operation with an unknown outcome that never took effect", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const lost = h.invoke(2, ["INCR", "x"]);
    h.info(lost);
    h.run(1, ["GET", "x"], bulk("1"));
    h.run(1, ["INCR", "x"], integer(2));
    expectLinearizable(h, "an info operation may also never take effect");
  });

  test("an operation still in flight when the history ends counts as unknown", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    h.invoke(2, ["SET", "x", "2"]);
    h.run(1, ["GET", "x"], bulk("2"));
    expectLinearizable(h, "an invoke without a completion may have taken effect");
  });

  test("a failed operation is left out", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const refused = h.invoke(2, ["SET", "x", "2"]);
    h.fail(refused);
    h.run(1, ["GET", "x"], bulk("1"));
    expectLinearizable(h, "a fail completion means the operation did not take effect");
  });

  test("INCR on a value that is not a number answers an error and changes nothing", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "abc"], ok);
    h.run(1, ["INCR", "x"], {
      type: "error",
      message: "ERR value is not an integer or out of range",
    });
    h.run(1, ["GET", "x"], bulk("abc"));
    expectLinearizable(h, "the model follows stage 01: INCR of a non-integer is an error");
  });
});

describe("histories that are not linearizable, and the explanation", () => {
  test("a stale read", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    h.run(1, ["SET", "x", "2"], ok);
    const read = h.run(2, ["GET", "x"], bulk("1"));
    const verdict = expectRejected(
      h,
      "a read after a completed write must see it (or a later one)",
    );
    expectBlames(verdict, "x", read, "stale read");
    expect(
      showReply(verdict.culprit.expected),
      "stale read: the model expected the last write",
    ).toBe('"2"');
    expect(verdict.prefix.length, "stale read: both writes linearize before the read").toBe(2);
  });

  test("a lost write", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const read = h.run(2, ["GET", "x"], bulk(null));
    expectBlames(expectRejected(h, "an acknowledged write is never lost"), "x", read, "lost write");
  });

  test("two concurrent INCRs that both answer 1 (a lost update)", () => {
    const h = historyBuilder();
    const a = h.invoke(1, ["INCR", "x"]);
    const b = h.invoke(2, ["INCR", "x"]);
    h.ok(a, integer(1)).ok(b, integer(1));
    const verdict = expectRejected(h, "concurrent INCRs still take effect one after the other");
    expect(verdict.key, "lost update: the verdict names the key").toBe("x");
    expect([a, b], "lost update: the culprit is one of the INCRs").toContain(
      verdict.culprit.operation.id,
    );
  });

  test("a read of a value nobody wrote", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const w = h.invoke(2, ["SET", "x", "2"]);
    const read = h.run(3, ["GET", "x"], bulk("7"));
    h.ok(w, ok);
    expectBlames(
      expectRejected(h, "a read returns a value some write wrote"),
      "x",
      read,
      "value never written",
    );
  });

  test("a read of a write that failed", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    h.fail(h.invoke(2, ["SET", "x", "2"]));
    const read = h.run(1, ["GET", "x"], bulk("2"));
    expectBlames(
      expectRejected(h, "a failed operation did not take effect, so nobody can read it"),
      "x",
      read,
      "read of a failed write",
    );
  });

  test("two readers see concurrent writes in different orders", () => {
    const h = historyBuilder();
    const w1 = h.invoke(1, ["SET", "x", "1"]);
    const w2 = h.invoke(2, ["SET", "x", "2"]);
    h.run(3, ["GET", "x"], bulk("1"));
    h.run(4, ["GET", "x"], bulk("2"));
    h.run(3, ["GET", "x"], bulk("2"));
    h.run(4, ["GET", "x"], bulk("1"));
    h.ok(w1, ok).ok(w2, ok);
    const verdict = expectRejected(
      h,
      "all clients see one order of the writes: one total order, not one per reader",
    );
    expect(verdict.key, "two orders: the verdict names the key").toBe("x");
    expect(verdict.culprit.operation.op[0], "two orders: a read is to blame").toBe("GET");
  });

  test("INCR results that skip a number", () => {
    const h = historyBuilder();
    h.run(1, ["INCR", "x"], integer(1));
    const skip = h.run(2, ["INCR", "x"], integer(3));
    const verdict = expectRejected(h, "INCR answers the value after exactly one increment");
    expectBlames(verdict, "x", skip, "INCR skips");
    expect(showReply(verdict.culprit.expected), "INCR skips: the model expected 2").toBe(
      "(integer) 2",
    );
  });

  test("the explanation lists every reply the orders allow", () => {
    const h = historyBuilder();
    h.run(1, ["DEL", "x"], integer(0));
    const w = h.invoke(1, ["SET", "x", "2"]);
    const read = h.run(2, ["GET", "x"], bulk("1"));
    h.ok(w, ok);
    const verdict = expectRejected(h, "the read overlaps only SET x 2, so it may see nil or 2");
    expectBlames(verdict, "x", read, "allowed replies");
    expect(
      verdict.culprit.allowed.map(showReply).sort(),
      "every order allows only nil (before the SET) or 2 (after it)",
    ).toEqual(['"2"', "nil"]);
    expect(verdict.explanation, "the text says which replies were allowed").toMatch(
      /nil or "2"|"2" or nil/,
    );
  });

  test("the key with the violation is the one reported", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    h.run(1, ["SET", "y", "1"], ok);
    h.run(2, ["GET", "x"], bulk("1"));
    const read = h.run(2, ["GET", "y"], bulk(null));
    expectBlames(
      expectRejected(h, "a history is linearizable only if every key's sub-history is"),
      "y",
      read,
      "second key",
    );
  });
});

describe("budget", () => {
  test("a search past its budget answers unknown instead of running on", () => {
    const h = historyBuilder();
    const ids = [1, 2, 3, 4, 5, 6].map((client) => h.invoke(client, ["INCR", "x"]));
    for (const [i, id] of ids.entries()) h.ok(id, integer(6 - i));
    h.run(1, ["GET", "x"], bulk("7"));
    const verdict = verdictOf(h, 5);
    expect(verdict.verdict, "past maxStates the checker gives up: unknown, not a guess").toBe(
      "unknown",
    );
    if (verdict.verdict !== "unknown") return;
    expect(verdict.reason, "the reason is the state budget").toBe("budget");
    expect(verdict.explored, "it explored exactly its budget").toBe(5);
    expect(verdict.key, "it names the key it was searching").toBe("x");
    expect(verdictOf(h).verdict, "the default budget decides the same history").toBe(
      "not-linearizable",
    );
  });
});

describe("one budget over all keys", () => {
  /** Four concurrent SETs of `key`, then a read of one of them: many orders to try. */
  function busyKey(h: HistoryBuilder, key: string, firstClient: number): void {
    const ids = [0, 1, 2, 3].map((i) => h.invoke(firstClient + i, ["SET", key, String(i)]));
    for (const id of ids) h.ok(id, ok);
    h.run(firstClient, ["GET", key], bulk("2"));
  }

  test("the states of every key count against one maxStates, not a fresh budget per key", () => {
    const a = historyBuilder();
    busyKey(a, "a", 1);
    const b = historyBuilder();
    busyKey(b, "b", 11);
    const both = historyBuilder();
    busyKey(both, "a", 1);
    busyKey(both, "b", 11);
    const alone = [verdictOf(a), verdictOf(b)].map((v) => v.explored);
    const sum = alone[0]! + alone[1]!;
    expect(verdictOf(both).explored, "explored counts the states of every key's search").toBe(sum);
    const budget = Math.max(...alone);
    const verdict = verdictOf(both, budget);
    expect(
      verdict.verdict,
      `README "The budget and the verdict": maxStates counts states over ALL keys. Each key alone needs at most ${budget} states (${alone.join(" and ")}), both need ${sum}: a budget of ${budget} must run out on the second key`,
    ).toBe("unknown");
    if (verdict.verdict === "unknown") {
      expect(verdict.explored, "it stops at its budget, over all keys").toBe(budget);
      expect(verdict.key, "the keys are searched in order: it ran out on b").toBe("b");
    }
    expect(verdictOf(both, sum).verdict, "the sum of both keys' states is enough").toBe(
      "linearizable",
    );
  });
});

describe("the culprit", () => {
  test("is the operation that was due first (earliest completion), not the first invoked", () => {
    const h = historyBuilder();
    h.run(1, ["SET", "x", "1"], ok);
    const early = h.invoke(2, ["GET", "x"]);
    const late = h.invoke(3, ["GET", "x"]);
    h.ok(late, bulk("9"));
    h.ok(early, bulk("8"));
    const verdict = expectRejected(h, "both reads return values nobody wrote");
    expect(
      verdict.misfits.map((m) => m.operation.id).sort(),
      "both reads could go next after SET x 1, and neither fits",
    ).toEqual([early, late].sort());
    expectBlames(
      verdict,
      "x",
      late,
      `README "the culprit is the one that was due first": op ${late} completed before op ${early}, so it had to take effect first`,
    );
  });
});

describe("malformed histories", () => {
  const cases: { name: string; build: (h: HistoryBuilder) => void; error: RegExp }[] = [
    {
      name: "a completion of an operation never invoked",
      build: (h) => h.ok(42, ok),
      error: /op 42/,
    },
    {
      name: "a client with two operations in flight",
      build: (h) => {
        h.invoke(1, ["GET", "x"]);
        h.invoke(1, ["GET", "y"]);
      },
      error: /client 1/,
    },
    {
      name: "an operation completed twice",
      build: (h) => {
        const id = h.run(1, ["GET", "x"], bulk(null));
        h.ok(id, bulk(null));
      },
      error: /op 1/,
    },
    {
      name: "a multi-key operation",
      build: (h) => h.run(1, ["DEL", "x", "y"], integer(0)),
      error: /unsupported operation 'DEL x y'/,
    },
    {
      name: "an operation the model does not know",
      build: (h) => h.run(1, ["MGET", "x"], bulk(null)),
      error: /unsupported operation 'MGET x'/,
    },
  ];
  for (const { name, build, error } of cases) {
    test(name, () => {
      const h = historyBuilder();
      build(h);
      expect(
        () => checkLinearizable(h.events),
        `a history that is not well-formed gets a one-line error (${name})`,
      ).toThrow(error);
    });
  }

  test("the same id invoked twice", () => {
    const events = [
      { type: "invoke", client: 1, id: 7, op: ["GET", "x"] },
      { type: "ok", id: 7, result: bulk(null) },
      { type: "invoke", client: 2, id: 7, op: ["GET", "x"] },
    ] as const;
    expect(() => checkLinearizable(events), "an id names one operation").toThrow(/op 7/);
  });
});
