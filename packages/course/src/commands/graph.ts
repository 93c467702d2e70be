// `course graph`: print the stage dependency graph, or keep the copies of it in README.md and
// CONTRIBUTING.md equal to what the stages' package.json imports say (--update, --check for CI).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { graphEnd, readGraph, renderGraph, replaceGraph } from "../stage-graph.ts";
import type { Stage } from "../stages.ts";

export type GraphMode = "print" | "check" | "update";

/** The files that hold a copy of the graph between the markers. */
export const graphFiles = ["README.md", "CONTRIBUTING.md"];

/** Returns the process exit code. */
export function graphCommand(root: string, stages: readonly Stage[], mode: GraphMode): number {
  const { nodes, problems } = readGraph(stages);
  for (const problem of problems) console.error(`graph: ${problem}`);
  const table = renderGraph(nodes);
  if (mode === "print") {
    console.log(table);
    return problems.length === 0 ? 0 : 1;
  }
  let stale = 0;
  for (const file of graphFiles) {
    const path = join(root, file);
    const text = readFileSync(path, "utf8");
    const updated = replaceGraph(text, table);
    if (updated === undefined) {
      console.error(`graph: ${file} has no stage-graph:begin/end markers to fill (${graphEnd})`);
      stale++;
    } else if (updated !== text) {
      if (mode === "update") writeFileSync(path, updated);
      else console.error(`graph: ${file} is out of date (run: pnpm course graph --update)`);
      stale += mode === "check" ? 1 : 0;
    }
  }
  if (stale === 0 && problems.length === 0 && mode === "check")
    console.log(`graph: ${graphFiles.join(" and ")} show the ${nodes.length} stages' imports`);
  return stale === 0 && problems.length === 0 ? 0 : 1;
}
