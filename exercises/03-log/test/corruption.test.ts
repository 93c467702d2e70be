// Damage to a synced log, one byte at a time: every byte of every record's header and body, in
// every record, not only the last. A record before the last one was synced (records after it
// exist), so damage there must stop the server with the file and the byte offset, never be
// skipped or cut off. Only the last record may be a torn tail of unsynced data.
// Scan, don't trust the length: a damaged length field can point past the end of the file.
import { mkdtempSync, readFileSync, rmSync, statSync, truncateSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterAll, describe, expect, test } from "vitest";
import { crc32, type Entry, FileStorage } from "#stage";

const dirs: string[] = [];
afterAll(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rafting-03-corrupt-"));
  dirs.push(dir);
  return dir;
}

/** Four entries of different sizes (one no-op), so that no two records look alike. */
const written: Entry[] = [
  { term: 1, command: ["SET", "k1", "one"] },
  { term: 1, command: [] },
  { term: 2, command: ["SET", "key-2", "a longer value, two"] },
  { term: 3, command: ["DEL", "k1"] },
];

/** A synced log of the entries above; returns its bytes and where each record starts. */
function syncedLog(): { dir: string; logPath: string; bytes: Buffer; starts: number[] } {
  const dir = tempDir();
  const { storage } = FileStorage.open(dir);
  const starts: number[] = [];
  written.forEach((entry, i) => {
    starts.push(statSync(storage.logPath).size);
    storage.writeEntries(i + 1, [entry]);
  });
  storage.sync();
  storage.close();
  return { dir, logPath: storage.logPath, bytes: readFileSync(storage.logPath), starts };
}

type Opened = { error: string } | { entries: Entry[]; truncatedBytes: number; reason: unknown };

function openQuietly(dir: string): Opened {
  try {
    const { storage, recovery } = FileStorage.open(dir);
    const { entries } = storage.load();
    storage.close();
    return { entries, truncatedBytes: recovery.truncatedBytes, reason: recovery.reason };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

/** The first byte (as record and offset in it) whose damage the storage mishandles, or undefined. */
function firstMishandledByte(): string | undefined {
  const { dir, logPath, bytes, starts } = syncedLog();
  const end = bytes.length;
  for (let record = 0; record < starts.length; record++) {
    const start = starts[record]!;
    const recordEnd = starts[record + 1] ?? end;
    const isLast = record === starts.length - 1;
    for (let at = start; at < recordEnd; at++) {
      const damaged = Buffer.from(bytes);
      damaged[at]! ^= 0xff;
      writeFileSync(logPath, damaged);
      const opened = openQuietly(dir);
      const where = `byte ${at - start} of record ${record + 1} (file offset ${at}) flipped`;
      if (!isLast) {
        if (!("error" in opened)) {
          return (
            `${where}: the log opened with ${opened.entries.length} entries. Records after this one ` +
            "exist, so it was synced: damage in the middle must refuse to open (never skip a record " +
            "by its stated length, never take a length that runs past the end for a torn tail: scan " +
            "forward for a valid record)."
          );
        }
        const names =
          opened.error.includes(logPath) && new RegExp(`offset ${start}\\b`).test(opened.error);
        if (!names) {
          return `${where}: the error must name the file ${logPath} and "offset ${start}" (where the bad record starts); got: ${opened.error}`;
        }
        if (!readFileSync(logPath).equals(damaged)) {
          return `${where}: refusing to open must leave the file as it is (a human looks at it)`;
        }
      } else {
        const expected = written.slice(0, -1);
        if ("error" in opened || JSON.stringify(opened.entries) !== JSON.stringify(expected)) {
          return (
            `${where}: damage in the LAST record, with nothing valid after it, cannot be told from ` +
            `a torn write: cut it off and keep entries 1..3. Got: ${JSON.stringify(opened)}`
          );
        }
        if (opened.truncatedBytes !== end - start || opened.reason === null) {
          return `${where}: report the cut (truncatedBytes ${end - start}, a reason); got ${JSON.stringify(opened)}`;
        }
        writeFileSync(logPath, bytes); // the cut shortened the file: put the good log back
      }
    }
    writeFileSync(logPath, bytes);
  }
  return undefined;
}

describe("FileStorage: corruption, one byte at a time", () => {
  test("every byte of every record: damage before the last record refuses to open, naming file and offset; the last record is a torn tail", () => {
    const problem = firstMishandledByte();
    expect(problem, problem).toBeUndefined();
  });

  test("a middle record whose length field points past the end of the file is damage, not a torn tail", () => {
    const { dir, logPath, bytes, starts } = syncedLog();
    const damaged = Buffer.from(bytes);
    // record 2's length now runs far past the end, but stays under maxRecordBytes
    damaged.writeUInt32LE(bytes.length * 4, starts[1]! + 4);
    writeFileSync(logPath, damaged);
    const opened = openQuietly(dir);
    expect(
      opened,
      "a length that runs past the end is a torn tail only for the last record with nothing valid after it: scan, don't trust the length",
    ).toEqual({ error: expect.stringMatching(new RegExp(`offset ${starts[1]}\\b`)) });
    expect(statSync(logPath).size, "nothing is cut").toBe(bytes.length);
  });

  test("a torn last record whose length runs past the end of the file is cut off", () => {
    const { dir, logPath, bytes, starts } = syncedLog();
    truncateSync(logPath, starts[3]! + 10);
    const opened = openQuietly(dir);
    expect(opened, "the last record cut short: a torn tail, entries 1..3 kept").toMatchObject({
      entries: written.slice(0, 3),
      truncatedBytes: 10,
      reason: "incomplete-record",
    });
    expect(bytes.length, "the log was longer").toBeGreaterThan(starts[3]! + 10);
  });
});

describe("FileStorage: limits on a record's size", () => {
  test("a record larger than maxRecordBytes is refused when reading too, naming file and offset", () => {
    const { dir, logPath, starts } = syncedLog();
    const recordBytes = starts[3]! - starts[2]!;
    let message = "";
    try {
      FileStorage.open(dir, { maxRecordBytes: recordBytes - 1 }).storage.close();
    } catch (error) {
      message = (error as Error).message;
    }
    expect(
      message,
      `limits: record 3 (${recordBytes} bytes) is over maxRecordBytes ${recordBytes - 1}: a length ` +
        "over the cap is damage (never allocate what a damaged length asks for)",
    ).toMatch(new RegExp(`offset ${starts[2]}\\b`));
    expect(message, "the error names the log file").toContain(logPath);
  });

  test("a refused write that would truncate leaves the file untouched, and the synced entries survive a restart", () => {
    const { dir, logPath, bytes } = syncedLog();
    const { storage } = FileStorage.open(dir, { maxRecordBytes: 1024 });
    const huge: Entry = { term: 4, command: ["SET", "big", "x".repeat(2000)] };
    expect(
      () => storage.writeEntries(2, [written[1]!, huge]),
      "limits: one record is at most maxRecordBytes",
    ).toThrow();
    storage.sync();
    storage.close();
    expect(
      readFileSync(logPath).equals(bytes),
      "check every entry before touching the file: a refused writeEntries must not even truncate (synced entries 2..4 would be lost at the next restart)",
    ).toBe(true);
    expect(openQuietly(dir), "all four synced entries after a restart").toMatchObject({
      entries: written,
    });
  });
});

/** A record in the log format (README), checksum right, around the payload given. */
function craftedRecord(payload: Buffer): Buffer {
  const record = Buffer.concat([Buffer.alloc(8), payload]);
  record.writeUInt32LE(payload.length, 4);
  record.writeUInt32LE(crc32(record, 4), 0);
  return record;
}

/** 8 bytes, two u32 halves, low first: the format's integers (high ≥ 2^21 is not a safe integer). */
function u53(low: number, high = 0): Buffer {
  const bytes = Buffer.alloc(8);
  bytes.writeUInt32LE(low, 0);
  bytes.writeUInt32LE(high, 4);
  return bytes;
}

function u32(value: number): Buffer {
  const bytes = Buffer.alloc(4);
  bytes.writeUInt32LE(value, 0);
  return bytes;
}

/** A payload: index, term, the part count, then the raw bytes given. */
const payload = (index: Buffer, term: Buffer, partCount: number, rest: Buffer = Buffer.alloc(0)) =>
  Buffer.concat([index, term, u32(partCount), rest]);

describe("FileStorage: records with a right checksum and a wrong payload", () => {
  test("a crafted record in the format, following the four, is read as entry 5 (the test's own check)", () => {
    const { dir, logPath, bytes } = syncedLog();
    const part = Buffer.from("GET");
    const record = craftedRecord(payload(u53(5), u53(3), 1, Buffer.concat([u32(3), part])));
    writeFileSync(logPath, Buffer.concat([bytes, record]));
    expect(openQuietly(dir), "entries 1..4, then the crafted entry 5").toMatchObject({
      entries: [...written, { term: 3, command: ["GET"] }],
      truncatedBytes: 0,
    });
  });

  const malformed: Record<string, () => Buffer> = {
    "a length of 0, below the smallest payload": () => Buffer.alloc(0),
    "index 0": () => payload(u53(0), u53(3), 0),
    "an index beyond 2^53": () => payload(u53(5, 2 ** 21), u53(3), 0),
    "a term beyond 2^53": () => payload(u53(5), u53(3, 2 ** 21), 0),
    "one part announced, no bytes for its length": () => payload(u53(5), u53(3), 1),
    "a part longer than the record": () =>
      payload(u53(5), u53(3), 1, Buffer.concat([u32(100), u32(0)])),
    "2^32 - 1 parts announced": () => payload(u53(5), u53(3), 0xffffffff),
    "bytes left over after the last part": () => payload(u53(5), u53(3), 0, u32(0)),
  };
  for (const [what, body] of Object.entries(malformed)) {
    test(`last record with ${what}: a bad record, cut off like a torn tail`, () => {
      const { dir, logPath, bytes } = syncedLog();
      const record = craftedRecord(body());
      writeFileSync(logPath, Buffer.concat([bytes, record]));
      expect(
        openQuietly(dir),
        `recovery: a checksum proves the bytes are what was written, not that the payload is well formed (${what}); decode it with every check, and a bad last record is a torn tail`,
      ).toEqual({ entries: written, truncatedBytes: record.length, reason: "bad-record" });
    });
  }

  test("a valid record with a lower term than the one before is an error naming its offset", () => {
    const { dir, logPath, bytes } = syncedLog();
    writeFileSync(logPath, Buffer.concat([bytes, craftedRecord(payload(u53(5), u53(2), 0))]));
    expect(
      openQuietly(dir),
      "§5.3 (terms in a log never decrease): a valid record out of place (entry 5 of term 2 after term 3) is damage a torn write cannot explain",
    ).toEqual({ error: expect.stringMatching(new RegExp(`offset ${bytes.length}\\b`)) });
  });

  test("damage just before a last record of the smallest size (a no-op) is damage in the middle", () => {
    const noOp: Entry = { term: 3, command: [] };
    const { dir, logPath, bytes, starts } = syncedLog();
    const { storage } = FileStorage.open(dir);
    storage.writeEntries(written.length + 1, [noOp]);
    storage.sync();
    storage.close();
    const withNoOp = readFileSync(logPath);
    withNoOp[starts[3]! + 10]! ^= 0xff; // inside record 4's index
    writeFileSync(logPath, withNoOp);
    expect(
      openQuietly(dir),
      `scan every offset up to the last one where a record fits (file size − 28): the valid 28-byte no-op at offset ${bytes.length} makes the damage at offset ${starts[3]} damage in the middle`,
    ).toEqual({ error: expect.stringMatching(new RegExp(`offset ${starts[3]}\\b`)) });
  });
});

/** A hard-state file in its format (hard-state-file.ts), checksum right, fields as given. */
function craftedHardState(version: number, term: Buffer, hasVote: number, vote: Buffer): Buffer {
  const bytes = Buffer.concat([u32(0), u32(version), term, u32(hasVote), vote]);
  bytes.writeUInt32LE(crc32(bytes, 4), 0);
  return bytes;
}

describe("FileStorage: a hard-state file with a right checksum and a wrong field", () => {
  function openWithHardState(file: Buffer): Opened | { hardState: unknown } {
    const { dir } = syncedLog();
    const { storage } = FileStorage.open(dir);
    const path = storage.hardStatePath;
    storage.close();
    writeFileSync(path, file);
    try {
      const reopened = FileStorage.open(dir).storage;
      const { hardState } = reopened.load();
      reopened.close();
      return { hardState };
    } catch (error) {
      return { error: (error as Error).message };
    }
  }

  test("a crafted file in the format is read (the test's own check)", () => {
    expect(openWithHardState(craftedHardState(1, u53(9), 1, u53(4))), "term 9, vote 4").toEqual({
      hardState: { term: 9, votedFor: 4 },
    });
  });

  const wrong: Record<string, () => Buffer> = {
    "format version 2": () => craftedHardState(2, u53(9), 1, u53(4)),
    "a vote flag of 2": () => craftedHardState(1, u53(9), 2, u53(4)),
    "a term beyond 2^53": () => craftedHardState(1, u53(9, 2 ** 21), 1, u53(4)),
    "a vote beyond 2^53": () => craftedHardState(1, u53(9), 1, u53(4, 2 ** 21)),
    "a checksum that does not match (every field in range)": () => {
      const file = craftedHardState(1, u53(9), 1, u53(4));
      file[8]! ^= 0x01; // term 9 becomes 8: a plausible value, only the checksum can tell
      return file;
    },
  };
  for (const [what, file] of Object.entries(wrong)) {
    test(`${what}: an error naming the file, never a guessed term or vote`, () => {
      expect(
        openWithHardState(file()),
        `§5.2: a server that misreads its vote can vote twice in one term; ${what} is damage (or a format this code does not know): refuse to start`,
      ).toEqual({ error: expect.stringContaining("hard-state") });
    });
  }
});
