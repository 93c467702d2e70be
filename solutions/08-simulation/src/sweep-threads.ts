// A sweep over worker threads: seeds are dealt round-robin to the workers, each seed runs exactly
// as it would alone (a run depends on its seed only), and the results come back in any order; the
// caller sorts them by seed, so the summary and the replay lines are the same as a one-thread
// sweep's. Used by the command line (main.ts), not by tests that inject a node factory.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";
import type { NodeKind } from "./later-nodes.ts";
import type { SimOptions } from "./options.ts";
import type { SimResult } from "./simulation.ts";

/** What a worker runs: its seeds, the options common to all (no functions: they cannot cross). */
export interface WorkerTask {
  readonly seeds: readonly number[];
  readonly options: Omit<SimOptions, "seed" | "createNode" | "createStorage" | "trace">;
  readonly mutant: string | undefined;
  /** A later stage's node (later-nodes.ts), loaded in the worker; absent: 06's. */
  readonly node?: NodeKind | undefined;
}

/** Worker threads for a sweep: RAFTING_SIM_THREADS, else one per core. */
export function sweepThreads(): number {
  const fromEnv = Number(process.env.RAFTING_SIM_THREADS);
  if (Number.isInteger(fromEnv) && fromEnv >= 1) return fromEnv;
  return availableParallelism();
}

/** Runs `seeds` on `threads` workers; `onResult` sees each result as it arrives. */
export async function runSeedsInThreads(
  seeds: readonly number[],
  threads: number,
  common: Omit<WorkerTask, "seeds">,
  onResult: (result: SimResult) => void,
): Promise<void> {
  const dealt = Array.from({ length: Math.min(threads, seeds.length) }, (_, worker) =>
    seeds.filter((_, index) => index % threads === worker),
  );
  await Promise.all(dealt.map((mine) => runWorker({ ...common, seeds: mine }, onResult)));
}

function runWorker(task: WorkerTask, onResult: (result: SimResult) => void): Promise<void> {
  return new Promise((resolve, reject) => {
    const worker = new Worker(workerEntry(), { workerData: task });
    let received = 0;
    worker.on("message", (result: SimResult) => {
      received++;
      onResult(result);
    });
    worker.on("error", reject);
    worker.on("exit", (code) => {
      if (code === 0 && received === task.seeds.length) resolve();
      else
        reject(
          new Error(
            `sweep worker exited with ${code} after ${received} of ${task.seeds.length} seeds`,
          ),
        );
    });
  });
}

/**
 * A worker does not get the main thread's TypeScript loader: its entry registers tsx, then loads
 * sweep-worker.ts.
 */
function workerEntry(): URL {
  const tsx = import.meta.resolve("tsx/esm/api");
  const worker = new URL("./sweep-worker.ts", import.meta.url).href;
  const code = `const { register } = await import(${JSON.stringify(tsx)}); register(); await import(${JSON.stringify(worker)});`;
  return new URL(`data:text/javascript,${encodeURIComponent(code)}`);
}
