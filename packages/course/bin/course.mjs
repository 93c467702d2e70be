#!/usr/bin/env node
// `pnpm course …`: the course CLI (see launch.mjs for why a bin).
import { launch } from "./launch.mjs";

await launch("packages/course/src/main.ts");
