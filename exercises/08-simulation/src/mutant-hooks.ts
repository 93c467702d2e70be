// A Node module hook (module.register) that loads one reference file with a stage-07 mutant patch
// applied, for the command line (tsx): vitest does the same with its own plugin. Everything else
// goes on to the next loader (tsx). Course infrastructure: the learner does not write this.
import { readFileSync } from "node:fs";
import { applyPatch } from "diff";
import ts from "typescript";

export interface MutantHookData {
  /** file: URL of the reference file the patch changes. */
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
  const original = readFileSync(new URL(data.targetUrl), "utf8");
  const patched = applyPatch(original, data.patch);
  if (patched === false) throw new Error(`mutant ${data.name} does not apply to ${data.targetUrl}`);
  const { outputText } = ts.transpileModule(patched, {
    compilerOptions: { module: ts.ModuleKind.ESNext, target: ts.ScriptTarget.ES2022 },
    fileName: new URL(data.targetUrl).pathname,
  });
  return { format: "module", source: outputText, shortCircuit: true };
}
