// The cluster file's "production.lease" (§6.4.1): leases switched on from the file, and refused,
// with one line, where they cannot be safe or can never hold.
import { describe, expect, test } from "vitest";
import { leaseMarginTicks, parseProductionConfig } from "#stage";

const nodes = [
  { id: 1, client: "127.0.0.1:7001", peer: "127.0.0.1:7101" },
  { id: 2, client: "127.0.0.1:7002", peer: "127.0.0.1:7102" },
  { id: 3, client: "127.0.0.1:7003", peer: "127.0.0.1:7103" },
];
/** 20 ms ticks, elections after 25 ticks (500 ms): 09's defaults, written out. */
const timing = { tickMs: 20, electionTicks: 25 };

function parse(production: unknown) {
  return parseProductionConfig({ secret: "s", nodes, ...timing, production }, "/etc/raft");
}

function problem(production: unknown): string {
  try {
    parse(production);
  } catch (cause) {
    const message = (cause as Error).message;
    expect(message.includes("\n"), "one line names the problem").toBe(false);
    return message;
  }
  throw new Error("expected the configuration to be refused, it was accepted");
}

describe("production.lease in the cluster file (§6.4.1)", () => {
  test("a lease with a margin: on, the margin in ticks rounded up (the safe side)", () => {
    const { config, features } = parse({ lease: { driftMarginMs: 50 } });
    expect(features.lease, "§6.4.1: leases on, with the file's margin").toEqual({
      driftMarginMs: 50,
    });
    expect(leaseMarginTicks(features, config), "50 ms of 20 ms ticks: 3 ticks, not 2").toBe(3);
    expect(parse({}).features.lease, "leases are off unless the file asks").toBeUndefined();
  });

  test("a lease needs Pre-Vote's promise and ReadIndex reads", () => {
    expect(
      problem({ lease: { driftMarginMs: 50 }, preVote: false }),
      "§6.4.1: without Pre-Vote a follower that heard from the leader may still vote, so a lease is unsafe",
    ).toMatch(/production\.lease needs production\.preVote/);
    expect(
      problem({ lease: { driftMarginMs: 50 }, readIndex: false }),
      "a lease serves reads that would otherwise be ReadIndex reads",
    ).toMatch(/production\.lease needs production\.readIndex/);
  });

  test("a margin as long as the election timeout leaves no lease, and is refused", () => {
    expect(
      parse({ lease: { driftMarginMs: 480 } }).features.lease,
      "24 ticks of 25: a short lease",
    ).toEqual({
      driftMarginMs: 480,
    });
    expect(
      problem({ lease: { driftMarginMs: 500 } }),
      "§6.4.1: the lease lasts the election timeout less the margin; none is left",
    ).toMatch(/driftMarginMs must be under the election timeout \(500 ms\)/);
  });

  test("a malformed lease is named", () => {
    parse({ lease: { driftMarginMs: 0 } }); // a margin of 0 is allowed (and trusts the clocks)
    expect(problem({ lease: { driftMarginMs: -1 } })).toMatch(/production\.lease must be/);
    expect(problem({ lease: 50 })).toMatch(/production\.lease must be/);
    expect(problem({ lease: { driftMarginMs: 1.5 } })).toMatch(/production\.lease must be/);
    expect(problem({ lease: { driftMarginMs: 10, ms: 1 } })).toMatch(
      /unknown key 'production\.lease\.ms'/,
    );
  });
});
