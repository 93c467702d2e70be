// `course starters`: keep the shipped starters (exercises/NN/src) equal to what the generator makes.
import { join } from "node:path";
import { listStages, type Stage } from "../stages.ts";
import { diffFiles, generateStarter, writeFiles } from "../starters.ts";

export type StartersMode = "check" | "pristine" | "update";

/** Returns the process exit code. */
export function startersCommand(mode: StartersMode, stages: Stage[] = listStages()): number {
  let problems = 0;
  for (const stage of stages) {
    const starter = generateStarter(join(stage.solutionDir, "src"));
    if (mode === "pristine") writeFiles(join(stage.pristineDir, "src"), starter);
    if (mode === "update") writeFiles(join(stage.exerciseDir, "src"), starter);
    if (mode === "check") {
      for (const problem of diffFiles(join(stage.exerciseDir, "src"), starter)) {
        console.error(`exercises/${stage.id}/src: ${problem} (run: pnpm course starters --update)`);
        problems++;
      }
    }
  }
  if (mode === "check" && problems === 0)
    console.log(`starters: all ${stages.length} stages match the reference`);
  return problems === 0 ? 0 : 1;
}
