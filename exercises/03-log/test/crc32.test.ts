// CRC-32 (IEEE 802.3, as in zlib, PNG and gzip) against published check values.
import { describe, expect, test } from "vitest";
import { crc32 } from "#stage";

const ascii = (text: string) => Buffer.from(text, "latin1");

describe("crc32", () => {
  test('the standard check value: crc32("123456789") = 0xCBF43926', () => {
    expect(crc32(ascii("123456789")), "CRC-32/ISO-HDLC check value").toBe(0xcbf43926);
  });

  test("known vectors", () => {
    expect(crc32(new Uint8Array(0)), "the CRC of nothing is 0").toBe(0);
    expect(crc32(ascii("a")), 'crc32("a")').toBe(0xe8b7be43);
    expect(crc32(ascii("abc")), 'crc32("abc")').toBe(0x352441c2);
    expect(
      crc32(ascii("The quick brown fox jumps over the lazy dog")),
      "crc32 of the pangram",
    ).toBe(0x414fa339);
    expect(crc32(new Uint8Array(32)), "32 zero bytes (not 0: the register starts all ones)").toBe(
      0x190a55ad,
    );
    expect(crc32(new Uint8Array(32).fill(0xff)), "32 bytes of 0xff").toBe(0xff6cab0b);
  });

  test("the result is an unsigned 32-bit integer", () => {
    const value = crc32(ascii("123456789"));
    expect(value >= 0 && value <= 0xffffffff, "never negative (use >>> 0)").toBe(true);
  });

  test("a range, and continuing from an earlier result, give the CRC of the whole", () => {
    const bytes = ascii("xx123456789yy");
    expect(crc32(bytes, 2, 11), "crc32(bytes, start, end) covers bytes[start, end)").toBe(
      0xcbf43926,
    );
    const first = crc32(ascii("12345"));
    expect(
      crc32(ascii("6789"), 0, 4, first),
      "crc32(rest, 0, n, crc32(first)) continues the checksum",
    ).toBe(0xcbf43926);
  });

  test("every single-bit flip changes the checksum", () => {
    const bytes = ascii("a record worth protecting");
    const good = crc32(bytes);
    for (let bit = 0; bit < bytes.length * 8; bit++) {
      const flipped = Buffer.from(bytes);
      flipped[bit >> 3]! ^= 1 << (bit & 7);
      expect(crc32(flipped), `CRC-32 detects every 1-bit error (bit ${bit})`).not.toBe(good);
    }
  });
});
