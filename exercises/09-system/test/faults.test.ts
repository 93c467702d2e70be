// The node program against bad input: bad configuration, a damaged data directory, strangers and
// garbage on the peer port. Each must cost one clear line (or one connection), never the cluster.
import { appendFileSync, readFileSync, writeFileSync } from "node:fs";
import { connect } from "node:net";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { realTimeTestMs, tempDir, waitFor } from "./helpers.ts";
import { exitOf, ProcessCluster, startNodeProcess } from "./processes.ts";
import { waitUntilAsync } from "./writers.ts";

/** Runs the node program to its exit; it must not start. */
async function refusal(args: string[]) {
  const node = await startNodeProcess(args);
  const exit = await exitOf(node);
  const lines = node.output.trim().split("\n");
  return { ...exit, lines };
}

describe("the node program refuses to start on bad input", { timeout: realTimeTestMs }, () => {
  test("a bad configuration or flag: exit code 2 and one line naming the problem", async () => {
    const dir = tempDir("raft-config-");
    const good = {
      secret: "s",
      nodes: [
        { id: 1, client: "127.0.0.1:7001", peer: "127.0.0.1:7101" },
        { id: 2, client: "127.0.0.1:7002", peer: "127.0.0.1:7102" },
      ],
    };
    const file = (name: string, text: string) => {
      writeFileSync(join(dir, name), text);
      return join(dir, name);
    };
    const cases: [string, string[], RegExp][] = [
      [
        "an unknown node id",
        ["--id", "9", "--config", file("good.json", JSON.stringify(good))],
        /unknown node id 9/,
      ],
      ["bad JSON", ["--id", "1", "--config", file("bad.json", "{ nodes: [")], /not valid JSON/],
      ["an unreadable file", ["--id", "1", "--config", join(dir, "nope.json")], /nope\.json/],
      [
        "a missing secret",
        [
          "--id",
          "1",
          "--config",
          file("nosecret.json", JSON.stringify({ ...good, secret: undefined })),
        ],
        /secret/,
      ],
      [
        "duplicate ports",
        [
          "--id",
          "1",
          "--config",
          file(
            "dup.json",
            JSON.stringify({
              ...good,
              nodes: [good.nodes[0], { ...good.nodes[1], client: "127.0.0.1:7001" }],
            }),
          ),
        ],
        /duplicate address/,
      ],
      ["a bad flag", ["--id", "1", "--config", join(dir, "good.json"), "--bogus"], /bogus/],
    ];
    const results = await Promise.all(cases.map(([, args]) => refusal(args)));
    cases.forEach(([what, , pattern], i) => {
      const result = results[i]!;
      expect(
        result.code,
        `${what}: exit code 2 means "fix your configuration"\n${result.lines.join("\n")}`,
      ).toBe(2);
      expect(result.lines, `${what}: exactly one line of explanation`).toHaveLength(1);
      expect(result.lines[0], `${what}: the line names the problem`).toMatch(pattern);
    });
  });

  test("a log damaged in the middle refuses to start (exit 1); a torn tail is cut off and logged", async () => {
    const cluster = await ProcessCluster.create({ size: 1 });
    cluster.start(1);
    await cluster.waitForLeader();
    const client = cluster.client(1);
    for (let i = 0; i < 5; i++)
      expect(await client.set(`k${i}`, `v${i}`), "a one-node cluster commits alone").toBe("OK");
    client.disconnect();
    await cluster.kill(1);
    const logPath = join(cluster.dir, "data", "node-1", "log");

    appendFileSync(logPath, Buffer.from([0x00, 0x00, 0x01]));
    const torn = cluster.start(1);
    await cluster.waitForLeader();
    expect(torn.output, "a torn tail (an unfinished last write) is recovered, and said so").toMatch(
      /torn tail/,
    );
    expect(await cluster.client(1).get("k4"), "every synced entry survives the recovery").toBe(
      "v4",
    );
    await cluster.kill(1);

    const bytes = readFileSync(logPath);
    bytes[12] = (bytes[12] ?? 0) ^ 0xff; // inside the first record: valid records follow it
    writeFileSync(logPath, bytes);
    const damaged = await refusal(["--id", "1", "--config", cluster.configPath(1)]);
    expect(
      damaged.code,
      `damage in the middle of the log: exit 1, never start\n${damaged.lines.join("\n")}`,
    ).toBe(1);
    expect(damaged.lines.join("\n"), "the message names the file and the byte offset").toMatch(
      /log.*byte offset \d+/,
    );
  });
});

describe("strangers and garbage on the peer port", { timeout: realTimeTestMs }, () => {
  test("a node with the wrong secret is refused and logged; the others keep serving", async () => {
    const cluster = await ProcessCluster.create({ size: 3, secrets: { 3: "wrong-secret" } });
    cluster.startAll();
    const leader = await cluster.waitForLeader([1, 2]);
    await waitFor("a refusal in the log of node 1 or 2", () =>
      [1, 2].some((id) => /refused peer connection .*node 3/.test(cluster.nodes.get(id)!.output))
        ? true
        : undefined,
    );
    const lines = cluster.nodes
      .get(leader)!
      .output.split("\n")
      .filter((line) => /refused/.test(line));
    expect(lines.length, "each refused connection is one line").toBeGreaterThan(0);
    expect(
      await cluster.client(1).set("x", "1"),
      "nodes 1 and 2 are a majority and keep serving",
    ).toBe("OK");
    expect(
      (await cluster.status(3)).leader,
      "node 3 never hears a leader it could trust",
    ).toBeNull();
  });

  test("a malformed or oversized frame drops that connection; the node carries on", async () => {
    const cluster = await ProcessCluster.create({ size: 3 });
    cluster.startAll();
    await cluster.waitForLeader();
    for (const garbage of [
      Buffer.from([0xff, 0xff, 0xff, 0xff, 1, 2, 3]),
      Buffer.from([0, 0, 0, 4, 1, 0x7b, 0x7b, 0x7b]),
    ]) {
      const socket = connect(cluster.peerPorts[0]!, "127.0.0.1");
      socket.on("error", () => {});
      socket.resume(); // read (and ignore) the challenge, so that 'close' can come
      socket.on("connect", () => socket.write(garbage));
      await new Promise<void>((resolve) => socket.once("close", () => resolve()));
    }
    await waitUntilAsync("node 1 logging the dropped connections", async () =>
      /dropped peer connection/.test(cluster.nodes.get(1)!.output),
    );
    expect(await cluster.client(1).set("after", "garbage"), "the node still serves").toBe("OK");
    expect(
      (await cluster.status(1)).peers["2"]?.inbound,
      "its real peer links were never touched",
    ).toBe(true);
  });
});
