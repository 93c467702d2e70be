// Stage 07's mutants (solutions/07-testing/mutants/<name>.patch: one classic Raft bug each, a
// small patch of one reference file) for the simulator's command line. The loader is the course's
// one mutant loader, @rafting/mutants (vitest's plugin uses it too). Course infrastructure.
import { pathToFileURL } from "node:url";
import { listMutants as listOfKind, referenceNodeEntry } from "@rafting/mutants";
import type { NodeFactory } from "#testing";

export { mutantTarget, referenceNodeEntry, registerMutant } from "@rafting/mutants";

/**
 * The mutants of the reference node (the top level of mutants/): the ones the simulator runs.
 * Both kinds: "cluster" (a safety property breaks) and "protocol" (a rule of Figure 2 breaks,
 * which only the per-step protocol checks name).
 */
export function listMutants(): string[] {
  return [...listOfKind("cluster"), ...listOfKind("protocol")].sort();
}

/** The reference createRaftNode (with the registered mutant, if any). */
export async function referenceNodeFactory(): Promise<NodeFactory> {
  const reference = (await import(pathToFileURL(referenceNodeEntry()).href)) as {
    createRaftNode: NodeFactory;
  };
  return reference.createRaftNode;
}
