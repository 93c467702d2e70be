// The vitest config Stryker runs: ONE stage's suite (RAFTING_MUTATE_STAGE), with `#stage` pointing at
// that stage's reference in Stryker's sandbox, so each stage's mutants are judged by its own tests only.
import { join } from "node:path";
import { defineConfig } from "vitest/config";
import { slowTestFiles } from "./stages.mjs";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm mutate (mutation/run.ts), not a turbo task
const stage = process.env.RAFTING_MUTATE_STAGE;
if (!stage) throw new Error("RAFTING_MUTATE_STAGE is not set (run `pnpm mutate [stage]`)");

const repoRoot = join(import.meta.dirname, "..");

export default defineConfig({
  test: {
    projects: [
      {
        resolve: {
          alias: [
            {
              find: /^#stage$/,
              replacement: join(repoRoot, "solutions", stage, "src", "index.ts"),
            },
          ],
        },
        test: {
          name: `solution:${stage}`,
          root: join(repoRoot, "exercises", stage),
          include: ["test/**/*.test.ts"],
          exclude: (slowTestFiles[stage] ?? []).map((file) => `test/${file}`),
          // Instrumented code on a shared machine runs several times slower than the plain suite;
          // Stryker applies its own (tighter, measured) timeout to each mutant run.
          testTimeout: 60_000,
        },
      },
    ],
  },
});
