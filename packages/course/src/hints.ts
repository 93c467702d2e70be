// HINTS.md of a stage: "## Hint: <title>" sections shown one at a time, then "## Answers".
// A hint may start with a line "Helps with: <test>; <test>" naming the tests it helps with, each
// as "file > describe > test" or any leading part of it ("store.test.ts > INCR"): `course hint`
// then offers it first while the learner's first failing test is one of them.

export interface Hint {
  title: string;
  body: string;
  /** Leading parts of the test names ("store.test.ts > INCR") this hint helps with. */
  helpsWith: string[];
}

export interface Hints {
  hints: Hint[];
  /** The "## Answers" section, if the file has one. */
  answers: string | undefined;
}

const hintHeading = /^##\s+Hint:\s*(.*)$/;
const answersHeading = /^##\s+Answers\s*$/;
const otherHeading = /^##\s/;
const helpsWithLine = /^Helps with:\s*(.*)$/i;

interface Section {
  kind: "hint" | "answers" | "other";
  title: string;
  lines: string[];
}

/** Splits HINTS.md into its hints and answers; text before the first hint and other sections are ignored. */
export function parseHints(markdown: string): Hints {
  const sections: Section[] = [];
  for (const line of markdown.split("\n")) {
    const hint = hintHeading.exec(line);
    if (hint) sections.push({ kind: "hint", title: hint[1]?.trim() ?? "", lines: [] });
    else if (answersHeading.test(line))
      sections.push({ kind: "answers", title: "Answers", lines: [] });
    else if (otherHeading.test(line)) sections.push({ kind: "other", title: line, lines: [] });
    else sections.at(-1)?.lines.push(line);
  }
  const text = (section: Section) => section.lines.join("\n").trim();
  const answers = sections.find((section) => section.kind === "answers");
  return {
    hints: sections.filter((section) => section.kind === "hint").map(toHint),
    answers: answers ? text(answers) : undefined,
  };
}

function toHint(section: Section): Hint {
  const helpsWith: string[] = [];
  const body: string[] = [];
  for (const line of section.lines) {
    const match = helpsWithLine.exec(line.trim());
    if (match) helpsWith.push(...splitTests(match[1] ?? ""));
    else body.push(line);
  }
  return { title: section.title, body: body.join("\n").trim(), helpsWith };
}

function splitTests(list: string): string[] {
  return list
    .split(";")
    .map((name) => name.trim().replace(/^`|`$/g, ""))
    .filter((name) => name.length > 0);
}

/** True when the hint names the test ("file > describe > test") or a leading part of it. */
export function helpsWith(hint: Hint, testKey: string): boolean {
  const withoutFile = testKey.slice(testKey.indexOf(" > ") + 3);
  return hint.helpsWith.some(
    (name) => isLeadingPart(testKey, name) || isLeadingPart(withoutFile, name),
  );
}

/** A leading part of the name, so long describe titles can be cut short ("votes.test.ts > Candidates"). */
function isLeadingPart(key: string, name: string): boolean {
  return key.startsWith(name);
}

export type HintStep =
  | {
      kind: "hint";
      hint: Hint;
      /** Index in the file, 0-based. */
      index: number;
      /** 1-based place in the file, and how many hints there are. */
      number: number;
      of: number;
      /** Chosen because it helps with the learner's first failing test. */
      forFailing: boolean;
    }
  | { kind: "answers"; text: string }
  | { kind: "nothing" };

/**
 * What the next call shows: a hint not seen yet that helps with the first failing test, else the
 * first hint not seen yet, and once all are seen the answers, again and again.
 */
export function nextHint(hints: Hints, seen: readonly number[], failing?: string): HintStep {
  const unseen = hints.hints.map((_, index) => index).filter((index) => !seen.includes(index));
  const helping = failing
    ? unseen.filter((index) => helpsWith(hints.hints[index] as Hint, failing))
    : [];
  const index = helping[0] ?? unseen[0];
  const hint = index === undefined ? undefined : hints.hints[index];
  if (hint && index !== undefined)
    return {
      kind: "hint",
      hint,
      index,
      number: index + 1,
      of: hints.hints.length,
      forFailing: helping.length > 0,
    };
  if (hints.answers !== undefined) return { kind: "answers", text: hints.answers };
  return { kind: "nothing" };
}
