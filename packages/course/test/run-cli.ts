// The course CLI on a fixture repo, as a child process of a test: `node --import tsx run-cli.ts
// <args>` with COURSE_FIXTURE_ROOT set (the fixture has no bin of its own).
import { runCli } from "../src/cli.ts";

const root = process.env.COURSE_FIXTURE_ROOT;
if (!root) throw new Error("run-cli.ts: set COURSE_FIXTURE_ROOT");
process.exitCode = await runCli(process.argv.slice(2), root);
