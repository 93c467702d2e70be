// A node restarted on a log damaged in the MIDDLE (synced records follow the bad one) must refuse
// to start, naming the log file and the bad record's byte offset, and leave the file as it is:
// the node acknowledged those later entries, a leader counted them, and silently dropping them
// could lose committed writes (stage 03: damage in the middle is not a torn tail).
import { readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { describe, expect, test } from "vitest";
import { realTimeTestMs } from "./helpers.ts";
import { exitOf, ProcessCluster, startNodeProcess } from "./processes.ts";

/** Byte offsets where each record of a stage-03 log file starts (length field at offset + 4). */
function recordStarts(log: Buffer): number[] {
  const starts: number[] = [];
  for (let at = 0; at + 8 <= log.length; at += 8 + log.readUInt32LE(at + 4)) starts.push(at);
  return starts;
}

/** A one-node cluster with some committed writes, killed; returns it and its log's path and bytes. */
async function nodeWithLog() {
  const cluster = await ProcessCluster.create({ size: 1 });
  cluster.start(1);
  await cluster.waitForLeader();
  const client = cluster.client(1);
  for (let i = 0; i < 12; i++) {
    expect(await client.set(`key${i}`, `value-${i}`), "a one-node cluster commits alone").toBe(
      "OK",
    );
  }
  client.disconnect();
  await cluster.kill(1);
  const logPath = join(cluster.dir, "data", "node-1", "log");
  return { cluster, logPath, bytes: readFileSync(logPath) };
}

/** Restarts node 1 on the damaged log; it must exit by itself. */
async function restart(cluster: ProcessCluster) {
  const node = await startNodeProcess(["--id", "1", "--config", cluster.configPath(1)]);
  const exit = await exitOf(node);
  return { ...exit, output: node.output };
}

describe("a node restarted on a log damaged in the middle", { timeout: realTimeTestMs }, () => {
  test("a flipped byte in a middle record: exit 1, the message names the log file and the record's offset, the file is untouched", async () => {
    const { cluster, logPath, bytes } = await nodeWithLog();
    const starts = recordStarts(bytes);
    expect(starts.length, "12 writes (and the leader's no-op) are records").toBeGreaterThan(10);
    const bad = starts[Math.floor(starts.length / 2)]!;
    const damaged = Buffer.from(bytes);
    damaged[bad + 20]! ^= 0xff; // inside the payload (the term): the checksum no longer matches
    writeFileSync(logPath, damaged);
    const result = await restart(cluster);
    expect(
      result.code,
      `stage 03: damage with valid records after it is not a torn tail: never start\n${result.output}`,
    ).toBe(1);
    expect(result.output, "the message names the log file").toContain(logPath);
    expect(result.output, `the message names the bad record's byte offset (${bad})`).toMatch(
      new RegExp(`offset ${bad}\\b`),
    );
    expect(
      readFileSync(logPath).equals(damaged),
      "refusing to start leaves the log as it is (nothing truncated): a human decides",
    ).toBe(true);
  });

  test("a middle record's length field pointing past the end of the file: refused too (scan, don't trust the length)", async () => {
    const { cluster, logPath, bytes } = await nodeWithLog();
    const starts = recordStarts(bytes);
    const bad = starts[Math.floor(starts.length / 2)]!;
    const damaged = Buffer.from(bytes);
    damaged.writeUInt32LE(bytes.length * 2, bad + 4);
    writeFileSync(logPath, damaged);
    const result = await restart(cluster);
    expect(
      result.code,
      `a length past the end is a torn tail only for the last record: never start\n${result.output}`,
    ).toBe(1);
    expect(result.output, "the message names the log file and the offset").toMatch(
      new RegExp(`${logPath.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")}.*offset ${bad}\\b`),
    );
    expect(readFileSync(logPath).equals(damaged), "the log is left as it is").toBe(true);
  });
});
