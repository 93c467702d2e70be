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
  throw new Error("not implemented: runAdmin (RAFT.STATUS, STATE, LOG, PAUSE, RESUME, CUT, HEAL)");
}

