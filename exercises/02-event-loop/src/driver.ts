// Runs a pure controller on an event loop: feeds it timer expiries and posted button presses, and
// carries out the actions it returns. The machine never sees a clock or a TimerId; the driver
// never decides anything. The same driver runs on the virtual loop (tests) and the real one (main).
import type { EventLoop, TimerId } from "./event-loop.ts";
import type { Action, ControllerEvent, Lights, Machine, TimerName } from "./lights.ts";

export interface LightChange {
  readonly atMs: number;
  readonly lights: Lights;
}

export class ControllerDriver<S> {

  constructor(machine: Machine<S>, onLights: (change: LightChange) => void = () => {}) {
    throw new Error("not implemented: ControllerDriver constructor (keep the machine; the loop comes in start)");
  }

  /** Takes the machine's initial step on `loop`; the loop's handler must call dispatch. */
  start(loop: EventLoop<ControllerEvent>): void {
    throw new Error("not implemented: ControllerDriver.start (apply the machine's initial step)");
  }

  /** One event in: step the machine, then do its actions in order. */
  dispatch(event: ControllerEvent): void {
    throw new Error("not implemented: ControllerDriver.dispatch (step, then apply the actions)");
  }

  /** The lights as last set, or undefined before start. */
  lights(): Lights | undefined {
    throw new Error("not implemented: ControllerDriver.lights");
  }

  /** Names of the controller's timers that are running. */
  runningTimers(): TimerName[] {
    throw new Error("not implemented: ControllerDriver.runningTimers");
  }

}
