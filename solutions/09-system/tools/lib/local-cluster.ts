// A cluster of node processes on this machine: one config file (free or given ports on
// 127.0.0.1, a random secret) in a directory that also holds every node's data. The tools
// start, kill, restart and stop its nodes and ask them RAFT.STATUS.
import { randomBytes } from "node:crypto";
import { existsSync, mkdirSync, readFileSync, rmSync, writeFileSync } from "node:fs";
import { dirname, join } from "node:path";
import {
  agreedLeader,
  freePorts,
  type ListeningReport,
  NodeCluster,
  type NodeExit,
  NodeProcess,
  raftStatus,
  sleep,
  waitForListening,
} from "@rafting/testkit/processes";
import {
  type ClusterConfig,
  loadClusterConfig,
  type NodeStatus,
  parseClusterConfig,
} from "../../src/index.ts";
import { nodeProgram } from "./node-program.ts";
import { ClientPool } from "./redis-client.ts";

export const configFileName = "cluster.json";
export const maxClusterSize = 9;

export interface Timings {
  readonly tickMs: number;
  readonly electionTicks: number;
  readonly heartbeatTicks: number;
  readonly requestTimeoutMs: number;
}

export interface LocalClusterOptions {
  readonly size: number;
  /** Holds cluster.json and data/node-N. */
  readonly dir: string;
  /** Clients on basePort, basePort+1, …; peers on basePort+100, …. Free ports when absent. */
  readonly basePort?: number;
  /** Remove a previous cluster.json and data/ first (never anything else in dir). */
  readonly fresh?: boolean;
  readonly timings?: Partial<Timings>;
  /** The bundled node program to run; default: the newest stage's system (node-program.ts). */
  readonly program?: string;
  /** A later stage's keys in the cluster file (stage 11: "production"); 09's parser skips them. */
  readonly extra?: Readonly<Record<string, unknown>>;
  readonly onLine?: (id: number, line: string) => void;
  readonly onExit?: (id: number, exit: NodeExit) => void;
}

export const peerPortOffset = 100;
/** How often waitForListening says who it is still waiting for. */
const waitingReportMs = 2000;

export class LocalCluster extends NodeCluster {
  readonly dir: string;
  readonly configPath: string;
  readonly config: ClusterConfig;
  /** The config was already there (a restart of an earlier cluster, with its data). */
  readonly reused: boolean;
  private readonly options: LocalClusterOptions;
  /** The bundled node program every start runs. */
  private readonly program: string;
  private readonly admin = new ClientPool({ connectTimeoutMs: 500, commandTimeoutMs: 1000 });

  private constructor(
    options: LocalClusterOptions,
    config: ClusterConfig,
    reused: boolean,
    program: string,
  ) {
    super();
    this.options = options;
    this.program = program;
    this.dir = options.dir;
    this.configPath = join(options.dir, configFileName);
    this.config = config;
    this.reused = reused;
  }

  /** Writes the config (or reuses the one in dir unless fresh) and builds the node program. */
  static async prepare(options: LocalClusterOptions): Promise<LocalCluster> {
    const program = options.program ?? (await nodeProgram());
    if (!(options.size >= 1 && options.size <= maxClusterSize)) {
      throw new Error(`a local cluster has 1..${maxClusterSize} nodes, not ${options.size}`);
    }
    const configPath = join(options.dir, configFileName);
    if (options.fresh) {
      rmSync(configPath, { force: true });
      rmSync(join(options.dir, "data"), { recursive: true, force: true });
    }
    if (existsSync(configPath)) {
      return new LocalCluster(options, loadConfig(configPath, options.extra), true, program);
    }
    mkdirSync(options.dir, { recursive: true });
    const ports = await choosePorts(options.size, options.basePort);
    writeFileSync(configPath, `${JSON.stringify(configFile(options, ports), null, 2)}\n`);
    return new LocalCluster(options, loadConfig(configPath, options.extra), false, program);
  }

  get ids(): number[] {
    return this.config.nodes.map((node) => node.id);
  }

  clientPort(id: number): number {
    const node = this.config.nodes.find((entry) => entry.id === id);
    if (node === undefined) throw new Error(`no node ${id} in this cluster`);
    return node.client.port;
  }

  dataDir(id: number): string {
    return join(this.config.dataDir, `node-${id}`);
  }

  isRunning(id: number): boolean {
    return this.nodes.get(id)?.alive ?? false;
  }

  override start(id: number): NodeProcess {
    if (this.isRunning(id)) throw new Error(`node ${id} is already running`);
    return super.start(id);
  }

  protected configFileOf(): string {
    return this.configPath;
  }

  protected spawn(id: number, args: readonly string[]): NodeProcess {
    return new NodeProcess({
      program: this.program,
      args,
      // Its own process group: a Ctrl-C in the terminal reaches the tool only, and the tool
      // stops its nodes itself (and can say which it stopped and which had died before).
      detached: true,
      keepOutput: false,
      onLine: (line) => this.options.onLine?.(id, line),
      onExit: (exit) => {
        this.admin.drop(this.clientPort(id));
        this.options.onExit?.(id, exit);
      },
    });
  }

  /** Every node: SIGTERM, then SIGKILL after graceMs; and the admin clients closed. */
  async stopAll(graceMs?: number): Promise<void> {
    await Promise.all([...this.nodes.values()].map((node) => node.stop(graceMs)));
    this.admin.close();
  }

  /** RAFT.STATUS of node id, or undefined if it does not answer in time. */
  async status(id: number): Promise<NodeStatus | undefined> {
    if (!this.isRunning(id)) return undefined;
    const port = this.clientPort(id);
    try {
      return await raftStatus<NodeStatus>(this.admin.get(port));
    } catch {
      this.admin.drop(port);
      return undefined;
    }
  }

  /** The statuses of every running node that answers. */
  async statuses(): Promise<NodeStatus[]> {
    const all = await Promise.all(this.ids.map((id) => this.status(id)));
    return all.filter((status) => status !== undefined);
  }

  /** The leader every answering running node agrees on (and that knows it leads), if any. */
  async agreedLeader(): Promise<number | undefined> {
    const running = this.ids.filter((id) => this.isRunning(id));
    const statuses = await this.statuses();
    return statuses.length < running.length ? undefined : agreedLeader(statuses);
  }

  /**
   * Until each node in ids has said it listens: process start-up, apart from any protocol wait.
   * False if one exits first or timeoutMs passes. onListening hears of each node as it comes up
   * (ms since its start); onWaiting, every waitingReportMs, of those still starting.
   */
  async waitForListening(
    ids: readonly number[],
    timeoutMs: number,
    report: Omit<ListeningReport, "reportEveryMs"> = {},
  ): Promise<boolean> {
    try {
      await waitForListening(this.nodes, ids, timeoutMs, {
        ...report,
        reportEveryMs: waitingReportMs,
      });
      return true;
    } catch {
      return false;
    }
  }

  /** Polls agreedLeader every pollMs until there is one or timeoutMs has passed. */
  async waitForLeader(timeoutMs: number, pollMs = 10): Promise<number | undefined> {
    const deadline = performance.now() + timeoutMs;
    while (performance.now() < deadline) {
      const leader = await this.agreedLeader();
      if (leader !== undefined) return leader;
      await sleep(pollMs);
    }
    return undefined;
  }
}

/** 09's view of the cluster file: without the later stage's keys it does not know. */
function loadConfig(path: string, extra: LocalClusterOptions["extra"]): ClusterConfig {
  if (extra === undefined) return loadClusterConfig(path);
  const json = JSON.parse(readFileSync(path, "utf8")) as Record<string, unknown>;
  for (const key of Object.keys(extra)) delete json[key];
  return parseClusterConfig(json, dirname(path));
}

async function choosePorts(size: number, basePort: number | undefined): Promise<number[]> {
  if (basePort === undefined) return freePorts(2 * size);
  const clients = Array.from({ length: size }, (_, i) => basePort + i);
  return [...clients, ...clients.map((port) => port + peerPortOffset)];
}

function configFile(options: LocalClusterOptions, ports: readonly number[]): object {
  const { size } = options;
  return {
    secret: randomBytes(16).toString("hex"),
    nodes: Array.from({ length: size }, (_, i) => ({
      id: i + 1,
      client: `127.0.0.1:${ports[i]}`,
      peer: `127.0.0.1:${ports[size + i]}`,
    })),
    ...options.timings,
    ...options.extra,
    dataDir: "data",
  };
}
