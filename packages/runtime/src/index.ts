export { runMain, stopOnSignals } from "./program.ts";
export { type Random, seededRandom } from "./random.ts";
export type {
  ApplyEvent,
  ClientEvent,
  CommitEvent,
  FaultEvent,
  LogEvent,
  MessageEvent,
  MessageFields,
  RoleEvent,
  RunEvent,
  TickEvent,
  TimerEvent,
  TraceEvent,
  ViolationEvent,
  VoteEvent,
} from "./trace-events.ts";
