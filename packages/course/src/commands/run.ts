// `course run <stage> [--solution] -- <args>`: starts the stage's program with tsx, from the
// learner's track or the reference, with the terminal, signals and exit code passed through.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import { runChild } from "../child.ts";
import type { Stage } from "../stages.ts";

/** The program file of the stage on a track, or an error text. */
export function programPath(
  root: string,
  stage: Stage,
  solution: boolean,
): { file: string } | { error: string; code: number } {
  const program = stage.meta.run;
  if (!program) return { error: `course run: stage ${stage.id} has no program to run`, code: 2 };
  const file = join(solution ? stage.solutionDir : stage.exerciseDir, program);
  if (!existsSync(file))
    return { error: `course run: ${relative(root, file)} does not exist yet`, code: 1 };
  return { file };
}

/** tsx as a loader in this very node: one process, so signals and exit codes need no relay. */
function tsxLoader(): string {
  return import.meta.resolve("tsx");
}

export async function runCommand(
  root: string,
  stage: Stage,
  solution: boolean,
  args: string[],
): Promise<number> {
  const program = programPath(root, stage, solution);
  if ("error" in program) {
    console.error(program.error);
    return program.code;
  }
  return runChild(process.execPath, ["--import", tsxLoader(), program.file, ...args]);
}
