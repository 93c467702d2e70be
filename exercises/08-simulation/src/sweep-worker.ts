// One worker thread of a parallel sweep (sweep-threads.ts): runs the seeds it is given, in order,
// and posts each result back. A mutant is registered before the node's modules load, as main.ts
// does in the main thread. Course infrastructure.
import { parentPort, workerData } from "node:worker_threads";
import { registerMutant } from "./mutants.ts";
import type { WorkerTask } from "./sweep-threads.ts";

const task = workerData as WorkerTask;
if (task.mutant !== undefined) registerMutant(task.mutant);
const { referenceNodeFactory } = await import("./mutants.ts");
const { laterNode } = await import("./later-nodes.ts");
const { runSimulation } = await import("./simulation.ts");
const later =
  task.node !== undefined && task.node !== "raft"
    ? await laterNode(task.node, task.options.simSeconds)
    : {};
const createNode = task.mutant !== undefined ? await referenceNodeFactory() : undefined;
for (const seed of task.seeds) {
  const result = runSimulation({
    ...task.options,
    seed,
    ...(createNode ? { createNode } : {}),
    ...later,
  });
  parentPort?.postMessage(result);
}
