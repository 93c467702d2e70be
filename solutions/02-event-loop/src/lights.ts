// The vocabulary of the traffic-light controller: what it sees (events) and what it asks the
// driver to do (actions). A controller is any Machine; the reference is in traffic-light.ts.

export type Color = "green" | "yellow" | "red";

/** North–south and east–west signal heads. */
export interface Lights {
  readonly ns: Color;
  readonly ew: Color;
}

/** The controller's timers, by name: the driver maps names to the event loop's TimerIds. */
export type TimerName = "phase" | "minGreen";

export type ControllerEvent =
  | { readonly type: "timer"; readonly name: TimerName }
  | { readonly type: "button" };

export type Action =
  | { readonly type: "setLights"; readonly lights: Lights }
  | { readonly type: "startTimer"; readonly name: TimerName; readonly delayMs: number }
  | { readonly type: "cancelTimer"; readonly name: TimerName };

export interface Step<S> {
  readonly state: S;
  /** Done by the driver in order, before the next event. */
  readonly actions: readonly Action[];
}

/** A pure state machine: no clocks, no timers, no I/O inside; time arrives as timer events. */
export interface Machine<S> {
  initial(): Step<S>;
  step(state: S, event: ControllerEvent): Step<S>;
}

/** The timing rules of the intersection. */
export const timing = {
  nsGreenMs: 60_000,
  ewGreenMs: 30_000,
  yellowMs: 5_000,
  /** A pedestrian press ends NS green early, but never before NS has been green this long. */
  minNsGreenMs: 15_000,
} as const;
