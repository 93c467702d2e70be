// The reference node with one of stage 07's mutants applied, for the tests (vitest's ?mutant=
// plugin in vitest.config.ts loads the target file with the patch applied in memory).
import { vi } from "vitest";
import { mutantTarget, type NodeFactory, referenceNodeEntry } from "#stage";

export async function mutantNode(mutant: string): Promise<NodeFactory> {
  vi.resetModules();
  const target = mutantTarget(mutant);
  vi.doMock(target, () => import(/* @vite-ignore */ `${target}?mutant=${mutant}`));
  try {
    const reference = await import(/* @vite-ignore */ referenceNodeEntry());
    return reference.createRaftNode as NodeFactory;
  } finally {
    vi.doUnmock(target);
  }
}
