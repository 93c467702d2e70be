// `course hint <stage>`: the next hint of the stage, one per call, remembered in .course/state.json.
import { existsSync, readFileSync } from "node:fs";
import { join, relative } from "node:path";
import pc from "picocolors";
import { nextHint, parseHints } from "../hints.ts";
import type { Stage } from "../stages.ts";
import { readProgress, readState, writeState } from "../store.ts";

/**
 * Returns the lines to print and the exit code; the state file is updated as a side effect.
 * The hint for the first failing test of the last `course test` comes first.
 */
export function showHint(
  root: string,
  stage: Stage,
  reset: boolean,
): { lines: string[]; code: number } {
  const state = readState(root);
  if (reset) {
    delete state.hintsSeen[stage.id];
    writeState(root, state);
    return { lines: [`Hints of stage ${stage.id} reset: every hint can be shown again.`], code: 0 };
  }
  const file = join(stage.exerciseDir, "HINTS.md");
  if (!existsSync(file))
    return {
      lines: [`course hint: stage ${stage.id} has no hints yet (no ${relative(root, file)})`],
      code: 1,
    };
  const hints = parseHints(readFileSync(file, "utf8"));
  const seen = state.hintsSeen[stage.id] ?? [];
  const failing = readProgress(root).stages[stage.id]?.firstFailing;
  const step = nextHint(hints, seen, failing);
  if (step.kind === "hint") {
    state.hintsSeen[stage.id] = [...seen, step.index];
    writeState(root, state);
    const left = step.of - seen.length - 1;
    const more =
      left > 0
        ? `Run it again for another hint (${left} not shown yet).`
        : "That was the last hint; run it again for the answers to the README's questions.";
    const why =
      step.forFailing && failing ? [pc.dim(`(for your first failing test: ${failing})`)] : [];
    return {
      lines: [
        pc.bold(`Hint ${step.number} of ${step.of}: ${step.hint.title}`),
        ...why,
        "",
        step.hint.body,
        "",
        pc.dim(more),
      ],
      code: 0,
    };
  }
  if (step.kind === "answers")
    return {
      lines: [
        pc.bold(`Answers (stage ${stage.id})`),
        "",
        step.text,
        "",
        pc.dim(`Start the hints over: pnpm course hint ${stage.number} --reset`),
      ],
      code: 0,
    };
  return {
    lines: [`course hint: no more hints for stage ${stage.id} (and no answers section)`],
    code: 1,
  };
}

export function hintCommand(root: string, stage: Stage, reset: boolean): number {
  const { lines, code } = showHint(root, stage, reset);
  (code === 0 ? console.log : console.error)(lines.join("\n"));
  return code;
}
