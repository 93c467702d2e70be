#!/usr/bin/env node
// `pnpm bench-log …`: the 03 file log's append throughput (was `pnpm bench:log`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("solutions/03-log/bench/append-bench.ts");
