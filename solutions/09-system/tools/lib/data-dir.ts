// Where `pnpm cluster` keeps its config and data unless told otherwise.
import { createHash } from "node:crypto";
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

/**
 * $TMPDIR/rafting-cluster-<hash of the checkout's path>: two checkouts on one machine never
 * share (or overwrite) a cluster, and the same checkout finds its cluster and data again.
 */
export function defaultDataDir(repoRoot: string): string {
  const hash = createHash("sha256").update(resolve(repoRoot)).digest("hex").slice(0, 8);
  return join(tmpdir(), `rafting-cluster-${hash}`);
}
