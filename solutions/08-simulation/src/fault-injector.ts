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
  // solution:begin
  private readonly crashedBy = new Map<number, number>();
  private readonly linksCutBy = new Map<number, [number, number][]>();
  /** Episodes waiting for their trigger (a leader winning, appending, committing). */
  private readonly armed = new Map<Trigger, number[]>();
  // solution:end

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
    // solution:begin
    this.episodes.forEach((episode, index) => {
      this.world.queue.push(episode.atUs, { type: "fault-start", episode: index });
    });
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.schedule (a fault-start event per episode)");
  }

  /** An episode's time has come: it strikes now, or arms itself for its trigger. */
  start(index: number): void {
    // solution:begin
    const { trigger } = this.episodes[index]!;
    if (trigger === "time") this.strike(index, undefined);
    else this.armed.set(trigger, [...(this.armed.get(trigger) ?? []), index]);
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.start");
  }

  /** Node `id` just won, appended, committed or voted: the episodes armed for it strike it after their delays. */
  fire(trigger: Trigger, id: number): void {
    // solution:begin
    if (this.world.now >= this.quietAtUs) return;
    if (trigger === "elected") this.replayStale(id);
    const armed = this.armed.get(trigger);
    if (armed === undefined) return;
    for (const index of armed) {
      const atUs = this.world.now + this.episodes[index]!.delayUs;
      this.world.queue.push(atUs, { type: "strike", episode: index, leader: id });
    }
    this.armed.delete(trigger);
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.fire");
  }

  /** The episode begins (on the triggering node if it waited for one); it ends durationUs later. */
  strike(index: number, triggeredBy: number | undefined): void {
    // solution:begin
    const { world } = this;
    if (world.now >= this.quietAtUs) return;
    const episode = this.episodes[index]!;
    world.queue.push(world.now + episode.durationUs, { type: "fault-end", episode: index });
    const leader = triggeredBy ?? world.leader();
    if (episode.kind === "crash") {
      const target =
        (episode.leader || triggeredBy !== undefined ? leader : undefined) ?? episode.node;
      const host = world.host(target);
      if (!host.up) return;
      const keep = Math.floor(episode.tornFraction * host.unsyncedEntries());
      world.crash(target, keep);
      this.crashedBy.set(index, target);
      this.trace(
        "crash",
        index,
        [target],
        keep > 0 ? `torn write: ${keep} unsynced entries kept` : undefined,
      );
      return;
    }
    const isolated = episode.isolateLeader || triggeredBy !== undefined ? leader : undefined;
    const sideA = isolated === undefined ? episode.sideA : [isolated];
    const sideB =
      isolated === undefined ? episode.sideB : world.nodeIds().filter((id) => id !== isolated);
    this.linksCutBy.set(index, world.partition(sideA, sideB, episode.asymmetric));
    const how = episode.asymmetric
      ? `${sideA} cannot reach ${sideB} (one way)`
      : `${sideA} | ${sideB}`;
    this.trace("partition", index, [...sideA, ...sideB], how);
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.strike (crash the target, or cut the links; schedule the episode's end)");
  }

  /** The episode is over: its crashed node restarts, its cut links heal. */
  end(index: number): void {
    // solution:begin
    const crashed = this.crashedBy.get(index);
    if (crashed !== undefined) {
      this.crashedBy.delete(index);
      if (!this.world.host(crashed).up) {
        this.world.restart(crashed);
        this.trace("restart", index, [crashed]);
      }
    }
    const links = this.linksCutBy.get(index);
    if (links !== undefined) {
      this.linksCutBy.delete(index);
      this.world.network.restoreLinks(links);
      this.trace("heal", index, []);
    }
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.end");
  }

  /** The faults stop: every link heals, every node restarts, the network calms down. */
  quiet(): void {
    // solution:begin
    const { world } = this;
    world.network.healAll();
    world.network.calmDown();
    this.linksCutBy.clear();
    this.crashedBy.clear();
    for (const id of world.nodeIds()) if (!world.host(id).up) world.restart(id);
    this.trace("quiet", -1, []);
    // solution:end
    // starter: throw new Error("not implemented: FaultInjector.quiet (heal all, calm the network, restart every node that is down)");
  }

  // solution:begin
  /** Some of the last responses on each link to the new leader `id` arrive again, soon. */
  private replayStale(id: number): void {
    const { world } = this;
    if (!this.replayRandom.chance(world.faults.staleReplayRate)) return;
    const replays = this.replays.replaysTo(id, world.now, world.faults.maxStaleReplayDelayUs);
    for (const { atUs, message } of replays) world.queue.push(atUs, { type: "deliver", message });
    if (replays.length > 0)
      this.trace("stale-replay", -1, [id], `${replays.length} old responses sent again`);
  }
  // solution:end

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
