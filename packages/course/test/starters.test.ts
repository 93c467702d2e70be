import { describe, expect, test } from "vitest";
import { referenceText, StarterMarkerError, starterText } from "../src/starters.ts";

const reference = [
  "export function apply(x: number): number {",
  "  // solution:begin",
  "  return x + 1;",
  "  // solution:end",
  '  // starter: throw new Error("not implemented: apply");',
  "}",
].join("\n");

describe("starter markers", () => {
  test("a balanced region is left out and starter lines are uncommented, indentation kept", () => {
    expect(starterText(reference, "a.ts")).toBe(
      [
        "export function apply(x: number): number {",
        '  throw new Error("not implemented: apply");',
        "}",
      ].join("\n"),
    );
  });

  test("text outside markers is copied unchanged", () => {
    const plain = "export const x = 1;\n// a comment\n";
    expect(starterText(plain, "a.ts")).toBe(plain);
  });

  test("a region never closed names the file and the line it opened at", () => {
    const text = "line 1\n// solution:begin\nsecret\n";
    expect(() => starterText(text, "src/log.ts")).toThrow(StarterMarkerError);
    expect(() => starterText(text, "src/log.ts")).toThrow(
      "src/log.ts:2: solution:begin is never closed",
    );
  });

  test("an end without a begin names its line", () => {
    expect(() => starterText("a\nb\n  // solution:end\n", "src/log.ts")).toThrow(
      "src/log.ts:3: solution:end without solution:begin",
    );
  });

  test("a begin inside a region names both lines", () => {
    const text = "// solution:begin\nx\n// solution:begin\n// solution:end\n";
    expect(() => starterText(text, "f.ts")).toThrow(
      "f.ts:3: solution:begin inside the region opened at line 1",
    );
  });

  test("the reference as a learner reads it has no marker lines", () => {
    expect(referenceText(reference)).toBe(
      ["export function apply(x: number): number {", "  return x + 1;", "}"].join("\n"),
    );
  });
});
