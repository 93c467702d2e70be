// The exhaustive checker: it must pass the reference controller, and it must catch broken ones.
// Each broken controller below is a small change to the reference (or a tiny machine of its own),
// built here in the test, never by editing the solution.

import { describe, expect, it } from "vitest";
import {
  type Action,
  type ControllerEvent,
  type ControllerState,
  explore,
  formatTrace,
  type Machine,
  rules,
  type Step,
  trafficLight,
} from "#stage";

/** The reference with every step's actions rewritten. */
function mutant(
  rewrite: (
    actions: readonly Action[],
    state: ControllerState,
    event: ControllerEvent | "start",
  ) => Action[],
): Machine<ControllerState> {
  const wrap = (step: Step<ControllerState>, event: ControllerEvent | "start") => ({
    state: step.state,
    actions: rewrite(step.actions, step.state, event),
  });
  return {
    initial: () => wrap(trafficLight.initial(), "start"),
    step: (state, event) => wrap(trafficLight.step(state, event), event),
  };
}

function failureOf<S>(machine: Machine<S>) {
  const result = explore(machine);
  if (result.ok)
    throw new Error(`the checker passed a broken controller (${result.statesExplored} states)`);
  return result;
}

describe("exhaustive check", () => {
  it("passes the reference controller and reports how many states it explored", () => {
    const result = explore(trafficLight);
    const detail = result.ok
      ? ""
      : `${result.rule}: ${result.detail}\n${formatTrace(result.trace)}`;
    expect(result.ok, `the reference controller breaks no rule ${detail}`).toBe(true);
    console.log(`exhaustive check: ${result.statesExplored} states explored`);
    expect(
      result.statesExplored,
      "with 1 s ticks every second of the 100 s cycle is its own state",
    ).toBeGreaterThanOrEqual(100);
    expect(result.statesExplored, "the state space is small and finite").toBeLessThan(10_000);
  });

  it("catches green or yellow both ways, with a trace that ends at the violation", () => {
    // EW turns green while NS is left yellow.
    const bad = mutant((actions) =>
      actions.map((a) =>
        a.type === "setLights" && a.lights.ew === "green"
          ? { ...a, lights: { ns: "yellow", ew: "green" } }
          : a,
      ),
    );
    const failure = failureOf(bad);
    expect(failure.rule, "the checker names the broken rule").toBe(rules.exclusive);
    expect(failure.trace[0]?.event, "a trace starts at the initial step").toBe("start");
    expect(failure.trace.at(-1)?.event, "the trace ends with the event that broke the rule").toBe(
      "timer phase",
    );
    expect(failure.trace.at(-1)?.lights, "the last step shows the offending lights").toEqual({
      ns: "yellow",
      ew: "green",
    });
    expect(formatTrace(failure.trace), "formatTrace writes one line per step").toContain(
      "timer phase",
    );
  });

  it("catches green → red without yellow (here: a press that skips yellow)", () => {
    const bad = mutant((actions, state, event) =>
      event !== "start" && event.type === "button" && state.phase === "nsYellow"
        ? actions.map((a) =>
            a.type === "setLights" ? { ...a, lights: { ns: "red", ew: "green" } } : a,
          )
        : [...actions],
    );
    const failure = failureOf(bad);
    expect(failure.rule, "yellow must come between green and red").toBe(rules.yellowBetween);
    expect(failure.trace.at(-1)?.event, "the violation happens on a button press").toBe("button");
    expect(
      failure.trace.map((t) => t.event),
      "a press ends NS green only after the 15 s timer, so the trace shows it first",
    ).toContain("timer minGreen");
    expect(failure.trace.at(-1)?.atMs, "the earliest such press is at 15 s").toBe(15_000);
  });

  it("catches a state with no timer running (EW yellow that never ends)", () => {
    const bad = mutant((actions, state) =>
      state.phase === "ewYellow" ? actions.filter((a) => a.type !== "startTimer") : [...actions],
    );
    const failure = failureOf(bad);
    expect(failure.rule, "some timer must always be pending").toBe(rules.timerPending);
    expect(failure.trace.at(-1)?.lights, "stuck with EW yellow").toEqual({
      ns: "red",
      ew: "yellow",
    });
  });

  it("catches a direction that never turns green again", () => {
    // Safe and never stuck, but EW starves: NS green → NS yellow → all red → NS green, forever.
    type Light = "g" | "y" | "r";
    const colors = { g: "green", y: "yellow", r: "red" } as const;
    const enter = (s: Light): Step<Light> => ({
      state: s,
      actions: [
        { type: "setLights", lights: { ns: colors[s], ew: "red" } },
        { type: "startTimer", name: "phase", delayMs: 5000 },
      ],
    });
    const nsOnly: Machine<Light> = {
      initial: () => enter("g"),
      step: (s, e) =>
        e.type === "button"
          ? { state: s, actions: [] }
          : enter(s === "g" ? "y" : s === "y" ? "r" : "g"),
    };
    const failure = failureOf(nsOnly);
    expect(failure.rule, "each direction must turn green again").toBe(rules.greenAgain);
    expect(failure.detail, "the detail names the starved direction").toContain("EW");
  });

  it("catches a step that throws, and a timer started twice", () => {
    const throws = mutant((actions, state, event) => {
      if (event !== "start" && event.type === "button" && state.phase === "ewGreen")
        throw new Error("boom");
      return [...actions];
    });
    const thrown = failureOf(throws);
    expect(thrown.rule, "a step that throws is a violation, with its trace").toBe(rules.noThrow);
    expect(thrown.detail, "the detail carries the error").toContain("boom");
    const twice = mutant((actions) => [
      ...actions,
      ...actions.filter((a) => a.type === "startTimer"),
    ]);
    expect(failureOf(twice).rule, "a timer name is started only when not running").toBe(
      rules.oneTimerPerName,
    );
  });

  it("refuses delays that are not whole ticks, and stops at maxStates", () => {
    const coarse = explore(trafficLight, { tickMs: 10_000 });
    expect(coarse.ok ? "ok" : coarse.rule, "a 15 s timer cannot be modelled with 10 s ticks").toBe(
      rules.wholeTicks,
    );
    // A counter in the state makes the state space infinite.
    const counting: Machine<number> = {
      initial: () => ({
        state: 0,
        actions: [{ type: "startTimer", name: "phase", delayMs: 1000 }],
      }),
      step: (n, e) =>
        e.type === "button"
          ? { state: n, actions: [] }
          : { state: n + 1, actions: [{ type: "startTimer", name: "phase", delayMs: 1000 }] },
    };
    expect(
      () => explore(counting, { maxStates: 500 }),
      "exploration is bounded by maxStates",
    ).toThrow(/maxStates/);
  });
});
