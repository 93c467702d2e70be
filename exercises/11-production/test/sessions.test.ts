import { rerunHint, testSeeds } from "@rafting/testkit";
import { describe, expect, test } from "vitest";
import { KvStore, type SessionLimits, SessionStateMachine, type SnapshotCapable } from "#stage";
import { productionCluster } from "./cluster.ts";

/** A KvStore that takes snapshots (stage 10's shape), for the session table's snapshot tests. */
class SnapshotKv implements SnapshotCapable {
  store = new KvStore();
  apply(command: readonly string[]) {
    return this.store.apply(command);
  }
  takeSnapshot(): Uint8Array {
    return new TextEncoder().encode(JSON.stringify(this.store.entries()));
  }
  restoreSnapshot(data: Uint8Array): void {
    this.store = new KvStore();
    const pairs = JSON.parse(new TextDecoder().decode(data)) as [string, string][];
    for (const [key, value] of pairs) this.store.apply(["SET", key, value]);
  }
}

function machine(limits: Partial<SessionLimits> = {}) {
  const kv = new SnapshotKv();
  return { kv, sessions: new SessionStateMachine(kv, limits) };
}

const register = ["SESSION.REGISTER"];
const incr = (client: number, seq: number) => ["SESSION", String(client), String(seq), "INCR", "n"];

describe("SessionStateMachine", () => {
  test("each registration gets a new client id", () => {
    const { sessions } = machine();
    expect([sessions.apply(register), sessions.apply(register)], "§6.3: distinct ids").toEqual([
      { type: "integer", value: 1 },
      { type: "integer", value: 2 },
    ]);
  });

  test("a retried command gets its first reply and is applied once", () => {
    const { kv, sessions } = machine();
    sessions.apply(register);
    const first = sessions.apply(incr(1, 1));
    const retry = sessions.apply(incr(1, 1));
    expect(retry, "§6.3: the retry is answered with the reply of the first apply").toEqual(first);
    expect(kv.apply(["GET", "n"]), "§6.3: INCR retried with the same sequence counts once").toEqual(
      {
        type: "bulk",
        value: "1",
      },
    );
    expect(sessions.apply(incr(1, 2)), "§6.3: the next sequence number is applied").toEqual({
      type: "integer",
      value: 2,
    });
    expect(sessions.apply(incr(1, 1)).type, "§6.3: a sequence older than the last is refused").toBe(
      "error",
    );
  });

  test("commands of an unknown client are refused, not applied", () => {
    const { kv, sessions } = machine();
    const reply = sessions.apply(incr(7, 1));
    expect(
      reply.type === "error" ? reply.message.split(" ")[0] : reply,
      "§6.3: no session, no exactly-once promise: the client must register again",
    ).toBe("SESSIONEXPIRED");
    expect(kv.apply(["GET", "n"]), "the command was not applied").toEqual({
      type: "bulk",
      value: null,
    });
  });

  test("at capacity, registering expires the least recently used session", () => {
    const { sessions } = machine({ maxSessions: 2 });
    sessions.apply(register); // 1
    sessions.apply(register); // 2
    sessions.apply(incr(1, 1)); // 1 used last: 2 is the least recently used
    sessions.apply(register); // 3 replaces 2
    expect(sessions.apply(incr(2, 1)).type, "§6.3: client 2 expired").toBe("error");
    expect(sessions.apply(incr(1, 1)), "§6.3: client 1 kept its session").toEqual({
      type: "integer",
      value: 1,
    });
  });

  test("a session idle for more than maxIdleCommands applied commands expires", () => {
    const { sessions } = machine({ maxIdleCommands: 3 });
    sessions.apply(register); // client 1, at command 1
    sessions.apply(register); // client 2
    for (let seq = 1; seq <= 3; seq++) sessions.apply(incr(2, seq));
    expect(
      sessions.apply(incr(1, 1)).type,
      "§6.3: expiry counts applied commands (the same at every replica), never a clock",
    ).toBe("error");
    expect(sessions.apply(incr(2, 4)).type, "client 2 was active").toBe("integer");
  });

  test("the session table is in the snapshot: a retry after restore is still answered once", () => {
    const { sessions } = machine();
    sessions.apply(register);
    const first = sessions.apply(incr(1, 1));
    const restored = machine();
    restored.sessions.restoreSnapshot(sessions.takeSnapshot());
    expect(restored.sessions.apply(incr(1, 1)), "§6.3 + §5: the table survives a snapshot").toEqual(
      first,
    );
    expect(restored.kv.apply(["GET", "n"]), "§6.3: still applied once").toEqual({
      type: "bulk",
      value: "1",
    });
    expect(restored.sessions.apply(register), "the next client id survives too").toEqual({
      type: "integer",
      value: 2,
    });
  });
});

describe.each(testSeeds(3))("sessions in a cluster, seed %i", (seed) => {
  const hint = `seed ${seed}, ${rerunHint(seed)}`;

  test("an INCR retried at a new leader after the old one was cut off counts once", () => {
    const c = productionCluster({ seed, size: 5, sessions: true });
    const old = c.electLeader();
    c.propose(old, "register", ["SESSION.REGISTER"]);
    c.cluster.runUntil("the session is registered", () => c.results.has("register"));
    const outcome = c.results.get("register")?.[0];
    const reply = outcome?.type === "applied" ? outcome.reply : undefined;
    const client = reply?.type === "integer" ? Number(reply.value) : Number.NaN;
    c.propose(old, "first", incr(client, 1));
    c.cluster.runUntil("the INCR is applied at the old leader", () => c.results.has("first"));
    // The client never hears the reply: the leader is cut off, and it retries elsewhere.
    c.cluster.network.isolate(old);
    c.cluster.runUntil("a new leader", () =>
      c.ids.some((id) => id !== old && c.node(id).role === "leader"),
    );
    const leader = c.ids.find((id) => id !== old && c.node(id).role === "leader") as number;
    c.propose(leader, "retry", incr(client, 1));
    c.cluster.runUntil("the retry is answered", () => c.results.has("retry"));
    const retried = c.results.get("retry")?.[0];
    expect(
      retried?.type === "applied" ? retried.reply : retried,
      `§6.3: the retry gets the first reply (${hint})`,
    ).toEqual({ type: "integer", value: 1 });
    c.cluster.network.rejoin(old);
    c.cluster.run(50);
    for (const id of c.ids) {
      const store = c.node(id).stateMachine as SessionStateMachine;
      expect(
        store.query(["GET", "n"]),
        `§6.3: every replica counted the INCR once (node ${id}, ${hint})`,
      ).toEqual({ type: "bulk", value: "1" });
    }
  });
});
