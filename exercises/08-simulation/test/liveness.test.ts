// Safety is not enough: after the faults stop, the cluster must elect a leader and serve the
// clients again. A node that never starts an election is safe, and useless: liveness catches it.
import { describe, expect, test } from "vitest";
import { createRaftNode, type NodeFactory, runSimulation } from "#stage";

/** The reference node with its clock unplugged: it never times out, so nobody is ever elected. */
const neverElects: NodeFactory = (config, storage, random) => {
  const node = createRaftNode(config, storage, random);
  const step = node.step.bind(node);
  return Object.assign(node, {
    step: (input: Parameters<typeof step>[0]) =>
      input.type === "tick"
        ? step({ type: "propose", command: [], requestId: "noop" })
        : step(input),
  });
};

describe("liveness", () => {
  test("no leader after the faults stop is a liveness violation", () => {
    const result = runSimulation({ seed: 1, simSeconds: 10, createNode: neverElects });
    const invariants = result.violations.map((v) => v.invariant);
    expect(
      invariants,
      "§5.2: after the faults stop a leader must be elected within the bound",
    ).toContain("liveness");
  });

  test("the reference settles and serves clients after the faults stop", () => {
    const result = runSimulation({ seed: 1, simSeconds: 12 });
    expect(result.violations, "the reference elects a leader and answers clients").toEqual([]);
    expect(result.stats.opsOk, "clients were served").toBeGreaterThan(10);
  });
});
