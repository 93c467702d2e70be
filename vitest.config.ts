// One vitest project per (track, stage): the tests live once, in exercises/NN/test, and `#stage`
// points them at the learner's code, the reference, or the pristine starter generated from it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";
// By path, not by package name: vite bundles a config's relative imports but leaves packages to
// node, which cannot load .ts on its own.
import { mutantPlugin } from "./packages/mutants/src/vitest-plugin.ts";

const repoRoot = import.meta.dirname;
const stageDirPattern = /^\d\d-[a-z0-9-]+$/;
const workerSetup = join(repoRoot, "packages", "course", "src", "watchdog", "worker-setup.ts");

/** Where `#stage` points for each track; the starter track sits on top of the reference. */
const trackEntry = {
  exercise: (stage: string) => join(repoRoot, "exercises", stage, "src", "index.ts"),
  solution: (stage: string) => join(repoRoot, "solutions", stage, "src", "index.ts"),
  starter: (stage: string) => join(repoRoot, "solutions", stage, ".starter", "src", "index.ts"),
};

function stageNames(): string[] {
  return readdirSync(join(repoRoot, "exercises"))
    .filter((name) => stageDirPattern.test(name))
    .filter((name) => existsSync(join(repoRoot, "exercises", name, "test")))
    .sort();
}

function stageProjects() {
  return stageNames().flatMap((stage) =>
    Object.entries(trackEntry).map(([track, entry]) => ({
      plugins: [mutantPatches()],
      resolve: { alias: [{ find: /^#stage$/, replacement: entry(stage) }] },
      test: {
        name: `${track}:${stage}`,
        root: join(repoRoot, "exercises", stage),
        include: ["test/**/*.test.ts"],
        // Lets the course CLI's watchdog stop a worker that a learner's infinite loop blocks.
        setupFiles: [workerSetup],
      },
    })),
  );
}

const toolProjects = ["course", "testkit", "mutants"]
  .filter((name) => existsSync(join(repoRoot, "packages", name, "test")))
  .map((name) => ({
    // testkit's driver-contract suite loads broken driver variants with ?mutant=drivers/<name>.
    plugins: [mutantPatches()],
    test: {
      name,
      root: join(repoRoot, "packages", name),
      include: ["test/**/*.test.ts"],
      // The course's own tests run no learner code in their workers (a learner's run is a child
      // process they start), so they need no worker the watchdog can stop: threads cost less.
      pool: "threads" as const,
    },
  }));

/** The reference system's tools (pnpm cluster, pnpm console): real processes, run by test:stress. */
const systemToolsProject = {
  test: {
    name: "tools",
    root: join(repoRoot, "solutions", "09-system"),
    include: ["tools/test/**/*.test.ts"],
  },
};

/**
 * Buggy variants of the reference for the course's checks, without editing solutions/ in place:
 * importing `<file>?mutant=<name>` loads that file with `solutions/07-testing/mutants/<name>.patch`
 * applied in memory (tests point the real module at it with vi.doMock). RAFTING_MUTANT=<name>
 * patches the mutant's file for the whole run, so a maintainer can check that a stage's own suite
 * kills it (`RAFTING_MUTANT=vote-counted-twice pnpm vitest run --project solution:06-election`
 * must fail). The loader is @rafting/mutants, shared with the node hooks of 08's command line.
 */
function mutantPatches() {
  return mutantPlugin();
}

export default defineConfig({
  plugins: [mutantPatches()],
  test: { projects: [...stageProjects(), ...toolProjects, systemToolsProject] },
});
