// pnpm console --port PORT [--host H]   or   pnpm console --id N --config FILE
//
// An interactive console attached to one running node: its Raft status, log and state, fault
// switches (pause, cut), and any other line sent as a Redis command. Works with piped input too
// (one command a line), and never dies on a dropped connection: the next command reconnects.
// With piped input the exit code says whether every command went through: 1 if any could not
// reach the node, was not understood, or got an error reply (a script must be able to tell).
import { createInterface } from "node:readline";
import { connectClient, usable } from "@rafting/testkit/processes";
import type { Redis } from "ioredis";
import pc from "picocolors";
import {
  ConfigError,
  type LogEntryView,
  loadClusterConfig,
  type NodeStatus,
  nodeEntry,
} from "../src/index.ts";
import { formatLog, formatReply, formatState, formatStatus } from "./lib/console-format.ts";
import { LineError, splitLine } from "./lib/console-line.ts";
import { intFlag, parseFlags, usageError } from "./lib/flags.ts";
import { LineQueue } from "./lib/line-queue.ts";
import { errorLine } from "./lib/redis-client.ts";

const program = "console";
const usage = "usage: pnpm console --port PORT [--host HOST] | --id N --config FILE";
const watchEveryMs = 500;
const commandTimeoutMs = 10_000;

const help = [
  `${pc.bold("status")}             role, term, leader, commit index, last applied, links to peers`,
  `${pc.bold("log")} [n]            the last n log entries (default 10)`,
  `${pc.bold("state")}              the key-value state this node has applied`,
  `${pc.bold("pause")} / ${pc.bold("resume")}     freeze the node (no ticks, peer traffic dropped) / thaw it`,
  `${pc.bold("cut")} <peer>         drop traffic to and from that peer; ${pc.bold("heal")} [peer] undoes it (all if none)`,
  `${pc.bold("watch")}              status every ${watchEveryMs} ms until Enter`,
  `${pc.bold("clear")}              clear the screen`,
  `${pc.bold("help")}, ${pc.bold("quit")}`,
  `anything else is a Redis command: ${pc.dim(`set greeting "hello world"`)}  ${pc.dim("(!watch … sends WATCH itself)")}`,
];

/** The console's own commands and the arguments each takes: a wrong count gets its usage line. */
const commandUsage: Record<string, { readonly args: [number, number]; readonly usage: string }> = {
  status: { args: [0, 0], usage: "status" },
  log: { args: [0, 1], usage: "log [n]   (the last n entries, default 10)" },
  state: { args: [0, 0], usage: "state" },
  pause: { args: [0, 0], usage: "pause   (resume thaws the node)" },
  resume: { args: [0, 0], usage: "resume" },
  cut: { args: [1, 1], usage: "cut <peer id>   (drop traffic to and from that peer)" },
  heal: { args: [0, 1], usage: "heal [peer id]   (undo a cut; every cut if no peer)" },
  watch: { args: [0, 0], usage: "watch" },
  clear: { args: [0, 0], usage: "clear" },
};

/** A console line that is not a valid use of one of the console's own commands. */
class UsageProblem extends Error {}

interface Target {
  readonly host: string;
  readonly port: number;
}

class NodeConsole {
  private readonly target: Target;
  private readonly input: LineQueue;
  private readonly interactive: boolean;
  private client: Redis | undefined;
  /** The socket error behind a "Connection is closed" (ECONNREFUSED …), for the message. */
  private lastSocketError: string | undefined;
  /** Lines that failed (unreachable node, bad line, error reply): piped input exits 1 if any. */
  failures = 0;

  constructor(target: Target, input: LineQueue, interactive: boolean) {
    this.target = target;
    this.input = input;
    this.interactive = interactive;
  }

  /** Sends one command; a connection problem becomes a one-line error and a fresh client next time. */
  async call(args: readonly string[]): Promise<unknown> {
    if (this.client === undefined || !usable(this.client)) {
      this.client?.disconnect();
      this.client = connectClient(this.target.port, { host: this.target.host, commandTimeoutMs });
      this.lastSocketError = undefined;
      this.client.on("error", (cause: Error) => {
        this.lastSocketError = errorLine(cause);
      });
    }
    const [name = "", ...rest] = args;
    try {
      return await this.client.call(name, ...rest);
    } catch (cause) {
      if ((cause as Error).name === "ReplyError") throw cause;
      this.client.disconnect();
      this.client = undefined;
      const why = this.lastSocketError ?? errorLine(cause);
      throw new ConnectionProblem(
        `cannot reach ${this.target.host}:${this.target.port}: ${why} (reconnects on the next command)`,
      );
    }
  }

  close(): void {
    this.client?.disconnect();
  }

  async status(): Promise<NodeStatus> {
    return JSON.parse(String(await this.call(["RAFT.STATUS"]))) as NodeStatus;
  }

  /** One console line; every failure is printed, never thrown. */
  async run(line: string): Promise<"quit" | undefined> {
    let args: string[];
    try {
      args = splitLine(line);
    } catch (cause) {
      if (!(cause instanceof LineError)) throw cause;
      printError(`cannot read the line: ${cause.message}`);
      this.failures++;
      return undefined;
    }
    const [word = "", ...rest] = args;
    if (word === "") return undefined;
    try {
      return await this.dispatch(word, rest);
    } catch (cause) {
      printFailure(cause);
      this.failures++;
      return undefined;
    }
  }

  private async dispatch(word: string, rest: string[]): Promise<"quit" | undefined> {
    checkUsage(word.toLowerCase(), rest);
    switch (word.toLowerCase()) {
      case "quit":
      case "exit":
        return "quit";
      case "help":
        print(help);
        return undefined;
      case "status":
        print(formatStatus(await this.status()));
        return undefined;
      case "log":
        print(
          formatLog(JSON.parse(String(await this.call(["RAFT.LOG", ...rest]))) as LogEntryView[]),
        );
        return undefined;
      case "state":
        print(formatState((await this.call(["RAFT.STATE", ...rest])) as string[]));
        return undefined;
      case "pause":
      case "resume":
      case "cut":
      case "heal":
        print(formatReply(await this.call([`RAFT.${word.toUpperCase()}`, ...rest])));
        return undefined;
      case "watch":
        await this.watch();
        return undefined;
      case "clear":
        // console.clear() does nothing when stdout is not a terminal: piped output stays intact.
        console.clear();
        return undefined;
      default: {
        const command = word.startsWith("!") ? [word.slice(1), ...rest] : [word, ...rest];
        print(formatReply(await this.call(command)));
        return undefined;
      }
    }
  }

  /** Status every watchEveryMs until a line arrives (Enter) or the input ends. */
  private async watch(): Promise<void> {
    let shownLines = 0;
    if (this.interactive) console.log(pc.dim("watching: Enter stops"));
    while (!this.input.interrupted) {
      let lines: string[];
      try {
        lines = [
          pc.dim(new Date().toISOString().slice(11, 23)),
          ...formatStatus(await this.status()),
        ];
      } catch (cause) {
        lines = [pc.red(errorLine(cause))];
      }
      if (this.interactive && shownLines > 0) {
        process.stdout.moveCursor(0, -shownLines);
        process.stdout.clearScreenDown();
      }
      print(lines);
      shownLines = lines.length;
      await this.input.arrival(watchEveryMs);
    }
    this.input.takeEmptyLine();
  }
}

class ConnectionProblem extends Error {}

/** Throws a UsageProblem naming the command's usage if the argument count is wrong. */
function checkUsage(word: string, rest: readonly string[]): void {
  const spec = commandUsage[word];
  if (spec === undefined) return;
  const [min, max] = spec.args;
  if (rest.length >= min && rest.length <= max) return;
  throw new UsageProblem(`usage: ${spec.usage}`);
}

function print(lines: readonly string[]): void {
  for (const line of lines) console.log(line);
}

function printError(message: string): void {
  console.log(pc.red(`✗ ${message}`));
}

function printFailure(cause: unknown): void {
  if (cause instanceof ConnectionProblem || cause instanceof UsageProblem) {
    printError(cause.message);
    return;
  }
  const message = errorLine(cause);
  if ((cause as Error).name === "ReplyError") {
    // The first word is the contract: TRYAGAIN/CLUSTERDOWN were not applied; UNCERTAIN may have been.
    const color = /^(TRYAGAIN|CLUSTERDOWN) /.test(message)
      ? pc.yellow
      : /^UNCERTAIN /.test(message)
        ? pc.magenta
        : pc.red;
    console.log(color(`(error) ${message}`));
    return;
  }
  printError(message);
}

function targetFromFlags(): Target {
  const flags = parseFlags(program, usage, {
    port: { type: "string" },
    host: { type: "string" },
    id: { type: "string" },
    config: { type: "string" },
    help: { type: "boolean", short: "h" },
  });
  if (flags.help) {
    console.log(usage);
    process.exit(0);
  }
  if (flags.port !== undefined) {
    if (flags.id !== undefined || flags.config !== undefined) {
      usageError(program, "give --port or --id with --config, not both", usage);
    }
    const port = intFlag(program, usage, "port", flags.port, { min: 1, max: 65_535, fallback: 0 });
    return { host: flags.host ?? "127.0.0.1", port };
  }
  if (flags.id === undefined || flags.config === undefined) {
    usageError(program, "missing --port (or --id N --config FILE)", usage);
  }
  const id = intFlag(program, usage, "id", flags.id, { min: 1, max: 1_000_000, fallback: 0 });
  try {
    const client = nodeEntry(loadClusterConfig(flags.config), id).client;
    return { host: flags.host ?? client.host, port: client.port };
  } catch (cause) {
    if (cause instanceof ConfigError) usageError(program, cause.message, usage);
    throw cause;
  }
}

async function main(): Promise<void> {
  const target = targetFromFlags();
  const interactive = process.stdin.isTTY === true && process.stdout.isTTY === true;
  const rl = createInterface({
    input: process.stdin,
    output: process.stdout,
    terminal: interactive,
  });
  const input = new LineQueue(rl);
  const session = new NodeConsole(target, input, interactive);
  rl.on("SIGINT", () => rl.close()); // Ctrl-C leaves, like Ctrl-D
  const where = `${target.host}:${target.port}`;
  try {
    const status = await session.status();
    console.log(pc.dim(`connected to node ${status.id} at ${where}; type help for the commands`));
    rl.setPrompt(`${pc.bold(`n${status.id}`)} ${pc.dim(String(target.port))}> `);
  } catch (cause) {
    printFailure(cause);
    session.failures++;
    rl.setPrompt(`${pc.dim(where)}> `);
  }
  for (;;) {
    if (interactive) rl.prompt();
    const line = await input.next();
    if (line === undefined) break;
    if (!interactive && line.trim() !== "") console.log(pc.dim(`> ${line}`));
    if ((await session.run(line)) === "quit") break;
  }
  session.close();
  rl.close();
  if (!interactive && session.failures > 0) process.exitCode = 1;
}

main().catch((cause: unknown) => {
  console.error(
    `${program}: ${cause instanceof Error ? (cause.stack ?? cause.message) : String(cause)}`,
  );
  process.exit(1);
});
