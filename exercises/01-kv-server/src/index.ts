// Stage 01: a key-value state machine served over TCP with the Redis protocol (RESP2).
export { type ConnectionLimits, serveConnection } from "./connection.ts";
export { isCommandError } from "./errors.ts";
export { parseInt64 } from "./integer.ts";
export { array, bulk, error, integer, ok, type Reply, simple } from "./reply.ts";
export { encodeCommand, encodeReply } from "./resp-encoder.ts";
export {
  defaultParserLimits,
  type ParserLimits,
  ProtocolError,
  parserLimits,
  RespParser,
} from "./resp-parser.ts";
export { createKvServer, type KvServer, type KvServerOptions } from "./server.ts";
export {
  type ConnectionContext,
  connectionCommands,
  isConnectionCommand,
  runCommand,
} from "./server-commands.ts";
export { type Command, dataCommands, isReadOnly, KvStore } from "./store.ts";
