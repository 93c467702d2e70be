// pnpm cluster as a user meets it: a PID per node, a node that dies, `restart N` typed in its
// terminal, a node started by hand, then Ctrl-C (SIGINT): what it stops and what it says.
import { spawn } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import { defaultDataDir } from "../lib/data-dir.ts";
import { nodeProgram } from "../lib/node-program.ts";
import { nodeAnswers, processExists, ToolProcess, toolTestMs } from "./tool-process.ts";

/** Nodes are in their own process group: kill any a failed test would leave behind. */
function killWhenDone(pids: Iterable<number>): void {
  onTestFinished(() => {
    for (const pid of pids) if (processExists(pid)) process.kill(pid, "SIGKILL");
  });
}

function tempDir(): string {
  const dir = mkdtempSync(join(tmpdir(), "rafting-cluster-test-"));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}

async function nodePid(cluster: ToolProcess, id: number, pattern: RegExp): Promise<number> {
  const match = await cluster.waitForOutput(`node ${id}'s PID`, pattern);
  return Number(match[1]);
}

describe("pnpm cluster", { timeout: toolTestMs }, () => {
  test("prints each node's PID; Ctrl-C stops the nodes it started, counts them, names the dead one and a stranger", async () => {
    const dir = tempDir();
    const pids = new Set<number>();
    killWhenDone(pids);
    const cluster = ToolProcess.withTsx("cluster.ts", ["--data-dir", dir, "--fresh"]);
    for (const id of [1, 2, 3]) {
      pids.add(await nodePid(cluster, id, new RegExp(`\\[n${id}\\] pid (\\d+),`)));
    }
    const [first, second, third] = [...pids] as [number, number, number];
    await cluster.waitForOutput("a leader", /leader of term/);

    // Node 2 dies; `restart 2` typed in the cluster's terminal brings it back as its child.
    process.kill(second, "SIGKILL");
    await cluster.waitForOutput("node 2's death", /node 2 killed by SIGKILL/);
    expect(cluster.output, "the death report says how to restart it here").toMatch(/restart 2/);
    cluster.type("restart 2");
    const restarted = await nodePid(cluster, 2, /\[n2\] restarted: pid (\d+)/);
    pids.add(restarted);

    // Node 3 dies and is started by hand (not the cluster's child).
    process.kill(third, "SIGKILL");
    await cluster.waitForOutput("node 3's death", /node 3 killed by SIGKILL/);
    const byHand = spawn(
      process.execPath,
      [await nodeProgram(), "--id", "3", "--config", join(dir, "cluster.json")],
      { stdio: "ignore" },
    );
    pids.add(byHand.pid!);
    const port = Number(
      (await cluster.waitForOutput("node 3's port", /\[n3\] pid \d+, clients on (\d+)/))[1],
    );
    await nodeAnswers(port);

    cluster.child.kill("SIGINT");
    const exit = await cluster.exitCode();
    expect(exit.code, `Ctrl-C is a normal way to stop the cluster: exit 0\n${cluster.output}`).toBe(
      0,
    );
    expect(cluster.output, "it says what it stops and which node was not running").toMatch(
      /SIGINT: stopping 2 nodes \(not running: \[n3\]\)/,
    );
    expect(cluster.output, "the count is the nodes it stopped").toMatch(/^stopped 2 nodes$/m);
    expect(cluster.output, "the node started by hand is named, left running").toMatch(
      /\[n3\] still answers on port \d+: it was started outside this cluster/,
    );
    for (const [what, pid] of [
      ["node 1", first],
      ["node 2 (restarted with `restart 2`)", restarted],
    ] as const) {
      expect(processExists(pid), `${what}, pid ${pid}, is stopped`).toBe(false);
    }
    expect(
      processExists(byHand.pid!),
      "the node started by hand is not the cluster's to stop",
    ).toBe(true);
  });

  test("the default data directory is per checkout: two checkouts never share a cluster", () => {
    expect(defaultDataDir("/home/a/rafting"), "the same checkout finds its cluster again").toBe(
      defaultDataDir("/home/a/rafting/"),
    );
    expect(defaultDataDir("/home/a/rafting"), "another checkout gets another directory").not.toBe(
      defaultDataDir("/home/b/rafting"),
    );
  });
});
