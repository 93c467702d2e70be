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
  throw new Error("not implemented: runCommand (PING, ECHO, HELLO, CLIENT, COMMAND, INFO, SELECT, QUIT here; the rest to the store)");
}
