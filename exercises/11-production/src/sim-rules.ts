// Stage 11's rules, checked by the simulator's plug after every step of a production node (a
// broken rule throws, which 08's simulator reports as the node's assertion, with the seed to
// replay). 07's checkers see safety only; these rules break no safety property by themselves, so
// without them a bug in Pre-Vote, a transfer or CheckQuorum would pass every run unseen.
import { checkElectionTimeout, type Input as RaftInput } from "#raft";
import type { ProductionConfig } from "./config.ts";
import type { Ready } from "./messages.ts";
import type { ProductionNode } from "./node.ts";

export class ProductionRules {
  private readonly quorum: number;
  /** CheckQuorum's bound: any 2T consecutive ticks of a leadership hold one whole window of T. */
  private readonly checkQuorumTicks: number;
  /** The leadership being watched (its term), its ticks, and the tick each peer was last heard. */
  private ledTerm: number | undefined;
  private leaderTicks = 0;
  private readonly heardAt = new Map<number, number>();

  constructor(config: ProductionConfig) {
    this.quorum = Math.floor((config.peers.length + 1) / 2) + 1;
    this.checkQuorumTicks = 2 * checkElectionTimeout(config) + 1;
  }

  check(
    node: ProductionNode,
    input: RaftInput,
    ready: Ready,
    before: { term: number; vote: number | null },
  ): void {
    preVoteChangesNothing(node, input, before);
    timeoutNowToCaughtUpTarget(node, ready);
    this.leaderHearsMajority(node, input);
  }

  /** CheckQuorum: a leader that has not heard from a majority within an election timeout steps down. */
  private leaderHearsMajority(node: ProductionNode, input: RaftInput): void {
    const leading = node.role === "leader" ? node.term : undefined;
    if (leading !== this.ledTerm) {
      this.ledTerm = leading;
      this.leaderTicks = 0;
      this.heardAt.clear();
    }
    if (leading === undefined || !node.checkQuorum) return;
    if (input.type === "message" && input.message.term === leading)
      this.heardAt.set(input.message.from, this.leaderTicks);
    if (input.type !== "tick") return;
    this.leaderTicks++;
    if (this.leaderTicks < this.checkQuorumTicks) return;
    const since = this.leaderTicks - this.checkQuorumTicks;
    const heard = [...this.heardAt.values()].filter((tick) => tick >= since).length;
    if (heard + 1 >= this.quorum) return;
    throw new Error(
      `node ${node.id} still leads term ${leading} after ${this.checkQuorumTicks} ticks in which it heard from ${heard} peers: expected it to step down, a majority is ${this.quorum} (CheckQuorum: a leader that has not heard from a majority within an election timeout steps down)`,
    );
  }
}

/** §9.6: a pre-vote request changes nothing at the voter: neither its term nor its vote. */
function preVoteChangesNothing(
  node: ProductionNode,
  input: RaftInput,
  before: { term: number; vote: number | null },
): void {
  const message = input.type === "message" ? (input.message as { type: string }) : undefined;
  if (message?.type !== "pre-vote") return;
  if (node.term === before.term && node.vote === before.vote) return;
  throw new Error(
    `node ${node.id} stepped a pre-vote request: expected term ${before.term} and vote ${before.vote} unchanged, got term ${node.term} and vote ${node.vote} (§9.6: a pre-vote asks whether the voter would grant a vote; it changes nothing)`,
  );
}

/** §3.10: TimeoutNow goes to a target whose log holds every entry of the leader's. */
function timeoutNowToCaughtUpTarget(node: ProductionNode, ready: Ready): void {
  for (const message of ready.messages) {
    if (message.type !== "timeout-now") continue;
    const matchIndex = node.progressOf(message.to).matchIndex;
    const lastIndex = node.log.lastIndex();
    if (matchIndex >= lastIndex) continue;
    throw new Error(
      `leader ${node.id} sent TimeoutNow to node ${message.to} whose matchIndex is ${matchIndex}: expected its log to hold the leader's last index ${lastIndex} (§3.10: the target is brought up to date first, or its election may fail and leave the cluster without a leader)`,
    );
  }
}

/**
 * §6.4: a read's index covers every entry committed anywhere before the read arrived (the
 * simulator sees every node, so it knows the highest commit index reached so far). A read served
 * at a lower index may return a value older than a write already acknowledged: a stale read,
 * which the linearizability checker finds only if the clients happened to look at that moment.
 */
export function readCoversCommitted(
  nodeId: number,
  command: readonly string[],
  readIndex: number,
  committedBefore: number,
): void {
  if (readIndex >= committedBefore) return;
  throw new Error(
    `node ${nodeId} served [${command.join(" ")}] at read index ${readIndex}, but entries through ${committedBefore} were committed before the read arrived: a stale read (§6.4: the read index is a commit index the leader confirmed it still held after the read arrived; §6.4.1: a lease holds only while no other leader can exist)`,
  );
}
