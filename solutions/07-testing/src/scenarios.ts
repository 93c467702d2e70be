// Named, seeded scenarios: each drives a harness through faults and client load while the safety
// checkers watch every step, then heals the cluster, lets it settle and checks the end state and
// the clients' history. A scenario is deterministic: one (scenario, seed) pair is one run.
import type { Command } from "#raft";
import { checkLinearizable } from "./check.ts";
import type { Violation } from "./checkers.ts";
import {
  ClusterHarness,
  type HarnessOptions,
  type NodeFactory,
  type NodeFailure,
} from "./harness.ts";
import type { HistoryEvent } from "./history.ts";
import { createPrng, type Prng } from "./prng.ts";

export interface Scenario {
  readonly name: string;
  /** Harness options besides the seed and the node. */
  readonly options: Omit<HarnessOptions, "seed" | "createNode">;
  /** Drives the harness; the checkers run on their own after every step. */
  run(harness: ClusterHarness, prng: Prng): void;
}

export interface ScenarioResult {
  readonly scenario: string;
  readonly seed: number;
  readonly violations: readonly Violation[];
  /** Set when a node threw: a bug, but not one a checker named. */
  readonly failure: NodeFailure | undefined;
  readonly ticks: number;
  readonly history: readonly HistoryEvent[];
}

export interface RunScenariosOptions {
  readonly createNode?: NodeFactory;
  readonly seeds: readonly number[];
  /** The scenarios to run; all of them by default. */
  readonly scenarios?: readonly Scenario[];
  /** Stop at the first run that reports a violation (to find a bug fast). */
  readonly stopAtFirstViolation?: boolean;
}

export interface ScenarioViolation extends Violation {
  readonly scenario: string;
  readonly seed: number;
}

export interface RunScenariosReport {
  readonly violations: readonly ScenarioViolation[];
  readonly failures: readonly (NodeFailure & { scenario: string; seed: number })[];
  readonly scenariosRun: number;
}

/** Ticks a healed cluster gets to elect a leader that commits in its term (liveness, §5.2, §8). */
export const settleTicks = 400;

/** States the linearizability check may explore at the end of a run; beyond it: no verdict. */
export const maxLinearizabilityStates = 2_000;

/** Runs one scenario with one seed. */
export function runScenario(
  scenario: Scenario,
  seed: number,
  createNode?: NodeFactory,
): ScenarioResult {
  // solution:begin
  const options = { ...scenario.options, seed, ...(createNode ? { createNode } : {}) };
  const harness = new ClusterHarness(options);
  // The scenario's own choices come from a stream apart from the harness's.
  scenario.run(harness, createPrng(seed).fork().fork());
  let settled = true;
  if (!harness.halted) {
    settled = harness.settle(settleTicks);
    // Unsettled, the committed log is not final: acknowledged writes are judged only once settled.
    if (settled) harness.finish();
  }
  const violations = [...harness.violations];
  if (!settled && !harness.halted) {
    const detail = `healed, every node up and no message lost, yet no leader committed an entry of its term with every node caught up within ${settleTicks} ticks`;
    violations.push({ invariant: "liveness", detail, tick: harness.now() });
  }
  if (!harness.halted) {
    const verdict = checkLinearizable(harness.history, { maxStates: maxLinearizabilityStates });
    if (verdict.verdict === "not-linearizable") {
      const detail = `the clients' history of key ${verdict.key} has no linearization`;
      violations.push({ invariant: "linearizability", detail, tick: harness.now() });
    }
  }
  const { failure, history } = harness;
  return { scenario: scenario.name, seed, violations, failure, ticks: harness.now(), history };
  // solution:end
  // starter: throw new Error("not implemented: runScenario (a harness for the seed, the scenario, then settle, finish and check the history)");
}

/** Every scenario with every seed; the violations each names its scenario and seed. */
export function runScenarios(options: RunScenariosOptions): RunScenariosReport {
  // solution:begin
  const violations: ScenarioViolation[] = [];
  const failures: (NodeFailure & { scenario: string; seed: number })[] = [];
  let scenariosRun = 0;
  for (const seed of options.seeds) {
    for (const scenario of options.scenarios ?? scenarios) {
      const result = runScenario(scenario, seed, options.createNode);
      scenariosRun++;
      const where = { scenario: scenario.name, seed };
      violations.push(...result.violations.map((violation) => ({ ...violation, ...where })));
      if (result.failure !== undefined) failures.push({ ...result.failure, ...where });
      if (options.stopAtFirstViolation && violations.length > 0) {
        return { violations, failures, scenariosRun };
      }
    }
  }
  return { violations, failures, scenariosRun };
  // solution:end
  // starter: throw new Error("not implemented: runScenarios (runScenario for every scenario and seed; collect violations with scenario and seed)");
}

// solution:begin
const keys = ["x", "y"];
const clients = ["c1", "c2", "c3"];

/** Each idle client sends an operation with probability `rate`. */
function clientLoad(harness: ClusterHarness, prng: Prng, rate: number): void {
  for (const client of clients) {
    if (harness.isBusy(client) || !prng.chance(rate)) continue;
    harness.invoke(client, randomCommand(prng));
  }
}

function randomCommand(prng: Prng): Command {
  const key = prng.pick(keys);
  const kind = prng.int(0, 3);
  if (kind === 0) return ["GET", key];
  if (kind === 1) return ["SET", key, String(prng.int(0, 100))];
  return ["INCR", key];
}

/** A random split of the nodes into two sides (one may be a single node). */
function randomSplit(harness: ClusterHarness, prng: Prng): number[][] {
  const sides: number[][] = [[], []];
  for (const id of harness.ids) sides[prng.int(0, 2)]!.push(id);
  return sides;
}

function randomFaults(harness: ClusterHarness, prng: Prng): void {
  const maxDown = Math.floor((harness.ids.length - 1) / 2);
  for (let t = 0; t < 250 && !harness.halted; t++) {
    const down = harness.ids.filter((id) => !harness.isUp(id));
    if (prng.chance(0.02) && down.length < maxDown) harness.crash(prng.pick(harness.upIds()));
    if (prng.chance(0.05) && down.length > 0) harness.restart(prng.pick(down));
    if (prng.chance(0.02)) harness.partition(randomSplit(harness, prng));
    if (prng.chance(0.03)) harness.heal();
    clientLoad(harness, prng, 0.3);
    harness.tick();
  }
}

/**
 * The leader is cut off while its own clients keep writing to it; the majority elects another,
 * which is cut off in turn (the first rejoins with a long log of stale entries), and so on.
 */
function leaderIsolation(harness: ClusterHarness, prng: Prng): void {
  for (let round = 0; round < 5 && !harness.halted; round++) {
    if (!harness.runUntil(() => harness.leader() !== undefined, 100)) return;
    const old = harness.leader()!;
    harness.isolate(old);
    for (let t = 0; t < 40 && !harness.halted; t++) {
      if (!harness.isBusy("o1") && harness.isUp(old))
        harness.invoke("o1", randomCommand(prng), old);
      clientLoad(harness, prng, 0.4);
      harness.tick();
    }
  }
}

/** Every node crashes at once and restarts from its storage, again and again, under load. */
function restartAll(harness: ClusterHarness, prng: Prng): void {
  for (let round = 0; round < 4 && !harness.halted; round++) {
    for (let t = 0; t < 40 && !harness.halted; t++) {
      clientLoad(harness, prng, 0.4);
      harness.tick();
    }
    for (const id of harness.upIds()) harness.crash(id);
    for (const id of harness.ids) harness.restart(id);
  }
}

/**
 * Figure 2: a node saves its vote before it answers. Here every follower crashes and restarts
 * right after it answers a RequestVote, and the leader crashes again and again; a short election
 * timeout makes candidates of one term common. A vote that did not survive the restart goes to
 * a second candidate of the same term, and two leaders of one term follow.
 */
function crashVoters(harness: ClusterHarness, prng: Prng): void {
  harness.afterDelivery = (id, message) => {
    if (message.type !== "request-vote" || harness.node(id).role !== "follower") return;
    harness.crash(id);
    harness.restart(id);
  };
  for (let round = 0; round < 8 && !harness.halted; round++) {
    if (!harness.runUntil(() => harness.leader() !== undefined, 100)) break;
    const leader = harness.leader()!;
    harness.crash(leader);
    harness.restart(leader);
    for (let t = 0; t < 20 && !harness.halted; t++) {
      clientLoad(harness, prng, 0.3);
      harness.tick();
    }
  }
  harness.afterDelivery = undefined;
}

/**
 * Figure 8's shape: an entry of an old term reaches a majority under a later leader, that leader
 * crashes before an entry of its own term is stored there, and a node without the entry (but
 * with a later last term) can win. One entry per message makes the old entry travel alone.
 */
function figure8(harness: ClusterHarness): void {
  const h = harness;
  const leaderAmong = (ids: readonly number[]) => {
    const leader = h.leader();
    return leader !== undefined && ids.includes(leader) ? leader : undefined;
  };
  if (!h.runUntil(() => h.leader() !== undefined, 200)) return;
  // (a) S1 leads; its entry X reaches S2 only.
  const s1 = h.leader()!;
  const [s2, ...rest] = h.ids.filter((id) => id !== s1) as [number, ...number[]];
  h.partition([[s1, s2], rest]);
  h.invoke("c1", ["SET", "x", "a"], s1);
  const xIndex = h.node(s1).log.lastIndex();
  if (!h.runUntil(() => h.node(s2).log.lastIndex() >= xIndex, 50)) return;
  // (b) S1 crashes; a node of the other side (S5) wins, appends Y, is cut off and crashes.
  h.crash(s1);
  h.partition([[s2], rest]);
  if (!h.runUntil(() => leaderAmong(rest) !== undefined, 200)) return;
  const s5 = leaderAmong(rest)!;
  const [s3, s4] = rest.filter((id) => id !== s5) as [number, number];
  h.invoke("c2", ["SET", "x", "b"], s5);
  h.isolate(s5);
  h.crash(s5);
  // (c) S1 restarts; S1 or S2 wins with S3 and sends X alone to S3: on a majority now.
  h.restart(s1);
  h.partition([[s1, s2, s3], [s4]]);
  const xTerm = h.node(s2).log.entryAt(xIndex)?.term;
  if (!h.runUntil(() => h.node(s3).log.entryAt(xIndex)?.term === xTerm, 200)) return;
  const leader = leaderAmong([s1, s2]);
  if (leader === undefined) return;
  h.tick(); // S3's answer reaches the leader; what it sends next is lost in the cut below
  // (d) the leader crashes; S5 restarts and can win with S3 and S4: X is replaced.
  h.isolate(leader);
  h.crash(leader);
  h.restart(s5);
  h.partition([[s5, s3, s4], [s1 === leader ? s2 : s1]]);
  h.runUntil(() => h.leader() === s5 && h.node(s5).commitIndex >= xIndex, 300);
}
/**
 * A reply that arrives after its term is over. Leader L's follower F acknowledges L's entries
 * 2..4 (term t1), and the acknowledgements are held up in the network while the cluster moves
 * on: L loses those entries to a leader L' (term t'), wins again (term t2), and its no-op of t2
 * lands at an index F acknowledged in t1. Counted, the stale replies commit the no-op on a
 * minority (L, one follower, and F, which holds something else there), and a later leader
 * without it breaks leader completeness. Figure 2 / §5.3: a reply of an older term says nothing
 * about the current one.
 */
function staleReplies(harness: ClusterHarness): void {
  const h = harness;
  const ticksHeld = 200;
  const termAt = (id: number, index: number) => h.node(id).log.entryAt(index)?.term;
  if (!h.runUntil(() => h.leader() !== undefined, 200)) return;
  const l = h.leader()!;
  if (!h.runUntil(() => h.upIds().every((id) => h.node(id).commitIndex >= 1), 50)) return;
  const [f, ...rest] = h.ids.filter((id) => id !== l) as [number, ...number[]];
  // (1) L sends entries 2..4 to F alone; F's acknowledgements leave in a tick of long delays.
  h.partition([[l, f], rest]);
  for (const client of ["s1", "s2", "s3"]) h.invoke(client, ["INCR", "x"], l);
  h.network.setFaults({ minDelayTicks: ticksHeld, maxDelayTicks: ticksHeld });
  h.tick();
  h.network.setFaults({ minDelayTicks: 1, maxDelayTicks: 1 });
  const dueTick = h.now() + ticksHeld;
  if (h.node(f).log.lastIndex() < 4) return;
  // (2) The others elect L' and commit its no-op at index 2; L follows L' and loses 2..4.
  h.partition([[l], [f], rest]);
  const leaderOfRest = () => rest.find((id) => h.isUp(id) && h.node(id).role === "leader");
  if (!h.runUntil(() => leaderOfRest() !== undefined, 100)) return;
  const l2 = leaderOfRest()!;
  const [y, z] = rest.filter((id) => id !== l2) as [number, number];
  h.partition([[l2, l, y, z], [f]]);
  if (!h.runUntil(() => termAt(l, 2) === h.node(l2).term && h.node(l).log.lastIndex() === 2, 50))
    return;
  // (3) L' gives L alone one more entry and crashes: now only L can win among L, Y, Z.
  h.partition([[l2, l], [y, z], [f]]);
  h.invoke("s4", ["INCR", "y"], l2);
  if (!h.runUntil(() => h.node(l).log.lastIndex() === 3, 20)) return;
  h.crash(l2);
  h.partition([[l, y, z], [f]]);
  if (!h.runUntil(() => h.node(l).role === "leader", 100)) return;
  // (4) Its no-op (index 4) reaches Y only; then the held replies reach L.
  h.partition([[l, y], [z], [f]]);
  if (!h.runUntil(() => termAt(y, 4) === h.node(l).term, 20)) return;
  if (!h.runUntil(() => h.now() >= dueTick - 1, ticksHeld) || h.now() !== dueTick - 1) return;
  h.partition([[l, y, f], [z]]);
  h.tick();
  // (5) L crashes; L' (whose log lacks index 4) wins with Z and F.
  h.crash(l);
  h.restart(l2);
  h.partition([[l2, z, f], [y]]);
  h.runUntil(() => h.node(l2).role === "leader", 300);
}
// solution:end

// Duplicates too: a reply delivered twice must not count twice (a vote counted per reply, §5.2).
const network = { lossRate: 0.05, duplicateRate: 0.1, minDelayTicks: 1, maxDelayTicks: 3 };
/** Many elections, many duplicated vote replies. */
const votingNetwork = { ...network, duplicateRate: 0.3 };

/** The scenarios runScenarios runs by default. */
export const scenarios: readonly Scenario[] = [
  // starter: { name: "random-faults", options: { faults: network }, run: () => { throw new Error("not implemented: scenario random-faults (crashes, restarts, partitions, loss, client load)"); } },
  // solution:begin
  { name: "random-faults", options: { faults: network }, run: randomFaults },
  {
    name: "leader-isolation",
    options: { faults: network, clientTimeoutTicks: 8 },
    run: leaderIsolation,
  },
  { name: "restart-all", options: { faults: network }, run: restartAll },
  {
    name: "crash-voters",
    options: { faults: votingNetwork, electionTimeoutTicks: 6 },
    run: crashVoters,
  },
  // An even size: a majority of 4 is 3, not 2 ("half, rounded up" is a majority only for odd sizes).
  {
    name: "crash-voters-4",
    options: { size: 4, faults: votingNetwork, electionTimeoutTicks: 6 },
    run: crashVoters,
  },
  {
    name: "stale-replies",
    options: { faults: { lossRate: 0, minDelayTicks: 1, maxDelayTicks: 1 } },
    run: staleReplies,
  },
  {
    name: "figure-8",
    options: { limits: { maxEntriesPerMessage: 1, maxInflightPerFollower: 1 } },
    run: (harness) => figure8(harness),
  },
  // solution:end
];
