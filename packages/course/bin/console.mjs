#!/usr/bin/env node
// `pnpm console …`: the stage-09 tool solutions/09-system/tools/console.ts (see launch.mjs for why a bin).
import { launch } from "./launch.mjs";

await launch("solutions/09-system/tools/console.ts");
