// Real node processes on loopback for the stage's system tests: the node program of whichever
// track #stage points at (mainPath), bundled once per test file so that each child starts in a
// fraction of a second instead of transforming TypeScript; free ports, a temp data dir, everything
// killed when the test ends. A node that exits early (the starter's "not implemented") fails the
// waiting test at once, with the node's output. The processes, ports, waits and clients are the
// ones of @rafting/testkit/processes, which the stage's tools use too.
//
// Start-up never counts against a protocol deadline: waitForLeader first waits (with its own
// generous ceiling) until every node it asks about says it is listening, then starts the clock.
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { bundleProgram } from "@rafting/testkit/child-program";
import {
  agreedLeader,
  connectClient,
  NodeCluster,
  type NodeExit,
  NodeProcess,
  raftStatus,
  waitForListening,
} from "@rafting/testkit/processes";
import type { Redis } from "ioredis";
import { onTestFinished } from "vitest";
import { mainPath, type NodeStatus } from "#stage";
import { freePorts, protocolWaitMs, startupWaitMs, tempDir, waitFor } from "./helpers.ts";

export type { NodeProcess } from "@rafting/testkit/processes";

/** The node program of the track under test, as one JavaScript file (built once per test file). */
export function nodeProgram(): Promise<string> {
  return bundleProgram(mainPath);
}

/** Spawns a node program (from nodeProgram()) with args; killed when the test ends. */
function spawnNode(program: string, args: readonly string[]): NodeProcess {
  const node = new NodeProcess({ program, args });
  onTestFinished(async () => {
    await node.kill();
  });
  return node;
}

/** Starts the node program with args (bundling it first if this test file has not yet). */
export async function startNodeProcess(args: readonly string[]): Promise<NodeProcess> {
  return spawnNode(await nodeProgram(), args);
}

/** Waits for the process to exit by itself (start-up included); fails after timeoutMs. */
export async function exitOf(node: NodeProcess, timeoutMs = startupWaitMs): Promise<NodeExit> {
  return waitFor(`the node program to exit`, () => node.exit, timeoutMs);
}

export interface ClusterOptions {
  readonly size: number;
  readonly requestTimeoutMs?: number;
  /** Per node: a different secret in its own copy of the config. */
  readonly secrets?: Record<number, string>;
}

export const secret = "test-cluster-secret";

export class ProcessCluster extends NodeCluster {
  readonly dir: string;
  readonly ids: number[];
  readonly clientPorts: number[];
  readonly peerPorts: number[];
  private readonly options: ClusterOptions;
  private readonly program: string;

  private constructor(options: ClusterOptions, ports: number[], program: string) {
    super();
    this.options = options;
    this.program = program;
    this.dir = tempDir("raft-cluster-");
    this.ids = Array.from({ length: options.size }, (_, i) => i + 1);
    this.clientPorts = ports.slice(0, options.size);
    this.peerPorts = ports.slice(options.size);
  }

  static async create(options: ClusterOptions): Promise<ProcessCluster> {
    const [ports, program] = await Promise.all([freePorts(2 * options.size), nodeProgram()]);
    return new ProcessCluster(options, ports, program);
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

  protected configFileOf(id: number): string {
    return this.configPath(id);
  }

  protected spawn(_id: number, args: readonly string[]): NodeProcess {
    return spawnNode(this.program, args);
  }

  /** A client of node id that fails fast instead of retrying, disconnected when the test ends. */
  client(id: number, commandTimeoutMs = 15_000): Redis {
    const client = connectClient(this.clientPorts[id - 1]!, {
      connectTimeoutMs: 5000,
      commandTimeoutMs,
    });
    onTestFinished(() => client.disconnect());
    return client;
  }

  /** RAFT.STATUS of node id; fails the wait at once if its process is gone. */
  async status(id: number): Promise<NodeStatus> {
    this.nodes.get(id)?.checkAlive(`node ${id}`);
    const client = this.client(id, 5000);
    try {
      return await raftStatus<NodeStatus>(client);
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
