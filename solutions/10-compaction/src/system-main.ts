// Stage 10's node program: 09's node, running the compacting node on the compacting storage.
//   pnpm course run 10 -- --id 1 --config cluster.json
// The cluster file is 09's, plus an optional "compaction" object: {"maxLogEntries": N,
// "maxLogBytes": B} (system-config.ts). Exit codes as 09's (its node-program.ts): 2 for a bad
// flag or configuration, 1 when the node cannot start, 0 after SIGINT/SIGTERM.
import { runNodeProgram } from "#system";
import { loadCompactingConfig } from "./system-config.ts";
import { compactingCore } from "./system-core.ts";

runNodeProgram({
  loadConfig: loadCompactingConfig,
  core: (loaded) => compactingCore(loaded.compaction),
});
