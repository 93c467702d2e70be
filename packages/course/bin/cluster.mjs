#!/usr/bin/env node
// `pnpm cluster …`: the stage-09 tool solutions/09-system/tools/cluster.ts (see launch.mjs for why a bin).
import { launch } from "./launch.mjs";

await launch("solutions/09-system/tools/cluster.ts");
