// Bad input through the real command: `pnpm viewer FILE` on a truncated and on a foreign file
// says what is wrong in one line on the terminal, and the page says the same, never blank.
import { type ChildProcess, spawn } from "node:child_process";
import { mkdtempSync, readFileSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { createInterface } from "node:readline";
import type { Browser } from "playwright-core";
import { afterAll, beforeAll, describe, expect, test } from "vitest";
import { repoRoot } from "../../src/paths.ts";
import { launchBrowser, openPage, screenshot, simulatorTrace } from "./helpers.ts";

const viewMain = join(repoRoot, "packages", "viewer", "src", "main.ts");
const dir = mkdtempSync(join(tmpdir(), "rafting-viewer-bad-"));

let browser: Browser;
const children: ChildProcess[] = [];
beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => {
  for (const child of children) child.kill("SIGKILL");
  await browser?.close();
});

/** Starts `view FILE --no-open --port 0`; resolves with its address and its error lines. */
function view(file: string): Promise<{ url: string; errors: string[] }> {
  const child = spawn(
    process.execPath,
    ["--import", "tsx", viewMain, file, "--no-open", "--port", "0"],
    {
      cwd: repoRoot,
      stdio: ["ignore", "pipe", "pipe"],
    },
  );
  children.push(child);
  const errors: string[] = [];
  createInterface({ input: child.stderr! }).on("line", (line) => errors.push(line));
  return new Promise((resolve, reject) => {
    createInterface({ input: child.stdout! }).on("line", (line) => {
      const url = /viewer: (http:\S+)/.exec(line)?.[1];
      if (url !== undefined) resolve({ url, errors });
    });
    child.on("exit", (code) => reject(new Error(`view exited (${code}): ${errors.join(" ")}`)));
  });
}

describe("bad input gets one line naming the problem, on the terminal and on the page", () => {
  test("a truncated trace", async () => {
    const good = await simulatorTrace("short", [
      "--seed",
      "2",
      "--nodes",
      "3",
      "--sim-seconds",
      "2",
    ]);
    const text = readFileSync(good, "utf8");
    const cut = join(dir, "truncated.jsonl");
    writeFileSync(cut, text.slice(0, Math.floor(text.length / 2)));
    const { url, errors } = await view(cut);
    expect(errors, "one line on the terminal").toHaveLength(1);
    expect(errors[0]).toMatch(/^view: truncated\.jsonl: truncated: line \d+ ends mid-event/);
    const page = await openPage(browser, url);
    expect(await page.getAttribute("body", "data-state")).toBe("error");
    expect(await page.textContent("#error")).toBe(errors[0]!.replace(/^view: /, ""));
    await screenshot(page, "bad-input");
  });

  test("a foreign file (JSON lines, but not a trace)", async () => {
    const foreign = join(dir, "foreign.jsonl");
    writeFileSync(foreign, '{"name":"rafting","private":true}\n{"name":"other"}\n');
    const { url, errors } = await view(foreign);
    expect(errors).toEqual([
      'view: foreign.jsonl: not a Raft trace: line 1 has no numeric "t" and string "kind": {"name":"rafting","private":true}',
    ]);
    const page = await openPage(browser, url);
    expect(await page.textContent("#error")).toContain("not a Raft trace");
  });
});
