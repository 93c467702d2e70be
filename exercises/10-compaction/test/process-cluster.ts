// Real node processes of stage 10's system on loopback: the node program of whichever track
// #stage points at (systemMainPath: 09's node running the compacting node and storage), bundled
// once per test file; free ports, a temp data dir, everything killed when the test ends. The
// processes, waits and clients are @rafting/testkit/processes', as in stage 09's tests.
// Start-up never counts against a protocol deadline: waitForLeader first waits for every node's
// listening line, with its own ceiling.
import { mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
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
import { type CompactionPolicy, type NodeStatus, systemMainPath } from "#stage";

function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

/** Bytes of every file under dir. */
export function bytesUnder(dir: string): number {
  let total = 0;
  for (const name of readdirSync(dir)) {
    const path = join(dir, name);
    const stat = statSync(path);
    total += stat.isDirectory() ? bytesUnder(path) : stat.size;
  }
  return total;
}

export class CompactingCluster extends NodeCluster {
  readonly dir: string;
  readonly ids: number[];
  private readonly ports: number[];
  private readonly program: string;
  private readonly compaction: Partial<CompactionPolicy>;

  private constructor(
    size: number,
    ports: number[],
    program: string,
    compaction: Partial<CompactionPolicy>,
  ) {
    super();
    this.dir = tempDir("raft-compacting-");
    this.ids = Array.from({ length: size }, (_, i) => i + 1);
    this.ports = ports;
    this.program = program;
    this.compaction = compaction;
  }

  static async create(
    size: number,
    compaction: Partial<CompactionPolicy>,
  ): Promise<CompactingCluster> {
    const [ports, program] = await Promise.all([
      freePorts(2 * size),
      bundleProgram(systemMainPath),
    ]);
    return new CompactingCluster(size, ports, program, compaction);
  }

  clientPort(id: number): number {
    return this.ports[id - 1]!;
  }

  /** Node id's data directory (09's layout: <dataDir>/node-<id>). */
  dataDir(id: number): string {
    return join(this.dir, "data", `node-${id}`);
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
      tickMs: 10,
      electionTicks: 15,
      heartbeatTicks: 3,
      requestTimeoutMs: 5000,
      dataDir: join(this.dir, "data"),
      compaction: this.compaction,
    };
    const path = join(this.dir, `cluster-${id}.json`);
    writeFileSync(path, JSON.stringify(config));
    return path;
  }

  protected spawn(_id: number, args: readonly string[]): NodeProcess {
    const node = new NodeProcess({ program: this.program, args });
    onTestFinished(async () => {
      await node.kill();
    });
    return node;
  }

  /** A client of node id that fails fast instead of retrying, disconnected when the test ends. */
  client(id: number, commandTimeoutMs = 15_000): Redis {
    const client = connectClient(this.clientPort(id), {
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

  /** RAFT.STATE of node id: its own state machine's pairs, as a map. */
  async state(id: number): Promise<Map<string, string>> {
    const client = this.client(id, 5000);
    try {
      const flat = (await client.call("RAFT.STATE")) as string[];
      const pairs = new Map<string, string>();
      for (let i = 0; i + 1 < flat.length; i += 2) pairs.set(flat[i]!, flat[i + 1]!);
      return pairs;
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
