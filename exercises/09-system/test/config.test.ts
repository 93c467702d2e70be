// The cluster file and the flags: a node must refuse a bad configuration with one clear line.
import { mkdtempSync, rmSync, writeFileSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { describe, expect, onTestFinished, test } from "vitest";
import {
  ConfigError,
  loadClusterConfig,
  nodeEntry,
  parseClusterConfig,
  parseNodeArgs,
} from "#stage";

const nodes = [
  { id: 1, client: "127.0.0.1:7001", peer: "127.0.0.1:7101" },
  { id: 2, client: "127.0.0.1:7002", peer: "127.0.0.1:7102" },
  { id: 3, client: "7003", peer: 7103 },
];

function problem(run: () => unknown): string {
  try {
    run();
  } catch (cause) {
    expect(
      cause,
      "configuration problems are ConfigErrors (the node exits 2 on them)",
    ).toBeInstanceOf(ConfigError);
    const message = (cause as Error).message;
    expect(message.includes("\n"), "one line names the problem").toBe(false);
    return message;
  }
  throw new Error("expected a ConfigError, nothing was thrown");
}

describe("cluster file", () => {
  test("a good file: defaults filled in, 127.0.0.1 by default, dataDir relative to the file", () => {
    const config = parseClusterConfig({ secret: "s", nodes }, "/etc/raft");
    expect(config.tickMs, "default tickMs").toBe(20);
    expect(config.electionTicks, "default electionTicks (500-1000 ms timeouts)").toBe(25);
    expect(config.heartbeatTicks, "default heartbeatTicks").toBe(3);
    expect(config.dataDir, "dataDir is resolved against the config file's folder").toBe(
      "/etc/raft/data",
    );
    expect(nodeEntry(config, 3), "a bare port means 127.0.0.1").toEqual({
      id: 3,
      client: { host: "127.0.0.1", port: 7003 },
      peer: { host: "127.0.0.1", port: 7103 },
    });
  });

  test("each kind of mistake is named", () => {
    const base = { secret: "s", nodes };
    expect(
      problem(() => parseClusterConfig({ nodes }, "/")),
      "missing secret",
    ).toMatch(/secret/);
    expect(
      problem(() => parseClusterConfig({ ...base, secret: "" }, "/")),
      "empty secret",
    ).toMatch(/secret/);
    const dupPort = [...nodes, { id: 4, client: "127.0.0.1:7002", peer: "127.0.0.1:7104" }];
    expect(
      problem(() => parseClusterConfig({ ...base, nodes: dupPort }, "/")),
      "two nodes cannot listen on one port",
    ).toMatch(/duplicate address 127\.0\.0\.1:7002/);
    const dupId = [...nodes, { id: 2, client: "7005", peer: "7105" }];
    expect(
      problem(() => parseClusterConfig({ ...base, nodes: dupId }, "/")),
      "ids are unique",
    ).toMatch(/duplicate node id 2/);
    expect(
      problem(() => parseClusterConfig({ ...base, heartbeatTicks: 30 }, "/")),
      "§5.6 broadcastTime ≪ electionTimeout: heartbeats must come before elections",
    ).toMatch(/heartbeatTicks/);
    expect(
      problem(() => parseClusterConfig({ ...base, tikMs: 5 }, "/")),
      "a typo is caught",
    ).toMatch(/unknown key 'tikMs'/);
    expect(
      problem(() =>
        parseClusterConfig({ ...base, nodes: [{ id: 1, client: "x:99999", peer: 1 }] }, "/"),
      ),
      "ports are 1-65535",
    ).toMatch(/port/);
    const config = parseClusterConfig(base, "/");
    expect(
      problem(() => nodeEntry(config, 9)),
      "an id not in the cluster",
    ).toMatch(/unknown node id 9/);
  });

  test("unreadable file and bad JSON are named with the path", () => {
    const dir = mkdtempSync(join(tmpdir(), "raft-config-"));
    onTestFinished(() => rmSync(dir, { recursive: true, force: true }));
    const missing = join(dir, "missing.json");
    expect(
      problem(() => loadClusterConfig(missing)),
      "unreadable file",
    ).toContain(missing);
    const bad = join(dir, "bad.json");
    writeFileSync(bad, "{ nodes: ");
    expect(
      problem(() => loadClusterConfig(bad)),
      "bad JSON",
    ).toMatch(/not valid JSON/);
  });

  test("flags: --id and --config required, --id a positive integer, unknown flags refused", () => {
    expect(parseNodeArgs(["--id", "2", "--config", "c.json"]), "good flags").toEqual({
      id: 2,
      configPath: "c.json",
      dataDir: undefined,
    });
    expect(
      problem(() => parseNodeArgs(["--config", "c.json"])),
      "missing --id",
    ).toMatch(/--id/);
    expect(
      problem(() => parseNodeArgs(["--id", "x", "--config", "c"])),
      "bad --id",
    ).toMatch(/--id/);
    expect(
      problem(() => parseNodeArgs(["--id", "1", "--config", "c", "--port", "1"])),
      "unknown flag",
    ).toMatch(/port/);
  });
});
