// The page's script: main.ts and everything it imports, bundled by esbuild in memory at start-up
// (tens of milliseconds), so nothing built is committed and nothing is fetched at run time.
import { build } from "esbuild";
import { pageEntry } from "./paths.ts";

let cached: Promise<string> | undefined;

export function pageBundle(): Promise<string> {
  cached ??= build({
    entryPoints: [pageEntry],
    bundle: true,
    write: false,
    format: "iife",
    target: "es2022",
    sourcemap: "inline",
    logLevel: "silent",
  }).then((result) => result.outputFiles[0]!.text);
  return cached;
}
