// One seed decides everything: the same seed must give the same run, event for event, or a
// failure found once can never be replayed and studied.
import { testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { runSimulation, traceLines } from "#stage";

describe("determinism", () => {
  test.each(testSeeds(2, 41))("seed %i: two runs give byte-identical traces", (seed) => {
    const first = traceLines();
    const second = traceLines();
    const a = runSimulation({ seed, simSeconds: 8, trace: first.sink });
    const b = runSimulation({ seed, simSeconds: 8, trace: second.sink });
    expect(first.lines.length, "the trace records the run's events").toBeGreaterThan(1000);
    expect(
      second.lines.join("\n") === first.lines.join("\n"),
      `seed ${seed}: same seed, same events in the same order`,
    ).toBe(true);
    expect(b.stats, `seed ${seed}: same seed, same statistics`).toEqual(a.stats);
    const kinds = new Set(first.lines.map((line) => JSON.parse(line).kind));
    for (const kind of ["send", "deliver", "role", "commit", "fault", "client"])
      expect(kinds.has(kind), `the trace shows ${kind} events`).toBe(true);
  });

  test("different seeds give different runs", () => {
    const a = traceLines();
    const b = traceLines();
    runSimulation({ seed: 1, simSeconds: 3, trace: a.sink });
    runSimulation({ seed: 2, simSeconds: 3, trace: b.sink });
    expect(a.lines.join("\n") === b.lines.join("\n"), "the seed drives the run").toBe(false);
  });
});
