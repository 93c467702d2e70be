// One client connection: bytes in, commands out of the parser, replies back in order.
// Bad commands get an error reply and the connection goes on; broken framing gets one
// `-ERR Protocol error: …` reply and the connection is closed, since the stream can no longer be
// cut into commands. Nothing a client sends may throw out of here: that would stop the server.
import type { Socket } from "node:net";
import { error, type Reply } from "./reply.ts";
import { encodeReply } from "./resp-encoder.ts";
import { type ParserLimits, ProtocolError, RespParser } from "./resp-parser.ts";
import { type ConnectionContext, runCommand } from "./server-commands.ts";

export interface ConnectionLimits extends ParserLimits {
  /**
   * Replies waiting to be sent before we stop reading this client's commands: a client that
   * pipelines without reading its replies is paused instead of growing our memory.
   */
  readonly maxReplyBufferBytes: number;
}

/** Wires a socket to the parser and the command runner; returns when the handlers are set. */
export function serveConnection(
  socket: Socket,
  context: ConnectionContext,
  limits: ConnectionLimits,
): void {
  // solution:begin
  const parser = new RespParser(limits);
  let closing = false;
  let awaitingDrain = false;

  const close = () => {
    closing = true;
    socket.end(() => socket.destroy());
  };

  /** Answers every complete command, in order, until the reply buffer is full. */
  const pump = () => {
    let full = false;
    socket.cork();
    try {
      while (!closing) {
        full = socket.writableLength >= limits.maxReplyBufferBytes;
        if (full) break;
        const command = nextCommand(parser, socket, close);
        if (command === undefined) break;
        socket.write(encodeReply(safeRun(command, context)));
        if (context.quit) close();
      }
    } finally {
      socket.uncork();
    }
    // Commands may be left in the parser: stop reading and come back once replies have moved.
    if (full && !closing) waitForReplies();
  };

  const waitForReplies = () => {
    if (awaitingDrain) return;
    awaitingDrain = true;
    socket.pause();
    const resume = () => {
      awaitingDrain = false;
      if (socket.destroyed) return;
      socket.resume();
      pump();
    };
    // uncork() may already have flushed everything to the kernel, and then no 'drain' comes.
    if (socket.writableNeedDrain) socket.once("drain", resume);
    else setImmediate(resume);
  };

  socket.on("data", (chunk: Buffer) => {
    if (closing) return;
    parser.push(chunk);
    if (!awaitingDrain) pump();
  });
  // A reset or a write after the peer left: the socket closes itself, nothing to answer.
  socket.on("error", () => {});
  // solution:end
  // starter: throw new Error("not implemented: serveConnection (on 'data': parser.push, then answer each parser.next() in order)");
}
// solution:begin

/** The next command, or undefined; on broken framing it replies with the error and closes. */
function nextCommand(parser: RespParser, socket: Socket, close: () => void) {
  try {
    return parser.next();
  } catch (cause) {
    if (!(cause instanceof ProtocolError)) throw cause;
    socket.write(encodeReply(error(`ERR Protocol error: ${cause.message}`)));
    close();
    return undefined;
  }
}

/** A bug in a command must cost one error reply, not the server. */
function safeRun(command: readonly string[], context: ConnectionContext): Reply {
  try {
    return runCommand(command, context);
  } catch (cause) {
    console.error(`kv-server: internal error on ${command[0]}: ${String(cause)}`);
    return error(`ERR internal error: ${cause instanceof Error ? cause.message : String(cause)}`);
  }
}
// solution:end
