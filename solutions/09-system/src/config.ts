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
  // solution:begin
  let text: string;
  try {
    text = readFileSync(path, "utf8");
  } catch (cause) {
    const code = (cause as NodeJS.ErrnoException).code ?? String(cause);
    throw new ConfigError(`cannot read config file ${path} (${code})`);
  }
  let json: unknown;
  try {
    json = JSON.parse(text);
  } catch (cause) {
    throw new ConfigError(`config file ${path} is not valid JSON (${(cause as Error).message})`);
  }
  return parseClusterConfig(json, dirname(resolve(path)));
  // solution:end
  // starter: throw new Error("not implemented: loadClusterConfig (read the file, JSON.parse, then parseClusterConfig; ConfigError with one line on any problem)");
}

/** Checks a parsed cluster file; throws a ConfigError naming the first problem. */
export function parseClusterConfig(json: unknown, baseDir: string): ClusterConfig {
  // solution:begin
  if (!isObject(json)) throw new ConfigError("config must be a JSON object");
  for (const key of Object.keys(json)) {
    if (!knownKeys.has(key)) throw new ConfigError(`config: unknown key '${key}'`);
  }
  const { secret, nodes } = json;
  if (typeof secret !== "string" || secret === "") {
    throw new ConfigError("config: missing secret (a non-empty string shared by every node)");
  }
  if (!Array.isArray(nodes) || nodes.length === 0) {
    throw new ConfigError("config: nodes must be a non-empty array");
  }
  const entries = nodes.map((node, i) => parseNode(node, i));
  checkUnique(entries);
  const tickMs = positiveInt(json, "tickMs");
  const electionTicks = positiveInt(json, "electionTicks");
  const heartbeatTicks = positiveInt(json, "heartbeatTicks");
  if (heartbeatTicks >= electionTicks) {
    throw new ConfigError(
      `config: heartbeatTicks (${heartbeatTicks}) must be less than electionTicks (${electionTicks})`,
    );
  }
  const dataDir = json.dataDir ?? configDefaults.dataDir;
  if (typeof dataDir !== "string" || dataDir === "") {
    throw new ConfigError("config: dataDir must be a non-empty string");
  }
  return {
    secret,
    nodes: entries,
    tickMs,
    electionTicks,
    heartbeatTicks,
    requestTimeoutMs: positiveInt(json, "requestTimeoutMs"),
    dataDir: resolve(baseDir, dataDir),
  };
  // solution:end
  // starter: throw new Error("not implemented: parseClusterConfig (secret, nodes with unique ids and addresses, timings; one-line ConfigError)");
}

/** The entry of node id; a ConfigError if the cluster has no such node. */
export function nodeEntry(config: ClusterConfig, id: number): NodeEntry {
  // solution:begin
  const entry = config.nodes.find((node) => node.id === id);
  if (entry === undefined) {
    const ids = config.nodes.map((node) => node.id).join(", ");
    throw new ConfigError(`unknown node id ${id}: the config has nodes ${ids}`);
  }
  return entry;
  // solution:end
  // starter: throw new Error("not implemented: nodeEntry (the node with this id, or a ConfigError naming the ids there are)");
}

/** "host:port", "port" or a port number; the host is 127.0.0.1 unless given. */
export function parseAddress(value: unknown, what: string): Address {
  // solution:begin
  const text = typeof value === "number" ? String(value) : value;
  if (typeof text !== "string") throw new ConfigError(`config: ${what} must be "host:port"`);
  const colon = text.lastIndexOf(":");
  const host = colon < 0 ? "127.0.0.1" : text.slice(0, colon);
  const portText = colon < 0 ? text : text.slice(colon + 1);
  const port = /^[0-9]{1,5}$/.test(portText) ? Number(portText) : Number.NaN;
  if (host === "" || !(port >= 1 && port <= 65_535)) {
    throw new ConfigError(`config: ${what} must be "host:port" with a port 1-65535, got '${text}'`);
  }
  return { host, port };
  // solution:end
  // starter: throw new Error("not implemented: parseAddress ('host:port' or a port; host 127.0.0.1 by default)");
}

export function formatAddress(address: Address): string {
  return `${address.host}:${address.port}`;
}

// solution:begin
function isObject(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

function parseNode(node: unknown, i: number): NodeEntry {
  if (!isObject(node)) throw new ConfigError(`config: nodes[${i}] must be an object`);
  const { id } = node;
  if (typeof id !== "number" || !Number.isSafeInteger(id) || id < 1) {
    throw new ConfigError(`config: nodes[${i}].id must be an integer ≥ 1, got ${String(id)}`);
  }
  return {
    id,
    client: parseAddress(node.client, `node ${id} client`),
    peer: parseAddress(node.peer, `node ${id} peer`),
  };
}

/** Ids and listening addresses: each at most once in the whole cluster. */
function checkUnique(entries: readonly NodeEntry[]): void {
  const ids = new Set<number>();
  const addresses = new Map<string, string>();
  for (const entry of entries) {
    if (ids.has(entry.id)) throw new ConfigError(`config: duplicate node id ${entry.id}`);
    ids.add(entry.id);
    for (const kind of ["client", "peer"] as const) {
      const where = `node ${entry.id} ${kind}`;
      const key = formatAddress(entry[kind]);
      const other = addresses.get(key);
      if (other !== undefined) {
        throw new ConfigError(`config: duplicate address ${key} (${other} and ${where})`);
      }
      addresses.set(key, where);
    }
  }
}

function positiveInt(json: Record<string, unknown>, key: keyof typeof configDefaults): number {
  const value = json[key] ?? configDefaults[key];
  if (typeof value !== "number" || !Number.isSafeInteger(value) || value < 1) {
    throw new ConfigError(`config: ${key} must be an integer ≥ 1, got ${JSON.stringify(value)}`);
  }
  return value;
}
// solution:end
