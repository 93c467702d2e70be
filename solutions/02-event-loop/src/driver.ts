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
  // solution:begin
  private readonly machine: Machine<S>;
  private readonly onLights: (change: LightChange) => void;
  private loop: EventLoop<ControllerEvent> | undefined;
  private state: S | undefined;
  private currentLights: Lights | undefined;
  private readonly timers = new Map<TimerName, TimerId>();
  // solution:end

  constructor(machine: Machine<S>, onLights: (change: LightChange) => void = () => {}) {
    // solution:begin
    this.machine = machine;
    this.onLights = onLights;
    // solution:end
    // starter: throw new Error("not implemented: ControllerDriver constructor (keep the machine; the loop comes in start)");
  }

  /** Takes the machine's initial step on `loop`; the loop's handler must call dispatch. */
  start(loop: EventLoop<ControllerEvent>): void {
    // solution:begin
    if (this.loop !== undefined) throw new Error("ControllerDriver: already started");
    this.loop = loop;
    this.apply(this.machine.initial());
    // solution:end
    // starter: throw new Error("not implemented: ControllerDriver.start (apply the machine's initial step)");
  }

  /** One event in: step the machine, then do its actions in order. */
  dispatch(event: ControllerEvent): void {
    // solution:begin
    if (this.state === undefined) throw new Error("ControllerDriver: dispatch before start");
    this.apply(this.machine.step(this.state, event));
    // solution:end
    // starter: throw new Error("not implemented: ControllerDriver.dispatch (step, then apply the actions)");
  }

  /** The lights as last set, or undefined before start. */
  lights(): Lights | undefined {
    // solution:begin
    return this.currentLights;
    // solution:end
    // starter: throw new Error("not implemented: ControllerDriver.lights");
  }

  /** Names of the controller's timers that are running. */
  runningTimers(): TimerName[] {
    // solution:begin
    return [...this.timers.keys()].sort();
    // solution:end
    // starter: throw new Error("not implemented: ControllerDriver.runningTimers");
  }

  // solution:begin
  private apply(next: { state: S; actions: readonly Action[] }): void {
    this.state = next.state;
    for (const action of next.actions) this.act(action);
  }

  private act(action: Action): void {
    const loop = this.loop!;
    switch (action.type) {
      case "setLights":
        this.currentLights = action.lights;
        this.onLights({ atMs: loop.clock.nowMs(), lights: action.lights });
        return;
      case "startTimer": {
        // Two timers under one name would make the expiry ambiguous: a controller bug.
        if (this.timers.has(action.name)) {
          throw new Error(`ControllerDriver: timer '${action.name}' started while already running`);
        }
        const { name } = action;
        const id = loop.setTimer(action.delayMs, () => {
          this.timers.delete(name);
          this.dispatch({ type: "timer", name });
        });
        this.timers.set(name, id);
        return;
      }
      case "cancelTimer": {
        const id = this.timers.get(action.name);
        if (id !== undefined) loop.cancelTimer(id);
        this.timers.delete(action.name);
        return;
      }
    }
  }
  // solution:end
}
