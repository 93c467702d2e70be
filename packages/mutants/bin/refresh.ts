// pnpm mutants-refresh: rewrites every mutant patch that fits its file only with fuzz (context
// lines drifted in a refactor) against today's file. A patch that fits nowhere is listed: redo
// that bug by hand and save `git diff` as its patch.
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import {
  allMutants,
  fitPatch,
  mutantPatch,
  mutantsDir,
  mutantTarget,
  refreshedPatch,
} from "../src/index.ts";

let broken = 0;
for (const name of allMutants()) {
  const fresh = refreshedPatch(name);
  if (fresh !== undefined) {
    writeFileSync(join(mutantsDir(), `${name}.patch`), fresh);
    console.log(`refreshed ${name}`);
    continue;
  }
  const { fit } = fitPatch(readFileSync(mutantTarget(name), "utf8"), mutantPatch(name));
  if (fit === "none") {
    broken++;
    console.log(`BROKEN    ${name}: fits nowhere in ${mutantTarget(name)}; redo it by hand`);
  }
}
process.exitCode = broken === 0 ? 0 : 1;
