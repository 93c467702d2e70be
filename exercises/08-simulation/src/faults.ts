// The fault schedule: decided from the seed before the run starts, as a list of episodes. Each
// episode starts and ends itself (a crash and its restart; a partition and its heal), so cutting
// the list after k episodes still leaves a sensible run: that is what shrinking replays.
import type { Random } from "@rafting/testkit";
import type { FaultDistribution } from "./options.ts";

/** When an episode strikes: at its time, or when the next leader is elected after it (plus a delay). */
interface Timing {
  readonly atUs: number;
  readonly durationUs: number;
  /** Strike the first node to become leader after atUs, delayUs after it wins (Jepsen's "kill the new leader"). */
  readonly nextLeader: boolean;
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
