// The RESP2 codec on its own: replies to bytes, and bytes (cut anywhere) to commands.
// Protocol reference: https://redis.io/docs/latest/develop/reference/protocol-spec/
import { testSeeds } from "@rafting/testkit";
import fc from "fast-check";
import { describe, expect, test } from "vitest";
import {
  type Command,
  encodeCommand,
  encodeReply,
  type ParserLimits,
  ProtocolError,
  RespParser,
} from "#stage";

const latin1 = (buffer: Buffer) => buffer.toString("latin1");
const bytes = (text: string) => Buffer.from(text, "latin1");

/** Feeds the chunks one by one and collects every command the parser completes. */
function parseChunks(chunks: readonly Uint8Array[], limits?: Partial<ParserLimits>): Command[] {
  const parser = new RespParser(limits);
  const commands: Command[] = [];
  for (const chunk of chunks) {
    parser.push(chunk);
    for (let command = parser.next(); command !== undefined; command = parser.next())
      commands.push(command);
  }
  return commands;
}

/** The error next() throws on these bytes, or undefined if it throws none. */
function protocolErrorOf(text: string, limits?: Partial<ParserLimits>): unknown {
  try {
    parseChunks([bytes(text)], limits);
    return undefined;
  } catch (error) {
    return error;
  }
}

/** Cuts a buffer at the given fractions of its length. */
function cutAt(buffer: Buffer, fractions: readonly number[]): Buffer[] {
  const cuts = fractions.map((f) => Math.floor(f * buffer.length)).sort((a, b) => a - b);
  const chunks: Buffer[] = [];
  let start = 0;
  for (const cut of [...cuts, buffer.length]) {
    chunks.push(buffer.subarray(start, cut));
    start = cut;
  }
  return chunks;
}

describe("encodeReply", () => {
  test("each reply type has its RESP2 form", () => {
    const cases: [Parameters<typeof encodeReply>[0], string, string][] = [
      [{ type: "simple", value: "OK" }, "+OK\r\n", "simple string: '+' line"],
      [{ type: "error", message: "ERR no" }, "-ERR no\r\n", "error: '-' line"],
      [{ type: "integer", value: -42 }, ":-42\r\n", "integer: ':' line"],
      [{ type: "integer", value: 9223372036854775807n }, ":9223372036854775807\r\n", "exact int64"],
      [{ type: "bulk", value: "hi" }, "$2\r\nhi\r\n", "bulk: '$' byte length, bytes, CRLF"],
      [{ type: "bulk", value: "" }, "$0\r\n\r\n", "the empty bulk string is not nil"],
      [{ type: "bulk", value: null }, "$-1\r\n", "nil is the bulk of length -1"],
      [{ type: "array", items: [] }, "*0\r\n", "the empty array"],
    ];
    for (const [reply, wire, rule] of cases)
      expect(latin1(encodeReply(reply)), `RESP2 ${rule}`).toBe(wire);
  });

  test("arrays nest, and bulk strings carry any bytes by their length", () => {
    const reply = encodeReply({
      type: "array",
      items: [
        { type: "bulk", value: "a\r\nb\x00\xff" },
        { type: "bulk", value: null },
        { type: "array", items: [{ type: "integer", value: 1 }] },
      ],
    });
    expect(latin1(reply), "RESP2 array: '*' count then each element; bulk is length-prefixed").toBe(
      "*3\r\n$6\r\na\r\nb\x00\xff\r\n$-1\r\n*1\r\n:1\r\n",
    );
  });

  test("a status or error line never contains CR or LF", () => {
    const wire = latin1(encodeReply({ type: "error", message: "ERR bad\r\nthing" }));
    expect(wire, "RESP2: simple strings and errors end at the first CRLF").toBe(
      "-ERR bad  thing\r\n",
    );
  });

  test("encodeCommand sends an array of bulk strings", () => {
    expect(
      latin1(encodeCommand(["SET", "k", "v\r\n"])),
      "RESP2 request: array of bulk strings",
    ).toBe("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$3\r\nv\r\n\r\n");
  });
});

describe("RespParser", () => {
  test("parses one command, and waits (undefined) while it is incomplete", () => {
    const parser = new RespParser();
    parser.push(bytes("*2\r\n$3\r\nGET\r\n$3\r\nke"));
    expect(parser.next(), "an incomplete frame yields nothing yet").toBeUndefined();
    parser.push(bytes("y\r\n"));
    expect(parser.next(), "the completed frame yields the command").toEqual(["GET", "key"]);
    expect(parser.next(), "nothing left").toBeUndefined();
    expect(parser.bufferedBytes(), "all bytes consumed").toBe(0);
  });

  test("parses a command fed one byte at a time", () => {
    const wire = bytes("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$5\r\nv\r\nxy\r\n");
    const chunks = Array.from(wire, (byte) => Uint8Array.of(byte));
    expect(parseChunks(chunks), "TCP may cut the stream anywhere, even inside CRLF").toEqual([
      ["SET", "k", "v\r\nxy"],
    ]);
  });

  test("pipelined commands in one chunk come out in order", () => {
    const wire = bytes("*1\r\n$4\r\nPING\r\n*2\r\n$4\r\nINCR\r\n$1\r\nn\r\nPING\r\n");
    expect(parseChunks([wire]), "pipelining: many commands per packet, answered in order").toEqual([
      ["PING"],
      ["INCR", "n"],
      ["PING"],
    ]);
  });

  test("inline commands: words split on spaces, LF or CRLF ends the line, blank lines skipped", () => {
    const wire = bytes("PING\r\n\r\nSET  a\tb\n  GET a  \r\n*0\r\n");
    expect(parseChunks([wire]), "RESP inline commands (telnet, redis-benchmark)").toEqual([
      ["PING"],
      ["SET", "a", "b"],
      ["GET", "a"],
    ]);
  });

  test("bulk strings are binary-safe: every byte, CRLF included, comes back", () => {
    const everyByte = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const wire = encodeCommand(["SET", everyByte, everyByte]);
    expect(parseChunks([wire]), "a bulk string is read by its length, never scanned").toEqual([
      ["SET", everyByte, everyByte],
    ]);
  });

  test("a 1 MiB value split into 64 KiB chunks parses", () => {
    const value = "v".repeat(1024 * 1024);
    const wire = encodeCommand(["SET", "big", value]);
    const chunks = cutAt(
      wire,
      Array.from({ length: 16 }, (_, i) => i / 16),
    );
    const [command] = parseChunks(chunks);
    expect(command?.[2]?.length, "the bulk is reassembled from many chunks").toBe(value.length);
    expect(command?.[2] === value, "every byte of the bulk is kept").toBe(true);
  });

  test.each<[string, string, string, Partial<ParserLimits>?]>([
    ["*1\r\n+PING\r\n", "expected '$', got '+'", "an array holds bulk strings"],
    ["*x\r\n", "invalid multibulk length", "the array count is a decimal integer"],
    ["*3000000\r\n", "invalid multibulk length", "the array count is limited (maxArrayLength)"],
    ["*1\r\n$-1\r\n", "invalid bulk length", "a request has no nil bulk strings"],
    ["*1\r\n$abc\r\n", "invalid bulk length", "the bulk length is a decimal integer"],
    ["*1\r\n$3\r\nGETX\r\n", "bulk string not followed by CRLF", "the length must match"],
    [
      "*1\r\n$9\r\n",
      "invalid bulk length",
      "a bulk over maxBulkBytes is refused",
      { maxBulkBytes: 8 },
    ],
    ["PING PING PING", "too big inline request", "inline lines are limited", { maxInlineBytes: 8 }],
    [
      "*2\r\n$6\r\naaaaaa\r\n$6\r\n",
      "command too big",
      "maxCommandBytes",
      { maxBulkBytes: 8, maxCommandBytes: 10 },
    ],
  ])("%j is a protocol error: %s", (wire, message, rule, limits) => {
    const error = protocolErrorOf(wire, limits);
    expect(error, `malformed framing throws ProtocolError: ${rule}`).toBeInstanceOf(ProtocolError);
    expect((error as Error).message, `the error says what is wrong: ${rule}`).toContain(message);
  });

  test("a bulk over the limit is refused from its header, before its bytes arrive", () => {
    const parser = new RespParser({ maxBulkBytes: 1024 });
    parser.push(bytes("*2\r\n$3\r\nGET\r\n$1000000\r\n"));
    expect(
      () => parser.next(),
      "limits are checked on the header: nothing is buffered first",
    ).toThrow(ProtocolError);
  });

  test("commands before a malformed frame are delivered; after it, next() keeps throwing", () => {
    const parser = new RespParser();
    parser.push(bytes("*1\r\n$4\r\nPING\r\n*1\r\n:1\r\n*1\r\n$4\r\nPING\r\n"));
    expect(parser.next(), "the command before the bad frame is whole: run it").toEqual(["PING"]);
    expect(() => parser.next(), "the bad frame is a ProtocolError").toThrow(ProtocolError);
    expect(() => parser.next(), "the stream cannot be resynchronised: it stays failed").toThrow(
      ProtocolError,
    );
  });
});

// Properties over random input; fast-check prints the seed and path of any failure.
const limits: ParserLimits = {
  maxBulkBytes: 64,
  maxArrayLength: 16,
  maxInlineBytes: 64,
  maxCommandBytes: 256,
};
const byteString = (maxLength: number) =>
  fc.uint8Array({ maxLength }).map((array) => Buffer.from(array).toString("latin1"));
const command = fc.array(byteString(limits.maxBulkBytes), { minLength: 1, maxLength: 6 });
const cutFractions = fc.array(fc.double({ min: 0, max: 1, noNaN: true }), { maxLength: 12 });
/** Bytes that look like RESP often enough to reach deep parser states. */
const respish = fc.array(
  fc.oneof(
    fc.constantFrom("*", "$", "\r\n", "\r", "\n", "-1", "0", "2", "3", "99", " ", "PING", "+", ":"),
    byteString(8),
  ),
  { maxLength: 40 },
);

describe("RespParser properties", () => {
  test.each(testSeeds(2))(
    "arbitrary bytes in arbitrary chunks: only ProtocolError (seed %i)",
    (seed) => {
      fc.assert(
        fc.property(respish, cutFractions, (parts, fractions) => {
          try {
            parseChunks(cutAt(bytes(parts.join("")), fractions), limits);
          } catch (error) {
            if (!(error instanceof ProtocolError)) throw error;
          }
        }),
        { seed, numRuns: 500 },
      );
    },
  );

  test.each(testSeeds(2))("every command round-trips, however it is cut (seed %i)", (seed) => {
    fc.assert(
      fc.property(
        fc.array(command, { minLength: 1, maxLength: 5 }),
        cutFractions,
        (commands, fractions) => {
          const wire = Buffer.concat(commands.map((c) => encodeCommand(c)));
          expect(parseChunks(cutAt(wire, fractions), limits), "parse(encode(c)) = c").toEqual(
            commands,
          );
        },
      ),
      { seed, numRuns: 300 },
    );
  });
});
