// Start-up, apart from any protocol wait: until each node has printed its listening line. Tests
// and tools wait for this first, with its own generous ceiling, and only then start a protocol
// clock (an election, a write), so a slow start-up is never taken for a slow protocol.
import { startupWaitMs } from "./ceilings.ts";
import type { NodeProcess } from "./node-process.ts";
import { FatalWait, waitFor } from "./wait.ts";

export interface ListeningReport {
  /** A node came up, startMs after its process was spawned. */
  readonly onListening?: (id: number, startMs: number) => void;
  /** Every reportEveryMs: the nodes still starting. */
  readonly onWaiting?: (ids: number[]) => void;
  readonly reportEveryMs?: number;
}

/** Until each node in ids listens; fails at once (FatalWait) if one is missing or exits first. */
export async function waitForListening(
  nodes: ReadonlyMap<number, NodeProcess>,
  ids: readonly number[],
  timeoutMs = startupWaitMs,
  report: ListeningReport = {},
): Promise<void> {
  const pending = new Set(ids);
  const reportEveryMs = report.reportEveryMs ?? 2000;
  let nextReportMs = performance.now() + reportEveryMs;
  await waitFor(
    `nodes ${ids.join(", ")} to start and listen (process start-up, not the protocol)`,
    () => {
      for (const id of pending) {
        const node = nodes.get(id);
        if (node === undefined) throw new FatalWait(`node ${id} was never started`);
        node.checkAlive(`node ${id}`);
        if (node.listeningAtMs === undefined) continue;
        pending.delete(id);
        report.onListening?.(id, node.listeningAtMs - node.startedAtMs);
      }
      if (pending.size === 0) return true;
      if (performance.now() > nextReportMs) {
        report.onWaiting?.([...pending]);
        nextReportMs = performance.now() + reportEveryMs;
      }
      return undefined;
    },
    timeoutMs,
  );
}
