#!/usr/bin/env node
// `pnpm viewer …`: the trace and live-cluster viewer, packages/viewer (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("packages/viewer/src/main.ts");
