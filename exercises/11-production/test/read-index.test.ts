import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  createProductionNode,
  KvStore,
  MemoryStorage,
  type Message,
  ReadIndexLeader,
} from "#stage";
import { productionCluster } from "./cluster.ts";

describe("ReadIndexLeader", () => {
  test("reads wait until an entry of the leader's term is committed", () => {
    const reads = new ReadIndexLeader(3);
    reads.add("r1", 1);
    expect(
      reads.assign(4, false),
      "§6.4: no read index before the leader has committed an entry of its term",
    ).toBeUndefined();
    expect(reads.assign(6, true), "§6.4: then a heartbeat round is started").toBe(1);
    reads.ack(2, 1);
    expect(reads.takeConfirmed(), "§6.4: the read index is the commit index then").toEqual([
      { readId: "r1", from: 1, index: 6, round: 1 },
    ]);
  });

  test("a read is confirmed by a majority of acknowledgements of its round or later", () => {
    const reads = new ReadIndexLeader(5);
    reads.add("a", 1);
    reads.assign(3, true);
    reads.ack(2, 1);
    expect(reads.takeConfirmed(), "§6.4: leader + 1 of 5 is no majority").toEqual([]);
    reads.ack(3, 1);
    expect(
      reads.takeConfirmed().map((read) => read.readId),
      "§6.4: leader + 2 of 5",
    ).toEqual(["a"]);
    reads.add("b", 1);
    reads.assign(4, true);
    expect(
      reads.takeConfirmed(),
      "§6.4: acknowledgements of a round sent before read b arrived do not confirm it",
    ).toEqual([]);
    reads.ack(2, 2);
    reads.ack(4, 2);
    expect(
      reads.takeConfirmed().map((read) => [read.readId, read.index]),
      "§6.4: a majority acknowledged round 2",
    ).toEqual([["b", 4]]);
  });
});

describe("a follower's read, step by step", () => {
  test("the follower asks its leader, then serves only once it has applied through the read index", () => {
    const store = new KvStore();
    const config = { id: 1, peers: [2, 3], electionTimeoutTicks: 10, stateMachine: store };
    const node = createProductionNode(config, new MemoryStorage(), seededRandom(1));
    const append = (leaderCommit: number, entries: { term: number; command: string[] }[]) =>
      node.step({
        type: "message",
        message: {
          type: "append-entries",
          from: 2,
          to: 1,
          term: 1,
          prevIndex: entries.length === 0 ? 1 : 0,
          prevTerm: entries.length === 0 ? 1 : 0,
          entries,
          leaderCommit,
        },
      });
    append(0, [{ term: 1, command: ["SET", "x", "1"] }]);
    const asked = node.step({ type: "read", readId: "r" });
    expect(asked.messages, "§6.4: a follower asks its leader (node 2) for a read index").toEqual([
      { type: "read-index", from: 1, to: 2, term: 1, readId: "r" },
    ]);
    const answer: Message = {
      type: "read-index-response",
      from: 2,
      to: 1,
      term: 1,
      readId: "r",
      index: 1,
    };
    const early = node.step({ type: "message", message: answer });
    expect(
      [early.reads, node.lastApplied],
      "§6.4: read index 1 is not applied here yet: the read waits",
    ).toEqual([[], 0]);
    const later = append(1, []);
    expect(later.reads, "§6.4: served once the follower applied through the read index").toEqual([
      { readId: "r", outcome: { type: "ready", index: 1 } },
    ]);
    expect(store.apply(["GET", "x"]), "the state machine the read is served from").toEqual({
      type: "bulk",
      value: "1",
    });
  });
});

describe.each(testSeeds(3))("ReadIndex in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;

  test("a read at the leader sees a write acknowledged before it", () => {
    const c = productionCluster({ seed, size: 3 });
    const leader = c.electLeader();
    c.propose(leader, "w", ["SET", "x", "1"]);
    c.cluster.runUntil("the write is applied", () => c.results.has("w"));
    const writeIndex = c.node(leader).commitIndex;
    c.read(leader, "r", "x");
    c.cluster.runUntil("the read is served (§6.4)", () => c.reads.has("r"), 50);
    const [served] = c.reads.get("r") ?? [];
    expect(served?.outcome, `§6.4: served at a read index ≥ ${writeIndex} (${hint})`).toEqual({
      type: "ready",
      index: writeIndex,
    });
    expect(served?.value, `linearizable: the read sees x = 1 (${hint})`).toBe("1");
  });

  test("a new leader's read index includes its no-op entry", () => {
    const c = productionCluster({ seed, size: 3 });
    const leader = c.electLeader();
    const node = c.node(leader);
    expect(
      node.log.termAt(node.commitIndex),
      `test setup: the new leader has not committed an entry of its term yet (${hint})`,
    ).not.toBe(node.term);
    c.read(leader, "r", "x");
    c.cluster.runUntil("the read is served (§6.4)", () => c.reads.has("r"), 50);
    const firstOfTerm = node.log.firstIndexOfTerm(node.term) as number;
    const outcome = c.reads.get("r")?.[0]?.outcome;
    expect(
      outcome?.type === "ready" ? outcome.index : outcome,
      `§6.4: the read index is taken once the leader's no-op (index ${firstOfTerm}) committed (${hint})`,
    ).toBeGreaterThanOrEqual(firstOfTerm);
  });

  test("a leader cut off never serves a read, even without CheckQuorum", () => {
    const c = productionCluster({ seed, size: 5, checkQuorum: false });
    const old = c.electLeader();
    c.propose(old, "w1", ["SET", "x", "1"]);
    c.cluster.runUntil("x = 1 is applied", () => c.results.has("w1"));
    c.cluster.network.isolate(old);
    c.read(old, "stale", "x");
    c.cluster.runUntil("a new leader without the old one", () =>
      c.ids.some((id) => id !== old && c.node(id).role === "leader"),
    );
    const leader = c.ids.find((id) => id !== old && c.node(id).role === "leader") as number;
    c.propose(leader, "w2", ["SET", "x", "2"]);
    c.cluster.runUntil("x = 2 is applied", () => c.results.has("w2"));
    c.cluster.run(100);
    expect(
      c.reads.get("stale"),
      `§6.4: the cut-off leader ${old} cannot confirm it leads, so it never answers the read (x = 2 is committed elsewhere; ${hint})`,
    ).toBeUndefined();
  });

  test("with CheckQuorum, a cut-off leader's read fails when it steps down", () => {
    const c = productionCluster({ seed, size: 5 });
    const old = c.electLeader();
    c.cluster.run(5);
    c.cluster.network.isolate(old);
    c.read(old, "r", "x");
    c.cluster.runUntil("the read is settled", () => c.reads.has("r"), 50);
    expect(
      c.reads.get("r")?.[0]?.outcome.type,
      `CheckQuorum + §6.4: leadership lost before the read was confirmed (${hint})`,
    ).toBe("failed");
  });

  test("a follower's read through the leader sees a write applied at the leader", () => {
    const c = productionCluster({ seed, size: 3 });
    const leader = c.electLeader();
    c.cluster.run(5);
    const follower = c.ids.find((id) => id !== leader) as number;
    c.propose(leader, "w", ["SET", "x", "1"]);
    c.cluster.runUntil("the write is applied at the leader", () => c.results.has("w"));
    c.read(follower, "r", "x");
    c.cluster.runUntil("the follower serves the read (§6.4)", () => c.reads.has("r"), 50);
    const [served] = c.reads.get("r") ?? [];
    expect(served?.outcome.type, `§6.4: the leader confirmed a read index (${hint})`).toBe("ready");
    expect(
      served?.value,
      `§6.4: the follower waits until it applied through the read index: x = 1 (${hint})`,
    ).toBe("1");
  });

  test("a follower's read fails when its leader does not answer within an election timeout", () => {
    const c = productionCluster({ seed, size: 3 });
    const leader = c.electLeader();
    c.cluster.run(5);
    const follower = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.cut(follower, leader);
    c.read(follower, "r", "x");
    c.cluster.runUntil("the read is settled", () => c.reads.has("r"), 10);
    expect(
      c.reads.get("r")?.[0]?.outcome.type,
      `§6.4: a read whose request or answer was lost fails after T ticks, so the client can retry (${hint})`,
    ).toBe("failed");
  });
});
