// pnpm cluster [--nodes 3|5] [--base-port N] [--data-dir DIR] [--fresh]
//
// A local reference cluster in the foreground: writes cluster.json into the data directory (or
// reuses the one there, with its data), starts every node, prints each node's PID and prefixes
// its log lines with a colored [nN], says how to connect, and stops every node on Ctrl-C.
//
// What Ctrl-C stops: every node process this cluster started, including those restarted with
// `restart N` typed here, and it says how many (a node that had died is named, not counted). A
// node started by hand in another terminal is not its child: it is left running, and named,
// so that nobody is surprised by a lone candidate on the port later.
import { dirname, relative, resolve } from "node:path";
import { createInterface } from "node:readline";
import { fileURLToPath } from "node:url";
import { connectClient, describeExit } from "@rafting/testkit/processes";
import pc from "picocolors";
import { mainPath } from "../src/index.ts";
import { defaultDataDir } from "./lib/data-dir.ts";
import { intFlag, parseFlags, usageError } from "./lib/flags.ts";
import { LocalCluster, peerPortOffset } from "./lib/local-cluster.ts";
import { nodeTag } from "./lib/node-tag.ts";

const program = "cluster";
const usage = "usage: pnpm cluster [--nodes 3|5] [--base-port N] [--data-dir DIR] [--fresh]";
const stopGraceMs = 3000;
const probeTimeoutMs = 1000;
const repoRoot = resolve(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");

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
  const dir = resolve(flags["data-dir"] ?? defaultDataDir(repoRoot));

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
      console.log(
        pc.dim(
          `     restart it: type ${pc.bold(`restart ${id}`)} here and Enter (Ctrl-C will stop it too)`,
        ),
      );
      console.log(
        pc.dim(
          `     or by hand in another terminal (then stopping it is up to you): ${restartCommand(id, configPath())}`,
        ),
      );
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
  readCommands(cluster, () => stopping);

  const stop = async (signal: string) => {
    if (stopping) return;
    stopping = true;
    const running = cluster.ids.filter((id) => cluster.isRunning(id));
    const down = cluster.ids.filter((id) => !cluster.isRunning(id));
    const downNote = down.length > 0 ? ` (not running: ${down.map(nodeTag).join(" ")})` : "";
    console.log(pc.dim(`\n${signal}: stopping ${plural(running.length, "node")}${downNote}…`));
    await cluster.stopAll(stopGraceMs);
    const forced = running.filter((id) => cluster.nodes.get(id)?.forced);
    for (const id of forced) {
      console.log(`${nodeTag(id)} ${pc.yellow(`no exit after ${stopGraceMs} ms: killed`)}`);
    }
    console.log(`stopped ${plural(running.length, "node")}`);
    await reportStrangers(cluster, down);
    process.exit(0);
  };
  process.on("SIGINT", () => void stop("SIGINT"));
  process.on("SIGTERM", () => void stop("SIGTERM"));
}

function plural(count: number, word: string): string {
  return `${count} ${word}${count === 1 ? "" : "s"}`;
}

/** Lines typed in this terminal: `restart N` starts a node that is down, as this cluster's child. */
function readCommands(cluster: LocalCluster, stopping: () => boolean): void {
  // terminal: false keeps the terminal's own Ctrl-C handling: SIGINT reaches this process.
  const lines = createInterface({ input: process.stdin, terminal: false });
  lines.on("line", (line) => {
    if (stopping()) return;
    const words = line.trim().split(/\s+/);
    if (words[0] === "") return;
    const id = Number(words[1]);
    if (words[0] !== "restart" || words.length !== 2 || !cluster.ids.includes(id)) {
      console.log(
        pc.dim(`type: restart N (N one of ${cluster.ids.join(", ")}); Ctrl-C stops every node`),
      );
      return;
    }
    if (cluster.isRunning(id)) {
      console.log(`${nodeTag(id)} is running already (pid ${cluster.nodes.get(id)?.pid})`);
      return;
    }
    const node = cluster.start(id);
    console.log(`${nodeTag(id)} restarted: pid ${node.pid}`);
  });
}

/**
 * After the stop: a node this cluster did not leave running but that still answers on its port
 * was started elsewhere (by hand): name it, so it is not a surprise later.
 */
async function reportStrangers(cluster: LocalCluster, ids: readonly number[]): Promise<void> {
  const answering = await Promise.all(ids.map((id) => answers(cluster.clientPort(id))));
  ids.forEach((id, i) => {
    if (!answering[i]) return;
    console.log(
      `${nodeTag(id)} ${pc.yellow(`still answers on port ${cluster.clientPort(id)}: it was started outside this cluster (by hand?), so it is still running; stop it where it runs (Ctrl-C in its terminal)`)}`,
    );
  });
}

async function answers(port: number): Promise<boolean> {
  const client = connectClient(port, {
    connectTimeoutMs: probeTimeoutMs,
    commandTimeoutMs: probeTimeoutMs,
  });
  try {
    return (await client.ping()) === "PONG";
  } catch {
    return false;
  } finally {
    client.disconnect();
  }
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
    const pid = cluster.nodes.get(node.id)?.pid ?? "?";
    console.log(
      `  ${nodeTag(node.id)} pid ${pid}, clients on ${port} (peers ${node.peer.port}):  redis-cli -p ${port}   pnpm console --port ${port}`,
    );
  }
  console.log(pc.dim("Ctrl-C stops every node this cluster started."));
}

main().catch((cause: unknown) => {
  console.error(`${program}: ${cause instanceof Error ? cause.message : String(cause)}`);
  process.exit(1);
});
