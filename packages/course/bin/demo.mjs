#!/usr/bin/env node
// `pnpm demo …`: the stage-09 tool solutions/09-system/tools/demo.ts (see launch.mjs for why a bin).
import { launch } from "./launch.mjs";

await launch("solutions/09-system/tools/demo.ts");
