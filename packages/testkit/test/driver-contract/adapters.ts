// One thin adapter per driver: it builds a three-node cluster of the 06 reference node, each node
// wrapped by the recorder, each storage spied on, hooks the driver's send, reply and apply points
// to the recorder, and runs a small workload (elect a leader, several clients writing at once).
// The driver class comes in as a parameter, so a test can hand in a broken variant of it.
import {
  type Command,
  createRaftNode,
  type Input,
  MemoryStorage,
  type Message,
  type RaftConfig,
  type RaftNode,
  type Ready,
} from "../../../../solutions/06-election/src/index.ts";
import {
  type ClusterHarness,
  carryOutSnapshots,
  type HarnessStorage,
  type NodeFactory,
} from "../../../../solutions/07-testing/src/harness.ts";
import type { Simulation } from "../../../../solutions/08-simulation/src/simulation.ts";
import type { DriverNode, RaftDriver } from "../../../../solutions/09-system/src/driver.ts";
import {
  compactingNodeFactory,
  compactingStorage,
} from "../../../../solutions/10-compaction/src/sim-node.ts";
import type { Cluster } from "../../src/cluster.ts";
import { seededRandom } from "../../src/random.ts";
import type { ContractRecorder } from "./recorder.ts";

const ids = [1, 2, 3];

/**
 * Stage 10's compacting node, compacting once 4 entries follow its snapshot: every workload below
 * then takes snapshots (and the drivers carry out saveSnapshot and its completion input).
 */
const compactingNode: NodeFactory = compactingNodeFactory({ maxLogEntries: 4 });

/** Which node the drivers run: 06's, or stage 10's compacting one on a disk that keeps snapshots. */
export type NodeUnderTest = "raft" | "compacting";
const peersOf = (id: number) => ids.filter((other) => other !== id);
const writeCommand = (n: number): Command => ["SET", `k${n % 3}`, `v${n}`];

/** A 06 node on `storage`, recorded; its storage spied on. */
function recordedNode(
  recorder: ContractRecorder,
  config: RaftConfig,
  storage: MemoryStorage,
  seed: number,
): RaftNode {
  recorder.spyStorage(config.id, storage);
  return recorder.wrapNode(createRaftNode(config, storage, seededRandom(seed * 100 + config.id)));
}

// testkit's Cluster (the driver of the 04–06 tests) -----------------------------------------------

export function runTestkitCluster(
  ClusterClass: typeof Cluster,
  recorder: ContractRecorder,
  seed: number,
  node: NodeUnderTest = "raft",
): void {
  const storages = new Map(
    ids.map((id) => [
      id,
      (node === "raft" ? new MemoryStorage() : compactingStorage()) as MemoryStorage,
    ]),
  );
  const create = (id: number): RaftNode => {
    const storage = storages.get(id) as MemoryStorage;
    if (node === "raft") return recordedNode(recorder, { id, peers: peersOf(id) }, storage, seed);
    recorder.spyStorage(id, storage);
    const random = seededRandom(seed * 100 + id);
    return recorder.wrapNode(
      compactingNode({ id, peers: peersOf(id) }, storage, random) as unknown as RaftNode,
    );
  };
  const nodes = new Map(ids.map((id) => [id, create(id)]));
  const cluster = new ClusterClass<Message, RaftNode, MemoryStorage>({
    nodes,
    seed,
    storage: (id) => storages.get(id) as MemoryStorage,
    // Stage 10's effects, carried out as 07's harness does (save, then the completion input).
    moreEffects: (_id, ready, storage) =>
      carryOutSnapshots(
        storage as unknown as HarnessStorage,
        ready as unknown as Parameters<typeof carryOutSnapshots>[1],
      ) as unknown as Input[],
    onSend: (_id, message) => recorder.sent(message),
    // The Cluster's place to apply and observe, after the step's persist and send.
    onReady: (id, ready: Ready) => {
      for (const { requestId } of ready.results) recorder.replied(id, requestId);
      for (const { index } of ready.applied) recorder.applied(id, index);
    },
  });
  const leader = () => ids.find((id) => cluster.node(id).role === "leader");
  cluster.runUntil("a leader", () => leader() !== undefined, 1000);
  for (let round = 0; round < 4; round++) {
    const at = leader();
    if (at === undefined) break;
    for (let n = 0; n < 3; n++) {
      const input: Input = {
        type: "propose",
        command: writeCommand(round * 3 + n),
        requestId: `w${round}-${n}`,
      };
      cluster.step(at, input);
    }
    cluster.run(20);
  }
}

// 07's ClusterHarness ---------------------------------------------------------------------------

export function runHarness(
  HarnessClass: typeof ClusterHarness,
  recorder: ContractRecorder,
  seed: number,
  syncBeforeSend = true,
  node: NodeUnderTest = "raft",
): void {
  const create: NodeFactory = node === "raft" ? createRaftNode : compactingNode;
  const harness = new HarnessClass({
    seed,
    size: 3,
    syncBeforeSend,
    clientTimeoutTicks: 1000,
    ...(node === "raft" ? {} : { createStorage: compactingStorage }),
    createNode: (config, storage, random) => {
      recorder.spyStorage(config.id, storage as MemoryStorage);
      return recorder.wrapNode(create(config, storage, random));
    },
  });
  const send = harness.network.send.bind(harness.network);
  harness.network.send = (message, nowTick) => {
    recorder.sent(message);
    send(message, nowTick);
  };
  const observe = harness.monitor.observe.bind(harness.monitor);
  harness.monitor.observe = (tick, nodes, applied, stepped) => {
    for (const { node, index } of applied) recorder.applied(node, index);
    return observe(tick, nodes, applied, stepped);
  };
  // A completion names the op; the op's command is the object the node was asked to propose.
  const commands = new Map<unknown, unknown>();
  const push = harness.history.push.bind(harness.history);
  harness.history.push = (...events) => {
    for (const event of events) {
      if (event.type === "invoke") commands.set(event.id, event.op);
      const proposal =
        event.type === "invoke" ? undefined : recorder.proposalOf(commands.get(event.id));
      if (proposal !== undefined) recorder.replied(proposal.node, proposal.requestId);
    }
    return push(...events);
  };
  harness.runUntil(() => harness.leader() !== undefined, 1000);
  for (let n = 0; n < 40 && !harness.halted; n++) {
    for (const client of [1, 2, 3])
      if (!harness.isBusy(client)) harness.invoke(client, writeCommand(n * 3 + client));
    harness.run(3);
  }
  harness.run(50);
}

// 08's Simulation (its NodeHost carries each Ready out) -------------------------------------------

export function runSimulation(
  SimulationClass: typeof Simulation,
  recorder: ContractRecorder,
  seed: number,
  node: NodeUnderTest = "raft",
): void {
  const create: NodeFactory = node === "raft" ? createRaftNode : compactingNode;
  const simulation = new SimulationClass({
    seed,
    nodes: 3,
    simSeconds: 6,
    // No crash, partition or other episode: a crash would swap the spied storage for a new one.
    maxFaults: 0,
    // More clients than the default, and syncs slower than the network: several results wait
    // for one sync, so the order in which a host releases them shows.
    clients: 8,
    limits: { maxEntriesPerMessage: 1, maxInflightPerFollower: 8 },
    faults: { minSyncUs: 5_000, maxSyncUs: 20_000, slowSyncRate: 0 },
    // The simulator's trace names each entry a step applies (its public window on the run).
    trace: (event) => {
      if (event.kind === "apply") recorder.applied(event.node, event.index);
    },
    ...(node === "raft" ? {} : { createStorage: compactingStorage }),
    createNode: (config, storage, random) =>
      recorder.wrapNode(
        create(config, recorder.spyStorage(config.id, storage as MemoryStorage), random),
      ),
  });
  const push = simulation.queue.push.bind(simulation.queue);
  simulation.queue.push = (atUs, event) => {
    if (event.type === "deliver") recorder.sent(event.message);
    if (event.type === "client-reply" && event.outcome !== undefined)
      recorder.replied(event.op.node, event.op.requestId);
    return push(atUs, event);
  };
  simulation.run();
}

// 09's RaftDriver: real event loops and timers, storage in memory, fsync off the loop ------------

export async function runSystemDrivers(
  DriverClass: typeof RaftDriver,
  recorder: ContractRecorder,
  seed: number,
  node: NodeUnderTest = "raft",
): Promise<void> {
  const drivers = new Map<number, RaftDriver>();
  for (const id of ids) {
    const storage = (node === "raft" ? new MemoryStorage() : compactingStorage()) as MemoryStorage;
    const config = { id, peers: peersOf(id), limits: { heartbeatIntervalTicks: 2 } };
    const random = seededRandom(seed * 100 + id);
    const driverNode: DriverNode =
      node === "raft"
        ? recordedNode(recorder, config, storage, seed)
        : recorder.wrapNode(
            compactingNode(
              config,
              recorder.spyStorage(id, storage),
              random,
            ) as unknown as DriverNode & {
              readonly id: number;
            },
          );
    const driver = new DriverClass({
      node: driverNode,
      storage,
      tickMs: 5,
      requestTimeoutMs: 30_000,
      send: (message) => {
        recorder.sent(message);
        drivers.get(message.to)?.deliver(message);
      },
      log: () => {},
      // An fsync that takes a little real time off the loop, as the real one does: the next
      // batch gathers meanwhile, and its messages and results must wait for it.
      syncLog: (done) =>
        setTimeout(() => {
          storage.sync();
          done(null);
        }, 2),
    });
    drivers.set(id, driver);
  }
  for (const driver of drivers.values()) driver.start();
  try {
    await waitFor("a leader", () => leaderDriver(drivers) !== undefined);
    let answered = 0;
    let proposed = 0;
    // Four clients, each proposing again as soon as it is answered: entries keep arriving
    // while earlier ones are being synced, where a driver's order matters.
    const propose = () => {
      const leader = leaderDriver(drivers);
      const command = writeCommand(proposed++);
      const settle = () => {
        const proposal = recorder.proposalOf(command);
        if (proposal !== undefined) recorder.replied(proposal.node, proposal.requestId);
        answered++;
        if (proposed < 60) propose();
      };
      if (leader === undefined) settle();
      else leader.propose(command, settle);
    };
    for (let client = 0; client < 4; client++) propose();
    // And one more every millisecond, answered or not.
    const more = setInterval(() => {
      if (proposed < 60) propose();
    }, 1);
    try {
      await waitFor("60 answers", () => answered >= 60);
    } finally {
      clearInterval(more);
    }
  } finally {
    for (const driver of drivers.values()) driver.close();
  }
}

function leaderDriver(drivers: ReadonlyMap<number, RaftDriver>): RaftDriver | undefined {
  return [...drivers.values()].find((driver) => driver.status().role === "leader");
}

/** Waits for a condition of the real-time cluster, with a generous ceiling. */
async function waitFor(what: string, condition: () => boolean, ceilingMs = 30_000): Promise<void> {
  const startMs = Date.now();
  while (!condition()) {
    if (Date.now() - startMs > ceilingMs) throw new Error(`no ${what} within ${ceilingMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}
