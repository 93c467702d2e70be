// The PowerLossDisk itself (given, course infrastructure): its three rules, checked directly, so
// that a crash test failing on your FileStorage is about your code and not about the model.
// These pass on the starter on purpose: the model ships complete (see the allowlist in
// solutions/03-log/package.json).
import { describe, expect, test } from "vitest";
import { PowerLossDisk } from "#stage";

const bytes = (text: string) => new TextEncoder().encode(text);
const text = (content: Uint8Array | undefined) =>
  content === undefined ? undefined : new TextDecoder().decode(content);

/** The contents of path in every crash image of disk. */
function survivors(disk: PowerLossDisk, path: string): Array<string | undefined> {
  return disk.crashImages().map((image) => text(image.disk.readFile(path)));
}

function diskWithFile(content: string): { disk: PowerLossDisk; fd: number } {
  const disk = new PowerLossDisk();
  disk.mkdir("/d");
  const fd = disk.open("/d/f", "a+");
  disk.write(fd, bytes(content), 0, content.length, 0);
  disk.fsync(fd);
  disk.fsyncDir("/d");
  disk.close(fd);
  return { disk, fd: disk.open("/d/f", "r+") };
}

describe("PowerLossDisk (given): the rules the crash tests use", () => {
  test("rule 1: unsynced writes survive as a prefix, torn at any byte; an fsync makes them durable", () => {
    const { disk, fd } = diskWithFile("ab");
    disk.write(fd, bytes("cde"), 0, 3, 2);
    expect(text(disk.readFile("/d/f")), "reads see the write at once").toBe("abcde");
    expect(new Set(survivors(disk, "/d/f")), "after a crash: any prefix of the write").toEqual(
      new Set(["ab", "abc", "abcd", "abcde", "ab\0\0\0", "abc\0\0", "abcd\0"]),
    );
    disk.fsync(fd);
    expect(survivors(disk, "/d/f"), "after fsync: only the whole file").toEqual(["abcde"]);
  });

  test("rules 2 and 3: a rename is lost unless the directory is fsynced after it, and never leaves a mix", () => {
    const { disk } = diskWithFile("old");
    const fd = disk.open("/d/tmp", "w");
    disk.write(fd, bytes("new"), 0, 3, 0);
    disk.fsync(fd);
    disk.close(fd);
    disk.rename("/d/tmp", "/d/f");
    expect(new Set(survivors(disk, "/d/f")), "the rename may or may not survive").toEqual(
      new Set(["old", "new"]),
    );
    disk.fsyncDir("/d");
    expect(survivors(disk, "/d/f"), "after the directory fsync: the new file").toEqual(["new"]);
  });

  test("rule 2: a file's fsync does not cover its name; after a power cut nothing more happens", () => {
    const disk = new PowerLossDisk();
    disk.mkdir("/d");
    const fd = disk.open("/d/f", "w");
    disk.write(fd, bytes("x"), 0, 1, 0);
    disk.fsync(fd);
    expect(new Set(survivors(disk, "/d/f")), "created, fsynced, directory not").toEqual(
      new Set([undefined, "x"]),
    );
    disk.cutPowerAfter(0);
    expect(() => disk.fsyncDir("/d"), "after the power cut nothing happens").toThrow(/power cut/);
  });
});
