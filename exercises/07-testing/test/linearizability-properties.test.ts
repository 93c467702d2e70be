// Properties: the checker accepts every history that a correct store could produce. Histories
// come from runs against stage 01's KvStore, so they are linearizable by construction; fast-check
// shrinks a failing one to a small history and prints its seed (rerun with RAFTING_SEED).

import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import { type Command, checkLinearizable, type HistoryEvent, KvStore } from "#stage";
import { chooseFrom, simulateRun } from "./simulated-run.ts";

const key = fc.constantFrom("x", "y");
const command: fc.Arbitrary<Command> = fc.oneof(
  key.map((k) => ["GET", k]),
  fc.tuple(key, fc.constantFrom("0", "1", "2", "a")).map(([k, v]) => ["SET", k, v]),
  key.map((k) => ["DEL", k]),
  key.map((k) => ["INCR", k]),
);
type Outcome = "ok" | "fail" | "info-applied" | "info-lost";
interface Step {
  readonly client: number;
  readonly op: Command;
  readonly outcome: Outcome;
}
const step: fc.Arbitrary<Step> = fc.record({
  client: fc.integer({ min: 1, max: 4 }),
  op: command,
  outcome: fc.constantFrom<Outcome>("ok", "ok", "ok", "fail", "info-applied", "info-lost"),
});

/** Each operation invoked and completed before the next starts: the store's own order. */
function sequentialHistory(steps: readonly Step[]): HistoryEvent[] {
  const store = new KvStore();
  const events: HistoryEvent[] = [];
  steps.forEach(({ client, op, outcome }, id) => {
    events.push({ type: "invoke", client, id, op });
    if (outcome === "fail") events.push({ type: "fail", id });
    else if (outcome === "info-lost") events.push({ type: "info", id });
    else {
      const result = store.apply(op);
      events.push(outcome === "ok" ? { type: "ok", id, result } : { type: "info", id });
    }
  });
  return events;
}

function explain(history: readonly HistoryEvent[]): string {
  const verdict = checkLinearizable(history);
  return verdict.verdict === "not-linearizable" ? verdict.explanation : verdict.verdict;
}

describe("linearizable histories are accepted", () => {
  test.each(testSeeds(2))("sequential runs, clients taking turns (seed %i)", (seed) => {
    fc.assert(
      fc.property(fc.array(step, { maxLength: 40 }), (steps) => {
        const history = sequentialHistory(steps);
        expect(
          explain(history),
          "a history whose operations do not overlap is linearizable when its replies are the store's, in order",
        ).toBe("linearizable");
      }),
      { seed, numRuns: 200 },
    );
  });

  test.each(testSeeds(2))(
    "concurrent runs, each operation atomic between its invoke and completion (seed %i)",
    (seed) => {
      const shape = {
        clients: 4,
        operations: 30,
        keys: ["x", "y"],
        failPerMille: 60,
        infoPerMille: 120,
      };
      fc.assert(
        fc.property(fc.array(fc.nat(), { maxLength: 300 }), (choices) => {
          const history = simulateRun(chooseFrom(choices), shape);
          expect(
            explain(history),
            "an operation that takes effect at one instant between its invoke and its completion is linearizable (Herlihy & Wing)",
          ).toBe("linearizable");
        }),
        { seed, numRuns: 200 },
      );
    },
  );
});
