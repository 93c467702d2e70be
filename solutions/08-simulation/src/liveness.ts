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
  // solution:begin
  private settledAtUs: number | undefined;
  private okAfterSettle = 0;
  // solution:end

  constructor(world: LivenessWorld, livenessBoundUs: number) {
    this.world = world;
    this.livenessBoundUs = livenessBoundUs;
  }

  /** After the faults stop, at each step: settled once a leader has committed an entry of its term. */
  watch(termChanged: boolean): void {
    // solution:begin
    if (termChanged) this.settledAtUs = undefined; // a new election: settle again
    if (this.settledAtUs !== undefined) return;
    const leader = this.world.leader();
    const commit = leader === undefined ? undefined : this.world.commitOf(leader);
    if (commit !== undefined && commit.committedTerm === commit.term) {
      this.settledAtUs = this.world.now;
      this.okAfterSettle = 0;
    }
    // solution:end
    // starter: throw new Error("not implemented: LivenessWatch.watch (settled once a leader commits an entry of its own term; a new term settles again)");
  }

  /** The bound after the faults stopped has passed: a violation unless the cluster settled. */
  deadline(): void {
    // solution:begin
    if (this.settledAtUs !== undefined) return;
    const bound = this.livenessBoundUs / 1e6;
    this.world.violate(
      "liveness",
      `no leader committed an entry of its term within ${bound} s after the faults stopped`,
    );
    // solution:end
    // starter: throw new Error("not implemented: LivenessWatch.deadline");
  }

  /** Once settled, an operation sent afterwards must not end unknown. */
  served(op: InFlightOp, completion: HistoryEvent["type"]): void {
    // solution:begin
    if (this.settledAtUs === undefined || op.invokedUs < this.settledAtUs) return;
    if (completion === "ok") this.okAfterSettle++;
    if (completion === "info")
      this.world.violate(
        "liveness",
        `client ${op.client}'s [${op.command.join(" ")}] sent at ${op.invokedUs / 1e6} s, after the cluster settled, got no answer`,
      );
    // solution:end
    // starter: throw new Error("not implemented: LivenessWatch.served");
  }

  /** End of run: with clients, at least one operation succeeded after the cluster settled. */
  finish(clients: number): void {
    // solution:begin
    if (clients > 0 && this.settledAtUs !== undefined && this.okAfterSettle === 0)
      this.world.violate("liveness", "no client operation succeeded after the cluster settled");
    // solution:end
    // starter: throw new Error("not implemented: LivenessWatch.finish");
  }
}
