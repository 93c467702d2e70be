// pnpm viewer [FILE] [--live [DIR]] [--port N] [--no-open] (or pnpm run view …)
import { tmpdir } from "node:os";
import { join, resolve } from "node:path";

export const usage =
  "usage: pnpm viewer FILE | pnpm viewer --live [CLUSTER_DIR] [--port N] [--no-open]\n" +
  "  FILE          a trace: pnpm course run 8 -- --seed 7 --trace run.jsonl\n" +
  "  --live [DIR]  the cluster `pnpm cluster` runs (default DIR: the tmpdir's rafting-cluster)\n" +
  "  --port N      listen on 127.0.0.1:N (default 4180; 0: any free port)\n" +
  "  --no-open     print the address, do not open a browser";

export interface ViewArgs {
  readonly file: string | undefined;
  readonly liveDir: string | undefined;
  readonly port: number;
  /** --port was given: keep it even if it is taken. */
  readonly portGiven: boolean;
  readonly open: boolean;
}

export class UsageError extends Error {}

/** pnpm runs scripts from the repository root; a relative path means the caller's directory. */
function fromCaller(path: string): string {
  return resolve(process.env.INIT_CWD ?? process.cwd(), path);
}

export const defaultPort = 4180;

export function parseViewArgs(argv: readonly string[]): ViewArgs {
  let file: string | undefined;
  let liveDir: string | undefined;
  let port = defaultPort;
  let portGiven = false;
  let open = true;
  for (let i = 0; i < argv.length; i++) {
    const arg = argv[i]!;
    if (arg === "--") continue;
    if (arg === "--no-open") open = false;
    else if (arg === "--port") {
      const value = argv[++i];
      portGiven = true;
      port = /^\d{1,5}$/.test(value ?? "") ? Number(value) : Number.NaN;
      if (!(port >= 0 && port <= 65_535))
        throw new UsageError(`--port needs 0..65535, got ${value}`);
    } else if (arg === "--live") {
      const next = argv[i + 1];
      liveDir =
        next !== undefined && !next.startsWith("--") ? fromCaller(argv[++i]!) : defaultLiveDir();
    } else if (arg.startsWith("--")) throw new UsageError(`unknown flag ${arg}`);
    else if (file === undefined) file = fromCaller(arg);
    else throw new UsageError(`one trace at a time (got ${file} and ${arg})`);
  }
  if (file !== undefined && liveDir !== undefined)
    throw new UsageError("a trace FILE or --live, not both");
  return { file, liveDir, port, portGiven, open };
}

function defaultLiveDir(): string {
  return join(tmpdir(), "rafting-cluster");
}
