// One vitest project per election mutant of issue 9: stage 06's single-node tests (votes.test.ts,
// deterministic: no seeds, no cluster) against the reference with that one patch applied in
// memory. election-check.ts runs them and requires each project to have a failing test.
import { readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyPatch } from "diff";
import { defineConfig } from "vitest/config";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..", "..");
const mutantsDir = resolve(import.meta.dirname, "..");

/** The four learner bugs of issue 9, as paths under mutants/ without ".patch". */
export const electionMutants = [
  "vote-counted-twice",
  "votes-kept-across-elections",
  "quorum-wrong-for-even-sizes",
  "unit-only/vote-response-term-ignored",
];

/** Serves the file the patch names (its `+++ b/<path>` line) with the patch applied. */
function patched(mutant: string) {
  const patch = readFileSync(join(mutantsDir, `${mutant}.patch`), "utf8");
  const target = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1];
  if (target === undefined) throw new Error(`mutant ${mutant}: no '+++ b/<path>' line`);
  const targetPath = join(repoRoot, target);
  return {
    name: `rafting-election-mutant-${mutant}`,
    enforce: "pre" as const,
    load(id: string) {
      if (id.split("?", 1)[0] !== targetPath) return null;
      const text = applyPatch(readFileSync(targetPath, "utf8"), patch);
      if (text === false) throw new Error(`mutant ${mutant} does not apply to ${target}`);
      return text;
    },
  };
}

export default defineConfig({
  test: {
    projects: electionMutants.map((mutant) => ({
      plugins: [patched(mutant)],
      resolve: {
        alias: [
          {
            find: /^#stage$/,
            replacement: join(repoRoot, "solutions", "06-election", "src", "index.ts"),
          },
        ],
      },
      test: {
        name: `election-mutant:${mutant}`,
        root: join(repoRoot, "exercises", "06-election"),
        include: ["test/votes.test.ts"],
      },
    })),
  },
});
