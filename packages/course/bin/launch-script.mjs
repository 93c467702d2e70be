// The bins that replace root package.json scripts (`pnpm viewer`, `pnpm bench-log`, …). A script
// prints pnpm's "> rafting@ …" banner and an "ELIFECYCLE Command failed" line around a one-line
// error or a Ctrl-C; a bin does not. pnpm cannot link a bin whose name has a colon, so
// `bench:log` became `bench-log` (the colon scripts stay in package.json as loud aliases).
import { spawn } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { launch } from "./launch.mjs";

const repoRoot = fileURLToPath(new URL("../../../", import.meta.url));

/** Runs like a root script did: from the repo root, with the caller's directory in INIT_CWD. */
function asRootScript() {
  process.env.INIT_CWD ??= process.cwd();
  process.chdir(repoRoot);
}

/** Runs the TypeScript program `path` (relative to the repo root) in this process. */
export async function launchScript(path) {
  asRootScript();
  await launch(path);
}

/** Runs vitest with `args` before the caller's, and exits with its code (130 after a Ctrl-C). */
export function launchVitest(args) {
  asRootScript();
  const vitestPackage = createRequire(`${repoRoot}package.json`).resolve("vitest/package.json");
  const vitest = join(dirname(vitestPackage), "vitest.mjs");
  const child = spawn(process.execPath, [vitest, ...args, ...process.argv.slice(2)], {
    stdio: "inherit",
  });
  // Ctrl-C reaches the child too (same process group): wait for it to stop and report how.
  process.on("SIGINT", () => {});
  process.on("SIGTERM", () => child.kill("SIGTERM"));
  child.on("exit", (code, signal) => {
    process.exit(code ?? 128 + signalNumber(signal));
  });
}

function signalNumber(signal) {
  return { SIGINT: 2, SIGTERM: 15, SIGKILL: 9 }[signal] ?? 1;
}
