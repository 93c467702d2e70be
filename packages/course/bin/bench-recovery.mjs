#!/usr/bin/env node
// `pnpm bench-recovery …`: the 03 file log's restart time (was `pnpm bench:recovery`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("solutions/03-log/bench/recovery-bench.ts");
