// The node a production node runs on: the calls of 06's RaftNode it uses, and nothing more. 06's
// RaftNode is one (createProductionNode); stage 10's CompactingNode is another (it offers the
// same hooks by delegating to its own 06 node), which is how the system runs one node with
// both log compaction and this stage's features.
import type {
  NodeLog,
  Input as RaftInput,
  RaftNode,
  Ready as RaftReady,
  Role,
  StateMachine,
} from "#raft";

export interface InnerNode {
  readonly id: number;
  readonly peers: readonly number[];
  readonly term: number;
  readonly role: Role;
  readonly leaderId: number | undefined;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly vote: number | null;
  readonly log: NodeLog;
  readonly stateMachine: StateMachine;
  /** Whether a tick now would start an election. */
  readonly electionDueOnNextTick: boolean;
  progressOf(peer: number): ReturnType<RaftNode["progressOf"]>;
  step(input: RaftInput): RaftReady;
  /** 06's hooks: start an election now; a leader steps down; adopt a higher term; restart the timer. */
  campaign(): RaftReady;
  stepDown(): RaftReady;
  observeTerm(term: number): RaftReady;
  resetElectionTimer(): void;
}
