// mutation/survivors.md: one line per surviving mutant that no test kills, with why that is fine.
// A line names the mutant by file, mutator, original code and replacement (the line number is
// shown but not matched, so edits above a survivor do not orphan its explanation).
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";

export interface Survivor {
  stage: string;
  /** Path from solutions/, e.g. 04-replication/src/node.ts */
  file: string;
  line: number;
  mutator: string;
  original: string;
  replacement: string;
  noCoverage: boolean;
}

const survivorsPath = join(import.meta.dirname, "survivors.md");
// Code spans as biome's markdown format leaves them: `code`, or `` code `` when it holds a backtick.
const linePattern = /^- `([^`]+):(\d+)` (\w+): (`+) ?(.*?) ?\4 → (`+) ?(.*?) ?\6 — (.+)$/;

/** Code as survivors.md shows it: one line, and no `` that would end the markdown code span. */
const shown = (code: string) => code.replace(/\s+/g, " ").trim().replaceAll("``", "` `");

export function survivorKey(s: Pick<Survivor, "file" | "mutator" | "original" | "replacement">) {
  return [s.file, s.mutator, shown(s.original), shown(s.replacement)].join(" | ");
}

function span(code: string): string {
  const text = shown(code);
  return text.includes("`") ? `\`\` ${text} \`\`` : `\`${text}\``;
}

/** The line survivors.md holds for this mutant (reason: why it is equivalent or cannot matter). */
export function survivorLine(s: Survivor, reason: string): string {
  return `- \`${s.file}:${s.line}\` ${s.mutator}: ${span(s.original)} → ${span(s.replacement)} — ${reason}`;
}

/** Keys of the explained survivors, each as often as survivors.md lists it. */
function explainedKeys(): Map<string, number> {
  const keys = new Map<string, number>();
  if (!existsSync(survivorsPath)) return keys;
  for (const text of readFileSync(survivorsPath, "utf8").split("\n")) {
    const match = text.match(linePattern);
    if (!match) continue;
    const [, location, , mutator, , original, , replacement] = match;
    const file = location!.replace(/:\d+$/, "");
    const key = survivorKey({
      file,
      mutator: mutator!,
      original: original!,
      replacement: replacement!,
    });
    keys.set(key, (keys.get(key) ?? 0) + 1);
  }
  return keys;
}

/** The survivors that survivors.md does not explain (each listed line explains one mutant). */
export function unexplainedSurvivors(survivors: Survivor[]): Survivor[] {
  const remaining = explainedKeys();
  return survivors.filter((s) => {
    const key = survivorKey(s);
    const left = remaining.get(key) ?? 0;
    if (left === 0) return true;
    remaining.set(key, left - 1);
    return false;
  });
}
