// Later stages wrap this stage's node: stage 10's CompactingNode holds a RaftNode, stage 11's
// ProductionNode holds a RaftNode or a CompactingNode. Each shows the inner node's public state
// as its own; this class is that one copy of the getters (a wrapper extends it and names its
// inner node `raft`).
import type { Role } from "./messages.ts";
import type { RaftNode } from "./node.ts";

/** The public state of 06's node that a wrapper passes on as it stands. */
export interface InnerState {
  readonly term: number;
  readonly role: Role;
  readonly leaderId: number | undefined;
  readonly vote: number | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  progressOf(peer: number): ReturnType<RaftNode["progressOf"]>;
}

export abstract class InnerStateView<Inner extends InnerState> implements InnerState {
  /** The wrapped node. */
  protected abstract readonly raft: Inner;

  get term(): number {
    return this.raft.term;
  }
  get role(): Role {
    return this.raft.role;
  }
  get leaderId(): number | undefined {
    return this.raft.leaderId;
  }
  get vote(): number | null {
    return this.raft.vote;
  }
  get commitIndex(): number {
    return this.raft.commitIndex;
  }
  get lastApplied(): number {
    return this.raft.lastApplied;
  }
  progressOf(peer: number): ReturnType<RaftNode["progressOf"]> {
    return this.raft.progressOf(peer);
  }
}
