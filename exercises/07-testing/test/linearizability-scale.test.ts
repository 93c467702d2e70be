// Scale: a 1,000-operation history of 10 concurrent clients over five keys, from a simulated run
// against stage 01's KvStore, is decided within the default budget; the same history with one
// read corrupted is rejected.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { checkLinearizable, defaultMaxStates, type HistoryEvent } from "#stage";
import { corruptOneRead, simulateRun } from "./simulated-run.ts";

const shape = {
  clients: 10,
  operations: 1000,
  keys: ["a", "b", "c", "d", "e"],
  failPerMille: 20,
  infoPerMille: 10,
};

/** The most operations in flight at once: the test is only worth something with real overlap. */
function maxInFlight(history: readonly HistoryEvent[]): number {
  let inFlight = 0;
  let max = 0;
  for (const event of history) {
    inFlight += event.type === "invoke" ? 1 : -1;
    max = Math.max(max, inFlight);
  }
  return max;
}

describe("a 1,000-operation history of 10 clients", () => {
  for (const seed of testSeeds(3)) {
    test(`is decided within the default budget, and a corrupted read rejected (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const history = simulateRun((n) => random.int(0, n), shape);
      expect(maxInFlight(history), "the run really is concurrent").toBeGreaterThanOrEqual(8);

      const verdict = checkLinearizable(history);
      const why = verdict.verdict === "not-linearizable" ? `\n${verdict.explanation}` : "";
      expect(
        verdict.verdict,
        `a run whose operations each take effect atomically is linearizable, and ${defaultMaxStates} states decide it (${rerunHint(seed)})${why}`,
      ).toBe("linearizable");

      const corrupted = corruptOneRead(history);
      const rejected = checkLinearizable(corrupted.history);
      expect(
        rejected.verdict,
        `a read of a value nobody wrote is not linearizable (op ${corrupted.id}, ${rerunHint(seed)})`,
      ).toBe("not-linearizable");
      if (rejected.verdict === "not-linearizable")
        expect(rejected.key, "the verdict names the corrupted key").toBe(corrupted.key);
    });
  }
});
