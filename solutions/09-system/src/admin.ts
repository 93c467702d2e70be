// Admin commands on the client port, for the console, the tests and curious humans:
//   RAFT.STATUS          JSON: id, role, term, leader, commitIndex, lastApplied, logLength, tail, peers …
//   RAFT.STATE           the state machine's key-value pairs, flat: key1 value1 key2 value2 …
//   RAFT.LOG [n]         JSON: the last n log entries (default 10) as {index, term, command}
//   RAFT.PAUSE           stop ticking and drop peer traffic (a frozen node); RAFT.RESUME undoes it
//   RAFT.CUT <peer>      drop traffic to and from that peer, both ways (sockets stay open)
//   RAFT.HEAL [peer]     undo RAFT.CUT for that peer, or for every peer
//   RAFT.EVENTS [after]  JSON: the peer messages sent and received since event number `after`
//                        (event-stream.ts; for `pnpm viewer --live`)
//   RAFT.CRASH           the node program dies at once, as with kill -9 (only where it allows it)
import { array, bulk, error, ok, type Reply } from "#kv";

export interface LogEntryView {
  readonly index: number;
  readonly term: number;
  readonly command: readonly string[];
}

/** What an admin command can ask of a node. */
export interface AdminTarget {
  status(): object;
  state(): [string, string][];
  logTail(count: number): LogEntryView[];
  pause(): void;
  resume(): void;
  cut(peer: number): void;
  heal(peer: number | undefined): void;
  readonly peers: readonly number[];
  /** RAFT.EVENTS: the recent peer messages after event number `after` (EventsPage). */
  events?(after: number): object;
  /** RAFT.CRASH: absent where a crash would take more than this node down (in-process nodes). */
  crash?(): void;
  /** A later stage's RAFT.* commands (stage 11: RAFT.TRANSFER); undefined: not one of them. */
  extra?(command: readonly string[]): Reply | undefined;
}

export const maxLogEntriesShown = 1000;

export function isAdminCommand(command: readonly string[]): boolean {
  return (command[0] ?? "").toUpperCase().startsWith("RAFT.");
}

export function runAdmin(command: readonly string[], target: AdminTarget): Reply {
  const extra = target.extra?.(command);
  if (extra !== undefined) return extra;
  // solution:begin
  const [name = "", ...args] = command;
  switch (name.toUpperCase()) {
    case "RAFT.STATUS":
      return args.length === 0 ? bulk(JSON.stringify(target.status())) : arity(name);
    case "RAFT.STATE":
      return args.length === 0 ? array(target.state().flat().map(bulk)) : arity(name);
    case "RAFT.LOG": {
      if (args.length > 1) return arity(name);
      const count = args[0] === undefined ? 10 : count1(args[0]);
      if (count === undefined) return error(`ERR RAFT.LOG count must be 1..${maxLogEntriesShown}`);
      return bulk(JSON.stringify(target.logTail(count)));
    }
    case "RAFT.PAUSE":
      if (args.length > 0) return arity(name);
      target.pause();
      return ok;
    case "RAFT.RESUME":
      if (args.length > 0) return arity(name);
      target.resume();
      return ok;
    case "RAFT.CUT":
    case "RAFT.HEAL":
      return cutOrHeal(name.toUpperCase(), args, target);
    case "RAFT.EVENTS":
      return events(name, args, target);
    case "RAFT.CRASH":
      if (args.length > 0) return arity(name);
      if (target.crash === undefined) return error("ERR RAFT.CRASH is off for this node");
      target.crash();
      return ok;
    default:
      return error(
        `ERR unknown admin command '${name.slice(0, 64)}' (RAFT.STATUS, RAFT.STATE, RAFT.LOG, RAFT.PAUSE, RAFT.RESUME, RAFT.CUT, RAFT.HEAL, RAFT.EVENTS, RAFT.CRASH)`,
      );
  }
  // solution:end
  // starter: throw new Error("not implemented: runAdmin (RAFT.STATUS, STATE, LOG, PAUSE, RESUME, CUT, HEAL)");
}

// solution:begin
function arity(name: string): Reply {
  return error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

function count1(text: string): number | undefined {
  const n = /^[0-9]{1,6}$/.test(text) ? Number(text) : 0;
  return n >= 1 && n <= maxLogEntriesShown ? n : undefined;
}

function events(name: string, args: readonly string[], target: AdminTarget): Reply {
  if (args.length > 1) return arity(name);
  if (target.events === undefined) return error("ERR RAFT.EVENTS is off for this node");
  const after = args[0] === undefined ? 0 : /^[0-9]{1,15}$/.test(args[0]) ? Number(args[0]) : -1;
  if (after < 0) return error("ERR RAFT.EVENTS takes an event number (0 or more)");
  return bulk(JSON.stringify(target.events(after)));
}

function cutOrHeal(name: string, args: readonly string[], target: AdminTarget): Reply {
  if (args.length > 1 || (name === "RAFT.CUT" && args.length === 0)) return arity(name);
  if (args[0] === undefined) {
    target.heal(undefined);
    return ok;
  }
  const peer = /^[0-9]{1,15}$/.test(args[0]) ? Number(args[0]) : Number.NaN;
  if (!target.peers.includes(peer)) {
    return error(`ERR ${args[0].slice(0, 32)} is not a peer (peers: ${target.peers.join(", ")})`);
  }
  if (name === "RAFT.CUT") target.cut(peer);
  else target.heal(peer);
  return ok;
}
// solution:end
