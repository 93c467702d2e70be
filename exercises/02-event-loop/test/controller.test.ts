// The controller as a pure state machine: one event in, the next state and actions out. No loop,
// no clock: the rules are checked on the actions themselves.

import { describe, expect, it } from "vitest";
import {
  type Action,
  type ControllerEvent,
  type ControllerState,
  initial,
  lightsFor,
  step,
  timing,
} from "#stage";

const button: ControllerEvent = { type: "button" };
const phaseEnds: ControllerEvent = { type: "timer", name: "phase" };
const minGreenEnds: ControllerEvent = { type: "timer", name: "minGreen" };

/** Feeds events in order from the initial state; returns the last step. */
function run(...events: ControllerEvent[]): { state: ControllerState; actions: readonly Action[] } {
  let last = initial();
  for (const event of events) last = step(last.state, event);
  return last;
}

const lightsOf = (actions: readonly Action[]) =>
  actions.flatMap((a) => (a.type === "setLights" ? [a.lights] : []));
const started = (actions: readonly Action[]) =>
  actions.flatMap((a) => (a.type === "startTimer" ? [`${a.name} ${a.delayMs}`] : []));
const cancelled = (actions: readonly Action[]) =>
  actions.flatMap((a) => (a.type === "cancelTimer" ? [a.name] : []));

describe("traffic-light controller (pure)", () => {
  it("lightsFor keeps one direction red in every phase", () => {
    expect(lightsFor("nsGreen"), "nsGreen shows NS green, EW red").toEqual({
      ns: "green",
      ew: "red",
    });
    expect(lightsFor("nsYellow"), "nsYellow shows NS yellow, EW red").toEqual({
      ns: "yellow",
      ew: "red",
    });
    expect(lightsFor("ewGreen"), "ewGreen shows EW green, NS red").toEqual({
      ns: "red",
      ew: "green",
    });
    expect(lightsFor("ewYellow"), "ewYellow shows EW yellow, NS red").toEqual({
      ns: "red",
      ew: "yellow",
    });
  });

  it("starts NS green with a 60 s phase timer and a 15 s minimum-green timer", () => {
    const { state, actions } = initial();
    expect(state.phase, "the controller starts with NS green").toBe("nsGreen");
    expect(lightsOf(actions), "the initial step sets the lights").toEqual([
      { ns: "green", ew: "red" },
    ]);
    expect(started(actions).sort(), "NS green: phase timer 60 s, min-green timer 15 s").toEqual([
      `minGreen ${timing.minNsGreenMs}`,
      `phase ${timing.nsGreenMs}`,
    ]);
  });

  it("cycles NS green → NS yellow → EW green → EW yellow → NS green on phase timers", () => {
    const afterMin = run(minGreenEnds);
    expect(afterMin.actions, "the 15 s mark alone changes no light").toEqual([]);
    const nsYellow = run(minGreenEnds, phaseEnds);
    expect(lightsOf(nsYellow.actions), "NS green ends in NS yellow").toEqual([
      { ns: "yellow", ew: "red" },
    ]);
    expect(started(nsYellow.actions), "yellow lasts 5 s").toEqual([`phase ${timing.yellowMs}`]);
    const ewGreen = run(minGreenEnds, phaseEnds, phaseEnds);
    expect(lightsOf(ewGreen.actions), "NS yellow ends in EW green (no all-red)").toEqual([
      { ns: "red", ew: "green" },
    ]);
    expect(started(ewGreen.actions), "EW green lasts 30 s").toEqual([`phase ${timing.ewGreenMs}`]);
    const ewYellow = run(minGreenEnds, phaseEnds, phaseEnds, phaseEnds);
    expect(lightsOf(ewYellow.actions), "EW green ends in EW yellow").toEqual([
      { ns: "red", ew: "yellow" },
    ]);
    expect(started(ewYellow.actions), "yellow lasts 5 s").toEqual([`phase ${timing.yellowMs}`]);
    const back = run(minGreenEnds, phaseEnds, phaseEnds, phaseEnds, phaseEnds);
    expect(lightsOf(back.actions), "EW yellow ends in NS green").toEqual([
      { ns: "green", ew: "red" },
    ]);
    expect(started(back.actions).sort(), "NS green again starts both its timers").toEqual([
      `minGreen ${timing.minNsGreenMs}`,
      `phase ${timing.nsGreenMs}`,
    ]);
  });

  it("a press before the 15 s mark is remembered and acted on at the mark", () => {
    const pressed = run(button);
    expect(pressed.actions, "an early press changes no light yet").toEqual([]);
    const atMark = run(button, minGreenEnds);
    expect(lightsOf(atMark.actions), "a remembered press ends NS green at the 15 s mark").toEqual([
      { ns: "yellow", ew: "red" },
    ]);
    expect(cancelled(atMark.actions), "ending NS green early cancels the 60 s phase timer").toEqual(
      ["phase"],
    );
  });

  it("a press after the 15 s mark ends NS green at once", () => {
    const { actions } = run(minGreenEnds, button);
    expect(lightsOf(actions), "a press after 15 s of NS green turns NS yellow now").toEqual([
      { ns: "yellow", ew: "red" },
    ]);
    expect(cancelled(actions), "the 60 s phase timer is cancelled").toEqual(["phase"]);
    expect(started(actions), "yellow lasts 5 s").toEqual([`phase ${timing.yellowMs}`]);
  });

  it("a press while NS is not green is ignored and not remembered", () => {
    const phaseEndsUntilNsGreen = { nsYellow: 3, ewGreen: 2, ewYellow: 1 } as const;
    let current = run(minGreenEnds, phaseEnds);
    for (const [phase, remaining] of Object.entries(phaseEndsUntilNsGreen)) {
      expect(current.state.phase, "the cycle order is nsYellow, ewGreen, ewYellow").toBe(phase);
      const pressed = step(current.state, button);
      expect(pressed.actions, `a press during ${phase} does nothing`).toEqual([]);
      let state = pressed.state;
      for (let i = 0; i < remaining; i++) state = step(state, phaseEnds).state;
      expect(state.phase, "ignored presses leave the cycle unchanged").toBe("nsGreen");
      expect(
        step(state, minGreenEnds).actions,
        `a press during ${phase} is not remembered for the next NS green`,
      ).toEqual([]);
      current = step(current.state, phaseEnds);
    }
  });
});
