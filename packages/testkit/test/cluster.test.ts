import { describe, expect, test } from "vitest";
import {
  Cluster,
  type ClusterOptions,
  type DriverInput,
  type DriverReady,
  RecordingStorage,
} from "../src/index.ts";

// A toy node for the driver's own tests: it gossips the largest number it knows every few
// ticks, and persists a number whenever it learns a larger one.
interface Gossip {
  from: number;
  to: number;
  value: number;
}

type ToyInput = DriverInput<Gossip> | { type: "set"; value: number };

interface ToyReady extends DriverReady<Gossip> {
  readonly learned: boolean;
}

class MaxNode {
  value: number;
  private ticks = 0;
  private readonly id: number;
  private readonly peers: number[];

  constructor(id: number, peers: number[], value: number) {
    this.id = id;
    this.peers = peers.filter((peer) => peer !== id);
    this.value = value;
  }

  step(input: ToyInput): ToyReady {
    if (input.type === "tick") {
      this.ticks++;
      return { messages: this.ticks % 3 === 0 ? this.gossip() : [], learned: false };
    }
    const value = input.type === "set" ? input.value : input.message.value;
    if (value <= this.value) return { messages: [], learned: false };
    this.value = value;
    return {
      messages: this.gossip(),
      persist: { fromIndex: 1, entries: [value] },
      learned: true,
    };
  }

  private gossip(): Gossip[] {
    return this.peers.map((to) => ({ from: this.id, to, value: this.value }));
  }
}

function toyCluster(seed: number, n: number, options: Partial<ClusterOptions<MaxNode>> = {}) {
  const ids = Array.from({ length: n }, (_, i) => i + 1);
  const nodes = new Map(ids.map((id) => [id, new MaxNode(id, ids, id * 10)]));
  return new Cluster<Gossip, MaxNode>({ nodes, seed, ...options });
}

describe("Cluster", () => {
  test("runs ticks, delivers messages and reaches a condition", () => {
    const cluster = toyCluster(1, 5);
    const ticks = cluster.runUntil("everyone knows 50", () =>
      cluster.ids().every((id) => cluster.node(id).value === 50),
    );
    expect(ticks).toBeGreaterThan(0);
    expect(cluster.now()).toBe(ticks);
  });

  test("converges despite loss, duplication and reordering", () => {
    const cluster = toyCluster(2, 5, {
      faults: { lossRate: 0.3, duplicateRate: 0.2, maxDelayTicks: 4 },
    });
    cluster.runUntil("everyone knows 50", () =>
      cluster.ids().every((id) => cluster.node(id).value === 50),
    );
    expect(cluster.network.stats.dropped).toBeGreaterThan(0);
  });

  test("runUntil fails with what, the time and the seed when the condition never holds", () => {
    const cluster = toyCluster(3, 3);
    cluster.network.isolate(3);
    expect(() =>
      cluster.runUntil("node 1 knows 30", () => cluster.node(1).value === 30, 50),
    ).toThrow(
      /never reached "node 1 knows 30" within 50 ticks \(now tick 50, seed 3; rerun with RAFTING_SEED=3\)/,
    );
  });

  test("persists before sending, then hands the Ready to onReady", () => {
    const events: string[] = [];
    let cluster: Cluster<Gossip, MaxNode> | undefined;
    const storage = new RecordingStorage();
    const spy = {
      writeEntries(fromIndex: number, entries: readonly unknown[]) {
        events.push(`persist sent=${cluster?.network.stats.sent}`);
        storage.writeEntries(fromIndex, entries);
      },
      sync() {
        events.push(`sync sent=${cluster?.network.stats.sent}`);
      },
    };
    const nodes = new Map([
      [1, new MaxNode(1, [1, 2], 0)],
      [2, new MaxNode(2, [1, 2], 0)],
    ]);
    cluster = new Cluster<Gossip, MaxNode>({
      nodes,
      seed: 4,
      storage: (id) => (id === 1 ? spy : new RecordingStorage()),
      onReady: (id, ready) => {
        if (id === 1 && ready.learned) events.push(`apply sent=${cluster?.network.stats.sent}`);
      },
    });
    const ready = cluster.step(1, { type: "set", value: 7 });
    expect(ready.learned).toBe(true);
    expect(events).toEqual(["persist sent=0", "sync sent=0", "apply sent=1"]);
    expect(storage.entries).toEqual([7]);
  });

  test("replace puts a new node in place; unknown ids are refused", () => {
    const cluster = toyCluster(5, 2);
    const fresh = new MaxNode(2, [1, 2], 99);
    cluster.replace(2, fresh);
    expect(cluster.node(2)).toBe(fresh);
    expect(() => cluster.node(9)).toThrow(/no node 9/);
  });
});

describe("Cluster: hard state and crashes (stage 06)", () => {
  // A node whose Ready carries a hard state, like stage 06's: it "votes" for the value it learns.
  class VotingNode extends MaxNode {
    override step(input: ToyInput): ToyReady & { hardState?: unknown } {
      const ready = super.step(input);
      return ready.learned ? { ...ready, hardState: { votedFor: this.value } } : ready;
    }
  }

  test("saves the hard state, then the entries and sync, then sends (onSend sees it saved)", () => {
    const events: string[] = [];
    const recording = new RecordingStorage();
    const spy = {
      saveHardState(state: unknown) {
        events.push(`hard state ${JSON.stringify(state)}`);
        recording.saveHardState(state);
      },
      writeEntries(fromIndex: number, entries: readonly unknown[]) {
        events.push("write");
        recording.writeEntries(fromIndex, entries);
      },
      sync() {
        events.push("sync");
      },
    };
    const nodes = new Map([
      [1, new VotingNode(1, [1, 2], 0)],
      [2, new VotingNode(2, [1, 2], 0)],
    ]);
    const cluster = new Cluster<Gossip, VotingNode>({
      nodes,
      seed: 6,
      storage: (id) => (id === 1 ? spy : new RecordingStorage()),
      onSend: (id, message) => events.push(`send ${id}→${message.to}`),
    });
    cluster.step(1, { type: "set", value: 7 });
    expect(events).toEqual(['hard state {"votedFor":7}', "write", "sync", "send 1→2"]);
    expect(recording.hardState).toEqual({ votedFor: 7 });
  });

  test("a hard state with no saveHardState in the storage is an error, not silently lost", () => {
    const nodes = new Map([[1, new VotingNode(1, [1], 0)]]);
    const storage = { writeEntries() {}, sync() {} };
    const cluster = new Cluster<Gossip, VotingNode>({ nodes, seed: 7, storage: () => storage });
    expect(() => cluster.step(1, { type: "set", value: 3 })).toThrow(/no saveHardState/);
  });

  test("moreEffects runs after send and onReady; the inputs it returns are stepped at once", () => {
    const order: string[] = [];
    const cluster = toyCluster(4, 2, {
      onSend: () => order.push("send"),
      onReady: (id, ready) => order.push(`ready ${id} learned=${ready.learned}`),
      // Like a snapshot save that completes: a learned value comes back as an input.
      moreEffects: (id, ready) => {
        order.push(`effects ${id}`);
        return ready.learned && cluster.node(id).value < 100 ? [{ type: "set", value: 100 }] : [];
      },
    });
    cluster.step(1, { type: "set", value: 70 });
    expect(
      order,
      "effects after send and onReady; the returned input carried out the same way",
    ).toEqual([
      "send",
      "ready 1 learned=true",
      "effects 1",
      "send",
      "ready 1 learned=true",
      "effects 1",
    ]);
    expect(cluster.node(1).value, "the returned input was stepped").toBe(100);
  });

  test("a crashed node is not ticked, loses what reaches it, and comes back on restart", () => {
    const cluster = toyCluster(8, 3);
    cluster.crash(3);
    expect(cluster.isUp(3)).toBe(false);
    cluster.run(20);
    expect(cluster.node(1).value, "the live nodes learn from each other").toBe(20);
    expect(cluster.node(3).value, "a down node learns nothing").toBe(30);
    expect(() => cluster.step(3, { type: "tick" })).toThrow(/node 3 is down/);
    const storage = new RecordingStorage();
    cluster.restart(3, new MaxNode(3, [1, 2, 3], 0), storage);
    expect(cluster.storage(3)).toBe(storage);
    cluster.runUntil("node 3 learns 20 again", () => cluster.node(3).value === 20);
    expect(storage.entries).toEqual([20]);
  });
});

describe("RecordingStorage", () => {
  test("writes replace everything from fromIndex on; gaps are refused", () => {
    const storage = new RecordingStorage();
    storage.writeEntries(1, ["a", "b", "c"]);
    storage.writeEntries(2, ["x"]);
    expect(storage.entries).toEqual(["a", "x"]);
    expect(() => storage.writeEntries(4, ["y"])).toThrow(/gap/);
  });
});
