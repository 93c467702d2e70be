// A whole run, scrubbable: the events, a checkpoint of the cluster state every few hundred
// events (so any point is at most that many events from a copy), the message flights, and the
// landmarks the jump buttons go to. Live mode appends events as they come.
import type { MessageEvent, RunHeader, ViewerEvent } from "../trace/events.ts";
import { type Flight, FlightIndex } from "./flights.ts";
import { applyEvent, type ClusterState, cloneState, emptyState } from "./state.ts";

export const checkpointEvery = 256;
/** Flights drawn at once, at most (a scrub never stalls on a message storm). */
const maxFlightsShown = 200;
const maxLatencySamples = 5000;
/** How long a message lost at its send stays drawn, µs of run time. */
const lostShownUs = 5000;

export interface InFlight {
  readonly flight: Flight;
  /** 0 at the sender, 1 at the receiver. */
  readonly progress: number;
  readonly duplicated: boolean;
  readonly delayed: boolean;
  /** Ends in a drop (partition, down) rather than a delivery. */
  readonly dropped: boolean;
}

export class Timeline {
  readonly events: ViewerEvent[] = [];
  readonly header: RunHeader | undefined;
  readonly flights = new FlightIndex();
  /** Event indices of landmarks, ascending. */
  readonly elections: number[] = [];
  readonly newCommits: number[] = [];
  readonly violations: number[] = [];
  private readonly checkpoints: ClusterState[] = [];
  private readonly head: ClusterState;
  private cursor: ClusterState;
  private maxCommit = 0;
  private maxFlightUs = 0;
  /** First-delivery latencies (a sample), for what counts as delayed. */
  private readonly latencies: number[] = [];
  private slowUs: number | undefined;

  constructor(header: RunHeader | undefined, events: readonly ViewerEvent[]) {
    this.header = header;
    const ids = nodeIds(header, events);
    this.head = emptyState(ids);
    this.checkpoints.push(cloneState(this.head));
    this.cursor = cloneState(this.head);
    this.append(events);
  }

  get length(): number {
    return this.events.length;
  }

  get endUs(): number {
    return this.events.at(-1)?.t ?? 0;
  }

  get tickUs(): number {
    return this.header?.tickUs ?? 10_000;
  }

  append(events: readonly ViewerEvent[]): void {
    for (const event of events) this.ingest(event);
  }

  /** The cluster after event `index` (-1: before the first). The result is shared: read only. */
  stateAt(index: number): ClusterState {
    const target = Math.max(-1, Math.min(index, this.events.length - 1));
    if (target < this.cursor.index || target - this.cursor.index > checkpointEvery) {
      const checkpoint = this.checkpoints[Math.floor((target + 1) / checkpointEvery)]!;
      this.cursor = cloneState(checkpoint);
    }
    for (let i = this.cursor.index + 1; i <= target; i++)
      applyEvent(this.cursor, this.events[i]!, i);
    return this.cursor;
  }

  /** The last event at or before time t (µs); -1 if none. */
  indexAtTime(t: number): number {
    let lo = 0;
    let hi = this.events.length - 1;
    let found = -1;
    while (lo <= hi) {
      const mid = (lo + hi) >> 1;
      if (this.events[mid]!.t <= t) {
        found = mid;
        lo = mid + 1;
      } else hi = mid - 1;
    }
    return found;
  }

  /** The first landmark after `index`, if any. */
  static nextOf(landmarks: readonly number[], index: number): number | undefined {
    let lo = 0;
    let hi = landmarks.length;
    while (lo < hi) {
      const mid = (lo + hi) >> 1;
      if (landmarks[mid]! <= index) lo = mid + 1;
      else hi = mid;
    }
    return landmarks[lo];
  }

  /** Messages in the air at time nowUs (sent at or before it, not all delivered by then). */
  inFlightAt(nowUs: number): InFlight[] {
    const from = this.indexAtTime(nowUs - Math.max(this.maxFlightUs, lostShownUs) - 1) + 1;
    const to = this.indexAtTime(nowUs);
    const shown: InFlight[] = [];
    const slowUs = this.delayedThresholdUs();
    for (let i = Math.max(from, to - 20_000); i <= to && shown.length < maxFlightsShown; i++) {
      const flight = this.flights.bySendIndex.get(i);
      if (flight === undefined) continue;
      if (flight.lost) {
        // Lost as it was sent: drawn struck-through just outside its sender for a moment.
        if (nowUs - flight.send.t <= lostShownUs)
          shown.push({ flight, progress: 0.1, duplicated: false, delayed: false, dropped: true });
        continue;
      }
      const next = flight.deliveries.find((delivery) => delivery.t > nowUs);
      if (next === undefined) {
        if (flight.deliveries.length > 0 || nowUs - flight.send.t > this.maxFlightUs) continue;
      }
      const endUs = next?.t ?? nowUs;
      const spanUs = Math.max(1, endUs - flight.send.t);
      const latency = FlightIndex.latencyUs(flight);
      shown.push({
        flight,
        progress: next === undefined ? 0.5 : Math.min(1, (nowUs - flight.send.t) / spanUs),
        duplicated: flight.deliveries.length > 1,
        delayed: latency !== undefined && latency > slowUs,
        dropped: next?.dropped ?? false,
      });
    }
    return shown;
  }

  /** Three times the median latency: slower than that is drawn as delayed. */
  delayedThresholdUs(): number {
    if (this.slowUs === undefined) {
      const sorted = this.latencies.slice().sort((a, b) => a - b);
      const median = sorted[sorted.length >> 1];
      this.slowUs = median === undefined ? Number.POSITIVE_INFINITY : 3 * median;
    }
    return this.slowUs;
  }

  private ingest(event: ViewerEvent): void {
    const index = this.events.length;
    this.events.push(event);
    applyEvent(this.head, event, index);
    if ((index + 1) % checkpointEvery === 0) this.checkpoints.push(cloneState(this.head));
    switch (event.kind) {
      case "send":
      case "deliver":
      case "drop":
        this.ingestMessage(event, index);
        break;
      case "role":
        if (event.role === "candidate") this.elections.push(index);
        break;
      case "commit":
        if (event.index > this.maxCommit) {
          this.maxCommit = event.index;
          this.newCommits.push(index);
        }
        break;
      case "violation":
        this.violations.push(index);
        break;
    }
  }

  private ingestMessage(event: MessageEvent, index: number): void {
    const flight = this.flights.add(event, index);
    if (flight === undefined) return;
    // The longest flight bounds how far back inFlightAt looks (a minute at most).
    this.maxFlightUs = Math.max(this.maxFlightUs, Math.min(event.t - flight.send.t, 60e6));
    if (flight.deliveries.length === 1 && this.latencies.length < maxLatencySamples) {
      this.latencies.push(event.t - flight.send.t);
      this.slowUs = undefined;
    }
  }
}

function nodeIds(header: RunHeader | undefined, events: readonly ViewerEvent[]): number[] {
  const ids = new Set<number>();
  for (let id = 1; id <= (header?.nodes ?? 0); id++) ids.add(id);
  for (const event of events.slice(0, 5000)) {
    if ("node" in event && typeof event.node === "number") ids.add(event.node);
    if (event.kind === "send") {
      ids.add(event.from);
      ids.add(event.to);
    }
  }
  return [...ids].sort((a, b) => a - b);
}
