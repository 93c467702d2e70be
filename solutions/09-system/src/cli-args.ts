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
  // solution:begin
  let values: { id?: string; config?: string; "data-dir"?: string };
  try {
    ({ values } = parseArgs({
      args: [...argv],
      strict: true,
      allowPositionals: false,
      options: {
        id: { type: "string" },
        config: { type: "string" },
        "data-dir": { type: "string" },
      },
    }));
  } catch (cause) {
    throw new ConfigError(`${(cause as Error).message.split("\n")[0]} (${usage})`);
  }
  if (values.id === undefined) throw new ConfigError(`missing --id (${usage})`);
  if (values.config === undefined) throw new ConfigError(`missing --config (${usage})`);
  const id = /^[0-9]{1,15}$/.test(values.id) ? Number(values.id) : Number.NaN;
  if (!(id >= 1)) throw new ConfigError(`--id must be an integer ≥ 1, got '${values.id}'`);
  return { id, configPath: values.config, dataDir: values["data-dir"] };
  // solution:end
  // starter: throw new Error("not implemented: parseNodeArgs (node:util parseArgs, strict; --id and --config required; ConfigError on a bad flag)");
}
