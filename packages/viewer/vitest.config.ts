// The viewer's own suite (pnpm test:viewer, a CI step of its own): the trace reader and model in
// Node, and the page in headless Chromium. Files run one at a time: a browser and a cluster
// share two cores with everything else.
import { defineConfig } from "vitest/config";

export default defineConfig({
  test: {
    name: "viewer",
    root: import.meta.dirname,
    include: ["test/**/*.test.ts"],
    fileParallelism: false,
    testTimeout: 180_000,
    hookTimeout: 180_000,
  },
});
