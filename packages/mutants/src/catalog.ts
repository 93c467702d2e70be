// Where the mutants live and what each one patches. A mutant is one `.patch` file (a unified diff
// of ONE repository file, named by its `+++ b/<path>` line) under solutions/07-testing/mutants;
// its name is its path there without ".patch": `vote-counted-twice`, `storage/no-fsync`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The folders of mutants/, by what judges them: "cluster" (top level: the reference node, judged
 * by 07's checkers and 08's simulator), "storage" (03's suite), "unit-only" (06's unit tests),
 * "drivers" (testkit's driver-contract suite).
 */
export type MutantKind = "cluster" | "storage" | "unit-only" | "drivers";

export const mutantKinds: readonly MutantKind[] = ["cluster", "storage", "unit-only", "drivers"];

const namePattern = /^([a-z0-9-]+\/)?[a-z0-9-]+$/;

/** The repository root: the nearest folder up with pnpm-workspace.yaml. */
export function repoRoot(): string {
  let dir = dirname(fileURLToPath(import.meta.url));
  while (!existsSync(join(dir, "pnpm-workspace.yaml"))) {
    const parent = dirname(dir);
    if (parent === dir) throw new Error("cannot find the repository root (pnpm-workspace.yaml)");
    dir = parent;
  }
  return dir;
}

export function mutantsDir(): string {
  return join(repoRoot(), "solutions", "07-testing", "mutants");
}

/** The mutants of one kind, by full name, sorted. */
export function listMutants(kind: MutantKind = "cluster"): string[] {
  const folder = kind === "cluster" ? mutantsDir() : join(mutantsDir(), kind);
  if (!existsSync(folder)) return [];
  const prefix = kind === "cluster" ? "" : `${kind}/`;
  return readdirSync(folder)
    .filter((file) => file.endsWith(".patch"))
    .map((file) => `${prefix}${file.slice(0, -".patch".length)}`)
    .sort();
}

/** Every mutant of every kind. */
export function allMutants(): string[] {
  return mutantKinds.flatMap((kind) => listMutants(kind));
}

export function mutantPatch(name: string): string {
  if (!namePattern.test(name)) throw new Error(`bad mutant name '${name}'`);
  const file = join(mutantsDir(), `${name}.patch`);
  if (!existsSync(file)) {
    const kind = mutantKinds.find((k) => name.startsWith(`${k}/`)) ?? "cluster";
    throw new RangeError(`no mutant '${name}' (known: ${listMutants(kind).join(", ")})`);
  }
  return readFileSync(file, "utf8");
}

/** The repository-relative path a patch changes, from its `+++ b/<path>` line. */
export function patchTargetPath(name: string, patch: string): string {
  const path = /^\+\+\+ b\/(\S+)/m.exec(patch)?.[1];
  if (path === undefined) throw new Error(`mutant ${name}: no '+++ b/<path>' line in its patch`);
  return path;
}

/** The absolute path of the file a mutant patches. */
export function mutantTarget(name: string): string {
  return join(repoRoot(), patchTargetPath(name, mutantPatch(name)));
}

/** The reference node's entry (stage 06), whose files the cluster mutants patch. */
export function referenceNodeEntry(): string {
  return join(repoRoot(), "solutions", "06-election", "src", "index.ts");
}
