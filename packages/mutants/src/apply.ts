// Applying a mutant's patch to today's text of its file. The loader tolerates small drift of the
// context lines around a change (a renamed neighbour, a comment edited above), so a refactor of
// the file does not silently disarm a mutant; the check (test/patches-apply.test.ts) still asks
// for an exact fit, and `pnpm mutants-refresh` rewrites a patch that only fits with fuzz.
import { applyPatch } from "diff";

/** How many context lines of a hunk may differ from the file and the hunk still apply. */
export const fuzzLines = 2;

export type Fit = "exact" | "fuzzy" | "none";

export interface Applied {
  readonly fit: Fit;
  /** The patched text (undefined when the patch fits nowhere). */
  readonly text: string | undefined;
}

/** Applies `patch` to `source`, exactly if it can, else with up to `fuzzLines` differing lines. */
export function fitPatch(source: string, patch: string): Applied {
  const exact = applyPatch(source, patch);
  if (exact !== false) return { fit: "exact", text: exact };
  const fuzzy = applyPatch(source, patch, { fuzzFactor: fuzzLines });
  return fuzzy === false ? { fit: "none", text: undefined } : { fit: "fuzzy", text: fuzzy };
}

/** The patched text, or an error that says what to do (`where` names the file for the message). */
export function applyMutantPatch(
  name: string,
  source: string,
  patch: string,
  where: string,
): string {
  const { text } = fitPatch(source, patch);
  if (text === undefined)
    throw new Error(
      `mutant ${name} does not apply to ${where}: the file changed under the patch; ` +
        "redo the bug by hand in the file and save `git diff` as the patch (see solutions/07-testing/mutants/README.md)",
    );
  return text;
}
