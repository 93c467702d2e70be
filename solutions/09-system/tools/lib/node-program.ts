// The node program for the tools: the newest stage's system, bundled once per tool run, so a node
// starts in a fraction of a second. A stage says it has one with `"system": "<program>"` in its
// package.json "course" key: 09 (the node), 10 (the same node compacting its log). A draft
// stage's counts only with RAFTING_DRAFTS=1, as everywhere in the course. Found by path, not
// imported: 09 may not depend on a later stage. The processes themselves are
// @rafting/testkit/processes' NodeProcess, the same the stage's tests use.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { bundleProgram } from "@rafting/testkit/child-program";
import { mainPath } from "../../src/index.ts";

interface CourseKey {
  readonly system?: string;
  readonly draft?: boolean;
}

/** The newest stage's node program (this track's), or 09's own. */
export function systemProgramPath(includeDrafts = process.env.RAFTING_DRAFTS === "1"): string {
  const track = join(import.meta.dirname, "..", "..", "..");
  const stages = readdirSync(track)
    .filter((name) => /^\d\d-/.test(name))
    .sort()
    .reverse();
  for (const stage of stages) {
    const manifest = join(track, stage, "package.json");
    if (!existsSync(manifest)) continue;
    const course = (JSON.parse(readFileSync(manifest, "utf8")) as { course?: CourseKey }).course;
    if (course?.system === undefined || (course.draft === true && !includeDrafts)) continue;
    return join(track, stage, course.system);
  }
  return mainPath;
}

/** The newest stage's node program as one JavaScript file, built at the first call of this run. */
export function nodeProgram(): Promise<string> {
  return bundleProgram(systemProgramPath());
}
