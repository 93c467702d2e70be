// The cluster harness itself: its network, crashes and restarts, clients and determinism. A
// harness that quietly does not partition, or restores more than storage kept, hides bugs.
import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  ClusterHarness,
  createPrng,
  createRaftNode,
  runScenario,
  SimNetwork,
  scenarios,
  settleTicks,
} from "#stage";
import { claimsBetweenSteps, mute } from "./fake-nodes.ts";
import { traceHint, writeScenarioTrace } from "./run-trace.ts";

const seeds = testSeeds(3);

interface Msg {
  readonly from: number;
  readonly to: number;
  readonly n: number;
}

describe("SimNetwork", () => {
  test("a partition blocks messages between groups, also those already in flight", () => {
    const net = new SimNetwork<Msg>(createPrng(1));
    net.send({ from: 1, to: 2, n: 1 }, 0);
    net.partition([[1], [2, 3]]);
    net.send({ from: 1, to: 3, n: 2 }, 0);
    net.send({ from: 2, to: 3, n: 3 }, 0);
    expect(
      net.takeDue(1).map((m) => m.n),
      "partition: only 2 → 3 crosses no cut; 1 → 2 was in flight when cut",
    ).toEqual([3]);
    net.heal();
    net.send({ from: 1, to: 2, n: 4 }, 1);
    expect(
      net.takeDue(2).map((m) => m.n),
      "heal: links work again",
    ).toEqual([4]);
  });

  test("a partition blocks links both ways: a cut is never one-way", () => {
    const net = new SimNetwork<Msg>(createPrng(1));
    net.partition([[1], [2, 3]]);
    net.send({ from: 2, to: 1, n: 1 }, 0);
    net.send({ from: 3, to: 1, n: 2 }, 0);
    net.send({ from: 1, to: 3, n: 3 }, 0);
    net.send({ from: 3, to: 2, n: 4 }, 0);
    expect(
      net.takeDue(1).map((m) => m.n),
      "partition([[1], [2, 3]]): 1 hears nobody and nobody hears 1; only 3 → 2 gets through",
    ).toEqual([4]);
    expect(
      [net.linkUp(1, 2), net.linkUp(2, 1), net.linkUp(2, 3), net.linkUp(3, 2)],
      "linkUp is symmetric under a partition",
    ).toEqual([false, false, true, true]);
  });

  test("a node in no partition group talks to nobody", () => {
    const net = new SimNetwork<Msg>(createPrng(1));
    net.partition([[1, 2], [3]]);
    net.send({ from: 4, to: 1, n: 1 }, 0);
    net.send({ from: 1, to: 4, n: 2 }, 0);
    net.send({ from: 4, to: 3, n: 3 }, 0);
    net.send({ from: 1, to: 2, n: 4 }, 0);
    expect(
      net.takeDue(1).map((m) => m.n),
      "partition([[1, 2], [3]]): node 4 is in no group, so it is cut off from every node",
    ).toEqual([4]);
    expect(net.linkUp(4, 5), "two nodes in no group cannot talk either").toBe(false);
  });

  test("duplication delivers a second copy of a message, with its own delay", () => {
    const net = new SimNetwork<Msg>(createPrng(3), { duplicateRate: 1, maxDelayTicks: 3 });
    for (let n = 0; n < 100; n++) net.send({ from: 1, to: 2, n }, 0);
    const due = [1, 2, 3].map((tick) => net.takeDue(tick).map((m) => m.n));
    const counts = new Map<number, number>();
    for (const n of due.flat()) counts.set(n, (counts.get(n) ?? 0) + 1);
    expect(
      [...counts.values()].every((c) => c === 2) && counts.size === 100,
      "duplicateRate 1: every message arrives exactly twice",
    ).toBe(true);
    const apart = [...counts.keys()].filter(
      (n) => due.findIndex((ms) => ms.includes(n)) !== due.findLastIndex((ms) => ms.includes(n)),
    );
    expect(
      apart.length,
      "each copy draws its own delay: some copies arrive ticks apart",
    ).toBeGreaterThan(0);
    const some = new SimNetwork<Msg>(createPrng(5), { duplicateRate: 0.5 });
    for (let n = 0; n < 200; n++) some.send({ from: 1, to: 2, n }, 0);
    const delivered = some.takeDue(1).length;
    expect(delivered, "duplicateRate 0.5: about 300 copies of 200 messages").toBeGreaterThan(250);
    expect(delivered, "duplicateRate 0.5: about 300 copies of 200 messages").toBeLessThan(350);
    const lost = new SimNetwork<Msg>(createPrng(5), { lossRate: 1, duplicateRate: 1 });
    lost.send({ from: 1, to: 2, n: 0 }, 0);
    expect(lost.takeDue(1), "a lost message has no copy either").toEqual([]);
  });

  test("loss drops messages and delays spread them over ticks, from the seed", () => {
    const net = new SimNetwork<Msg>(createPrng(7), { lossRate: 0.5, maxDelayTicks: 3 });
    for (let n = 0; n < 200; n++) net.send({ from: 1, to: 2, n }, 0);
    const due = [1, 2, 3].map((tick) => net.takeDue(tick).length);
    const delivered = due.reduce((a, b) => a + b, 0);
    expect(delivered, "about half of 200 lost").toBeGreaterThan(60);
    expect(delivered, "about half of 200 lost").toBeLessThan(140);
    expect(
      due.every((n) => n > 0),
      "delays of 1 to 3 ticks",
    ).toBe(true);
  });
});

describe.each(seeds)("ClusterHarness (seed %i)", (seed) => {
  const hint = rerunHint(seed);

  function withLeader(options: { syncBeforeSend?: boolean } = {}): ClusterHarness {
    const h = new ClusterHarness({ seed, size: 3, ...options });
    expect(
      h.runUntil(() => h.leader() !== undefined, 200),
      `§5.2 a leader is elected (${hint})`,
    ).toBe(true);
    return h;
  }

  test("client operations go to the leader and are recorded as invoke and ok", () => {
    const h = withLeader();
    const id = h.invoke("c1", ["SET", "x", "1"]);
    expect(
      h.runUntil(() => !h.isBusy("c1"), 50),
      `the write completes (${hint})`,
    ).toBe(true);
    expect(h.history, "the history: invoke, then ok with the store's reply").toEqual([
      { type: "invoke", client: "c1", id, op: ["SET", "x", "1"] },
      { type: "ok", id, result: expect.anything() },
    ]);
    expect(h.acknowledged.length, "an acknowledged write is remembered").toBe(1);
    expect(h.violations, "§5 no violation in a quiet run").toEqual([]);
  });

  test("with no leader, an operation fails at once (it was never proposed)", () => {
    const h = new ClusterHarness({ seed, size: 3 });
    const id = h.invoke("c1", ["GET", "x"]);
    expect(h.history.at(-1), "no leader at tick 0: fail").toEqual({ type: "fail", id });
  });

  test("an operation nobody answers ends as info: after clientTimeoutTicks, or when its node crashes", () => {
    const h = new ClusterHarness({ seed, size: 3, clientTimeoutTicks: 5 });
    expect(
      h.runUntil(() => h.leader() !== undefined, 200),
      `a leader (${hint})`,
    ).toBe(true);
    const leader = h.leader()!;
    h.isolate(leader);
    const late = h.invoke("c1", ["SET", "x", "1"], leader);
    h.run(4);
    expect(h.isBusy("c1"), "4 ticks: still waiting (clientTimeoutTicks 5)").toBe(true);
    h.run(2);
    expect(
      [h.isBusy("c1"), h.history.at(-1)],
      "clientTimeoutTicks (give or take a tick) without an answer: the outcome is unknown (info), and the client moves on",
    ).toEqual([false, { type: "info", id: late }]);
    const lost = h.invoke("c2", ["SET", "x", "2"], leader);
    h.crash(leader);
    expect(
      [h.isBusy("c2"), h.history.at(-1)],
      "its node crashed: nobody knows whether the write took effect (info)",
    ).toEqual([false, { type: "info", id: lost }]);
  });

  test("restart reloads what storage kept: the term and the log come back", () => {
    const h = withLeader();
    h.invoke("c1", ["SET", "x", "1"]);
    h.runUntil(() => !h.isBusy("c1"), 50);
    const leader = h.leader()!;
    const { term } = h.node(leader);
    const lastIndex = h.node(leader).log.lastIndex();
    h.crash(leader);
    expect(h.isUp(leader), "a crashed node is down").toBe(false);
    h.restart(leader);
    const node = h.node(leader);
    expect(node.term, "Figure 2: currentTerm is persistent").toBe(term);
    expect(node.log.lastIndex(), "Figure 2: the log is persistent").toBe(lastIndex);
    expect(node.role, "a restarted node starts as a follower").toBe("follower");
  });

  test("a crash loses entries that were written but never synced", () => {
    const h = withLeader({ syncBeforeSend: false });
    h.invoke("c1", ["SET", "x", "1"]);
    h.run(10);
    const leader = h.leader()!;
    expect(h.node(leader).log.lastIndex(), "the leader's log has entries").toBeGreaterThan(0);
    h.crash(leader);
    h.restart(leader);
    expect(h.node(leader).log.lastIndex(), "unsynced writes do not survive a crash").toBe(0);
  });

  test("afterDelivery runs right after a node handled a message: a crash there keeps what it saved", () => {
    const h = new ClusterHarness({ seed, size: 3 });
    const handled: string[] = [];
    let voter: number | undefined;
    h.afterDelivery = (id, message) => {
      expect(message.to, "afterDelivery names the node that handled the message").toBe(id);
      handled.push(message.type);
      if (message.type !== "request-vote" || voter !== undefined) return;
      voter = id;
      h.crash(id);
      h.restart(id);
    };
    expect(
      h.runUntil(() => h.leader() !== undefined, 200),
      `§5.2 a leader is elected even though a voter crashed (${hint})`,
    ).toBe(true);
    expect(handled, "afterDelivery sees every delivered message").toContain("request-vote");
    expect(voter, "a node handled a RequestVote").toBeDefined();
    if (voter === undefined) return;
    expect(h.isUp(voter), "the node crashed in afterDelivery is running again").toBe(true);
    expect(
      h.storage(voter).load().hardState.votedFor,
      "Figure 2: the vote it gave was on storage before it answered, so the crash kept it",
    ).not.toBeNull();
  });

  test("the checkers catch a driver that acknowledges writes it never synced", () => {
    const h = withLeader({ syncBeforeSend: false });
    for (let round = 0; round < 3; round++) {
      h.invoke("c1", ["INCR", "x"]);
      h.runUntil(() => !h.isBusy("c1"), 50);
    }
    for (const id of h.ids) h.crash(id);
    h.settle();
    const found = [...h.violations, ...h.finish()].map((v) => v.invariant);
    expect(
      found,
      `Figure 2: persist before responding, or acknowledged writes are lost (${hint})`,
    ).toContain("acknowledged-write-lost");
  });
});

describe("checks after every step, liveness at the end", () => {
  test.each(seeds)("the checkers run after every step, not once per tick (seed %i)", (seed) => {
    const h = new ClusterHarness({ seed, size: 3, createNode: claimsBetweenSteps(createRaftNode) });
    h.run(50);
    expect(
      h.violations[0]?.invariant,
      `after EVERY step of every node the harness runs the checkers (README part 2): here each node claims to lead right after it handles a message and stops at its next tick, so two nodes claim one term between two steps; checked once per tick, that is never seen (${rerunHint(seed)})`,
    ).toBe("election-safety");
  });

  test.each(seeds)("a cluster that never settles is a liveness violation (seed %i)", (seed) => {
    const h = new ClusterHarness({ seed, size: 3, createNode: mute(createRaftNode) });
    expect(
      h.settle(200),
      "settle() returns false when no leader commits in its term within maxTicks",
    ).toBe(false);
    const result = runScenario(scenarios[0]!, seed, mute(createRaftNode));
    expect(
      result.violations.map((v) => v.invariant),
      `runScenario reports what settle() returns: nodes that never elect a leader (their messages never leave) break liveness, and nothing else (${rerunHint(seed)})`,
    ).toEqual(["liveness"]);
    expect(
      result.violations[0]?.tick,
      "the liveness violation says when the run gave up",
    ).toBeGreaterThanOrEqual(settleTicks);
  });
});

describe("determinism", () => {
  test.each(seeds)("the same seed gives the same run, another seed another (seed %i)", (seed) => {
    const scenario = scenarios[0]!;
    const a = runScenario(scenario, seed);
    const b = runScenario(scenario, seed);
    expect(b.history, `same seed, same history (${rerunHint(seed)})`).toEqual(a.history);
    expect(b.ticks, "same seed, same length").toBe(a.ticks);
    const c = runScenario(scenario, seed + 1000);
    expect(c.history, "another seed, another run").not.toEqual(a.history);
  });

  test.each(seeds)("every scenario runs clean on the reference node (seed %i)", (seed) => {
    for (const scenario of scenarios) {
      const result = runScenario(scenario, seed);
      // A failing run is written as a trace for the viewer; a clean one costs nothing more.
      const stage = { ClusterHarness, runScenario, createRaftNode };
      const watch =
        result.violations.length > 0 || result.failure !== undefined
          ? `; ${traceHint(() => writeScenarioTrace(stage, scenario, seed))}`
          : "";
      expect(
        result.violations,
        `${scenario.name}: §5 safety holds (${rerunHint(seed)}${watch})`,
      ).toEqual([]);
      expect(result.failure, `${scenario.name}: no node threw${watch}`).toBeUndefined();
    }
    expect(
      scenarios.map((s) => s.name),
      "the scenarios",
    ).toContain("figure-8");
  });
});
