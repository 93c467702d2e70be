import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { graphCommand } from "../src/commands/graph.ts";
import { graphBegin, graphEnd } from "../src/stage-graph.ts";
import { listStages } from "../src/stages.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.remove();
  vi.restoreAllMocks();
});

/** Two stages: 02-b imports 01-a as #a, in both tracks (or, with `learnerTarget`, elsewhere). */
function twoStages(learnerTarget = "@exercises/01-a"): Fixture {
  const made = makeFixture([{ id: "01-a" }, { id: "02-b" }]);
  const pkg = (track: string, id: string, imports: Record<string, string>) =>
    JSON.stringify({ name: `@${track}/${id}`, imports, course: { title: `Stage ${id}` } });
  made.write(
    "solutions/01-a/package.json",
    pkg("solutions", "01-a", { "#stage": "./src/index.ts" }),
  );
  made.write(
    "exercises/01-a/package.json",
    pkg("exercises", "01-a", { "#stage": "./src/index.ts" }),
  );
  made.write("solutions/02-b/package.json", pkg("solutions", "02-b", { "#a": "@solutions/01-a" }));
  made.write("exercises/02-b/package.json", pkg("exercises", "02-b", { "#a": learnerTarget }));
  const block = `intro\n${graphBegin}\nold table\n${graphEnd}\noutro\n`;
  made.write("README.md", block);
  made.write("CONTRIBUTING.md", block);
  return made;
}

const run = (made: Fixture, mode: "check" | "update") =>
  graphCommand(made.root, listStages(made.root, true), mode);

describe("course graph", () => {
  test("--update writes each stage's imports and importers between the markers of both files", () => {
    fixture = twoStages();
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(run(fixture, "update")).toBe(0);
    const readme = readFileSync(join(fixture.root, "README.md"), "utf8");
    expect(readme).toContain("| 01-a  | Stage 01-a | —           | 02-b        |");
    expect(readme).toContain("| 02-b  | Stage 02-b | 01-a (`#a`) | —           |");
    expect(readme).not.toContain("old table");
    expect(readme.endsWith(`${graphEnd}\noutro\n`)).toBe(true);
    expect(readFileSync(join(fixture.root, "CONTRIBUTING.md"), "utf8")).toBe(readme);
  });

  test("--check fails on a stale copy, and passes once updated", () => {
    fixture = twoStages();
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    vi.spyOn(console, "log").mockImplementation(() => {});
    expect(run(fixture, "check"), "the docs still hold 'old table'").toBe(1);
    expect(errors.mock.calls.join("\n")).toContain("README.md is out of date");
    run(fixture, "update");
    expect(run(fixture, "check")).toBe(0);
  });

  test("a stage whose two tracks import different stages under one name is a problem", () => {
    fixture = twoStages("@exercises/02-b");
    const errors = vi.spyOn(console, "error").mockImplementation(() => {});
    expect(run(fixture, "update")).toBe(1);
    expect(errors.mock.calls.join("\n")).toContain("02-b: the tracks' imports differ");
  });
});
