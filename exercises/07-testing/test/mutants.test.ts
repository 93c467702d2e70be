// The harness, checkers and scenarios must catch real bugs: each file in
// solutions/07-testing/mutants is one classic Raft bug, a small patch of one reference file. Those
// of kind "cluster" break a safety property; the "protocol" ones (a rule of Figure 2 broken, no
// safety property: no checker can name them) are left to 08's per-step checks and the unit tests.
// The test loads the reference node (stage 06) with that patch applied in memory and runs every
// scenario on it: some checker must name a broken invariant. A node that merely throws does not
// count: in production a bug rarely announces itself, the checkers must see its effect.
import { listMutants, mutantTarget, referenceNodeEntry } from "@rafting/mutants";
import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test, vi } from "vitest";
import {
  ClusterHarness,
  createRaftNode,
  type NodeFactory,
  type RunScenariosReport,
  runScenario,
  runScenarios,
  type Scenario,
  scenarios,
} from "#stage";
import { claimsBetweenSteps } from "./fake-nodes.ts";
import { traceHint, writeScenarioTrace } from "./run-trace.ts";

const mutants = listMutants("cluster");
const seeds = testSeeds(8);
/** Dozens of simulated runs, each a few ms quiet: a generous ceiling for a busy machine. */
const runsTimeoutMs = 60_000;

/**
 * The reference createRaftNode, with `mutant` applied to its one file (none: unpatched). The
 * reference is reached by its path (@rafting/mutants knows it), not as a package dependency: the
 * learner's stage 07 depends on the learner's own stages only.
 */
async function referenceNode(mutant?: string): Promise<NodeFactory> {
  vi.resetModules();
  const target = mutant === undefined ? undefined : mutantTarget(mutant);
  if (target !== undefined)
    vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  try {
    const reference = await import(/* @vite-ignore */ referenceNodeEntry());
    return reference.createRaftNode as NodeFactory;
  } finally {
    if (target !== undefined) vi.doUnmock(target);
  }
}

/** The run that failed, written as a trace for the viewer: the line that opens it. */
function traceOf(scenarioName: string, seed: number, createNode: NodeFactory): string {
  const scenario = scenarios.find((s) => s.name === scenarioName);
  if (scenario === undefined) return `(no trace: no scenario named ${scenarioName})`;
  const stage = { ClusterHarness, runScenario, createRaftNode };
  return traceHint(() => writeScenarioTrace(stage, scenario, seed, createNode));
}

function describeFailures(report: RunScenariosReport): string {
  const shown = report.failures
    .slice(0, 3)
    .map((f) => `${f.scenario} seed ${f.seed}: node ${f.node} threw "${f.message}"`);
  return shown.length === 0 ? "no node threw either" : `nodes only threw: ${shown.join("; ")}`;
}

describe("mutants", () => {
  test("runScenarios names the scenario and seed of each violation, and stops at the first when asked", () => {
    const [first, second] = scenarios as [Scenario, Scenario];
    const all = runScenarios({
      createNode: claimsBetweenSteps(createRaftNode),
      seeds: [4],
      scenarios: [first, second],
    });
    expect(all.scenariosRun, "every scenario given, with every seed given").toBe(2);
    const firstOf = (name: string) => {
      const v = all.violations.find((violation) => violation.scenario === name);
      return v && `${v.invariant} in ${v.scenario} seed ${v.seed}`;
    };
    expect(
      [firstOf(first.name), firstOf(second.name)],
      "nodes that claim to lead between two steps break election safety in every run; each violation names its scenario and seed",
    ).toEqual([
      `election-safety in ${first.name} seed 4`,
      `election-safety in ${second.name} seed 4`,
    ]);
    const stopped = runScenarios({
      createNode: claimsBetweenSteps(createRaftNode),
      seeds: [4, 5],
      stopAtFirstViolation: true,
    });
    expect(
      stopped.scenariosRun,
      "stopAtFirstViolation: the run that found a violation is the last",
    ).toBe(1);
  });

  test(
    `the unpatched reference node breaks no invariant (seeds ${seeds.join(", ")})`,
    async () => {
      const createNode = await referenceNode();
      const report = runScenarios({ createNode, seeds });
      const first = report.violations[0];
      expect(
        first,
        `a correct node must not be reported (§5.2, §5.3, §5.4, §5.4.3): ${first?.invariant} in ${first?.scenario} seed ${first?.seed}: ${first?.detail}${first ? `; ${traceOf(first.scenario, first.seed, createNode)}` : ""}`,
      ).toBeUndefined();
      expect(report.failures, "the reference node never throws").toEqual([]);
      expect(report.scenariosRun, "every scenario ran for every seed").toBe(
        seeds.length * scenarios.length,
      );
    },
    runsTimeoutMs,
  );

  test.each(mutants)(
    "mutant %s is caught by a named invariant",
    async (mutant) => {
      const createNode = await referenceNode(mutant);
      const report = runScenarios({ createNode, seeds, stopAtFirstViolation: true });
      const caught = report.violations[0];
      expect(
        caught,
        `mutant ${mutant} (see solutions/07-testing/mutants/README.md) was not caught by any checker in ${report.scenariosRun} runs; ${describeFailures(report)}`,
      ).toBeDefined();
      if (caught === undefined) return;
      expect(caught.invariant, "a violation names its invariant").toMatch(/^[a-z-]+$/);
      console.log(
        `mutant ${mutant}: caught by ${caught.invariant} in scenario ${caught.scenario}, seed ${caught.seed}, tick ${caught.tick}: ${caught.detail} (${rerunHint(caught.seed)} pnpm course test 07 -t ${mutant})`,
      );
    },
    runsTimeoutMs,
  );
});
