// Before `adopt` or `reset` replace the learner's code, a copy goes to .course/backups/.
import { cpSync, existsSync } from "node:fs";
import { join } from "node:path";
import type { Stage } from "./stages.ts";
import { courseDir } from "./store.ts";

/** Copies exercises/NN/src to .course/backups/NN-name/<timestamp>/src; undefined if there is no src. */
export function backupExercise(root: string, stage: Stage, now = new Date()): string | undefined {
  const src = join(stage.exerciseDir, "src");
  if (!existsSync(src)) return undefined;
  // Colons are not allowed in Windows file names; the ISO time stays sortable without them.
  const stamp = now.toISOString().replaceAll(":", "-");
  let dest = join(courseDir(root), "backups", stage.id, stamp, "src");
  for (let n = 2; existsSync(dest); n++)
    dest = join(courseDir(root), "backups", stage.id, `${stamp}-${n}`, "src");
  cpSync(src, dest, { recursive: true });
  return dest;
}
