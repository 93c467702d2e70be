// The snapshot format (src/snapshot-codec.ts): what the snapshot file and InstallSnapshot carry.
// A snapshot replaces the log's prefix (§7), so a damaged one must never be restored: every
// damage a disk or a bug can cause is refused, with one line that names the problem and where.
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  decodeSnapshot,
  encodeSnapshot,
  type Snapshot,
  SnapshotFormatError,
  snapshotFormatVersion,
  snapshotHeaderBytes,
} from "#stage";

const sample: Snapshot = {
  lastIncludedIndex: 1234,
  lastIncludedTerm: 7,
  data: Uint8Array.from([1, 2, 3, 250, 0, 9]),
};

/** The error decodeSnapshot throws on bytes, or a failure naming what it returned instead. */
function refusal(bytes: Uint8Array, maxDataBytes?: number): SnapshotFormatError {
  let decoded: Snapshot;
  try {
    decoded = decodeSnapshot(bytes, maxDataBytes);
  } catch (error) {
    if (error instanceof SnapshotFormatError) return error;
    throw new Error(`expected a SnapshotFormatError, got: ${String(error)}`);
  }
  throw new Error(
    `damaged bytes decoded as a snapshot (index ${decoded.lastIncludedIndex}, term ` +
      `${decoded.lastIncludedTerm}, ${decoded.data.length} data bytes): §7, a snapshot replaces ` +
      "the log's prefix, so a damaged one must be refused, never restored",
  );
}

function expectOneLine(error: SnapshotFormatError, what: RegExp): void {
  expect(error.message, "one line").not.toContain("\n");
  expect(error.message, "the message names the problem").toMatch(what);
  expect(error.message, "and the byte offset").toMatch(/at byte offset \d+/);
}

const snapshots = fc.record({
  lastIncludedIndex: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  lastIncludedTerm: fc.integer({ min: 1, max: Number.MAX_SAFE_INTEGER }),
  data: fc.uint8Array({ maxLength: 300 }),
});

describe("snapshot codec: round trip", () => {
  test("the format: magic RFSN, version, index, term, data length, data, CRC (little-endian)", () => {
    const bytes = encodeSnapshot(sample);
    const view = new DataView(bytes.buffer, bytes.byteOffset, bytes.byteLength);
    expect(Buffer.from(bytes.subarray(0, 4)).toString("latin1"), "magic").toBe("RFSN");
    expect(view.getUint32(4, true), "format version").toBe(snapshotFormatVersion);
    expect(Number(view.getBigUint64(8, true)), "lastIncludedIndex").toBe(1234);
    expect(Number(view.getBigUint64(16, true)), "lastIncludedTerm").toBe(7);
    expect(Number(view.getBigUint64(24, true)), "data length").toBe(6);
    expect([...bytes.subarray(snapshotHeaderBytes, snapshotHeaderBytes + 6)], "data").toEqual([
      1, 2, 3, 250, 0, 9,
    ]);
    expect(bytes.length, "header, data, 4-byte CRC").toBe(snapshotHeaderBytes + 6 + 4);
  });

  test.each(testSeeds(2))("decode(encode(s)) is s, for any snapshot (seed %i)", (seed) => {
    fc.assert(
      fc.property(snapshots, (snapshot) => {
        const decoded = decodeSnapshot(encodeSnapshot(snapshot));
        expect(decoded.lastIncludedIndex).toBe(snapshot.lastIncludedIndex);
        expect(decoded.lastIncludedTerm).toBe(snapshot.lastIncludedTerm);
        expect([...decoded.data]).toEqual([...snapshot.data]);
      }),
      { seed, numRuns: 300 },
    );
  });

  test("decoding reads bytes at an offset inside a larger buffer (a Buffer from a pool)", () => {
    const encoded = encodeSnapshot(sample);
    const padded = new Uint8Array(encoded.length + 16);
    padded.set(encoded, 7);
    const decoded = decodeSnapshot(padded.subarray(7, 7 + encoded.length));
    expect(decoded.lastIncludedIndex).toBe(1234);
    expect([...decoded.data]).toEqual([...sample.data]);
  });
});

describe("snapshot codec: damage is refused", () => {
  test("every flipped byte (all bits, and the lowest bit) is refused with a one-line error", () => {
    const bytes = encodeSnapshot(sample);
    for (let at = 0; at < bytes.length; at++) {
      for (const mask of [0xff, 0x01]) {
        const damaged = Uint8Array.from(bytes);
        damaged[at] = damaged[at]! ^ mask;
        const error = refusal(damaged);
        expectOneLine(error, /snapshot: /);
      }
    }
  });

  test.each(testSeeds(2))("a flipped byte in any snapshot is refused (seed %i)", (seed) => {
    fc.assert(
      fc.property(snapshots, fc.nat(), fc.integer({ min: 1, max: 255 }), (snapshot, at, mask) => {
        const damaged = encodeSnapshot(snapshot);
        const position = at % damaged.length;
        damaged[position] = damaged[position]! ^ mask;
        refusal(damaged);
      }),
      { seed, numRuns: 300 },
    );
  });

  test("every truncation, and a trailing byte, is refused", () => {
    const bytes = encodeSnapshot(sample);
    for (let length = 0; length < bytes.length; length++) {
      expectOneLine(refusal(bytes.subarray(0, length)), /truncated|length mismatch/);
    }
    const longer = new Uint8Array(bytes.length + 1);
    longer.set(bytes);
    expectOneLine(refusal(longer), /length mismatch/);
  });

  test("the checksum covers the header: a changed term with its old CRC is refused", () => {
    const bytes = encodeSnapshot(sample);
    new DataView(bytes.buffer).setBigUint64(16, 8n, true);
    const error = refusal(bytes);
    expectOneLine(error, /checksum mismatch/);
    expect(error.offset, "the CRC's offset").toBe(snapshotHeaderBytes + sample.data.length);
  });

  test("the magic and the format version are checked, and named", () => {
    const notOurs = encodeSnapshot(sample);
    notOurs[1] = "X".charCodeAt(0);
    expectOneLine(refusal(notOurs), /magic/);
    const future = encodeSnapshot(sample);
    new DataView(future.buffer).setUint32(4, snapshotFormatVersion + 1, true);
    const error = refusal(future);
    expectOneLine(error, new RegExp(`version ${snapshotFormatVersion + 1}`));
    expect(error.offset).toBe(4);
  });
});

describe("snapshot codec: size cap", () => {
  test("decoding refuses data over the cap from the header alone, before reading it", () => {
    const bytes = encodeSnapshot({ ...sample, data: new Uint8Array(100) });
    expect(decodeSnapshot(bytes, 100).data.length, "at the cap: fine").toBe(100);
    const error = refusal(bytes, 99);
    expectOneLine(error, /data length 100 exceeds the limit of 99/);
    // A header announcing 2^60 bytes must be refused as too large, not as "truncated" after
    // trying to read that much.
    const huge = encodeSnapshot(sample);
    new DataView(huge.buffer).setBigUint64(24, 2n ** 60n, true);
    expectOneLine(refusal(huge), /exceeds the limit/);
  });

  test("encoding refuses data over the cap, and a malformed snapshot", () => {
    expect(() => encodeSnapshot({ ...sample, data: new Uint8Array(11) }, 10)).toThrow(
      /11 bytes of data exceed the limit of 10/,
    );
    expect(() => encodeSnapshot({ ...sample, lastIncludedIndex: 0 })).toThrow(/lastIncludedIndex/);
    expect(() => encodeSnapshot({ ...sample, lastIncludedTerm: 1.5 })).toThrow(/lastIncludedTerm/);
  });
});
