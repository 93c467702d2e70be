// The runner's command line: bad input gets one line naming the problem and exit code 2, so a
// script (or CI) can tell a typo from a violation (exit 1).
import { describe, expect, test } from "vitest";
import { parseArgs, runCli } from "#stage";

async function run(argv: string[]): Promise<{ code: number; err: string[]; out: string[] }> {
  const err: string[] = [];
  const out: string[] = [];
  const code = await runCli(argv, {
    out: (line) => out.push(line),
    err: (line) => err.push(line),
    isTTY: false,
  });
  return { code, err, out };
}

describe("command line", () => {
  test.each([
    [["--seeds", "x"], /--seeds/],
    [["--seeds", "0"], /--seeds/],
    [["--nodes", "12"], /--nodes/],
    [["--bogus", "1"], /unknown/],
    [["--seed"], /needs a value/],
    [["--trace", "out.jsonl"], /--trace needs --seed/],
    [["--seed", "3", "--seeds", "10"], /--seed/],
    [["--faults", "2"], /--faults needs --seed/],
    [["--seed", "1", "--mutant", "no-such-bug"], /no mutant/],
  ])("%j: exit 2 and one line", async (argv, pattern) => {
    const { code, err, out } = await run(argv);
    expect(code, "bad flags exit with 2").toBe(2);
    expect(err.length, "exactly one line on stderr").toBe(1);
    expect(err[0], "the line names the problem").toMatch(pattern);
    expect(out, "nothing ran").toEqual([]);
  });

  test("flags parse into a sweep or a replay", () => {
    const sweep = parseArgs(["--seeds", "1000", "--nodes", "5", "--sim-seconds", "30"]);
    expect(sweep, "--seeds runs a sweep from seed 1").toMatchObject({
      mode: "sweep",
      seeds: 1000,
      firstSeed: 1,
      nodes: 5,
      simSeconds: 30,
    });
    const replay = parseArgs([
      "--seed",
      "17",
      "--faults",
      "12",
      "--mutant",
      "x",
      "--trace",
      "t.jsonl",
    ]);
    expect(replay, "--seed replays one run").toMatchObject({
      mode: "replay",
      seed: 17,
      faults: 12,
      mutant: "x",
      trace: "t.jsonl",
    });
  });

  test("a replay prints its result and the final sim line", async () => {
    const { code, out } = await run(["--seed", "2", "--sim-seconds", "3"]);
    expect(code, "a passing run exits 0").toBe(0);
    expect(out.at(-1), "the last line is the summary CI reads").toBe("sim: 1 passed, 0 failed");
  });
});
