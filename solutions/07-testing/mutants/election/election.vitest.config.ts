// One vitest project per election mutant of issue 9: stage 06's single-node tests (votes.test.ts,
// deterministic: no seeds, no cluster) against the reference with that one patch applied in
// memory. election-check.ts runs them and requires each project to have a failing test.
import { join, resolve } from "node:path";
import { mutantPlugin } from "@rafting/mutants/vitest-plugin";
import { defineConfig } from "vitest/config";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..", "..");

/** The four learner bugs of issue 9, as paths under mutants/ without ".patch". */
export const electionMutants = [
  "vote-counted-twice",
  "votes-kept-across-elections",
  "quorum-wrong-for-even-sizes",
  "vote-response-term-ignored",
];

export default defineConfig({
  test: {
    projects: electionMutants.map((mutant) => ({
      plugins: [mutantPlugin(mutant)],
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
