// Where stage 10's node program is, for the tests and tools that spawn it (they bundle it once),
// and its simulator plug, for tests that load it again with a mutant applied.
import { fileURLToPath } from "node:url";

/** Stage 10's node program (09's node running the compacting core) of this track. */
export const systemMainPath = fileURLToPath(new URL("./system-main.ts", import.meta.url));

/** Stage 10's plug for 07's harness and 08's simulator (sim-node.ts) of this track. */
export const simNodePath = fileURLToPath(new URL("./sim-node.ts", import.meta.url));
