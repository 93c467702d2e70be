// An incremental RESP2 request parser. TCP delivers a byte stream cut at arbitrary places, so the
// parser keeps what it has not consumed yet and picks up where it stopped. Clients send either an
// array of bulk strings (`*2\r\n$3\r\nGET\r\n$1\r\nx\r\n`, what client libraries send) or an
// inline command (`GET x\r\n`, what telnet and redis-benchmark's PING_INLINE send).
// Every size is limited, so a client cannot make the server buffer without bound.
import type { Command } from "./store.ts";

/** Malformed framing or a limit exceeded: the stream cannot be resynchronised, close it. */
export class ProtocolError extends Error {
  override readonly name = "ProtocolError";
}

export interface ParserLimits {
  /** Largest bulk string (one key or value), in bytes. */
  readonly maxBulkBytes: number;
  /** Most parts in one command array. */
  readonly maxArrayLength: number;
  /** Longest inline command or `*`/`$` header line, in bytes. */
  readonly maxInlineBytes: number;
  /** Most bytes of bulk strings in one command: what a connection may hold before it is whole. */
  readonly maxCommandBytes: number;
}

export const defaultParserLimits: ParserLimits = {
  maxBulkBytes: 8 * 1024 * 1024,
  maxArrayLength: 1024 * 1024,
  maxInlineBytes: 64 * 1024,
  maxCommandBytes: 32 * 1024 * 1024,
};

/** The defaults with the given limits (undefined ones ignored); throws RangeError on a bad one. */
export function parserLimits(given: Partial<ParserLimits>): ParserLimits {
  const set = Object.fromEntries(Object.entries(given).filter(([, value]) => value !== undefined));
  // A larger bulk limit raises the default command limit with it, so one such bulk still fits.
  const maxCommandBytes = Math.max(defaultParserLimits.maxCommandBytes, given.maxBulkBytes ?? 0);
  const limits: ParserLimits = { ...defaultParserLimits, maxCommandBytes, ...set };
  for (const [name, value] of Object.entries(limits)) {
    if (!Number.isSafeInteger(value) || value < 1)
      throw new RangeError(`${name} must be a positive integer, got ${value}`);
  }
  return limits;
}


export class RespParser {
  readonly limits: ParserLimits;

  constructor(limits: Partial<ParserLimits> = {}) {
    this.limits = parserLimits(limits);
  }

  /**
   * Hands over bytes as they arrive; call next() to take the commands they complete. The parser
   * keeps the chunk without copying it: don't modify it afterwards.
   */
  push(chunk: Uint8Array): void {
    throw new Error("not implemented: RespParser.push (keep the bytes until next() consumes them)");
  }

  /**
   * The next complete command, or undefined until more bytes arrive. Throws ProtocolError on
   * malformed framing or a limit exceeded, and again on every later call.
   */
  next(): Command | undefined {
    throw new Error("not implemented: RespParser.next (an array of bulk strings or an inline line; undefined if incomplete)");
  }

  /** Bytes received and not yet consumed (what this connection is holding). */
  bufferedBytes(): number {
    throw new Error("not implemented: RespParser.bufferedBytes");
  }
}
