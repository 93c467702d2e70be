// One vitest project per storage mutant: stage 03's suite against the reference with that one
// patch applied in memory (the patched module replaces the reference file for the whole run, so
// every import of it sees the bug). check-killed.ts runs them and requires each to fail.
import { readdirSync, readFileSync } from "node:fs";
import { join, resolve } from "node:path";
import { applyPatch } from "diff";
import { defineConfig } from "vitest/config";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..", "..");
const mutantsDir = import.meta.dirname;

/** The storage mutants, by name (<name>.patch in this folder). */
export function storageMutantNames(): string[] {
  return readdirSync(mutantsDir)
    .filter((file) => file.endsWith(".patch"))
    .map((file) => file.slice(0, -".patch".length))
    .sort();
}

/** Serves the file the patch names (its `+++ b/<path>` line) with the patch applied. */
function replaceWithMutant(name: string) {
  const patch = readFileSync(join(mutantsDir, `${name}.patch`), "utf8");
  const target = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1];
  if (target === undefined) throw new Error(`storage mutant ${name}: no '+++ b/<path>' line`);
  const targetPath = join(repoRoot, target);
  return {
    name: `rafting-storage-mutant-${name}`,
    enforce: "pre" as const,
    load(id: string) {
      if (id.split("?", 1)[0] !== targetPath) return null;
      const patched = applyPatch(readFileSync(targetPath, "utf8"), patch);
      if (patched === false) throw new Error(`storage mutant ${name} does not apply to ${target}`);
      return patched;
    },
  };
}

export default defineConfig({
  test: {
    projects: storageMutantNames().map((name) => ({
      plugins: [replaceWithMutant(name)],
      resolve: {
        alias: [
          {
            find: /^#stage$/,
            replacement: join(repoRoot, "solutions", "03-log", "src", "index.ts"),
          },
        ],
      },
      test: {
        name: `storage-mutant:${name}`,
        root: join(repoRoot, "exercises", "03-log"),
        include: ["test/**/*.test.ts"],
        exclude: [
          // Real processes load the reference from disk, unpatched: kill -9 says nothing here.
          "test/kill9.test.ts",
          // The in-memory log and the CRC never touch a file: no storage mutant can reach them.
          "test/log.test.ts",
          "test/figure7.test.ts",
          "test/crc32.test.ts",
          "test/memory-storage.test.ts",
          // MemoryStorage against FileStorage: the slowest file, and the others kill every mutant.
          "test/crash-outcomes.test.ts",
        ],
      },
    })),
  },
});
