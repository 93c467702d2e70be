// The harness's network: in memory, in simulated ticks, every message's fate decided by the
// seeded PRNG when it is sent (lost, or due after a random delay: a spread of delays reorders;
// sometimes delivered twice, each copy with its own delay).
// Partitions block links both ways, also for messages already in flight.
import type { Prng } from "./prng.ts";

export interface Addressed {
  readonly from: number;
  readonly to: number;
}

export interface NetworkFaults {
  /** Probability in [0, 1] that a message is lost. */
  readonly lossRate: number;
  /** Probability in [0, 1] that a message that is not lost arrives twice (a retransmission). */
  readonly duplicateRate: number;
  /** Each message is delayed uniformly in [minDelayTicks, maxDelayTicks] (≥ 1). */
  readonly minDelayTicks: number;
  readonly maxDelayTicks: number;
  /** Messages in flight beyond this are dropped, like a full buffer. */
  readonly maxInFlightMessages: number;
}

export const reliableNetwork: NetworkFaults = {
  lossRate: 0,
  duplicateRate: 0,
  minDelayTicks: 1,
  maxDelayTicks: 1,
  maxInFlightMessages: 10_000,
};

interface InFlight<M> {
  readonly message: M;
  readonly dueTick: number;
  readonly seq: number;
}

export class SimNetwork<M extends Addressed> {
  private readonly prng: Prng;
  private faults: NetworkFaults;
  // starter: private inFlight: InFlight<M>[] = [];
  // solution:begin
  private inFlight: InFlight<M>[] = [];
  /** The group of each node while partitioned; nodes in different groups cannot talk. */
  private groupOf = new Map<number, number>();
  private seq = 0;
  // solution:end
  /** Messages handed to the network, and how many of them were dropped (loss, partition, full). */
  readonly stats = { sent: 0, dropped: 0 };

  constructor(prng: Prng, faults: Partial<NetworkFaults> = {}) {
    this.prng = prng;
    this.faults = checkFaults({ ...reliableNetwork, ...faults });
  }

  setFaults(faults: Partial<NetworkFaults>): void {
    this.faults = checkFaults({ ...this.faults, ...faults });
  }

  /** Hands a message to the network at `nowTick`; its fate is decided now. */
  send(message: M, nowTick: number): void {
    // solution:begin
    this.stats.sent++;
    const full = this.inFlight.length >= this.faults.maxInFlightMessages;
    if (full || !this.linkUp(message.from, message.to) || this.prng.chance(this.faults.lossRate)) {
      this.stats.dropped++;
      return;
    }
    const copies = this.prng.chance(this.faults.duplicateRate) ? 2 : 1;
    for (let copy = 0; copy < copies; copy++) {
      const delay = this.prng.int(this.faults.minDelayTicks, this.faults.maxDelayTicks + 1);
      this.inFlight.push({ message, dueTick: nowTick + delay, seq: this.seq++ });
    }
    // solution:end
    // starter: throw new Error("not implemented: SimNetwork.send (drop if the link is down or by lossRate; else due after a random delay; by duplicateRate a second copy with its own delay)");
  }

  /** Removes and returns the messages due by `nowTick`, in due order; blocked links drop theirs. */
  takeDue(nowTick: number): M[] {
    // solution:begin
    const due = this.inFlight.filter((item) => item.dueTick <= nowTick);
    if (due.length === 0) return [];
    this.inFlight = this.inFlight.filter((item) => item.dueTick > nowTick);
    due.sort((a, b) => a.dueTick - b.dueTick || a.seq - b.seq);
    const delivered = due.filter(({ message }) => this.linkUp(message.from, message.to));
    this.stats.dropped += due.length - delivered.length;
    return delivered.map((item) => item.message);
    // solution:end
    // starter: throw new Error("not implemented: SimNetwork.takeDue (messages due by now, oldest first; drop those whose link is down)");
  }

  /** Splits the cluster: nodes talk only within their group; nodes in no group talk to nobody. */
  partition(groups: readonly (readonly number[])[]): void {
    // solution:begin
    this.groupOf = new Map();
    groups.forEach((group, g) => {
      for (const id of group) {
        if (this.groupOf.has(id)) throw new RangeError(`node ${id} is in two partition groups`);
        this.groupOf.set(id, g);
      }
    });
    this.partitioned = true;
    // solution:end
    // starter: throw new Error("not implemented: SimNetwork.partition (remember each node's group)");
  }

  /** Every link works again. */
  heal(): void {
    // solution:begin
    this.groupOf = new Map();
    this.partitioned = false;
    // solution:end
    // starter: throw new Error("not implemented: SimNetwork.heal");
  }

  linkUp(from: number, to: number): boolean {
    // solution:begin
    if (!this.partitioned) return true;
    const a = this.groupOf.get(from);
    return a !== undefined && a === this.groupOf.get(to);
    // solution:end
    // starter: throw new Error("not implemented: SimNetwork.linkUp (same partition group, or no partition)");
  }

  pendingCount(): number {
    return this.inFlight.length;
  }

  // solution:begin
  private partitioned = false;
  // solution:end
}

function checkFaults(faults: NetworkFaults): NetworkFaults {
  const { lossRate, duplicateRate, minDelayTicks, maxDelayTicks, maxInFlightMessages } = faults;
  if (!(lossRate >= 0 && lossRate <= 1))
    throw new RangeError(`lossRate must be in [0, 1], got ${lossRate}`);
  if (!(duplicateRate >= 0 && duplicateRate <= 1))
    throw new RangeError(`duplicateRate must be in [0, 1], got ${duplicateRate}`);
  if (!Number.isInteger(minDelayTicks) || minDelayTicks < 1)
    throw new RangeError(`minDelayTicks must be an integer ≥ 1, got ${minDelayTicks}`);
  if (!Number.isInteger(maxDelayTicks) || maxDelayTicks < minDelayTicks)
    throw new RangeError(`maxDelayTicks must be an integer ≥ minDelayTicks, got ${maxDelayTicks}`);
  if (!Number.isInteger(maxInFlightMessages) || maxInFlightMessages < 1)
    throw new RangeError(
      `maxInFlightMessages must be a positive integer, got ${maxInFlightMessages}`,
    );
  return faults;
}
