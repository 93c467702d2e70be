// `course watch` under a pseudo-terminal (util-linux `script`), as a learner runs it: one screen
// redrawn per run, its own keys (h help, q quits with 0), a syntax error as one short message.
import { spawn, spawnSync } from "node:child_process";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";
import { afterAll, describe, expect, test } from "vitest";
import { type Fixture, makeRunnableFixture } from "./fixture.ts";

const hasScript = spawnSync("script", ["--version"]).status === 0;
const fixtures: Fixture[] = [];
afterAll(() => {
  for (const fixture of fixtures) fixture.remove();
});

const clearScreen = "\u001b[2J";

/** The CLI in a pty; `type` sends keys, `screen` is everything it drew so far. */
function watchInPty(root: string) {
  const cli = join(import.meta.dirname, "run-cli.ts");
  const command = `${process.execPath} --import ${import.meta.resolve("tsx")} ${cli} watch 1`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: root,
    env: { ...process.env, COURSE_FIXTURE_ROOT: root, NO_COLOR: "1", TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    type: (keys: string) => child.stdin.write(keys),
    raw: () => output,
    screen: () => stripVTControlCharacters(output).replaceAll("\r", ""),
    exited,
    kill: () => child.kill("SIGKILL"),
  };
}

/** Waits until the condition holds; the ceiling is generous (vitest starts in a busy machine). */
async function until(condition: () => boolean, what: string, ceilingMs = 45_000): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ceilingMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

const count = (text: string, part: string) => text.split(part).length - 1;

describe.runIf(hasScript)("course watch in a terminal", () => {
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

      // Types are erased when tests run: tsc (kept running in watch mode) reports what they cannot.
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
