// pnpm cluster [--nodes 3|5] [--base-port N] [--data-dir DIR] [--fresh]
//
// A local reference cluster in the foreground: writes cluster.json into the data directory (or
// reuses the one there, with its data), starts every node, prefixes each node's log lines with
// a colored [nN], says how to connect, and stops every node on Ctrl-C.
import { tmpdir } from "node:os";
import { join, relative, resolve } from "node:path";
import pc from "picocolors";
import { mainPath } from "../src/index.ts";
import { intFlag, parseFlags, usageError } from "./lib/flags.ts";
import { LocalCluster, peerPortOffset } from "./lib/local-cluster.ts";
import { describeExit } from "./lib/node-process.ts";
import { nodeTag } from "./lib/node-tag.ts";

const program = "cluster";
const usage = "usage: pnpm cluster [--nodes 3|5] [--base-port N] [--data-dir DIR] [--fresh]";
const stopGraceMs = 3000;

/** The node prints "node N: …"; the tag says that already. */
function withoutNodePrefix(id: number, line: string): string {
  const prefix = `node ${id}: `;
  return line.startsWith(prefix) ? line.slice(prefix.length) : line;
}

async function main(): Promise<void> {
  const flags = parseFlags(program, usage, {
    nodes: { type: "string" },
    "base-port": { type: "string" },
    "data-dir": { type: "string" },
    fresh: { type: "boolean" },
    help: { type: "boolean", short: "h" },
  });
  if (flags.help) {
    console.log(usage);
    return;
  }
  const size = intFlag(program, usage, "nodes", flags.nodes, { min: 1, max: 9, fallback: 3 });
  if (size !== 3 && size !== 5) usageError(program, `--nodes must be 3 or 5, got ${size}`, usage);
  const basePort =
    flags["base-port"] === undefined
      ? undefined
      : intFlag(program, usage, "base-port", flags["base-port"], {
          min: 1024,
          max: 65_535 - peerPortOffset - size,
          fallback: 0,
        });
  const dir = resolve(flags["data-dir"] ?? join(tmpdir(), "rafting-cluster"));

  let stopping = false;
  const configPath = () => cluster.configPath;
  const cluster = await LocalCluster.prepare({
    size,
    dir,
    basePort,
    fresh: flags.fresh ?? false,
    onLine: (id, line) => console.log(`${nodeTag(id)} ${withoutNodePrefix(id, line)}`),
    onExit: (id, exit) => {
      if (stopping) return;
      console.log(`${nodeTag(id)} ${pc.red(pc.bold(`node ${id} ${describeExit(exit)}`))}`);
      console.log(pc.dim(`     restart it by hand: ${restartCommand(id, configPath())}`));
    },
  });
  if (cluster.reused) {
    const existing = cluster.config.nodes.length;
    if (flags.nodes !== undefined && existing !== size) {
      usageError(
        program,
        `${dir} holds a ${existing}-node cluster; add --fresh to start over`,
        usage,
      );
    }
    console.log(pc.dim(`reusing ${cluster.configPath} and its data (--fresh starts over)`));
  }
  cluster.startAll();
  printHowToConnect(cluster);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    console.log(pc.dim(`\n${signal}: stopping ${cluster.ids.length} nodes…`));
    await cluster.stopAll(stopGraceMs);
    const forced = [...cluster.nodes.values()].filter((node) => node.forced);
    for (const node of forced) {
      console.log(`${nodeTag(node.id)} ${pc.yellow(`no exit after ${stopGraceMs} ms: killed`)}`);
    }
    console.log(pc.dim("every node stopped"));
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

/** The node program from the repository root, for a restart by hand in another terminal. */
function restartCommand(id: number, configPath: string): string {
  const main = relative(process.cwd(), mainPath);
  return `npx tsx ${main} --id ${id} --config ${configPath}`;
}

function printHowToConnect(cluster: LocalCluster): void {
  console.log(pc.bold(`cluster of ${cluster.ids.length} nodes; config and data in ${cluster.dir}`));
  for (const node of cluster.config.nodes) {
    const port = node.client.port;
    console.log(
      `  ${nodeTag(node.id)} clients on ${port} (peers ${node.peer.port}):  redis-cli -p ${port}   pnpm console --port ${port}`,
    );
  }
  console.log(pc.dim("Ctrl-C stops every node."));
}

main().catch((cause: unknown) => {
  console.error(`${program}: ${cause instanceof Error ? cause.message : String(cause)}`);
  process.exit(1);
});
