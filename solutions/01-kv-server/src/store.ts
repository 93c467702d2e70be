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

// solution:begin
type Data = Map<string, string>;

interface CommandSpec {
  /**
   * Redis's arity convention, counting the name: n means exactly n parts, -n means at least n.
   * GET key is 2; DEL key [key …] is -2.
   */
  readonly arity: number;
  readonly readOnly: boolean;
  readonly run: (data: Data, args: readonly string[]) => Reply;
}

const commands: ReadonlyMap<string, CommandSpec> = new Map<string, CommandSpec>([
  ["GET", { arity: 2, readOnly: true, run: (data, [key]) => bulk(data.get(key!) ?? null) }],
  ["SET", { arity: -3, readOnly: false, run: set }],
  ["DEL", { arity: -2, readOnly: false, run: del }],
  ["EXISTS", { arity: -2, readOnly: true, run: exists }],
  ["INCR", { arity: 2, readOnly: false, run: (data, [key]) => incr(data, key!) }],
  ["MGET", { arity: -2, readOnly: true, run: mget }],
  ["DBSIZE", { arity: 1, readOnly: true, run: (data) => integer(data.size) }],
]);

function lookup(command: Command): CommandSpec | undefined {
  const name = command[0];
  return name === undefined ? undefined : commands.get(name.toUpperCase());
}

function arityFits(arity: number, parts: number): boolean {
  return arity >= 0 ? parts === arity : parts >= -arity;
}

/** DEL key [key …]: how many of the keys existed (and are gone now). */
function del(data: Data, keys: readonly string[]): Reply {
  let deleted = 0;
  for (const key of keys) if (data.delete(key)) deleted++;
  return integer(deleted);
}

/** EXISTS key [key …]: how many of the keys exist; a key named twice counts twice. */
function exists(data: Data, keys: readonly string[]): Reply {
  let found = 0;
  for (const key of keys) if (data.has(key)) found++;
  return integer(found);
}

/** MGET key [key …]: each value, nil for a missing key. */
function mget(data: Data, keys: readonly string[]): Reply {
  return array(keys.map((key) => bulk(data.get(key) ?? null)));
}

/** SET key value [NX | XX]: NX only sets a missing key, XX only an existing one (nil otherwise). */
function set(data: Data, [key, value, ...options]: readonly string[]): Reply {
  let condition: "NX" | "XX" | undefined;
  for (const option of options) {
    const upper = option.toUpperCase();
    if ((upper !== "NX" && upper !== "XX") || (condition !== undefined && condition !== upper))
      return syntaxError;
    condition = upper;
  }
  const exists = data.has(key!);
  if ((condition === "NX" && exists) || (condition === "XX" && !exists)) return bulk(null);
  data.set(key!, value!);
  return ok;
}

/** INCR key: a missing key counts as 0; the result must stay a signed 64-bit integer. */
function incr(data: Data, key: string): Reply {
  const current = data.get(key);
  const value = current === undefined ? 0n : parseInt64(current);
  if (value === undefined) return notAnInteger;
  if (value === int64Max) return incrementOverflow;
  const next = value + 1n;
  data.set(key, next.toString());
  return integer(next);
}
// solution:end

/** True for commands that never change the state (GET, MGET, EXISTS, DBSIZE). */
export function isReadOnly(command: Command): boolean {
  // solution:begin
  return lookup(command)?.readOnly ?? false;
  // solution:end
  // starter: throw new Error("not implemented: isReadOnly (GET, MGET, EXISTS and DBSIZE only read)");
}

export class KvStore {
  // solution:begin
  private readonly data: Data = new Map();
  // solution:end

  /** Runs one command. Bad commands get an error reply and leave the state as it was. */
  apply(command: Command): Reply {
    // solution:begin
    const spec = lookup(command);
    if (spec === undefined) return unknownCommand(command);
    if (!arityFits(spec.arity, command.length)) return wrongArity(command[0]!);
    return spec.run(this.data, command.slice(1));
    // solution:end
    // starter: throw new Error("not implemented: KvStore.apply (look the name up case-insensitively, check the arity, run it)");
  }

  /** Every [key, value] pair, sorted by key (byte order): for display and comparing replicas. */
  entries(): [string, string][] {
    // solution:begin
    return [...this.data.entries()].sort(([a], [b]) => (a < b ? -1 : a > b ? 1 : 0));
    // solution:end
    // starter: throw new Error("not implemented: KvStore.entries (sorted [key, value] pairs)");
  }
}
