import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  createProductionNode,
  LeaderLease,
  MemoryStorage,
  type Message,
  ReadIndexLeader,
} from "#stage";
import { type ProductionCluster, productionCluster } from "./cluster.ts";

describe("LeaderLease", () => {
  test("an acknowledged round gives a lease from when it left, shortened by the drift margin", () => {
    const lease = new LeaderLease(10, 2);
    lease.sent(1, 100);
    expect(lease.holds(101), "§6.4.1: no lease before a majority acknowledged a round").toBe(false);
    lease.confirmedThrough(1);
    expect(
      [lease.holds(107), lease.holds(108)],
      "§6.4.1: the lease runs T - margin = 8 ticks from when round 1 left (tick 100)",
    ).toEqual([true, false]);
  });

  test("a later round acknowledged covers the earlier ones; an end ends it", () => {
    const lease = new LeaderLease(10, 0);
    lease.sent(1, 100);
    lease.sent(2, 104);
    lease.confirmedThrough(2);
    expect(lease.holds(113), "§6.4.1: measured from round 2's departure, tick 104").toBe(true);
    lease.end();
    expect(lease.holds(105), "§6.4.1: no lease after leadership is lost or handed over").toBe(
      false,
    );
  });
});

describe("ReadIndexLeader.majorityRound", () => {
  test("the highest round a majority, the leader included, acknowledged", () => {
    const reads = new ReadIndexLeader(5);
    for (let i = 0; i < 4; i++) reads.nextRound();
    reads.ack(2, 4);
    reads.ack(3, 2);
    reads.ack(4, 1);
    expect(reads.majorityRound(), "leader 4, node 2 at 4, node 3 at 2: three of five at ≥ 2").toBe(
      2,
    );
  });
});

describe("votes with leases, step by step", () => {
  test("a node that hears from a leader ignores RequestVote, but not a transfer's", () => {
    const config = {
      id: 1,
      peers: [2, 3],
      electionTimeoutTicks: 10,
      lease: { driftMarginTicks: 2 },
    };
    const node = createProductionNode(config, new MemoryStorage(), { int: (min) => min });
    const heartbeat: Message = {
      type: "append-entries",
      from: 2,
      to: 1,
      term: 1,
      prevIndex: 0,
      prevTerm: 0,
      entries: [],
      leaderCommit: 0,
    };
    node.step({ type: "message", message: heartbeat });
    const vote = {
      type: "request-vote",
      from: 3,
      to: 1,
      term: 2,
      lastLogIndex: 0,
      lastLogTerm: 0,
    } as const;
    const ignored = node.step({ type: "message", message: vote });
    expect(
      [ignored.messages, node.term],
      "§6.4.1: while it hears from leader 2, the node neither votes nor adopts term 2 (the lease depends on it)",
    ).toEqual([[], 1]);
    const granted = node.step({ type: "message", message: { ...vote, transfer: true } });
    expect(
      granted.messages,
      "§3.10: the RequestVote of a TimeoutNow election is answered as usual",
    ).toEqual([{ type: "request-vote-response", from: 1, to: 3, term: 2, granted: true }]);
  });
});

/** Runs until `what`, each tick stepping every node but `slow` `speed` times (fast clocks). */
function runDrifting(
  c: ProductionCluster,
  slow: number,
  speed: number,
  what: string,
  done: () => boolean,
): void {
  c.cluster.runUntil(what, () => {
    for (const id of c.ids) {
      if (id === slow) continue;
      for (let extra = 1; extra < speed; extra++) c.cluster.step(id, { type: "tick" });
    }
    return done();
  });
}

describe.each(testSeeds(3))("leases in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;
  const electionTimeoutTicks = 30;

  test("a leader with a lease serves a read at once, without a heartbeat round", () => {
    const c = productionCluster({ seed, lease: { driftMarginTicks: 5 }, electionTimeoutTicks });
    const leader = c.electLeader();
    c.cluster.run(10);
    const sentBefore = c.sent.length;
    c.read(leader, "r", "x");
    expect(
      c.reads.get("r")?.[0]?.outcome.type,
      `§6.4.1: served in the step the read arrived (${hint})`,
    ).toBe("ready");
    expect(c.sent.length, `§6.4.1: no message was needed (${hint})`).toBe(sentBefore);
  });

  /** The old leader is cut off while the others' clocks run 4 times as fast; x = 2 is written. */
  function driftScenario(driftMarginTicks: number) {
    const c = productionCluster({
      seed,
      size: 5,
      lease: { driftMarginTicks },
      electionTimeoutTicks,
    });
    const old = c.electLeader();
    c.propose(old, "w1", ["SET", "x", "1"]);
    c.cluster.runUntil("x = 1 is applied", () => c.results.has("w1"));
    c.cluster.run(4);
    c.cluster.network.isolate(old);
    runDrifting(c, old, 4, "a new leader without the old one", () =>
      c.ids.some((id) => id !== old && c.node(id).role === "leader"),
    );
    const leader = c.ids.find((id) => id !== old && c.node(id).role === "leader") as number;
    c.propose(leader, "w2", ["SET", "x", "2"]);
    runDrifting(c, old, 4, "x = 2 is applied", () => c.results.has("w2"));
    c.read(old, "r", "x");
    return c.reads.get("r")?.[0];
  }

  test("a lease without a drift margin serves a stale read when the followers' clocks run fast", () => {
    const served = driftScenario(0);
    expect(
      served,
      `§6.4.1: the hazard the margin exists for: the old leader still trusts its lease and returns x = 1 after x = 2 committed (${hint})`,
    ).toEqual({ outcome: { type: "ready", index: expect.any(Number) }, value: "1" });
  });

  test("a drift margin that covers the drift keeps the read linearizable", () => {
    const served = driftScenario(25);
    expect(
      served?.value,
      `§6.4.1: with T - margin = 5 ticks the lease ran out before another leader could exist (${hint})`,
    ).not.toBe("1");
  });

  test("a transfer still works with leases on", () => {
    const c = productionCluster({
      seed,
      size: 5,
      lease: { driftMarginTicks: 5 },
      electionTimeoutTicks,
    });
    const leader = c.electLeader();
    c.cluster.run(10);
    const target = c.transferAway(leader, electionTimeoutTicks);
    expect(
      c.leader(),
      `§3.10 with §6.4.1: voters answer the transfer's RequestVote (${hint})`,
    ).toBe(target);
  });
});
