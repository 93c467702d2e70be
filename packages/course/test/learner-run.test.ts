// `course test` and `course watch` end to end on fixture repos run by the real vitest: the
// focused screen, the "start here" block, exit codes, tests that never finish (issue 9), and
// watch under a pseudo-terminal. The tests run concurrently: most of their time is child processes.
import { cpSync, readFileSync, symlinkSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { generateStarter } from "../src/starters.ts";
import { type Fixture, makeRunnableFixture, runFixtureCli } from "./fixture.ts";
import { hanging } from "./hang-fixture.ts";
import { clearScreen, count, hasScript, until, watchInPty } from "./pty.ts";

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

describe.concurrent("course test on a fresh starter", () => {
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

describe.concurrent("course test's other screens", () => {
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

// Issue 9, "nothing hangs": each ends its own test in bounded time, names it and the likely
// causes, and never asks to change a test or its timeout.
describe.concurrent("nothing hangs", () => {
  test("an infinite loop and a promise that never settles each fail their test in bounded time, named, with the two likely causes; the run goes on", async () => {
    const fixture = makeRunnableFixture([hanging]);
    fixtures.push(fixture);
    // A short grace keeps this test quick; the default is max(15 s, the timeout) past the timeout.
    const run = await runFixtureCli(fixture.root, ["test", "1", "--all"], {
      COURSE_HANG_GRACE_MS: "1500",
    });
    const out = run.stdout;
    expect(run.code, `${out}\n${run.stderr}`).toBe(1);
    // Bounded: the loop is stopped 1.5 s past its 5 s timeout; the rest is start-up on a busy machine.
    expect(run.ms).toBeLessThan(90_000);
    expect(out).toMatch(
      /✗ spin\.test\.ts > spins\n\s+This test ran for [\d.]+ s without ever yielding/,
    );
    expect(out).toMatch(/a loop whose exit condition never becomes true/);
    expect(out).toMatch(/✗ wait\.test\.ts > waits\n\s+This test did not finish within 1 s/);
    expect(out).toMatch(/a promise that is never resolved or rejected/);
    expect(out).toMatch(/✓ still runs/);
    // The test before the loop, in the same file, keeps its result though its worker was stopped.
    expect(out).toMatch(/✓ passes before the loop/);
    expect(out).toMatch(/2 passed, 2 failed/);
    expect(`${out}${run.stderr}`).not.toMatch(/pass a timeout value|testTimeout|Worker exited/);
    // While the loop held its worker, the run said which test was running.
    expect(run.stderr).toMatch(/… running exercises\/01-loop\/test\/spin\.test\.ts > spins/);
  }, 150_000);

  // course verify runs the reference and the pristine starter on worker threads, which cannot be
  // stopped one by one: a loop that never yields there ends the whole run, named, in bounded time.
  test("course verify: a reference test that never yields ends the run, named, in bounded time", async () => {
    const { exercise, ...stage } = hanging;
    const fixture = makeRunnableFixture([
      { ...stage, ...(exercise ? { reference: exercise } : {}) },
    ]);
    fixtures.push(fixture);
    const run = await runFixtureCli(fixture.root, ["verify"], { COURSE_HANG_GRACE_MS: "1500" });
    expect(run.code, `${run.stdout}\n${run.stderr}`).toBe(1);
    expect(run.ms).toBeLessThan(90_000);
    expect(run.stderr).toMatch(
      /✗ (solution|starter):01-loop: exercises\/01-loop\/test\/spin\.test\.ts > spins has run \d+ s without ever yielding/,
    );
    expect(run.stdout).toMatch(/verify: 0 passed, 1 failed/);
  }, 150_000);
});

describe.runIf(hasScript).concurrent("course watch in a terminal", () => {
  test("redraws one screen per run, survives a syntax error, takes its own keys, q quits with 0", async () => {
    const fixture = makeRunnableFixture([
      {
        id: "01-sum",
        course: { title: "Sums" },
        exercise: { "index.ts": "export const sum = (a: number, b: number): number => a - b;\n" },
        extra: {
          "test/sum.test.ts": [
            'import { expect, test } from "vitest";',
            'import { sum } from "#stage";',
            'test("adds", () => expect(sum(1, 2), "sum adds its arguments").toBe(3));',
            "",
          ].join("\n"),
        },
      },
    ]);
    fixtures.push(fixture);
    fixture.write(
      "exercises/01-sum/tsconfig.json",
      JSON.stringify({
        compilerOptions: { strict: true, noEmit: true, types: [] },
        include: ["src"],
      }),
    );
    const src = join(fixture.root, "exercises", "01-sum", "src", "index.ts");
    const watch = watchInPty(fixture.root);
    try {
      await until(() => watch.screen().includes("Start here"), "the first screen");
      expect(count(watch.raw(), clearScreen)).toBe(1);
      expect(watch.screen()).toMatch(/rule {3}sum adds its arguments: expected -1 to be 3/);

      writeFileSync(src, "export const sum = (a: number, b: number): number => a +* b;\n");
      await until(() => count(watch.raw(), clearScreen) >= 2, "the redraw after a syntax error");
      await until(() => watch.screen().includes("failed to load:"), "the syntax error's line");
      const broken = watch.screen().split(clearScreen.slice(1)).at(-1) ?? "";
      expect(broken).toMatch(
        /sum\.test\.ts failed to load: exercises\/01-sum\/src\/index\.ts:1:\d+: /,
      );

      writeFileSync(src, "export const sum = (a: number, b: number): number => a + b;\n");
      await until(() => watch.screen().includes("Stage 01 Sums passes"), "the passing screen");

      // Types are erased when tests run: tsc, run again with every rerun, reports what they cannot.
      writeFileSync(
        src,
        'export const sum = (a: number, b: number): number => a + b;\nexport const n: number = "x";\n',
      );
      await until(
        () => watch.screen().includes("Every test passes, but tsc finds 1 type errors"),
        "the type error",
      );
      expect(watch.screen()).toMatch(
        /exercises\/01-sum\/src\/index\.ts:2:14 {2}Type 'string' is not assignable to type 'number'/,
      );

      watch.type("h");
      await until(() => watch.screen().includes("course watch keys"), "the help");
      expect(watch.screen()).not.toMatch(/update snapshot|browser/i);
      watch.type("q");
      expect(await watch.exited).toBe(0);
    } finally {
      watch.kill();
    }
  }, 180_000);
});
