// The paper's Figure 8, scripted with partitions and crashes on real nodes. Index 1 (term 1) is
// on every server at the start; the entry "from term 2" is S1's no-op at index 2.
import { describe, expect, test } from "vitest";
import { type ElectionCluster, electionCluster } from "./cluster.ts";
import { noJitter } from "./node.ts";

const seed = 8;
const T = 1000; // nobody times out on their own during the script: campaign() decides who runs

function figure8Cluster(): ElectionCluster {
  const start = {
    hardState: { term: 1, votedFor: null },
    entries: [{ term: 1, command: ["SET", "a", "1"] }],
  };
  return electionCluster({
    seed,
    size: 5,
    electionTimeoutTicks: T,
    random: () => noJitter,
    limits: { maxEntriesPerMessage: 1 },
    images: Array(5).fill(start),
  });
}

/** Node `id` times out (only its clock runs) and runs for election; true if it wins. */
function campaign(c: ElectionCluster, id: number, attempts = 5): boolean {
  for (let attempt = 0; attempt < attempts; attempt++) {
    const term = c.node(id).term;
    for (let i = 0; i < 2 * T && c.node(id).term === term; i++)
      c.cluster.step(id, { type: "tick" });
    for (let i = 0; i < 4 && c.node(id).role === "candidate"; i++) c.cluster.tick();
    if (c.node(id).role === "leader") return true;
  }
  return false;
}

function tickUntil(c: ElectionCluster, what: string, condition: () => boolean): void {
  c.cluster.runUntil(what, condition, 100);
}

/** Figure 8 (a)–(c): returns the cluster with index 2 (term 2) on S1, S2, S3, leader S1 in term 4. */
function toStateC(): ElectionCluster {
  const c = figure8Cluster();
  const net = c.cluster.network;
  // (a) S1 leads term 2; its entry of term 2 reaches S2 only.
  expect(campaign(c, 1), "Figure 8 (a): S1 wins term 2").toBe(true);
  for (const peer of [3, 4, 5]) net.cut(1, peer);
  tickUntil(c, "S2 stores index 2", () => c.node(2).log.termAt(2) === 2);
  // (b) S1 crashes; S5 wins term 3 with votes from S3, S4 and itself, appends at index 2, crashes.
  c.crash(1);
  net.healAll();
  expect(campaign(c, 5), "Figure 8 (b): S5 wins term 3 (S3, S4 have older logs)").toBe(true);
  expect(c.node(5).term, "Figure 8 (b)").toBe(3);
  net.isolate(5);
  c.crash(5);
  // (c) S1 restarts, wins term 4 (S2, S3), and replicates index 2 to S3: a majority stores it.
  c.restart(1);
  net.cut(1, 4);
  expect(campaign(c, 1), "Figure 8 (c): S1 wins term 4").toBe(true);
  expect(c.node(1).term, "Figure 8 (c)").toBe(4);
  // S1 hears that S3 stores it; its next request (index 3, term 4) is lost in the cut.
  tickUntil(c, "S1 knows S3 stores index 2", () => c.node(1).progressOf(3).matchIndex >= 2);
  net.cut(1, 3);
  c.cluster.run(10);
  return c;
}

describe(`Figure 8 (seed ${seed})`, () => {
  test("(c) an entry of an earlier term on a majority is not committed by counting (§5.4.2)", () => {
    const c = toStateC();
    expect(
      [1, 2, 3].map((id) => c.node(id).log.termAt(2)),
      "Figure 8 (c): index 2 of term 2 on S1, S2, S3",
    ).toEqual([2, 2, 2]);
    expect(c.node(1).progressOf(3).matchIndex, "Figure 8 (c): S1 knows S3 stores index 2").toBe(2);
    expect(
      c.node(1).commitIndex,
      "§5.4.2: a leader never commits an earlier term's entry by counting replicas",
    ).toBeLessThan(2);
  });

  test("(d) S1 crashes, S5 wins term 5 and replaces index 2 everywhere: safe, it was never committed", () => {
    const c = toStateC();
    c.crash(1);
    c.restart(5);
    c.cluster.network.healAll();
    expect(
      campaign(c, 5),
      "Figure 8 (d): S5 (last term 3) can win votes from S3, S4 (last term 2, 1)",
    ).toBe(true);
    tickUntil(c, "S5's log reaches S2 and S3", () =>
      [2, 3].every((id) => c.node(id).log.termAt(2) === 3),
    );
    tickUntil(c, "S5 commits its entries", () => c.node(5).commitIndex >= 3);
    for (const id of [2, 3, 4, 5]) {
      const appliedTerm2 = (c.applied.get(id) ?? []).some((e) => e.index === 2 && e.term === 2);
      expect(appliedTerm2, `§5.4.3: nobody applied the replaced entry (S${id})`).toBe(false);
    }
  });

  test("(e) once a term-4 entry is on a majority, index 2 is committed and S5 cannot win (§5.4.1)", () => {
    const c = toStateC();
    c.cluster.network.heal(1, 3);
    c.cluster.network.heal(1, 4);
    tickUntil(c, "S1 commits its term-4 entry", () => c.node(1).commitIndex >= 3);
    expect(c.node(1).log.termAt(3), "Figure 8 (e): the entry that commits is of S1's term").toBe(4);
    c.crash(1);
    c.restart(5);
    c.cluster.network.healAll();
    expect(
      campaign(c, 5, 4),
      "§5.4.1: S5's log (last term 3) is behind a majority's (term 4): it cannot win",
    ).toBe(false);
    expect(campaign(c, 2), "§5.2: a node with the committed entries wins").toBe(true);
    tickUntil(c, "every live node holds index 2 of term 2", () =>
      [2, 3, 4, 5].every((id) => c.node(id).log.termAt(2) === 2),
    );
    expect(
      c.node(5).log.termAt(2),
      "§5.4 Leader Completeness: the committed entry survives; S5's is replaced",
    ).toBe(2);
  });
});
