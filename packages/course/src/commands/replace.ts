// `course adopt <stage>` (take the reference) and `course reset <stage>` (back to the starter).
// Both back up the learner's exercises/NN/src first and say where. The reference is adopted
// without its starter markers, as the learner would have written it.
import { existsSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { backupExercise } from "../backup.ts";
import type { Stage } from "../stages.ts";
import { generateStarter, readReference, writeFiles } from "../starters.ts";
import { forgetProgress } from "../store.ts";

export type Replacement = "adopt" | "reset";

/** Replaces the learner's src of the stage; returns the lines to print. */
export function replaceExercise(
  root: string,
  stage: Stage,
  how: Replacement,
  now = new Date(),
): string[] {
  const src = join(stage.exerciseDir, "src");
  // Generate first: a broken marker must fail before anything of the learner's is touched.
  const reference = join(stage.solutionDir, "src");
  const files = how === "reset" ? generateStarter(reference) : readReference(reference);
  const backup = backupExercise(root, stage, now);
  const lines = backup
    ? [`Backed up your exercises/${stage.id}/src to ${relative(root, backup)}`]
    : [`(no exercises/${stage.id}/src to back up)`];
  writeFiles(src, files);
  forgetProgress(root, stage.id);
  const what = how === "reset" ? "the starter again" : "the reference solution now";
  lines.push(pc.green(`exercises/${stage.id}/src is ${what}.`));
  lines.push(`Run its tests again to update your progress: pnpm course test ${stage.number}`);
  return lines;
}

export function replaceCommand(root: string, stage: Stage, how: Replacement): number {
  if (!existsSync(join(stage.solutionDir, "src"))) {
    console.error(
      `course ${how}: stage ${stage.id} has no reference code yet (solutions/${stage.id}/src)`,
    );
    return 1;
  }
  console.log(replaceExercise(root, stage, how).join("\n"));
  return 0;
}
