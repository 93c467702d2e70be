// Shared by the stage's tests: the process helpers of @rafting/testkit/processes (the same ones
// the stage's tools use: free ports, bounded polling with generous ceilings), and temp dirs that
// go when the test ends. No fixed sleeps: every wait polls a condition until a deadline and then
// fails saying what it waited for.
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { onTestFinished } from "vitest";

export {
  FatalWait,
  freePorts,
  protocolWaitMs,
  realTimeTestMs,
  startupWaitMs,
  waitFor,
} from "@rafting/testkit/processes";

export function tempDir(prefix: string): string {
  const dir = mkdtempSync(join(tmpdir(), prefix));
  onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
  return dir;
}
