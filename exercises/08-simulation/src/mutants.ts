// Stage 07's mutants (solutions/07-testing/mutants/<name>.patch: one classic Raft bug each, a
// small patch of one reference file) for the simulator's command line. Course infrastructure.
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { register } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import type { NodeFactory } from "#testing";

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

export function listMutants(): string[] {
  const dir = mutantsDir();
  if (!existsSync(dir)) return [];
  return readdirSync(dir)
    .filter((file) => file.endsWith(".patch"))
    .map((file) => file.slice(0, -".patch".length))
    .sort();
}

export function mutantPatch(name: string): string {
  if (!listMutants().includes(name))
    throw new RangeError(`no mutant '${name}' (known: ${listMutants().join(", ")})`);
  return readFileSync(join(mutantsDir(), `${name}.patch`), "utf8");
}

/** The reference file a mutant patches, from its `+++ b/<path>` line. */
export function mutantTarget(name: string): string {
  const path = /^\+\+\+ b\/(\S+)/m.exec(mutantPatch(name))?.[1];
  if (path === undefined) throw new Error(`mutant ${name}: no '+++ b/<path>' line in its patch`);
  return join(repoRoot(), path);
}

/** The reference node's entry (stage 06), whichever track this file runs from. */
export function referenceNodeEntry(): string {
  return join(repoRoot(), "solutions", "06-election", "src", "index.ts");
}

/**
 * Makes every later import of the mutant's target file load the patched code. Call it before
 * anything imports the reference node: modules already loaded stay as they are.
 */
export function registerMutant(name: string): void {
  const data = {
    name,
    patch: mutantPatch(name),
    targetUrl: pathToFileURL(mutantTarget(name)).href,
  };
  register(new URL("./mutant-hooks.ts", import.meta.url), { data });
}

/** The reference createRaftNode (with the registered mutant, if any). */
export async function referenceNodeFactory(): Promise<NodeFactory> {
  const reference = (await import(pathToFileURL(referenceNodeEntry()).href)) as {
    createRaftNode: NodeFactory;
  };
  return reference.createRaftNode;
}
