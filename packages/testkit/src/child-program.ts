// Child node processes that start fast. `node --import tsx file.ts` transforms every TypeScript
// file of the program on each start-up (1.8–4 s per process on a busy 2-core machine), and that
// time used to count against the tests' waits. Instead, a program is bundled once per test file
// (or tool run) with esbuild into one JavaScript file, and each child runs that file directly.
// The file is named by a hash of its contents, so runs of the same code share it.
//
// Imported as `@rafting/testkit/child-program`, not from the index: the programs it bundles may
// import the testkit's index, and esbuild must never end up inside them.
import { createHash, randomBytes } from "node:crypto";
import {
  existsSync,
  mkdirSync,
  readdirSync,
  renameSync,
  rmSync,
  statSync,
  writeFileSync,
} from "node:fs";
import { basename, dirname, join } from "node:path";
import { fileURLToPath } from "node:url";
import { build, type Plugin } from "esbuild";

/** Git-ignored (under node_modules), so bundles never show up as changes. */
const bundleDir = join(
  dirname(fileURLToPath(import.meta.url)),
  "..",
  "..",
  "..",
  "node_modules",
  ".cache",
  "rafting-bundles",
);

export interface BundleOptions {
  /**
   * Bare import names to point at files, e.g. `{ "#stage": "/…/solutions/03-log/src/index.ts" }`,
   * so a child program imports the same track as the test that starts it.
   */
  readonly aliases?: Readonly<Record<string, string>>;
}

const built = new Map<string, Promise<string>>();

/**
 * The path of a bundle of entryPath (built at the first call in this process, then reused).
 * Run it with `process.execPath, [...childNodeFlags, bundlePath, ...args]`.
 */
export function bundleProgram(entryPath: string, options: BundleOptions = {}): Promise<string> {
  const key = JSON.stringify([entryPath, options.aliases ?? {}]);
  let bundle = built.get(key);
  if (bundle === undefined) {
    bundle = buildBundle(entryPath, key, options);
    built.set(key, bundle);
  }
  return bundle;
}

/** Stack traces of a bundled child name the TypeScript files, not the bundle. */
export const childNodeFlags: readonly string[] = ["--enable-source-maps"];

async function buildBundle(entryPath: string, key: string, options: BundleOptions) {
  let code: Uint8Array;
  try {
    const result = await build({
      entryPoints: [entryPath],
      // Not written (write: false), but the source map's paths are relative to it.
      outfile: join(bundleDir, "bundle.mjs"),
      write: false,
      bundle: true,
      platform: "node",
      format: "esm",
      target: "node20",
      sourcemap: "inline",
      logLevel: "silent",
      plugins: [aliasPlugin(options.aliases ?? {})],
      banner: { js: bannerForCommonJs },
    });
    code = result.outputFiles[0]?.contents ?? new Uint8Array();
  } catch (cause) {
    throw new Error(
      `could not build ${entryPath} for a child process (a syntax error?):\n${cause instanceof Error ? cause.message : String(cause)}`,
    );
  }
  // Named by what it holds: parallel test files and repeated runs share one file per version.
  const prefix = `${basename(entryPath).replace(/\.[cm]?ts$/, "")}-${digest(key)}-`;
  const outfile = join(bundleDir, `${prefix}${digest(code)}.mjs`);
  mkdirSync(bundleDir, { recursive: true });
  if (!existsSync(outfile)) {
    // Written under a unique name, then renamed (atomic): a child never runs a half-written file.
    const scratch = `${outfile}.${randomBytes(4).toString("hex")}.tmp`;
    writeFileSync(scratch, code);
    renameSync(scratch, outfile);
    pruneOldVersions(prefix, outfile);
  }
  return outfile;
}

function digest(data: string | Uint8Array): string {
  return createHash("sha256").update(data).digest("hex").slice(0, 12);
}

/** Earlier versions of the same program, once no run can still be starting them. */
function pruneOldVersions(prefix: string, keep: string): void {
  const cutoffMs = Date.now() - staleBundleMs;
  for (const name of readdirSync(bundleDir)) {
    const path = join(bundleDir, name);
    if (!name.startsWith(prefix) || path === keep) continue;
    try {
      if (statSync(path).mtimeMs < cutoffMs) rmSync(path, { force: true });
    } catch {
      // Another run pruned it first.
    }
  }
}

/** A bundle this old belongs to code that has changed since: no test run lasts this long. */
const staleBundleMs = 60 * 60 * 1000;

/** CommonJS packages bundled into ESM still call require() for node built-ins. */
const bannerForCommonJs =
  'import { createRequire as __raftingRequire } from "node:module"; const require = __raftingRequire(import.meta.url);';

function aliasPlugin(aliases: Readonly<Record<string, string>>): Plugin {
  return {
    name: "rafting-aliases",
    setup(plugin) {
      for (const [from, to] of Object.entries(aliases)) {
        const filter = new RegExp(`^${from.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}$`);
        plugin.onResolve({ filter }, () => ({ path: to }));
      }
    },
  };
}
