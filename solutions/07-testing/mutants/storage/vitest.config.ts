// One vitest project per storage mutant: stage 03's suite against the reference with that one
// patch applied in memory (the patched module replaces the reference file for the whole run, so
// every import of it sees the bug). check-killed.ts runs them and requires each to fail.
import { join, resolve } from "node:path";
import { listMutants } from "@rafting/mutants";
import { mutantPlugin } from "@rafting/mutants/vitest-plugin";
import { defineConfig } from "vitest/config";

const repoRoot = resolve(import.meta.dirname, "..", "..", "..", "..");

/** The storage mutants, by name (<name>.patch in this folder). */
export function storageMutantNames(): string[] {
  return listMutants("storage").map((name) => name.slice("storage/".length));
}

export default defineConfig({
  test: {
    projects: storageMutantNames().map((name) => ({
      plugins: [mutantPlugin(`storage/${name}`)],
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
