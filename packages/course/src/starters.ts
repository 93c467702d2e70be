// Starter code is generated from the reference, so signatures never drift between the tracks.
//
// In a reference .ts file:
//   // solution:begin        starts a region that the starter leaves out
//   // solution:end          ends it
//   // starter: <code>       a line that only the starter has (uncommented there, kept indented)
// Everything else is copied as it is; files other than .ts are copied unchanged.
import { mkdirSync, readdirSync, readFileSync, rmSync, statSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";

const beginMarker = /^\s*\/\/ solution:begin\b/;
const endMarker = /^\s*\/\/ solution:end\b/;
const starterLine = /^(\s*)\/\/ starter: ?(.*)$/;

export class StarterMarkerError extends Error {}

/** Turns one reference file into its starter; throws on unbalanced markers, naming file and line. */
export function starterText(reference: string, fileName: string): string {
  const out: string[] = [];
  let openedAt = 0;
  reference.split("\n").forEach((line, index) => {
    const lineNo = index + 1;
    if (beginMarker.test(line)) {
      if (openedAt)
        throw markerError(
          fileName,
          lineNo,
          `solution:begin inside the region opened at line ${openedAt}`,
        );
      openedAt = lineNo;
      return;
    }
    if (endMarker.test(line)) {
      if (!openedAt) throw markerError(fileName, lineNo, "solution:end without solution:begin");
      openedAt = 0;
      return;
    }
    if (openedAt) return;
    const starter = starterLine.exec(line);
    out.push(starter ? `${starter[1]}${starter[2]}` : line);
  });
  if (openedAt) throw markerError(fileName, openedAt, "solution:begin is never closed");
  return out.join("\n");
}

function markerError(fileName: string, line: number, problem: string): StarterMarkerError {
  return new StarterMarkerError(`${fileName}:${line}: ${problem}`);
}

/** Every file below `dir`, as paths relative to it, sorted. */
export function listFiles(dir: string): string[] {
  const files: string[] = [];
  const walk = (current: string) => {
    for (const name of readdirSync(current).sort()) {
      const path = join(current, name);
      if (statSync(path).isDirectory()) walk(path);
      else files.push(relative(dir, path));
    }
  };
  walk(dir);
  return files;
}

/** The starter for a reference source folder: relative path → content. */
export function generateStarter(referenceSrcDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of listFiles(referenceSrcDir)) {
    const text = readFileSync(join(referenceSrcDir, file), "utf8");
    files.set(file, file.endsWith(".ts") ? starterText(text, join(referenceSrcDir, file)) : text);
  }
  return files;
}

/**
 * Makes `destDir` hold exactly the given files. Files already right are left alone, so a reader
 * running meanwhile (pnpm test typechecks while verify regenerates the pristine starters) never
 * sees a starter file missing or half written.
 */
export function writeFiles(destDir: string, files: Map<string, string>): void {
  for (const file of existingFiles(destDir)) {
    if (!files.has(file)) rmSync(join(destDir, file), { force: true });
  }
  for (const [file, text] of files) {
    const path = join(destDir, file);
    if (readOrUndefined(path) === text) continue;
    mkdirSync(dirname(path), { recursive: true });
    writeFileSync(path, text);
  }
}

function existingFiles(dir: string): string[] {
  try {
    return listFiles(dir);
  } catch {
    return [];
  }
}

function readOrUndefined(path: string): string | undefined {
  try {
    return readFileSync(path, "utf8");
  } catch {
    return undefined;
  }
}

/** Files that differ between `dir` and the expected set: missing, extra or changed. */
export function diffFiles(dir: string, expected: Map<string, string>): string[] {
  let actual: string[] = [];
  try {
    actual = listFiles(dir);
  } catch {
    return [...expected.keys()].map((file) => `missing ${file}`);
  }
  const problems: string[] = [];
  for (const [file, text] of expected) {
    if (!actual.includes(file)) problems.push(`missing ${file}`);
    else if (readFileSync(join(dir, file), "utf8") !== text) problems.push(`differs ${file}`);
  }
  for (const file of actual) if (!expected.has(file)) problems.push(`extra ${file}`);
  return problems;
}

/** The reference as a learner reads it: marker lines and starter-only lines left out. */
export function referenceText(reference: string): string {
  return reference
    .split("\n")
    .filter((line) => !beginMarker.test(line) && !endMarker.test(line) && !starterLine.test(line))
    .join("\n");
}

/** The reference source folder without markers: relative path → content (for adopt and diff). */
export function readReference(referenceSrcDir: string): Map<string, string> {
  const files = new Map<string, string>();
  for (const file of listFiles(referenceSrcDir)) {
    const text = readFileSync(join(referenceSrcDir, file), "utf8");
    files.set(file, file.endsWith(".ts") ? referenceText(text) : text);
  }
  return files;
}
