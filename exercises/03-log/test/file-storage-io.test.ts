// How FileStorage uses its file operations and options, seen from the outside: reads in chunks,
// writes in pieces, writes that write fewer bytes than asked, option limits, and the files it
// creates and removes when it opens a directory. Every call goes through a FileOps that wraps
// node:fs and records what it is asked to do.
import { mkdirSync, mkdtempSync, readdirSync, rmSync, statSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import {
  type Entry,
  type FileOps,
  FileStorage,
  type FileStorageOptions,
  nodeFileOps,
} from "#stage";

const dirs: string[] = [];
const opened: FileStorage[] = [];
afterEach(() => {
  for (const storage of opened.splice(0)) {
    try {
      storage.close();
    } catch {
      // already closed
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rafting-03-io-"));
  dirs.push(dir);
  return dir;
}

function openStorage(dir: string, options?: FileStorageOptions) {
  const result = FileStorage.open(dir, options);
  opened.push(result.storage);
  return result;
}

/** node:fs, with every read and write recorded (path and byte count) and fsyncs counted. */
function recordingOps(limits: { maxWriteBytes?: number } = {}) {
  const paths = new Map<number, string>();
  const calls = {
    reads: [] as Array<{ path: string; bytes: number; askedBytes: number }>,
    writes: [] as Array<{ path: string; bytes: number }>,
    fsyncs: [] as string[],
    /** Descriptors opened and not closed yet, with their paths. */
    openFds: new Map<number, string>(),
  };
  const ops: FileOps = {
    ...nodeFileOps,
    open(path, flags) {
      const fd = nodeFileOps.open(path, flags);
      paths.set(fd, path);
      calls.openFds.set(fd, path);
      return fd;
    },
    close(fd) {
      nodeFileOps.close(fd);
      calls.openFds.delete(fd);
    },
    read(fd, buffer, offset, length, position) {
      const count = nodeFileOps.read(fd, buffer, offset, length, position);
      calls.reads.push({ path: paths.get(fd) ?? "?", bytes: count, askedBytes: length });
      return count;
    },
    write(fd, buffer, offset, length, position) {
      const asked = Math.min(length, limits.maxWriteBytes ?? length);
      const count = nodeFileOps.write(fd, buffer, offset, asked, position);
      calls.writes.push({ path: paths.get(fd) ?? "?", bytes: count });
      return count;
    },
    fsync(fd) {
      calls.fsyncs.push(paths.get(fd) ?? "?");
      nodeFileOps.fsync(fd);
    },
  };
  return { ops, calls };
}

const entry = (i: number, valueBytes = 8): Entry => ({
  term: 1,
  command: ["SET", `k${String(i).padStart(4, "0")}`, "v".repeat(valueBytes)],
});
const entries = (from: number, count: number, valueBytes = 8): Entry[] =>
  Array.from({ length: count }, (_, i) => entry(from + i, valueBytes));

/** Bytes one record of e takes on disk, measured: the log size after writing it alone. */
function measuredRecordBytes(e: Entry): number {
  const { storage } = openStorage(tempDir());
  storage.writeEntries(1, [e]);
  storage.sync();
  const bytes = statSync(storage.logPath).size;
  storage.close();
  return bytes;
}

describe("FileStorage: reading the log back in chunks", () => {
  test("recovery reads the log in chunks of readChunkBytes, not one read() per record", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.writeEntries(1, entries(1, 2000));
    first.sync();
    first.close();
    const fileBytes = statSync(first.logPath).size;
    const readChunkBytes = 16 * 1024;
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(dir, { fileOps: ops, readChunkBytes });
    expect(storage.load().entries.length, "all 2000 entries come back").toBe(2000);
    const logReads = calls.reads.filter((call) => call.path === storage.logPath);
    const allowed = 2 * Math.ceil(fileBytes / readChunkBytes) + 2;
    expect(
      logReads.length,
      `recovery must read ${fileBytes} bytes in chunks of ${readChunkBytes} (ChunkReader): at most ` +
        `${allowed} read() calls, not one per record (a million entries must load in seconds)`,
    ).toBeLessThanOrEqual(allowed);
    expect(
      Math.max(...logReads.map((call) => call.askedBytes)),
      `every record is far smaller than readChunkBytes (${readChunkBytes}), so no read() needs more: the whole ${fileBytes}-byte file must not be read (or buffered) at once`,
    ).toBeLessThanOrEqual(readChunkBytes);
  });

  test("records larger than readChunkBytes, and records of every size across chunk edges, decode intact", () => {
    const dir = tempDir();
    // The first record is the largest: the reader's 64-byte buffer must grow for it at once.
    const written = [entry(999, 5000)];
    for (let i = 0; i < 120; i++) written.push(entry(i, (i * 37) % 700));
    written.push(entry(998, 3000));
    const first = openStorage(dir, { readChunkBytes: 64 }).storage;
    first.writeEntries(1, written);
    first.sync();
    first.close();
    const { storage, recovery } = openStorage(dir, { readChunkBytes: 64 });
    expect(recovery, "a clean log: nothing cut").toMatchObject({ truncatedBytes: 0, reason: null });
    expect(
      storage.load().entries,
      "with readChunkBytes 64, most records span chunks or are larger than one: the reader must grow its buffer and keep the bytes it already has",
    ).toEqual(written);
  });
});

describe("FileStorage: writing a batch", () => {
  test("a batch is written in pieces of at most writeChunkBytes, as many records per piece as fit", () => {
    const recordBytes = measuredRecordBytes(entry(1));
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(tempDir(), { fileOps: ops, writeChunkBytes: 2 * recordBytes });
    calls.writes.length = 0;
    storage.writeEntries(1, entries(1, 5));
    const pieces = calls.writes.filter((call) => call.path === storage.logPath).map((c) => c.bytes);
    expect(
      pieces,
      `records of ${recordBytes} bytes, writeChunkBytes ${2 * recordBytes}: two records per write (a piece may fill writeChunkBytes exactly), then the last one`,
    ).toEqual([2 * recordBytes, 2 * recordBytes, recordBytes]);
  });

  test("a record larger than writeChunkBytes is written alone, in one piece", () => {
    const recordBytes = measuredRecordBytes(entry(1));
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(tempDir(), { fileOps: ops, writeChunkBytes: 1 });
    calls.writes.length = 0;
    storage.writeEntries(1, entries(1, 3));
    storage.sync();
    const pieces = calls.writes.filter((call) => call.path === storage.logPath).map((c) => c.bytes);
    expect(pieces, "each piece holds at least one whole record").toEqual([
      recordBytes,
      recordBytes,
      recordBytes,
    ]);
    expect(storage.load().entries, "and the records are all there").toEqual(entries(1, 3));
  });

  test("a write() that writes fewer bytes than asked is continued until the whole record is on disk", () => {
    const dir = tempDir();
    const { ops } = recordingOps({ maxWriteBytes: 5 });
    const first = openStorage(dir, { fileOps: ops }).storage;
    first.writeEntries(1, entries(1, 10, 50));
    first.saveHardState({ term: 3, votedFor: 1 });
    first.writeEntries(11, entries(11, 2, 50));
    first.sync();
    first.close();
    const { storage, recovery } = openStorage(dir);
    expect(recovery.truncatedBytes, "nothing torn: every write was completed").toBe(0);
    expect(
      storage.load(),
      "FileOps.write may write fewer bytes than asked (as write(2) does): loop until all are written (writeAll)",
    ).toEqual({ hardState: { term: 3, votedFor: 1 }, entries: entries(1, 12, 50) });
  });

  test("a write() that writes nothing is an error, not an endless loop", () => {
    const stuck: FileOps = { ...nodeFileOps, write: () => 0 };
    const { storage } = openStorage(tempDir(), { fileOps: stuck });
    expect(
      () => storage.writeEntries(1, entries(1, 1)),
      "a write that makes no progress must fail the call (writeAll throws)",
    ).toThrow();
  });

  test("a truncation alone is a write: the next sync() fsyncs the log", () => {
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(tempDir(), { fileOps: ops });
    storage.writeEntries(1, entries(1, 3));
    storage.sync();
    calls.fsyncs.length = 0;
    storage.writeEntries(2, []);
    storage.sync();
    expect(
      calls.fsyncs,
      "§5.3: deleted entries must stay deleted after a power cut; sync() after a truncation must fsync the log file",
    ).toContain(storage.logPath);
  });
});

describe("FileStorage: file descriptors", () => {
  test("saveHardState closes the temp file it opens, every time", () => {
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(tempDir(), { fileOps: ops });
    const before = [...calls.openFds.values()];
    for (let term = 1; term <= 5; term++) storage.saveHardState({ term, votedFor: null });
    expect(
      [...calls.openFds.values()],
      "a server saves its hard state at every new term and vote: a descriptor left open each time ends in EMFILE",
    ).toEqual(before);
  });

  test("close() releases the log file; later calls throw, and a second close() is harmless", () => {
    const { ops, calls } = recordingOps();
    const { storage } = openStorage(tempDir(), { fileOps: ops });
    storage.writeEntries(1, entries(1, 1));
    storage.close();
    expect([...calls.openFds.values()], "close() closes the log file's descriptor").toEqual([]);
    expect(() => storage.load(), "a closed storage refuses load()").toThrow();
    expect(() => storage.writeEntries(2, entries(2, 1)), "and writeEntries()").toThrow();
    expect(() => storage.sync(), "and sync()").toThrow();
    expect(
      () => storage.saveHardState({ term: 1, votedFor: null }),
      "and saveHardState()",
    ).toThrow();
    expect(() => storage.close(), "closing twice is harmless (as for MemoryStorage)").not.toThrow();
  });
});

describe("FileStorage: options and their limits", () => {
  test("the smallest allowed limits work; anything below them, or not an integer, is refused", () => {
    const smallest = { maxRecordBytes: 28, readChunkBytes: 64, writeChunkBytes: 1 };
    const { storage } = openStorage(tempDir(), smallest);
    storage.writeEntries(1, [{ term: 1, command: [] }]);
    storage.sync();
    expect(storage.load().entries, "a 28-byte record (no command parts) fits").toEqual([
      { term: 1, command: [] },
    ]);
    const refused: FileStorageOptions[] = [
      { maxRecordBytes: 27 },
      { readChunkBytes: 63 },
      { writeChunkBytes: 0 },
      { readChunkBytes: 64.5 },
      { maxRecordBytes: Number.NaN },
    ];
    for (const options of refused) {
      expect(
        () => FileStorage.open(tempDir(), options).storage.close(),
        `limits: ${JSON.stringify(options)} must be refused (maxRecordBytes ≥ 28: a record's header and smallest payload; readChunkBytes ≥ 64; writeChunkBytes ≥ 1)`,
      ).toThrow(RangeError);
    }
  });

  test("maxRecordBytes is inclusive: a record of exactly that size is written and read back", () => {
    const big = entry(1, 300);
    const maxRecordBytes = measuredRecordBytes(big);
    const dir = tempDir();
    const first = openStorage(dir, { maxRecordBytes }).storage;
    first.writeEntries(1, [big, big]);
    first.sync();
    first.close();
    const { storage, recovery } = openStorage(dir, { maxRecordBytes });
    expect(
      { entries: storage.load().entries, truncatedBytes: recovery.truncatedBytes },
      `limits: a record is at most maxRecordBytes (${maxRecordBytes}), so one of exactly that size is valid, when writing and when reading`,
    ).toEqual({ entries: [big, big], truncatedBytes: 0 });
  });
});

describe("FileStorage: opening a directory", () => {
  test("open creates the directory, and its parents, if they are missing", () => {
    const dir = join(tempDir(), "node-1", "data");
    const { storage } = openStorage(dir);
    storage.writeEntries(1, entries(1, 1));
    storage.sync();
    expect(readdirSync(dir).sort(), "the log file is created in the new directory").toContain(
      "log",
    );
  });

  test("a temp file left by a crash during saveHardState is removed, and the last saved hard state holds", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.saveHardState({ term: 2, votedFor: 1 });
    first.close();
    writeFileSync(join(dir, "hard-state.tmp"), Buffer.alloc(11, 0xab));
    const { storage } = openStorage(dir);
    expect(storage.load().hardState, "the old file is the real one until the rename").toEqual({
      term: 2,
      votedFor: 1,
    });
    expect(
      readdirSync(dir).sort(),
      "open removes the temp file a crash between write and rename left behind",
    ).toEqual(["hard-state", "log"]);
  });

  test("a hard-state file that cannot be read is an error, never term 0 and no vote", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.saveHardState({ term: 7, votedFor: 2 });
    first.close();
    rmSync(first.hardStatePath);
    mkdirSync(first.hardStatePath); // reading it now fails with EISDIR, not "no such file"
    expect(
      () => FileStorage.open(dir).storage.close(),
      "§5.2: only a MISSING hard-state file means term 0 and no vote; any other read error must stop the server, or it may vote twice in one term",
    ).toThrow();
  });

  test("entries written after a reopen are in the next load(), without a restart", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.writeEntries(1, entries(1, 3));
    first.sync();
    first.close();
    const { storage } = openStorage(dir);
    expect(storage.load().entries, "the recovered log").toEqual(entries(1, 3));
    storage.writeEntries(3, entries(30, 2));
    expect(
      storage.load().entries,
      "load() returns what is stored now: the recovered entries 1..2, then the two written since",
    ).toEqual([...entries(1, 2), ...entries(30, 2)]);
  });

  test("a write right after open, before any load(), is in the first load()", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.writeEntries(1, entries(1, 2));
    first.sync();
    first.close();
    const { storage } = openStorage(dir);
    storage.writeEntries(3, entries(3, 1));
    expect(storage.load().entries, "never hand back the log as recovery found it").toEqual(
      entries(1, 3),
    );
  });
});
