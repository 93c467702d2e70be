// A data directory that stage 09's system wrote (03's FileStorage: "log" and "hard-state" right in
// the directory) holds a node's term, vote and log. Stage 10's storage keeps its log in "log-0" or
// "log-1" (the manifest names which), so opened as it is, the node would start empty: forget its
// vote and its entries, which Raft's safety rests on. Before opening, the system moves those two
// files into "log-0", the log the initial manifest names (base 0, no snapshot): the same entries,
// now stage 10's log. Each move is a rename, made durable in both directories, so a crash in the
// middle leaves files that the next start moves on from. Files that could belong to either
// layout are refused, with one line, rather than guessed at.
import { existsSync, renameSync } from "node:fs";
import { join } from "node:path";
import { nodeFileOps } from "#log";
import { manifestFileName, slotDir } from "./log-manifest.ts";

/** 03's FileStorage's two files (file-storage.ts, hard-state-file.ts), in the order they move. */
const earlierFiles = ["log", "hard-state"] as const;

/**
 * Moves a stage 09 log in `dataDir` into stage 10's first log directory; returns the names it
 * moved (none when there was nothing to adopt). Throws an Error naming the problem when the
 * directory holds both layouts.
 */
export function adoptEarlierLog(dataDir: string): string[] {
  const found = earlierFiles.filter((name) => existsSync(join(dataDir, name)));
  if (found.length === 0) return [];
  if (existsSync(join(dataDir, manifestFileName))) {
    throw new Error(
      `${dataDir} holds both stage 09's log ('${found.join("', '")}') and stage 10's (${manifestFileName}); refusing to guess which is this node's`,
    );
  }
  const target = slotDir(dataDir, 0);
  nodeFileOps.mkdir(target);
  for (const name of found) {
    if (existsSync(join(target, name))) {
      throw new Error(
        `${dataDir} holds '${name}' both from stage 09 and in ${target}; refusing to guess which is this node's`,
      );
    }
  }
  for (const name of found) {
    // Across two directories, which FileOps.rename does not promise: node's rename, same disk.
    renameSync(join(dataDir, name), join(target, name));
    nodeFileOps.fsyncDir(target);
    nodeFileOps.fsyncDir(dataDir);
  }
  return found;
}
