// A recorded run in the browser: the reference simulator's seed 7 (5 nodes, 30 simulated
// seconds, faults on), the 08 README's Figure 8 run, and the trace a failing 07 scenario writes.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import type { Browser, Page } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { writeScenarioTrace } from "../../../../exercises/07-testing/test/run-trace.ts";
import {
  ClusterHarness,
  createRaftNode,
  type NodeFactory,
  runScenario,
  scenarios,
} from "../../../../solutions/07-testing/src/index.ts";
import { figure8Args } from "../../src/figure8.ts";
import { repoRoot } from "../../src/paths.ts";
import { startViewer, type Viewer } from "../../src/server.ts";
import type { ViewerEvent } from "../../src/trace/events.ts";
import { expectedAt, nextNewCommit } from "./expected.ts";
import {
  launchBrowser,
  openPage,
  readEvents,
  screenshot,
  scrubTo,
  serveTrace,
  shownNodes,
  simulatorTrace,
} from "./helpers.ts";

let browser: Browser;
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  await browser?.close();
});

/** The event the page shows once it has redrawn (it redraws on the next frame after a click). */
async function index(page: Page, expected: number | undefined): Promise<number> {
  await page
    .waitForSelector(`#status[data-index="${expected}"]`, { timeout: 10_000 })
    .catch(() => undefined);
  return Number(await page.getAttribute("#status", "data-index"));
}

describe("a recorded run: seed 7, 5 nodes, 30 simulated seconds under faults", () => {
  let viewer: Viewer;
  let events: ViewerEvent[];
  let page: Page;

  beforeAll(async () => {
    const file = await simulatorTrace("seed-7", [
      "--seed",
      "7",
      "--nodes",
      "5",
      "--sim-seconds",
      "30",
    ]);
    events = readEvents(file);
    viewer = await serveTrace(file);
    page = await openPage(browser, viewer.url);
  });
  afterAll(async () => {
    await viewer?.close();
  });

  test("loads (parse and index in the page) in under 2 s and scrubs smoothly", async () => {
    const loadMs = Number(await page.getAttribute("body", "data-load-ms"));
    expect(Number(await page.getAttribute("#status", "data-count"))).toBe(events.length);
    const positions = Array.from({ length: 40 }, (_, i) =>
      Math.floor(((i * 7919) % 40) * (events.length / 40)),
    );
    const started = performance.now();
    for (const position of positions) await scrubTo(page, position);
    const scrubMs = (performance.now() - started) / positions.length;
    console.log(
      `viewer: ${events.length} events loaded in ${loadMs} ms; a scrub to a far event shows in ${scrubMs.toFixed(1)} ms on average`,
    );
    expect(loadMs, "the issue's budget: a 30 s, 5-node trace loads in under 2 s").toBeLessThan(
      2000,
    );
    expect(scrubMs, "a scrub shows its event within a quarter second").toBeLessThan(250);
  });

  test("shows, at chosen events, the roles, terms, commit indices and logs the trace says", async () => {
    const firstLeader = events.findIndex((e) => e.kind === "role" && e.role === "leader");
    const chosen = [firstLeader, events.length >> 2, events.length >> 1, (3 * events.length) >> 2];
    chosen.push(events.length - 1);
    for (const at of chosen) {
      await scrubTo(page, at);
      expect(await shownNodes(page), `the cards after event ${at} (line ${at + 1})`).toEqual(
        expectedAt(events, at),
      );
    }
    await scrubTo(page, events.length >> 1);
    await screenshot(page, "recorded-run");
  });

  test("step, next election and next commit go where the trace says", async () => {
    await scrubTo(page, 0);
    await page.click("#next-election");
    const election = events.findIndex(
      (e, i) => i > 0 && e.kind === "role" && e.role === "candidate",
    );
    expect(await index(page, election), "next election: the next node to become candidate").toBe(
      election,
    );
    await page.click("#step");
    expect(await index(page, election + 1)).toBe(election + 1);
    await page.click("#step-back");
    expect(await index(page, election)).toBe(election);
    await page.click("#step-back");
    expect(await index(page, election - 1)).toBe(election - 1);
    await page.click("#next-commit");
    const commit = nextNewCommit(events, election - 1);
    expect(await index(page, commit), "next commit: an index committed for the first time").toBe(
      commit,
    );
  });
});

describe("the 08 README's Figure 8 run, one click away", () => {
  let viewer: Viewer;

  beforeAll(async () => {
    viewer = await startViewer(
      { kind: "trace", name: "no trace", text: "", error: "no trace given" },
      0,
    );
  });
  afterAll(async () => {
    await viewer?.close();
  });

  test("the Figure 8 button runs the seed and stops at its violation, leader completeness", async () => {
    const events = readEvents(await simulatorTrace("figure8", figure8Args));
    const violation = events.findIndex((e) => e.kind === "violation");
    expect(violation, "the README's Figure 8 seed still ends in a violation").toBeGreaterThan(0);
    const page = await openPage(browser, viewer.url);
    await page.click("#figure8");
    await page.waitForSelector(`#status[data-index="${violation}"]`, { timeout: 120_000 });
    expect(await page.textContent("#violation")).toContain("leader-completeness violated");
    expect(await shownNodes(page)).toEqual(expectedAt(events, violation));
    await screenshot(page, "figure8-violation");
    await scrubTo(page, 0);
    expect(await page.isVisible("#violation"), "no violation shown before it happens").toBe(false);
    await page.click("#first-violation");
    expect(await index(page, violation)).toBe(violation);
  });
});

describe("a 07 mutant caught by the simulator: vote-not-recorded", () => {
  let viewer: Viewer;
  afterAll(async () => {
    await viewer?.close();
  });

  test("first violation: two leaders of one term (election safety), as the trace says", async () => {
    const file = await simulatorTrace("vote-not-recorded", [
      "--seed",
      "1",
      "--mutant",
      "vote-not-recorded",
    ]);
    const events = readEvents(file);
    const violation = events.findIndex((e) => e.kind === "violation");
    expect(violation, "seed 1 of vote-not-recorded ends in a violation").toBeGreaterThan(0);
    viewer = await serveTrace(file);
    const page = await openPage(browser, viewer.url);
    await page.click("#first-violation");
    expect(await index(page, violation)).toBe(violation);
    expect(await page.textContent("#violation")).toContain("election-safety violated");
    expect(await shownNodes(page)).toEqual(expectedAt(events, violation));
    await screenshot(page, "mutant-election-safety");
  });
});

describe("a failing 07 scenario run, as the 07 tests write it", () => {
  let viewer: Viewer;
  afterAll(async () => {
    await viewer?.close();
  });

  test("first violation: the cards at the violation are what the trace says", async () => {
    // A node whose vote never reaches its disk (Figure 2's persistent state: votedFor): a voter
    // that crashes and restarts may vote again in a term it already voted in.
    const forgetful: NodeFactory = (config, storage, random) => {
      const node = createRaftNode(config, storage, random);
      return new Proxy(node, {
        get: (target, property) =>
          property === "step"
            ? (input: Parameters<typeof target.step>[0]) => {
                const ready = target.step(input);
                const saved = ready.hardState && { ...ready.hardState, votedFor: null };
                return { ...ready, hardState: saved };
              }
            : Reflect.get(target, property),
      });
    };
    const scenario = scenarios.find((s) => s.name === "crash-voters")!;
    const seed = [1, 2, 3, 4, 5, 6, 7, 8].find(
      (n) => runScenario(scenario, n, forgetful).violations.length > 0,
    );
    expect(seed, "crash-voters catches a node that forgets its vote within 8 seeds").toBeDefined();
    const stage = { ClusterHarness, runScenario, createRaftNode };
    const { file } = writeScenarioTrace(stage, scenario, seed!, forgetful, "forgets-vote");
    const events = readEvents(join(repoRoot, file));
    const violation = events.findIndex((e) => e.kind === "violation");
    viewer = await serveTrace(join(repoRoot, file));
    const page = await openPage(browser, viewer.url);
    await page.click("#first-violation");
    expect(await index(page, violation)).toBe(violation);
    expect(await page.textContent("#violation")).toContain("violated");
    expect(await shownNodes(page)).toEqual(expectedAt(events, violation));
    await screenshot(page, "07-scenario-violation");
    rmSync(join(repoRoot, file));
  });
});

describe("a learner's simulator that traces only the basic kinds", () => {
  let viewer: Viewer;
  afterAll(async () => {
    await viewer?.close();
  });

  test("no header, logs, votes, timers or message ids: roles, terms and commits still play", async () => {
    const full = readEvents(
      await simulatorTrace("basic", ["--seed", "5", "--nodes", "3", "--sim-seconds", "5"]),
    );
    const basic = full
      .filter((e) =>
        ["send", "deliver", "drop", "role", "commit", "fault", "client", "violation"].includes(
          e.kind,
        ),
      )
      .map((e) => {
        if (e.kind !== "send" && e.kind !== "deliver" && e.kind !== "drop") return e;
        const { id: _id, prev: _prev, commit: _commit, ok: _ok, match: _match, ...rest } = e;
        return rest;
      });
    const file = join(mkdtempSync(join(tmpdir(), "rafting-viewer-basic-")), "basic.jsonl");
    writeFileSync(file, `${basic.map((e) => JSON.stringify(e)).join("\n")}\n`);
    viewer = await serveTrace(file);
    const page = await openPage(browser, viewer.url);
    const at = basic.length >> 1;
    await scrubTo(page, at);
    expect(await shownNodes(page), `the cards after event ${at}`).toEqual(expectedAt(basic, at));
    // A message sent and delivered later is drawn in the air at its send (matched without ids).
    const sent = basic.findIndex(
      (e, i) =>
        e.kind === "send" &&
        basic.some(
          (d, j) =>
            j > i && d.kind === "deliver" && d.from === e.from && d.to === e.to && d.t > e.t,
        ),
    );
    await scrubTo(page, sent);
    expect(
      await page.$$eval("#cluster .msg", (dots) => dots.length),
      "messages in the air",
    ).toBeGreaterThan(0);
  });
});
