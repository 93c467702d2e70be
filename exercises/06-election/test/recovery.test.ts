import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { electionCluster } from "./cluster.ts";

describe.each(testSeeds(3))("stale leaders and restarts, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;

  test("a stale leader rejoining steps down, and its uncommitted entries are replaced", () => {
    const c = electionCluster({ seed, size: 5 });
    const stale = c.electLeader();
    c.cluster.run(5);
    c.cluster.network.isolate(stale);
    c.propose(stale, "lost", ["SET", "x", "stale"]);
    const staleIndex = c.node(stale).log.lastIndex();
    c.cluster.runUntil("a new leader (§5.2)", () =>
      c.ids.some((id) => id !== stale && c.node(id).role === "leader"),
    );
    const leader = c.ids.find((id) => id !== stale && c.node(id).role === "leader") as number;
    for (let i = 0; i < 3; i++) c.propose(leader, `new${i}`, ["SET", "x", `new${i}`]);
    c.cluster.runUntil("the new leader's entries apply", () => c.results.has("new2"));
    expect(c.node(stale).role, `the isolated node still believes it leads (${hint})`).toBe(
      "leader",
    );
    c.cluster.network.rejoin(stale);
    c.cluster.runUntil("the stale leader follows", () => c.node(stale).role === "follower");
    expect(c.node(stale).term, `Figure 2: it adopts the higher term (${hint})`).toBe(
      c.node(leader).term,
    );
    c.cluster.runUntil(
      "its log matches the leader's",
      () => c.node(stale).commitIndex === c.node(leader).commitIndex,
    );
    expect(
      c.node(stale).log.entryAt(staleIndex)?.command,
      `§5.3: its uncommitted entry is replaced by the leader's (${hint})`,
    ).not.toEqual(["SET", "x", "stale"]);
    expect(
      c.results.get("lost")?.map((o) => o.type),
      `§8: its client hears "unknown", never "applied" (${hint})`,
    ).toEqual(["unknown"]);
    expect(
      c.node(stale).stateMachine.apply(["GET", "x"]),
      `§5.4.3: it applied the leader's commands (${hint})`,
    ).toEqual(c.node(leader).stateMachine.apply(["GET", "x"]));
  });

  test("every node crashes and restarts: term, vote and committed entries are kept", () => {
    const c = electionCluster({ seed, size: 3 });
    const leader = c.electLeader();
    for (let i = 0; i < 5; i++) c.propose(leader, `r${i}`, ["SET", `k${i}`, `v${i}`]);
    c.cluster.runUntil("all proposals apply", () => c.results.has("r4"));
    const committed = c.node(leader).commitIndex;
    const committedLog = c.node(leader).log.slice(1, committed);
    const before = c.ids.map((id) => [c.node(id).term, c.node(id).vote]);
    for (const id of c.ids) c.crash(id);
    c.cluster.run(50);
    for (const id of c.ids) c.restart(id);
    expect(
      c.ids.map((id) => [c.node(id).term, c.node(id).vote]),
      `Figure 2: currentTerm and votedFor survive a crash (${hint})`,
    ).toEqual(before);
    for (const id of c.ids) {
      expect(c.node(id).commitIndex, `Figure 2: commitIndex is volatile (node ${id})`).toBe(0);
    }
    const stores = c.ids.filter((id) => c.node(id).log.lastIndex() >= committed);
    expect(
      stores.length,
      `§5.4: a committed entry is durable on a majority (${hint})`,
    ).toBeGreaterThanOrEqual(2);
    for (const id of stores) {
      expect(
        c.node(id).log.slice(1, committed),
        `§5.4: committed entries are kept (node ${id}, ${hint})`,
      ).toEqual(committedLog);
    }
    const next = c.electLeader();
    expect(
      c.node(next).term,
      `Figure 2: terms never go back after a restart (${hint})`,
    ).toBeGreaterThan(before[0]?.[0] ?? 0);
    c.cluster.runUntil("every node re-applies the committed entries", () =>
      c.ids.every((id) => c.node(id).lastApplied >= committed),
    );
    for (const id of c.ids) {
      expect(
        c.node(id).stateMachine.apply(["GET", "k4"]),
        `Figure 2: the state machine is rebuilt from the log (node ${id})`,
      ).toEqual(c.node(next).stateMachine.apply(["GET", "k4"]));
    }
  });
});
