// Commands about the connection or the server rather than the data: PING, ECHO, HELLO, CLIENT,
// COMMAND, CONFIG, INFO, SELECT, QUIT. They never reach the store, so they are never replicated
// when Raft takes over the data commands. Clients send several of these when they connect
// (redis-cli: COMMAND DOCS; ioredis: INFO and CLIENT SETINFO), so they must at least not fail.
import { syntaxError, wrongArity } from "./errors.ts";
import { array, bulk, error, integer, ok, type Reply, simple } from "./reply.ts";
import { type Command, dataCommands, type KvStore } from "./store.ts";

/** The version we claim in INFO and HELLO: clients use it to pick features. */
export const redisVersion = "7.2.0";

/**
 * The commands runCommand answers itself, about the connection or the server: the one list of
 * them (stage 09 answers them on whichever node the client is connected to, never through Raft).
 */
export const connectionCommands: ReadonlySet<string> = new Set([
  "PING",
  "ECHO",
  "HELLO",
  "CLIENT",
  "COMMAND",
  "CONFIG",
  "INFO",
  "SELECT",
  "QUIT",
]);

/** True for a command runCommand answers itself (any letter case), without the store. */
export function isConnectionCommand(command: Command): boolean {
  return connectionCommands.has((command[0] ?? "").toUpperCase());
}

/** What one connection knows about itself and its server. */
export interface ConnectionContext {
  readonly store: KvStore;
  /** Unique per connection, for CLIENT ID and HELLO. */
  readonly id: number;
  /** Set by CLIENT SETNAME. */
  clientName: string | null;
  /** Set by QUIT: reply OK, then close. */
  quit: boolean;
  /** Live figures for INFO. */
  readonly stats: () => { readonly port: number; readonly connectedClients: number };
}

/** Runs a server command, or hands a data command to the store. */
export function runCommand(command: Command, context: ConnectionContext): Reply {
  // solution:begin
  const name = (command[0] ?? "").toUpperCase();
  const handler = serverCommands.get(name);
  if (handler === undefined) return context.store.apply(command);
  return handler(command.slice(1), context, command);
  // solution:end
  // starter: throw new Error("not implemented: runCommand (PING, ECHO, HELLO, CLIENT, COMMAND, INFO, SELECT, QUIT here; the rest to the store)");
}
// solution:begin

type Handler = (args: readonly string[], context: ConnectionContext, command: Command) => Reply;

const serverCommands: ReadonlyMap<string, Handler> = new Map<string, Handler>([
  ["PING", ping],
  ["ECHO", (args) => (args.length === 1 ? bulk(args[0]!) : wrongArity("echo"))],
  ["HELLO", hello],
  ["CLIENT", client],
  ["COMMAND", commandInfo],
  ["CONFIG", config],
  ["INFO", (_args, context) => bulk(info(context))],
  ["SELECT", select],
  ["QUIT", quit],
]);

function ping(args: readonly string[]): Reply {
  if (args.length > 1) return wrongArity("ping");
  return args.length === 1 ? bulk(args[0]!) : simple("PONG");
}

/**
 * HELLO [protover]: this server speaks RESP2 only. HELLO 3 gets NOPROTO, which tells a client
 * to stay on RESP2; HELLO or HELLO 2 gets the server's details as a flat array.
 */
function hello(args: readonly string[], context: ConnectionContext): Reply {
  const [version, ...options] = args;
  if (version !== undefined && !/^[0-9]+$/.test(version))
    return error("ERR Protocol version is not an integer or out of range");
  if (version !== undefined && version !== "2")
    return error("NOPROTO unsupported protocol version");
  if (options.length > 0) return syntaxError;
  return array([
    ...[bulk("server"), bulk("redis"), bulk("version"), bulk(redisVersion)],
    ...[bulk("proto"), integer(2), bulk("id"), integer(context.id)],
    ...[bulk("mode"), bulk("standalone"), bulk("role"), bulk("master")],
    ...[bulk("modules"), array([])],
  ]);
}

function client(args: readonly string[], context: ConnectionContext): Reply {
  const [sub = "", ...rest] = args;
  switch (sub.toUpperCase()) {
    case "SETNAME":
      if (rest.length !== 1) return wrongArity("client|setname");
      if (/[^!-~]/.test(rest[0]!))
        return error("ERR Client names cannot contain spaces, newlines or special characters.");
      context.clientName = rest[0] === "" ? null : rest[0]!;
      return ok;
    case "GETNAME":
      return rest.length === 0 ? bulk(context.clientName) : wrongArity("client|getname");
    case "SETINFO":
      return rest.length === 2 ? ok : wrongArity("client|setinfo");
    case "ID":
      return rest.length === 0 ? integer(context.id) : wrongArity("client|id");
    case "":
      return wrongArity("client");
    default:
      return unknownSubcommand(sub, "CLIENT");
  }
}

/** COMMAND [DOCS | COUNT | INFO …]: no command docs here; redis-cli copes with an empty list. */
function commandInfo(args: readonly string[]): Reply {
  const sub = (args[0] ?? "").toUpperCase();
  if (sub === "" || sub === "DOCS" || sub === "INFO") return array([]);
  if (sub === "COUNT") return integer(serverCommands.size + dataCommands.size);
  return unknownSubcommand(args[0]!, "COMMAND");
}

/**
 * CONFIG GET name …: the few settings tools ask about (redis-benchmark reads save and
 * appendonly): nothing is saved to disk in this stage. Other names match nothing, as in Redis.
 */
function config(args: readonly string[]): Reply {
  const [sub = "", ...names] = args;
  if (sub.toUpperCase() !== "GET")
    return sub === "" ? wrongArity("config") : unknownSubcommand(sub, "CONFIG");
  if (names.length === 0) return wrongArity("config|get");
  const pairs: Reply[] = [];
  for (const name of new Set(names.map((name) => name.toLowerCase()))) {
    const value = settings.get(name);
    if (value !== undefined) pairs.push(bulk(name), bulk(value));
  }
  return array(pairs);
}

const settings: ReadonlyMap<string, string> = new Map([
  ["save", ""],
  ["appendonly", "no"],
]);

function info(context: ConnectionContext): string {
  const { port, connectedClients } = context.stats();
  const size = context.store.apply(["DBSIZE"]);
  const keys = size.type === "integer" ? size.value : 0;
  const sections = [
    ["# Server", `redis_version:${redisVersion}`, "redis_mode:standalone", `tcp_port:${port}`],
    ["# Clients", `connected_clients:${connectedClients}`],
    ["# Keyspace", ...(keys > 0 ? [`db0:keys=${keys},expires=0,avg_ttl=0`] : [])],
  ];
  return sections.map((lines) => lines.map((line) => `${line}\r\n`).join("")).join("\r\n");
}

/** SELECT 0 is the only database there is. */
function select(args: readonly string[]): Reply {
  if (args.length !== 1) return wrongArity("select");
  if (!/^-?[0-9]{1,18}$/.test(args[0]!))
    return error("ERR value is not an integer or out of range");
  return Number(args[0]) === 0 ? ok : error("ERR DB index is out of range");
}

function quit(_args: readonly string[], context: ConnectionContext): Reply {
  context.quit = true;
  return ok;
}

function unknownSubcommand(sub: string, command: string): Reply {
  return error(`ERR unknown subcommand '${sub.slice(0, 128)}'. Try ${command} HELP.`);
}
// solution:end
