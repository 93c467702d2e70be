// Stage 11's node program: 09's node running the production node over stage 10's compacting node.
//   pnpm course run 11 -- --id 1 --config cluster.json
// The cluster file is stage 10's, plus an optional "production" object (system-config.ts). On
// SIGINT/SIGTERM a leader hands leadership to a peer before closing (system-shutdown.ts). Exit
// codes as 09's (its node-program.ts): 2 for a bad flag or configuration, 1 when the node cannot
// start, 0 after a signal.
import { runNodeProgram } from "#system";
import { loadProductionConfig } from "./system-config.ts";
import { productionCore } from "./system-core.ts";
import { handOverLeadership } from "./system-shutdown.ts";

runNodeProgram({
  loadConfig: loadProductionConfig,
  core: (loaded) => productionCore(loaded.compaction, loaded.features),
  beforeClose: ({ args, loaded, server }) => {
    const { config } = loaded;
    // Two election timeouts at most: the transfer itself gives up after one.
    const handOverCeilingMs = 2 * 2 * config.electionTicks * config.tickMs;
    const log = (line: string) => console.log(`node ${args.id}: ${line}`);
    return handOverLeadership(server, handOverCeilingMs, log);
  },
});
