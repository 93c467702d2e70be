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
  // starter: private readonly cut = new Map<string, number>();
  // solution:begin
  /** linkKey(from, to) → how many active episodes cut that link. */
  private readonly cut = new Map<number, number>();
  // solution:end

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
    // solution:begin
    const f = this.faults;
    if (!this.calm && this.random.chance(f.lossRate)) return [];
    const copies = !this.calm && this.random.chance(f.duplicateRate) ? 2 : 1;
    const times: number[] = [];
    for (let i = 0; i < copies; i++) {
      const slow = !this.calm && this.random.chance(f.slowRate);
      const maxUs = slow ? Math.max(f.maxSlowDelayUs, f.maxDelayUs) : f.maxDelayUs;
      times.push(nowUs + this.random.int(f.minDelayUs, Math.max(f.minDelayUs, maxUs) + 1));
    }
    if (!this.calm && this.lateRandom.chance(f.lateCopyRate))
      times.push(nowUs + this.lateDelayUs());
    return times;
    // solution:end
    // starter: throw new Error("not implemented: FaultyNetwork.deliveryTimes (lost, once or twice; each copy after a random delay, sometimes a long one; sometimes one more copy, late)");
  }
  // solution:begin
  /** A late copy's delay: log-uniform from the usual maximum to maxLateCopyDelayUs. */
  private lateDelayUs(): number {
    const f = this.faults;
    const minUs = Math.max(1, f.maxDelayUs);
    const maxUs = Math.max(minUs, f.maxLateCopyDelayUs);
    return Math.round(minUs * (maxUs / minUs) ** this.lateRandom.next());
  }
  // solution:end

  /** Cuts each directed link once more. */
  cutLinks(links: readonly (readonly [number, number])[]): void {
    // solution:begin
    for (const [from, to] of links) {
      const key = linkKey(from, to);
      this.cut.set(key, (this.cut.get(key) ?? 0) + 1);
    }
    // solution:end
    // starter: throw new Error("not implemented: FaultyNetwork.cutLinks (count each directed link's cuts)");
  }

  /** Undoes one cutLinks of the same links. */
  restoreLinks(links: readonly (readonly [number, number])[]): void {
    // solution:begin
    for (const [from, to] of links) {
      const key = linkKey(from, to);
      const count = this.cut.get(key) ?? 0;
      if (count <= 1) this.cut.delete(key);
      else this.cut.set(key, count - 1);
    }
    // solution:end
    // starter: throw new Error("not implemented: FaultyNetwork.restoreLinks (one cut fewer per link)");
  }

  /** Every link works again. */
  healAll(): void {
    this.cut.clear();
  }

  /** Whether a message from `from` reaches `to` now (checked when it arrives). */
  canReach(from: number, to: number): boolean {
    // solution:begin
    // Checked for every message delivered: no string built, and nothing looked up when no link is cut.
    return this.cut.size === 0 || !this.cut.has(linkKey(from, to));
    // solution:end
    // starter: throw new Error("not implemented: FaultyNetwork.canReach (the directed link from → to is not cut)");
  }
}

// solution:begin
/** One number per directed link (node ids are small positive integers). */
function linkKey(from: number, to: number): number {
  return from * 0x1_0000 + to;
}
// solution:end
