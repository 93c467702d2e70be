// `course verify [stage…]`: regenerate the pristine starters, run every test on the reference and
// on the starter in one vitest run, and check the teeth rule test by test (see judge.ts).
import pc from "picocolors";
import { table } from "../format.ts";
import { judgeStage, type StageVerdict, type Violation, verifyLine } from "../judge.ts";
import type { RunResults } from "../results.ts";
import type { Stage } from "../stages.ts";
import { StarterMarkerError } from "../starters.ts";
import { collectResults, projectName, testFiles } from "../vitest.ts";
import { startersCommand } from "./starters.ts";

export function verdictsFor(
  stages: Stage[],
  results: RunResults,
  allowEmpty: boolean,
): StageVerdict[] {
  return stages.map((stage) => {
    const reference = projectName("solution", stage);
    const starter = projectName("starter", stage);
    return judgeStage(
      {
        stage: stage.id,
        hasTests: testFiles(stage) !== undefined,
        allowlist: stage.meta.allowlist ?? [],
        reference: results.tests.filter((test) => test.project === reference),
        starter: results.tests.filter((test) => test.project === starter),
        loadErrors: results.loadErrors.filter(
          (e) => e.project === reference || e.project === starter,
        ),
      },
      allowEmpty,
    );
  });
}

/** The report: a table per stage, each violation on its own line, then the line CI reads. */
export function verifyReport(verdicts: StageVerdict[], extra: Violation[] = []): string[] {
  const rows = verdicts.map((v) => [
    v.stage,
    v.noTests ? "no tests" : String(v.tests),
    String(v.passingOnReference),
    String(v.failingOnStarter),
    String(v.allowlisted),
    v.violations.length > 0 ? `${v.violations.length} problem(s)` : v.noTests ? "skipped" : "ok",
  ]);
  const lines = table(
    ["stage", "tests", "passing on reference", "failing on starter", "allowlisted", "verdict"],
    rows,
    (_row, column, cell) =>
      column !== 5
        ? cell
        : cell.startsWith("ok")
          ? pc.green(cell)
          : cell.startsWith("skipped")
            ? pc.dim(cell)
            : pc.red(cell),
  );
  const violations = [...verdicts.flatMap((v) => v.violations), ...extra];
  if (violations.length > 0) lines.push("");
  for (const v of violations) lines.push(`${pc.red("✗")} ${v.stage}: ${v.test}: ${v.problem}`);
  lines.push("", verifyLine(verdicts, extra.length));
  return lines;
}

export async function verifyCommand(
  root: string,
  stages: Stage[],
  allowEmpty: boolean,
): Promise<number> {
  try {
    const code = startersCommand("pristine", stages);
    if (code !== 0) return code;
  } catch (error) {
    if (!(error instanceof StarterMarkerError)) throw error;
    console.error(`course verify: cannot generate the starter: ${error.message}`);
    console.log("verify: 0 passed, 1 failed");
    return 1;
  }
  const tested = stages.filter((stage) => testFiles(stage) !== undefined);
  const projects = tested.flatMap((stage) => [
    projectName("solution", stage),
    projectName("starter", stage),
  ]);
  let results: RunResults = { tests: [], loadErrors: [], unhandledErrors: [] };
  if (projects.length > 0) {
    console.log(pc.dim(`Running ${tested.length} stage(s) on the reference and on the starter…`));
    const outcome = await collectResults(root, projects, {}, "threads");
    if ("error" in outcome) {
      console.error(`course verify: ${outcome.error}`);
      console.log("verify: 0 passed, 1 failed");
      return 1;
    }
    results = outcome.results;
  }
  const verdicts = verdictsFor(stages, results, allowEmpty);
  const unhandled: Violation[] = results.unhandledErrors.map((message) => ({
    stage: "-",
    test: "-",
    problem: `unhandled error during the run: ${message.split("\n")[0]}`,
  }));
  console.log(verifyReport(verdicts, unhandled).join("\n"));
  const failed = unhandled.length + verdicts.reduce((n, v) => n + v.violations.length, 0);
  return failed === 0 ? 0 : 1;
}
