// `pnpm mutate [stage ...]`: StrykerJS over the reference of each stage (default: 01, 03-06), one
// stage at a time, each judged by its own suite; then mutation/REPORT.md is rebuilt from the JSON
// reports. Incremental: only mutants in changed code (or covered by changed tests) are re-run.
import { spawnSync } from "node:child_process";
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { writeReport } from "./report.ts";
import { mutatedStages, strictStages } from "./stages.mjs";

const repoRoot = join(import.meta.dirname, "..");

/** "3", "03" and "03-log" all name stage 03-log. */
function stageNamed(arg: string): string {
  const number = arg.match(/^\d+/)?.[0];
  const found = mutatedStages.find(
    (stage) =>
      stage === arg || (number !== undefined && Number(stage.slice(0, 2)) === Number(number)),
  );
  if (!found) throw new Error(`'${arg}' is not a mutated stage (${mutatedStages.join(", ")})`);
  return found;
}

interface Located {
  mutatorName: string;
  replacement?: string;
  location: { start: { line: number; column: number } };
}

/** One mutant with its keys in a fixed order and no empty killedBy (Stryker varies both). */
function canonical(mutant: Located): Located {
  const entries = Object.entries(mutant)
    .filter(([name, value]) => !(name === "killedBy" && Array.isArray(value) && value.length === 0))
    .sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
  return Object.fromEntries(entries) as unknown as Located;
}

/** Stryker lists reused and re-run mutants in varying order: sort them so a rerun diffs clean. */
function sortIncrementalFile(path: string): void {
  const report = JSON.parse(readFileSync(path, "utf8")) as {
    files: Record<string, { mutants: Located[] }>;
  };
  const key = (m: Located) => [
    m.location.start.line,
    m.location.start.column,
    m.mutatorName,
    m.replacement ?? "",
  ];
  for (const file of Object.values(report.files)) {
    file.mutants = file.mutants.map(canonical);
    file.mutants.sort((a, b) => {
      const [ka, kb] = [key(a), key(b)];
      for (let i = 0; i < ka.length; i++) {
        if (ka[i] !== kb[i]) return ka[i]! < kb[i]! ? -1 : 1;
      }
      return 0;
    });
  }
  writeFileSync(path, JSON.stringify(report, null, 2));
}

function mutateStage(stage: string, strykerArgs: string[]): boolean {
  console.log(`\n=== pnpm mutate: ${stage} ===`);
  const startedMs = Date.now();
  const result = spawnSync(
    "pnpm",
    ["exec", "stryker", "run", "mutation/stryker.config.mjs", ...strykerArgs],
    { cwd: repoRoot, stdio: "inherit", env: { ...process.env, RAFTING_MUTATE_STAGE: stage } },
  );
  sortIncrementalFile(join(repoRoot, "mutation", "incremental", `${stage}.json`));
  // Stryker writes its JSON one value per line; biome's layout keeps `biome ci .` green.
  spawnSync("pnpm", ["exec", "biome", "format", "--write", `mutation/incremental/${stage}.json`], {
    cwd: repoRoot,
    stdio: "ignore",
  });
  const seconds = ((Date.now() - startedMs) / 1000).toFixed(0);
  console.log(`=== ${stage}: stryker exited ${result.status} after ${seconds} s ===`);
  return result.status === 0;
}

/**
 * `--ci`: survivors that survivors.md does not explain are reported but do not fail the run (code
 * changed after the list was written must not block CI); a score below its floor still fails.
 */
function main(argv: string[]): number {
  const ci = argv.includes("--ci");
  const strykerArgs = argv.filter((arg) => arg.startsWith("--") && arg !== "--ci");
  const named = argv.filter((arg) => !arg.startsWith("--"));
  const stages = named.length > 0 ? named.map(stageNamed) : [...mutatedStages];
  const failed = stages.filter((stage) => !mutateStage(stage, strykerArgs));
  const { unexplained } = writeReport();
  if (failed.length > 0) {
    console.error(`stryker failed (or a score fell below its floor) for ${failed.join(", ")}`);
  }
  if (unexplained > 0) {
    console.error(
      `${unexplained} surviving mutant(s) in ${strictStages.join(", ")} are neither killed nor ` +
        "explained in mutation/survivors.md (see 'Unexplained survivors' in mutation/REPORT.md)",
    );
  }
  // One plain closing line: stages whose mutation run succeeded and kept its score floor.
  console.log(`mutate: ${stages.length - failed.length} passed, ${failed.length} failed`);
  return failed.length > 0 || (unexplained > 0 && !ci) ? 1 : 0;
}

process.exitCode = main(process.argv.slice(2));
