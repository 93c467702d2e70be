// Nodes of later stages the simulator can run (--node): stage 10's compacting node, on a disk that
// keeps snapshots. A stage's package may not import a later one, so they are loaded by path at run
// time, from the same track as this file. Course infrastructure, like mutants.ts.
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";
import { listMutants, repoRoot } from "@rafting/mutants";
import type { HarnessStorage, NodeFactory } from "#testing";

/** "raft": stage 06's node (the default); "compacting": stage 10's, compacting aggressively. */
export const nodeKinds = ["raft", "compacting"] as const;
export type NodeKind = (typeof nodeKinds)[number];

export interface LaterNode {
  readonly createNode: NodeFactory;
  readonly createStorage: () => HarnessStorage;
}

/** Stage 10's mutants (mutants/compaction/): bugs of the compacting node, run with --node compacting. */
export function compactionMutants(): string[] {
  return listMutants("compaction");
}

/** Stage 10's simulator plug (sim-node.ts), loaded after any --mutant was registered. */
export async function laterNode(kind: Exclude<NodeKind, "raft">): Promise<LaterNode> {
  const track = fileURLToPath(import.meta.url).includes("/solutions/") ? "solutions" : "exercises";
  const entry = join(repoRoot(), track, "10-compaction", "src", "sim-node.ts");
  const plug = (await import(pathToFileURL(entry).href)) as {
    compactingNodeFactory(): NodeFactory;
    compactingStorage(): HarnessStorage;
  };
  if (kind !== "compacting") throw new RangeError(`no node '${kind}'`);
  return { createNode: plug.compactingNodeFactory(), createStorage: plug.compactingStorage };
}
