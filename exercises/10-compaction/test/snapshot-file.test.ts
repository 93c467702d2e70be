// The snapshot file (src/atomic-file.ts, src/snapshot-file.ts) on a disk that loses power
// (03's PowerLossDisk: read its rules in 03's src/power-loss-disk.ts). The power goes out after
// each file operation of a save in turn, and every disk a restarted machine could find is read
// back. The snapshot replaces the log's prefix (§7), so after any crash it must be the old
// snapshot or the new one: never a torn one, and never none when one existed.
import { describe, expect, test } from "vitest";
import {
  type CrashImage,
  PowerCut,
  PowerLossDisk,
  readSnapshotFile,
  removeStaleSnapshotTemp,
  type Snapshot,
  writeSnapshotFile,
} from "#stage";

const dir = "/data";
const oldSnapshot: Snapshot = {
  lastIncludedIndex: 10,
  lastIncludedTerm: 2,
  data: Uint8Array.from({ length: 40 }, (_, i) => i),
};
const newSnapshot: Snapshot = {
  lastIncludedIndex: 25,
  lastIncludedTerm: 3,
  data: Uint8Array.from({ length: 60 }, (_, i) => 255 - i),
};

function freshDisk(): PowerLossDisk {
  const disk = new PowerLossDisk();
  disk.mkdir(dir);
  return disk;
}

/** Which snapshot `found` is, by value, for messages. */
function nameOf(found: Snapshot | undefined): string {
  if (found === undefined) return "none";
  for (const [name, s] of [
    ["the old snapshot", oldSnapshot],
    ["the new snapshot", newSnapshot],
  ] as const) {
    if (
      found.lastIncludedIndex === s.lastIncludedIndex &&
      found.lastIncludedTerm === s.lastIncludedTerm &&
      Buffer.from(found.data).equals(Buffer.from(s.data))
    )
      return name;
  }
  return `a snapshot that was never saved (index ${found.lastIncludedIndex})`;
}

/** What a restarted server reads from image, or the error it stops with. */
function readAfterRestart(image: CrashImage): string {
  try {
    removeStaleSnapshotTemp(image.disk, dir);
    return nameOf(readSnapshotFile(image.disk, dir));
  } catch (error) {
    return `an error: ${(error as Error).message}`;
  }
}

/**
 * Cuts the power after 0, 1, 2, … operations of save() on the disk prepare() returns, until a
 * save completes; calls check on every crash image of every cut. Returns how many cuts it made.
 */
function everyCut(
  prepare: () => PowerLossDisk,
  save: (disk: PowerLossDisk) => void,
  check: (found: string, where: string) => void,
): number {
  for (let cut = 0; cut < 100; cut++) {
    const disk = prepare();
    disk.cutPowerAfter(cut);
    let completed = true;
    try {
      save(disk);
    } catch (error) {
      if (!(error instanceof PowerCut)) throw error;
      completed = false;
    }
    for (const image of disk.crashImages()) {
      const where = completed
        ? `after the save returned (${image.description})`
        : `power cut after ${cut} operations of the save (${image.description})`;
      check(readAfterRestart(image), where);
    }
    if (completed) return cut;
  }
  throw new Error("the save never completed within 100 file operations");
}

describe("snapshot file: save and read", () => {
  test("no file: no snapshot; a saved snapshot reads back", () => {
    const disk = freshDisk();
    expect(readSnapshotFile(disk, dir), "nothing saved yet").toBeUndefined();
    writeSnapshotFile(disk, dir, oldSnapshot);
    expect(nameOf(readSnapshotFile(disk, dir))).toBe("the old snapshot");
    writeSnapshotFile(disk, dir, newSnapshot);
    expect(nameOf(readSnapshotFile(disk, dir))).toBe("the new snapshot");
  });

  test("a damaged file stops the server with an error naming the file", () => {
    const disk = freshDisk();
    writeSnapshotFile(disk, dir, oldSnapshot);
    const bytes = disk.readFile(`${dir}/snapshot`);
    expect(bytes, "the snapshot lives in <dir>/snapshot").toBeDefined();
    const fd = disk.open(`${dir}/snapshot`, "r+");
    disk.write(fd, Uint8Array.of(bytes![50]! ^ 0x10), 0, 1, 50);
    disk.close(fd);
    expect(() => readSnapshotFile(disk, dir)).toThrow(/\/data\/snapshot: snapshot: checksum/);
  });
});

describe("snapshot file: power cut at every file operation", () => {
  test("replacing a snapshot: after any crash, the old one or the new one, whole", () => {
    const prepare = () => {
      const disk = freshDisk();
      writeSnapshotFile(disk, dir, oldSnapshot);
      return disk;
    };
    const cuts = everyCut(
      prepare,
      (disk) => writeSnapshotFile(disk, dir, newSnapshot),
      (found, where) => {
        expect(
          ["the old snapshot", "the new snapshot"],
          `${where}: a restarted server found ${found}; §7: a snapshot replaces the log's ` +
            "prefix, so a crash during a save must leave the old snapshot or the new one " +
            "(write a temp file, fsync it, rename it, fsync the directory)",
        ).toContain(found);
      },
    );
    expect(
      cuts,
      "a save is at least: open, write, fsync, rename, fsync dir",
    ).toBeGreaterThanOrEqual(5);
  });

  test("a save that returned survives any crash after it (the directory fsync)", () => {
    const disk = freshDisk();
    writeSnapshotFile(disk, dir, oldSnapshot);
    writeSnapshotFile(disk, dir, newSnapshot);
    for (const image of disk.crashImages()) {
      expect(
        readAfterRestart(image),
        `crash after the save returned (${image.description}): an acknowledged snapshot must ` +
          "survive: fsync the directory after the rename",
      ).toBe("the new snapshot");
    }
  });

  test("the first save: after any crash, no snapshot or the new one, never a torn one", () => {
    everyCut(
      freshDisk,
      (disk) => writeSnapshotFile(disk, dir, newSnapshot),
      (found, where) => {
        expect(["none", "the new snapshot"], `${where}: found ${found}`).toContain(found);
      },
    );
  });

  test("a crash leaves a temp file behind: the next save and read still work", () => {
    const disk = freshDisk();
    writeSnapshotFile(disk, dir, oldSnapshot);
    disk.cutPowerAfter(2); // the temp file is created and written, not yet renamed
    expect(() => writeSnapshotFile(disk, dir, newSnapshot)).toThrow(PowerCut);
    const [image] = disk
      .crashImages()
      .filter((i) => i.disk.readFile(`${dir}/snapshot.tmp`) !== undefined);
    expect(image, "some crash image keeps the temp file").toBeDefined();
    expect(readAfterRestart(image!)).toBe("the old snapshot");
    writeSnapshotFile(image!.disk, dir, newSnapshot);
    expect(nameOf(readSnapshotFile(image!.disk, dir))).toBe("the new snapshot");
  });
});
