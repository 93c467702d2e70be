// What the browser tests share: Chromium (Debian's package, driven by playwright-core), traces
// made by the reference simulator, the viewer started in-process, screenshots for the READMEs.
import { spawn } from "node:child_process";
import { existsSync, mkdirSync, mkdtempSync, readFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { basename, join } from "node:path";
import { type Browser, chromium, type Page } from "playwright-core";
import { repoRoot, screenshotsDir } from "../../src/paths.ts";
import { type Source, startViewer, type Viewer } from "../../src/server.ts";
import type { ViewerEvent } from "../../src/trace/events.ts";

export const chromiumPath = process.env.CHROMIUM_PATH ?? "/usr/bin/chromium";

export async function launchBrowser(): Promise<Browser> {
  if (!existsSync(chromiumPath))
    throw new Error(
      `no Chromium at ${chromiumPath}: apt-get install -y chromium (or set CHROMIUM_PATH)`,
    );
  return chromium.launch({ executablePath: chromiumPath });
}

export async function openPage(browser: Browser, url: string): Promise<Page> {
  const page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
  const errors: string[] = [];
  page.on("pageerror", (error) => errors.push(error.message));
  await page.goto(url);
  await page.waitForSelector("body[data-state=ready], body[data-state=error]", {
    timeout: 60_000,
  });
  if (errors.length > 0) throw new Error(`the page threw: ${errors.join("; ")}`);
  return page;
}

const traceDir = mkdtempSync(join(tmpdir(), "rafting-viewer-test-"));
const simulatorMain = join(repoRoot, "solutions", "08-simulation", "src", "main.ts");

/** Runs the reference simulator (08's CLI) with these flags and --trace; returns the file. */
export function simulatorTrace(name: string, flags: readonly string[]): Promise<string> {
  const file = join(traceDir, `${name}.jsonl`);
  return new Promise((resolve, reject) => {
    const child = spawn(
      process.execPath,
      ["--import", "tsx", simulatorMain, ...flags, "--trace", file],
      {
        cwd: repoRoot,
        stdio: ["ignore", "pipe", "pipe"],
      },
    );
    let output = "";
    child.stdout.on("data", (chunk) => (output += chunk));
    child.stderr.on("data", (chunk) => (output += chunk));
    child.on("close", (code) => {
      // 1: the run found a violation, which some tests want.
      if ((code === 0 || code === 1) && existsSync(file)) resolve(file);
      else reject(new Error(`simulator exit ${code}: ${output}`));
    });
  });
}

export function readEvents(file: string): ViewerEvent[] {
  return readFileSync(file, "utf8")
    .trim()
    .split("\n")
    .map((line) => JSON.parse(line) as ViewerEvent);
}

export async function serveTrace(file: string): Promise<Viewer> {
  const source: Source = { kind: "trace", name: basename(file), text: readFileSync(file, "utf8") };
  return startViewer(source, 0);
}

/**
 * The READMEs' pictures, rewritten only when asked (RAFTING_SCREENSHOTS=1): a PNG differs in its
 * bytes on every run, so a plain test run must leave the tracked ones alone.
 */
export async function screenshot(page: Page, name: string): Promise<void> {
  if (process.env.RAFTING_SCREENSHOTS !== "1") return;
  mkdirSync(screenshotsDir, { recursive: true });
  await page.screenshot({ path: join(screenshotsDir, `${name}.png`) });
}

/** Moves the scrubber to event `index` and waits until the page shows it. */
export async function scrubTo(page: Page, index: number): Promise<void> {
  await page.fill("#scrubber", String(index));
  await page.waitForSelector(`#status[data-index="${index}"]`, { timeout: 30_000 });
}

export interface ShownNode {
  readonly node: number;
  readonly role: string;
  readonly term: number;
  readonly commit: number;
  readonly log: string;
}

/** What the node cards show, from their data attributes. */
export async function shownNodes(page: Page): Promise<ShownNode[]> {
  return page.$$eval("#nodes [data-node]", (cards) =>
    cards.map((card) => {
      const d = (card as HTMLElement).dataset;
      return {
        node: Number(d.node),
        role: d.role ?? "",
        term: Number(d.term),
        commit: Number(d.commit),
        log: d.log ?? "",
      };
    }),
  );
}
