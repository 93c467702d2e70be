// The timing rules, on virtual time: the reference driver runs the controller on a VirtualLoop,
// the test presses the button at chosen instants and reads back when each light changed.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, it } from "vitest";
import { ControllerDriver, type ControllerEvent, trafficLight, VirtualLoop } from "#stage";

/** Runs the controller until `untilS` seconds with presses at the given ms; "12.5s NS yellow EW red" lines. */
function timeline(pressAtMs: readonly number[], untilS: number): string[] {
  const changes: string[] = [];
  const driver = new ControllerDriver(trafficLight, ({ atMs, lights }) =>
    changes.push(`${atMs / 1000}s NS ${lights.ns} EW ${lights.ew}`),
  );
  const loop = new VirtualLoop<ControllerEvent>({ handle: (event) => driver.dispatch(event) });
  driver.start(loop);
  for (const atMs of [...pressAtMs].sort((a, b) => a - b)) {
    loop.advanceBy(atMs - loop.clock.nowMs());
    loop.post({ type: "button" });
  }
  loop.advanceBy(untilS * 1000 - loop.clock.nowMs());
  return changes;
}

/** One cycle from an NS green at `startS` whose green ends at `endS`. */
function cycle(startS: number, endS: number): string[] {
  return [
    `${startS}s NS green EW red`,
    `${endS}s NS yellow EW red`,
    `${endS + 5}s NS red EW green`,
    `${endS + 35}s NS red EW yellow`,
  ];
}

describe("timing rules on virtual time", () => {
  it("without presses: NS green 60 s, yellow 5 s, EW green 30 s, yellow 5 s: a 100 s cycle", () => {
    expect(
      timeline([], 199),
      "NS green 60 s, NS yellow 5 s, EW green 30 s, EW yellow 5 s, repeat every 100 s",
    ).toEqual([...cycle(0, 60), ...cycle(100, 160)]);
  });

  it("a press at 5 s acts at 15 s (NS green lasts at least 15 s)", () => {
    expect(
      timeline([5000], 99),
      "a press before 15 s of NS green is remembered and ends it at 15 s",
    ).toEqual([...cycle(0, 15), "55s NS green EW red"]);
  });

  it("a press at 20 s acts at 20 s", () => {
    expect(timeline([20_000], 99), "a press after 15 s of NS green ends it at once").toEqual([
      ...cycle(0, 20),
      "60s NS green EW red",
    ]);
  });

  it("a press at exactly 15 s acts at once, and several early presses act once", () => {
    expect(timeline([15_000], 40)[1], "NS green may end as soon as it has lasted 15 s").toBe(
      "15s NS yellow EW red",
    );
    expect(
      timeline([1000, 2000, 9000], 99),
      "several presses before 15 s end NS green once, at 15 s",
    ).toEqual([...cycle(0, 15), "55s NS green EW red"]);
  });

  it("a press while NS is not green is ignored, and not remembered for the next NS green", () => {
    const quiet = timeline([], 250);
    expect(timeline([62_000], 250), "a press during NS yellow is ignored").toEqual(quiet);
    expect(timeline([80_000], 250), "a press during EW green is ignored").toEqual(quiet);
    expect(timeline([97_000], 250), "a press during EW yellow is ignored").toEqual(quiet);
  });

  it("the press rule applies in every cycle, not only the first", () => {
    expect(
      timeline([105_000, 200_000], 299),
      "each NS green honours presses by its own start",
    ).toEqual([...cycle(0, 60), ...cycle(100, 115), ...cycle(155, 200), "240s NS green EW red"]);
  });

  for (const seed of testSeeds(10)) {
    it(`random presses match the rules over 20 minutes (seed ${seed})`, () => {
      const random = seededRandom(seed);
      const untilMs = 1_200_000;
      const presses = Array.from({ length: random.int(0, 40) }, () => random.int(0, untilMs));
      expect(
        timeline(presses, untilMs / 1000),
        `timing rules with random presses; ${rerunHint(seed)}`,
      ).toEqual(expectedTimeline(presses, untilMs));
    });
  }
});

/**
 * The rules written as arithmetic: NS green from `start` ends at max(start + 15 s, first press in
 * [start, start + 60 s)), or at start + 60 s without one; then 5 s yellow, 30 s EW green, 5 s yellow.
 */
function expectedTimeline(pressAtMs: readonly number[], untilMs: number): string[] {
  const lines: string[] = [];
  for (let startMs = 0; startMs <= untilMs; ) {
    const press = pressAtMs
      .filter((p) => p >= startMs && p < startMs + 60_000)
      .sort((a, b) => a - b)[0];
    const endMs = press === undefined ? startMs + 60_000 : Math.max(startMs + 15_000, press);
    const changes: [number, string][] = [
      [startMs, "NS green EW red"],
      [endMs, "NS yellow EW red"],
      [endMs + 5000, "NS red EW green"],
      [endMs + 35_000, "NS red EW yellow"],
    ];
    for (const [atMs, text] of changes) if (atMs <= untilMs) lines.push(`${atMs / 1000}s ${text}`);
    startMs = endMs + 40_000;
  }
  return lines;
}
