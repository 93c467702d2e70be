// Peer frames: u32 length, u8 version, JSON body. Broken framing must be detected, never guessed.
import { describe, expect, test } from "vitest";
import { encodeFrame, FrameDecoder, FrameError, frameVersion, parseDataFrame } from "#stage";

describe("frames", () => {
  test("frames survive being cut at every byte boundary", () => {
    const bodies = [{ t: "raft", n: 1 }, { text: "é\u00ff\u0000" }, [1, 2, 3]];
    const bytes = Buffer.concat(bodies.map((body) => encodeFrame(body)));
    expect(bytes.readUInt32BE(0), "the length counts the version byte and the body").toBe(
      1 + Buffer.byteLength(JSON.stringify(bodies[0])),
    );
    expect(bytes[4], "the fifth byte is the version").toBe(frameVersion);
    for (let cut = 0; cut <= bytes.length; cut++) {
      const decoder = new FrameDecoder();
      const out: unknown[] = [];
      for (const piece of [bytes.subarray(0, cut), bytes.subarray(cut)]) {
        decoder.push(piece);
        for (let body = decoder.next(); body !== undefined; body = decoder.next()) out.push(body);
      }
      expect(out, `TCP is a byte stream: cut at ${cut}, the same frames come out`).toEqual(bodies);
    }
  });

  test("an oversized length, an unknown version or a non-JSON body is a FrameError", () => {
    const huge = new FrameDecoder(1024);
    huge.push(Buffer.from([0xff, 0xff, 0xff, 0xff, frameVersion]));
    expect(() => huge.next(), "a length above maxFrameBytes: drop the connection").toThrow(
      FrameError,
    );
    expect(() => huge.next(), "a broken stream stays broken").toThrow(FrameError);
    const version = new FrameDecoder();
    version.push(Buffer.from([0, 0, 0, 3, 99, 0x7b, 0x7d]));
    expect(() => version.next(), "an unknown version").toThrow(/version/);
    const json = new FrameDecoder();
    json.push(Buffer.from([0, 0, 0, 3, frameVersion, 0x7b, 0x7b]));
    expect(() => json.next(), "a body that is not JSON").toThrow(FrameError);
    expect(
      () => encodeFrame({ big: "x".repeat(100) }, 50),
      "the sender checks the limit too",
    ).toThrow(FrameError);
  });

  test("a peer message is checked before it reaches the Raft node", () => {
    const vote = { type: "request-vote", from: 2, to: 1, term: 3, lastLogIndex: 0, lastLogTerm: 0 };
    expect(parseDataFrame({ t: "raft", m: vote }, 2, 1), "a good RequestVote passes").toEqual({
      t: "raft",
      m: vote,
    });
    expect(
      () => parseDataFrame({ t: "raft", m: { ...vote, from: 3 } }, 2, 1),
      "a peer speaks only for itself (from = the authenticated id)",
    ).toThrow(FrameError);
    expect(
      () => parseDataFrame({ t: "raft", m: { ...vote, to: 3 } }, 2, 1),
      "a message for another node",
    ).toThrow(FrameError);
    expect(
      () => parseDataFrame({ t: "raft", m: { ...vote, term: "3" } }, 2, 1),
      "a term that is not an integer",
    ).toThrow(FrameError);
    const append = {
      type: "append-entries",
      from: 2,
      to: 1,
      term: 1,
      prevIndex: 0,
      prevTerm: 0,
      entries: [{ term: 1, command: ["SET", 5] }],
      leaderCommit: 0,
    };
    expect(() => parseDataFrame({ t: "raft", m: append }, 2, 1), "commands are strings").toThrow(
      FrameError,
    );
    expect(() => parseDataFrame({ t: "gossip" }, 2, 1), "an unknown frame kind").toThrow(
      FrameError,
    );
  });
});
