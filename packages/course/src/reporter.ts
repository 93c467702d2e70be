// The vitest reporter of `course test` and `course watch` (loaded by vitest via --reporter=<this
// file>), also used quietly by `verify` and `status --refresh` to collect results. Set by the CLI:
//   COURSE_QUIET=1             print nothing (verify, refresh)
//   COURSE_RESULTS_FILE=<path> write every test's result there as JSON when the run ends
//   COURSE_RECORD_STAGE=<id>   record passed/total of that stage in .course/progress.json
//   COURSE_ROOT=<dir>          the repo root (defaults to this checkout's)
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import type { Reporter, TestCase, TestModule, TestRunEndReason, Vitest } from "vitest/node";
import { formatError, marks, type ShownError, shortPath, summaryLine } from "./format.ts";
import type { LoadError, RunResults, TestRecord, TestState } from "./results.ts";
import { tally } from "./results.ts";
import { listStages, repoRoot, type Stage } from "./stages.ts";
import { recordProgress } from "./store.ts";

const root = process.env.COURSE_ROOT ?? repoRoot;

export default class CourseReporter implements Reporter {
  private readonly quiet = process.env.COURSE_QUIET === "1";
  private readonly resultsFile = process.env.COURSE_RESULTS_FILE;
  private readonly recordStage = process.env.COURSE_RECORD_STAGE;
  private watching = false;
  /** With -t, the tests left out are "skipped": not worth a line each. */
  private filtered = false;
  /** Failures already shown in full in this run → the test file that shows them. */
  private readonly shown = new Map<string, string>();
  /** Files finished in this run, printed at its end in the order the stage suggests. */
  private finished: TestModule[] = [];

  onInit(vitest: Vitest): void {
    this.watching = vitest.config.watch;
    this.filtered = Boolean(vitest.config.testNamePattern);
  }

  onWatcherRerun(files: string[]): void {
    this.shown.clear();
    if (this.quiet) return;
    const changed = files.map((file) => shortPath(file, root)).join(", ");
    this.print("", pc.cyan(`— rerunning${changed ? ` (${changed})` : ""} —`));
  }

  onTestModuleEnd(module: TestModule): void {
    if (!this.quiet) this.finished.push(module);
  }

  /** One file: its tests, then each failure in full (unless a test name filter left it empty). */
  private printModule(module: TestModule): void {
    const tests = [...module.children.allTests()];
    const shownTests = this.filtered ? tests.filter((t) => t.result().state !== "skipped") : tests;
    if (shownTests.length === 0 && module.errors().length === 0) return;
    const file = shortPath(module.moduleId, root);
    const lines = [pc.bold(file)];
    lines.push(...shownTests.map((test) => `  ${testLine(test)}`));
    for (const error of module.errors())
      lines.push(`  ${marks.fail} ${pc.red("the test file failed to load")}`, ...indent(error));
    this.print(...lines, ...this.failureDetails(tests, file), "");
  }

  /** Each failing test with its errors; a starter's stub fails many tests alike: shown once. */
  private failureDetails(tests: TestCase[], file: string): string[] {
    const lines: string[] = [];
    const repeatsShownIn = new Map<string, number>();
    for (const test of tests) {
      const result = test.result();
      if (result.state !== "failed") continue;
      const fresh = result.errors.filter((error) => this.isFresh(error, file));
      if (fresh.length === 0 && result.errors.length > 0) {
        const where = this.shownIn(result.errors[0]) ?? file;
        repeatsShownIn.set(where, (repeatsShownIn.get(where) ?? 0) + 1);
        continue;
      }
      lines.push("", `  ${marks.fail} ${pc.bold(test.fullName)}`);
      for (const error of fresh) lines.push(...indent(error));
    }
    for (const [where, repeats] of repeatsShownIn) {
      const tests = repeats === 1 ? "1 more failing test" : `${repeats} more failing tests`;
      const place = where === file ? "above" : `under ${where}`;
      lines.push("", pc.dim(`  (${tests} with the same error, shown ${place})`));
    }
    return lines;
  }

  onTestRunEnd(
    modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<ShownError>,
    reason: TestRunEndReason,
  ): void {
    const results = collect(modules, unhandledErrors);
    if (this.resultsFile) writeFileSync(this.resultsFile, JSON.stringify(results));
    const projects = [...new Set(results.tests.map((test) => test.project))];
    const counts = projects.map((project) => tally(results, project));
    const total = {
      passed: sum(counts.map((c) => c.passed)),
      failed: sum(counts.map((c) => c.failed)),
      skipped: sum(counts.map((c) => c.skipped)),
      brokenFiles: results.loadErrors.length,
    };
    // An interrupted run (Ctrl-C, a rerun in watch mode) says nothing about the whole stage.
    if (this.recordStage && reason !== "interrupted") this.record(results, this.recordStage);
    if (this.quiet) return;
    for (const module of inSuggestedOrder(this.finished)) this.printModule(module);
    this.finished = [];
    for (const error of unhandledErrors)
      this.print(
        pc.red("Unhandled error (a timer or promise outlived its test):"),
        ...indent(error),
      );
    this.print(summaryLine(total));
    if (this.watching) this.print(pc.dim("Watching for changes; press q to quit."));
  }

  /** True the first time this error (message and place) shows up in the run. */
  private isFresh(error: ShownError, file: string): boolean {
    const signature = errorSignature(error);
    if (this.shown.has(signature)) return false;
    this.shown.set(signature, file);
    return true;
  }

  private shownIn(error: ShownError | undefined): string | undefined {
    return error ? this.shown.get(errorSignature(error)) : undefined;
  }

  private record(results: RunResults, stageId: string): void {
    const project = `exercise:${stageId}`;
    const counts = tally(results, project);
    recordProgress(root, stageId, {
      passed: counts.passed,
      total: counts.passed + counts.failed + counts.skipped,
      brokenFiles: counts.brokenFiles,
      at: new Date().toISOString(),
    });
  }

  private print(...lines: string[]): void {
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

function errorSignature(error: ShownError): string {
  const frame = error.stacks?.[0];
  return `${error.message}\n${frame?.file}:${frame?.line}`;
}

/** Vitest finishes files in whatever order its workers do; a learner reads them in this one. */
function inSuggestedOrder(modules: TestModule[]): TestModule[] {
  const stages = listStages(root, true);
  const keyed = modules.map((module) => ({
    module,
    rank: suggestedRank(stages, module.project.name, testFileName(module)),
  }));
  return keyed.sort((a, b) => compareRanks(a.rank, b.rank)).map(({ module }) => module);
}

type Rank = [stageNumber: number, position: number, file: string];

/**
 * Where a test file goes: stage by stage, then the stage's "course.testOrder" (file names
 * relative to test/, in solutions/NN/package.json), then the other files by name.
 */
export function suggestedRank(stages: Stage[], projectName: string, file: string): Rank {
  const stageId = projectName.split(":")[1] ?? "";
  const stage = stages.find((candidate) => candidate.id === stageId);
  const order = stage?.meta.testOrder ?? [];
  const position = order.indexOf(file);
  return [
    stage?.number ?? Number.MAX_SAFE_INTEGER,
    position === -1 ? order.length : position,
    file,
  ];
}

export function compareRanks([stageA, posA, fileA]: Rank, [stageB, posB, fileB]: Rank): number {
  return stageA - stageB || posA - posB || fileA.localeCompare(fileB);
}

function testLine(test: TestCase): string {
  const result = test.result();
  const ms = test.diagnostic()?.duration;
  const time = ms !== undefined && ms >= 100 ? pc.dim(` (${Math.round(ms)} ms)`) : "";
  if (result.state === "passed") return `${marks.pass} ${test.fullName}${time}`;
  if (result.state === "failed") return `${marks.fail} ${pc.red(test.fullName)}${time}`;
  return `${marks.skip} ${pc.dim(`${test.fullName} (skipped)`)}`;
}

function indent(error: ShownError): string[] {
  return formatError(error, root).map((line) => (line ? `    ${line}` : line));
}

/** Every test of the run as plain records, for the CLI to judge after vitest exits. */
export function collect(
  modules: ReadonlyArray<TestModule>,
  unhandledErrors: ReadonlyArray<ShownError>,
): RunResults {
  const tests: TestRecord[] = [];
  const loadErrors: LoadError[] = [];
  for (const module of modules) {
    const project = module.project.name;
    const file = testFileName(module);
    for (const test of module.children.allTests()) tests.push(testRecord(project, file, test));
    for (const error of module.errors()) loadErrors.push({ project, file, message: error.message });
  }
  return { tests, loadErrors, unhandledErrors: unhandledErrors.map((error) => error.message) };
}

function testRecord(project: string, file: string, test: TestCase): TestRecord {
  const result = test.result();
  const record: TestRecord = {
    project,
    file,
    fullName: test.fullName,
    state: result.state as TestState,
  };
  const first = result.errors?.[0]?.message.split("\n")[0];
  if (first !== undefined) record.error = first;
  return record;
}

/** The file relative to its stage's test/ folder ("log.test.ts"), or to the project root. */
function testFileName(module: TestModule): string {
  const projectRoot = module.project.config.root;
  const inTests = relative(join(projectRoot, "test"), module.moduleId);
  const name = inTests.startsWith("..") ? relative(projectRoot, module.moduleId) : inTests;
  return name.split("\\").join("/");
}

function sum(values: number[]): number {
  return values.reduce((a, b) => a + b, 0);
}
