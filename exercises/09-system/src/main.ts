// The node program: one Raft node per process.
//   pnpm course run 9 -- --id 1 --config cluster.json
// Exit codes: 2 for a bad flag or configuration (one line says which), 1 when the node cannot
// start (a damaged data directory, a port in use), 0 after SIGINT/SIGTERM (node-program.ts, which
// stages 10 and 11 run too).
import { loadClusterConfig } from "./config.ts";
import { runNodeProgram } from "./node-program.ts";

runNodeProgram({ loadConfig: (configPath) => ({ config: loadClusterConfig(configPath) }) });
