// StrykerJS config for ONE stage (RAFTING_MUTATE_STAGE, set by `pnpm mutate`): mutate the stage's
// reference in solutions/NN/src and judge every mutant with that stage's own suite only.
import { tmpdir } from "node:os";
import { join } from "node:path";
import { breakScores, mutatedStages, onlySources, unmutatedSources } from "./stages.mjs";

// biome-ignore lint/suspicious/noUndeclaredEnvVars: set by pnpm mutate (mutation/run.ts), not a turbo task
const stage = process.env.RAFTING_MUTATE_STAGE ?? "";
if (!mutatedStages.includes(stage)) {
  throw new Error(`RAFTING_MUTATE_STAGE must be one of ${mutatedStages.join(", ")}`);
}
const sourceDir = `solutions/${stage}/src`;

export default {
  testRunner: "vitest",
  plugins: ["@stryker-mutator/vitest-runner"],
  vitest: { configFile: "mutation/vitest.config.ts", related: false },
  mutate: onlySources[stage]?.map((file) => `${sourceDir}/${file}`) ?? [
    `${sourceDir}/**/*.ts`,
    ...(unmutatedSources[stage] ?? []).map((file) => `!${sourceDir}/${file}`),
  ],
  // The sandbox holds only this stage's two folders and the configs: the shared tree has other
  // engineers' files coming and going, and the other stages resolve through node_modules links.
  ignorePatterns: [
    "/*",
    "!/package.json",
    "!/tsconfig.base.json",
    "!/mutation",
    "!/exercises",
    "/exercises/*",
    `!/exercises/${stage}`,
    "!/solutions",
    "/solutions/*",
    `!/solutions/${stage}`,
    "**/.starter",
    "**/.course",
  ],
  coverageAnalysis: "perTest",
  // The machine is shared (2 cores): one test worker; a slow run is better than a flooded machine.
  // biome-ignore lint/suspicious/noUndeclaredEnvVars: set by whoever runs pnpm mutate (CI: 2), not a turbo task
  concurrency: Number(process.env.RAFTING_MUTATE_CONCURRENCY ?? 1),
  // Generous: a loaded machine must not turn a slow surviving mutant into a "timeout" (= killed).
  timeoutMS: 10_000,
  timeoutFactor: 3,
  // Stryker exits non-zero when the stage's score falls below its floor.
  thresholds: { high: 90, low: 70, break: breakScores[stage] ?? null },
  incremental: true,
  incrementalFile: `mutation/incremental/${stage}.json`,
  // The incremental file is the full JSON report (every mutant, its status and covering tests):
  // mutation/report.ts builds REPORT.md from it, and reruns reuse it.
  reporters: ["clear-text", "progress"],
  clearTextReporter: { allowColor: false, logTests: false, reportScoreTable: true },
  // Sandboxes outside the work tree: a copy of the repo inside it would trip `biome ci .` (a second
  // biome.json) for everyone sharing the tree.
  tempDirName: join(tmpdir(), "rafting-stryker"),
  cleanTempDir: true,
};
