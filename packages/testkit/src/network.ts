// A deterministic in-memory network for tests of the Raft core: every message's fate (lost,
// duplicated, delayed, and so reordered) is decided by a seeded PRNG, so a failing run replays
// exactly from its seed. Time is simulated: messages are due at a tick, never at a wall-clock time.
import type { Random } from "./random.ts";

/** Every message names its sender and receiver (node ids). */
export interface Addressed {
  readonly from: number;
  readonly to: number;
}

export interface Faults {
  /** Probability in [0, 1] that a message is dropped. */
  readonly lossRate: number;
  /** Probability in [0, 1] that a delivered message is delivered twice. */
  readonly duplicateRate: number;
  /** Each copy is delayed uniformly in [minDelayTicks, maxDelayTicks]; a spread reorders. */
  readonly minDelayTicks: number;
  readonly maxDelayTicks: number;
  /** Messages in flight beyond this are dropped, like a full buffer. */
  readonly maxInFlightMessages: number;
}

/** A perfect network: nothing lost or duplicated, every message one tick later, in order. */
export const perfectNetwork: Faults = {
  lossRate: 0,
  duplicateRate: 0,
  minDelayTicks: 1,
  maxDelayTicks: 1,
  maxInFlightMessages: 10_000,
};

export interface NetworkStats {
  sent: number;
  delivered: number;
  /** Dropped by loss, a cut link, an isolated node or a full buffer. */
  dropped: number;
  duplicated: number;
}

interface InFlight<M> {
  readonly message: M;
  readonly dueTick: number;
  /** Send order, to break ties between messages due at the same tick deterministically. */
  readonly seq: number;
}

export class Network<M extends Addressed> {
  private faults: Faults;
  private readonly random: Random;
  private inFlight: InFlight<M>[] = [];
  private readonly cutLinks = new Set<string>();
  private readonly isolated = new Set<number>();
  private seq = 0;
  readonly stats: NetworkStats = { sent: 0, delivered: 0, dropped: 0, duplicated: 0 };

  constructor(random: Random, faults: Partial<Faults> = {}) {
    this.random = random;
    this.faults = checkFaults({ ...perfectNetwork, ...faults });
  }

  /** Changes the faults from now on (e.g. stop the loss to let a cluster settle). */
  setFaults(faults: Partial<Faults>): void {
    this.faults = checkFaults({ ...this.faults, ...faults });
  }

  /** Hands a message to the network at `nowTick`; its fate is decided now, by the PRNG. */
  send(message: M, nowTick: number): void {
    this.stats.sent++;
    if (!this.linkUp(message.from, message.to) || this.random.chance(this.faults.lossRate)) {
      this.stats.dropped++;
      return;
    }
    this.enqueue(message, nowTick);
    if (this.random.chance(this.faults.duplicateRate)) {
      this.stats.duplicated++;
      this.enqueue(message, nowTick);
    }
  }

  /**
   * Removes and returns the messages due at or before `nowTick`, oldest due first (send order
   * among equals). A message whose link was cut while it was in flight is dropped here.
   */
  takeDue(nowTick: number): M[] {
    const due = this.inFlight.filter((item) => item.dueTick <= nowTick);
    if (due.length === 0) return [];
    this.inFlight = this.inFlight.filter((item) => item.dueTick > nowTick);
    due.sort((a, b) => a.dueTick - b.dueTick || a.seq - b.seq);
    const delivered: M[] = [];
    for (const { message } of due) {
      if (this.linkUp(message.from, message.to)) delivered.push(message);
      else this.stats.dropped++;
    }
    this.stats.delivered += delivered.length;
    return delivered;
  }

  /** How many messages are in flight. */
  pendingCount(): number {
    return this.inFlight.length;
  }

  /** Cuts the link between a and b, both ways: messages either way are dropped until healed. */
  cut(a: number, b: number): void {
    this.cutLinks.add(linkKey(a, b));
  }

  heal(a: number, b: number): void {
    this.cutLinks.delete(linkKey(a, b));
  }

  /** Cuts a node off from everybody until `rejoin` or `healAll`. */
  isolate(node: number): void {
    this.isolated.add(node);
  }

  rejoin(node: number): void {
    this.isolated.delete(node);
  }

  /** Heals every cut link and brings back every isolated node. */
  healAll(): void {
    this.cutLinks.clear();
    this.isolated.clear();
  }

  linkUp(from: number, to: number): boolean {
    return (
      !this.isolated.has(from) && !this.isolated.has(to) && !this.cutLinks.has(linkKey(from, to))
    );
  }

  private enqueue(message: M, nowTick: number): void {
    if (this.inFlight.length >= this.faults.maxInFlightMessages) {
      this.stats.dropped++;
      return;
    }
    const delay = this.random.int(this.faults.minDelayTicks, this.faults.maxDelayTicks + 1);
    this.inFlight.push({ message, dueTick: nowTick + delay, seq: this.seq++ });
  }
}

function linkKey(a: number, b: number): string {
  return a < b ? `${a}-${b}` : `${b}-${a}`;
}

function checkFaults(faults: Faults): Faults {
  const { lossRate, duplicateRate, minDelayTicks, maxDelayTicks, maxInFlightMessages } = faults;
  for (const [name, p] of [
    ["lossRate", lossRate],
    ["duplicateRate", duplicateRate],
  ] as const) {
    if (!(p >= 0 && p <= 1)) throw new RangeError(`${name} must be in [0, 1], got ${p}`);
  }
  // At least one tick: what a node sends while handling one tick's deliveries never cascades.
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
