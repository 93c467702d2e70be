// Figure 2's rules for terms, checked on one step from the node just before it and just after.
// The bugs they name break no safety property by themselves, so 07's checkers never see them: a
// candidate that ignores a higher term only slows elections down; a leader that counts an old
// term's acknowledgement is usually told something still true. And the moment that shows the
// second one is narrow, so the network sends a new leader some old responses again.
import { seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  checkHigherTermAdopted,
  checkStaleResponseIgnored,
  logOf,
  type ObservedNode,
  remembersPerLink,
  StaleReplays,
  stepBefore,
} from "#stage";

/** A node with an empty log; a leader's matchIndex per peer from `matchIndexes`. */
function node(
  id: number,
  role: string,
  term: number,
  matchIndexes: Record<number, number> = {},
): ObservedNode {
  return {
    id,
    role,
    term,
    log: logOf([]),
    progressOf: (peer) => ({ matchIndex: matchIndexes[peer] ?? 0 }),
  };
}

function appendResponse(from: number, to: number, term: number, matchIndex: number) {
  return {
    type: "append-entries-response" as const,
    from,
    to,
    term,
    success: true,
    prevIndex: matchIndex,
    matchIndex,
  };
}

function voteResponse(from: number, to: number, term: number) {
  return { type: "request-vote-response" as const, from, to, term, granted: false };
}

const asInput = <M>(message: M) => ({ type: "message" as const, message });

describe("higher-term-adopted: Figure 2, All Servers", () => {
  test("a candidate still in its old term after a RequestVote response of a higher term is reported", () => {
    const message = voteResponse(2, 1, 5);
    const before = stepBefore(node(1, "candidate", 3), asInput(message));
    const wrong = checkHigherTermAdopted(before, message, node(1, "candidate", 3));
    expect(wrong, "the report names the rule").toMatch(/Figure 2, All Servers/);
    expect(wrong, "the report shows expected and actual").toMatch(
      /expected follower of term 5, got candidate of term 3/,
    );
  });

  test("a leader that takes the higher term but stays leader is reported", () => {
    const message = appendResponse(2, 1, 7, 0);
    const before = stepBefore(node(1, "leader", 4), asInput(message));
    expect(
      checkHigherTermAdopted(before, message, node(1, "leader", 7)),
      "Figure 2: a higher term makes the node a follower",
    ).toMatch(/expected follower of term 7, got leader of term 7/);
  });

  test("a follower of the message's term passes; a message of its own or a lower term is not judged", () => {
    const higher = voteResponse(2, 1, 5);
    const before = stepBefore(node(1, "candidate", 3), asInput(higher));
    expect(checkHigherTermAdopted(before, higher, node(1, "follower", 5))).toBe(undefined);
    const same = voteResponse(2, 1, 3);
    expect(
      checkHigherTermAdopted(before, same, node(1, "leader", 3)),
      "a candidate that wins with a vote of its own term stays in that term",
    ).toBe(undefined);
  });
});

describe("stale-response-ignored: §5.1", () => {
  test("a leader whose matchIndex moves on an AppendEntries response of an older term is reported", () => {
    const message = appendResponse(2, 1, 3, 2);
    const before = stepBefore(node(1, "leader", 4, { 2: 0 }), asInput(message));
    const wrong = checkStaleResponseIgnored(before, message, node(1, "leader", 4, { 2: 2 }));
    expect(wrong, "the report names the rule").toMatch(/§5\.1/);
    expect(wrong, "the report shows expected and actual").toMatch(/to stay 0, got 2/);
  });

  test("a response of the leader's own term may move it; an older one that leaves it passes", () => {
    const current = appendResponse(2, 1, 4, 2);
    const beforeCurrent = stepBefore(node(1, "leader", 4, { 2: 0 }), asInput(current));
    expect(checkStaleResponseIgnored(beforeCurrent, current, node(1, "leader", 4, { 2: 2 }))).toBe(
      undefined,
    );
    const stale = appendResponse(2, 1, 3, 2);
    const beforeStale = stepBefore(node(1, "leader", 4, { 2: 1 }), asInput(stale));
    expect(checkStaleResponseIgnored(beforeStale, stale, node(1, "leader", 4, { 2: 1 }))).toBe(
      undefined,
    );
  });

  test("stepBefore reads the sender's matchIndex only for a leader stepping an AppendEntries response", () => {
    const response = appendResponse(2, 1, 3, 2);
    expect(stepBefore(node(1, "leader", 4, { 2: 6 }), asInput(response))).toEqual({
      role: "leader",
      term: 4,
      senderMatchIndex: 6,
    });
    expect(stepBefore(node(1, "follower", 4), asInput(response)).senderMatchIndex).toBe(undefined);
    expect(stepBefore(node(1, "leader", 4), { type: "tick" }).senderMatchIndex).toBe(undefined);
    expect(stepBefore(node(1, "leader", 4), asInput(voteResponse(2, 1, 3)))).toEqual({
      role: "leader",
      term: 4,
      senderMatchIndex: undefined,
    });
  });
});

describe("stale replays: a new leader gets old responses again", () => {
  /** 20 AppendEntries responses 2→1, 5 RequestVote responses 3→1, a request 2→1, a response 1→2. */
  function fed(seed: number): StaleReplays {
    const replays = new StaleReplays(seededRandom(seed));
    for (let m = 1; m <= 20; m++) replays.delivered(appendResponse(2, 1, 1, m));
    for (let term = 1; term <= 5; term++) replays.delivered(voteResponse(3, 1, term));
    replays.delivered({
      type: "append-entries",
      from: 2,
      to: 1,
      term: 2,
      prevIndex: 0,
      prevTerm: 0,
      entries: [],
      leaderCommit: 0,
    });
    replays.delivered(appendResponse(1, 2, 2, 1));
    return replays;
  }

  test.each(testSeeds(3))(
    "seed %i: only the last responses on links to the new leader, soon after its win, about half of them",
    (seed) => {
      const replays = fed(seed);
      const remembered = remembersPerLink + 5;
      const nowUs = 1_000_000;
      const maxDelayUs = 100_000;
      let replayed = 0;
      const rounds = 50;
      for (let round = 0; round < rounds; round++) {
        for (const { atUs, message } of replays.replaysTo(1, nowUs, maxDelayUs)) {
          replayed++;
          expect(message.to, "replayed to the new leader only").toBe(1);
          expect(message.type, "responses only").toMatch(/-response$/);
          if (message.type === "append-entries-response")
            expect(
              message.matchIndex,
              `only the last ${remembersPerLink} on a link are remembered`,
            ).toBeGreaterThan(20 - remembersPerLink);
          expect(atUs, "after the win, within the bound").toBeGreaterThan(nowUs);
          expect(atUs).toBeLessThanOrEqual(nowUs + maxDelayUs);
        }
      }
      const share = replayed / (rounds * remembered);
      expect(
        share,
        `each remembered response comes back with probability ½ (seed ${seed})`,
      ).toBeGreaterThan(0.3);
      expect(share).toBeLessThan(0.7);
      expect(replays.replaysTo(4, nowUs, maxDelayUs), "nothing was delivered to node 4").toEqual(
        [],
      );
    },
  );

  test("the same seed replays the same", () => {
    const [seed] = testSeeds(1) as [number];
    expect(fed(seed).replaysTo(1, 500, 100_000)).toEqual(fed(seed).replaysTo(1, 500, 100_000));
  });
});
