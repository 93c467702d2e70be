// The real path: FileStorage with its default file operations (node:fs) must call fsync where
// the power-loss rules need it. node:fs is wrapped to record, in order, the calls that matter;
// the storage runs on a real temp directory.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { afterEach, describe, expect, test, vi } from "vitest";
import { type Entry, FileStorage } from "#stage";

const trace = vi.hoisted(() => ({ calls: [] as string[] }));

vi.mock("node:fs", async (importOriginal) => {
  const fs = await importOriginal<typeof import("node:fs")>();
  const paths = new Map<number, string>();
  const pathOf = (fd: unknown) => paths.get(fd as number) ?? `fd ${String(fd)}`;
  const record = (call: string) => trace.calls.push(call);
  const wrapped = {
    openSync: (...args: Parameters<typeof fs.openSync>) => {
      const fd = fs.openSync(...args);
      paths.set(fd, String(args[0]));
      record(`open ${String(args[0])}`);
      return fd;
    },
    writeSync: ((fd: number, ...rest: unknown[]) => {
      record(`write ${pathOf(fd)}`);
      return (fs.writeSync as (...args: unknown[]) => number)(fd, ...rest);
    }) as typeof fs.writeSync,
    fsyncSync: (fd: number) => {
      record(`fsync ${pathOf(fd)}`);
      fs.fsyncSync(fd);
    },
    fdatasyncSync: (fd: number) => {
      record(`fsync ${pathOf(fd)}`);
      fs.fdatasyncSync(fd);
    },
    renameSync: (from: import("node:fs").PathLike, to: import("node:fs").PathLike) => {
      record(`rename ${String(from)} -> ${String(to)}`);
      fs.renameSync(from, to);
    },
    rmSync: (path: import("node:fs").PathLike, options?: import("node:fs").RmOptions) => {
      record(`remove ${String(path)}`);
      fs.rmSync(path, options);
    },
    unlinkSync: (path: import("node:fs").PathLike) => {
      record(`remove ${String(path)}`);
      fs.unlinkSync(path);
    },
  };
  return { ...fs, ...wrapped, default: { ...fs, ...wrapped } };
});

const dirs: string[] = [];
afterEach(() => {
  for (const dir of dirs.splice(0)) rmSync(dir, { recursive: true, force: true });
});

function openFresh() {
  const dir = mkdtempSync(join(tmpdir(), "rafting-03-fsync-"));
  dirs.push(dir);
  const { storage } = FileStorage.open(dir);
  return { dir, storage };
}

const entries = (from: number, count: number): Entry[] =>
  Array.from({ length: count }, (_, i) => ({ term: 1, command: ["SET", `k${from + i}`, "v"] }));

/** The calls made by action, in order. */
function callsOf(action: () => void): string[] {
  trace.calls = [];
  action();
  return trace.calls;
}

describe("FileStorage calls fsync where a power cut requires it (node:fs)", () => {
  test("every sync() after new writes fsyncs the log file", () => {
    const { storage } = openFresh();
    for (let round = 0; round < 3; round++) {
      const calls = callsOf(() => {
        storage.writeEntries(round * 2 + 1, entries(round * 2 + 1, 2));
        storage.sync();
      });
      const lastWrite = calls.lastIndexOf(`write ${storage.logPath}`);
      expect(lastWrite, "writeEntries writes to the log file").toBeGreaterThanOrEqual(0);
      expect(
        calls.slice(lastWrite),
        `sync() number ${round + 1}: write() only reaches the page cache; sync() must fsync the log file (Figure 2: stable storage before responding), every time`,
      ).toContain(`fsync ${storage.logPath}`);
    }
    storage.close();
  });

  test("saveHardState: temp file written and fsynced, renamed over the old file, then the directory fsynced", () => {
    const { dir, storage } = openFresh();
    storage.saveHardState({ term: 1, votedFor: null });
    const calls = callsOf(() => storage.saveHardState({ term: 2, votedFor: 3 }));
    storage.close();
    const rename = calls.findIndex(
      (call) => call.startsWith("rename ") && call.endsWith(` -> ${storage.hardStatePath}`),
    );
    expect(rename, `the new hard state is renamed over ${storage.hardStatePath}`).toBeGreaterThan(
      0,
    );
    const temp = calls[rename]!.slice("rename ".length, calls[rename]!.indexOf(" -> "));
    const before = calls.slice(0, rename);
    const after = calls.slice(rename + 1);
    expect(
      before.lastIndexOf(`fsync ${temp}`),
      "fsync the temp file before the rename: otherwise the name can reach the disk before the bytes",
    ).toBeGreaterThan(before.lastIndexOf(`write ${temp}`));
    expect(
      before,
      "never remove the old hard-state file first: a crash between remove and rename leaves no vote (the rename replaces it atomically)",
    ).not.toContain(`remove ${storage.hardStatePath}`);
    expect(
      after,
      "fsync the directory after the rename: the rename lives in the directory and is lost without it",
    ).toContain(`fsync ${dir}`);
  });

  test("open makes a new log file's name durable: the directory is fsynced after the file is created", () => {
    const dir = mkdtempSync(join(tmpdir(), "rafting-03-fsync-"));
    dirs.push(dir);
    const calls = callsOf(() => FileStorage.open(dir).storage.close());
    const created = calls.indexOf(`open ${join(dir, "log")}`);
    expect(created, "open creates the log file").toBeGreaterThanOrEqual(0);
    expect(
      calls.slice(created),
      "a created file's name is durable only after an fsync of its directory",
    ).toContain(`fsync ${dir}`);
  });
});
