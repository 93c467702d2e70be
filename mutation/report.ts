// Builds mutation/REPORT.md from Stryker's JSON reports (mutation/incremental/NN.json): the score per
// stage and per file, and every surviving mutant that mutation/survivors.md does not explain.
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  mutatedStages,
  onlySources,
  slowTestFiles,
  strictStages,
  unmutatedSources,
} from "./stages.mjs";
import { type Survivor, survivorLine, unexplainedSurvivors } from "./survivors.ts";

const mutationDir = import.meta.dirname;

type Status =
  | "Killed"
  | "Timeout"
  | "Survived"
  | "NoCoverage"
  | "CompileError"
  | "RuntimeError"
  | "Ignored"
  | "Pending";

interface Position {
  line: number;
  column: number;
}
interface Mutant {
  mutatorName: string;
  replacement?: string;
  location: { start: Position; end: Position };
  status: Status;
}
interface FileResult {
  source: string;
  mutants: Mutant[];
}
interface StrykerJson {
  files: Record<string, FileResult>;
}

interface Counts {
  killed: number;
  timeout: number;
  survived: number;
  noCoverage: number;
  errors: number;
}

function count(mutants: Mutant[]): Counts {
  const of = (...statuses: Status[]) => mutants.filter((m) => statuses.includes(m.status)).length;
  return {
    killed: of("Killed"),
    timeout: of("Timeout"),
    survived: of("Survived"),
    noCoverage: of("NoCoverage"),
    errors: of("CompileError", "RuntimeError"),
  };
}

/** Stryker's mutation score: detected / (detected + undetected); errors and ignored left out. */
function score(c: Counts): string {
  const detected = c.killed + c.timeout;
  const valid = detected + c.survived + c.noCoverage;
  return valid === 0 ? "n/a" : `${((100 * detected) / valid).toFixed(1)} %`;
}

function row(name: string, c: Counts): string {
  const total = c.killed + c.timeout + c.survived + c.noCoverage + c.errors;
  return `| ${name} | ${score(c)} | ${total} | ${c.killed} | ${c.timeout} | ${c.survived} | ${c.noCoverage} | ${c.errors} |`;
}

const tableHead = [
  "| | score | mutants | killed | timeout | survived | no coverage | errors |",
  "| --- | --- | --- | --- | --- | --- | --- | --- |",
];

/** The first line of the mutated code as it stands in the reference, trimmed. */
function originalCode(source: string, mutant: Mutant): string {
  const lines = source.split("\n");
  const { start, end } = mutant.location;
  const first = lines[start.line - 1] ?? "";
  const text =
    start.line === end.line
      ? first.slice(start.column - 1, end.column - 1)
      : first.slice(start.column - 1);
  return start.line === end.line ? text : `${text.trimEnd()} …`;
}

function survivorsOf(stage: string, report: StrykerJson): Survivor[] {
  return Object.entries(report.files).flatMap(([path, file]) =>
    file.mutants
      .filter((m) => m.status === "Survived" || m.status === "NoCoverage")
      .map((m) => ({
        file: path.replace(/^solutions\//, ""),
        line: m.location.start.line,
        mutator: m.mutatorName,
        original: originalCode(file.source, m),
        replacement: (m.replacement ?? "").split("\n")[0]!,
        noCoverage: m.status === "NoCoverage",
        stage,
      })),
  );
}

function readReport(stage: string): StrykerJson | undefined {
  const path = join(mutationDir, "incremental", `${stage}.json`);
  return existsSync(path) ? (JSON.parse(readFileSync(path, "utf8")) as StrykerJson) : undefined;
}

/** Source files never mutated, other than index.ts (the reasons are in stages.mjs). */
function leftOutSources(): string[] {
  const left = Object.entries(unmutatedSources)
    .map(([stage, files]) => [stage, files.filter((file) => file !== "index.ts")] as const)
    .filter(([, files]) => files.length > 0)
    .map(([stage, files]) => `${stage} ${files.join(", ")}`);
  return left.length > 0
    ? [`Source files not mutated (why: \`stages.mjs\`): ${left.join("; ")}.`]
    : [];
}

/** Source files of partly measured stages that are not mutated yet (see onlySources). */
function notMutatedYet(): string[] {
  return Object.entries(onlySources).map(([stage, files]) => {
    const srcDir = join(mutationDir, "..", "solutions", stage, "src");
    const rest = readdirSync(srcDir).filter(
      (f) => f.endsWith(".ts") && f !== "index.ts" && !files.includes(f),
    );
    return `Not mutated yet in ${stage} (slow file-backed suites): ${rest.join(", ")}.`;
  });
}

/** Rewrites REPORT.md; returns how many survivors of the strict stages (03-06) are unexplained. */
export function writeReport(): { unexplained: number } {
  const stageRows: string[] = [];
  const fileSections: string[] = [];
  const survivors: Survivor[] = [];
  const missing: string[] = [];
  for (const stage of mutatedStages) {
    const report = readReport(stage);
    if (!report) {
      missing.push(stage);
      continue;
    }
    const files = Object.entries(report.files).sort(([a], [b]) => a.localeCompare(b));
    stageRows.push(row(stage, count(files.flatMap(([, f]) => f.mutants))));
    fileSections.push(
      `### ${stage}\n`,
      ...tableHead,
      ...files.map(([path, f]) =>
        row(`\`${path.replace(/^solutions\/[^/]+\//, "")}\``, count(f.mutants)),
      ),
      "",
    );
    survivors.push(...survivorsOf(stage, report));
  }
  const unexplained = unexplainedSurvivors(survivors);
  const strictUnexplained = unexplained.filter((s) => strictStages.includes(s.stage));
  const lines = [
    "# Mutation testing report",
    "",
    "Generated by `pnpm mutate` (StrykerJS 9.6, vitest runner) from `mutation/incremental/*.json`; do not edit.",
    "Each stage's reference (`solutions/NN/src`) is mutated and every mutant is run against that",
    "stage's own suite (`exercises/NN/test`). Score = (killed + timeout) / (killed + timeout +",
    "survived + no coverage). Survivors are explained one line each in `mutation/survivors.md`.",
    "",
    ...Object.entries(slowTestFiles).map(
      ([stage, files]) =>
        `Left out of mutation runs (real processes, real time): ${stage} ${files.join(", ")}.`,
    ),
    ...(missing.length > 0 ? [`Not measured yet: ${missing.join(", ")}.`] : []),
    ...leftOutSources(),
    ...notMutatedYet(),
    "",
    "## Score per stage",
    "",
    ...tableHead,
    ...stageRows,
    "",
    "## Score per file",
    "",
    ...fileSections,
    "## Unexplained survivors",
    "",
    unexplained.length === 0
      ? "None: every surviving mutant is listed in `mutation/survivors.md` with its reason."
      : `${unexplained.length} (in ${strictStages.join(", ")}: ${strictUnexplained.length}), in the format of \`survivors.md\`:`,
    "",
    ...unexplained.map((s) => survivorLine(s, s.noCoverage ? "TODO (no test runs it)" : "TODO")),
    "",
  ];
  const reportPath = join(mutationDir, "REPORT.md");
  writeFileSync(reportPath, lines.join("\n"));
  // biome lays out markdown tables too: format it as `biome ci .` expects.
  spawnSync("pnpm", ["exec", "biome", "format", "--write", reportPath], { stdio: "ignore" });
  return { unexplained: strictUnexplained.length };
}

if (process.argv[1] === import.meta.filename) {
  const { unexplained } = writeReport();
  console.log(`mutation/REPORT.md written; ${unexplained} unexplained survivor(s) in 03-06`);
}
