// pnpm typecheck: every workspace package that has a `typecheck` script, each against its own
// tsconfig, in one `tsc --build` (one process instead of a pnpm and a tsc per package; the same
// checks as `pnpm exec turbo run typecheck`, which runs the packages' scripts one by one).
import { spawnSync } from "node:child_process";
import { existsSync, readdirSync, readFileSync } from "node:fs";
import { join } from "node:path";

const repoRoot = join(import.meta.dirname, "..", "..", "..");
const workspaceFolders = ["packages", "solutions", "exercises"];

function hasTypecheckScript(dir: string): boolean {
  const manifest = join(dir, "package.json");
  if (!existsSync(manifest) || !existsSync(join(dir, "tsconfig.json"))) return false;
  const scripts = (JSON.parse(readFileSync(manifest, "utf8")) as { scripts?: object }).scripts;
  return scripts !== undefined && "typecheck" in scripts;
}

const projects = workspaceFolders
  .flatMap((folder) =>
    readdirSync(join(repoRoot, folder), { withFileTypes: true })
      .filter((entry) => entry.isDirectory())
      .map((entry) => join(folder, entry.name)),
  )
  .filter((dir) => hasTypecheckScript(join(repoRoot, dir)))
  .sort();

if (projects.length === 0) {
  console.error("typecheck: no workspace package has a typecheck script");
  process.exit(1);
}
const tsc = join(repoRoot, "node_modules", "typescript", "bin", "tsc");
const run = spawnSync(process.execPath, [tsc, "--build", ...projects], {
  cwd: repoRoot,
  stdio: "inherit",
});
if (run.status === 0) console.log(`typecheck: ${projects.length} packages, no type errors`);
process.exitCode = run.status ?? 1;
