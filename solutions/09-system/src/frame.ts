// Frames on the peer connections: a 4-byte big-endian length, then one version byte, then the
// body (JSON, UTF-8). The length counts the version byte and the body. A length above the limit,
// an unknown version or a body that is not JSON means the stream cannot be trusted any more:
// the connection is dropped (the peer reconnects; Raft retransmits whatever was lost).

export const frameVersion = 1;
/** Length prefix plus version byte. */
export const frameHeaderBytes = 5;
export const defaultMaxFrameBytes = 16 * 1024 * 1024;

/** The stream is broken: drop the connection. */
export class FrameError extends Error {
  override readonly name = "FrameError";
}

/** The bytes of one frame holding body as JSON. */
export function encodeFrame(body: unknown, maxFrameBytes = defaultMaxFrameBytes): Buffer {
  // solution:begin
  const json = Buffer.from(JSON.stringify(body), "utf8");
  const length = 1 + json.length;
  if (length > maxFrameBytes) {
    throw new FrameError(`frame of ${length} bytes exceeds maxFrameBytes ${maxFrameBytes}`);
  }
  const frame = Buffer.allocUnsafe(4 + length);
  frame.writeUInt32BE(length, 0);
  frame.writeUInt8(frameVersion, 4);
  json.copy(frame, frameHeaderBytes);
  return frame;
  // solution:end
  // starter: throw new Error("not implemented: encodeFrame (u32 length of version+body, u8 version, JSON body)");
}

/** Cuts a byte stream into frame bodies; keeps what is incomplete for the next push. */
export class FrameDecoder {
  readonly maxFrameBytes: number;
  // solution:begin
  private chunks: Buffer[] = [];
  private bufferedBytes = 0;
  /** Don't join chunks until this many bytes are there: a large frame arrives in many chunks. */
  private wantedBytes = 4;
  private failed: FrameError | undefined;
  // solution:end

  constructor(maxFrameBytes = defaultMaxFrameBytes) {
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 2) {
      throw new RangeError(`maxFrameBytes must be an integer ≥ 2, got ${maxFrameBytes}`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  push(chunk: Buffer): void {
    // solution:begin
    this.chunks.push(chunk);
    this.bufferedBytes += chunk.length;
    // solution:end
    // starter: throw new Error("not implemented: FrameDecoder.push (keep the bytes)");
  }

  /** The next whole frame's body, or undefined until more bytes arrive; FrameError if broken. */
  next(): unknown {
    // solution:begin
    if (this.failed !== undefined) throw this.failed;
    if (this.bufferedBytes < this.wantedBytes) return undefined;
    const buffer = this.joined();
    const length = buffer.readUInt32BE(0);
    if (length < 1 || length > this.maxFrameBytes) {
      return this.fail(`frame of ${length} bytes (allowed 1..${this.maxFrameBytes})`);
    }
    if (buffer.length < 4 + length) {
      this.wantedBytes = 4 + length;
      return undefined;
    }
    this.wantedBytes = 4;
    const version = buffer.readUInt8(4);
    if (version !== frameVersion) return this.fail(`unknown frame version ${version}`);
    const body = buffer.subarray(frameHeaderBytes, 4 + length).toString("utf8");
    this.chunks = buffer.length > 4 + length ? [buffer.subarray(4 + length)] : [];
    this.bufferedBytes = buffer.length - 4 - length;
    try {
      return JSON.parse(body) as unknown;
    } catch {
      return this.fail(`frame body of ${length - 1} bytes is not JSON`);
    }
    // solution:end
    // starter: throw new Error("not implemented: FrameDecoder.next (read the length; wait for the whole frame; check version and size; JSON.parse)");
  }
  // solution:begin

  private joined(): Buffer {
    if (this.chunks.length > 1) this.chunks = [Buffer.concat(this.chunks, this.bufferedBytes)];
    return this.chunks[0]!;
  }

  private fail(reason: string): never {
    this.failed = new FrameError(reason);
    throw this.failed;
  }
  // solution:end
}
