// Real node processes of stage 10's system on loopback: the node program of whichever track
// #stage points at (systemMainPath: 09's node running the compacting node and storage), bundled
// once per test file; free ports, a temp data dir, everything killed when the test ends. The
// cluster is @rafting/testkit/processes' LoopbackCluster, as stage 09's tests use it, with the
// cluster file's "compaction" object. Start-up never counts against a protocol deadline:
// waitForLeader first waits for every node's listening line, with its own ceiling.
import { bundleProgram } from "@rafting/testkit/child-program";
import { freePorts, LoopbackCluster } from "@rafting/testkit/processes";
import { onTestFinished } from "vitest";
import { type CompactionPolicy, type NodeStatus, systemMainPath } from "#stage";

export class CompactingCluster extends LoopbackCluster<NodeStatus> {
  private readonly compaction: Partial<CompactionPolicy>;

  private constructor(ports: number[], program: string, compaction: Partial<CompactionPolicy>) {
    super({ program, ports, dirPrefix: "raft-compacting-", onCleanup: onTestFinished });
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
    return new CompactingCluster(ports, program, compaction);
  }

  protected extraConfig(): Record<string, unknown> {
    return { requestTimeoutMs: 5000, compaction: this.compaction };
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
}
