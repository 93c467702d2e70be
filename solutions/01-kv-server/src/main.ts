// The stage's program: a single key-value server that redis-cli, redis-benchmark and any Redis
// client library can talk to.
//   npx tsx solutions/01-kv-server/src/main.ts --port 7379
import { parseArgs } from "node:util";
import { runMain, stopOnSignals } from "@rafting/runtime";
import { createKvServer, type KvServerOptions } from "./server.ts";

const usage = "usage: kv-server [--host 127.0.0.1] [--port 7379] [--max-bulk-bytes 8388608]";

/** Reads the flags; throws an Error whose message is the one-line problem. */
function parseOptions(argv: string[]): KvServerOptions {
  const { values } = parseArgs({
    args: argv,
    strict: true,
    allowPositionals: false,
    options: {
      host: { type: "string", default: "127.0.0.1" },
      port: { type: "string", default: "7379" },
      "max-bulk-bytes": { type: "string" },
    },
  });
  const options: KvServerOptions = {
    host: values.host,
    port: integerFlag("--port", values.port, 0, 65_535),
  };
  const maxBulk = values["max-bulk-bytes"];
  if (maxBulk === undefined) return options;
  return { ...options, maxBulkBytes: integerFlag("--max-bulk-bytes", maxBulk, 1, 2 ** 31 - 1) };
}

function integerFlag(name: string, text: string, min: number, max: number): number {
  const value = /^[0-9]+$/.test(text) ? Number(text) : Number.NaN;
  if (!(value >= min && value <= max))
    throw new Error(`${name} must be an integer from ${min} to ${max}, got '${text}'`);
  return value;
}

async function main(argv: string[]): Promise<number> {
  let options: KvServerOptions;
  try {
    options = parseOptions(argv);
  } catch (cause) {
    const problem = cause instanceof Error ? cause.message : String(cause);
    console.error(`kv-server: ${problem} (${usage})`);
    return 2;
  }
  const server = createKvServer(options);
  const port = await server.listen();
  console.log(`kv-server listening on ${options.host}:${port}`);
  stopOnSignals(() => server.close());
  return 0;
}

runMain("kv-server", () => main(process.argv.slice(2)));
