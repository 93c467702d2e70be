// A node's data directory from stage 09's system (03's FileStorage) opened by stage 10's: the
// node must come back with its term, vote and entries (Raft's safety rests on them), and a
// directory that could be either layout is refused, not guessed at.
import { existsSync, mkdirSync, mkdtempSync, renameSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import { adoptEarlierLog, CompactingStorage, type Entry, FileStorage } from "#stage";

const entries: Entry[] = [1, 1, 2, 3, 3].map((term, i) => ({
  term,
  command: ["SET", "k", `v${i}`],
}));

/** A data directory as stage 09's node leaves it: term 3, vote for node 2, five entries. */
function stage09Dir(): string {
  const dir = mkdtempSync(join(tmpdir(), "raft-adopt-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  const { storage } = FileStorage.open(dir);
  storage.saveHardState({ term: 3, votedFor: 2 });
  storage.writeEntries(1, entries);
  storage.sync();
  storage.close();
  return dir;
}

function reopened(dir: string) {
  const { storage } = CompactingStorage.open(dir);
  onTestFinished(() => storage.close());
  return storage.load();
}

describe("a stage 09 data directory under stage 10's storage", () => {
  test("is adopted: the same term, vote and entries, now in log-0", () => {
    const dir = stage09Dir();
    expect(adoptEarlierLog(dir), "both of 03's files move").toEqual(["log", "hard-state"]);
    const state = reopened(dir);
    expect(
      state.hardState,
      "Figure 2: currentTerm and votedFor are persistent state; forgetting the vote allows a second vote in term 3",
    ).toEqual({ term: 3, votedFor: 2 });
    expect(state.entries, "Figure 2: the log is persistent state").toEqual(entries);
    expect(adoptEarlierLog(dir), "the next start has nothing left to move").toEqual([]);
    expect(reopened(dir).entries).toEqual(entries);
  });

  test("a start that crashed between the two moves is finished by the next one", () => {
    const dir = stage09Dir();
    mkdirSync(join(dir, "log-0"));
    renameSync(join(dir, "log"), join(dir, "log-0", "log")); // moved before the crash
    expect(adoptEarlierLog(dir)).toEqual(["hard-state"]);
    const state = reopened(dir);
    expect([state.hardState, state.entries]).toEqual([{ term: 3, votedFor: 2 }, entries]);
  });

  test("a directory holding both layouts is refused with one line naming it, and nothing moves", () => {
    // Stage 10 opened on a stage 09 directory without adopting it first: an empty log-0 beside
    // the old files (what an earlier version of this system did).
    const twoLogs = stage09Dir();
    reopened(twoLogs);
    expect(() => adoptEarlierLog(twoLogs)).toThrow(/'log' both from stage 09 and in/);
    expect(existsSync(join(twoLogs, "log")), "nothing was moved").toBe(true);
    const withManifest = stage09Dir();
    writeFileSync(join(withManifest, "log-manifest"), "");
    expect(() => adoptEarlierLog(withManifest)).toThrow(/holds both stage 09's log/);
  });
});
