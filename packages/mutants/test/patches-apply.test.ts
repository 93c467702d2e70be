// Every mutant must still be the bug it names after a refactor of the file it patches: its patch
// fits today's file exactly (the loader's fuzz is a safety net, not a licence to drift) and
// changes it. Fails with what to do: `pnpm mutants-refresh`, or redo the bug by hand.
import { readFileSync } from "node:fs";
import { relative } from "node:path";
import { describe, expect, test } from "vitest";
import {
  allMutants,
  fitPatch,
  listMutants,
  mutantKinds,
  mutantPatch,
  mutantTarget,
  protocolMutants,
  repoRoot,
} from "../src/index.ts";

describe("mutant patches", () => {
  test("every kind of mutant has patches (an empty folder would make its check vacuous)", () => {
    for (const kind of mutantKinds)
      expect(listMutants(kind).length, `mutants of kind ${kind}`).toBeGreaterThan(0);
  });

  test("every protocol mutant the catalog names is a patch at the top level", () => {
    expect(
      listMutants("protocol"),
      "catalog.ts protocolMutants: each name is a <name>.patch at the top level of mutants/",
    ).toEqual([...protocolMutants].sort());
  });

  test.each(allMutants())("%s applies exactly to today's file and changes it", (name) => {
    const target = mutantTarget(name);
    const source = readFileSync(target, "utf8");
    const { fit, text } = fitPatch(source, mutantPatch(name));
    const where = relative(repoRoot(), target);
    expect(
      fit,
      fit === "fuzzy"
        ? `mutant ${name} fits ${where} only with fuzz (its context drifted): run pnpm mutants-refresh`
        : `mutant ${name} does not apply to ${where}: redo the bug by hand in that file and save \`git diff\` as solutions/07-testing/mutants/${name}.patch`,
    ).toBe("exact");
    expect(text, `mutant ${name} leaves ${where} unchanged`).not.toBe(source);
  });
});
