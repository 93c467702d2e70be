// A load generator: threads that keep the CPU busy, so that real-time tests can be run the way
// a learner's busy laptop or a shared CI runner runs them. Each thread spins on arithmetic and
// short-lived allocations (some garbage-collector work too) until stop() terminates it.
import { availableParallelism } from "node:os";
import { Worker } from "node:worker_threads";

/** A worker's whole program: no I/O, no end; terminate() interrupts it. */
const spinProgram = `
let sink = 0;
for (;;) {
  const scratch = new Array(64);
  for (let i = 0; i < scratch.length; i++) scratch[i] = Math.sqrt(i + sink);
  sink = (sink + scratch[63]) % 1e6;
}
`;

export interface CpuLoad {
  readonly threads: number;
  stop(): Promise<void>;
}

/** threadsPerCore busy threads for every core this process may use. */
export function startCpuLoad(threadsPerCore: number): CpuLoad {
  const threads = Math.max(1, Math.round(threadsPerCore * availableParallelism()));
  const workers = Array.from({ length: threads }, () => new Worker(spinProgram, { eval: true }));
  // A spinning worker must never keep the process alive by itself (a crash of the runner ends it).
  for (const worker of workers) worker.unref();
  return {
    threads,
    async stop() {
      await Promise.all(workers.map((worker) => worker.terminate()));
    },
  };
}
