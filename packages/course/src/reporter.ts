// The vitest reporter of `course test` and `course watch` (loaded by vitest via --reporter=<this
// file>), also used quietly by `verify` and `status --refresh` to collect results. Set by the CLI:
//   COURSE_QUIET=1             print nothing (verify, refresh)
//   COURSE_PROGRESS=1          with COURSE_QUIET: one line on stderr as each stage's files finish
//   COURSE_VIEW=all            every test and every failure instead of the focused screen
//   COURSE_TYPECHECK=<id>      run tsc on exercises/<id> alongside and show its errors first
//   COURSE_RESULTS_FILE=<path> write every test's result there as JSON when the run ends
//   COURSE_RECORD_STAGE=<id>   record passed/total of that stage in .course/progress.json
//   COURSE_WATCHDOG_DIR=<dir>  where test workers note their current test (watchdog/)
//   COURSE_HANG_GRACE_MS=<ms>  how long past its timeout a test may block its worker (tests)
//   COURSE_ROOT=<dir>          the repo root (defaults to this checkout's)
import { writeFileSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import type {
  Reporter,
  TestCase,
  TestModule,
  TestRunEndReason,
  TestSpecification,
  Vitest,
} from "vitest/node";
import type { FailedTest } from "./failures.ts";
import { endLines, type FileResult, focusedView, fullFailureLines, type RunView } from "./focus.ts";
import { formatError, marks, type ShownError, shortPath, summaryLine } from "./format.ts";
import type { LoadError, RunResults, TestRecord, TestState } from "./results.ts";
import { splitProject, tally, testKey } from "./results.ts";
import { listStages, repoRoot, type Stage } from "./stages.ts";
import { recordProgress } from "./store.ts";
import { type TypeIssue, typecheckStage } from "./typecheck.ts";
import { neverYielded, rewriteTimeout } from "./watchdog/messages.ts";
import { type StuckTest, Watchdog } from "./watchdog/watchdog.ts";

const root = process.env.COURSE_ROOT ?? repoRoot;
/** Nothing finished for this long: say which test is running. */
const quietSpellMs = 3_000;

/** One test file's outcome, kept as plain data so that watch mode can show the whole stage. */
interface FileOutcome {
  moduleId: string;
  project: string;
  rank: Rank;
  result: FileResult;
  failures: FailedTest[];
  records: TestRecord[];
  loadErrors: LoadError[];
}

export default class CourseReporter implements Reporter {
  private readonly quiet = process.env.COURSE_QUIET === "1";
  private readonly progress = process.env.COURSE_PROGRESS === "1";
  private showAll = process.env.COURSE_VIEW === "all";
  private readonly resultsFile = process.env.COURSE_RESULTS_FILE;
  private readonly recordStage = process.env.COURSE_RECORD_STAGE;
  private readonly typecheckStage = process.env.COURSE_TYPECHECK;
  private watching = false;
  private pattern: string | undefined;
  private readonly stages = listStages(root, true);
  private watchdog: Watchdog | undefined;
  private typecheck: Promise<TypeIssue[]> | undefined;
  private typeIssues: TypeIssue[] = [];
  /** The latest outcome of every file (in watch mode, from earlier runs too). */
  private readonly outcomes = new Map<string, FileOutcome>();
  private unhandled: ShownError[] = [];
  private lastProgressAt = Date.now();
  private readonly announced = new Set<string>();
  private statusLineShown = false;
  /** For COURSE_PROGRESS: test files still to finish per project. */
  private readonly pendingFiles = new Map<string, number>();

  onInit(vitest: Vitest): void {
    this.watching = vitest.config.watch;
    this.pattern = vitest.config.testNamePattern?.source;
    const dir = process.env.COURSE_WATCHDOG_DIR;
    if (dir) {
      const fixed = process.env.COURSE_HANG_GRACE_MS;
      this.watchdog = new Watchdog({
        dir,
        ...(fixed ? { graceMs: Number(fixed) } : {}),
        onStuck: (stuck) => this.onStuck(stuck),
      });
      this.watchdog.start();
      if (!this.quiet) setInterval(() => this.showRunning(), 1_000).unref();
    }
    if (this.watching && !this.quiet) this.listenForKeys();
  }

  onTestRunStart(specifications: ReadonlyArray<TestSpecification>): void {
    this.lastProgressAt = Date.now();
    this.unhandled = [];
    this.announced.clear();
    this.watchdog?.clear();
    // A one-off incremental tsc per run, watch mode included: it starts after the save that caused
    // the run, so it checks what the tests ran (the native compiler takes well under a second).
    if (this.typecheckStage && !this.quiet)
      this.typecheck = typecheckStage(root, this.typecheckStage);
    this.pendingFiles.clear();
    for (const spec of specifications) {
      const name = spec.project.name;
      this.pendingFiles.set(name, (this.pendingFiles.get(name) ?? 0) + 1);
    }
  }

  onTestCaseResult(): void {
    this.lastProgressAt = Date.now();
  }

  onTestModuleEnd(module: TestModule): void {
    this.lastProgressAt = Date.now();
    this.outcomes.set(outcomeKey(module.project.name, module.moduleId), this.outcome(module));
    this.watchdog?.forget(module.project.name, module.moduleId);
    const project = module.project.name;
    const left = (this.pendingFiles.get(project) ?? 1) - 1;
    this.pendingFiles.set(project, left);
    if (left === 0 && this.progress) this.reportStageDone(project);
  }

  async onTestRunEnd(
    _modules: ReadonlyArray<TestModule>,
    unhandledErrors: ReadonlyArray<ShownError>,
    reason: TestRunEndReason,
  ): Promise<void> {
    const stuck = this.watchdog?.stuck ?? [];
    // Stopping a worker is ours to explain: vitest's "Worker exited unexpectedly" is not news.
    this.unhandled = unhandledErrors.filter((error) => !(stuck.length > 0 && isWorkerExit(error)));
    this.addStuckWithoutModule(stuck);
    const results = this.results();
    if (this.resultsFile) writeFileSync(this.resultsFile, JSON.stringify(results));
    this.typeIssues = (await this.typecheck) ?? [];
    // An interrupted run (Ctrl-C, a rerun in watch mode) says nothing about the whole stage.
    if (this.recordStage && reason !== "interrupted") this.record(results, this.recordStage);
    if (this.quiet) return;
    this.clearStatusLine();
    this.draw();
  }

  /** The screen: focused (default) or every test (`--all`, or `a` in watch mode). */
  private draw(): void {
    const view = this.view();
    const counts = this.counts();
    // -t left every test out: the CLI says so (and exits 2).
    if (this.pattern !== undefined && counts.passed + counts.failed + counts.brokenFiles === 0)
      return;
    const summary = summaryLine(counts);
    const lines = this.showAll
      ? [...this.allLines(view), ...fullFailureLines(view)]
      : focusedView(view, summary);
    if (this.showAll) lines.push(...endLines(view, summary));
    for (const error of this.unhandled.slice(0, this.showAll ? undefined : 1))
      lines.unshift(
        pc.red("Unhandled error (a timer or promise outlived its test):"),
        ...indent(error),
        "",
      );
    if (this.watching) {
      if (process.stdout.isTTY) process.stdout.write("\x1b[2J\x1b[H");
      lines.push(pc.dim("Watching your code: save to rerun · a all failures · h help · q quit"));
    }
    this.print(...lines);
  }

  private allLines(view: RunView): string[] {
    const lines: string[] = [];
    for (const outcome of this.sorted()) {
      lines.push(pc.bold(outcome.result.file));
      for (const record of outcome.records) {
        if (this.pattern !== undefined && record.state === "skipped") continue;
        lines.push(`  ${recordLine(record)}`);
      }
      if (outcome.result.loadError)
        lines.push(
          `  ${marks.fail} ${pc.red("the test file failed to load")}`,
          ...indent(outcome.result.loadError),
        );
    }
    return view.files.length > 0 ? lines : [];
  }

  private view(): RunView {
    const sorted = this.sorted();
    const projects = new Set(sorted.map((outcome) => outcome.project));
    const only = projects.size === 1 ? [...projects][0] : undefined;
    const { track, stage: stageId } = splitProject(only ?? "");
    const stage: Stage | undefined = this.stages.find((s) => s.id === stageId);
    return {
      root,
      stage,
      stages: this.stages.filter((s) => s.meta.draft !== true || s.id === stageId),
      track,
      files: sorted
        .map((outcome) => outcome.result)
        .filter(
          (file) => this.pattern === undefined || file.passed + file.failed > 0 || file.loadError,
        ),
      failures: sorted.flatMap((outcome) => outcome.failures),
      typeIssues: this.typeIssues,
      filter: this.pattern,
    };
  }

  private counts() {
    const results = this.results();
    const projects = [...new Set(results.tests.map((test) => test.project))];
    const all = projects.map((project) => tally(results, project));
    const sum = (pick: (t: (typeof all)[number]) => number) => all.reduce((a, t) => a + pick(t), 0);
    return {
      passed: sum((t) => t.passed),
      failed: sum((t) => t.failed),
      skipped: this.pattern === undefined ? sum((t) => t.skipped) : 0,
      brokenFiles: results.loadErrors.length,
    };
  }

  private sorted(): FileOutcome[] {
    return [...this.outcomes.values()].sort((a, b) => compareRanks(a.rank, b.rank));
  }

  private results(): RunResults {
    const sorted = this.sorted();
    return {
      tests: sorted.flatMap((outcome) => outcome.records),
      loadErrors: sorted.flatMap((outcome) => outcome.loadErrors),
      unhandledErrors: this.unhandled.map((error) => error.message),
    };
  }

  /** A file's outcome; tests of a file whose worker the watchdog stopped are settled here. */
  private outcome(module: TestModule): FileOutcome {
    const project = module.project.name;
    const file = testFileName(module);
    const stuck = this.watchdog?.stuck.find(
      (s) => s.testFile === module.moduleId && s.project === project,
    );
    const failures: FailedTest[] = [];
    const records: TestRecord[] = [];
    const result: FileResult = { file, passed: 0, failed: 0, skipped: 0 };
    for (const test of module.children.allTests()) {
      const { state, errors } = settle(test, stuck);
      const record: TestRecord = { project, file, fullName: test.fullName, state };
      if (errors[0]) record.error = errors[0].message.split("\n")[0] ?? "";
      records.push(record);
      if (state === "failed") {
        result.failed++;
        failures.push({ project, file, fullName: test.fullName, errors });
      } else if (state === "passed") result.passed++;
      else result.skipped++;
    }
    const loadErrors: LoadError[] = [];
    const moduleErrors = module.errors().filter((error) => !(stuck && isWorkerExit(error)));
    if (moduleErrors[0]) {
      result.loadError = shown(moduleErrors[0]);
      for (const error of moduleErrors) loadErrors.push({ project, file, message: error.message });
    }
    if (stuck && !stuck.testName && records.length === 0) {
      result.loadError = { message: neverYielded(stuck.ranMs, true) };
      loadErrors.push({ project, file, message: result.loadError.message });
    }
    return {
      moduleId: module.moduleId,
      project,
      rank: suggestedRank(this.stages, project, file),
      result,
      failures,
      records,
      loadErrors,
    };
  }

  /** A worker stopped before vitest heard of its file: the file still gets its failure. */
  private addStuckWithoutModule(stuck: StuckTest[]): void {
    for (const entry of stuck) {
      const project = entry.project;
      const key = outcomeKey(project, entry.testFile);
      if (this.outcomes.has(key)) continue;
      const stageRoot = join(root, "exercises", splitProject(project).stage, "test");
      const file = relative(stageRoot, entry.testFile).split("\\").join("/");
      const message = neverYielded(entry.ranMs, entry.testName === undefined);
      const fullName = entry.testName ?? "(loading the file)";
      // The tests that finished before the stuck one keep their results.
      const before = entry.finished.map((test) => ({
        fullName: test.fullName,
        state: test.state,
        errors: test.message ? [{ message: test.message }] : [],
      }));
      const tests = [...before, { fullName, state: "failed" as const, errors: [{ message }] }];
      const records: TestRecord[] = tests.map((test) => ({
        project,
        file,
        fullName: test.fullName,
        state: test.state,
        ...(test.errors[0] ? { error: test.errors[0].message.split("\n")[0] ?? "" } : {}),
      }));
      const failed = tests.filter((test) => test.state === "failed");
      this.outcomes.set(key, {
        moduleId: entry.testFile,
        project,
        rank: suggestedRank(this.stages, project, file),
        result: { file, passed: tests.length - failed.length, failed: failed.length, skipped: 0 },
        failures: failed.map((test) => ({
          project,
          file,
          fullName: test.fullName,
          errors: test.errors,
        })),
        records,
        loadErrors: [],
      });
    }
  }

  private onStuck(stuck: StuckTest): void {
    if (!stuck.workerStopped) this.endRunStuck(stuck);
    if (this.quiet) return;
    this.clearStatusLine();
    const what = stuck.testName ?? "loading the file";
    this.print(
      pc.red(
        `✗ stopped ${shortPath(stuck.testFile, root)} > ${what}: it never yielded (${Math.round(stuck.ranMs / 1000)} s)`,
      ),
    );
  }

  /**
   * A worker thread that never yields cannot be stopped (only `course verify` runs threads, on
   * the reference and the pristine starter): say which test, then end the run, which fails.
   */
  private endRunStuck(stuck: StuckTest): never {
    const what = stuck.testName ?? "loading the file";
    console.error(
      `✗ ${stuck.project}: ${shortPath(stuck.testFile, root)} > ${what} has run ${Math.round(stuck.ranMs / 1000)} s without ever yielding (a synchronous loop that never ends?); a test thread cannot be stopped, so the run ends here`,
    );
    process.exit(1);
  }

  /** While nothing finishes for a few seconds: which test is running, and for how long. */
  private showRunning(): void {
    const now = Date.now();
    if (now - this.lastProgressAt < quietSpellMs) return;
    const busy = this.watchdog?.busy() ?? [];
    const oldest = busy[0];
    if (!oldest || now - oldest.startedAt < quietSpellMs) {
      this.clearStatusLine();
      return;
    }
    const name = oldest.testName ?? "(loading the file)";
    const seconds = Math.round((now - oldest.startedAt) / 1000);
    const text = `… running ${shortPath(oldest.testFile, root)} > ${name} (${seconds} s)`;
    if (process.stderr.isTTY) {
      const width = process.stderr.columns ?? 100;
      process.stderr.write(`\r\x1b[K${pc.dim(text.slice(0, width - 1))}`);
      this.statusLineShown = true;
      return;
    }
    const key = `${oldest.pid}:${oldest.startedAt}`;
    if (this.announced.has(key)) return;
    this.announced.add(key);
    process.stderr.write(`${text}\n`);
  }

  private clearStatusLine(): void {
    if (!this.statusLineShown) return;
    process.stderr.write("\r\x1b[K");
    this.statusLineShown = false;
  }

  private reportStageDone(project: string): void {
    const results = this.results();
    const counts = tally(results, project);
    const { stage: stageId } = splitProject(project);
    const total = counts.passed + counts.failed + counts.skipped;
    const broken = counts.brokenFiles > 0 ? `, ${counts.brokenFiles} file(s) failed to load` : "";
    process.stderr.write(`  ${stageId}: ${counts.passed}/${total} pass${broken}\n`);
  }

  /** Watch mode: the CLI passes the learner's keys on through our stdin. */
  private listenForKeys(): void {
    if (process.stdin.isTTY) return; // vitest's own keys are in charge (run directly, not by the CLI)
    process.stdin.setEncoding("utf8");
    process.stdin.on("data", (keys: string) => {
      for (const key of keys) {
        if (key === "a") {
          this.showAll = !this.showAll;
          this.draw();
        } else if (key === "h") this.print(...watchHelp);
      }
    });
  }

  private record(results: RunResults, stageId: string): void {
    const project = `exercise:${stageId}`;
    const counts = tally(results, project);
    const firstFailing = results.tests.find((t) => t.project === project && t.state === "failed");
    recordProgress(root, stageId, {
      passed: counts.passed,
      total: counts.passed + counts.failed + counts.skipped,
      brokenFiles: counts.brokenFiles,
      at: new Date().toISOString(),
      ...(this.typecheck ? { typeErrors: this.typeIssues.length } : {}),
      ...(firstFailing ? { firstFailing: testKey(firstFailing) } : {}),
    });
  }

  private print(...lines: string[]): void {
    process.stdout.write(`${lines.join("\n")}\n`);
  }
}

const watchHelp = [
  "",
  pc.bold("course watch keys"),
  "  a  show every failure / back to the focused screen",
  "  h  this help",
  "  q  quit (Ctrl-C too)",
  "Save a file of your stage and the tests it affects run again.",
];

/** The same test file runs in several projects: outcomes are kept per project. */
function outcomeKey(project: string, moduleId: string): string {
  return `${project}\u0000${moduleId}`;
}

function isWorkerExit(error: { message: string; cause?: unknown }): boolean {
  const cause = error.cause as { message?: string } | undefined;
  return /Worker (forks )?(exited unexpectedly|emitted error)/.test(
    `${error.message} ${cause?.message ?? ""}`,
  );
}

/** A test's state and errors as the learner should read them. */
function settle(
  test: TestCase,
  stuck: StuckTest | undefined,
): { state: TestState; errors: ShownError[] } {
  const result = test.result();
  if (stuck && result.state !== "passed" && result.state !== "failed") {
    if (test.fullName === stuck.testName)
      return { state: "failed", errors: [{ message: neverYielded(stuck.ranMs, false) }] };
    return { state: "skipped", errors: [] };
  }
  const errors = (result.errors ?? []).map(shown);
  return { state: result.state as TestState, errors };
}

/** Vitest's error with the course's words for a timeout. */
function shown(error: ShownError): ShownError {
  const message = rewriteTimeout(error.message);
  if (message === error.message) return error;
  // The stack of a timeout points into vitest: only the test's own line is worth showing.
  return { message, stacks: error.stacks?.slice(0, 1) };
}

function recordLine(record: TestRecord): string {
  if (record.state === "passed") return `${marks.pass} ${record.fullName}`;
  if (record.state === "failed") return `${marks.fail} ${pc.red(record.fullName)}`;
  return `${marks.skip} ${pc.dim(`${record.fullName} (skipped)`)}`;
}

function indent(error: ShownError): string[] {
  return formatError(error, root).map((line) => (line ? `    ${line}` : line));
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

/** The file relative to its stage's test/ folder ("log.test.ts"), or to the project root. */
function testFileName(module: TestModule): string {
  const projectRoot = module.project.config.root;
  const inTests = relative(join(projectRoot, "test"), module.moduleId);
  const name = inTests.startsWith("..") ? relative(projectRoot, module.moduleId) : inTests;
  return name.split("\\").join("/");
}
