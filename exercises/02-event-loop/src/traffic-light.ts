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
  throw new Error(`not implemented: lightsFor ${phase} (one direction red at all times)`);
}

/** Starts with NS green. */
export function initial(): Step<ControllerState> {
  throw new Error("not implemented: initial (NS green: set the lights, start its timers)");
}

export function step(state: ControllerState, event: ControllerEvent): Step<ControllerState> {
  throw new Error("not implemented: step (switch on the phase, then on the event)");
}


/** The reference controller as a Machine, for the driver and the checker. */
export const trafficLight: Machine<ControllerState> = { initial, step };
