// The entries the kill -9 test's child writes, shared by the child (which writes them) and the
// parent (which checks what survived). Every entry is a pure function of its index, so the
// parent can tell a recovered entry from garbage.
import type { Entry } from "#stage";

/** Value bytes per entry: the size the benchmarks use too. */
const valueBytes = 100;

export function workloadEntry(index: number): Entry {
  const value = `${index}:`.padEnd(valueBytes, String.fromCharCode(97 + (index % 26)));
  return { term: 1 + Math.floor((index - 1) / 25), command: ["SET", `key:${index}`, value] };
}

export function workloadEntries(fromIndex: number, count: number): Entry[] {
  return Array.from({ length: count }, (_, i) => workloadEntry(fromIndex + i));
}

/** Lines the child prints on stdout, one per event. */
export const childLine = {
  /** After sync() returned: every entry up to lastIndex is durable. */
  synced: (lastIndex: number) => `synced ${lastIndex}`,
  /** Half of a batch's bytes are in the file; the child now waits to be killed. */
  torn: (batchFrom: number, batchSize: number) => `torn ${batchFrom} ${batchSize}`,
};
