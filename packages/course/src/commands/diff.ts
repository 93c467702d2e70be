// `course diff <stage>`: the learner's exercises/NN/src against the reference, a unified diff per file.
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createTwoFilesPatch } from "diff";
import pc from "picocolors";
import type { Stage } from "../stages.ts";
import { listFiles, readReference } from "../starters.ts";

/** The files of the stage's src on either side, relative to src. */
export function stageFiles(stage: Stage): string[] {
  const referenceDir = join(stage.solutionDir, "src");
  const reference = existsSync(referenceDir) ? listFiles(referenceDir) : [];
  return [...new Set([...filesIn(join(stage.exerciseDir, "src")), ...reference])].sort();
}

/**
 * The file a learner means: "store.ts", "src/store.ts", "exercises/01-kv-server/src/store.ts"
 * or a unique end of a path ("resp-parser"); undefined when none or several match.
 */
export function matchFile(stage: Stage, wanted: string): string | undefined {
  const files = stageFiles(stage);
  const name = wanted.replaceAll("\\", "/").replace(/^.*?src\//, "");
  const exact = files.find((file) => file === name);
  if (exact) return exact;
  const ends = files.filter(
    (file) => file.endsWith(`/${name}`) || file.replace(/\.ts$/, "").endsWith(name),
  );
  return ends.length === 1 ? ends[0] : undefined;
}

/** Unified diffs of every file that differs or exists on one side only; empty when equal. */
export function diffStage(stage: Stage, only?: string): string[] {
  const mine = join(stage.exerciseDir, "src");
  // The reference without its starter markers: what the learner's code would look like.
  const referenceDir = join(stage.solutionDir, "src");
  const reference = existsSync(referenceDir)
    ? readReference(referenceDir)
    : new Map<string, string>();
  const all = [...new Set([...filesIn(mine), ...reference.keys()])].sort();
  const files = only === undefined ? all : all.filter((file) => file === only);
  const patches: string[] = [];
  for (const file of files) {
    const left = readIfExists(join(mine, file));
    const right = reference.get(file);
    if (left === right) continue;
    patches.push(
      createTwoFilesPatch(
        left === undefined ? "/dev/null" : `exercises/${stage.id}/src/${file}`,
        right === undefined ? "/dev/null" : `solutions/${stage.id}/src/${file}`,
        left ?? "",
        right ?? "",
        left === undefined ? "(only in the reference)" : "yours",
        right === undefined ? "(only in yours)" : "reference",
      ),
    );
  }
  return patches;
}

function filesIn(dir: string): string[] {
  return existsSync(dir) ? listFiles(dir) : [];
}

function readIfExists(path: string): string | undefined {
  return existsSync(path) ? readFileSync(path, "utf8") : undefined;
}

/** Colors a unified diff the usual way: removals red, additions green, hunk headers cyan. */
export function colorPatch(patch: string): string {
  return patch
    .split("\n")
    .map((line) => {
      if (line.startsWith("===")) return pc.dim(line);
      if (line.startsWith("---") || line.startsWith("+++")) return pc.bold(line);
      if (line.startsWith("@@")) return pc.cyan(line);
      if (line.startsWith("-")) return pc.red(line);
      if (line.startsWith("+")) return pc.green(line);
      return line;
    })
    .join("\n");
}

export function diffCommand(stage: Stage, wanted?: string): number {
  const file = wanted === undefined ? undefined : matchFile(stage, wanted);
  if (wanted !== undefined && file === undefined) {
    const choices = stageFiles(stage).join(", ");
    console.error(
      `course diff: stage ${stage.id} has no file '${wanted}'; choose one of: ${choices}`,
    );
    return 2;
  }
  const patches = diffStage(stage, file);
  if (patches.length === 0) {
    const what = file === undefined ? "src" : `src/${file}`;
    console.log(`exercises/${stage.id}/${what} and solutions/${stage.id}/${what}: no differences`);
    return 0;
  }
  console.log(patches.map(colorPatch).join("\n"));
  console.log(
    pc.dim(
      `(- yours, + reference; ${patches.length} file${patches.length === 1 ? "" : "s"} differ)`,
    ),
  );
  return 0;
}
