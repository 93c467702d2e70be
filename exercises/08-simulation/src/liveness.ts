// Liveness: after the faults stop, the cluster must settle (a leader commits an entry of its own
// term) within the bound, and then serve the clients: an operation sent after that must not end
// unknown, and at least one must succeed.
import type { HistoryEvent } from "#testing";
import type { InFlightOp } from "./clients.ts";

/** What the watch reads of the simulation, and how it reports a violation. */
export interface LivenessWorld {
  readonly now: number;
  leader(): number | undefined;
  /** The running node's term, commit index and the term of the entry there; undefined if down. */
  commitOf(
    id: number,
  ): { readonly term: number; readonly committedTerm: number | undefined } | undefined;
  violate(invariant: "liveness", detail: string): void;
}

export class LivenessWatch {
  private readonly world: LivenessWorld;
  private readonly livenessBoundUs: number;

  constructor(world: LivenessWorld, livenessBoundUs: number) {
    this.world = world;
    this.livenessBoundUs = livenessBoundUs;
  }

  /** After the faults stop, at each step: settled once a leader has committed an entry of its term. */
  watch(termChanged: boolean): void {
    throw new Error("not implemented: LivenessWatch.watch (settled once a leader commits an entry of its own term; a new term settles again)");
  }

  /** The bound after the faults stopped has passed: a violation unless the cluster settled. */
  deadline(): void {
    throw new Error("not implemented: LivenessWatch.deadline");
  }

  /** Once settled, an operation sent afterwards must not end unknown. */
  served(op: InFlightOp, completion: HistoryEvent["type"]): void {
    throw new Error("not implemented: LivenessWatch.served");
  }

  /** End of run: with clients, at least one operation succeeded after the cluster settled. */
  finish(clients: number): void {
    throw new Error("not implemented: LivenessWatch.finish");
  }
}
