// Stage 10's node program: 09's node, running the compacting node on the compacting storage.
//   pnpm course run 10 -- --id 1 --config cluster.json
// The cluster file is 09's, plus an optional "compaction" object: {"maxLogEntries": N,
// "maxLogBytes": B} (system-config.ts). Exit codes as 09's: 2 for a bad flag or configuration,
// 1 when the node cannot start, 0 after SIGINT/SIGTERM.
import { ConfigError, parseNodeArgs, type RaftServer, startNode } from "#system";
import { loadCompactingConfig } from "./system-config.ts";
import { compactingCore } from "./system-core.ts";

export async function main(argv: readonly string[]): Promise<number> {
  let args: ReturnType<typeof parseNodeArgs>;
  let loaded: ReturnType<typeof loadCompactingConfig>;
  try {
    args = parseNodeArgs(argv);
    loaded = loadCompactingConfig(args.configPath);
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
      core: compactingCore(loaded.compaction),
    });
  } catch (cause) {
    console.error(
      `raft-node ${args.id}: cannot start: ${cause instanceof Error ? cause.message : String(cause)}`,
    );
    return 1;
  }
  // A second Ctrl-C while closing is ignored: it must not kill the node mid-close.
  let stopping = false;
  const stop = () => {
    if (stopping) return;
    stopping = true;
    void server.close().then(() => process.exit(0));
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
