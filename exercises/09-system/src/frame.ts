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
  throw new Error("not implemented: encodeFrame (u32 length of version+body, u8 version, JSON body)");
}

/** Cuts a byte stream into frame bodies; keeps what is incomplete for the next push. */
export class FrameDecoder {
  readonly maxFrameBytes: number;

  constructor(maxFrameBytes = defaultMaxFrameBytes) {
    if (!Number.isSafeInteger(maxFrameBytes) || maxFrameBytes < 2) {
      throw new RangeError(`maxFrameBytes must be an integer ≥ 2, got ${maxFrameBytes}`);
    }
    this.maxFrameBytes = maxFrameBytes;
  }

  push(chunk: Buffer): void {
    throw new Error("not implemented: FrameDecoder.push (keep the bytes)");
  }

  /** The next whole frame's body, or undefined until more bytes arrive; FrameError if broken. */
  next(): unknown {
    throw new Error("not implemented: FrameDecoder.next (read the length; wait for the whole frame; check version and size; JSON.parse)");
  }
}
