import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { showHint } from "../src/commands/hint.ts";
import { nextHint, parseHints } from "../src/hints.ts";
import { listStages } from "../src/stages.ts";
import { readState } from "../src/store.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

const markdown = `# Hints for the log

Read these one at a time.

## Hint: Where entries live

An array, 1-based indexes.

### A sub-heading stays in the hint

## Hint: Conflicts

Delete from the first conflicting index.

## Answers

1. Because §5.3 says so.
`;

describe("parsing HINTS.md", () => {
  test("hints in order with their bodies, then the answers", () => {
    const hints = parseHints(markdown);
    expect(hints.hints.map((h) => h.title)).toEqual(["Where entries live", "Conflicts"]);
    expect(hints.hints[0]?.body).toBe(
      "An array, 1-based indexes.\n\n### A sub-heading stays in the hint",
    );
    expect(hints.answers).toBe("1. Because §5.3 says so.");
  });

  test("after the last hint come the answers, again and again", () => {
    const hints = parseHints(markdown);
    expect(nextHint(hints, 0)).toMatchObject({ kind: "hint", number: 1, of: 2 });
    expect(nextHint(hints, 2)).toMatchObject({ kind: "answers" });
    expect(nextHint(hints, 3)).toMatchObject({ kind: "answers" });
    expect(nextHint(parseHints("no sections"), 0)).toEqual({ kind: "nothing" });
  });
});

describe("course hint", () => {
  let fixture: Fixture | undefined;
  afterEach(() => {
    fixture?.remove();
    fixture = undefined;
  });

  const setup = () => {
    fixture = makeFixture([
      { id: "03-log", extra: { "HINTS.md": markdown } },
      { id: "04-replication" },
    ]);
    const [log, replication] = listStages(fixture!.root);
    return { log: log!, replication: replication! };
  };
  const text = (lines: string[]) => stripVTControlCharacters(lines.join("\n"));

  test("one hint per call, remembered between calls, then the answers", () => {
    const { log } = setup();
    const first = showHint(fixture!.root, log, false);
    expect(text(first.lines)).toContain("Hint 1 of 2: Where entries live");
    expect(readState(fixture!.root).hintsShown["03-log"]).toBe(1);
    expect(text(showHint(fixture!.root, log, false).lines)).toContain("Hint 2 of 2: Conflicts");
    const answers = showHint(fixture!.root, log, false);
    expect(text(answers.lines)).toContain("1. Because §5.3 says so.");
    expect(answers.code).toBe(0);
  });

  test("--reset starts over at hint 1", () => {
    const { log } = setup();
    showHint(fixture!.root, log, false);
    showHint(fixture!.root, log, true);
    expect(readState(fixture!.root).hintsShown["03-log"]).toBeUndefined();
    expect(text(showHint(fixture!.root, log, false).lines)).toContain("Hint 1 of 2");
  });

  test("a stage without HINTS.md says so", () => {
    const { replication } = setup();
    const result = showHint(fixture!.root, replication, false);
    expect(result.code).toBe(1);
    expect(text(result.lines)).toBe(
      "course hint: stage 04-replication has no hints yet (no exercises/04-replication/HINTS.md)",
    );
  });
});
