// Where stage 11's node program is, for the tests and tools that spawn it (they bundle it once).
import { fileURLToPath } from "node:url";

/** Stage 11's node program (09's node running the production node over the compacting one). */
export const systemMainPath = fileURLToPath(new URL("./system-main.ts", import.meta.url));
