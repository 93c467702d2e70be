// ioredis clients for tests and tools that fail fast instead of retrying behind the caller's back:
// every refusal and every lost connection is seen.
import { Redis } from "ioredis";

export interface ClientOptions {
  readonly host?: string;
  readonly connectTimeoutMs?: number;
  /** A command with no reply after this long is rejected (the connection stays up). */
  readonly commandTimeoutMs?: number;
}

export function connectClient(port: number, options: ClientOptions = {}): Redis {
  const client = new Redis({
    host: options.host ?? "127.0.0.1",
    port,
    lazyConnect: true,
    connectTimeout: options.connectTimeoutMs ?? 1000,
    commandTimeout: options.commandTimeoutMs ?? 10_000,
    maxRetriesPerRequest: 0,
    retryStrategy: () => null,
    enableReadyCheck: false,
  });
  client.on("error", () => {}); // every failure also rejects the command that met it
  return client;
}

/** A client that is still usable (or about to connect); an ended one must be replaced. */
export function usable(client: Redis): boolean {
  return client.status !== "end" && client.status !== "close";
}

/** What RAFT.STATUS says about leadership (09's NodeStatus has more). */
export interface LeadershipView {
  readonly id: number;
  readonly role: string;
  readonly leader: number | null;
}

/** RAFT.STATUS of the node behind client, parsed. */
export async function raftStatus<S extends LeadershipView>(client: Redis): Promise<S> {
  return JSON.parse(String(await client.call("RAFT.STATUS"))) as S;
}

/**
 * The leader every given status names, if it is one of them and knows it leads (the others may
 * still name a dead leader); undefined while they disagree or name none.
 */
export function agreedLeader(statuses: readonly LeadershipView[]): number | undefined {
  const leader = statuses[0]?.leader;
  if (leader === null || leader === undefined) return undefined;
  if (!statuses.every((status) => status.leader === leader)) return undefined;
  return statuses.find((status) => status.id === leader)?.role === "leader" ? leader : undefined;
}
