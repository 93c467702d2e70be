// The stage dependency graph, read from each stage's package.json "imports" map (the only place
// it is declared) and written as a table between marker comments in README.md and CONTRIBUTING.md,
// so the docs cannot drift from the code: `course graph --check` fails when they differ.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import type { Stage } from "./stages.ts";

export const graphBegin =
  "<!-- stage-graph:begin (generated from each stage's package.json imports by `pnpm course graph --update`; do not edit) -->";
export const graphEnd = "<!-- stage-graph:end -->";

/** One import of a stage: `#log` → the stage (or package) it names in that track. */
export interface StageImport {
  readonly name: string;
  /** A stage id ("03-log") when the target is a stage of the same track, else the package name. */
  readonly target: string;
}

export interface StageNode {
  readonly id: string;
  readonly title: string;
  readonly imports: readonly StageImport[];
}

type Track = "solutions" | "exercises";

/** A stage's imports in one track; `#stage` (the stage itself) is left out. */
export function readImports(stageDir: string, track: Track): StageImport[] {
  const path = join(stageDir, "package.json");
  if (!existsSync(path)) return [];
  const pkg = JSON.parse(readFileSync(path, "utf8")) as { imports?: Record<string, unknown> };
  const prefix = `@${track}/`;
  return Object.entries(pkg.imports ?? {})
    .filter(([name, target]) => name !== "#stage" && typeof target === "string")
    .map(([name, target]) => {
      const text = target as string;
      return { name, target: text.startsWith(prefix) ? text.slice(prefix.length) : text };
    })
    .sort((a, b) => a.target.localeCompare(b.target) || a.name.localeCompare(b.name));
}

/**
 * The graph of the reference track, plus the problems found: a stage whose two tracks map their
 * imports differently (a file copied between the trees would then not work unchanged).
 */
export function readGraph(stages: readonly Stage[]): { nodes: StageNode[]; problems: string[] } {
  const problems: string[] = [];
  const nodes = stages.map((stage) => {
    const imports = readImports(stage.solutionDir, "solutions");
    const learner = readImports(stage.exerciseDir, "exercises");
    const key = (list: StageImport[]) => list.map((i) => `${i.name}=${i.target}`).join(", ");
    if (key(imports) !== key(learner))
      problems.push(
        `${stage.id}: the tracks' imports differ: solutions has {${key(imports)}}, exercises has {${key(learner)}}`,
      );
    return { id: stage.id, title: stage.meta.title, imports };
  });
  return { nodes, problems };
}

/** The table: each stage, what it imports (by name) and which stages import it. */
export function renderGraph(nodes: readonly StageNode[]): string {
  const usedBy = (id: string) =>
    nodes.filter((node) => node.imports.some((i) => i.target === id)).map((node) => node.id);
  const rows = nodes.map((node) => [
    node.id,
    node.title,
    node.imports.map((i) => `${i.target} (\`${i.name}\`)`).join(", ") || "—",
    usedBy(node.id).join(", ") || "—",
  ]);
  return markdownTable(["stage", "title", "imports", "imported by"], rows);
}

/** Columns padded to their widest cell, as Biome formats a markdown table (so `biome ci` agrees). */
function markdownTable(header: readonly string[], rows: readonly (readonly string[])[]): string {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const line = (cells: readonly string[]) =>
    `| ${cells.map((cell, column) => cell.padEnd(widths[column] ?? 0)).join(" | ")} |`;
  const rule = `| ${widths.map((width) => "-".repeat(width)).join(" | ")} |`;
  return [line(header), rule, ...rows.map(line)].join("\n");
}

/** `text` with the block between the markers replaced; undefined when the markers are missing. */
export function replaceGraph(text: string, table: string): string | undefined {
  const begin = text.indexOf(graphBegin);
  const end = text.indexOf(graphEnd);
  if (begin < 0 || end < begin) return undefined;
  return `${text.slice(0, begin)}${graphBegin}\n${table}\n${text.slice(end)}`;
}
