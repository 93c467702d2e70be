// Shrinking: a failure among a hundred fault episodes is hard to read. The runner replays shorter
// prefixes of the schedule and prints the command that replays the shortest one that still fails;
// that command must reproduce exactly that failure, or the shrunk story is not the real one.
import { describe, expect, test } from "vitest";
import { type NodeFactory, parseArgs, runCli, runSimulation, shrinkFaults } from "#stage";
import { mutantNode } from "./mutant-node.ts";

/** A Figure 8 loss: commit-previous-term under the one fault distribution (see the README). */
const mutant = "commit-previous-term";
const seed = 3;
const simSeconds = 10;

async function cli(argv: string[], createNode: NodeFactory): Promise<string[]> {
  const out: string[] = [];
  await runCli(
    argv,
    { out: (line) => out.push(line), err: (line) => out.push(line), isTTY: false },
    createNode,
  );
  return out;
}

describe("shrinking", () => {
  test("the shrunk schedule is shorter and still fails", async () => {
    const createNode = await mutantNode(mutant);
    const options = { seed, simSeconds, createNode };
    const failing = runSimulation(options);
    expect(failing.violations.length, `seed ${seed} with ${mutant} fails`).toBeGreaterThan(0);
    const shrunk = shrinkFaults(options, failing);
    expect(shrunk.faults, "shrinking keeps fewer fault episodes").toBeLessThan(
      failing.faultsScheduled,
    );
    expect(shrunk.result.violations.length, "the shrunk run still fails").toBeGreaterThan(0);
    const again = runSimulation({ ...options, maxFaults: shrunk.faults });
    expect(again.violations, "the same prefix replays the same failure (determinism)").toEqual(
      shrunk.result.violations,
    );
  });

  test("the printed replay command reproduces the shrunk failure", async () => {
    const createNode = await mutantNode(mutant);
    const sweep = ["--seeds", "1", "--first-seed", `${seed}`, "--sim-seconds", `${simSeconds}`];
    const out = await cli([...sweep, "--mutant", mutant], createNode);
    const shrunkLine = out.find((line) => line.startsWith("shrunk: "));
    const replayLine = out.find((line) => line.startsWith("replay: "));
    expect(shrunkLine, "a failing sweep prints the shrunk run").toBeDefined();
    expect(replayLine, "and the command that replays it").toBeDefined();
    const argv = replayLine!.split(" -- ")[1]!.split(" ");
    const replay = parseArgs(argv);
    expect(replay, "the replay names the seed, the prefix and the mutant").toMatchObject({
      mode: "replay",
      seed,
      mutant,
    });
    expect(replay.faults, "the replay keeps only the shrunk prefix").toBeDefined();
    const replayed = await cli(argv, createNode);
    const shrunk = shrunkLine!.slice(shrunkLine!.indexOf("): ") + 3);
    expect(replayed, "replaying prints the shrunk run's failure, word for word").toContain(shrunk);
    expect(replayed.at(-1), "and fails").toBe("sim: 0 passed, 1 failed");
    expect(shrunk, "the shrunk failure is a violation, not a pass").toMatch(/violated/);
  });
});
