// The tests' own reading of a trace, written apart from the viewer's model: what each node's
// card should show after event `index`. A node that reports anything after a crash is running
// again, as a follower until a role event says otherwise.
import type { ViewerEvent } from "../../src/trace/events.ts";
import type { ShownNode } from "./helpers.ts";

interface Expected {
  role: string;
  term: number;
  commit: number;
  terms: number[];
  up: boolean;
}

export function expectedAt(events: readonly ViewerEvent[], index: number): ShownNode[] {
  const nodes = new Map<number, Expected>();
  const header = events.find((e) => e.kind === "run");
  const count = header?.kind === "run" ? (header.nodes ?? 0) : 0;
  const get = (id: number) => {
    let node = nodes.get(id);
    if (node === undefined) {
      node = { role: "follower", term: 0, commit: 0, terms: [], up: true };
      nodes.set(id, node);
    }
    return node;
  };
  const touch = (id: number) => {
    const node = get(id);
    if (!node.up) Object.assign(node, { up: true, role: "follower" });
    return node;
  };
  for (let id = 1; id <= count; id++) get(id);
  for (const e of events.slice(0, index + 1)) {
    if (e.kind === "role") Object.assign(touch(e.node), { role: e.role, term: e.term });
    else if (e.kind === "vote") touch(e.node).term = e.term;
    else if (e.kind === "commit") touch(e.node).commit = e.index;
    else if (e.kind === "apply" || e.kind === "timer") touch(e.node);
    else if (e.kind === "log") {
      const node = touch(e.node);
      node.terms = [...node.terms.slice(0, e.from - 1), ...e.terms];
    } else if (e.kind === "fault" && e.fault === "crash")
      for (const id of e.nodes) Object.assign(get(id), { up: false, role: "down", commit: 0 });
    else if (e.kind === "fault" && e.fault === "restart") for (const id of e.nodes) touch(id);
  }
  return [...nodes]
    .sort(([a], [b]) => a - b)
    .map(([node, n]) => ({
      node,
      role: n.role,
      term: n.term,
      commit: n.commit,
      log: n.terms.join(","),
    }));
}

/** The first event after `index` where some node commits an index no node had committed. */
export function nextNewCommit(events: readonly ViewerEvent[], index: number): number | undefined {
  let max = 0;
  for (let i = 0; i < events.length; i++) {
    const e = events[i]!;
    if (e.kind !== "commit" || e.index <= max) continue;
    max = e.index;
    if (i > index) return i;
  }
  return undefined;
}
