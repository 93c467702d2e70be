import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { diffStage } from "../src/commands/diff.ts";
import { replaceExercise } from "../src/commands/replace.ts";
import { listStages } from "../src/stages.ts";
import { readProgress, recordProgress } from "../src/store.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

const reference = {
  "log.ts": [
    "export function lastIndex(): number {",
    "  // solution:begin",
    "  return 0;",
    "  // solution:end",
    '  // starter: throw new Error("not implemented: lastIndex");',
    "}",
    "",
  ].join("\n"),
  "notes.md": "kept as it is\n",
};
const learnerCode = {
  "log.ts": "export function lastIndex(): number {\n  return 42;\n}\n",
  "mine.ts": "x\n",
};

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

function setup() {
  fixture = makeFixture([{ id: "03-log", reference, exercise: learnerCode }]);
  const stage = listStages(fixture!.root)[0]!;
  const src = join(stage.exerciseDir, "src");
  const read = (dir: string, file: string) => readFileSync(join(dir, file), "utf8");
  return { stage, src, read };
}

const at = new Date("2025-01-02T03:04:05.678Z");
const backupSrc = (root: string) =>
  join(root, ".course", "backups", "03-log", "2025-01-02T03-04-05.678Z", "src");

describe("adopt and reset", () => {
  test("adopt backs up the learner's src, then replaces it with the reference without markers", () => {
    const { stage, src, read } = setup();
    const lines = replaceExercise(fixture!.root, stage, "adopt", at);
    const backup = backupSrc(fixture!.root);
    expect(read(backup, "log.ts")).toBe(learnerCode["log.ts"]);
    expect(read(backup, "mine.ts")).toBe("x\n");
    expect(stripVTControlCharacters(lines[0] ?? "")).toBe(
      "Backed up your exercises/03-log/src to .course/backups/03-log/2025-01-02T03-04-05.678Z/src",
    );
    expect(read(src, "log.ts")).toBe("export function lastIndex(): number {\n  return 0;\n}\n");
    expect(readdirSync(src).sort()).toEqual(["log.ts", "notes.md"]);
  });

  test("reset backs up the learner's src, then restores the generated starter", () => {
    const { stage, src, read } = setup();
    replaceExercise(fixture!.root, stage, "reset", at);
    expect(read(backupSrc(fixture!.root), "log.ts")).toBe(learnerCode["log.ts"]);
    expect(read(src, "log.ts")).toContain('throw new Error("not implemented: lastIndex");');
    expect(existsSync(join(src, "mine.ts"))).toBe(false);
  });

  test("the stage's last test result is forgotten: it described the code that was replaced", () => {
    const { stage } = setup();
    const result = { passed: 3, total: 3, brokenFiles: 0, at: at.toISOString() };
    recordProgress(fixture!.root, stage.id, result);
    recordProgress(fixture!.root, "01-kv-server", result);
    replaceExercise(fixture!.root, stage, "reset", at);
    expect(readProgress(fixture!.root).stages).toEqual({ "01-kv-server": result });
  });

  test("two backups in the same millisecond do not overwrite each other", () => {
    const { stage } = setup();
    replaceExercise(fixture!.root, stage, "reset", at);
    replaceExercise(fixture!.root, stage, "adopt", at);
    const stamps = readdirSync(join(fixture!.root, ".course", "backups", "03-log"));
    expect(stamps.sort()).toEqual(["2025-01-02T03-04-05.678Z", "2025-01-02T03-04-05.678Z-2"]);
  });
});

describe("diff", () => {
  test("after adopt there are no differences", () => {
    const { stage } = setup();
    replaceExercise(fixture!.root, stage, "adopt", at);
    expect(diffStage(stage)).toEqual([]);
  });

  test("changed files and files on one side only each get a patch", () => {
    const { stage } = setup();
    const patches = diffStage(stage);
    expect(patches).toHaveLength(3);
    const [log, mine, notes] = patches;
    expect(log).toContain("-  return 42;\n+  return 0;");
    expect(log).not.toContain("solution:begin");
    expect(mine).toContain("+++ /dev/null");
    expect(notes).toContain("--- /dev/null");
  });
});
