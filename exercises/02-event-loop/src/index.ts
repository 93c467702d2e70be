// Stage 02: event-driven programming. A traffic-light controller as a pure state machine, an
// event loop with timers on a real or a virtual clock, and an exhaustive check of the controller.
export { parseArgs, type RunOptions, UsageError, usage } from "./cli-args.ts";
export { type Clock, realClock, VirtualClock } from "./clock.ts";
export { ControllerDriver, type LightChange } from "./driver.ts";
export {
  defaultMaxQueued,
  type EventLoop,
  LoopCore,
  type LoopOptions,
  type Task,
  type TimerId,
} from "./event-loop.ts";
export {
  type ExploreOptions,
  type ExploreResult,
  explore,
  formatTrace,
  rules,
  type TraceStep,
} from "./explore.ts";
export {
  type Action,
  type Color,
  type ControllerEvent,
  type Lights,
  type Machine,
  type Step,
  type TimerName,
  timing,
} from "./lights.ts";
export { type HostTimers, nodeTimers, RealLoop, type RealLoopOptions } from "./real-loop.ts";
export { QueueFullError, type Scheduled, TimerQueue } from "./timer-queue.ts";
export {
  type ControllerState,
  initial,
  lightsFor,
  type Phase,
  step,
  trafficLight,
} from "./traffic-light.ts";
export { VirtualLoop, type VirtualLoopOptions } from "./virtual-loop.ts";
