import { describe, expect, test } from "vitest";
import { parseTrace, TraceError } from "../src/trace/parse.ts";

const good = [
  '{"t":0,"kind":"run","seed":1,"nodes":3,"simSeconds":1,"tickUs":10000,"electionTimeoutTicks":15}',
  '{"t":5,"kind":"role","node":1,"role":"candidate","term":1}',
  '{"t":9,"kind":"commit","node":1,"index":1}',
].join("\n");

function errorOf(text: string): string {
  try {
    parseTrace(text);
  } catch (error) {
    if (error instanceof TraceError) return error.message;
    throw error;
  }
  throw new Error("expected a TraceError");
}

describe("the trace reader", () => {
  test("reads the run header and the events in order", () => {
    const parsed = parseTrace(`${good}\n`);
    expect(parsed.header?.seed).toBe(1);
    expect(parsed.events.map((e) => e.kind)).toEqual(["run", "role", "commit"]);
  });

  test("a file cut mid-line is named truncated, in one line", () => {
    const message = errorOf(`${good}\n{"t":12,"kind":"com`);
    expect(message).toMatch(/^truncated: line 4 ends mid-event/);
    expect(message).not.toContain("\n");
  });

  test("a foreign JSON-lines file is not a Raft trace", () => {
    expect(errorOf('{"name":"rafting","version":1}\n')).toMatch(/^not a Raft trace: line 1/);
    expect(errorOf('{"t":1,"kind":"weather"}\n')).toMatch(/^not a Raft trace: none of its 1 lines/);
  });

  test("text that is not JSON, an empty file, a missing field and time going back are named", () => {
    expect(errorOf("hello\nworld\n")).toMatch(/^line 1 is not JSON: hello/);
    expect(errorOf("")).toMatch(/^empty file/);
    expect(errorOf('{"t":1,"kind":"role","term":2}\n')).toBe(
      'line 1: a "role" event without a numeric "node"',
    );
    expect(errorOf('{"t":5,"kind":"tick","node":1}\n{"t":4,"kind":"tick","node":1}\n')).toBe(
      "line 2: time goes back (t=4 after t=5)",
    );
  });

  test("kinds it does not know are skipped and counted", () => {
    const parsed = parseTrace(`${good}\n{"t":10,"kind":"future-thing","x":1}\n`);
    expect(parsed.events).toHaveLength(3);
    expect(parsed.skipped).toBe(1);
  });
});
