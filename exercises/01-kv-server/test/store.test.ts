// The key-value state machine on its own: no sockets, just commands in and replies out.
import { rerunHint, seededRandom, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import {
  type Command,
  dataCommands,
  isCommandError,
  isReadOnly,
  KvStore,
  type Reply,
} from "#stage";

const OK: Reply = { type: "simple", value: "OK" };
const nil: Reply = { type: "bulk", value: null };
const bulk = (value: string): Reply => ({ type: "bulk", value });
const int = (value: number | bigint): Reply => ({ type: "integer", value });
const err = (message: string): Reply => ({ type: "error", message });
const notAnInteger = err("ERR value is not an integer or out of range");

/** A store that has run the given commands (their replies are checked elsewhere). */
function storeWith(...commands: Command[]): KvStore {
  const store = new KvStore();
  for (const command of commands) store.apply(command);
  return store;
}

describe("GET and SET", () => {
  test("SET stores a value that GET returns; GET of a missing key is nil", () => {
    const store = new KvStore();
    expect(store.apply(["SET", "x", "1"]), "SET key value replies +OK").toEqual(OK);
    expect(store.apply(["GET", "x"]), "GET returns what SET stored").toEqual(bulk("1"));
    expect(store.apply(["GET", "y"]), "GET of a missing key is the nil bulk ($-1)").toEqual(nil);
  });

  test("SET overwrites; command names are case-insensitive, keys are not", () => {
    const store = new KvStore();
    store.apply(["set", "k", "a"]);
    expect(store.apply(["SeT", "k", "b"]), "a command name matches in any case").toEqual(OK);
    expect(store.apply(["get", "k"]), "SET replaces the old value").toEqual(bulk("b"));
    expect(store.apply(["GET", "K"]), "keys are case-sensitive byte strings").toEqual(nil);
  });

  test("SET NX only sets a missing key, SET XX only an existing one; both answer nil otherwise", () => {
    const store = new KvStore();
    expect(store.apply(["SET", "k", "1", "XX"]), "XX on a missing key: nil, nothing set").toEqual(
      nil,
    );
    expect(store.apply(["GET", "k"]), "XX did not create the key").toEqual(nil);
    expect(store.apply(["SET", "k", "1", "nx"]), "NX on a missing key sets it").toEqual(OK);
    expect(store.apply(["SET", "k", "2", "NX"]), "NX on an existing key: nil").toEqual(nil);
    expect(store.apply(["SET", "k", "3", "XX"]), "XX on an existing key sets it").toEqual(OK);
    expect(
      store.apply(["GET", "k"]),
      "only the NX-on-missing and XX-on-existing SETs took effect",
    ).toEqual(bulk("3"));
  });

  test("SET with an unknown option is a syntax error and changes nothing", () => {
    const store = storeWith(["SET", "k", "old"]);
    expect(store.apply(["SET", "k", "new", "SOON"]), "Redis: unknown SET option").toEqual(
      err("ERR syntax error"),
    );
    expect(store.apply(["SET", "k", "new", "NX", "XX"]), "NX and XX exclude each other").toEqual(
      err("ERR syntax error"),
    );
    expect(store.apply(["GET", "k"]), "a failed command leaves the state as it was").toEqual(
      bulk("old"),
    );
  });
});

describe("DEL, EXISTS, MGET, DBSIZE", () => {
  test("DEL removes the keys and counts those that existed", () => {
    const store = storeWith(["SET", "a", "1"], ["SET", "b", "2"]);
    expect(
      store.apply(["DEL", "a", "missing", "b", "a"]),
      "DEL counts keys actually removed",
    ).toEqual(int(2));
    expect(store.apply(["GET", "a"]), "a deleted key is gone").toEqual(nil);
    expect(store.apply(["DEL", "a"]), "deleting a missing key counts 0").toEqual(int(0));
  });

  test("EXISTS counts existing keys, a key named twice counting twice", () => {
    const store = storeWith(["SET", "a", "1"], ["SET", "b", ""]);
    expect(store.apply(["EXISTS", "a", "b", "c", "a"]), "EXISTS a b c a = 1+1+0+1").toEqual(int(3));
    expect(store.apply(["EXISTS", "c"]), "a missing key does not exist").toEqual(int(0));
  });

  test("MGET returns each value in order, nil for missing keys", () => {
    const store = storeWith(["SET", "a", "1"], ["SET", "c", "3"]);
    expect(store.apply(["MGET", "a", "b", "c"]), "MGET: one bulk per key, nil if missing").toEqual({
      type: "array",
      items: [bulk("1"), nil, bulk("3")],
    });
  });

  test("DBSIZE counts the keys", () => {
    const store = new KvStore();
    expect(store.apply(["DBSIZE"]), "an empty store has 0 keys").toEqual(int(0));
    store.apply(["SET", "a", "1"]);
    store.apply(["SET", "b", "2"]);
    store.apply(["SET", "a", "3"]);
    store.apply(["INCR", "n"]);
    store.apply(["DEL", "b"]);
    expect(store.apply(["DBSIZE"]), "keys a and n remain").toEqual(int(2));
  });
});

describe("INCR", () => {
  test("INCR treats a missing key as 0 and stores the result as a decimal string", () => {
    const store = new KvStore();
    expect(store.apply(["INCR", "n"]), "INCR of a missing key gives 1").toEqual(int(1));
    expect(store.apply(["INCR", "n"]), "INCR adds one").toEqual(int(2));
    expect(store.apply(["GET", "n"]), "the counter is stored as a string").toEqual(bulk("2"));
    store.apply(["SET", "m", "-5"]);
    expect(store.apply(["INCR", "m"]), "negative values count up").toEqual(int(-4));
    store.apply(["SET", "z", "-1"]);
    expect(store.apply(["INCR", "z"]), "-1 + 1 is 0").toEqual(int(0));
    expect(store.apply(["GET", "z"]), "zero is stored as '0'").toEqual(bulk("0"));
  });

  test.each([
    ["abc"],
    [""],
    [" 1"],
    ["1 "],
    ["+1"],
    ["01"],
    ["-0"],
    ["1.5"],
    ["1e3"],
    ["0x10"],
    ["-"],
    ["9223372036854775808"],
    ["-9223372036854775809"],
    ["99999999999999999999"],
  ])("INCR of %j is an error and leaves the value", (value) => {
    const store = storeWith(["SET", "k", value]);
    expect(
      store.apply(["INCR", "k"]),
      `Redis reads counters as strict signed 64-bit decimals; '${value}' is not one`,
    ).toEqual(notAnInteger);
    expect(store.apply(["GET", "k"]), "a failed INCR leaves the value").toEqual(bulk(value));
  });

  test("INCR is exact over the whole 64-bit range and refuses to overflow", () => {
    const store = storeWith(
      ["SET", "big", "9223372036854775806"],
      ["SET", "low", "-9223372036854775808"],
    );
    expect(
      store.apply(["INCR", "big"]),
      "2^63-2 + 1 = 2^63-1, exactly (beyond JS numbers)",
    ).toEqual(int(9223372036854775807n));
    expect(store.apply(["GET", "big"]), "the stored counter is exact").toEqual(
      bulk("9223372036854775807"),
    );
    expect(store.apply(["INCR", "big"]), "Redis: INCR of 2^63-1 would overflow").toEqual(
      err("ERR increment or decrement would overflow"),
    );
    expect(store.apply(["GET", "big"]), "the overflowing INCR changed nothing").toEqual(
      bulk("9223372036854775807"),
    );
    expect(store.apply(["INCR", "low"]), "-2^63 is a valid 64-bit integer").toEqual(
      int(-9223372036854775807n),
    );
    store.apply(["SET", "safe", String(Number.MAX_SAFE_INTEGER - 1)]);
    expect(store.apply(["INCR", "safe"]), "results up to 2^53-1 are plain numbers").toEqual(
      int(Number.MAX_SAFE_INTEGER),
    );
  });
});

describe("errors", () => {
  test("an unknown command gets Redis's error, quoting its name and first arguments", () => {
    const store = new KvStore();
    expect(store.apply(["FOO", "a", "b"]), "Redis: unknown command, name and args quoted").toEqual(
      err("ERR unknown command 'FOO', with args beginning with: 'a' 'b' "),
    );
    expect(store.apply(["hget"]), "the name keeps its case; no args, nothing quoted").toEqual(
      err("ERR unknown command 'hget', with args beginning with: "),
    );
  });

  test.each<[Command, string]>([
    [["GET"], "get"],
    [["get", "a", "b"], "get"],
    [["SET", "a"], "set"],
    [["DEL"], "del"],
    [["EXISTS"], "exists"],
    [["Incr"], "incr"],
    [["INCR", "a", "b"], "incr"],
    [["MGET"], "mget"],
    [["DBSIZE", "x"], "dbsize"],
  ])("%j has the wrong number of arguments", (command, name) => {
    const store = storeWith(["SET", "a", "1"]);
    expect(store.apply(command), "Redis: arity error names the command in lower case").toEqual(
      err(`ERR wrong number of arguments for '${name}' command`),
    );
    expect(store.entries(), "a rejected command leaves the state as it was").toEqual([["a", "1"]]);
  });

  test("KvStore runs every command of dataCommands, in any letter case (the one list of them)", () => {
    for (const name of dataCommands) {
      const reply = new KvStore().apply([name.toLowerCase(), "k"]);
      expect(reply, `${name} is a data command: not unknown to the store`).not.toMatchObject({
        type: "error",
        message: expect.stringMatching(/unknown command/),
      });
    }
  });

  test("errors about the command itself are made with errors.ts's helpers (isCommandError); errors about the state are not", () => {
    const store = storeWith(["SET", "word", "abc"]);
    for (const command of [["FOO"], ["GET"], ["SET", "a", "1", "BOTH"]]) {
      expect(
        isCommandError(store.apply(command)),
        `${JSON.stringify(command)}: build it with unknownCommand, wrongArity or syntaxError (stage 09 refuses these before they reach the log)`,
      ).toBe(true);
    }
    expect(
      isCommandError(store.apply(["INCR", "word"])),
      "INCR of a non-integer depends on the state: not a command error",
    ).toBe(false);
  });
});

describe("state", () => {
  test("values and keys are binary-safe byte strings", () => {
    const everyByte = String.fromCharCode(...Array.from({ length: 256 }, (_, i) => i));
    const store = new KvStore();
    store.apply(["SET", everyByte, everyByte]);
    store.apply(["SET", "crlf\r\n", "$3\r\n*1\r\n"]);
    expect(store.apply(["GET", everyByte]), "keys and values hold any bytes, 0x00–0xff").toEqual(
      bulk(everyByte),
    );
    expect(store.apply(["GET", "crlf\r\n"]), "CR, LF and RESP markers are just bytes").toEqual(
      bulk("$3\r\n*1\r\n"),
    );
  });

  test("entries() lists [key, value] pairs sorted by key bytes", () => {
    const store = storeWith(["SET", "b", "2"], ["SET", "\xff", "hi"], ["SET", "a", "1"]);
    store.apply(["SET", "", "empty"]);
    store.apply(["SET", "B", "3"]);
    expect(store.entries(), "sorted by byte order: '' < 'B' < 'a' < 'b' < 0xff").toEqual([
      ["", "empty"],
      ["B", "3"],
      ["a", "1"],
      ["b", "2"],
      ["\xff", "hi"],
    ]);
  });

  test("isReadOnly says which commands only read (GET, MGET, EXISTS, DBSIZE)", () => {
    for (const command of [["GET", "a"], ["mget", "a", "b"], ["Exists", "a"], ["DBSIZE"]])
      expect(isReadOnly(command), `${command[0]} never changes the state`).toBe(true);
    for (const command of [["SET", "a", "1"], ["del", "a"], ["INCR", "a"], ["FOO"]])
      expect(isReadOnly(command), `${command[0]} may change the state (or is unknown)`).toBe(false);
  });

  test.each(testSeeds(3))("same commands, same order: same replies and state (seed %i)", (seed) => {
    const random = seededRandom(seed);
    const keys = ["a", "b", "c", "n"];
    const values = ["1", "x", "-3", "", "9223372036854775807"];
    const commands: Command[] = Array.from({ length: 300 }, () => {
      const key = random.pick(keys);
      return random.pick<Command>([
        ["SET", key, random.pick(values)],
        ["SET", key, random.pick(values), random.pick(["NX", "XX"])],
        ["GET", key],
        ["INCR", key],
        ["DEL", key, random.pick(keys)],
        ["EXISTS", key, random.pick(keys)],
        ["MGET", key, random.pick(keys)],
        ["DBSIZE"],
      ]);
    });
    const [first, second] = [new KvStore(), new KvStore()];
    const firstReplies = commands.map((command) => first.apply(command));
    const secondReplies = commands.map((command) => second.apply(command));
    expect(secondReplies, `a state machine is deterministic (${rerunHint(seed)})`).toEqual(
      firstReplies,
    );
    expect(second.entries(), `replicas end in the same state (${rerunHint(seed)})`).toEqual(
      first.entries(),
    );
    expect(firstReplies.length, "every command gets a reply").toBe(commands.length);
  });
});
