import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import {
  codeState,
  nextLine,
  stageStatus,
  statusLines,
  statusTable,
} from "../src/commands/status.ts";
import { listStages } from "../src/stages.ts";
import { type LearnerProgress, readProgress, recordProgress } from "../src/store.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

const at = "2025-01-01T00:00:00.000Z";

function setup(progress: LearnerProgress["stages"]) {
  fixture = makeFixture([
    { id: "01-kv-server", course: { title: "Key-value server" } },
    { id: "02-event-loop", course: { title: "Event loop" } },
    { id: "03-log", course: { title: "The log" } },
  ]);
  for (const [id, entry] of Object.entries(progress)) recordProgress(fixture!.root, id, entry);
  return { stages: listStages(fixture!.root), progress: readProgress(fixture!.root) };
}
const plain = (lines: string[]) => lines.map((line) => stripVTControlCharacters(line));

describe("status", () => {
  test("each stage's status follows from its last result", () => {
    expect(stageStatus(undefined)).toBe("not started");
    expect(stageStatus({ passed: 3, total: 8, brokenFiles: 0, at })).toBe("in progress");
    expect(stageStatus({ passed: 8, total: 8, brokenFiles: 0, at })).toBe("passed");
    expect(stageStatus({ passed: 8, total: 8, brokenFiles: 1, at })).toBe("does not compile");
    expect(stageStatus({ passed: 8, total: 8, brokenFiles: 0, typeErrors: 2, at })).toBe(
      "does not compile",
    );
    expect(stageStatus({ passed: 0, total: 0, brokenFiles: 0, at })).toBe("no tests yet");
  });

  test("the code decides first: untouched is 'not started', the reference is 'adopted', edited but untested is 'in progress'", () => {
    const reference = {
      "log.ts": [
        "export function f(): number {",
        "  // solution:begin",
        "  return 1;",
        "  // solution:end",
        '  // starter: throw new Error("not implemented: f");',
        "}",
        "",
      ].join("\n"),
    };
    const starter = 'export function f(): number {\n  throw new Error("not implemented: f");\n}\n';
    const adopted = "export function f(): number {\n  return 1;\n}\n";
    const mine = "export function f(): number {\n  return 2;\n}\n";
    fixture = makeFixture([
      { id: "01-a", reference, exercise: { "log.ts": starter } },
      { id: "02-b", reference, exercise: { "log.ts": adopted } },
      { id: "03-c", reference, exercise: { "log.ts": mine } },
      { id: "04-d", reference, exercise: { "log.ts": mine } },
    ]);
    const root = fixture.root;
    const stages = listStages(root);
    expect(stages.map((stage) => codeState(stage))).toEqual([
      "starter",
      "reference",
      "edited",
      "edited",
    ]);
    // A stale result does not outweigh the code: the starter was restored since.
    recordProgress(root, "01-a", { passed: 3, total: 5, brokenFiles: 0, at });
    recordProgress(root, "04-d", { passed: 2, total: 5, brokenFiles: 0, at });
    const rows = plain(statusTable(stages, readProgress(root)));
    expect(rows.slice(1).map((row) => row.split(/\s{2,}/).at(-1))).toEqual([
      "not started",
      "adopted",
      "in progress",
      "in progress 2/5",
    ]);
  });

  test("the table and the next step (skipping stages without tests) come from the progress file", () => {
    const { stages, progress } = setup({
      "01-kv-server": { passed: 12, total: 12, brokenFiles: 0, at },
      "02-event-loop": { passed: 0, total: 0, brokenFiles: 0, at },
    });
    expect(plain(statusLines(stages, progress))).toEqual([
      "stage  title             tests  status",
      "01     Key-value server  12/12  passed",
      "02     Event loop        0/0    no tests yet",
      "03     The log           –      not started",
      "",
      "Next: stage 03 The log — read exercises/03-log/README.md, then run: pnpm course test 3",
    ]);
  });

  test("a stage in progress says how far along it is", () => {
    const { stages, progress } = setup({
      "01-kv-server": { passed: 5, total: 12, brokenFiles: 0, at },
    });
    expect(stripVTControlCharacters(nextLine(stages, progress))).toBe(
      "Next: stage 01 Key-value server — 5 of 12 tests pass; keep going: pnpm course test 1 (stuck? pnpm course hint 1)",
    );
  });

  test("when every stage is done, it says so", () => {
    const done = { passed: 1, total: 1, brokenFiles: 0, at };
    const { stages, progress } = setup({
      "01-kv-server": done,
      "02-event-loop": done,
      "03-log": done,
    });
    expect(stripVTControlCharacters(nextLine(stages, progress))).toMatch(/^All stages done/);
  });

  test("a corrupt progress file reads as no progress", () => {
    const { stages } = setup({});
    fixture!.write(".course/progress.json", "{ not json");
    expect(readProgress(fixture!.root)).toEqual({ stages: {} });
    expect(plain(statusLines(stages, readProgress(fixture!.root)))[1]).toContain("not started");
  });
});
