// Two small file-system helpers that the log file and the hard-state file share.
import { closeSync, fsyncSync, openSync, writeSync } from "node:fs";

/**
 * Makes a directory's entries durable (files created, renamed or removed in it). fsync on a file
 * covers its bytes, not its name: a file created or renamed just before a crash can vanish unless
 * its directory is fsynced too.
 */
export function fsyncDirectory(dir: string): void {
  const fd = openSync(dir, "r");
  try {
    fsyncSync(fd);
  } finally {
    closeSync(fd);
  }
}

/** Writes all of bytes at position (one write() call may write fewer bytes than asked). */
export function writeAll(fd: number, bytes: Uint8Array, position: number): void {
  let written = 0;
  while (written < bytes.length) {
    written += writeSync(fd, bytes, written, bytes.length - written, position + written);
  }
}
