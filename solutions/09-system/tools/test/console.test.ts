// pnpm console with piped commands: its own usage lines, and an exit code a script can trust.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { freePorts } from "@rafting/testkit/processes";
import { describe, expect, onTestFinished, test } from "vitest";
import { nodeProgram } from "../lib/node-program.ts";
import { nodeAnswers, ToolProcess, toolTestMs } from "./tool-process.ts";

/** A one-node cluster (it leads itself), killed when the test ends; returns its client port. */
async function oneNode(): Promise<number> {
  const dir = mkdtempSync(join(tmpdir(), "rafting-console-test-"));
  const [client, peer] = (await freePorts(2)) as [number, number];
  const config = join(dir, "cluster.json");
  writeFileSync(
    config,
    JSON.stringify({
      secret: "console-test",
      nodes: [{ id: 1, client: `127.0.0.1:${client}`, peer: `127.0.0.1:${peer}` }],
      dataDir: "data",
    }),
  );
  const node = spawn(process.execPath, [await nodeProgram(), "--id", "1", "--config", config], {
    stdio: "ignore",
  });
  onTestFinished(() => {
    node.kill("SIGKILL");
    rmSync(dir, { recursive: true, force: true });
  });
  return client;
}

describe("pnpm console, commands piped in", { timeout: toolTestMs }, () => {
  test("at a live node: every command goes through, exit 0", async () => {
    const port = await oneNode();
    await nodeAnswers(port, (status) => status.role === "leader");
    const session = await ToolProcess.bundled(
      "console.ts",
      ["--port", String(port)],
      "set greeting hello\nget greeting\nclear\nlog 1\n",
    );
    const exit = await session.exitCode();
    expect(session.output, "the reply to get").toMatch(/hello/);
    expect(exit.code, `nothing failed: exit 0\n${session.output}`).toBe(0);
  });

  test("cut with no peer gets the console's own usage line, and the exit code says a line failed", async () => {
    const port = await oneNode();
    await nodeAnswers(port);
    const session = await ToolProcess.bundled("console.ts", ["--port", String(port)], "cut\n");
    const exit = await session.exitCode();
    expect(session.output, "the console's usage for cut, not the server's error").toMatch(
      /usage: cut <peer id>/,
    );
    expect(exit.code, "a command that failed: exit 1").toBe(1);
  });

  test("at a dead node: each command says it cannot reach it, exit 1", async () => {
    const [port] = (await freePorts(1)) as [number];
    const session = await ToolProcess.bundled(
      "console.ts",
      ["--port", String(port)],
      "status\nget k\n",
    );
    const exit = await session.exitCode();
    expect(session.output, "the reason is named").toMatch(/cannot reach 127\.0\.0\.1:\d+/);
    expect(exit.code, `piping commands at a dead node exits non-zero\n${session.output}`).toBe(1);
  });
});
