// Every stage's node program (09's main.ts, 10's and 11's system-main.ts) is this one with its
// own cluster file and core: read the flags and the cluster file, start the node, stop it on
// SIGINT/SIGTERM. One copy, so the programs share their exit codes: 2 for a bad flag or
// configuration (one line says which), 1 when the node cannot start (a damaged data directory, a
// port in use), 0 after a signal.
import { runMain, stopOnSignals } from "@rafting/runtime";
import { type NodeArgs, parseNodeArgs } from "./cli-args.ts";
import { type ClusterConfig, ConfigError } from "./config.ts";
import { type RaftServer, type ServerCore, startNode } from "./node.ts";

/** What a stage's program adds to 09's: its cluster file, its core, its way of stopping. */
export interface NodeProgramParts<Loaded extends { readonly config: ClusterConfig }> {
  /** Reads the cluster file; throws ConfigError when it is wrong. */
  readonly loadConfig: (configPath: string) => Loaded;
  /** The node and storage to run; absent: 09's own. */
  readonly core?: (loaded: Loaded) => ServerCore;
  /** Runs on the first signal, before the server closes (stage 11 hands leadership over). */
  readonly beforeClose?: (node: StartedNodeProgram<Loaded>) => Promise<void>;
}

export interface StartedNodeProgram<Loaded> {
  readonly args: NodeArgs;
  readonly loaded: Loaded;
  readonly server: RaftServer;
}

/** The program's main: the exit code of a program that could not start, 0 once the node runs. */
export async function nodeProgramMain<Loaded extends { readonly config: ClusterConfig }>(
  argv: readonly string[],
  parts: NodeProgramParts<Loaded>,
): Promise<number> {
  const started = await startNodeProgram(argv, parts);
  if (typeof started === "number") return started;
  // A second Ctrl-C while closing is ignored (stopOnSignals): it must not kill the node mid-close.
  stopOnSignals(async () => {
    await parts.beforeClose?.(started);
    await started.server.close();
  });
  return 0;
}

/** Runs the node program of this process's command line. */
export function runNodeProgram<Loaded extends { readonly config: ClusterConfig }>(
  parts: NodeProgramParts<Loaded>,
): void {
  runMain("raft-node", () => nodeProgramMain(process.argv.slice(2), parts));
}

async function startNodeProgram<Loaded extends { readonly config: ClusterConfig }>(
  argv: readonly string[],
  parts: NodeProgramParts<Loaded>,
): Promise<StartedNodeProgram<Loaded> | number> {
  let args: NodeArgs;
  let loaded: Loaded;
  try {
    args = parseNodeArgs(argv);
    loaded = parts.loadConfig(args.configPath);
  } catch (cause) {
    if (!(cause instanceof ConfigError)) throw cause;
    console.error(`raft-node: ${cause.message}`);
    return 2;
  }
  try {
    // RAFT.CRASH (pnpm viewer --live): this process dies as with kill -9, nothing flushed.
    const crash = () => process.kill(process.pid, "SIGKILL");
    const { config } = loaded;
    const core = parts.core?.(loaded);
    const server = await startNode({ config, id: args.id, dataDir: args.dataDir, crash, core });
    return { args, loaded, server };
  } catch (cause) {
    if (cause instanceof ConfigError) {
      console.error(`raft-node: ${cause.message}`);
      return 2;
    }
    const shown = cause instanceof Error ? cause.message : String(cause);
    console.error(`raft-node ${args.id}: cannot start: ${shown}`);
    return 1;
  }
}
