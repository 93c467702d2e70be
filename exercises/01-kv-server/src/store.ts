// The key-value state machine: one command in, one reply out, nothing else. No I/O, no clock, no
// randomness, so every replica that applies the same commands in the same order ends in the same
// state with the same replies: this is the state machine Raft replicates from stage 05 on.
import {
  incrementOverflow,
  notAnInteger,
  syntaxError,
  unknownCommand,
  wrongArity,
} from "./errors.ts";
import { int64Max, parseInt64 } from "./integer.ts";
import { array, bulk, integer, ok, type Reply } from "./reply.ts";

/** A client command as its byte strings, e.g. ["SET", "x", "1"]; the name is case-insensitive. */
export type Command = readonly string[];

/** The data commands KvStore runs: the one list of them (COMMAND COUNT; a test holds apply to it). */
export const dataCommands: ReadonlySet<string> = new Set([
  "GET",
  "SET",
  "DEL",
  "EXISTS",
  "INCR",
  "MGET",
  "DBSIZE",
]);


/** True for commands that never change the state (GET, MGET, EXISTS, DBSIZE). */
export function isReadOnly(command: Command): boolean {
  throw new Error("not implemented: isReadOnly (GET, MGET, EXISTS and DBSIZE only read)");
}

export class KvStore {

  /** Runs one command. Bad commands get an error reply and leave the state as it was. */
  apply(command: Command): Reply {
    throw new Error("not implemented: KvStore.apply (look the name up case-insensitively, check the arity, run it)");
  }

  /** Every [key, value] pair, sorted by key (byte order): for display and comparing replicas. */
  entries(): [string, string][] {
    throw new Error("not implemented: KvStore.entries (sorted [key, value] pairs)");
  }
}
