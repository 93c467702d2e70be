// Live mode against a real 3-node cluster started as a user would (`pnpm cluster`): the page
// shows the leader, a click kills it (RAFT.CRASH), and the page shows the new leader.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import { Redis } from "ioredis";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { type LiveFeed, liveSource } from "../../src/live/feed.ts";
import { repoRoot } from "../../src/paths.ts";
import { startViewer, type Viewer } from "../../src/server.ts";
import { launchBrowser, openPage, screenshot } from "./helpers.ts";

const clusterTool = join(repoRoot, "solutions", "09-system", "tools", "cluster.ts");
/** Real processes on a busy 2-core machine: generous ceilings, never tight budgets. */
const ceilingMs = 60_000;

let browser: Browser;
let dir: string;
let cluster: ChildProcess;
let feed: LiveFeed;
let viewer: Viewer;

/** A node's client port, from the cluster.json `pnpm cluster` wrote. */
function clientPort(clusterDir: string, id: number): number {
  const config = JSON.parse(readFileSync(join(clusterDir, "cluster.json"), "utf8")) as {
    nodes: { id: number; client: string }[];
  };
  const entry = config.nodes.find((node) => node.id === id);
  if (entry === undefined) throw new Error(`no node ${id} in ${clusterDir}/cluster.json`);
  return Number(entry.client.split(":").at(-1));
}

beforeAll(async () => {
  dir = mkdtempSync(join(tmpdir(), "rafting-viewer-live-"));
  cluster = spawn(
    process.execPath,
    ["--import", "tsx", clusterTool, "--nodes", "3", "--data-dir", dir, "--fresh"],
    { cwd: repoRoot, stdio: ["pipe", "pipe", "pipe"], detached: true },
  );
  const lines: string[] = [];
  await new Promise<void>((resolve, reject) => {
    const timer = setTimeout(() => reject(new Error(`no leader: ${lines.join("\n")}`)), ceilingMs);
    createInterface({ input: cluster.stdout! }).on("line", (line) => {
      lines.push(line);
      if (/leader of term/.test(line)) {
        clearTimeout(timer);
        resolve();
      }
    });
    cluster.on("exit", (code) =>
      reject(new Error(`pnpm cluster exited (${code}): ${lines.join("\n")}`)),
    );
  });
  feed = liveSource(dir);
  viewer = await startViewer(feed, 0);
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
  feed?.close();
  await viewer?.close();
  if (cluster?.pid !== undefined && cluster.exitCode === null) {
    const exited = new Promise((resolve) => cluster.once("exit", resolve));
    process.kill(-cluster.pid, "SIGINT");
    const timer = setTimeout(() => process.kill(-cluster.pid!, "SIGKILL"), 15_000);
    await exited;
    clearTimeout(timer);
  }
});

describe("live mode on a real 3-node cluster", () => {
  test("kill the leader from the page; the page shows the new leader", async () => {
    const page = await openPage(browser, viewer.url);
    await page.waitForSelector("#nodes [data-role=leader]", { timeout: ceilingMs });
    const leader = await page.getAttribute("#nodes [data-role=leader]", "data-node");
    const term = Number(await page.getAttribute("#nodes [data-role=leader]", "data-term"));
    // As in RaftScope: click the node in the ring, then "kill" in its menu.
    // Measured in the page in one go: the ring redraws every frame.
    const center = await page.evaluate((id) => {
      const circle = document.querySelector(`#cluster [data-node-svg="${id}"] circle`);
      const box = circle?.getBoundingClientRect();
      return box && { x: box.x + box.width / 2, y: box.y + box.height / 2 };
    }, leader);
    if (center === undefined) throw new Error(`node ${leader} is not drawn in the ring`);
    await page.mouse.click(center.x, center.y);
    await page.click(`#node-menu [data-action=kill][data-target="${leader}"]`);
    await page.waitForSelector(`#nodes [data-node="${leader}"][data-role=down]`, {
      timeout: ceilingMs,
    });
    const newLeader = await page.waitForFunction(
      (old) => {
        const card = document.querySelector<HTMLElement>("#nodes [data-role=leader]");
        return card !== null && card.dataset.node !== old ? card.dataset : false;
      },
      leader,
      { timeout: ceilingMs },
    );
    const shown = (await newLeader.jsonValue()) as { node: string; term: string };
    expect(shown.node, "§5.2: a follower that hears no leader starts an election").not.toBe(leader);
    expect(Number(shown.term), "the new leader's term is higher").toBeGreaterThan(term);
    // A write through the new leader shows in the key-value state of its card (RAFT.STATE).
    const client = new Redis({ host: "127.0.0.1", port: clientPort(dir, Number(shown.node)) });
    try {
      expect(await client.set("viewer", "works")).toBe("OK");
    } finally {
      client.disconnect();
    }
    await page.waitForSelector(`#nodes [data-node="${shown.node}"] .kv :text("viewer=works")`, {
      timeout: ceilingMs,
    });
    // The request itself, from the node's event stream: sent to the new leader, answered ok.
    await page.waitForSelector(
      `#clients li.client-ok:has-text("[SET viewer works] → n${shown.node}")`,
      { timeout: ceilingMs },
    );
    // The picture for the README: once the new leader's heartbeats are drawn on the links.
    await page.waitForFunction(
      (t) =>
        [...document.querySelectorAll("#cluster .msg text")].some((m) =>
          m.textContent?.includes(`t${t}`),
        ),
      shown.term,
      { timeout: ceilingMs },
    );
    await screenshot(page, "live-new-leader");
  });
});
