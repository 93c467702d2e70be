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

export class ProductionCluster extends LoopbackCluster<NodeStatus> {
  private readonly features: Partial<ProductionFeatures>;

  private constructor(ports: number[], program: string, features: Partial<ProductionFeatures>) {
    super({ program, ports, dirPrefix: "raft-production-", onCleanup: onTestFinished });
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
    return new ProductionCluster(ports, program, features);
  }

  protected extraConfig(): Record<string, unknown> {
    return { ...timing, production: this.features };
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
