// `course restore <stage> [n]`: the backups `adopt` and `reset` made of exercises/NN/src, newest
// first; with a number, that backup comes back (the current code is backed up first, as always).
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { backupExercise } from "../backup.ts";
import type { Stage } from "../stages.ts";
import { listFiles, writeFiles } from "../starters.ts";
import { courseDir, forgetProgress } from "../store.ts";

export interface Backup {
  /** The folder name: the ISO time of the backup, colons as dashes. */
  stamp: string;
  /** Its src folder. */
  dir: string;
  files: number;
}

/** The stage's backups, newest first. */
export function listBackups(root: string, stage: Stage): Backup[] {
  const dir = join(courseDir(root), "backups", stage.id);
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((stamp) => existsSync(join(dir, stamp, "src")))
    .sort()
    .reverse()
    .map((stamp) => {
      const src = join(dir, stamp, "src");
      return { stamp, dir: src, files: listFiles(src).length };
    });
}

/** "2025-01-02T03-04-05.678Z" → "2025-01-02 03:04:05 UTC". */
function when(stamp: string): string {
  const match = /^(\d{4}-\d\d-\d\d)T(\d\d)-(\d\d)-(\d\d)/.exec(stamp);
  return match ? `${match[1]} ${match[2]}:${match[3]}:${match[4]} UTC` : stamp;
}

export function restoreLines(
  root: string,
  stage: Stage,
  choice: string | undefined,
): { lines: string[]; code: number } {
  const backups = listBackups(root, stage);
  if (backups.length === 0)
    return {
      lines: [`course restore: stage ${stage.id} has no backups (adopt and reset make them)`],
      code: 1,
    };
  if (choice === undefined) {
    const lines = [pc.bold(`Backups of exercises/${stage.id}/src, newest first:`)];
    for (const [index, backup] of backups.entries())
      lines.push(`  ${index + 1}  ${when(backup.stamp)}  (${backup.files} files)`);
    lines.push("", `Bring one back: pnpm course restore ${stage.number} <number>`);
    return { lines, code: 0 };
  }
  const number = Number(choice);
  const backup = Number.isInteger(number) ? backups[number - 1] : undefined;
  if (!backup)
    return {
      lines: [`course restore: no backup ${choice}; choose 1 to ${backups.length}`],
      code: 2,
    };
  const files = new Map(
    listFiles(backup.dir).map((file) => [file, readFileSync(join(backup.dir, file), "utf8")]),
  );
  const saved = backupExercise(root, stage);
  writeFiles(join(stage.exerciseDir, "src"), files);
  forgetProgress(root, stage.id);
  return {
    lines: [
      ...(saved ? [`Backed up your current code to ${relative(root, saved)}`] : []),
      pc.green(`exercises/${stage.id}/src is the backup of ${when(backup.stamp)} again.`),
      `Run its tests: pnpm course test ${stage.number}`,
    ],
    code: 0,
  };
}

export function restoreCommand(root: string, stage: Stage, choice: string | undefined): number {
  const { lines, code } = restoreLines(root, stage, choice);
  (code === 0 ? console.log : console.error)(lines.join("\n"));
  return code;
}
