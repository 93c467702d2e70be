// Real node processes of stage 11's system on loopback: the node program of whichever track
// #stage points at (systemMainPath: 09's node running the production node over stage 10's
// compacting node), bundled once per test file; free ports, a temp data dir, every process killed
// and the directory removed when the test ends. Processes, waits and clients are
// @rafting/testkit/processes', as in stages 09 and 10. Start-up never counts against a protocol
// deadline: waitForLeader first waits for every node's listening line, with its own ceiling.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { bundleProgram } from "@rafting/testkit/child-program";
import {
  agreedLeader,
  connectClient,
  freePorts,
  NodeCluster,
  NodeProcess,
  protocolWaitMs,
  raftStatus,
  waitFor,
  waitForListening,
} from "@rafting/testkit/processes";
import type { Redis } from "ioredis";
import { onTestFinished } from "vitest";
import { type NodeStatus, type ProductionFeatures, systemMainPath } from "#stage";

/** The cluster's timing: T = electionTicks × tickMs = 150 ms (timeouts drawn from [T, 2T)). */
export const timing = { tickMs: 10, electionTicks: 15, heartbeatTicks: 3, requestTimeoutMs: 3000 };
export const electionTimeoutMs = timing.electionTicks * timing.tickMs;

export class ProductionCluster extends NodeCluster {
  readonly dir: string;
  readonly ids: number[];
  /** Every output line of each node, in order (all its processes). */
  readonly lines = new Map<number, string[]>();
  private readonly ports: number[];
  private readonly program: string;
  private readonly features: Partial<ProductionFeatures>;

  private constructor(
    size: number,
    ports: number[],
    program: string,
    features: Partial<ProductionFeatures>,
  ) {
    super();
    this.dir = mkdtempSync(join(tmpdir(), "raft-production-"));
    onTestFinished(() => rmSync(this.dir, { recursive: true, force: true }));
    this.ids = Array.from({ length: size }, (_, i) => i + 1);
    this.ports = ports;
    this.program = program;
    this.features = features;
  }

  static async create(
    size: number,
    features: Partial<ProductionFeatures> = {},
  ): Promise<ProductionCluster> {
    const [ports, program] = await Promise.all([
      freePorts(2 * size),
      bundleProgram(systemMainPath),
    ]);
    return new ProductionCluster(size, ports, program, features);
  }

  protected configFileOf(id: number): string {
    const size = this.ids.length;
    const config = {
      secret: "test-cluster-secret",
      nodes: this.ids.map((node, i) => ({
        id: node,
        client: `127.0.0.1:${this.ports[i]}`,
        peer: `127.0.0.1:${this.ports[size + i]}`,
      })),
      ...timing,
      dataDir: join(this.dir, "data"),
      production: this.features,
    };
    const path = join(this.dir, `cluster-${id}.json`);
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  protected spawn(id: number, args: readonly string[]): NodeProcess {
    const lines = this.lines.get(id) ?? [];
    this.lines.set(id, lines);
    const node = new NodeProcess({
      program: this.program,
      args,
      onLine: (line) => lines.push(line),
    });
    onTestFinished(async () => {
      await node.kill();
    });
    return node;
  }

  /** A client of node id that fails fast instead of retrying, disconnected when the test ends. */
  client(id: number, commandTimeoutMs = 15_000): Redis {
    const client = connectClient(this.ports[id - 1]!, { connectTimeoutMs: 5000, commandTimeoutMs });
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

  /** The leader every given node follows, once they agree (after they all listen). */
  async waitForLeader(among: readonly number[] = this.ids): Promise<number> {
    await waitForListening(this.nodes, among);
    return waitFor(
      `a leader that nodes ${among.join(", ")} agree on`,
      async () => agreedLeader(await Promise.all(among.map((id) => this.status(id)))),
      protocolWaitMs,
    );
  }
}

/** The reply to a command, or the error it got (its message), as a string. */
export async function replyOrError(run: Promise<unknown>): Promise<string> {
  try {
    return String(await run);
  } catch (cause) {
    return cause instanceof Error ? cause.message : String(cause);
  }
}
