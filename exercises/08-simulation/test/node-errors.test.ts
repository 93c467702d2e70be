// A node that throws is a finding, not the end of the sweep: whether it throws in a step or while
// starting from its disk after a crash, that seed fails with a named violation and the command
// that replays it, and the sweep goes on to the next seed and prints its summary.
import { describe, expect, test } from "vitest";
import { createRaftNode, type NodeFactory, runCli, runSimulation, Simulation } from "#stage";

/** The reference node, except that it cannot start from a disk that holds entries. */
const failsOnRestart: NodeFactory = (config, storage, random) => {
  if (storage.load().entries.length > 0)
    throw new Error(`node ${config.id}: cannot read the log back`);
  return createRaftNode(config, storage, random);
};

describe("a node that throws", () => {
  test("while restarting: the run ends with a node-assertion naming the node", () => {
    const sim = new Simulation({
      seed: 3,
      simSeconds: 10,
      maxFaults: 0,
      createNode: failsOnRestart,
    });
    const written = sim.runUntil(() => sim.host(2).storage.load().entries.length > 0, 5_000_000);
    expect(written, "node 2 has entries on its disk").toBe(true);
    sim.crash(2);
    expect(() => sim.restart(2), "the simulator catches it").not.toThrow();
    const result = sim.run();
    const first = result.violations[0];
    expect(first?.invariant, "a node that throws fails the seed").toBe("node-assertion");
    expect(first?.detail, "the violation names the node and its error").toMatch(
      /node 2 threw while starting.*cannot read the log back/,
    );
  });

  test("anywhere else (a getter the checkers read): uncaught-error, and nothing escapes the run", () => {
    const brokenGetter: NodeFactory = (config, storage, random) => {
      const node = createRaftNode(config, storage, random);
      return new Proxy(node, {
        get(target, key) {
          if (key === "commitIndex" && target.term >= 3) throw new Error("commitIndex broke");
          const value = Reflect.get(target, key, target);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    };
    const result = runSimulation({ seed: 1, simSeconds: 10, createNode: brokenGetter });
    const first = result.violations[0];
    expect(first?.invariant, "a throw outside a step still fails the seed, by name").toBe(
      "uncaught-error",
    );
    expect(first?.detail, "with the error's message").toMatch(/commitIndex broke/);
  });

  test("in a sweep: each such seed fails with its replay command, and the summary follows", async () => {
    const out: string[] = [];
    const code = await runCli(
      ["--seeds", "3", "--sim-seconds", "10"],
      { out: (line) => out.push(line), err: () => {}, isTTY: false },
      failsOnRestart,
    );
    expect(code, "a failed seed exits 1").toBe(1);
    const text = out.join("\n");
    expect(text, "the failure is reported as a violation").toMatch(
      /node-assertion violated at .*threw while starting/,
    );
    expect(text, "with the command that replays it").toMatch(
      /replay: pnpm course run 8.* -- --seed \d+/,
    );
    const summary = /^sim: (\d+) passed, (\d+) failed$/.exec(out.at(-1) ?? "");
    expect(summary, "the sweep ends with its summary line").not.toBeNull();
    expect(
      Number(summary?.[1]) + Number(summary?.[2]),
      "every seed ran: the sweep went on after the throw",
    ).toBe(3);
  });
});
