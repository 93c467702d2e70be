#!/usr/bin/env node
// `pnpm test-stress …`: the real-process suites under CPU load (was `pnpm test:stress`) (see launch-script.mjs for why a bin).
import { launchScript } from "./launch-script.mjs";

await launchScript("packages/testkit/stress/main.ts");
