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
  // solution:begin
  private readonly options: FrontEndOptions;
  private readonly limits: FrontEndLimits;
  private readonly server: Server;
  private readonly sockets = new Set<Socket>();
  private nextClientId = 1;
  private port = 0;
  // solution:end

  constructor(options: FrontEndOptions) {
    // solution:begin
    this.options = options;
    this.limits = { ...defaultFrontEndLimits, ...options.limits };
    this.server = createServer((socket) => this.serve(socket));
    this.server.maxConnections = this.limits.maxConnections;
    // solution:end
    // starter: throw new Error("not implemented: FrontEnd constructor (a net server; one ordered reply queue per connection)");
  }

  listen(): Promise<number> {
    // solution:begin
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      this.server.listen(this.options.listen.port, this.options.listen.host, () => {
        this.server.off("error", reject);
        const address = this.server.address();
        this.port = typeof address === "object" && address !== null ? address.port : 0;
        resolve(this.port);
      });
    });
    // solution:end
    // starter: throw new Error("not implemented: FrontEnd.listen");
  }

  close(): Promise<void> {
    // solution:begin
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    // solution:end
    // starter: throw new Error("not implemented: FrontEnd.close");
  }
  // solution:begin

  private serve(socket: Socket): void {
    this.sockets.add(socket);
    socket.once("close", () => this.sockets.delete(socket));
    socket.on("error", () => {});
    socket.setNoDelay(true);
    const context: ConnectionContext = {
      store: this.options.store,
      id: this.nextClientId++,
      clientName: null,
      quit: false,
      stats: () => ({ port: this.port, connectedClients: this.sockets.size }),
    };
    new ClientConnection(socket, context, this.options, this.limits);
  }
  // solution:end
}

// solution:begin
interface Slot {
  reply: Reply | undefined;
  /** Close the connection once this reply is written (QUIT, protocol error). */
  closeAfter: boolean;
}

/** One client: commands parsed in order, each given a slot; replies leave in slot order. */
class ClientConnection {
  private readonly socket: Socket;
  private readonly context: ConnectionContext;
  private readonly options: FrontEndOptions;
  private readonly limits: FrontEndLimits;
  private readonly parser: RespParser;
  private readonly slots: Slot[] = [];
  private closing = false;
  private waitingForRoom = false;

  constructor(
    socket: Socket,
    context: ConnectionContext,
    options: FrontEndOptions,
    limits: FrontEndLimits,
  ) {
    this.socket = socket;
    this.context = context;
    this.options = options;
    this.limits = limits;
    this.parser = new RespParser(limits);
    socket.on("data", (chunk: Buffer) => {
      if (this.closing) return;
      this.parser.push(chunk);
      this.pump();
    });
  }

  /** Takes commands from the parser while there is room for their replies. */
  private pump(): void {
    while (!this.closing && !this.full()) {
      const slot: Slot = { reply: undefined, closeAfter: false };
      let command: readonly string[] | undefined;
      try {
        command = this.parser.next();
      } catch (cause) {
        if (!(cause instanceof ProtocolError)) throw cause;
        this.slots.push({ reply: error(`ERR Protocol error: ${cause.message}`), closeAfter: true });
        this.closing = true;
        break;
      }
      if (command === undefined) break;
      this.slots.push(slot);
      this.dispatch(command, slot);
    }
    this.writeReady();
    if (this.full() && !this.closing) this.pauseReading();
  }

  private dispatch(command: readonly string[], slot: Slot): void {
    const local = this.localReply(command);
    if (local !== undefined) {
      this.fill(slot, local);
      slot.closeAfter = this.context.quit;
      return;
    }
    this.options.submit(command, (reply) => {
      this.fill(slot, reply);
      this.writeReady();
      if (this.waitingForRoom && !this.full()) this.resumeReading();
    });
  }

  /** The reply to a command this node answers alone, or undefined for a data command. */
  private localReply(command: readonly string[]): Reply | undefined {
    if (isAdminCommand(command)) return runAdmin(command, this.options.admin);
    // Stage 01's connection commands: about this connection, answered here, never replicated.
    if (isConnectionCommand(command)) {
      const reply = runCommand(command, this.context);
      if (this.context.quit) this.closing = true;
      return reply;
    }
    return (this.options.refuse ?? refusedWhateverTheState)(command);
  }

  private fill(slot: Slot, reply: Reply): void {
    if (slot.reply !== undefined) throw new Error("invariant: one reply per command");
    slot.reply = reply;
  }

  /** Writes the replies at the head of the queue that are known; stops at the first still pending. */
  private writeReady(): void {
    if (this.socket.destroyed) return;
    this.socket.cork();
    while (this.slots[0]?.reply !== undefined) {
      const slot = this.slots.shift()!;
      this.socket.write(encodeReply(slot.reply!));
      if (slot.closeAfter) {
        this.slots.length = 0;
        this.socket.end(() => this.socket.destroy());
      }
    }
    this.socket.uncork();
  }

  private full(): boolean {
    return (
      this.slots.length >= this.limits.maxPendingPerConnection ||
      this.socket.writableLength >= this.limits.maxReplyBufferBytes
    );
  }

  private pauseReading(): void {
    if (this.waitingForRoom) return;
    this.waitingForRoom = true;
    this.socket.pause();
    // Replies free room as they are written: when the socket drains or a result arrives.
    this.socket.once("drain", () => this.resumeReading());
  }

  private resumeReading(): void {
    if (!this.waitingForRoom || this.socket.destroyed || this.full()) return;
    this.waitingForRoom = false;
    this.socket.resume();
    this.pump();
  }
}
// solution:end
