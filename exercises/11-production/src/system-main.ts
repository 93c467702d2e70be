// Stage 11's node program: 09's node running the production node over stage 10's compacting node.
//   pnpm course run 11 -- --id 1 --config cluster.json
// The cluster file is stage 10's, plus an optional "production" object (system-config.ts). On
// SIGINT/SIGTERM a leader hands leadership to a peer before closing (system-shutdown.ts). Exit
// codes as 09's: 2 for a bad flag or configuration, 1 when the node cannot start, 0 after a signal.
import { ConfigError, parseNodeArgs, type RaftServer, startNode } from "#system";
import { loadProductionConfig } from "./system-config.ts";
import { productionCore } from "./system-core.ts";
import { handOverLeadership } from "./system-shutdown.ts";

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseNodeArgs>;
  let loaded: ReturnType<typeof loadProductionConfig>;
  try {
    args = parseNodeArgs(argv);
    loaded = loadProductionConfig(args.configPath);
  } catch (cause) {
    if (!(cause instanceof ConfigError)) throw cause;
    console.error(`raft-node: ${cause.message}`);
    return 2;
  }
  let server: RaftServer;
  try {
    // RAFT.CRASH (pnpm viewer --live): this process dies as with kill -9, nothing flushed.
    const crash = () => process.kill(process.pid, "SIGKILL");
    server = await startNode({
      config: loaded.config,
      id: args.id,
      dataDir: args.dataDir,
      crash,
      core: productionCore(loaded.compaction, loaded.features),
    });
  } catch (cause) {
    console.error(
      `raft-node ${args.id}: cannot start: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return 1;
  }
  const { config } = loaded;
  // Two election timeouts at most: the transfer itself gives up after one.
  const handOverCeilingMs = 2 * 2 * config.electionTicks * config.tickMs;
  const log = (line: string) => console.log(`node ${args.id}: ${line}`);
  // A second Ctrl-C while closing is ignored: it must not kill the node mid-close.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void handOverLeadership(server, handOverCeilingMs, log)
      .then(() => server.close())
      .then(() => process.exit(0));
  };
  process.on("SIGINT", stop);
  process.on("SIGTERM", stop);
  return 0;
}

main(process.argv.slice(2)).then(
  (code) => {
    if (code !== 0) process.exit(code);
  },
  (cause: unknown) => {
    console.error(
      `raft-node: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
    );
    process.exit(1);
  },
);
