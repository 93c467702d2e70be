// Exhaustive check of a controller: a breadth-first search over every reachable (controller state,
// lights, running timers) with the button pressed at any moment, checking safety after every
// action and liveness from every state. Time is discrete: it moves in ticks (1 s by default), and
// each timer remembers how many ms it has left. Every duration here is a whole number of seconds,
// so a press at 15.4 s orders against the timers exactly as a press at some whole second does.
import type { Action, Color, Lights, Machine, Step, TimerName } from "./lights.ts";

export interface ExploreOptions {
  /** Time moves in steps of this size; every timer delay must be a whole number of ticks. */
  tickMs?: number;
  /** Bound on distinct states: a state holding a counter would otherwise explore forever. */
  maxStates?: number;
  /** Liveness horizon: from every state, timers alone turn each direction green within this. */
  greenWithinMs?: number;
}

/** One controller event on the way to a violation, with the lights after it. */
export interface TraceStep {
  readonly atMs: number;
  readonly event: string;
  readonly lights: Lights | undefined;
}

export type ExploreResult =
  | { readonly ok: true; readonly statesExplored: number }
  | {
      readonly ok: false;
      readonly statesExplored: number;
      readonly rule: string;
      readonly detail: string;
      /** From the start to the event that broke the rule (for liveness: on to the horizon). */
      readonly trace: readonly TraceStep[];
    };

/** The rules the checker reports, by name. */
export const rules = {
  exclusive: "safety: never green or yellow both ways",
  yellowBetween: "safety: yellow always comes between green and red",
  timerPending: "liveness: a timer is always pending, so the lights never wait for a pedestrian",
  greenAgain: "liveness: each direction turns green again",
  oneTimerPerName: "a timer is started only when it is not already running",
  wholeTicks: "explorer model: timer delays are whole ticks",
  noThrow: "the controller's step never throws",
} as const;

export function explore<S>(machine: Machine<S>, options: ExploreOptions = {}): ExploreResult {
  throw new Error("not implemented: explore (BFS over (state, lights, timers); press or tick from each)");
}

/** A trace as text, one event a line, for failure messages. */
export function formatTrace(trace: readonly TraceStep[]): string {
  throw new Error("not implemented: formatTrace (one line per step: time, event, lights)");
}

