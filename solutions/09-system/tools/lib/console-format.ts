// How the console shows what a node says: its status, its log, its state, any Redis reply.
import pc from "picocolors";
import type { LogEntryView, NodeStatus, PeerLinkStatus } from "../../src/index.ts";

export const maxStatePairsShown = 200;

export function formatStatus(status: NodeStatus): string[] {
  const leader = status.leader === null ? pc.yellow("none known") : `node ${status.leader}`;
  const lines = [
    `${pc.bold(`node ${status.id}`)}  ${formatRole(status.role)}  term ${pc.bold(String(status.term))}  leader ${leader}${status.paused ? `  ${pc.red(pc.bold("PAUSED"))}` : ""}`,
    `  commit index ${status.commitIndex}  last applied ${status.lastApplied}  log length ${status.logLength}  pending requests ${status.pendingRequests}`,
    pc.dim(`  clients on ${status.client}, peers on ${status.peer}`),
  ];
  for (const [peer, link] of Object.entries(status.peers)) {
    lines.push(`  peer ${peer}: ${formatLink(link)}`);
  }
  return lines;
}

function formatRole(role: string): string {
  if (role === "leader") return pc.green(pc.bold("leader"));
  if (role === "candidate") return pc.yellow("candidate");
  return pc.cyan(role);
}

function formatLink(link: PeerLinkStatus): string {
  if (link.cut) return pc.red(`cut (dropped ${link.droppedFrames} frames from it)`);
  if (link.outbound && link.inbound) return pc.green("linked both ways");
  if (link.outbound) return pc.yellow("we reach it, it does not reach us");
  if (link.inbound) return pc.yellow("it reaches us, we do not reach it");
  return pc.red("down");
}

export function formatLog(entries: readonly LogEntryView[]): string[] {
  if (entries.length === 0) return [pc.dim("(the log is empty)")];
  const width = String(entries.at(-1)?.index ?? 0).length;
  return entries.map(
    (entry) =>
      `  ${String(entry.index).padStart(width)}  ${pc.dim(`term ${entry.term}`)}  ${formatCommand(entry.command)}`,
  );
}

function formatCommand(command: readonly string[]): string {
  if (command.length === 0) return pc.dim("(no-op: a new leader's first entry)");
  return command.map(quoteIfNeeded).join(" ");
}

function quoteIfNeeded(arg: string): string {
  return /^[\x21-\x7e]+$/.test(arg) && !arg.includes('"') ? arg : JSON.stringify(arg);
}

export function formatState(flat: readonly string[]): string[] {
  const pairs = flat.length / 2;
  if (pairs === 0) return [pc.dim("(no keys)")];
  const lines: string[] = [];
  for (let i = 0; i < Math.min(pairs, maxStatePairsShown); i++) {
    lines.push(`  ${quoteIfNeeded(flat[2 * i] ?? "")} = ${JSON.stringify(flat[2 * i + 1] ?? "")}`);
  }
  if (pairs > maxStatePairsShown) lines.push(pc.dim(`  … and ${pairs - maxStatePairsShown} more`));
  lines.push(pc.dim(`(${pairs} keys)`));
  return lines;
}

/** A reply as redis-cli shows it; status words like OK bare, other strings quoted. */
export function formatReply(reply: unknown, indent = ""): string[] {
  if (reply === null || reply === undefined) return [pc.dim("(nil)")];
  if (typeof reply === "number") return [`(integer) ${reply}`];
  if (typeof reply === "string")
    return [/^(OK|PONG|QUEUED)$/.test(reply) ? reply : JSON.stringify(reply)];
  if (Buffer.isBuffer(reply)) return [JSON.stringify(reply.toString("latin1"))];
  if (Array.isArray(reply)) {
    if (reply.length === 0) return [pc.dim("(empty array)")];
    const width = String(reply.length).length;
    return reply.flatMap((item, i) => {
      const label = `${String(i + 1).padStart(width)}) `;
      const [first = "", ...rest] = formatReply(item, `${indent}${" ".repeat(label.length)}`);
      return [`${i === 0 ? "" : indent}${label}${first}`, ...rest];
    });
  }
  return [String(reply)];
}
