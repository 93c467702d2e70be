// Where things are, from this file: the repository root and the page's entry point.
import { join } from "node:path";

export const repoRoot = join(import.meta.dirname, "..", "..", "..");
export const pageEntry = join(import.meta.dirname, "page", "main.ts");
export const screenshotsDir = join(import.meta.dirname, "..", "screenshots");
