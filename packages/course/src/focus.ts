// The screen `course test` and `course watch` end on: a few lines per file, the failures grouped,
// and a "start here" block naming the first failing test in work order, its rule, the place in
// the learner's code to open and the command that reruns just that test. `--all` shows every test.
import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";
import { type FailedTest, type FailureGroup, groupFailures } from "./failures.ts";
import { formatError, marks, type ShownError, shortPath } from "./format.ts";
import type { Stage } from "./stages.ts";
import type { TypeIssue } from "./typecheck.ts";

export interface FileResult {
  /** Relative to the stage's test/ folder. */
  file: string;
  passed: number;
  failed: number;
  skipped: number;
  /** The file failed to load (syntax error, an import that throws). */
  loadError?: ShownError;
}

export interface RunView {
  root: string;
  /** The stage under test (undefined when the run spans no single stage). */
  stage: Stage | undefined;
  stages: Stage[];
  track: string;
  /** In work order. */
  files: FileResult[];
  /** In work order. */
  failures: FailedTest[];
  typeIssues: TypeIssue[];
  /** The -t pattern, if any. */
  filter: string | undefined;
}

/** The focused screen fits this many lines (a terminal of about 60 rows). */
export const screenLines = 58;
const maxTypeIssues = 4;
const maxFileRows = 10;
/** Lines kept for the type errors, table, start-here block and summary around the groups. */
const firstGroupLines = 16;
const otherGroupLines = 5;

export function focusedView(view: RunView, summary: string): string[] {
  const top = [...typeIssueLines(view), ...fileTable(view)];
  const end = endLines(view, summary);
  const budget = screenLines - top.length - end.length - 2;
  return [...top, ...groupLines(view, budget), ...end];
}

/** Every failure of the run (`--all`), then the same ending as the focused view. */
export function fullFailureLines(view: RunView): string[] {
  return view.failures.flatMap((test) => [
    "",
    `${marks.fail} ${pc.bold(`${test.file} > ${test.fullName}`)}`,
    ...test.errors.flatMap((error) => indent(formatError(error, view.root))),
  ]);
}

export function endLines(view: RunView, summary: string): string[] {
  const first = view.failures[0];
  if (first) return ["", summary, ...startHere(view, first)];
  const broken = view.files.find((file) => file.loadError);
  if (broken) return ["", summary, ...startHereBroken(view, broken)];
  return ["", summary, ...passedLines(view)];
}

function typeIssueLines(view: RunView): string[] {
  const issues = view.typeIssues;
  if (issues.length === 0) return [];
  const lines = [
    pc.red(pc.bold(`Type errors in your code (tsc): ${issues.length}`)),
    ...issues
      .slice(0, maxTypeIssues)
      .map((issue) => `  ${issue.file}:${issue.line}:${issue.column}  ${issue.message}`),
  ];
  if (issues.length > maxTypeIssues)
    lines.push(
      pc.dim(
        `  … and ${issues.length - maxTypeIssues} more (pnpm exec tsc -p exercises/${view.stage?.id ?? "NN"})`,
      ),
    );
  return [...lines, ""];
}

function fileTable(view: RunView): string[] {
  const rows = view.files.slice(0, maxFileRows);
  const width = Math.max(...rows.map((row) => row.file.length), 0);
  const lines = rows.map((row) => {
    // With -t the tests left out are "skipped": they are not part of what was asked for.
    const total = row.passed + row.failed + (view.filter === undefined ? row.skipped : 0);
    if (row.loadError)
      return `  ${marks.fail} ${row.file.padEnd(width)}  ${pc.red("failed to load")}`;
    const mark = row.failed > 0 ? marks.fail : row.passed === 0 ? marks.skip : marks.pass;
    return `  ${mark} ${row.file.padEnd(width)}  ${row.passed}/${total} pass`;
  });
  if (view.files.length > maxFileRows)
    lines.push(pc.dim(`  … ${view.files.length - maxFileRows} more files`));
  return lines;
}

/** The groups, most useful first, until the screen is full; the rest is counted. */
function groupLines(view: RunView, budget: number): string[] {
  const groups = groupFailures(view.failures);
  const lines: string[] = [];
  let shown = 0;
  for (const group of groups) {
    const limit = shown === 0 ? firstGroupLines : otherGroupLines;
    const block = ["", ...groupBlock(view, group).slice(0, limit)];
    if (lines.length + block.length > budget - 2 && shown > 0) break;
    lines.push(...block);
    shown++;
  }
  const hidden = groups.length - shown;
  if (hidden > 0) {
    const tests = groups.slice(shown).reduce((sum, group) => sum + group.count, 0);
    lines.push(
      "",
      pc.dim(
        `(${hidden} more kind${hidden === 1 ? "" : "s"} of failure in ${tests} test${tests === 1 ? "" : "s"}: ${allCommand(view)})`,
      ),
    );
  }
  return lines;
}

function groupBlock(view: RunView, group: FailureGroup): string[] {
  const { first, count } = group;
  const others = count > 1 ? pc.dim(` (and ${count - 1} more failing the same way)`) : "";
  const errors = first.errors.length > 0 ? first.errors : [{ message: "failed" }];
  return [
    `${marks.fail} ${pc.bold(`${first.file} > ${first.fullName}`)}${others}`,
    ...indent(formatError(errors[0] as ShownError, view.root)),
  ];
}

function indent(lines: string[]): string[] {
  return lines.map((line) => (line ? `    ${line}` : line));
}

/** Where a failure comes from in the learner's code: the first frame in some stage's src. */
export interface CodePlace {
  /** Repo-relative "exercises/03-log/src/log.ts". */
  file: string;
  line: number;
  method: string;
  stageNumber: number;
}

const srcPath = /^(?:exercises|solutions)\/(\d\d)-[^/]+\/(?:\.starter\/)?src\//;

export function codePlace(error: ShownError | undefined, root: string): CodePlace | undefined {
  for (const frame of error?.stacks ?? []) {
    const file = shortPath(frame.file, root);
    const match = srcPath.exec(file);
    if (match)
      return { file, line: frame.line, method: frame.method, stageNumber: Number(match[1]) };
  }
  return undefined;
}

/** The first frame in the test file itself, for a failure that never reached the learner's code. */
function testPlace(error: ShownError | undefined, root: string): string | undefined {
  const frame = error?.stacks?.find(
    (f) => /\/test\//.test(f.file) && !f.file.includes("node_modules"),
  );
  return frame ? `${shortPath(frame.file, root)}:${frame.line}` : undefined;
}

/** The rule that broke: the first line of the message (the tests pass the rule as the message). */
export function ruleOf(error: ShownError | undefined): string {
  if (!error) return "(the test failed without an error message)";
  const first = error.message.split("\n")[0] ?? "";
  const prefix =
    error.name && !["AssertionError", "Error"].includes(error.name) ? `${error.name}: ` : "";
  return `${prefix}${first}`;
}

/**
 * One line for a file that did not load: a syntax error's "file:line:col: ERROR: text" rather
 * than the "Transform failed with 1 error:" above it.
 */
export function loadProblem(error: ShownError | undefined, root: string): string {
  const text = plainText(error?.message ?? "");
  const lines = text.split("\n").map((line) => line.trim());
  // The transformer's report: "[PARSE_ERROR] Unexpected token" and "╭─[ file:line:col ]".
  const kind = lines.map((line) => /^\[([A-Z_]+)\]\s*(.*)$/.exec(line)).find(Boolean);
  const place = /─\[\s*(.+?)\s*\]/.exec(text)?.[1];
  if (kind && place) return `${place}: ${kind[2]} (${kind[1]})`.replaceAll(`${root}/`, "");
  const detail = lines.find((line) =>
    /\bERROR:|SyntaxError|Cannot find|does not provide/.test(line),
  );
  const line = detail ?? lines.find((candidate) => candidate.length > 0) ?? "(no message)";
  return line.replaceAll(`${root}/`, "");
}

function plainText(text: string): string {
  return stripVTControlCharacters(text);
}

const heading = (title: string) =>
  pc.bold(pc.cyan(`── ${title} ${"─".repeat(Math.max(4, 56 - title.length))}`));

export function startHere(view: RunView, first: FailedTest): string[] {
  const error = first.errors[0];
  const lines = [
    "",
    heading("Start here"),
    `  test   ${first.file} > ${first.fullName}`,
    `  rule   ${ruleOf(error)}`,
  ];
  const place = codePlace(error, view.root);
  const own = view.stage?.number;
  if (place && own !== undefined && place.stageNumber !== own && view.track === "exercise") {
    const n = place.stageNumber;
    lines.push(
      `  from   stage ${String(n).padStart(2, "0")}'s code: ${place.file}:${place.line}${place.method ? `, in ${place.method}` : ""}`,
      `         stage ${String(n).padStart(2, "0")} is unfinished: finish it (pnpm course test ${n}) or take the reference: pnpm course adopt ${n}`,
    );
  } else if (place) {
    lines.push(`  open   ${place.file}:${place.line}${place.method ? `, in ${place.method}` : ""}`);
  } else {
    const where = testPlace(error, view.root);
    if (where) lines.push(`  read   ${where} (what the test calls, then your code it reaches)`);
  }
  lines.push(`  rerun  ${rerunCommand(view, first)}`);
  if (view.stage)
    lines.push(
      pc.dim(`  stuck? pnpm course hint ${view.stage.number}   every failure: ${allCommand(view)}`),
    );
  return lines;
}

function startHereBroken(view: RunView, broken: FileResult): string[] {
  return [
    "",
    heading("Start here"),
    `  ${broken.file} failed to load: ${loadProblem(broken.loadError, view.root)}`,
    "  Fix the syntax or import error it names first: none of its tests can run until then.",
  ];
}

function passedLines(view: RunView): string[] {
  const stage = view.stage;
  if (!stage) return [];
  if (view.filter !== undefined)
    return [
      pc.green(
        `Every test matching -t '${view.filter}' passes. The whole stage: pnpm course test ${stage.number}`,
      ),
    ];
  const title = `Stage ${String(stage.number).padStart(2, "0")} ${stage.meta.title}`;
  if (view.track !== "exercise") return [pc.green(`${title}: the ${view.track} passes.`)];
  if (view.typeIssues.length > 0)
    return [
      pc.yellow(
        `Every test passes, but tsc finds ${view.typeIssues.length} type errors (listed first): fix them to finish ${title}.`,
      ),
    ];
  const next = view.stages.find((candidate) => candidate.number > stage.number);
  const lines = ["", pc.green(pc.bold(`${title} passes. Well done.`))];
  if (next)
    lines.push(
      `Next: stage ${String(next.number).padStart(2, "0")} ${next.meta.title} — read exercises/${next.id}/README.md, then run: pnpm course test ${next.number}`,
    );
  else lines.push("That was the last stage. Compare with the reference: pnpm course diff <stage>");
  return lines;
}

function trackFlag(view: RunView): string {
  return view.track === "solution" ? " --solution" : "";
}

function allCommand(view: RunView): string {
  return view.stage ? `pnpm course test ${view.stage.number}${trackFlag(view)} --all` : "--all";
}

/** `-t` takes a regular expression matched against the whole name: the test's own name, escaped, at the end. */
export function rerunCommand(view: RunView, test: FailedTest): string {
  const name = test.fullName.split(" > ").at(-1) ?? test.fullName;
  const pattern = `${name.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`;
  return `pnpm course test ${view.stage?.number ?? ""}${trackFlag(view)} -t ${shellQuote(pattern)}`;
}

export function shellQuote(text: string): string {
  return /^[\w./:=@%+-]+$/.test(text) ? text : `'${text.replaceAll("'", "'\\''")}'`;
}
