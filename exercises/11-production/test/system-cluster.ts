// Real node processes of stage 11's system on loopback: the node program of whichever track
// #stage points at (systemMainPath: 09's node running the production node over stage 10's
// compacting node), bundled once per test file; free ports, a temp data dir, every process killed
// and the directory removed when the test ends. The cluster is @rafting/testkit/processes'
// LoopbackCluster, as in stages 09 and 10, with the cluster file's "production" object. Start-up
// never counts against a protocol deadline: waitForLeader first waits for every node's listening
// line, with its own ceiling.
import { bundleProgram } from "@rafting/testkit/child-program";
import { freePorts, LoopbackCluster, testClusterTiming } from "@rafting/testkit/processes";
import { onTestFinished } from "vitest";
import { type NodeStatus, type ProductionFeatures, systemMainPath } from "#stage";

/** The cluster's timing: T = electionTicks × tickMs = 150 ms (timeouts drawn from [T, 2T)). */
export const timing = { ...testClusterTiming, requestTimeoutMs: 3000 };
export const electionTimeoutMs = timing.electionTicks * timing.tickMs;

/** Stage 10's "compaction" object of the cluster file (entries or bytes before a snapshot). */
export interface CompactionSection {
  readonly maxLogEntries?: number;
  readonly maxLogBytes?: number;
}

export class ProductionCluster extends LoopbackCluster<NodeStatus> {
  private readonly features: Partial<ProductionFeatures>;
  private readonly compaction: CompactionSection | undefined;

  private constructor(
    ports: number[],
    program: string,
    features: Partial<ProductionFeatures>,
    compaction: CompactionSection | undefined,
  ) {
    super({ program, ports, dirPrefix: "raft-production-", onCleanup: onTestFinished });
    this.features = features;
    this.compaction = compaction;
  }

  static async create(
    size: number,
    features: Partial<ProductionFeatures> = {},
    compaction?: CompactionSection,
  ): Promise<ProductionCluster> {
    const [ports, program] = await Promise.all([
      freePorts(2 * size),
      bundleProgram(systemMainPath),
    ]);
    return new ProductionCluster(ports, program, features, compaction);
  }

  protected extraConfig(): Record<string, unknown> {
    const compaction = this.compaction === undefined ? {} : { compaction: this.compaction };
    return { ...timing, production: this.features, ...compaction };
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
