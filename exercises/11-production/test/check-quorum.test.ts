import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { QuorumWatch } from "#stage";
import { productionCluster } from "./cluster.ts";

describe("QuorumWatch", () => {
  test("a window that ends with a majority keeps the leader; one without steps it down", () => {
    const watch = new QuorumWatch(4, 5);
    watch.heardFrom(2);
    watch.heardFrom(3);
    const verdicts = [watch.tick(), watch.tick(), watch.tick(), watch.tick()];
    expect(verdicts, "CheckQuorum: leader + 2 of 4 followers is a majority of 5").toEqual([
      false,
      false,
      false,
      false,
    ]);
    watch.heardFrom(2);
    watch.heardFrom(2);
    const next = [watch.tick(), watch.tick(), watch.tick(), watch.tick()];
    expect(
      next,
      "CheckQuorum: a new window starts empty; leader + 1 follower of 5 is no majority, decided at the window's end",
    ).toEqual([false, false, false, true]);
  });
});

describe.each(testSeeds(3))("CheckQuorum in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;
  const electionTimeoutTicks = 10;

  test("a leader cut off from the majority steps down within two election timeouts", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    const term = c.node(leader).term;
    c.cluster.network.isolate(leader);
    const ticks = c.cluster.runUntil(
      `the cut-off leader ${leader} steps down (CheckQuorum)`,
      () => c.node(leader).role !== "leader",
      2 * electionTimeoutTicks,
    );
    expect(ticks, `CheckQuorum: within two windows of T ticks (${hint})`).toBeLessThanOrEqual(
      2 * electionTimeoutTicks,
    );
    expect(
      [c.node(leader).role, c.node(leader).term, c.node(leader).leaderId],
      `CheckQuorum: a follower of the same term that knows no leader (${hint})`,
    ).toEqual(["follower", term, undefined]);
  });

  test("a leader in a minority steps down; after healing one leader remains", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    const buddy = c.ids.find((id) => id !== leader) as number;
    const minority = [leader, buddy];
    for (const a of minority) {
      for (const b of c.ids) if (!minority.includes(b)) c.cluster.network.cut(a, b);
    }
    c.cluster.run(100);
    expect(
      c.node(leader).role,
      `CheckQuorum: leader ${leader} with only node ${buddy} steps down (${hint})`,
    ).not.toBe("leader");
    const newLeader = c.ids.find((id) => !minority.includes(id) && c.node(id).role === "leader");
    expect(newLeader, `§5.2: the majority elects a leader of its own (${hint})`).toBeDefined();
    c.cluster.network.healAll();
    c.cluster.run(100);
    expect(c.leader(), `one leader once the network heals (${hint})`).toBe(newLeader);
  });

  test("a follower that answers only InstallSnapshot chunks of this term counts; a stale term does not", () => {
    // Stage 10: a follower whose next entry was compacted gets snapshot chunks, no AppendEntries.
    const keeps = (answerTerm: (term: number) => number) => {
      const c = productionCluster({ seed, size: 3, electionTimeoutTicks });
      const leader = c.electLeader();
      const term = c.node(leader).term;
      const installing = c.ids.find((id) => id !== leader) as number;
      c.cluster.network.isolate(leader);
      for (let tick = 0; tick < 3 * electionTimeoutTicks; tick++) {
        const answer = { type: "install-snapshot-response", from: installing } as const;
        c.node(leader).noteSnapshotMessage({ ...answer, term: answerTerm(term) });
        c.cluster.run(1);
      }
      return c.node(leader).role === "leader";
    };
    expect(
      keeps((term) => term),
      `CheckQuorum: leader + a follower answering snapshot chunks is a majority of 3 (${hint})`,
    ).toBe(true);
    expect(
      keeps((term) => term - 1),
      `CheckQuorum: an answer of an older term is not this leader's follower (${hint})`,
    ).toBe(false);
  });

  test("a healthy leader never steps down", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    const term = c.node(leader).term;
    c.cluster.run(500);
    expect(
      [c.leader(), c.node(leader).term],
      `CheckQuorum: a leader that hears from every follower keeps leading (${hint})`,
    ).toEqual([leader, term]);
  });
});
