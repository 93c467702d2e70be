// The simulated network: decides each message's fate from the seed when it is sent (lost, late,
// duplicated) and which directed links are cut right now. Links are cut per direction, so a
// partition can be asymmetric; overlapping partitions count, so healing one leaves the other.
import type { Random } from "@rafting/runtime";
import type { FaultDistribution } from "./options.ts";

export class FaultyNetwork {
  private readonly random: Random;
  /** Late copies draw from their own stream: the other fates stay what they were without them. */
  private readonly lateRandom: Random;
  private faults: FaultDistribution;
  /** Weather off: no loss, no duplicates, no slow messages (after the faults stop). */
  private calm = false;
  private readonly cut = new Map<string, number>();

  constructor(random: Random, faults: FaultDistribution, lateRandom: Random = random) {
    this.random = random;
    this.lateRandom = lateRandom;
    this.faults = faults;
  }

  /** From now on every message arrives once, on time (links may still be cut: heal them). */
  calmDown(): void {
    this.calm = true;
  }

  /** When the copies of a message sent at `nowUs` arrive: none (lost), one, two, or one more late. */
  deliveryTimes(nowUs: number): number[] {
    throw new Error("not implemented: FaultyNetwork.deliveryTimes (lost, once or twice; each copy after a random delay, sometimes a long one; sometimes one more copy, late)");
  }

  /** Cuts each directed link once more. */
  cutLinks(links: readonly (readonly [number, number])[]): void {
    throw new Error("not implemented: FaultyNetwork.cutLinks (count each directed link's cuts)");
  }

  /** Undoes one cutLinks of the same links. */
  restoreLinks(links: readonly (readonly [number, number])[]): void {
    throw new Error("not implemented: FaultyNetwork.restoreLinks (one cut fewer per link)");
  }

  /** Every link works again. */
  healAll(): void {
    this.cut.clear();
  }

  /** Whether a message from `from` reaches `to` now (checked when it arrives). */
  canReach(from: number, to: number): boolean {
    throw new Error("not implemented: FaultyNetwork.canReach (the directed link from → to is not cut)");
  }
}

