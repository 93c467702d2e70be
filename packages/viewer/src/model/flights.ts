// Messages as flights: a send, and the deliveries (or drops) that end it. With the 08 trace's
// message ids a duplicate's deliveries share the send's id; without ids (a learner's trace, the
// live stream) a delivery is matched to the oldest pending send with the same link, type and
// term, which is the order TCP and the simulator keep on one link.
import type { MessageEvent } from "../trace/events.ts";

export interface Delivery {
  readonly t: number;
  readonly index: number;
  readonly dropped: boolean;
  readonly reason: string | undefined;
}

export interface Flight {
  readonly id: number;
  readonly send: MessageEvent;
  readonly sendIndex: number;
  /** Dropped as it was sent (loss): it never travels. */
  readonly lost: boolean;
  readonly deliveries: Delivery[];
}

export class FlightIndex {
  readonly flights: Flight[] = [];
  /** Flight by the event index of its send (or loss). */
  readonly bySendIndex = new Map<number, Flight>();
  private readonly byId = new Map<number, Flight>();
  private readonly pendingByKey = new Map<string, Flight[]>();
  private nextSyntheticId = -1;

  /** Files the event; returns the flight it delivered (or dropped in transit), if it did. */
  add(event: MessageEvent, index: number): Flight | undefined {
    if (event.kind === "send") {
      this.start(event, index, false);
      return undefined;
    }
    const flight = this.match(event);
    if (flight === undefined) {
      if (event.kind === "drop") this.start(event, index, true);
      return undefined;
    }
    flight.deliveries.push({
      t: event.t,
      index,
      dropped: event.kind === "drop",
      reason: event.reason,
    });
    return flight;
  }

  /** Latency of a flight's first delivery, µs. */
  static latencyUs(flight: Flight): number | undefined {
    const first = flight.deliveries[0];
    return first === undefined ? undefined : first.t - flight.send.t;
  }

  private start(event: MessageEvent, index: number, lost: boolean): void {
    const id = event.id ?? this.nextSyntheticId--;
    const flight: Flight = { id, send: event, sendIndex: index, lost, deliveries: [] };
    this.flights.push(flight);
    this.bySendIndex.set(index, flight);
    if (lost) return;
    if (event.id !== undefined) this.byId.set(event.id, flight);
    else {
      const key = keyOf(event);
      const queue = this.pendingByKey.get(key) ?? [];
      queue.push(flight);
      this.pendingByKey.set(key, queue);
    }
  }

  private match(event: MessageEvent): Flight | undefined {
    if (event.id !== undefined) return this.byId.get(event.id);
    const queue = this.pendingByKey.get(keyOf(event));
    return queue?.shift();
  }
}

function keyOf(event: MessageEvent): string {
  return `${event.from}>${event.to}:${event.type}:${event.term}`;
}
