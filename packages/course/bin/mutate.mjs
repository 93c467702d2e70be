#!/usr/bin/env node
// `pnpm mutate …`: StrykerJS over the reference stages, mutation/run.ts (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("mutation/run.ts");
