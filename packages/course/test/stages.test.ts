import { afterEach, describe, expect, test } from "vitest";
import { compareRanks, suggestedRank } from "../src/reporter.ts";
import { findStage, listStages } from "../src/stages.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

let fixture: Fixture | undefined;
afterEach(() => fixture?.remove());

describe("listStages", () => {
  test("stages come in folder order, and a draft stage is left out unless asked for", () => {
    fixture = makeFixture([
      { id: "02-event-loop", course: { title: "Event loop" } },
      { id: "01-kv-server", course: { title: "Key-value server" } },
      { id: "03-log", course: { title: "The log", draft: true } },
    ]);
    expect(listStages(fixture.root, false).map((stage) => stage.id)).toEqual([
      "01-kv-server",
      "02-event-loop",
    ]);
    expect(listStages(fixture.root, true).map((stage) => stage.id)).toEqual([
      "01-kv-server",
      "02-event-loop",
      "03-log",
    ]);
  });

  test("a stage is found by number, padded number, folder name or slug", () => {
    fixture = makeFixture([{ id: "03-log" }, { id: "04-replication" }]);
    const stages = listStages(fixture.root, false);
    for (const name of ["3", "03", "03-log", "log", "LOG"]) {
      expect(findStage(stages, name)?.id, `stage name '${name}'`).toBe("03-log");
    }
    expect(findStage(stages, "5")).toBeUndefined();
  });
});

describe("the order test files are shown in", () => {
  test("stage by stage, then the stage's testOrder, then the rest by name", () => {
    fixture = makeFixture([
      { id: "03-log", course: { title: "The log", testOrder: ["log.test.ts", "figure7.test.ts"] } },
      { id: "04-replication", course: { title: "Replication" } },
    ]);
    const stages = listStages(fixture.root, false);
    const files: [string, string][] = [
      ["exercise:04-replication", "a.test.ts"],
      ["exercise:03-log", "crc32.test.ts"],
      ["exercise:03-log", "figure7.test.ts"],
      ["exercise:03-log", "a.test.ts"],
      ["exercise:03-log", "log.test.ts"],
    ];
    const sorted = files
      .map(([project, file]) => ({ project, file, rank: suggestedRank(stages, project, file) }))
      .sort((a, b) => compareRanks(a.rank, b.rank))
      .map(({ project, file }) => `${project.split(":")[1]}/${file}`);
    expect(sorted).toEqual([
      "03-log/log.test.ts",
      "03-log/figure7.test.ts",
      "03-log/a.test.ts",
      "03-log/crc32.test.ts",
      "04-replication/a.test.ts",
    ]);
  });
});
