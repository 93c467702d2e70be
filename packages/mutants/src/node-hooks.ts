// Node module hooks (module.register, see register.ts) that load one file with a mutant's patch
// applied, for the command line (tsx): the counterpart of vitest-plugin.ts. Every other file goes
// on to the next loader (tsx). They run in node's loader thread, so they get their data from
// `initialize`, not from the main thread's modules.
import { readFileSync } from "node:fs";
import { transformSync } from "esbuild";
import { applyMutantPatch } from "./apply.ts";

export interface MutantHookData {
  /** file: URL of the file the patch changes. */
  readonly targetUrl: string;
  readonly patch: string;
  readonly name: string;
}

let data: MutantHookData | undefined;

export function initialize(hookData: MutantHookData): void {
  data = hookData;
}

interface LoadResult {
  format?: string;
  source?: string | ArrayBuffer | Uint8Array;
  shortCircuit?: boolean;
}

type NextLoad = (url: string, context: object) => Promise<LoadResult>;

export async function load(url: string, context: object, nextLoad: NextLoad): Promise<LoadResult> {
  if (data === undefined || url.split("?")[0] !== data.targetUrl) return nextLoad(url, context);
  const path = new URL(data.targetUrl).pathname;
  const patched = applyMutantPatch(data.name, readFileSync(path, "utf8"), data.patch, path);
  // esbuild is what tsx itself compiles with, so the patched file loads like any other.
  const { code } = transformSync(patched, {
    loader: "ts",
    format: "esm",
    target: "es2022",
    sourcefile: path,
  });
  return { format: "module", source: code, shortCircuit: true };
}
