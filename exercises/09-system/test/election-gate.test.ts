// The driver's election gate, as a pure rule: which ticks reach the 06 node. No loop, no time.
import { describe, expect, test } from "vitest";
import { ElectionGate, type ElectionTimerView } from "#stage";

/** A node whose next tick would start an election (or not), as 06's node says. */
function follower(expiresOnNextTick: boolean): ElectionTimerView {
  return { electionDueOnNextTick: expiresOnNextTick };
}

describe("election gate", () => {
  test("a fresh node holds its first election until a link is up and holdTicks more ticks passed", () => {
    let linkUp = false;
    const gate = new ElectionGate({ holdTicks: 3, linkUp: () => linkUp });
    expect(
      gate.admits(follower(false), false),
      "a tick that does not expire the election timer always goes to the node",
    ).toBe(true);
    for (let i = 0; i < 10; i++) {
      expect(
        gate.admits(follower(true), false),
        "no election before any peer link is up: no heartbeat could have reached us",
      ).toBe(false);
    }
    linkUp = true;
    const held = [1, 2, 3].map(() => gate.admits(follower(true), false));
    expect(held, "held for holdTicks ticks after the first link came up").toEqual([
      false,
      false,
      false,
    ]);
    expect(gate.admits(follower(true), false), "then the election timer decides again").toBe(true);
    linkUp = false;
    expect(gate.admits(follower(true), false), "the hold is for start-up only").toBe(true);
  });

  test("a late tick that would start an election is withheld once; the next one decides", () => {
    const gate = new ElectionGate({ holdTicks: 0, linkUp: () => false });
    expect(
      gate.admits(follower(true), true),
      "after a stall, the input that arrived meanwhile is stepped before the timer may expire",
    ).toBe(false);
    expect(
      gate.admits(follower(true), true),
      "only once in a row: a node that is always slow must still elect (liveness)",
    ).toBe(true);
    expect(gate.admits(follower(true), false), "on-time ticks are never withheld").toBe(true);
    expect(
      gate.admits(follower(false), true),
      "a late tick that expires nothing goes through",
    ).toBe(true);
    expect(gate.admits(follower(true), true), "a new stall withholds once again").toBe(false);
  });

  test("a tick that starts no election always goes through (a leader's drive heartbeats); bad holdTicks is refused", () => {
    const gate = new ElectionGate({ holdTicks: 5, linkUp: () => false });
    const leader: ElectionTimerView = { electionDueOnNextTick: false };
    expect(gate.admits(leader, true), "leaders have no election timer to expire").toBe(true);
    expect(
      () => new ElectionGate({ holdTicks: -1, linkUp: () => true }),
      "holdTicks must be an integer ≥ 0",
    ).toThrow(/holdTicks/);
  });
});
