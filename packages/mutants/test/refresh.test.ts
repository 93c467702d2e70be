// The loader's fuzz and `pnpm mutants-refresh` on a file whose context drifted after the patch
// was made: the bug still goes in, and the rewritten patch fits exactly again.
import { createTwoFilesPatch } from "diff";
import { describe, expect, test } from "vitest";
import { fitPatch, rewrittenPatch } from "../src/index.ts";

const lines = (n: number, tag: string) => Array.from({ length: n }, (_, i) => `line ${i} ${tag}`);
const before = [...lines(10, "a"), "  if (votes > half) win();", ...lines(10, "b")].join("\n");
const buggy = before.replace("votes > half", "votes >= half");
const patch = createTwoFilesPatch("a/x.ts", "b/x.ts", before, buggy);
// A refactor renamed a neighbouring line: one context line of the hunk differs now.
const drifted = before.replace("line 7 a", "line 7 renamed");

describe("patches after a refactor", () => {
  test("a patch whose context drifted by a line still applies, with fuzz only", () => {
    const { fit, text } = fitPatch(drifted, patch);
    expect(fit, "one context line differs: fits with fuzz, not exactly").toBe("fuzzy");
    expect(text).toBe(drifted.replace("votes > half", "votes >= half"));
  });

  test("the rewritten patch fits today's file exactly and makes the same change", () => {
    const fresh = rewrittenPatch("x.ts", drifted, patch);
    expect(fresh, "a fuzzy fit is rewritten").toBeDefined();
    expect(fresh?.startsWith("--- a/x.ts\n+++ b/x.ts\n@@"), `repository format: ${fresh}`).toBe(
      true,
    );
    const { fit, text } = fitPatch(drifted, fresh ?? "");
    expect(fit).toBe("exact");
    expect(text).toBe(drifted.replace("votes > half", "votes >= half"));
  });

  test("an exact fit and a patch that fits nowhere are left alone", () => {
    expect(rewrittenPatch("x.ts", before, patch)).toBeUndefined();
    const gone = before.replace("  if (votes > half) win();", "  decide();");
    expect(fitPatch(gone, patch).fit, "the changed line itself is gone").toBe("none");
    expect(rewrittenPatch("x.ts", gone, patch)).toBeUndefined();
  });
});
