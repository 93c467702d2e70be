// Reads a file forward through one large buffer, so that recovery costs one read() per chunk
// (megabytes), not one per record: loading a million entries must take seconds, not minutes.
// Given, not part of the exercise: the lesson is in what recovery does with the bytes.
import type { FileOps } from "./file-ops.ts";

export class ChunkReader {
  private readonly ops: FileOps;
  private readonly fd: number;
  private buffer: Buffer;
  /** File offset of buffer[0]. */
  private bufferStart = 0;
  /** Bytes of buffer that hold file data. */
  private bufferFilled = 0;
  readonly fileBytes: number;

  constructor(ops: FileOps, fd: number, fileBytes: number, chunkBytes: number) {
    if (!Number.isSafeInteger(chunkBytes) || chunkBytes < 64) {
      throw new RangeError(`readChunkBytes must be an integer ≥ 64, got ${chunkBytes}`);
    }
    this.ops = ops;
    this.fd = fd;
    this.fileBytes = fileBytes;
    this.buffer = Buffer.allocUnsafe(Math.min(chunkBytes, Math.max(fileBytes, 64)));
  }

  /**
   * Makes file bytes [position, position + wantBytes) available (fewer at end of file) and
   * returns the buffer with the offsets of position and of the end of the available bytes in it.
   * Positions must not go backwards between calls.
   */
  window(position: number, wantBytes: number): { bytes: Buffer; start: number; end: number } {
    if (position < this.bufferStart) {
      throw new Error(`ChunkReader: position ${position} is behind ${this.bufferStart}`);
    }
    const want = Math.min(wantBytes, this.fileBytes - position);
    if (position + want > this.bufferStart + this.bufferFilled) this.load(position, want);
    const start = position - this.bufferStart;
    return { bytes: this.buffer, start, end: this.bufferFilled };
  }

  /** Moves position to buffer[0], grows the buffer if want does not fit, then fills it. */
  private load(position: number, want: number): void {
    const keepFrom = Math.min(position - this.bufferStart, this.bufferFilled);
    if (want > this.buffer.length) {
      const grown = Buffer.allocUnsafe(Math.max(want, this.buffer.length * 2));
      this.buffer.copy(grown, 0, keepFrom, this.bufferFilled);
      this.buffer = grown;
    } else {
      this.buffer.copy(this.buffer, 0, keepFrom, this.bufferFilled);
    }
    this.bufferFilled -= keepFrom;
    this.bufferStart += keepFrom;
    // position may lie past the buffered bytes (a skip forward): drop them all.
    if (this.bufferStart < position) {
      this.bufferStart = position;
      this.bufferFilled = 0;
    }
    while (this.bufferFilled < this.buffer.length) {
      const filePosition = this.bufferStart + this.bufferFilled;
      if (filePosition >= this.fileBytes) break;
      const read = this.ops.read(
        this.fd,
        this.buffer,
        this.bufferFilled,
        Math.min(this.buffer.length - this.bufferFilled, this.fileBytes - filePosition),
        filePosition,
      );
      if (read === 0) break;
      this.bufferFilled += read;
    }
  }
}
