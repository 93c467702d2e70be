// A test cluster of real node processes on loopback, as the system tests of stages 09, 10 and 11
// start it: one bundled node program, 2 × size free ports (clients first, then peers), a cluster
// file per node in a temporary directory, fail-fast clients, RAFT.STATUS and the agreed leader.
// A stage adds only what its cluster file holds beyond 09's (extraConfig). Nothing here imports
// vitest: the caller says how to clean up (onCleanup: vitest's onTestFinished in tests).
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Redis } from "ioredis";
import { protocolWaitMs } from "./ceilings.ts";
import { waitForListening } from "./listening.ts";
import { NodeCluster } from "./node-cluster.ts";
import { NodeProcess } from "./node-process.ts";
import { agreedLeader, connectClient, type LeadershipView, raftStatus } from "./redis-client.ts";
import { waitFor } from "./wait.ts";

export const testClusterSecret = "test-cluster-secret";

/** 09's test timing: T = electionTicks × tickMs = 150 ms (timeouts drawn from [T, 2T)). */
export const testClusterTiming = { tickMs: 10, electionTicks: 15, heartbeatTicks: 3 };

export interface LoopbackClusterOptions {
  /** The bundled node program (bundleProgram's result). */
  readonly program: string;
  /** 2 × size free ports: the clients' first, then the peers'. */
  readonly ports: readonly number[];
  /** Prefix of the temporary directory that holds the cluster files and the data. */
  readonly dirPrefix: string;
  /** Registers what to do when the test ends (vitest's onTestFinished). */
  readonly onCleanup: (cleanup: () => void | Promise<void>) => void;
}

export abstract class LoopbackCluster<Status extends LeadershipView> extends NodeCluster {
  readonly dir: string;
  readonly ids: number[];
  readonly clientPorts: number[];
  readonly peerPorts: number[];
  /** Every output line of each node, in order (all its processes). */
  readonly lines = new Map<number, string[]>();
  private readonly options: LoopbackClusterOptions;

  protected constructor(options: LoopbackClusterOptions) {
    super();
    this.options = options;
    const size = options.ports.length / 2;
    this.dir = mkdtempSync(join(tmpdir(), options.dirPrefix));
    options.onCleanup(() => rmSync(this.dir, { recursive: true, force: true }));
    this.ids = Array.from({ length: size }, (_, i) => i + 1);
    this.clientPorts = options.ports.slice(0, size);
    this.peerPorts = options.ports.slice(size);
  }

  /** What node id's cluster file holds beyond the nodes and the data directory. */
  protected abstract extraConfig(id: number): Record<string, unknown>;

  clientPort(id: number): number {
    return this.clientPorts[id - 1]!;
  }

  /** Node id's data directory (09's layout: <dataDir>/node-<id>). */
  dataDir(id: number): string {
    return join(this.dir, "data", `node-${id}`);
  }

  /** Node id's cluster file as an object. */
  config(id: number): Record<string, unknown> {
    return {
      secret: testClusterSecret,
      nodes: this.ids.map((node, i) => ({
        id: node,
        client: `127.0.0.1:${this.clientPorts[i]}`,
        peer: `127.0.0.1:${this.peerPorts[i]}`,
      })),
      ...testClusterTiming,
      dataDir: join(this.dir, "data"),
      ...this.extraConfig(id),
    };
  }

  /** Writes node id's cluster file; returns its path. */
  configPath(id: number): string {
    const path = join(this.dir, `cluster-${id}.json`);
    writeFileSync(path, JSON.stringify(this.config(id)));
    return path;
  }

  protected configFileOf(id: number): string {
    return this.configPath(id);
  }

  protected spawn(id: number, args: readonly string[]): NodeProcess {
    const lines = this.lines.get(id) ?? [];
    this.lines.set(id, lines);
    const onLine = (line: string) => lines.push(line);
    const node = new NodeProcess({ program: this.options.program, args, onLine });
    this.options.onCleanup(async () => {
      await node.kill();
    });
    return node;
  }

  /** A client of node id that fails fast instead of retrying, disconnected when the test ends. */
  client(id: number, commandTimeoutMs = 15_000): Redis {
    const port = this.clientPort(id);
    const client = connectClient(port, { connectTimeoutMs: 5000, commandTimeoutMs });
    this.options.onCleanup(() => client.disconnect());
    return client;
  }

  /** RAFT.STATUS of node id; fails the wait at once if its process is gone. */
  async status(id: number): Promise<Status> {
    this.nodes.get(id)?.checkAlive(`node ${id}`);
    const client = this.client(id, 5000);
    try {
      return await raftStatus<Status>(client);
    } finally {
      client.disconnect();
    }
  }

  /** Until each given node has printed its listening line (or one has died). */
  async waitForListening(among: readonly number[] = this.ids): Promise<void> {
    await waitForListening(this.nodes, among);
  }

  /**
   * The id of the leader that every given node follows, once they agree. The clock starts once
   * they all listen: a slow start-up is not a slow election.
   */
  async waitForLeader(
    among: readonly number[] = this.ids,
    timeoutMs = protocolWaitMs,
  ): Promise<number> {
    await this.waitForListening(among);
    return waitFor(
      `a leader that nodes ${among.join(", ")} agree on`,
      async () => agreedLeader(await Promise.all(among.map((id) => this.status(id)))),
      timeoutMs,
    );
  }
}
