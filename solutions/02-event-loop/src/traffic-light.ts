// The reference controller: NS green 60 s, NS yellow 5 s, EW green 30 s, EW yellow 5 s, repeat.
// The pedestrian button (to cross the NS road) ends NS green early once it has lasted 15 s; a
// press before that is remembered and acted on at 15 s; a press while NS is not green is ignored.
// No all-red interval: the yellow direction turns red in the same action that turns the other
// green, so one full cycle without presses is 60 + 5 + 30 + 5 = 100 s.
import {
  type Action,
  type ControllerEvent,
  type Lights,
  type Machine,
  type Step,
  timing,
} from "./lights.ts";

export type Phase = "nsGreen" | "nsYellow" | "ewGreen" | "ewYellow";

export interface ControllerState {
  readonly phase: Phase;
  /** NS has been green for minNsGreenMs (only meaningful in nsGreen). */
  readonly minGreenDone: boolean;
  /** A press came before minGreenDone and waits for it (only in nsGreen). */
  readonly walkRequested: boolean;
}

/** The lights shown in each phase. */
export function lightsFor(phase: Phase): Lights {
  // solution:begin
  switch (phase) {
    case "nsGreen":
      return { ns: "green", ew: "red" };
    case "nsYellow":
      return { ns: "yellow", ew: "red" };
    case "ewGreen":
      return { ns: "red", ew: "green" };
    case "ewYellow":
      return { ns: "red", ew: "yellow" };
  }
  // solution:end
  // starter: throw new Error(`not implemented: lightsFor ${phase} (one direction red at all times)`);
}

/** Starts with NS green. */
export function initial(): Step<ControllerState> {
  // solution:begin
  return enter("nsGreen");
  // solution:end
  // starter: throw new Error("not implemented: initial (NS green: set the lights, start its timers)");
}

export function step(state: ControllerState, event: ControllerEvent): Step<ControllerState> {
  // solution:begin
  if (state.phase === "nsGreen") return nsGreenStep(state, event);
  if (event.type === "button") return { state, actions: [] }; // only NS green listens to the button
  if (event.name !== "phase") {
    throw new Error(`${event.name} timer fired in ${state.phase}: it runs only during nsGreen`);
  }
  return enter(
    state.phase === "nsYellow" ? "ewGreen" : state.phase === "ewGreen" ? "ewYellow" : "nsGreen",
  );
  // solution:end
  // starter: throw new Error("not implemented: step (switch on the phase, then on the event)");
}

// solution:begin
const phaseDurationMs: Record<Phase, number> = {
  nsGreen: timing.nsGreenMs,
  nsYellow: timing.yellowMs,
  ewGreen: timing.ewGreenMs,
  ewYellow: timing.yellowMs,
};

/** Entering a phase: show its lights and start the timer that ends it. */
function enter(phase: Phase, first: readonly Action[] = []): Step<ControllerState> {
  const actions: Action[] = [
    ...first,
    { type: "setLights", lights: lightsFor(phase) },
    { type: "startTimer", name: "phase", delayMs: phaseDurationMs[phase] },
  ];
  if (phase === "nsGreen") {
    actions.push({ type: "startTimer", name: "minGreen", delayMs: timing.minNsGreenMs });
  }
  return { state: { phase, minGreenDone: false, walkRequested: false }, actions };
}

function nsGreenStep(state: ControllerState, event: ControllerEvent): Step<ControllerState> {
  if (event.type === "button") {
    if (state.minGreenDone) return endNsGreenEarly();
    return { state: { ...state, walkRequested: true }, actions: [] };
  }
  if (event.name === "minGreen") {
    if (state.walkRequested) return endNsGreenEarly();
    return { state: { ...state, minGreenDone: true }, actions: [] };
  }
  // The 60 s timer always comes after the 15 s one; cancel it anyway so no timer outlives its phase.
  const leftovers: Action[] = state.minGreenDone ? [] : [{ type: "cancelTimer", name: "minGreen" }];
  return enter("nsYellow", leftovers);
}

/** The pedestrian's turn: the pending 60 s timer must not fire later, in another phase. */
function endNsGreenEarly(): Step<ControllerState> {
  return enter("nsYellow", [{ type: "cancelTimer", name: "phase" }]);
}
// solution:end

/** The reference controller as a Machine, for the driver and the checker. */
export const trafficLight: Machine<ControllerState> = { initial, step };
