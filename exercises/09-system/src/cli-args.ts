// The node program's flags: --id N --config FILE [--data-dir DIR].
import { parseArgs } from "node:util";
import { ConfigError } from "./config.ts";

export const usage = "usage: raft-node --id N --config cluster.json [--data-dir DIR]";

export interface NodeArgs {
  readonly id: number;
  readonly configPath: string;
  /** This node's own data directory; default <config dataDir>/node-<id>. */
  readonly dataDir: string | undefined;
}

/** The flags, checked; a ConfigError with one line on a bad or missing flag. */
export function parseNodeArgs(argv: readonly string[]): NodeArgs {
  throw new Error("not implemented: parseNodeArgs (node:util parseArgs, strict; --id and --config required; ConfigError on a bad flag)");
}
