// One vitest project per (track, stage): the tests live once, in exercises/NN/test, and `#stage`
// points them at the learner's code, the reference, or the pristine starter generated from it.
import { existsSync, readdirSync } from "node:fs";
import { join } from "node:path";
import { defineConfig } from "vitest/config";

const repoRoot = import.meta.dirname;
const stageDirPattern = /^\d\d-[a-z0-9-]+$/;

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
      resolve: { alias: [{ find: /^#stage$/, replacement: entry(stage) }] },
      test: {
        name: `${track}:${stage}`,
        root: join(repoRoot, "exercises", stage),
        include: ["test/**/*.test.ts"],
      },
    })),
  );
}

const toolProjects = ["course", "testkit"]
  .filter((name) => existsSync(join(repoRoot, "packages", name, "test")))
  .map((name) => ({
    test: { name, root: join(repoRoot, "packages", name), include: ["test/**/*.test.ts"] },
  }));

export default defineConfig({
  test: { projects: [...stageProjects(), ...toolProjects] },
});
