// Runs a TypeScript program of the repo through tsx, for the bins in this folder. `pnpm <bin>`
// runs a bin without pnpm's "> rafting@ …" banner and "ELIFECYCLE Command failed" line (which a
// package.json script gets), and the program's exit code reaches the shell as it is.
import { register } from "tsx/esm/api";

const repoRoot = new URL("../../../", import.meta.url);

/** Imports `path` (relative to the repo root); the program reads its arguments from process.argv. */
export async function launch(path) {
  register();
  await import(new URL(path, repoRoot).href);
}
