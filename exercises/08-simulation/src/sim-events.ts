// What the simulator's queue holds: every kind of event a run is made of, and what each carries.
// A tick or sync names the node's incarnation, so one scheduled before a crash is ignored after it.
import type { Message, Outcome } from "#raft";
import type { InFlightOp } from "./clients.ts";

export type SimEvent =
  | { readonly type: "tick"; readonly node: number; readonly incarnation: number }
  | { readonly type: "sync"; readonly node: number; readonly incarnation: number }
  | { readonly type: "deliver"; readonly message: Message }
  | { readonly type: "fault-start" | "fault-end"; readonly episode: number }
  | { readonly type: "strike"; readonly episode: number; readonly leader: number | undefined }
  | { readonly type: "quiet" | "liveness-deadline" }
  | { readonly type: "client-invoke"; readonly client: number }
  | { readonly type: "client-arrive"; readonly op: InFlightOp }
  | {
      readonly type: "client-reply";
      readonly op: InFlightOp;
      readonly outcome: Outcome | undefined;
    };
