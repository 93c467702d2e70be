// Reads a trace file (one JSON object a line) into events, or fails with ONE line that names the
// problem: a viewer that shows a blank page on a truncated file teaches nothing. Kinds it does not
// know are skipped (a newer simulator may write more); a file with none it knows is not a trace.
import { type EventKind, eventKinds, type RunHeader, type ViewerEvent } from "./events.ts";

export class TraceError extends Error {
  override readonly name = "TraceError";
}

export interface ParsedTrace {
  readonly header: RunHeader | undefined;
  readonly events: readonly ViewerEvent[];
  /** Lines of kinds this viewer does not draw. */
  readonly skipped: number;
}

const known = new Set<string>(eventKinds);

/** Fields each kind must have, as numbers (the rest are optional or strings). */
const numericFields: Partial<Record<EventKind, readonly string[]>> = {
  send: ["from", "to", "term"],
  deliver: ["from", "to", "term"],
  drop: ["from", "to", "term"],
  role: ["node", "term"],
  commit: ["node", "index"],
  tick: ["node"],
  client: ["client", "op"],
  log: ["node", "from"],
  vote: ["node", "term"],
  apply: ["node", "index"],
  timer: ["node", "elapsed", "timeout"],
  kv: ["node"],
  fault: ["episode"],
};

export function parseTrace(text: string): ParsedTrace {
  const lines = text.split("\n");
  if (lines.at(-1) === "") lines.pop();
  if (lines.length === 0) throw new TraceError("empty file: no events (write one with --trace F)");
  const events: ViewerEvent[] = [];
  let header: RunHeader | undefined;
  let skipped = 0;
  let lastT = Number.NEGATIVE_INFINITY;
  for (let i = 0; i < lines.length; i++) {
    const line = lines[i]!;
    if (line.trim() === "") continue;
    const event = parseLine(line, i + 1, i === lines.length - 1 && !text.endsWith("\n"));
    if (!known.has(event.kind)) {
      skipped++;
      continue;
    }
    checkFields(event, i + 1);
    if (event.t < lastT)
      throw new TraceError(`line ${i + 1}: time goes back (t=${event.t} after t=${lastT})`);
    lastT = event.t;
    if (event.kind === "run") header ??= event;
    events.push(event);
  }
  if (events.length === 0)
    throw new TraceError(
      `not a Raft trace: none of its ${lines.length} lines is an event this viewer knows (${eventKinds.join(", ")})`,
    );
  return { header, events, skipped };
}

function parseLine(line: string, lineNo: number, lastAndUnterminated: boolean): ViewerEvent {
  let value: unknown;
  try {
    value = JSON.parse(line);
  } catch {
    if (lastAndUnterminated)
      throw new TraceError(`truncated: line ${lineNo} ends mid-event (was the run cut short?)`);
    throw new TraceError(`line ${lineNo} is not JSON: ${excerpt(line)}`);
  }
  if (
    typeof value !== "object" ||
    value === null ||
    typeof (value as { t?: unknown }).t !== "number" ||
    typeof (value as { kind?: unknown }).kind !== "string"
  )
    throw new TraceError(
      `not a Raft trace: line ${lineNo} has no numeric "t" and string "kind": ${excerpt(line)}`,
    );
  return value as ViewerEvent;
}

function checkFields(event: ViewerEvent, lineNo: number): void {
  const record = event as unknown as Record<string, unknown>;
  for (const field of numericFields[event.kind] ?? []) {
    if (typeof record[field] !== "number")
      throw new TraceError(`line ${lineNo}: a "${event.kind}" event without a numeric "${field}"`);
  }
  if (event.kind === "log" && !Array.isArray(record.terms))
    throw new TraceError(`line ${lineNo}: a "log" event without its "terms" array`);
}

function excerpt(line: string): string {
  return line.length > 60 ? `${line.slice(0, 60)}…` : line;
}
