// The mutant loader for vitest: serves a file with a mutant's patch applied in memory, so no
// suite ever edits solutions/ in place (other suites run in parallel). Three ways to ask:
//  - `import("<file>?mutant=<name>")`: that import only (07 and 08 tests point the real module at
//    it with vi.doMock; testkit's driver-contract suite imports drivers/<name> this way);
//  - `mutantPlugin("<name>")`: the mutant's file is patched for the whole project (the storage
//    and election mutant checks run a stage's suite once per mutant);
//  - RAFTING_MUTANT=<name> in the environment: the same, for any run of vitest.config.ts.
import { readFileSync } from "node:fs";
import { applyMutantPatch } from "./apply.ts";
import { mutantPatch, mutantTarget } from "./catalog.ts";

/** The part of a vite plugin this one uses (structural, so this package needs no vite types). */
export interface MutantPlugin {
  readonly name: string;
  readonly enforce: "pre";
  load(id: string): string | null;
}

export function mutantPlugin(wholeRun?: string): MutantPlugin {
  return {
    name: wholeRun === undefined ? "rafting-mutants" : `rafting-mutant-${wholeRun}`,
    enforce: "pre",
    load(id) {
      const [path, query] = id.split("?", 2);
      if (!path) return null;
      const asked = new URLSearchParams(query ?? "").get("mutant");
      const name = asked ?? patchedForRun(wholeRun ?? process.env.RAFTING_MUTANT, path);
      if (!name) return null;
      return applyMutantPatch(name, readFileSync(path, "utf8"), mutantPatch(name), path);
    },
  };
}

/** `name` if it patches `path` (a whole-run mutant leaves every other file alone). */
function patchedForRun(name: string | undefined, path: string): string | undefined {
  if (!name) return undefined;
  return mutantTarget(name) === path ? name : undefined;
}
