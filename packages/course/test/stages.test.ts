import { afterEach, describe, expect, test } from "vitest";
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
