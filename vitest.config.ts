// One vitest project per (track, stage): the tests live once, in exercises/NN/test, and `#stage`
// points them at the learner's code, the reference, or the pristine starter generated from it.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { applyPatch } from "diff";
import type { Plugin } from "vite";
import { defineConfig } from "vitest/config";

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

const toolProjects = ["course", "testkit"]
  .filter((name) => existsSync(join(repoRoot, "packages", name, "test")))
  .map((name) => ({
    // testkit's driver-contract suite loads broken driver variants with ?mutant=drivers/<name>.
    plugins: [mutantPatches()],
    test: { name, root: join(repoRoot, "packages", name), include: ["test/**/*.test.ts"] },
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
 * Buggy variants of the reference node for stage 07 without editing solutions/ in place:
 * importing `<file>?mutant=<name>` loads that file with `solutions/07-testing/mutants/<name>.patch`
 * applied in memory (tests point the real module at it with vi.doMock).
 */
function mutantPatches(): Plugin {
  const mutantsDir = join(repoRoot, "solutions", "07-testing", "mutants");
  return {
    name: "rafting-mutants",
    enforce: "pre",
    load(id) {
      const [path, query] = id.split("?", 2);
      const name = new URLSearchParams(query ?? "").get("mutant") ?? wholeRunMutant(path);
      if (!path || !name) return null;
      // A name may sit in one subfolder of mutants/ (unit-only/<name>: see its README).
      if (!/^([a-z0-9-]+\/)?[a-z0-9-]+$/.test(name)) throw new Error(`bad mutant name '${name}'`);
      const patched = applyPatch(
        readFileSync(path, "utf8"),
        readFileSync(join(mutantsDir, `${name}.patch`), "utf8"),
      );
      if (patched === false) throw new Error(`mutant ${name} does not apply to ${path}`);
      return patched;
    },
  };
}

/**
 * RAFTING_MUTANT=<name>: the mutant's file is patched for the whole run, so a maintainer can check
 * that a stage's own suite kills it (`RAFTING_MUTANT=vote-counted-twice pnpm vitest run --project
 * solution:06-election` must fail). Unset: nothing changes.
 */
function wholeRunMutant(path: string | undefined): string | undefined {
  const { RAFTING_MUTANT: name } = process.env;
  if (!path || !name) return undefined;
  const patch = readFileSync(
    join(repoRoot, "solutions", "07-testing", "mutants", `${name}.patch`),
    "utf8",
  );
  const target = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1];
  return target !== undefined && join(repoRoot, target) === path ? name : undefined;
}

export default defineConfig({
  plugins: [mutantPatches()],
  test: { projects: [...stageProjects(), ...toolProjects, systemToolsProject] },
});
