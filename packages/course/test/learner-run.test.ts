// `course test` end to end on fixture repos run by the real vitest: the focused screen, the
// "start here" block, exit codes, and tests that never finish (issue 9: nothing hangs).
import { cpSync, readFileSync, symlinkSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateStarter } from "../src/starters.ts";
import { type Fixture, makeRunnableFixture, runFixtureCli } from "./fixture.ts";

const repo = join(import.meta.dirname, "..", "..", "..");
const fixtures: Fixture[] = [];
afterAll(() => {
  for (const fixture of fixtures) fixture.remove();
});

/** Stage 01 as a learner gets it: its tests, the generated starter, its course metadata. */
function freshStage01(): Fixture {
  const id = "01-kv-server";
  const pkg = JSON.parse(readFileSync(join(repo, "solutions", id, "package.json"), "utf8"));
  const starter = Object.fromEntries(generateStarter(join(repo, "solutions", id, "src")));
  const fixture = makeRunnableFixture([
    { id, course: pkg.course, exercise: starter },
    { id: "02-event-loop", course: { title: "Event loop" } },
  ]);
  cpSync(join(repo, "exercises", id, "test"), join(fixture.root, "exercises", id, "test"), {
    recursive: true,
  });
  // @rafting/testkit is linked per stage package, not at the root.
  symlinkSync(
    join(repo, "exercises", id, "node_modules"),
    join(fixture.root, "exercises", id, "node_modules"),
    "dir",
  );
  fixtures.push(fixture);
  return fixture;
}

describe("course test on a fresh starter", () => {
  test("fits one screen and ends with a 'start here' block for the first test in work order", async () => {
    const fixture = freshStage01();
    const run = await runFixtureCli(fixture.root, ["test", "1"]);
    const lines = run.stdout.trimEnd().split("\n");
    expect(run.code, run.stderr).toBe(1);
    expect(lines.length, run.stdout).toBeLessThanOrEqual(60);
    const start = lines.findIndex((line) => line.includes("Start here"));
    expect(start, run.stdout).toBeGreaterThan(0);
    const block = lines.slice(start).join("\n");
    // store.test.ts comes first in course.testOrder; its first test needs KvStore.apply.
    expect(block).toMatch(/test {3}store\.test\.ts > GET and SET > SET stores a value/);
    expect(block).toMatch(/rule {3}not implemented: KvStore\.apply/);
    expect(block).toMatch(/open {3}exercises\/01-kv-server\/src\/store\.ts:\d+, in KvStore\.apply/);
    expect(block).toMatch(/rerun {2}pnpm course test 1 -t 'SET stores a value .*\$'/);
    // Alike failures are grouped: the stub's error is shown once with a count.
    expect(run.stdout).toMatch(/and \d+ more failing the same way/);
    expect(run.stdout).not.toMatch(/pass a timeout value/);
  }, 120_000);
});

function sumStage(body: string): Fixture {
  const fixture = makeRunnableFixture([
    {
      id: "01-sum",
      course: { title: "Sums" },
      exercise: { "index.ts": `export const sum = (a: number, b: number): number => ${body};\n` },
      extra: {
        "test/sum.test.ts": [
          'import { expect, test } from "vitest";',
          'import { sum } from "#stage";',
          'test("adds", () => expect(sum(1, 2), "sum adds its arguments").toBe(3));',
          'test("zero", () => expect(sum(0, 0)).toBe(0));',
          "",
        ].join("\n"),
      },
    },
    { id: "02-next", course: { title: "Next one" } },
  ]);
  fixtures.push(fixture);
  return fixture;
}

describe("course test's other screens", () => {
  test("a stage that passes says so and names the next stage and its README", async () => {
    const run = await runFixtureCli(sumStage("a + b").root, ["test", "1"]);
    expect(run.code).toBe(0);
    expect(run.stdout).toMatch(/Stage 01 Sums passes/);
    expect(run.stdout).toMatch(
      /Next: stage 02 Next one — read exercises\/02-next\/README\.md, then run: pnpm course test 2/,
    );
  }, 120_000);

  test("--all lists every test, then 'start here'; -t matching no test exits 2; status --refresh shows each stage as it ends", async () => {
    const root = sumStage("a - b").root;
    const all = await runFixtureCli(root, ["test", "1", "--all"]);
    expect(all.code).toBe(1);
    expect(all.stdout).toMatch(/^ {2}✗ adds$/m);
    expect(all.stdout).toMatch(/^ {2}✓ zero$/m);
    expect(all.stdout).toMatch(/rule {3}sum adds its arguments: expected -1 to be 3/);
    const none = await runFixtureCli(root, ["test", "1", "-t", "no such test"]);
    expect(none.code).toBe(2);
    expect(none.stdout).toBe("");
    expect(none.stderr).toMatch(/no test of stage 01 matches -t 'no such test'/);
    // The overview's refresh lists each stage as its tests end, then the labels.
    const refresh = await runFixtureCli(root, ["status", "--refresh"]);
    expect(refresh.code).toBe(0);
    expect(refresh.stderr).toMatch(/^ {2}01-sum: 1\/2 pass$/m);
    expect(refresh.stdout).toMatch(/^01 +Sums +1\/2 +in progress 1\/2$/m);
  }, 180_000);
});
