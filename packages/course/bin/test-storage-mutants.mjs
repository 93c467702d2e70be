#!/usr/bin/env node
// `pnpm test-storage-mutants …`: 03's storage tests against the storage mutants (also `pnpm test:storage-mutants`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("solutions/07-testing/mutants/storage/check-killed.ts");
