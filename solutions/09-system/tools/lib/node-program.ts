// The reference node program for the tools: mainPath bundled once per tool run, so a node starts
// in a fraction of a second. The processes themselves are @rafting/testkit/processes' NodeProcess,
// the same the stage's tests use.
import { bundleProgram } from "@rafting/testkit/child-program";
import { mainPath } from "../../src/index.ts";

/** The reference node program as one JavaScript file, built at the first call of this run. */
export function nodeProgram(): Promise<string> {
  return bundleProgram(mainPath);
}
