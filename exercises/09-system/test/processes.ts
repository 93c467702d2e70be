// Real node processes on loopback for the stage's system tests: spawn `node --import tsx mainPath`
// (mainPath: the node program of whichever track #stage points at), free ports, a temp data dir,
// everything killed when the test ends. A node that exits early (the starter's "not implemented")
// fails the waiting test at once, with the node's output.
import { type ChildProcess, spawn } from "node:child_process";
import { writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { join } from "node:path";
import { Redis } from "ioredis";
import { onTestFinished } from "vitest";
import { mainPath, type NodeStatus } from "#stage";
import { FatalWait, freePorts, tempDir, waitFor } from "./helpers.ts";

const tsxLoader = createRequire(import.meta.url).resolve("tsx");

export interface Exit {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
}

/** One spawned node program; output collects stdout and stderr. */
export class NodeProcess {
  readonly child: ChildProcess;
  output = "";
  exit: Exit | undefined;
  readonly exited: Promise<Exit>;

  constructor(args: readonly string[]) {
    this.child = spawn(process.execPath, ["--import", tsxLoader, mainPath, ...args], {
      stdio: ["ignore", "pipe", "pipe"],
    });
    this.child.stdout?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.child.stderr?.on("data", (chunk: Buffer) => {
      this.output += chunk.toString();
    });
    this.exited = new Promise((resolve) => {
      this.child.once("exit", (code, signal) => {
        this.exit = { code, signal };
        resolve(this.exit);
      });
    });
    onTestFinished(() => this.kill());
  }

  async kill(): Promise<void> {
    if (this.exit === undefined) this.child.kill("SIGKILL");
    await this.exited;
  }

  /** Fails the wait at once if the process is gone. */
  checkAlive(what: string): void {
    if (this.exit !== undefined) {
      throw new FatalWait(
        `${what} exited (code ${this.exit.code}, signal ${this.exit.signal}) while we waited:\n${this.output.slice(-2000)}`,
      );
    }
  }
}

/** Waits for the process to exit by itself; fails after timeoutMs. */
export async function exitOf(node: NodeProcess, timeoutMs = 8000): Promise<Exit> {
  return waitFor(`the node program to exit`, () => node.exit, timeoutMs);
}

export interface ClusterOptions {
  readonly size: number;
  readonly requestTimeoutMs?: number;
  /** Per node: a different secret in its own copy of the config. */
  readonly secrets?: Record<number, string>;
}

export const secret = "test-cluster-secret";

export class ProcessCluster {
  readonly dir: string;
  readonly ids: number[];
  readonly clientPorts: number[];
  readonly peerPorts: number[];
  readonly nodes = new Map<number, NodeProcess>();
  private readonly options: ClusterOptions;

  private constructor(options: ClusterOptions, ports: number[]) {
    this.options = options;
    this.dir = tempDir("raft-cluster-");
    this.ids = Array.from({ length: options.size }, (_, i) => i + 1);
    this.clientPorts = ports.slice(0, options.size);
    this.peerPorts = ports.slice(options.size);
  }

  static async create(options: ClusterOptions): Promise<ProcessCluster> {
    return new ProcessCluster(options, await freePorts(2 * options.size));
  }

  config(id: number): object {
    return {
      secret: this.options.secrets?.[id] ?? secret,
      nodes: this.ids.map((node, i) => ({
        id: node,
        client: `127.0.0.1:${this.clientPorts[i]}`,
        peer: `127.0.0.1:${this.peerPorts[i]}`,
      })),
      tickMs: 10,
      electionTicks: 15,
      heartbeatTicks: 3,
      requestTimeoutMs: this.options.requestTimeoutMs ?? 1000,
      dataDir: join(this.dir, "data"),
    };
  }

  configPath(id: number): string {
    const path = join(this.dir, `cluster-${id}.json`);
    writeFileSync(path, JSON.stringify(this.config(id)));
    return path;
  }

  start(id: number): NodeProcess {
    const node = new NodeProcess(["--id", String(id), "--config", this.configPath(id)]);
    this.nodes.set(id, node);
    return node;
  }

  startAll(): void {
    for (const id of this.ids) this.start(id);
  }

  async kill(id: number): Promise<void> {
    await this.nodes.get(id)?.kill();
  }

  /** A client of node id that fails fast instead of retrying, disconnected when the test ends. */
  client(id: number, commandTimeoutMs = 4000): Redis {
    const client = new Redis({
      host: "127.0.0.1",
      port: this.clientPorts[id - 1]!,
      connectTimeout: 1000,
      commandTimeout: commandTimeoutMs,
      maxRetriesPerRequest: 0,
      retryStrategy: () => null,
      lazyConnect: true,
    });
    client.on("error", () => {});
    onTestFinished(() => client.disconnect());
    return client;
  }

  /** RAFT.STATUS of node id; fails the wait at once if its process is gone. */
  async status(id: number): Promise<NodeStatus> {
    this.nodes.get(id)?.checkAlive(`node ${id}`);
    const client = this.client(id, 1000);
    try {
      return JSON.parse(String(await client.call("RAFT.STATUS"))) as NodeStatus;
    } finally {
      client.disconnect();
    }
  }

  /** The id of the leader that every given node follows, once they agree. */
  async waitForLeader(among: readonly number[] = this.ids, timeoutMs = 6000): Promise<number> {
    return waitFor(
      `a leader that nodes ${among.join(", ")} agree on`,
      async () => {
        const statuses = await Promise.all(among.map((id) => this.status(id)));
        const leader = statuses[0]?.leader;
        if (leader === null || leader === undefined) return undefined;
        if (!statuses.every((s) => s.leader === leader)) return undefined;
        // The leader must be one of them and know it (the others may still name a dead leader).
        const leaderStatus = statuses.find((s) => s.id === leader);
        return leaderStatus?.role === "leader" ? leader : undefined;
      },
      timeoutMs,
    );
  }
}
