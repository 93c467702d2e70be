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
  throw new Error("not implemented: serveConnection (on 'data': parser.push, then answer each parser.next() in order)");
}
