import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterEach, describe, expect, test } from "vitest";
import { diffStage, matchFile } from "../src/commands/diff.ts";
import { replaceExercise } from "../src/commands/replace.ts";
import { listBackups, restoreLines } from "../src/commands/restore.ts";
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

describe("course restore and course diff <stage> <file>", () => {
  test("restore lists the backups newest first, brings the chosen one back, and backs up the current code", () => {
    const { stage, src, read } = setup();
    const root = fixture!.root;
    replaceExercise(root, stage, "reset", new Date("2025-01-01T00:00:00.000Z"));
    replaceExercise(root, stage, "adopt", new Date("2025-01-02T00:00:00.000Z"));
    const listing = restoreLines(root, stage, undefined);
    expect(listing.code).toBe(0);
    expect(stripVTControlCharacters(listing.lines.join("\n"))).toMatch(
      /1 {2}2025-01-02 00:00:00 UTC {2}\(2 files\)\n {2}2 {2}2025-01-01 00:00:00 UTC {2}\(2 files\)/,
    );
    // Backup 2 is the learner's own code, from before the reset.
    expect(restoreLines(root, stage, "2").code).toBe(0);
    expect(read(src, "log.ts")).toBe(learnerCode["log.ts"]);
    expect(read(src, "mine.ts")).toBe("x\n");
    expect(listBackups(root, stage)).toHaveLength(3);
    expect(restoreLines(root, stage, "9")).toEqual({
      lines: ["course restore: no backup 9; choose 1 to 3"],
      code: 2,
    });
  });

  test("diff with a file shows that file only; the name may be short", () => {
    const { stage } = setup();
    expect(matchFile(stage, "log")).toBe("log.ts");
    expect(matchFile(stage, "src/mine.ts")).toBe("mine.ts");
    expect(matchFile(stage, "nothing.ts")).toBeUndefined();
    const patches = diffStage(stage, "log.ts");
    expect(patches).toHaveLength(1);
    expect(patches[0]).toContain("exercises/03-log/src/log.ts");
    expect(diffStage(stage)).toHaveLength(3);
  });
});
