#!/usr/bin/env node
// Entry point of `pnpm course` (and `pnpm start`). The commands are in cli.ts, one file each under commands/.
import { runCli } from "./cli.ts";

process.exitCode = await runCli(process.argv.slice(2));
