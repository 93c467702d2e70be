import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { showHint } from "../src/commands/hint.ts";
import { nextHint, parseHints } from "../src/hints.ts";
import { listStages } from "../src/stages.ts";
import { readState, recordProgress } from "../src/store.ts";
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
    expect(nextHint(hints, [])).toMatchObject({ kind: "hint", number: 1, of: 2 });
    expect(nextHint(hints, [0, 1])).toMatchObject({ kind: "answers" });
    expect(nextHint(hints, [1, 0])).toMatchObject({ kind: "answers" });
    expect(nextHint(parseHints("no sections"), [])).toEqual({ kind: "nothing" });
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
    expect(readState(fixture!.root).hintsSeen["03-log"]).toEqual([0]);
    expect(text(showHint(fixture!.root, log, false).lines)).toContain("Hint 2 of 2: Conflicts");
    const answers = showHint(fixture!.root, log, false);
    expect(text(answers.lines)).toContain("1. Because §5.3 says so.");
    expect(answers.code).toBe(0);
  });

  test("--reset starts over at hint 1", () => {
    const { log } = setup();
    showHint(fixture!.root, log, false);
    showHint(fixture!.root, log, true);
    expect(readState(fixture!.root).hintsSeen["03-log"]).toBeUndefined();
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

const mapped = `## Hint: Appending

Helps with: log.test.ts > RaftLog > append

Push to the array.

## Hint: Conflicts

Helps with: log.test.ts > conflicts; replication.test.ts

Delete from the first conflicting index.

## Hint: Persisting

Helps with: log.test.ts > conflicts > truncates the file

fsync.

## Answers

Because.
`;

describe("hints follow the failure", () => {
  test("a 'Helps with:' line names tests by a leading part of 'file > describe > test'; it is not part of the hint", () => {
    const hints = parseHints(mapped);
    expect(hints.hints[1]?.helpsWith).toEqual(["log.test.ts > conflicts", "replication.test.ts"]);
    expect(hints.hints[1]?.body).toBe("Delete from the first conflicting index.");
  });

  test("the hint for the first failing test first, then the other hints in order, then the answers", () => {
    const hints = parseHints(mapped);
    const failing = "log.test.ts > conflicts > truncates the file";
    const order: string[] = [];
    const seen: number[] = [];
    for (let call = 0; call < 4; call++) {
      const step = nextHint(hints, seen, failing);
      if (step.kind !== "hint") {
        order.push(step.kind);
        break;
      }
      order.push(step.hint.title);
      seen.push(step.index);
    }
    expect(order).toEqual(["Conflicts", "Persisting", "Appending", "answers"]);
    expect(nextHint(hints, [], "replication.test.ts > anything")).toMatchObject({
      kind: "hint",
      number: 2,
      forFailing: true,
    });
    expect(nextHint(hints, [], undefined)).toMatchObject({ number: 1, forFailing: false });
  });

  test("course hint reads the first failing test that course test recorded, and says so", () => {
    const fixture = makeFixture([{ id: "03-log", extra: { "HINTS.md": mapped } }]);
    try {
      const [log] = listStages(fixture.root);
      recordProgress(fixture.root, "03-log", {
        passed: 1,
        total: 5,
        brokenFiles: 0,
        at: "2025-01-01T00:00:00.000Z",
        firstFailing: "log.test.ts > conflicts > truncates the file",
      });
      const first = stripVTControlCharacters(showHint(fixture.root, log!, false).lines.join("\n"));
      expect(first).toMatch(
        /^Hint 2 of 3: Conflicts\n\(for your first failing test: log\.test\.ts > conflicts > truncates the file\)/,
      );
      const second = stripVTControlCharacters(showHint(fixture.root, log!, false).lines.join("\n"));
      expect(second).toMatch(/^Hint 3 of 3: Persisting/);
    } finally {
      fixture.remove();
    }
  });

  test("a state file from before (a count of hints shown) reads as those hints seen", () => {
    const fixture = makeFixture([{ id: "03-log" }]);
    try {
      fixture.write(".course/state.json", JSON.stringify({ hintsShown: { "03-log": 2 } }));
      expect(readState(fixture.root).hintsSeen).toEqual({ "03-log": [0, 1] });
    } finally {
      fixture.remove();
    }
  });
});

describe("the stages' HINTS.md", () => {
  test("every 'Helps with:' entry starts with a test file of its stage", () => {
    const repo = join(import.meta.dirname, "..", "..", "..");
    const wrong: string[] = [];
    for (const stage of listStages(repo, true)) {
      const file = join(stage.exerciseDir, "HINTS.md");
      if (!existsSync(file)) continue;
      for (const hint of parseHints(readFileSync(file, "utf8")).hints)
        for (const name of hint.helpsWith) {
          const testFile = name.split(" > ")[0] ?? "";
          if (!existsSync(join(stage.exerciseDir, "test", testFile)))
            wrong.push(`${stage.id} "${hint.title}": ${name}`);
        }
    }
    expect(wrong, "a 'Helps with:' entry names a test file that does not exist").toEqual([]);
  });
});
