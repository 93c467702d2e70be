import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { electionCluster } from "./cluster.ts";

describe.each(testSeeds(3))("elections, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;

  test.each([2, 3, 4, 5, 6])(
    "a cluster of %i elects one leader, which everyone follows",
    (size) => {
      const c = electionCluster({ seed, size });
      const leader = c.electLeader();
      const term = c.node(leader).term;
      c.cluster.run(10);
      for (const id of c.ids) {
        expect(
          [c.node(id).term, c.node(id).leaderId],
          `§5.2: every node follows the leader of term ${term} (node ${id}, ${hint})`,
        ).toEqual([term, leader]);
      }
      expect(
        c.node(leader).commitIndex,
        `§8: the leader's no-op commits (${hint})`,
      ).toBeGreaterThanOrEqual(1);
    },
  );

  test("a leader cut off is replaced by a leader of a higher term, which commits", () => {
    const c = electionCluster({ seed, size: 5 });
    const old = c.electLeader();
    const oldTerm = c.node(old).term;
    c.cluster.network.isolate(old);
    c.cluster.runUntil(`a new leader without node ${old} (§5.2)`, () =>
      c.ids.some((id) => id !== old && c.node(id).role === "leader"),
    );
    const leader = c.ids.find((id) => id !== old && c.node(id).role === "leader") as number;
    expect(c.node(leader).term, `§5.2: the new leader's term is higher (${hint})`).toBeGreaterThan(
      oldTerm,
    );
    c.propose(leader, "r1", ["SET", "x", "1"]);
    c.cluster.runUntil("the proposal is applied (§5.3)", () => c.results.has("r1"));
    expect(
      c.results.get("r1")?.[0]?.type,
      `§5.3: a majority without the old leader commits (${hint})`,
    ).toBe("applied");
  });

  test("no leader without a quorum; candidates keep retrying", () => {
    const c = electionCluster({ seed, size: 5 });
    for (const id of [3, 4, 5]) c.cluster.network.isolate(id);
    c.cluster.run(300);
    expect(
      [...c.leaders.keys()],
      `§5.2: no node can win without votes from a majority (${hint})`,
    ).toEqual([]);
    expect(
      Math.max(...c.ids.map((id) => c.node(id).term)),
      `§5.2: a candidate that does not win retries in a new term (${hint})`,
    ).toBeGreaterThan(2);
    c.cluster.network.healAll();
    c.electLeader();
  });
});

/**
 * Election Safety under many elections: random cuts, loss, duplicated and reordered messages, on
 * clusters of 3 to 6 nodes (even sizes too), checked on every Ready. 25 seeds: a bug that shows
 * in one seed of five escapes all of them with probability 0.8^25 < 0.4%. The known election
 * bugs (a duplicated vote counted twice, votes kept from an earlier term, a wrong majority for an
 * even size) fail every time in votes.test.ts; here they fail in several seeds each.
 */
const safetySeeds = testSeeds(25);

describe.each(safetySeeds)("Election Safety under faults, seed %i", (seed) => {
  const size = 3 + (seed % 4);
  const hint = `seed ${seed}, ${size} nodes, ${rerunHint(seed)}`;

  test(`at most one leader per term under random cuts, loss, duplication and reordering (${size} nodes)`, () => {
    const c = electionCluster({
      seed,
      size,
      electionTimeoutTicks: 6,
      faults: { lossRate: 0.1, duplicateRate: 0.3, maxDelayTicks: 4 },
    });
    const faults = seededRandom(seed);
    const pick = () => faults.int(1, size + 1);
    let count = 0;
    for (let round = 0; round < 15; round++) {
      c.cluster.network.healAll();
      const a = pick();
      const b = pick();
      if (a !== b) c.cluster.network.cut(a, b);
      if (round % 3 === 0) c.cluster.network.isolate(pick());
      const leader = c.leader();
      if (leader !== undefined) c.propose(leader, `r${count++}`, ["INCR", "n"]);
      c.cluster.run(10 + faults.int(0, 4) * 5);
    }
    // The checks run on every Ready (cluster.ts); here: elections did happen, in several terms.
    expect(
      c.leaders.size,
      `§5.2 Election Safety held across many elections (${hint})`,
    ).toBeGreaterThan(1);
    c.cluster.network.healAll();
    c.cluster.network.setFaults({ lossRate: 0, duplicateRate: 0 });
    const leader = c.electLeader();
    c.propose(leader, "last", ["SET", "done", "1"]);
    c.cluster.runUntil("the last proposal is applied", () => c.results.has("last"), 1000);
  });
});

test("split votes resolve: three candidates in the same term, then randomized timeouts break the tie", () => {
  const seed = testSeeds(1, 11)[0] as number;
  // Every node's first timeout is exactly T, so all three become candidates in term 1 at once
  // and each votes for itself; later timeouts are random again.
  const c = electionCluster({
    seed,
    random: (id) => {
      let first = true;
      let state = seed * 100 + id;
      return {
        int: (min, max) => {
          if (first) {
            first = false;
            return min;
          }
          state = (state * 1103515245 + 12345) % 2 ** 31;
          return min + (state % (max - min));
        },
      };
    },
  });
  c.cluster.run(10);
  expect(
    c.ids.map((id) => [c.node(id).role, c.node(id).term]),
    "§5.2: simultaneous timeouts split the vote",
  ).toEqual([
    ["candidate", 1],
    ["candidate", 1],
    ["candidate", 1],
  ]);
  const leader = c.electLeader();
  expect(c.leaders.get(1), "§5.2: nobody wins a split term").toBeUndefined();
  expect(c.node(leader).term, `§5.2: a later term elects a leader (seed ${seed})`).toBeGreaterThan(
    1,
  );
});
