// Where the mutants live and what each one patches. A mutant is one `.patch` file (a unified diff
// of ONE repository file, named by its `+++ b/<path>` line) under solutions/07-testing/mutants;
// its name is its path there without ".patch": `vote-counted-twice`, `storage/no-fsync`.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";

/**
 * The mutants by what judges them. The top level of mutants/ holds bugs of the reference node, of
 * two kinds: "cluster" breaks a safety property (07's checkers and 08's simulator catch it);
 * "protocol" breaks a rule of Figure 2 but no safety property (08's per-step protocol checks and
 * the unit tests of the stage it patches catch it; 07's checkers cannot). The folders:
 * "storage" (03's suite), "drivers" (testkit's driver-contract suite), "compaction" (stage 10's
 * compacting node: stage 10's suite and 08's simulator with --node compacting), "production"
 * (stage 11's features: stage 11's suite and 08's simulator with --node production).
 */
export type MutantKind =
  | "cluster"
  | "protocol"
  | "storage"
  | "drivers"
  | "compaction"
  | "production";

export const mutantKinds: readonly MutantKind[] = [
  "cluster",
  "protocol",
  "storage",
  "drivers",
  "compaction",
  "production",
];

/** The top-level mutants of kind "protocol" (see solutions/07-testing/mutants/README.md). */
export const protocolMutants: readonly string[] = ["vote-response-term-ignored"];

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
  const topLevel = kind === "cluster" || kind === "protocol";
  const folder = topLevel ? mutantsDir() : join(mutantsDir(), kind);
  if (!existsSync(folder)) return [];
  const prefix = topLevel ? "" : `${kind}/`;
  const names = readdirSync(folder)
    .filter((file) => file.endsWith(".patch"))
    .map((file) => `${prefix}${file.slice(0, -".patch".length)}`)
    .sort();
  if (!topLevel) return names;
  return names.filter((name) => protocolMutants.includes(name) === (kind === "protocol"));
}

/** Every mutant of every kind. */
export function allMutants(): string[] {
  return mutantKinds.flatMap((kind) => listMutants(kind));
}

export function mutantPatch(name: string): string {
  if (!namePattern.test(name)) throw new Error(`bad mutant name '${name}'`);
  const file = join(mutantsDir(), `${name}.patch`);
  if (!existsSync(file)) {
    const folder = mutantKinds.find((k) => name.startsWith(`${k}/`));
    const known = folder
      ? listMutants(folder)
      : [...listMutants("cluster"), ...listMutants("protocol")];
    throw new RangeError(`no mutant '${name}' (known: ${known.join(", ")})`);
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
