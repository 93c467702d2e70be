// HINTS.md of a stage: "## Hint: <title>" sections shown one at a time, then "## Answers".

export interface Hint {
  title: string;
  body: string;
}

export interface Hints {
  hints: Hint[];
  /** The "## Answers" section, if the file has one. */
  answers: string | undefined;
}

const hintHeading = /^##\s+Hint:\s*(.*)$/;
const answersHeading = /^##\s+Answers\s*$/;
const otherHeading = /^##\s/;

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
    hints: sections
      .filter((section) => section.kind === "hint")
      .map((section) => ({ title: section.title, body: text(section) })),
    answers: answers ? text(answers) : undefined,
  };
}

export type HintStep =
  | { kind: "hint"; hint: Hint; number: number; of: number }
  | { kind: "answers"; text: string }
  | { kind: "nothing" };

/** What the next call shows after `shown` hints: the next hint, then the answers from then on. */
export function nextHint(hints: Hints, shown: number): HintStep {
  const hint = hints.hints[shown];
  if (hint) return { kind: "hint", hint, number: shown + 1, of: hints.hints.length };
  if (hints.answers !== undefined) return { kind: "answers", text: hints.answers };
  return { kind: "nothing" };
}
