// A failing 07 test writes its run as a trace (exercises/07-testing/test/run-trace.ts): the viewer
// must read it and show what the run did. Checked on the reference harness: a clean run's trace
// ends with every node's role, term, log and commit index as the nodes themselves ended, and a
// run that breaks election safety ends at that violation, with its two leaders on the cards.
import { readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { claimsBetweenSteps } from "../../../exercises/07-testing/test/fake-nodes.ts";
import {
  type TracedStage,
  writeScenarioTrace,
} from "../../../exercises/07-testing/test/run-trace.ts";
import {
  ClusterHarness,
  createRaftNode,
  type HarnessNode,
  type NodeFactory,
  runScenario,
  type Scenario,
  scenarios,
} from "../../../solutions/07-testing/src/index.ts";
import { Timeline } from "../src/model/timeline.ts";
import { repoRoot } from "../src/paths.ts";
import { parseTrace } from "../src/trace/parse.ts";

const stage: TracedStage<Scenario> = { ClusterHarness, runScenario, createRaftNode };

/** The node factory, keeping the last node made per id: how each node ended. */
function keepingNodes(create: NodeFactory): {
  factory: NodeFactory;
  nodes: Map<number, HarnessNode>;
} {
  const nodes = new Map<number, HarnessNode>();
  const factory: NodeFactory = (config, storage, random) => {
    const node = create(config, storage, random);
    nodes.set(node.id, node);
    return node;
  };
  return { factory, nodes };
}

function replay(file: string) {
  const parsed = parseTrace(readFileSync(join(repoRoot, file), "utf8"));
  const timeline = new Timeline(parsed.header, parsed.events);
  return { parsed, end: timeline.stateAt(timeline.length - 1) };
}

describe("a 07 scenario run as a trace", () => {
  test("the cards at the end of a reference run show what the nodes ended with", () => {
    const scenario = scenarios.find((s) => s.name === "random-faults") ?? scenarios[0]!;
    const seed = 3;
    const { file, hint } = writeScenarioTrace(stage, scenario, seed, undefined, "test");
    expect(hint, "the failure message's line").toBe(`watch it: pnpm viewer ${file}`);
    expect(file, "a git-ignored place").toMatch(/^\.course\/traces\/07-/);
    const { parsed, end } = replay(file);
    const { factory, nodes } = keepingNodes(createRaftNode);
    runScenario(scenario, seed, factory);
    for (const [id, node] of nodes) {
      const card = end.nodes.get(id);
      const log = Array.from(
        { length: node.log.lastIndex() },
        (_, i) => node.log.entryAt(i + 1)!.term,
      );
      expect(
        { role: card?.role, term: card?.term, commit: card?.commit, log: card?.terms },
        `node ${id} at the end of ${scenario.name} seed ${seed} (${file})`,
      ).toEqual({ role: node.role, term: node.term, commit: node.commitIndex, log });
    }
    const kinds = new Set(parsed.events.map((event) => event.kind));
    expect([...kinds].sort(), "what the trace holds").toEqual(
      expect.arrayContaining([
        "client",
        "commit",
        "deliver",
        "fault",
        "log",
        "role",
        "send",
        "vote",
      ]),
    );
    expect(end.violation, "a clean run").toBeUndefined();
    rmSync(join(repoRoot, file));
  });

  test("a run that breaks election safety ends at the violation, two leaders of one term on the cards", () => {
    // Every node claims to lead right after it handles a message: two leaders of one term (§5.2).
    const claims = claimsBetweenSteps(createRaftNode);
    const { file } = writeScenarioTrace(stage, scenarios[0]!, 4, claims, "claims");
    const { parsed, end } = replay(file);
    expect(parsed.events.at(-1)?.kind, "the last event").toBe("violation");
    expect(end.violation?.invariant, "the banner").toBe("election-safety");
    const leaders = [...end.nodes.values()].filter((node) => node.role === "leader");
    expect(leaders.length, "leaders on the cards at the violation").toBeGreaterThanOrEqual(2);
    expect(new Set(leaders.map((node) => node.term)).size, "of one term").toBeLessThan(
      leaders.length,
    );
    rmSync(join(repoRoot, file));
  });
});
