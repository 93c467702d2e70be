// The cluster file every node of a cluster reads: who the members are, where they listen, the
// shared secret peers prove they know, and the timings. A node refuses to start on a bad file
// with one line naming the problem, so a typo never turns into a node that half works.
import { readFileSync } from "node:fs";
import { dirname, resolve } from "node:path";

export interface Address {
  readonly host: string;
  readonly port: number;
}

export interface NodeEntry {
  readonly id: number;
  /** Where Redis clients connect (RESP). */
  readonly client: Address;
  /** Where the other nodes connect (the Raft transport). */
  readonly peer: Address;
}

export interface ClusterConfig {
  /** Peers prove they know it (HMAC challenge–response); it never goes on the wire. */
  readonly secret: string;
  readonly nodes: readonly NodeEntry[];
  /** One Raft tick every tickMs of real time. */
  readonly tickMs: number;
  /** Election timeout base T in ticks: timeouts are drawn from [T, 2T). */
  readonly electionTicks: number;
  /** A leader sends every follower something at least this often, in ticks. */
  readonly heartbeatTicks: number;
  /** A client request with no result after this long gets an UNCERTAIN error. */
  readonly requestTimeoutMs: number;
  /** Node N keeps its log in <dataDir>/node-N unless told otherwise (absolute path). */
  readonly dataDir: string;
}

/** A problem with the configuration or the flags: the node prints it and exits with code 2. */
export class ConfigError extends Error {
  override readonly name = "ConfigError";
}

// For a real cluster on a small machine: a busy CPU or disk stalls a process for a few hundred
// milliseconds now and then, and an election timeout shorter than that elects for nothing.
// Election timeouts 500-1000 ms, heartbeats every 60 ms (the tests use shorter ones).
export const configDefaults = {
  tickMs: 20,
  electionTicks: 25,
  heartbeatTicks: 3,
  requestTimeoutMs: 5000,
  dataDir: "data",
} as const;

const knownKeys = new Set(["secret", "nodes", ...Object.keys(configDefaults)]);

/** Reads and checks a cluster file; relative dataDir is relative to the file's folder. */
export function loadClusterConfig(path: string): ClusterConfig {
  throw new Error("not implemented: loadClusterConfig (read the file, JSON.parse, then parseClusterConfig; ConfigError with one line on any problem)");
}

/** Checks a parsed cluster file; throws a ConfigError naming the first problem. */
export function parseClusterConfig(json: unknown, baseDir: string): ClusterConfig {
  throw new Error("not implemented: parseClusterConfig (secret, nodes with unique ids and addresses, timings; one-line ConfigError)");
}

/** The entry of node id; a ConfigError if the cluster has no such node. */
export function nodeEntry(config: ClusterConfig, id: number): NodeEntry {
  throw new Error("not implemented: nodeEntry (the node with this id, or a ConfigError naming the ids there are)");
}

/** "host:port", "port" or a port number; the host is 127.0.0.1 unless given. */
export function parseAddress(value: unknown, what: string): Address {
  throw new Error("not implemented: parseAddress ('host:port' or a port; host 127.0.0.1 by default)");
}

export function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}

