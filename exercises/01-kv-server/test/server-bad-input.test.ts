// What a server owes clients that send garbage: an error reply, and either the connection stays
// usable (a bad command) or it is closed (broken framing); other clients never notice.
import { connect as netConnect, type Socket } from "node:net";
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, onTestFinished, test } from "vitest";
import { connect, startServer, waitMs } from "./server-helpers.ts";

/** A raw TCP connection: write exact bytes, read exact bytes. */
class RawClient {
  private received = "";
  private closed = false;
  private wake: () => void = () => {};
  private readonly socket: Socket;

  private constructor(socket: Socket) {
    this.socket = socket;
    socket.on("data", (chunk: Buffer) => {
      this.received += chunk.toString("latin1");
      this.wake();
    });
    socket.on("close", () => {
      this.closed = true;
      this.wake();
    });
    socket.on("error", () => {});
  }

  static async open(port: number): Promise<RawClient> {
    const socket = netConnect({ host: "127.0.0.1", port });
    onTestFinished(() => void socket.destroy());
    await new Promise<void>((resolve, reject) => {
      socket.once("connect", resolve);
      socket.once("error", reject);
    });
    return new RawClient(socket);
  }

  send(text: string): void {
    this.socket.write(Buffer.from(text, "latin1"));
  }

  /** The next `length` bytes the server sends (fewer if it closes first). */
  async read(length: number): Promise<string> {
    await this.until(() => this.received.length >= length || this.closed, `${length} bytes`);
    const text = this.received.slice(0, length);
    this.received = this.received.slice(length);
    return text;
  }

  /** Resolves true once the server has closed the connection. */
  async isClosed(): Promise<boolean> {
    await this.until(() => this.closed, "the server to close the connection").catch(() => {});
    return this.closed;
  }

  private until(done: () => boolean, what: string): Promise<void> {
    return new Promise((resolve, reject) => {
      const timer = setTimeout(() => {
        reject(new Error(`waited ${waitMs} ms for ${what}; got ${JSON.stringify(this.received)}`));
      }, waitMs);
      const check = () => {
        if (!done()) return;
        clearTimeout(timer);
        resolve();
      };
      this.wake = check;
      check();
    });
  }
}

describe("bad commands keep the connection", () => {
  test("inline commands work, as telnet sends them", async () => {
    const { port } = await startServer();
    const raw = await RawClient.open(port);
    raw.send("PING\r\nSET greeting hello\nGET greeting\r\n");
    const expected = "+PONG\r\n+OK\r\n$5\r\nhello\r\n";
    expect(await raw.read(expected.length), "RESP inline commands, answered in order").toBe(
      expected,
    );
  });

  test("an unknown command gets -ERR and the connection stays usable", async () => {
    const { port } = await startServer();
    const raw = await RawClient.open(port);
    raw.send("*2\r\n$3\r\nFOO\r\n$3\r\nbar\r\n");
    const error = "-ERR unknown command 'FOO', with args beginning with: 'bar' \r\n";
    expect(await raw.read(error.length), "Redis: unknown command error").toBe(error);
    raw.send("*1\r\n$4\r\nPING\r\n");
    expect(await raw.read(7), "a bad command does not break the connection").toBe("+PONG\r\n");
  });

  test("pipelined raw commands, good and bad, are answered one by one in order", async () => {
    const { port } = await startServer();
    const raw = await RawClient.open(port);
    raw.send("INCR n\r\nGET\r\nINCR n\r\nECHO\r\nPING hi\r\n");
    const expected = [
      ":1\r\n",
      "-ERR wrong number of arguments for 'get' command\r\n",
      ":2\r\n",
      "-ERR wrong number of arguments for 'echo' command\r\n",
      "$2\r\nhi\r\n",
    ].join("");
    expect(await raw.read(expected.length), "one reply per command, in order").toBe(expected);
  });

  test("HELLO 3 gets NOPROTO, and QUIT replies +OK then closes", async () => {
    const { port } = await startServer();
    const raw = await RawClient.open(port);
    raw.send("HELLO 3\r\n");
    const noProto = "-NOPROTO unsupported protocol version\r\n";
    expect(await raw.read(noProto.length), "RESP2-only: a client falls back on NOPROTO").toBe(
      noProto,
    );
    raw.send("QUIT\r\n");
    expect(await raw.read(5), "QUIT: +OK first").toBe("+OK\r\n");
    expect(await raw.isClosed(), "QUIT: then the server closes the connection").toBe(true);
  });
});

describe("broken framing closes only that connection", () => {
  test.each([
    ["a non-bulk element in an array", "*1\r\n+PING\r\n", "expected '$', got '+'"],
    ["a bad array count", "*one\r\n", "invalid multibulk length"],
    ["a bulk string longer than announced", "*1\r\n$3\r\nPINGG\r\n", "bulk string not followed"],
  ])("%s: -ERR Protocol error, then close", async (_what, wire, message) => {
    const { port } = await startServer();
    const bystander = connect(port);
    await bystander.set("k", "v");
    const raw = await RawClient.open(port);
    raw.send(wire);
    const reply = await raw.read(200);
    expect(reply, "broken framing gets one '-ERR Protocol error: …' reply").toMatch(
      /^-ERR Protocol error: .*\r\n$/,
    );
    expect(reply, "the error says what is wrong").toContain(message);
    expect(await raw.isClosed(), "a stream out of sync cannot be recovered: close it").toBe(true);
    expect(await bystander.get("k"), "other clients are unaffected").toBe("v");
  });

  test("a bulk string over maxBulkBytes is refused from its header and the connection closed", async () => {
    const { port } = await startServer({ maxBulkBytes: 1024 });
    const bystander = connect(port);
    const raw = await RawClient.open(port);
    raw.send("*3\r\n$3\r\nSET\r\n$1\r\nk\r\n$2048\r\n");
    const reply = await raw.read(200);
    expect(reply, "limit exceeded: a protocol error, as Redis says it").toBe(
      "-ERR Protocol error: invalid bulk length\r\n",
    );
    expect(await raw.isClosed(), "the oversized request's connection is closed").toBe(true);
    expect(await bystander.set("k", "x".repeat(1000)), "values within the limit still work").toBe(
      "OK",
    );
  });

  test("an endless inline line is cut off at the inline limit", async () => {
    const { port } = await startServer({ maxInlineBytes: 1024 });
    const raw = await RawClient.open(port);
    raw.send("x".repeat(4096));
    expect(await raw.read(200), "no newline within maxInlineBytes: protocol error").toBe(
      "-ERR Protocol error: too big inline request\r\n",
    );
    expect(await raw.isClosed(), "and the connection is closed").toBe(true);
  });

  test.each(testSeeds(2))("random garbage never stops the server (seed %i)", async (seed) => {
    const { port } = await startServer({ maxBulkBytes: 256, maxInlineBytes: 256 });
    const random = seededRandom(seed);
    const tokens = ["*", "$", "\r\n", "-1", "3", "99999", "PING", "SET a", "INCR", " ", "\x00"];
    const raws = await Promise.all(Array.from({ length: 10 }, () => RawClient.open(port)));
    for (const raw of raws) {
      const parts = Array.from({ length: random.int(1, 60) }, () =>
        random.chance(0.8) ? random.pick(tokens) : String.fromCharCode(random.int(0, 256)),
      );
      raw.send(parts.join(""));
    }
    const client = connect(port);
    expect(await client.ping(), `the server survives any input (${rerunHint(seed)})`).toBe("PONG");
    expect(await client.incr("n"), `and still serves commands (${rerunHint(seed)})`).toBe(1);
  });
});
