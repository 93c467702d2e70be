// The mutant loader for node (tsx scripts such as 08's simulator and hunt tool).
import { register } from "node:module";
import { pathToFileURL } from "node:url";
import { mutantPatch, mutantTarget } from "./catalog.ts";
import type { MutantHookData } from "./node-hooks.ts";

/**
 * Makes every later import of the mutant's file load the patched code. Call it before anything
 * imports that file: modules already loaded stay as they are.
 */
export function registerMutant(name: string): void {
  const data: MutantHookData = {
    name,
    patch: mutantPatch(name),
    targetUrl: pathToFileURL(mutantTarget(name)).href,
  };
  register(new URL("./node-hooks.ts", import.meta.url), { data });
}
