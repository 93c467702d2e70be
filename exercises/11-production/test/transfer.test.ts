import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { LeaderTransfer } from "#stage";
import { productionCluster } from "./cluster.ts";

describe("LeaderTransfer", () => {
  test("TimeoutNow is due once, when the target has the leader's last entry", () => {
    const transfer = new LeaderTransfer(10);
    transfer.start(2);
    expect(transfer.timeoutNowDue(4, 5), "§3.10: the target lacks entry 5: catch it up first").toBe(
      false,
    );
    expect(transfer.timeoutNowDue(5, 5), "§3.10: the target has every entry: send TimeoutNow").toBe(
      true,
    );
    expect(transfer.timeoutNowDue(5, 5), "§3.10: TimeoutNow is sent once per transfer").toBe(false);
  });

  test("a transfer is abandoned after an election timeout", () => {
    const transfer = new LeaderTransfer(3);
    transfer.start(2);
    const ticks = [transfer.tick(), transfer.tick(), transfer.tick()];
    expect(ticks, "§3.10: given up when T ticks have passed").toEqual([false, false, true]);
    expect(transfer.target, "§3.10: no transfer after it was abandoned").toBeUndefined();
  });
});

describe.each(testSeeds(3))("leadership transfer in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;
  const electionTimeoutTicks = 10;

  test("the target leads in the next term within an election timeout", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    c.cluster.run(5);
    const term = c.node(leader).term;
    const target = c.transferAway(leader, electionTimeoutTicks);
    expect(
      c.node(target).term,
      `§3.10: the target's election is of term ${term + 1} (${hint})`,
    ).toBe(term + 1);
    c.cluster.run(5);
    expect(c.node(leader).leaderId, `the old leader follows the target (${hint})`).toBe(target);
    c.propose(target, "after", ["SET", "x", "1"]);
    c.cluster.runUntil("the new leader commits (§5.3)", () => c.results.has("after"));
    expect(c.results.get("after")?.[0]?.type, `§5.3 (${hint})`).toBe("applied");
  });

  test("a lagging target is brought up to date before TimeoutNow", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    const target = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.isolate(target);
    for (let i = 0; i < 5; i++) c.propose(leader, `w${i}`, ["SET", `k${i}`, `${i}`]);
    c.cluster.runUntil("the writes commit without the target", () => c.results.has("w4"));
    c.cluster.network.rejoin(target);
    c.transfer(leader, target);
    c.cluster.runUntil(
      "the leader sends TimeoutNow (§3.10)",
      () => c.sent.some(({ message }) => message.type === "timeout-now"),
      4 * electionTimeoutTicks,
    );
    expect(
      c.node(target).log.lastIndex(),
      `§3.10: TimeoutNow goes to a target whose log is up to date (${hint})`,
    ).toBe(c.node(leader).log.lastIndex());
    c.cluster.runUntil(`node ${target} leads (§3.10)`, () => c.leader() === target, 50);
    expect(
      c.node(target).log.entryAt(c.node(target).log.lastIndex() - 1)?.command,
      `§5.4: the new leader holds the last write (${hint})`,
    ).toEqual(["SET", "k4", "4"]);
  });

  test("during a transfer proposals are rejected; an abandoned transfer takes them again", () => {
    const c = productionCluster({ seed, size: 5, electionTimeoutTicks });
    const leader = c.electLeader();
    const term = c.node(leader).term;
    const target = c.ids.find((id) => id !== leader) as number;
    c.cluster.network.isolate(target);
    c.transfer(leader, target);
    c.propose(leader, "during", ["SET", "x", "1"]);
    expect(
      c.results.get("during")?.[0]?.type,
      `§3.10: a leader handing over leadership takes no proposals (${hint})`,
    ).toBe("rejected");
    c.cluster.run(electionTimeoutTicks + 1);
    expect(
      [c.leader(), c.node(leader).term, c.node(leader).transferTarget],
      `§3.10: the transfer to unreachable node ${target} is abandoned after T ticks; the leader stays (${hint})`,
    ).toEqual([leader, term, undefined]);
    c.propose(leader, "after", ["SET", "x", "2"]);
    c.cluster.runUntil("the proposal after the abandoned transfer commits", () =>
      c.results.has("after"),
    );
    expect(c.results.get("after")?.[0]?.type, `§3.10 (${hint})`).toBe("applied");
  });
});
