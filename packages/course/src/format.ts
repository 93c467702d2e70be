// Output a learner reads: marks, counts, failures with the rule that broke and where in their code.
import { readFileSync } from "node:fs";
import { isAbsolute, relative } from "node:path";
import { stripVTControlCharacters } from "node:util";
import pc from "picocolors";

export const marks = { pass: pc.green("✓"), fail: pc.red("✗"), skip: pc.dim("○") };

/** The parts of a vitest error the course shows (vitest's TestError, serialized). */
export interface ShownError {
  message: string;
  name?: string;
  diff?: string;
  stacks?: { method: string; file: string; line: number; column: number }[];
  stack?: string;
  cause?: unknown;
}

const maxFrames = 4;
/** Advice written for a test's author (fast-check's "enable verbose mode"): not the learner's to act on. */
const testAdvice = /^\s*Hint: Enable verbose mode\b/;
const maxMessageLines = 20;

/** Stack frames in the learner's code or tests: framework and runtime frames are left out. */
export function userFrames(error: ShownError, root: string): string[] {
  const frames = (error.stacks ?? []).filter(
    (frame) =>
      !frame.file.includes("/node_modules/") &&
      !frame.file.startsWith("node:") &&
      !frame.file.includes("\\node_modules\\"),
  );
  return frames.slice(0, maxFrames).map((frame) => {
    const where = `${shortPath(frame.file, root)}:${frame.line}:${frame.column}`;
    return frame.method ? `at ${frame.method} (${where})` : `at ${where}`;
  });
}

/** Lines describing one failure: message (it names the rule), vitest's diff, location, source. */
export function formatError(error: ShownError, root: string): string[] {
  const lines: string[] = [];
  const messageLines = plain(error.message)
    .split("\n")
    .filter((line) => !testAdvice.test(line))
    .slice(0, maxMessageLines);
  const prefix = error.name && error.name !== "AssertionError" ? `${error.name}: ` : "";
  lines.push(pc.red(`${prefix}${messageLines[0] ?? ""}`), ...messageLines.slice(1));
  if (error.diff) lines.push("", ...plain(error.diff).split("\n"), "");
  const frames = userFrames(error, root);
  lines.push(...frames.map((frame) => pc.dim(frame)));
  const source = sourceLine(error);
  if (source) lines.push(source);
  if (isShownError(error.cause))
    lines.push(pc.dim("caused by:"), ...formatError(error.cause, root));
  return lines;
}

/** The source line of the first user frame, as "  42 | code". */
function sourceLine(error: ShownError): string | undefined {
  const frame = (error.stacks ?? []).find((f) => !f.file.includes("node_modules"));
  if (!frame || frame.file.startsWith("node:")) return undefined;
  try {
    const text = readFileSync(frame.file, "utf8").split("\n")[frame.line - 1];
    if (text === undefined) return undefined;
    return pc.dim(`${String(frame.line).padStart(5)} | `) + text.trim();
  } catch {
    return undefined;
  }
}

function isShownError(value: unknown): value is ShownError {
  return typeof value === "object" && value !== null && "message" in value;
}

/** Vitest (and its transformer) color text in the worker; drop the colors when our output has none. */
function plain(text: string): string {
  return pc.isColorSupported ? text : stripVTControlCharacters(text);
}

/** A path relative to the repo root when it is inside it. */
export function shortPath(file: string, root: string): string {
  const path = file.startsWith("file://") ? new URL(file).pathname : file;
  if (!isAbsolute(path)) return path;
  const rel = relative(root, path);
  return rel.startsWith("..") ? path : rel;
}

/** "3 passed, 1 failed" plus skipped tests and broken files when there are any. */
export function summaryLine(counts: {
  passed: number;
  failed: number;
  skipped: number;
  brokenFiles: number;
}): string {
  const parts = [
    pc.green(`${counts.passed} passed`),
    counts.failed > 0 ? pc.red(`${counts.failed} failed`) : `${counts.failed} failed`,
  ];
  if (counts.skipped > 0) parts.push(pc.yellow(`${counts.skipped} skipped`));
  if (counts.brokenFiles > 0)
    parts.push(
      pc.red(
        `${counts.brokenFiles} test file${counts.brokenFiles === 1 ? "" : "s"} failed to load`,
      ),
    );
  return parts.join(", ");
}

/** Pads plain cells to column widths; colors are applied after padding so widths stay right. */
export function table(
  header: string[],
  rows: string[][],
  color: (row: number, column: number, cell: string) => string = (_r, _c, cell) => cell,
): string[] {
  const widths = header.map((title, column) =>
    Math.max(title.length, ...rows.map((row) => (row[column] ?? "").length)),
  );
  const render = (cells: string[], row: number) =>
    cells
      .map((cell, column) => {
        // The last column is not padded, so no line ends in spaces, colored or not.
        const padded = column === cells.length - 1 ? cell : cell.padEnd(widths[column] ?? 0);
        return row < 0 ? pc.bold(padded) : color(row, column, padded);
      })
      .join("  ");
  return [render(header, -1), ...rows.map((row, index) => render(row, index))];
}
