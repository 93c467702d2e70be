#!/usr/bin/env node
// `pnpm bench-sim …`: the 08 simulator's speed (was `pnpm bench:sim`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("solutions/08-simulation/tools/bench.ts");
