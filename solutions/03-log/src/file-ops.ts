// The file operations FileStorage and the hard-state file use, as one small interface. The real
// one is Node's fs; the crash tests hand in a model of a disk that loses power (power-loss-disk.ts)
// to check that every acknowledged write survives a crash at any moment. Given, not part of the
// exercise: the lesson is in WHICH operations you call, and in what order.
import {
  closeSync,
  fstatSync,
  fsyncSync,
  ftruncateSync,
  mkdirSync,
  openSync,
  readFileSync,
  readSync,
  renameSync,
  rmSync,
  writeSync,
} from "node:fs";

/**
 * How a file is opened (as in fs.openSync): "r" read only, "r+" read and write (the file must
 * exist), "a+" create it if missing, "w" create it or cut it to 0 bytes.
 */
export type OpenFlags = "r" | "r+" | "a+" | "w";

export interface FileOps {
  /** Creates dir and its parents if missing. */
  mkdir(dir: string): void;
  open(path: string, flags: OpenFlags): number;
  close(fd: number): void;
  /** Reads up to length bytes at position into buffer[offset..]; returns how many (0 at end of file). */
  read(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** Writes up to length bytes of buffer[offset..] at position; returns how many (maybe fewer). */
  write(fd: number, buffer: Uint8Array, offset: number, length: number, position: number): number;
  /** The file's size in bytes. */
  size(fd: number): number;
  /** Cuts (or extends with zeros) the file to bytes. */
  truncate(fd: number, bytes: number): void;
  /** Makes the file's bytes and size durable (fsync). Its NAME is the directory's business. */
  fsync(fd: number): void;
  /** Makes the names in dir durable: files created, renamed or removed there (fsync of the directory). */
  fsyncDir(dir: string): void;
  /** Renames from to to, replacing to atomically if it exists (same directory). */
  rename(from: string, to: string): void;
  /** Removes the file at path if there is one. */
  remove(path: string): void;
  /** The whole file, or undefined if there is none. */
  readFile(path: string): Uint8Array | undefined;
}

/** FileOps over node:fs: what FileStorage uses unless a test hands it a model. */
export const nodeFileOps: FileOps = {
  mkdir: (dir) => {
    mkdirSync(dir, { recursive: true });
  },
  open: (path, flags) => openSync(path, flags),
  close: (fd) => closeSync(fd),
  read: (fd, buffer, offset, length, position) => readSync(fd, buffer, offset, length, position),
  write: (fd, buffer, offset, length, position) => writeSync(fd, buffer, offset, length, position),
  size: (fd) => fstatSync(fd).size,
  truncate: (fd, bytes) => ftruncateSync(fd, bytes),
  fsync: (fd) => fsyncSync(fd),
  fsyncDir: (dir) => {
    const fd = openSync(dir, "r");
    try {
      fsyncSync(fd);
    } finally {
      closeSync(fd);
    }
  },
  rename: (from, to) => renameSync(from, to),
  remove: (path) => rmSync(path, { force: true }),
  readFile: (path) => {
    try {
      return readFileSync(path);
    } catch (error) {
      if ((error as NodeJS.ErrnoException).code === "ENOENT") return undefined;
      throw error;
    }
  },
};

/** Writes all of bytes at position (one write may write fewer bytes than asked). */
export function writeAll(ops: FileOps, fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length) {
    const count = ops.write(fd, bytes, written, bytes.length - written, position + written);
    if (count <= 0) throw new Error(`write at ${position + written} wrote ${count} bytes`);
    written += count;
  }
}
