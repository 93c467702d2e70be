// The client side: RESP on every node, so redis-cli, redis-benchmark and any Redis library work
// against any node. Replies are asynchronous (a write waits for its commit) but leave in the order
// the commands came, per connection: a pipelining client matches replies to commands by order.
import { createServer, type Server, type Socket } from "node:net";
import {
  type ConnectionContext,
  encodeReply,
  error,
  isCommandError,
  isConnectionCommand,
  KvStore,
  type ParserLimits,
  ProtocolError,
  type Reply,
  RespParser,
  runCommand,
} from "#kv";
import { type AdminTarget, isAdminCommand, runAdmin } from "./admin.ts";
import type { Address } from "./config.ts";

export interface FrontEndLimits extends Partial<ParserLimits> {
  /** Commands of one connection waiting for their reply before we stop reading it. */
  readonly maxPendingPerConnection: number;
  /** Reply bytes queued on one connection before we stop reading it. */
  readonly maxReplyBufferBytes: number;
  readonly maxConnections: number;
}

export const defaultFrontEndLimits: FrontEndLimits = {
  maxPendingPerConnection: 1024,
  maxReplyBufferBytes: 16 * 1024 * 1024,
  maxConnections: 10_000,
};

export interface FrontEndOptions {
  readonly listen: Address;
  /** The local state machine: INFO reads its size; data commands never touch it here. */
  readonly store: KvStore;
  /** A data command: settle gets its reply once it is known (through Raft, or an error). */
  readonly submit: (command: readonly string[], settle: (reply: Reply) => void) => void;
  readonly admin: AdminTarget;
  readonly limits?: Partial<FrontEndLimits>;
  /**
   * The state machine's own check of a command whatever its state, in place of
   * refusedWhateverTheState: a later stage's state machine knows more commands (stage 11: its
   * SESSION commands). An error reply is answered here; undefined: a data command, submit it.
   */
  readonly refuse?: (command: readonly string[]) => Reply | undefined;
}

/**
 * Errors the state machine gives whatever its state (unknown command, wrong arity, bad syntax:
 * 01's isCommandError): answered here, so garbage never enters the log. Tried on an empty store,
 * which no command's effect outlives.
 */
export function refusedWhateverTheState(command: readonly string[]): Reply | undefined {
  const reply = new KvStore().apply(command);
  return isCommandError(reply) ? reply : undefined;
}

export class FrontEnd {

  constructor(options: FrontEndOptions) {
    throw new Error("not implemented: FrontEnd constructor (a net server; one ordered reply queue per connection)");
  }

  listen(): Promise<number> {
    throw new Error("not implemented: FrontEnd.listen");
  }

  close(): Promise<void> {
    throw new Error("not implemented: FrontEnd.close");
  }
}

