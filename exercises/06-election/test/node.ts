// Test helpers for one node driven by hand: crafted messages, a timer with a known timeout.
// Not a test file itself.
import {
  type AppendEntriesRequest,
  createRaftNode,
  type ElectionRandom,
  type Entry,
  type HardState,
  KvStore,
  MemoryStorage,
  type Message,
  type RaftNode,
  type Ready,
  type RequestVoteRequest,
  type RequestVoteResponse,
} from "#stage";

/** Every timeout is exactly T: the tests know when a timer fires. */
export const noJitter: ElectionRandom = { int: (min) => min };

export const T = 10;

type Image = { hardState?: HardState; entries?: readonly Entry[] };

/** Node 1 of a 3-node cluster (peers 2 and 3), restored from the given storage image. */
export function node1(image: Image = {}): RaftNode {
  return nodeOfCluster(3, image);
}

/** Node 1 of a cluster of `size` nodes (peers 2..size), restored from the given storage image. */
export function nodeOfCluster(size: number, image: Image = {}): RaftNode {
  const config = {
    id: 1,
    peers: Array.from({ length: size - 1 }, (_, i) => i + 2),
    electionTimeoutTicks: T,
    limits: { heartbeatIntervalTicks: 3 },
    stateMachine: new KvStore(),
  };
  return createRaftNode(config, new MemoryStorage(image), noJitter);
}

export function ticks(node: RaftNode, count: number): Ready[] {
  return Array.from({ length: count }, () => node.step({ type: "tick" }));
}

export function voteRequest(
  from: number,
  term: number,
  lastLogIndex = 0,
  lastLogTerm = 0,
): RequestVoteRequest {
  return { type: "request-vote", from, to: 1, term, lastLogIndex, lastLogTerm };
}

export function heartbeat(
  from: number,
  term: number,
  prevIndex = 0,
  prevTerm = 0,
): AppendEntriesRequest {
  return {
    type: "append-entries",
    from,
    to: 1,
    term,
    prevIndex,
    prevTerm,
    entries: [],
    leaderCommit: 0,
  };
}

export function deliver(node: RaftNode, message: Message): Ready {
  return node.step({ type: "message", message });
}

/** A RequestVote response to node 1. */
export function voteResponse(from: number, term: number, granted: boolean): RequestVoteResponse {
  return { type: "request-vote-response", from, to: 1, term, granted };
}

/** The vote responses in a Ready. */
export function votesIn(ready: Ready) {
  return ready.messages.filter((m) => m.type === "request-vote-response");
}

/** A node that won the election of term 1 (votes from 2), with its Ready of winning. */
export function leaderOfTerm1(): { node: RaftNode; won: Ready } {
  const node = node1();
  ticks(node, T);
  const won = deliver(node, {
    type: "request-vote-response",
    from: 2,
    to: 1,
    term: 1,
    granted: true,
  });
  return { node, won };
}

export function entries(...terms: number[]): Entry[] {
  return terms.map((term, i) => ({ term, command: ["SET", `k${i + 1}`, `t${term}`] }));
}
