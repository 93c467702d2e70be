// Live mode: the cluster `pnpm cluster` runs, read from its cluster.json, every node polled
// every pollMs. Events are held back holdMs so that the nodes' streams merge in time order,
// then go to every open page (a page that connects later gets the history first). Node actions
// go through the admin commands; a restart starts the node program from here.
import { type ChildProcess, spawn } from "node:child_process";
import { existsSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { repoRoot } from "../paths.ts";
import type { LiveSource } from "../server.ts";
import type { ViewerEvent } from "../trace/events.ts";
import { NodePoller } from "./node-poller.ts";

const pollMs = 100;
const holdMs = 300;
const maxHistory = 300_000;
const nodeMain = join(repoRoot, "solutions", "09-system", "src", "main.ts");

interface ClusterFile {
  readonly nodes: readonly { readonly id: number; readonly client: string }[];
  readonly tickMs?: number;
}

/** The 09 node's default tick when cluster.json does not set one (configDefaults.tickMs). */
const defaultTickMs = 20;

export interface LiveFeed extends LiveSource {
  close(): void;
}

export function liveSource(dir: string): LiveFeed {
  const configPath = join(dir, "cluster.json");
  const startUs = Date.now() * 1000;
  const pollers = new Map<number, NodePoller>();
  const subscribers = new Set<{ send: (b: object) => void; problem: (l: string) => void }>();
  const history: ViewerEvent[] = [];
  const children = new Set<ChildProcess>();
  let held: ViewerEvent[] = [];
  let lastT = 0;
  let problem: string | undefined;
  let timer: NodeJS.Timeout | undefined;

  const nowUs = () => Date.now() * 1000 - startUs;

  const setProblem = (line: string | undefined) => {
    if (line === problem) return;
    problem = line;
    if (line === undefined) return;
    console.error(`view: ${line}`); // the terminal hears it too, once
    for (const s of subscribers) s.problem(line);
  };

  const connect = (): boolean => {
    if (pollers.size > 0) return true;
    if (!existsSync(configPath)) {
      setProblem(`no cluster in ${dir}: start one with pnpm cluster (or pass its directory)`);
      return false;
    }
    const file = JSON.parse(readFileSync(configPath, "utf8")) as ClusterFile;
    for (const node of file.nodes) {
      const port = Number(node.client.split(":").at(-1));
      pollers.set(node.id, new NodePoller(node.id, port));
    }
    const ids = file.nodes.map((n) => n.id);
    const tickUs = (file.tickMs ?? defaultTickMs) * 1000;
    held.push({ t: 0, kind: "run", nodes: ids.length, live: dir, tickUs });
    setProblem(undefined);
    return true;
  };

  const tick = async () => {
    if (connect()) {
      const batches = await Promise.all([...pollers.values()].map((p) => p.poll(startUs)));
      for (const batch of batches) held.push(...batch);
      if ([...pollers.values()].length > 0 && batches.every((b) => b.length === 0) === false)
        setProblem(undefined);
    }
    release();
    timer = setTimeout(() => void tick(), pollMs);
  };

  /** Events older than holdMs, in time order, to the pages. */
  const release = () => {
    const cutoffUs = nowUs() - holdMs * 1000;
    held.sort((a, b) => a.t - b.t);
    const ready = held.filter((e) => e.t <= cutoffUs);
    held = held.filter((e) => e.t > cutoffUs);
    const out = ready.map((e) => {
      const t = Math.max(lastT, e.t);
      lastT = t;
      return t === e.t ? e : { ...e, t };
    });
    history.push(...out);
    if (history.length > maxHistory) history.splice(0, history.length - maxHistory);
    const batch = { nowUs: cutoffUs, events: out };
    for (const s of subscribers) s.send(batch);
  };

  return {
    kind: "live",
    name: `live cluster (${dir})`,
    subscribe(send, onProblem) {
      const subscriber = { send, problem: onProblem };
      subscribers.add(subscriber);
      send({ nowUs: nowUs() - holdMs * 1000, events: history });
      if (problem !== undefined) onProblem(problem);
      if (timer === undefined) void tick();
      return () => subscribers.delete(subscriber);
    },
    async act(node, action) {
      const poller = pollers.get(node);
      if (poller === undefined) return `no node ${node}`;
      try {
        return await act(poller, [...pollers.keys()], action, () => restart(node));
      } catch (error) {
        return error instanceof Error ? error.message : String(error);
      }
    },
    close() {
      if (timer !== undefined) clearTimeout(timer);
      for (const p of pollers.values()) p.close();
      for (const child of children) child.kill("SIGTERM");
    },
  };

  function restart(node: number): string {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", nodeMain, "--id", String(node), "--config", configPath],
      { cwd: repoRoot, stdio: ["ignore", "pipe", "pipe"] },
    );
    children.add(child);
    child.on("exit", () => children.delete(child));
    for (const stream of [child.stdout, child.stderr])
      createInterface({ input: stream }).on("line", (line) => console.log(`[n${node}] ${line}`));
    return `restarting node ${node} (its output is in this viewer's terminal)`;
  }
}

async function act(
  poller: NodePoller,
  ids: readonly number[],
  action: string,
  restart: () => string,
): Promise<string> {
  const peers = ids.filter((id) => id !== poller.id);
  switch (action) {
    case "kill":
      // The node dies before it can answer: a closed connection is the expected reply.
      await poller.call("RAFT.CRASH").catch(() => "");
      return `node ${poller.id} killed`;
    case "restart":
      if (
        await poller.call("RAFT.STATUS").then(
          () => true,
          () => false,
        )
      )
        return `node ${poller.id} is running`;
      return restart();
    case "pause":
      return poller.call("RAFT.PAUSE");
    case "resume":
      return poller.call("RAFT.RESUME");
    case "cut":
      for (const peer of peers) await poller.call("RAFT.CUT", String(peer));
      return `node ${poller.id} cut off from ${peers.join(", ")}`;
    case "heal":
      return poller.call("RAFT.HEAL");
    default:
      return `unknown action ${action}`;
  }
}
