// The node program: one Raft node per process.
//   pnpm course run 9 -- --id 1 --config cluster.json
// Exit codes: 2 for a bad flag or configuration (one line says which), 1 when the node cannot
// start (a damaged data directory, a port in use), 0 after SIGINT/SIGTERM.
import { runMain, stopOnSignals } from "@rafting/runtime";
import { parseNodeArgs } from "./cli-args.ts";
import { ConfigError, loadClusterConfig } from "./config.ts";
import { type RaftServer, startNode } from "./node.ts";

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseNodeArgs>;
  let config: ReturnType<typeof loadClusterConfig>;
  try {
    args = parseNodeArgs(argv);
    config = loadClusterConfig(args.configPath);
  } catch (cause) {
    if (!(cause instanceof ConfigError)) throw cause;
    console.error(`raft-node: ${cause.message}`);
    return 2;
  }
  let server: RaftServer;
  try {
    // RAFT.CRASH (pnpm viewer --live): this process dies as with kill -9, nothing flushed.
    const crash = () => process.kill(process.pid, "SIGKILL");
    server = await startNode({ config, id: args.id, dataDir: args.dataDir, crash });
  } catch (cause) {
    if (cause instanceof ConfigError) {
      console.error(`raft-node: ${cause.message}`);
      return 2;
    }
    console.error(
      `raft-node ${args.id}: cannot start: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return 1;
  }
  // A second Ctrl-C while closing is ignored: it must not kill the node mid-close.
  stopOnSignals(() => server.close());
  return 0;
}

runMain("raft-node", () => main(process.argv.slice(2)));
