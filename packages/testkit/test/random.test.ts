import { describe, expect, test } from "vitest";
import { seededRandom } from "../src/index.ts";

describe("seededRandom", () => {
  test("the same seed gives the same sequence", () => {
    const a = seededRandom(42);
    const b = seededRandom(42);
    const draws = (r: ReturnType<typeof seededRandom>) =>
      Array.from({ length: 20 }, () => r.next());
    expect(draws(a)).toEqual(draws(b));
  });

  test("different seeds give different sequences", () => {
    expect(seededRandom(1).next()).not.toBe(seededRandom(2).next());
  });

  test("int stays in its range and reaches both ends", () => {
    const random = seededRandom(7);
    const seen = new Set<number>();
    for (let i = 0; i < 1000; i++) {
      const value = random.int(3, 6);
      expect(value).toBeGreaterThanOrEqual(3);
      expect(value).toBeLessThan(6);
      seen.add(value);
    }
    expect([...seen].sort()).toEqual([3, 4, 5]);
  });

  test("an empty range is an error", () => {
    expect(() => seededRandom(1).int(5, 5)).toThrow(RangeError);
  });
});
