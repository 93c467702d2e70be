// The cluster harness itself: its network, crashes and restarts, clients and determinism. A
// harness that quietly does not partition, or restores more than storage kept, hides bugs.
import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { ClusterHarness, createPrng, runScenario, SimNetwork, scenarios } from "#stage";

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
      expect(result.violations, `${scenario.name}: §5 safety holds (${rerunHint(seed)})`).toEqual(
        [],
      );
      expect(result.failure, `${scenario.name}: no node threw`).toBeUndefined();
    }
    expect(
      scenarios.map((s) => s.name),
      "the scenarios",
    ).toContain("figure-8");
  });
});
