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

// solution:begin
const CR = 0x0d;
const LF = 0x0a;
const emptyBuffer = Buffer.alloc(0);
// solution:end

export class RespParser {
  readonly limits: ParserLimits;
  // solution:begin
  /** Bytes received and not consumed yet start at `offset` of `buffer`... */
  private buffer: Buffer = emptyBuffer;
  private offset = 0;
  /** ...followed by chunks not yet joined to it (a large bulk arrives in many chunks). */
  private chunks: Buffer[] = [];
  private chunkBytes = 0;
  /** Don't join chunks until this many unconsumed bytes are there: avoids quadratic copying. */
  private wantedBytes = 0;
  /** The command array in progress: parts read so far and parts still to come. */
  private parts: string[] = [];
  private partsLeft = 0;
  private partsBytes = 0;
  /** Length of the bulk string whose header was read and whose body has not arrived yet. */
  private bulkBytes: number | undefined;
  /** Set after a ProtocolError: the stream is out of sync for good. */
  private failed: ProtocolError | undefined;
  // solution:end

  constructor(limits: Partial<ParserLimits> = {}) {
    this.limits = parserLimits(limits);
  }

  /**
   * Hands over bytes as they arrive; call next() to take the commands they complete. The parser
   * keeps the chunk without copying it: don't modify it afterwards.
   */
  push(chunk: Uint8Array): void {
    // solution:begin
    if (chunk.length === 0) return;
    this.chunks.push(Buffer.from(chunk.buffer, chunk.byteOffset, chunk.length));
    this.chunkBytes += chunk.length;
    // solution:end
    // starter: throw new Error("not implemented: RespParser.push (keep the bytes until next() consumes them)");
  }

  /**
   * The next complete command, or undefined until more bytes arrive. Throws ProtocolError on
   * malformed framing or a limit exceeded, and again on every later call.
   */
  next(): Command | undefined {
    // solution:begin
    if (this.failed) throw this.failed;
    try {
      return this.parseNext();
    } catch (error) {
      if (error instanceof ProtocolError) this.failed = error;
      throw error;
    }
    // solution:end
    // starter: throw new Error("not implemented: RespParser.next (an array of bulk strings or an inline line; undefined if incomplete)");
  }

  /** Bytes received and not yet consumed (what this connection is holding). */
  bufferedBytes(): number {
    // solution:begin
    return this.buffer.length - this.offset + this.chunkBytes;
    // solution:end
    // starter: throw new Error("not implemented: RespParser.bufferedBytes");
  }
  // solution:begin

  private parseNext(): Command | undefined {
    if (this.bufferedBytes() < this.wantedBytes) return undefined;
    this.joinChunks();
    for (;;) {
      if (this.partsLeft > 0) {
        if (!this.readPart()) return undefined;
        if (this.partsLeft === 0) return this.takeParts();
        continue;
      }
      if (this.offset >= this.buffer.length) return undefined;
      if (this.buffer[this.offset] === 0x2a /* '*' */) {
        if (!this.readArrayHeader()) return undefined;
        continue; // an empty array is not a command: Redis skips it too
      }
      const inline = this.readInline();
      if (inline === undefined) return undefined;
      if (inline.length > 0) return inline; // blank lines are skipped
    }
  }

  private joinChunks(): void {
    if (this.chunks.length === 0) return;
    const rest = this.buffer.subarray(this.offset);
    this.buffer = Buffer.concat([rest, ...this.chunks]);
    this.offset = 0;
    this.chunks = [];
    this.chunkBytes = 0;
    this.wantedBytes = 0;
  }

  /** The bytes before the next CRLF (consumed with it), or undefined if no full line is there. */
  private readLine(what: string): Buffer | undefined {
    const end = this.buffer.indexOf("\r\n", this.offset, "latin1");
    if (end < 0) {
      if (this.buffer.length - this.offset > this.limits.maxInlineBytes)
        throw new ProtocolError(`too big ${what}`);
      return undefined;
    }
    if (end - this.offset > this.limits.maxInlineBytes) throw new ProtocolError(`too big ${what}`);
    const line = this.buffer.subarray(this.offset, end);
    this.offset = end + 2;
    return line;
  }

  /** `*<count>\r\n`: starts a command array. */
  private readArrayHeader(): boolean {
    const line = this.readLine("multibulk count");
    if (line === undefined) return false;
    const count = parseDecimal(line.subarray(1));
    if (count === undefined || count > this.limits.maxArrayLength)
      throw new ProtocolError("invalid multibulk length");
    this.partsLeft = Math.max(count, 0);
    this.parts = [];
    this.partsBytes = 0;
    return true;
  }

  /** One `$<length>\r\n<bytes>\r\n` part of the array in progress; false if it is incomplete. */
  private readPart(): boolean {
    if (this.bulkBytes === undefined) {
      if (this.offset >= this.buffer.length) return false;
      const first = this.buffer[this.offset]!;
      if (first !== 0x24 /* '$' */)
        throw new ProtocolError(`expected '$', got '${String.fromCharCode(first)}'`);
      const line = this.readLine("bulk length");
      if (line === undefined) return false;
      const length = parseDecimal(line.subarray(1));
      if (length === undefined || length < 0 || length > this.limits.maxBulkBytes)
        throw new ProtocolError("invalid bulk length");
      if (this.partsBytes + length > this.limits.maxCommandBytes)
        throw new ProtocolError("command too big");
      this.bulkBytes = length;
      this.partsBytes += length;
    }
    const end = this.offset + this.bulkBytes;
    if (this.buffer.length < end + 2) {
      this.wantedBytes = end + 2 - this.offset;
      return false;
    }
    if (this.buffer[end] !== CR || this.buffer[end + 1] !== LF)
      throw new ProtocolError("bulk string not followed by CRLF");
    this.parts.push(this.buffer.toString("latin1", this.offset, end));
    this.offset = end + 2;
    this.bulkBytes = undefined;
    this.partsLeft--;
    return true;
  }

  private takeParts(): Command {
    const command = this.parts;
    this.parts = [];
    this.compact();
    return command;
  }

  /** An inline command: words separated by spaces or tabs, ended by LF (CR before it optional). */
  private readInline(): Command | undefined {
    const end = this.buffer.indexOf(LF, this.offset);
    const available = (end < 0 ? this.buffer.length : end) - this.offset;
    if (available > this.limits.maxInlineBytes) throw new ProtocolError("too big inline request");
    if (end < 0) return undefined;
    const lineEnd = end > this.offset && this.buffer[end - 1] === CR ? end - 1 : end;
    const line = this.buffer.toString("latin1", this.offset, lineEnd);
    this.offset = end + 1;
    this.compact();
    return line.split(/[ \t]+/).filter((word) => word.length > 0);
  }

  /** Drops consumed bytes once they are most of the buffer, so memory follows what is unread. */
  private compact(): void {
    if (this.offset === this.buffer.length) {
      this.buffer = emptyBuffer;
      this.offset = 0;
    } else if (this.offset > this.buffer.length / 2) {
      this.buffer = Buffer.from(this.buffer.subarray(this.offset));
      this.offset = 0;
    }
  }
  // solution:end
}
// solution:begin

/** A strict decimal integer (optional '-', digits only, at most 18 digits), or undefined. */
function parseDecimal(digits: Buffer): number | undefined {
  const text = digits.toString("latin1");
  return /^-?[0-9]{1,18}$/.test(text) ? Number(text) : undefined;
}
// solution:end
