// The fault schedule: decided from the seed before the run starts, as a list of episodes. Each
// episode starts and ends itself (a crash and its restart; a partition and its heal), so cutting
// the list after k episodes still leaves a sensible run: that is what shrinking replays.
import type { Random } from "@rafting/runtime";
import type { FaultDistribution } from "./options.ts";

/**
 * What an episode waits for: its time, or (after its time) the next moment a leader wins an
 * election, appends an entry or advances its commit index, or a node grants a vote. Then it
 * strikes that node delayUs later (Jepsen's "kill the new leader", generalized): the narrow
 * windows right after the protocol changes state are where bugs live, and a random time rarely
 * lands in them.
 */
export type Trigger = "time" | "elected" | "appended" | "committed" | "voted";

interface Timing {
  readonly atUs: number;
  readonly durationUs: number;
  readonly trigger: Trigger;
  readonly delayUs: number;
}

export type FaultEpisode =
  | (Timing & {
      readonly kind: "crash";
      /** Crash the leader at that moment (if there is one), else `node`. */
      readonly leader: boolean;
      readonly node: number;
      /** The fraction of the unsynced entries that survive (a torn write); 0 most of the time. */
      readonly tornFraction: number;
    })
  | (Timing & {
      readonly kind: "partition";
      /** The two sides; with `isolateLeader`, side A is the leader alone at that moment. */
      readonly sideA: readonly number[];
      readonly sideB: readonly number[];
      readonly isolateLeader: boolean;
      /** Only A → B is cut: B still reaches A. */
      readonly asymmetric: boolean;
    });

/** Episodes starting before `untilUs`, from the distribution, for nodes 1..nodes. */
export function planFaults(
  random: Random,
  faults: FaultDistribution,
  nodes: number,
  untilUs: number,
): FaultEpisode[] {
  throw new Error("not implemented: planFaults (episodes at exponential gaps: crashes and partitions drawn from the distribution)");
}


/** Links cut by a partition of sides A and B: both ways, or A → B only. */
export function cutLinks(
  sideA: readonly number[],
  sideB: readonly number[],
  asymmetric: boolean,
): [number, number][] {
  throw new Error("not implemented: cutLinks (every A → B link, and B → A unless asymmetric)");
}

const byNumber = (a: number, b: number): number => a - b;
