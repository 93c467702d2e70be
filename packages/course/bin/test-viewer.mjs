#!/usr/bin/env node
// `pnpm test-viewer …`: the viewer's own suite (was `pnpm test:viewer`; see launch-script.mjs for why a bin).
import { launchVitest } from "./launch-script.mjs";

launchVitest(["run", "--config", "packages/viewer/vitest.config.ts"]);
