// Real node processes on loopback for the stage's system tests: the node program of whichever
// track #stage points at (mainPath), bundled once per test file so that each child starts in a
// fraction of a second instead of transforming TypeScript; free ports, a temp data dir, everything
// killed when the test ends. A node that exits early (the starter's "not implemented") fails the
// waiting test at once, with the node's output. The processes, ports, waits and clients are the
// ones of @rafting/testkit/processes, which the stage's tools use too.
//
// Start-up never counts against a protocol deadline: waitForLeader first waits (with its own
// generous ceiling) until every node it asks about says it is listening, then starts the clock.
import { bundleProgram } from "@rafting/testkit/child-program";
import {
  LoopbackCluster,
  type NodeExit,
  NodeProcess,
  testClusterSecret,
} from "@rafting/testkit/processes";
import { onTestFinished } from "vitest";
import { mainPath, type NodeStatus } from "#stage";
import { freePorts, startupWaitMs, waitFor } from "./helpers.ts";

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

export const secret = testClusterSecret;

/** 09's cluster: the loopback cluster of @rafting/testkit/processes, as stages 10 and 11 use it. */
export class ProcessCluster extends LoopbackCluster<NodeStatus> {
  private readonly clusterOptions: ClusterOptions;

  private constructor(options: ClusterOptions, ports: number[], program: string) {
    super({ program, ports, dirPrefix: "raft-cluster-", onCleanup: onTestFinished });
    this.clusterOptions = options;
  }

  static async create(options: ClusterOptions): Promise<ProcessCluster> {
    const [ports, program] = await Promise.all([freePorts(2 * options.size), nodeProgram()]);
    return new ProcessCluster(options, ports, program);
  }

  protected extraConfig(id: number): Record<string, unknown> {
    return {
      secret: this.clusterOptions.secrets?.[id] ?? secret,
      requestTimeoutMs: this.clusterOptions.requestTimeoutMs ?? 1000,
    };
  }
}
