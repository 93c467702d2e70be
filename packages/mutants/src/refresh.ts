// Regenerating a patch that fits its file only with fuzz: the same change, rewritten against
// today's text, so the next refactor starts from exact context again (`pnpm mutants-refresh`).
import { readFileSync } from "node:fs";
import { createTwoFilesPatch } from "diff";
import { fitPatch } from "./apply.ts";
import { mutantPatch, mutantTarget, patchTargetPath } from "./catalog.ts";

/** The patch rewritten against today's file; undefined when it already fits exactly or not at all. */
export function refreshedPatch(name: string): string | undefined {
  const patch = mutantPatch(name);
  return rewrittenPatch(
    patchTargetPath(name, patch),
    readFileSync(mutantTarget(name), "utf8"),
    patch,
  );
}

/** `patch` (of the file at repository path `path`) rewritten against `source`, if it fits only with fuzz. */
export function rewrittenPatch(path: string, source: string, patch: string): string | undefined {
  const { fit, text } = fitPatch(source, patch);
  if (fit !== "fuzzy" || text === undefined) return undefined;
  const fresh = createTwoFilesPatch(`a/${path}`, `b/${path}`, source, text);
  // Keep the repository's format: the patch starts at its `--- a/` line, no headers after names.
  return fresh.slice(fresh.indexOf("--- ")).replace(/^(--- \S+|\+\+\+ \S+)\t.*$/gm, "$1");
}
