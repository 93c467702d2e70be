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
  // solution:begin
  const episodes: FaultEpisode[] = [];
  if (faults.meanFaultGapUs <= 0) return episodes;
  const ids = Array.from({ length: nodes }, (_, i) => i + 1);
  let atUs = 0;
  for (;;) {
    // Exponential gaps: faults arrive as a Poisson process, clustered sometimes, sparse others.
    atUs += Math.round(-Math.log(1 - random.next()) * faults.meanFaultGapUs);
    if (atUs >= untilUs) return episodes;
    const durationUs = logUniform(random, faults.minEpisodeUs, faults.maxEpisodeUs);
    const trigger = pickTrigger(random, faults);
    const delayUs = logUniform(random, minStrikeDelayUs, faults.maxStrikeDelayUs);
    const timing = { atUs, durationUs, trigger, delayUs };
    if (random.chance(faults.crashShare)) {
      const leader = random.chance(faults.targetLeaderRate);
      const node = random.pick(ids);
      const tornFraction = random.chance(faults.tornWriteRate) ? random.next() : 0;
      episodes.push({ kind: "crash", ...timing, leader, node, tornFraction });
    } else {
      const isolateLeader = random.chance(faults.targetLeaderRate * faults.isolateRate);
      const [sideA, sideB] = random.chance(faults.isolateRate)
        ? isolate(random, ids)
        : split(random, ids);
      const asymmetric = random.chance(faults.asymmetricRate);
      episodes.push({
        kind: "partition",
        ...timing,
        sideA,
        sideB,
        isolateLeader,
        asymmetric,
      });
    }
  }
  // solution:end
  // starter: throw new Error("not implemented: planFaults (episodes at exponential gaps: crashes and partitions drawn from the distribution)");
}

// solution:begin
/** Leaders are struck this soon after their trigger at the earliest. */
const minStrikeDelayUs = 100;

function pickTrigger(random: Random, faults: FaultDistribution): Trigger {
  const roll = random.next();
  let sum = faults.electedTriggerRate;
  if (roll < sum) return "elected";
  sum += faults.appendedTriggerRate;
  if (roll < sum) return "appended";
  sum += faults.committedTriggerRate;
  if (roll < sum) return "committed";
  sum += faults.votedTriggerRate;
  return roll < sum ? "voted" : "time";
}

/**
 * An integer between min and max with every scale equally likely (as many in 0.1–1 ms as in
 * 10–100 ms): the narrow windows right after an election are hit as often as the wide ones.
 */
function logUniform(random: Random, min: number, max: number): number {
  if (max <= min) return min;
  return Math.round(min * (max / min) ** random.next());
}

function isolate(random: Random, ids: readonly number[]): [number[], number[]] {
  const alone = random.pick(ids);
  return [[alone], ids.filter((id) => id !== alone)];
}

/** Two non-empty sides, each node on a random side. */
function split(random: Random, ids: readonly number[]): [number[], number[]] {
  const shuffled = [...ids];
  for (let i = shuffled.length - 1; i > 0; i--) {
    const j = random.int(0, i + 1);
    [shuffled[i], shuffled[j]] = [shuffled[j]!, shuffled[i]!];
  }
  const cut = random.int(1, ids.length);
  return [shuffled.slice(0, cut).sort(byNumber), shuffled.slice(cut).sort(byNumber)];
}
// solution:end

/** Links cut by a partition of sides A and B: both ways, or A → B only. */
export function cutLinks(
  sideA: readonly number[],
  sideB: readonly number[],
  asymmetric: boolean,
): [number, number][] {
  // solution:begin
  const links: [number, number][] = [];
  for (const a of sideA) {
    for (const b of sideB) {
      links.push([a, b]);
      if (!asymmetric) links.push([b, a]);
    }
  }
  return links;
  // solution:end
  // starter: throw new Error("not implemented: cutLinks (every A → B link, and B → A unless asymmetric)");
}

const byNumber = (a: number, b: number): number => a - b;
