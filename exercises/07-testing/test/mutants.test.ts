// The harness, checkers and scenarios must catch real bugs: each file in
// solutions/07-testing/mutants is one classic Raft bug, a small patch of one reference file.
// The test loads the reference node (stage 06) with that patch applied in memory and runs every
// scenario on it: some checker must name a broken invariant. A node that merely throws does not
// count: in production a bug rarely announces itself, the checkers must see its effect.
import { readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test, vi } from "vitest";
import { type NodeFactory, type RunScenariosReport, runScenarios } from "#stage";

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
const mutantsDir = join(repoRoot, "solutions", "07-testing", "mutants");
const mutants = readdirSync(mutantsDir)
  .filter((file) => file.endsWith(".patch"))
  .map((file) => file.slice(0, -".patch".length))
  .sort();
const seeds = testSeeds(8);

/** The reference file a mutant patches, from its `+++ b/<path>` line. */
function targetOf(mutant: string): string {
  const patch = readFileSync(join(mutantsDir, `${mutant}.patch`), "utf8");
  const path = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1];
  if (path === undefined) throw new Error(`mutant ${mutant}: no '+++ b/<path>' line in its patch`);
  return join(repoRoot, path);
}

/** The reference createRaftNode, with `mutant` applied to its one file (none: unpatched). */
async function referenceNode(mutant?: string): Promise<NodeFactory> {
  vi.resetModules();
  if (mutant !== undefined) {
    const target = targetOf(mutant);
    vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  }
  try {
    const reference = await import("@solutions/06-election");
    return reference.createRaftNode;
  } finally {
    if (mutant !== undefined) vi.doUnmock(targetOf(mutant));
  }
}

function describeFailures(report: RunScenariosReport): string {
  const shown = report.failures
    .slice(0, 3)
    .map((f) => `${f.scenario} seed ${f.seed}: node ${f.node} threw "${f.message}"`);
  return shown.length === 0 ? "no node threw either" : `nodes only threw: ${shown.join("; ")}`;
}

describe("mutants", () => {
  test("there are at least 8 mutants to catch", () => {
    expect(mutants.length, "solutions/07-testing/mutants holds the bugs").toBeGreaterThanOrEqual(8);
    // A test that checks only the file list would pass on the starter; this one runs a scenario.
    const report = runScenarios({ seeds: [1], stopAtFirstViolation: true });
    expect(report.scenariosRun, "runScenarios ran the scenarios").toBeGreaterThan(0);
  });

  test(`the unpatched reference node breaks no invariant (seeds ${seeds.join(", ")})`, async () => {
    const createNode = await referenceNode();
    const report = runScenarios({ createNode, seeds });
    const first = report.violations[0];
    expect(
      first,
      `a correct node must not be reported (§5.2, §5.3, §5.4, §5.4.3): ${first?.invariant} in ${first?.scenario} seed ${first?.seed}: ${first?.detail}`,
    ).toBeUndefined();
    expect(report.failures, "the reference node never throws").toEqual([]);
    expect(report.scenariosRun, "every scenario ran for every seed").toBeGreaterThanOrEqual(
      seeds.length * 3,
    );
  });

  test.each(mutants)("mutant %s is caught by a named invariant", async (mutant) => {
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
  });
});
