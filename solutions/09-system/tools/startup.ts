// npx tsx solutions/09-system/tools/startup.ts [--runs N] [--load K]
//
// How long a 09 node takes from spawn to "listening" (its ports open), started the way the tests
// and tools start it (one bundle, plain node) and the old way (node --import tsx main.ts, every
// file transformed at start), one node at a time. --load K keeps K busy threads per core running
// meanwhile (the load generator of pnpm test:stress). The figures in the 09 README come from here.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { createRequire } from "node:module";
import { loadavg, tmpdir } from "node:os";
import { join } from "node:path";
import { startCpuLoad } from "@rafting/testkit/cpu-load";
import { freePorts } from "@rafting/testkit/processes";
import { mainPath } from "../src/index.ts";
import { intFlag, parseFlags } from "./lib/flags.ts";
import { nodeProgram } from "./lib/node-program.ts";

const program = "startup";
const usage = "usage: npx tsx solutions/09-system/tools/startup.ts [--runs N] [--load K]";
const tsxLoader = createRequire(import.meta.url).resolve("tsx");
const listeningLine = /listening: clients on/;
const ceilingMs = 120_000;

/** ms from spawn to the listening line of a one-node cluster started with these node args. */
async function startToListening(nodeArgs: readonly string[]): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-startup-"));
  const [client, peer] = (await freePorts(2)) as [number, number];
  const config = join(dir, "cluster.json");
  writeFileSync(
    config,
    JSON.stringify({
      secret: "startup",
      nodes: [{ id: 1, client: `127.0.0.1:${client}`, peer: `127.0.0.1:${peer}` }],
      dataDir: "data",
    }),
  );
  const started = performance.now();
  const child = spawn(process.execPath, [...nodeArgs, "--id", "1", "--config", config], {
    stdio: ["ignore", "pipe", "inherit"],
  });
  try {
    return await new Promise<number>((resolve, reject) => {
      const timer = setTimeout(() => reject(new Error("no listening line")), ceilingMs);
      let output = "";
      child.stdout?.setEncoding("utf8").on("data", (chunk: string) => {
        output += chunk;
        if (!listeningLine.test(output)) return;
        clearTimeout(timer);
        resolve(performance.now() - started);
      });
      child.once("exit", (code) => reject(new Error(`the node exited (${code}): ${output}`)));
    });
  } finally {
    child.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  }
}

function summary(times: readonly number[]): string {
  const sorted = [...times].sort((a, b) => a - b);
  const at = (q: number) =>
    Math.round(sorted[Math.min(sorted.length - 1, Math.floor(q * sorted.length))] ?? 0);
  return `median ${at(0.5)} ms, min ${Math.round(sorted[0] ?? 0)} ms, max ${Math.round(sorted.at(-1) ?? 0)} ms`;
}

async function main(): Promise<void> {
  const flags = parseFlags(program, usage, { runs: { type: "string" }, load: { type: "string" } });
  const runs = intFlag(program, usage, "runs", flags.runs, { min: 1, max: 100, fallback: 10 });
  const perCore = intFlag(program, usage, "load", flags.load, { min: 0, max: 8, fallback: 0 });
  const bundle = await nodeProgram();
  const cpu = perCore > 0 ? startCpuLoad(perCore) : undefined;
  try {
    const ways = [
      ["bundled (plain node)", [bundle]],
      ["node --import tsx", ["--import", tsxLoader, mainPath]],
    ] as const;
    const loadNote = cpu ? `${cpu.threads} busy threads` : "no added load";
    console.log(`start to listening of one 09 node, ${runs} runs each, ${loadNote}`);
    for (const [name, args] of ways) {
      const times: number[] = [];
      for (let run = 0; run < runs; run++) times.push(await startToListening(args));
      console.log(
        `  ${name.padEnd(22)} ${summary(times)}  (load average ${loadavg()[0]?.toFixed(1)})`,
      );
    }
  } finally {
    await cpu?.stop();
  }
}

main().catch((cause: unknown) => {
  console.error(`${program}: ${cause instanceof Error ? cause.message : String(cause)}`);
  process.exit(1);
});
