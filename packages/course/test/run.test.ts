import { readFileSync } from "node:fs";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { runCli } from "../src/cli.ts";
import { programPath } from "../src/commands/run.ts";
import { listStages } from "../src/stages.ts";
import { type Fixture, makeFixture } from "./fixture.ts";

let fixture: Fixture | undefined;
afterEach(() => {
  fixture?.remove();
  fixture = undefined;
});

// The program records its arguments and exits with a code of its own, so both can be checked.
const program = `import { writeFileSync } from "node:fs";
const out: string = process.env.COURSE_TEST_OUT ?? "";
writeFileSync(out, JSON.stringify(process.argv.slice(2)));
process.exitCode = 3;
`;

function setup() {
  fixture = makeFixture([
    {
      id: "01-kv-server",
      course: { title: "KV", run: "src/main.ts" },
      exercise: { "main.ts": program },
    },
    { id: "03-log", course: { title: "The log" } },
  ]);
  return fixture.root;
}

// It starts a real process (tsx): a busy machine makes that slow, so a generous ceiling.
describe("course run", { timeout: 120_000 }, () => {
  test("starts the learner's program with the arguments after the first --, and passes its exit code on", async () => {
    const root = setup();
    const out = join(root, "args.json");
    process.env.COURSE_TEST_OUT = out;
    try {
      const code = await runCli(["run", "1", "--", "--port", "0", "--", "x"], root);
      expect(code).toBe(3);
      expect(JSON.parse(readFileSync(out, "utf8"))).toEqual(["--port", "0", "--", "x"]);
    } finally {
      delete process.env.COURSE_TEST_OUT;
    }
  });

  test("a stage without a program is exit code 2 with a message; a missing file is named", () => {
    const root = setup();
    const [kv, log] = listStages(root);
    expect(programPath(root, log!, false)).toEqual({
      error: "course run: stage 03-log has no program to run",
      code: 2,
    });
    expect(programPath(root, kv!, true)).toEqual({
      error: "course run: solutions/01-kv-server/src/main.ts does not exist yet",
      code: 1,
    });
  });
});
