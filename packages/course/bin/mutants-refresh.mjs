#!/usr/bin/env node
// `pnpm mutants-refresh …`: rewrites mutant patches that fit only with fuzz (was `pnpm mutants:refresh`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("packages/mutants/bin/refresh.ts");
