// Stage 10's CompactingNode as the InnerNode a ProductionNode runs on, in the system. The
// production node speaks 06's vocabulary to its inner node; what stage 10 adds to a step's Ready
// (InstallSnapshot messages, the save and install effects) is set aside here and handed to the
// driver with the production node's Ready (system-node.ts), so one node has both stages.
import type {
  Input as CompactingInput,
  CompactingNode,
  Ready as CompactingReady,
} from "#compaction";
import type { Input as RaftInput, Message as RaftMessage, Ready as RaftReady } from "#raft";
import type { InnerNode } from "./inner-node.ts";
import type { Ready } from "./messages.ts";
import type { ProductionNode } from "./node.ts";
import { withoutReads } from "./ready-builder.ts";

type SnapshotMessage = Exclude<CompactingReady["messages"][number], RaftMessage>;

/** What stage 10 added to the Readies of the steps since the last take. */
export interface CompactionExtras {
  readonly messages: SnapshotMessage[];
  saveSnapshot: CompactingReady["saveSnapshot"];
  installSnapshot: CompactingReady["installSnapshot"];
}

export class CompactingInner implements InnerNode {
  readonly node: CompactingNode;
  private extras: CompactionExtras = noExtras();

  constructor(node: CompactingNode) {
    this.node = node;
  }

  get id(): number {
    return this.node.id;
  }
  get peers(): readonly number[] {
    return this.node.peers;
  }
  get term(): number {
    return this.node.term;
  }
  get role(): InnerNode["role"] {
    return this.node.role;
  }
  get leaderId(): number | undefined {
    return this.node.leaderId;
  }
  get commitIndex(): number {
    return this.node.commitIndex;
  }
  get lastApplied(): number {
    return this.node.lastApplied;
  }
  get vote(): number | null {
    return this.node.vote;
  }
  get log(): InnerNode["log"] {
    return this.node.log;
  }
  get stateMachine(): InnerNode["stateMachine"] {
    return this.node.stateMachine;
  }
  get electionDueOnNextTick(): boolean {
    return this.node.electionDueOnNextTick;
  }
  progressOf(peer: number): ReturnType<InnerNode["progressOf"]> {
    return this.node.progressOf(peer);
  }

  step(input: RaftInput): RaftReady {
    return this.keep(this.node.step(input));
  }
  /** Stage 10's own inputs (snapshot completions, InstallSnapshot messages), past the production node. */
  stepCompaction(input: CompactingInput): RaftReady {
    return this.keep(this.node.step(input));
  }
  campaign(): RaftReady {
    return this.keep(this.node.campaign());
  }
  stepDown(): RaftReady {
    return this.keep(this.node.stepDown());
  }
  observeTerm(term: number): RaftReady {
    return this.keep(this.node.observeTerm(term));
  }
  resetElectionTimer(): void {
    this.node.resetElectionTimer();
  }

  /** Stage 10's part of the Readies since the last take. */
  takeExtras(): CompactionExtras {
    const extras = this.extras;
    this.extras = noExtras();
    return extras;
  }

  private keep(ready: CompactingReady): RaftReady {
    const messages: RaftMessage[] = [];
    for (const message of ready.messages) {
      if (isSnapshotMessage(message)) this.extras.messages.push(message);
      else messages.push(message);
    }
    // At most one of each is outstanding (stage 10's contract), so a later one never hides another.
    this.extras.saveSnapshot = ready.saveSnapshot ?? this.extras.saveSnapshot;
    this.extras.installSnapshot = ready.installSnapshot ?? this.extras.installSnapshot;
    const { saveSnapshot: _save, installSnapshot: _install, ...rest } = ready;
    return { ...rest, messages };
  }
}

/**
 * An InstallSnapshot message, in the system and in the simulator: stage 10's to handle, then a
 * sign of life for the production node (CheckQuorum, §9.6), which the message never reaches.
 */
export function stepSnapshotMessage(
  inner: CompactingInner,
  production: Pick<ProductionNode, "noteSnapshotMessage">,
  message: SnapshotMessage,
): Ready {
  const ready = inner.stepCompaction({ type: "message", message });
  production.noteSnapshotMessage(message);
  return withoutReads(ready);
}

export function isSnapshotMessage(message: { readonly type: string }): message is SnapshotMessage {
  return message.type === "install-snapshot" || message.type === "install-snapshot-response";
}

function noExtras(): CompactionExtras {
  return { messages: [], saveSnapshot: undefined, installSnapshot: undefined };
}
