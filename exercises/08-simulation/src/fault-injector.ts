// The fault schedule at work: each planned episode starts at its time, strikes at once or waits
// for its protocol trigger (a leader wins, appends, commits; a node votes), and ends after its
// duration: a crashed node restarts, cut links heal. A new leader sometimes gets old responses
// again (stale-replays.ts). At the quiet time every fault stops.
import type { Random } from "@rafting/runtime";
import type { Message } from "#raft";
import type { EventQueue } from "./event-queue.ts";
import type { FaultEpisode, Trigger } from "./faults.ts";
import type { FaultyNetwork } from "./faulty-network.ts";
import type { NodeHost } from "./host.ts";
import type { FaultDistribution } from "./options.ts";
import type { SimEvent } from "./sim-events.ts";
import { StaleReplays } from "./stale-replays.ts";
import type { TraceEvent } from "./trace.ts";

/** What the injector does to the simulation. */
export interface FaultWorld {
  readonly now: number;
  readonly queue: EventQueue<SimEvent>;
  readonly network: FaultyNetwork;
  /** This seed's own fault intensities. */
  readonly faults: FaultDistribution;
  readonly trace: ((event: TraceEvent) => void) | undefined;
  nodeIds(): readonly number[];
  host(id: number): NodeHost;
  leader(): number | undefined;
  crash(id: number, keepUnsyncedEntries: number): void;
  restart(id: number): void;
  partition(
    sideA: readonly number[],
    sideB: readonly number[],
    asymmetric: boolean,
  ): [number, number][];
}

export class FaultInjector {
  private readonly world: FaultWorld;
  private readonly episodes: readonly FaultEpisode[];
  private readonly quietAtUs: number;
  private readonly replays: StaleReplays;
  /** Whether a new leader gets old responses again: its own stream, so the plan stays the same. */
  private readonly replayRandom: Random;

  /**
   * `episodes`: the ones this run applies; none strikes at or after `quietAtUs`. `replayRandom`:
   * the stream of stale replays alone.
   */
  constructor(
    world: FaultWorld,
    episodes: readonly FaultEpisode[],
    quietAtUs: number,
    replayRandom: Random,
  ) {
    this.world = world;
    this.episodes = episodes;
    this.quietAtUs = quietAtUs;
    this.replayRandom = replayRandom;
    this.replays = new StaleReplays(replayRandom.fork());
  }

  /** A message reached its node: the network remembers the last responses on each link. */
  delivered(message: Message): void {
    this.replays.delivered(message);
  }

  /** Every episode's start as an event. */
  schedule(): void {
    throw new Error("not implemented: FaultInjector.schedule (a fault-start event per episode)");
  }

  /** An episode's time has come: it strikes now, or arms itself for its trigger. */
  start(index: number): void {
    throw new Error("not implemented: FaultInjector.start");
  }

  /** Node `id` just won, appended, committed or voted: the episodes armed for it strike it after their delays. */
  fire(trigger: Trigger, id: number): void {
    throw new Error("not implemented: FaultInjector.fire");
  }

  /** The episode begins (on the triggering node if it waited for one); it ends durationUs later. */
  strike(index: number, triggeredBy: number | undefined): void {
    throw new Error("not implemented: FaultInjector.strike (crash the target, or cut the links; schedule the episode's end)");
  }

  /** The episode is over: its crashed node restarts, its cut links heal. */
  end(index: number): void {
    throw new Error("not implemented: FaultInjector.end");
  }

  /** The faults stop: every link heals, every node restarts, the network calms down. */
  quiet(): void {
    throw new Error("not implemented: FaultInjector.quiet (heal all, calm the network, restart every node that is down)");
  }


  private trace(fault: string, episode: number, nodes: readonly number[], detail?: string): void {
    this.world.trace?.({
      t: this.world.now,
      kind: "fault",
      fault,
      episode,
      nodes,
      ...(detail ? { detail } : {}),
    });
  }
}
