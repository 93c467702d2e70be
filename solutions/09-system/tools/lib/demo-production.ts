// pnpm demo's stage 11 scenes (when the newest stage's system has them): a leader cut off from
// every peer steps down by itself (CheckQuorum) while the others elect a new one, and rejoins
// without disrupting it (Pre-Vote); then leadership is handed to a chosen node (RAFT.TRANSFER).
import { connectClient, sleep } from "@rafting/testkit/processes";
import pc from "picocolors";
import type { LocalCluster } from "./local-cluster.ts";
import { nodeTag } from "./node-tag.ts";

const sceneWaitMs = 30_000;

/** RAFT.<command> on node id, its reply or error as text. */
async function admin(cluster: LocalCluster, id: number, ...command: string[]): Promise<string> {
  const client = connectClient(cluster.clientPort(id), { commandTimeoutMs: 5000 });
  try {
    return String(await client.call(command[0]!, ...command.slice(1)));
  } catch (cause) {
    return cause instanceof Error ? cause.message : String(cause);
  } finally {
    client.disconnect();
  }
}

/** Polls every 20 ms until check gives a value or the ceiling passes. */
async function until<T>(check: () => Promise<T | undefined>): Promise<T | undefined> {
  const deadline = performance.now() + sceneWaitMs;
  while (performance.now() < deadline) {
    const value = await check();
    if (value !== undefined) return value;
    await sleep(20);
  }
  return undefined;
}

/** The node among `ids` that says it leads, with its term. */
async function leaderAmong(cluster: LocalCluster, ids: readonly number[]) {
  const statuses = await Promise.all(ids.map((id) => cluster.status(id)));
  return statuses.find((status) => status?.role === "leader");
}

export async function partitionAndTransfer(
  cluster: LocalCluster,
  say: (message: string) => void,
): Promise<void> {
  const old = await leaderAmong(cluster, cluster.ids);
  if (old === undefined) return say(pc.yellow("no leader to partition"));
  const others = cluster.ids.filter((id) => id !== old.id);
  say(
    `${pc.red("partition")}: ${nodeTag(old.id)} (the leader, term ${old.term}) cut off from every peer`,
  );
  const cutAt = performance.now();
  for (const peer of others) await admin(cluster, old.id, "RAFT.CUT", String(peer));
  const [stepped, next] = await Promise.all([
    until(async () => ((await cluster.status(old.id))?.role === "leader" ? undefined : true)),
    until(() => leaderAmong(cluster, others)),
  ]);
  const ms = Math.round(performance.now() - cutAt);
  if (stepped)
    say(
      `${nodeTag(old.id)} ${pc.green("stepped down by itself")} (CheckQuorum: no majority heard for an election timeout); its clients now get CLUSTERDOWN, not UNCERTAIN`,
    );
  if (next !== undefined)
    say(
      `${nodeTag(next.id)} ${pc.green(`leads term ${next.term}`)} on the majority side (${ms} ms after the cut)`,
    );
  await admin(cluster, old.id, "RAFT.HEAL");
  const rejoined = await until(async () => {
    const status = await cluster.status(old.id);
    return status?.leader === next?.id ? status : undefined;
  });
  const now = await leaderAmong(cluster, cluster.ids);
  say(
    `${pc.green("healed")}: ${nodeTag(old.id)} ${rejoined === undefined ? "has not rejoined yet" : "follows again"}; ${now?.id === next?.id && now?.term === next?.term ? "the leader and term did not change (Pre-Vote: the returning node asks before raising its term)" : pc.yellow(`leadership moved to ${now?.id}/${now?.term}`)}`,
  );

  const from = now ?? next;
  if (from === undefined) return;
  const target = cluster.ids.find((id) => id !== from.id)!;
  say(
    `${pc.bold("RAFT.TRANSFER")} ${target} on ${nodeTag(from.id)} (§3.10: catch the target up, then TimeoutNow)`,
  );
  const askedAt = performance.now();
  const reply = await admin(cluster, from.id, "RAFT.TRANSFER", String(target));
  if (reply !== "OK") return say(pc.yellow(`refused: ${reply}`));
  const moved = await until(async () => {
    const status = await cluster.status(target);
    return status?.role === "leader" ? status : undefined;
  });
  if (moved === undefined)
    return say(pc.yellow(`${nodeTag(target)} did not take over within ${sceneWaitMs} ms`));
  say(
    `${nodeTag(target)} ${pc.green(`leads term ${moved.term}`)}, ${Math.round(performance.now() - askedAt)} ms after RAFT.TRANSFER (no election timeout waited)`,
  );
}
