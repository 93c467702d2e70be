// FileStorage on a real directory: reopening, recovery from a torn or corrupted tail, refusing
// corruption in the middle, and the hard-state file's checksum and atomic replacement.
import {
  closeSync,
  mkdtempSync,
  openSync,
  readdirSync,
  readFileSync,
  readSync,
  rmSync,
  statSync,
  truncateSync,
  writeFileSync,
  writeSync,
} from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test } from "vitest";
import { type Entry, FileStorage, type FileStorageOptions } from "#stage";

const dirs: string[] = [];
const open: FileStorage[] = [];
afterEach(() => {
  for (const storage of open.splice(0)) {
    try {
      storage.close();
    } catch {
      // already closed, or never built
    }
  }
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rafting-03-file-"));
  dirs.push(dir);
  return dir;
}

function openStorage(dir: string, options?: FileStorageOptions) {
  const opened = FileStorage.open(dir, options);
  open.push(opened.storage);
  return opened;
}

function entries(fromIndex: number, count: number, term = 1): Entry[] {
  return Array.from({ length: count }, (_, i) => ({
    term,
    command: ["SET", `key${fromIndex + i}`, `value-${fromIndex + i}`.padEnd(40, ".")],
  }));
}

const fileBytes = (path: string) => statSync(path).size;

/**
 * A directory with three synced entries, closed. Returns where records 2 and 3 start and where
 * the file ends, measured from the outside (whatever the record format).
 */
function threeEntries() {
  const dir = tempDir();
  const { storage } = openStorage(dir);
  const logPath = storage.logPath;
  const starts: number[] = [];
  for (let index = 1; index <= 3; index++) {
    starts.push(fileBytes(logPath));
    storage.writeEntries(index, entries(index, 1));
    storage.sync();
  }
  storage.close();
  return { dir, logPath, record2: starts[1]!, record3: starts[2]!, end: fileBytes(logPath) };
}

function flipByte(path: string, offset: number): void {
  const fd = openSync(path, "r+");
  try {
    const byte = Buffer.alloc(1);
    readSync(fd, byte, 0, 1, offset);
    byte[0]! ^= 0x5a;
    writeSync(fd, byte, 0, 1, offset);
  } finally {
    closeSync(fd);
  }
}

describe("FileStorage: reopening", () => {
  test("a clean close and reopen gives back the entries and hard state, reporting no damage", () => {
    const dir = tempDir();
    const first = openStorage(dir);
    expect(first.recovery.truncatedBytes, "a new log has nothing to cut").toBe(0);
    first.storage.writeEntries(1, entries(1, 20));
    first.storage.saveHardState({ term: 4, votedFor: 1 });
    first.storage.sync();
    first.storage.close();
    const second = openStorage(dir);
    expect(second.recovery, "a cleanly closed log needs no repair").toMatchObject({
      truncatedBytes: 0,
      reason: null,
    });
    expect(second.storage.load(), "Figure 2 persistent state: log, currentTerm, votedFor").toEqual({
      hardState: { term: 4, votedFor: 1 },
      entries: entries(1, 20),
    });
  });

  test("appending after a reopen continues the same log", () => {
    const dir = tempDir();
    const first = openStorage(dir).storage;
    first.writeEntries(1, entries(1, 3));
    first.sync();
    first.close();
    const second = openStorage(dir).storage;
    second.writeEntries(4, entries(4, 2, 2));
    second.writeEntries(3, entries(3, 1, 2));
    second.sync();
    second.close();
    expect(openStorage(dir).storage.load().entries, "1..2, then 3 (term 2)").toEqual([
      ...entries(1, 2),
      ...entries(3, 1, 2),
    ]);
  });

  test("a large log, read back through small read chunks and written in small pieces", () => {
    const dir = tempDir();
    const options = { readChunkBytes: 4096, writeChunkBytes: 1000 };
    const storage = openStorage(dir, options).storage;
    const written = Array.from({ length: 3000 }, (_, i) => ({
      term: 1 + Math.floor(i / 500),
      command: ["SET", `k${i}`, "x".repeat(i % 300)],
    }));
    storage.writeEntries(1, written);
    storage.sync();
    storage.close();
    const reopened = openStorage(dir, options);
    expect(reopened.recovery.truncatedBytes, "nothing damaged").toBe(0);
    expect(reopened.storage.load().entries, "records spanning read chunks decode intact").toEqual(
      written,
    );
  });

  test("an entry larger than maxRecordBytes is refused before anything is written", () => {
    const dir = tempDir();
    const storage = openStorage(dir, { maxRecordBytes: 1024 }).storage;
    const logPath = storage.logPath;
    storage.writeEntries(1, entries(1, 1));
    storage.sync();
    const sizeBefore = fileBytes(logPath);
    const huge = { term: 1, command: ["SET", "big", "x".repeat(2000)] };
    expect(
      () => storage.writeEntries(2, [...entries(2, 1), huge]),
      "limits: one record is at most maxRecordBytes",
    ).toThrow();
    expect(fileBytes(logPath), "a refused batch writes nothing, not even its first entries").toBe(
      sizeBefore,
    );
  });
});

describe("FileStorage: recovery from a torn or corrupted tail", () => {
  test("a record cut short (a torn write) is cut off and reported", () => {
    const { dir, logPath, record3, end } = threeEntries();
    truncateSync(logPath, end - 5);
    const { storage, recovery } = openStorage(dir);
    expect(recovery, "the torn last record is cut off and reported").toMatchObject({
      truncatedBytes: end - 5 - record3,
      reason: "incomplete-record",
    });
    expect(storage.load().entries, "the entries before the torn record are intact").toEqual(
      entries(1, 2),
    );
    expect(fileBytes(logPath), "the file is truncated to the good prefix").toBe(record3);
  });

  test("a record cut inside its header is cut off too", () => {
    const { dir, logPath, record3 } = threeEntries();
    truncateSync(logPath, record3 + 3);
    const { storage, recovery } = openStorage(dir);
    expect(recovery, "3 bytes of a header: a torn write").toMatchObject({
      truncatedBytes: 3,
      reason: "incomplete-record",
    });
    expect(storage.load().entries.length, "two whole entries").toBe(2);
  });

  test("after cutting a torn tail, new appends land where it was and survive a reopen", () => {
    const { dir, logPath, end } = threeEntries();
    truncateSync(logPath, end - 5);
    const { storage } = openStorage(dir);
    storage.writeEntries(3, entries(3, 2, 2));
    storage.sync();
    storage.close();
    const again = openStorage(dir);
    expect(again.recovery.truncatedBytes, "the repaired log is clean").toBe(0);
    expect(again.storage.load().entries, "1..2, then the new 3..4").toEqual([
      ...entries(1, 2),
      ...entries(3, 2, 2),
    ]);
  });

  test("a last record whose checksum fails is cut off and reported", () => {
    const { dir, logPath, record3, end } = threeEntries();
    flipByte(logPath, end - 3);
    const { storage, recovery } = openStorage(dir);
    expect(recovery, "checksum mismatch in the last record: a torn tail").toMatchObject({
      truncatedBytes: end - record3,
      reason: "bad-checksum",
    });
    expect(storage.load().entries, "entries 1..2 intact").toEqual(entries(1, 2));
  });

  test("zeros after the last record (a file extended but never written) are a torn tail", () => {
    const { dir, logPath, end } = threeEntries();
    truncateSync(logPath, end + 100);
    const { storage, recovery } = openStorage(dir);
    expect(recovery.truncatedBytes, "100 zero bytes cut off").toBe(100);
    expect(storage.load().entries.length, "all three entries intact").toBe(3);
  });
});

describe("FileStorage: damage that is not a torn tail is an error", () => {
  test("a corrupted record in the middle is an error naming the file and the byte offset", () => {
    const { dir, logPath, record2, end } = threeEntries();
    flipByte(logPath, record2 + 12);
    let message = "";
    try {
      FileStorage.open(dir).storage.close();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(message, "never skip synced data silently: opening must fail").not.toBe("");
    expect(message, "the error names the log file").toContain(logPath);
    expect(message, "the error names the bad record's byte offset").toMatch(
      new RegExp(`offset ${record2}\\b`),
    );
    expect(fileBytes(logPath), "nothing is truncated when the damage is in the middle").toBe(end);
  });

  test("a valid record out of place (an index that does not follow) is an error", () => {
    const { dir, logPath, record3, end } = threeEntries();
    const bytes = readFileSync(logPath);
    writeFileSync(logPath, Buffer.concat([bytes, bytes.subarray(record3, end)]));
    expect(
      () => FileStorage.open(dir).storage.close(),
      "records carry their index: entry 3 twice breaks continuity (n+1 after n)",
    ).toThrow(new RegExp(`offset ${end}\\b`));
  });

  test("a corrupted hard-state file is an error, never a forgotten vote", () => {
    const dir = tempDir();
    const { storage } = openStorage(dir);
    storage.saveHardState({ term: 5, votedFor: 2 });
    storage.close();
    const path = storage.hardStatePath;
    flipByte(path, fileBytes(path) - 1);
    expect(
      () => FileStorage.open(dir).storage.close(),
      "§5.2: a server must not forget its vote; a bad checksum must stop it",
    ).toThrow(path);
  });

  test("a truncated hard-state file is an error too", () => {
    const dir = tempDir();
    const { storage } = openStorage(dir);
    storage.saveHardState({ term: 5, votedFor: 2 });
    storage.close();
    truncateSync(storage.hardStatePath, 3);
    expect(() => FileStorage.open(dir).storage.close(), "a short file is damage").toThrow(
      storage.hardStatePath,
    );
  });
});

describe("FileStorage: the hard state is replaced atomically", () => {
  test("each save replaces the file by rename and leaves no temp file behind", () => {
    const dir = tempDir();
    const { storage } = openStorage(dir);
    storage.saveHardState({ term: 1, votedFor: null });
    const firstInode = statSync(storage.hardStatePath).ino;
    storage.saveHardState({ term: 2, votedFor: 1 });
    expect(
      statSync(storage.hardStatePath).ino,
      "written to a new file and renamed over the old one, never rewritten in place",
    ).not.toBe(firstInode);
    storage.close();
    const files = readdirSync(dir).map((name) => join(dir, name));
    expect(files.sort(), "only the log and the hard-state file remain: no temp file").toEqual(
      [storage.logPath, storage.hardStatePath].sort(),
    );
    expect(openStorage(dir).storage.load().hardState, "the last save").toEqual({
      term: 2,
      votedFor: 1,
    });
  });
});
