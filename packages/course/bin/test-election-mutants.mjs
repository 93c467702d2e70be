#!/usr/bin/env node
// `pnpm test-election-mutants …`: 06's votes test against the election mutants (also `pnpm test:election-mutants`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("solutions/07-testing/mutants/election/election-check.ts");
