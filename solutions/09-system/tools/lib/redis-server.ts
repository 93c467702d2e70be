// A single durable Redis for comparison: appendonly yes, appendfsync always (an fsync before
// every reply, like a Raft node with one client), on a free loopback port with a temp dir.
import { type ChildProcess, spawn, spawnSync } from "node:child_process";
import { mkdtempSync, rmSync } from "node:fs";
import { tmpdir } from "node:os";
import { join } from "node:path";
import { connectClient, freePorts, sleep } from "@rafting/testkit/processes";

export function redisServerPath(): string | undefined {
  const found = spawnSync("which", ["redis-server"], { encoding: "utf8" });
  const path = found.stdout.trim();
  return found.status === 0 && path !== "" ? path : undefined;
}

export class RedisServer {
  readonly port: number;
  private readonly child: ChildProcess;
  private readonly dir: string;
  private readonly exited: Promise<void>;

  private constructor(path: string, port: number) {
    this.port = port;
    this.dir = mkdtempSync(join(tmpdir(), "rafting-bench-redis-"));
    this.child = spawn(
      path,
      [
        "--port",
        String(port),
        "--bind",
        "127.0.0.1",
        "--dir",
        this.dir,
        "--appendonly",
        "yes",
        "--appendfsync",
        "always",
        "--save",
        "",
        "--daemonize",
        "no",
        "--logfile",
        "",
      ],
      { stdio: "ignore" },
    );
    this.exited = new Promise((resolve) => this.child.once("exit", () => resolve()));
  }

  static async start(path: string, readyTimeoutMs = 5000): Promise<RedisServer> {
    const [port = 0] = await freePorts(1);
    const server = new RedisServer(path, port);
    const deadline = performance.now() + readyTimeoutMs;
    while (performance.now() < deadline) {
      const client = connectClient(port, { connectTimeoutMs: 200, commandTimeoutMs: 500 });
      try {
        if ((await client.ping()) === "PONG") return server;
      } catch {
        // not listening yet
      } finally {
        client.disconnect();
      }
      await sleep(20);
    }
    await server.stop();
    throw new Error(`redis-server did not answer PING within ${readyTimeoutMs} ms`);
  }

  async stop(graceMs = 3000): Promise<void> {
    if (this.child.exitCode === null && this.child.signalCode === null) {
      this.child.kill("SIGTERM");
      const timer = setTimeout(() => this.child.kill("SIGKILL"), graceMs);
      await this.exited;
      clearTimeout(timer);
    }
    rmSync(this.dir, { recursive: true, force: true });
  }
}
