#!/usr/bin/env node
// `pnpm course …` runs this bin (linked into the root node_modules/.bin). A bin, unlike a
// package.json script, runs without pnpm's "> rafting@ course" banner and its "ELIFECYCLE
// Command failed" line, and its exit code reaches the shell as it is.
import { register } from "tsx/esm/api";

register();
await import("../src/main.ts");
