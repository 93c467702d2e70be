// The cluster as the events so far describe it: every node's role, term, vote, timer, log,
// commit and applied marks and key-value state; the cut links; client requests in flight; the
// first violation. apply() moves it one event forward; clone() makes the checkpoints the
// timeline scrubs from.
import type { FaultEvent, ViewerEvent } from "../trace/events.ts";
import { applyCommand } from "./kv.ts";

export interface NodeState {
  readonly id: number;
  /** Down: crashed or killed (its volatile state is gone). */
  up: boolean;
  paused: boolean;
  role: string;
  term: number;
  vote: number | null;
  commit: number;
  applied: number;
  /** Terms and commands of entries 1..n (index i at position i-1). */
  terms: number[];
  commands: string[];
  kv: Map<string, string>;
  /** The election timer as last reported, and when. */
  timer: { elapsed: number; timeout: number; atUs: number } | undefined;
  /** When this node last changed role or term. */
  roleAtUs: number;
}

export interface ClientState {
  readonly client: number;
  op: number;
  command: string;
  node: number | undefined;
  /** invoke while in flight, then the outcome: ok, fail, info (unknown). */
  status: "invoke" | "ok" | "fail" | "info";
  atUs: number;
}

export interface ClusterState {
  /** Index of the last event applied; -1 before the first. */
  index: number;
  t: number;
  nodes: Map<number, NodeState>;
  /** Links that drop messages, as "from>to". */
  cuts: Set<string>;
  /** Which links each running fault episode cut (heal restores them). */
  episodeCuts: Map<number, string[]>;
  /** Faults in force, for the banner: episode → text. */
  faults: Map<number, string>;
  clients: Map<number, ClientState>;
  violation: { invariant: string; detail: string; atUs: number } | undefined;
}

export function emptyState(nodeIds: readonly number[]): ClusterState {
  const nodes = new Map<number, NodeState>();
  for (const id of nodeIds) nodes.set(id, newNode(id));
  return {
    index: -1,
    t: 0,
    nodes,
    cuts: new Set(),
    episodeCuts: new Map(),
    faults: new Map(),
    clients: new Map(),
    violation: undefined,
  };
}

function newNode(id: number): NodeState {
  return {
    id,
    up: true,
    paused: false,
    role: "follower",
    term: 0,
    vote: null,
    commit: 0,
    applied: 0,
    terms: [],
    commands: [],
    kv: new Map(),
    timer: undefined,
    roleAtUs: 0,
  };
}

export function cloneState(state: ClusterState): ClusterState {
  const nodes = new Map<number, NodeState>();
  for (const [id, node] of state.nodes)
    nodes.set(id, {
      ...node,
      terms: node.terms.slice(),
      commands: node.commands.slice(),
      kv: new Map(node.kv),
      timer: node.timer && { ...node.timer },
    });
  const clients = new Map<number, ClientState>();
  for (const [id, client] of state.clients) clients.set(id, { ...client });
  return {
    ...state,
    nodes,
    cuts: new Set(state.cuts),
    episodeCuts: new Map(state.episodeCuts),
    faults: new Map(state.faults),
    clients,
  };
}

function nodeOf(state: ClusterState, id: number): NodeState {
  let node = state.nodes.get(id);
  if (node === undefined) {
    node = newNode(id);
    state.nodes.set(id, node);
  }
  return node;
}

/** A node that reports anything is running (the 08 simulator restarts nodes at quiet time). */
function alive(state: ClusterState, id: number): NodeState {
  const node = nodeOf(state, id);
  if (!node.up) {
    node.up = true;
    node.role = "follower"; // a node starts as a follower (§5.2)
  }
  return node;
}

export function applyEvent(state: ClusterState, event: ViewerEvent, index: number): void {
  state.index = index;
  state.t = event.t;
  switch (event.kind) {
    case "role": {
      const node = alive(state, event.node);
      node.role = event.role;
      node.term = event.term;
      node.roleAtUs = event.t;
      return;
    }
    case "vote": {
      const node = alive(state, event.node);
      node.term = event.term;
      node.vote = event.vote;
      return;
    }
    case "commit":
      alive(state, event.node).commit = event.index;
      return;
    case "apply": {
      const node = alive(state, event.node);
      node.applied = event.index;
      const command = node.commands[event.index - 1];
      if (command !== undefined) applyCommand(node.kv, command);
      return;
    }
    case "log": {
      const node = alive(state, event.node);
      node.terms.length = Math.max(0, event.from - 1);
      node.commands.length = node.terms.length;
      node.terms.push(...event.terms);
      node.commands.push(...(event.commands ?? event.terms.map(() => "")));
      return;
    }
    case "timer": {
      const node = alive(state, event.node);
      node.timer = { elapsed: event.elapsed, timeout: event.timeout, atUs: event.t };
      return;
    }
    case "kv":
      alive(state, event.node).kv = new Map(event.pairs.map(([k, v]) => [k, v]));
      return;
    case "fault":
      applyFault(state, event);
      return;
    case "client":
      applyClient(state, event);
      return;
    case "violation":
      state.violation ??= { invariant: event.invariant, detail: event.detail, atUs: event.t };
      return;
    default:
      return;
  }
}

function crash(state: ClusterState, id: number, atUs: number): void {
  const node = nodeOf(state, id);
  // What survives a crash is the disk: log, term, vote. The rest is volatile.
  node.up = false;
  node.role = "down";
  node.commit = 0;
  node.applied = 0;
  node.kv = new Map();
  node.timer = undefined;
  node.roleAtUs = atUs;
}

function applyFault(state: ClusterState, event: FaultEvent): void {
  switch (event.fault) {
    case "crash":
    case "kill":
      for (const id of event.nodes) crash(state, id, event.t);
      // The detail says what the disk kept (a torn write keeps some unsynced entries).
      state.faults.set(
        event.episode,
        `${event.fault} ${event.nodes.join(",")}${event.detail ? ` (${event.detail})` : ""}`,
      );
      return;
    case "restart":
      for (const id of event.nodes) {
        const node = nodeOf(state, id);
        node.up = true;
        node.role = "follower";
      }
      state.faults.delete(event.episode);
      return;
    case "pause":
    case "resume":
      for (const id of event.nodes) nodeOf(state, id).paused = event.fault === "pause";
      return;
    case "partition":
    case "cut": {
      const links = cutLinksOf(event);
      for (const link of links) state.cuts.add(link);
      state.episodeCuts.set(event.episode, links);
      state.faults.set(event.episode, `${event.fault} ${event.detail ?? event.nodes.join(",")}`);
      return;
    }
    case "heal": {
      // A link stays cut while any other episode still cuts it (the 08 network counts cuts).
      state.episodeCuts.delete(event.episode);
      state.cuts = new Set([...state.episodeCuts.values()].flat());
      state.faults.delete(event.episode);
      if (event.episode < 0 && event.nodes.length === 0) healAll(state);
      return;
    }
    case "quiet":
      healAll(state);
      state.faults.clear();
      return;
  }
}

function healAll(state: ClusterState): void {
  state.cuts.clear();
  state.episodeCuts.clear();
}

/**
 * The links a partition cut, from its detail: "1,2 | 3,4,5" (both ways) or "1 cannot reach
 * 2,3 (one way)" as the 08 simulator writes it; without a detail, the nodes listed are cut off
 * from each other pairwise is unknown, so nothing is drawn.
 */
export function cutLinksOf(event: FaultEvent): string[] {
  const detail = event.detail ?? "";
  const ids = (text: string) =>
    text
      .split(",")
      .map((part) => Number(part.trim()))
      .filter((n) => Number.isInteger(n) && n > 0);
  const oneWay = /^([\d,\s]+) cannot reach ([\d,\s]+)/.exec(detail);
  const twoWay = /^([\d,\s]+)\|([\d,\s]+)$/.exec(detail);
  const match = oneWay ?? twoWay;
  if (match === null) return [];
  const links: string[] = [];
  for (const a of ids(match[1]!))
    for (const b of ids(match[2]!)) {
      links.push(`${a}>${b}`);
      if (oneWay === null) links.push(`${b}>${a}`);
    }
  return links;
}

function applyClient(state: ClusterState, event: Extract<ViewerEvent, { kind: "client" }>): void {
  let client = state.clients.get(event.client);
  if (event.event === "invoke" || client === undefined) {
    client = {
      client: event.client,
      op: event.op,
      command: event.command?.join(" ") ?? "",
      node: event.node,
      status: event.event,
      atUs: event.t,
    };
    state.clients.set(event.client, client);
    return;
  }
  if (client.op !== event.op) return;
  client.status = event.event;
  client.atUs = event.t;
}
