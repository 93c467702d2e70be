// One step of a production node may run several of 06's steps and hooks (a tick, then a
// campaign); their Readies become one Ready, in order, as if 06 had made a single step.
import type { AppliedEntry, HardState, ProposalResult, Ready as RaftReady } from "#raft";
import type { InnerNode } from "./inner-node.ts";
import type { Message, ReadResult, Ready } from "./messages.ts";

export class ReadyBuilder {
  private messages: Message[] = [];
  private persistFrom = Infinity;
  private applied: AppliedEntry[] = [];
  private results: ProposalResult[] = [];
  private reads: ReadResult[] = [];
  /** The last hard state 06 handed out in this step: the newest is what must be on disk. */
  private hardState: HardState | undefined;

  /** Adds one of 06's Readies. */
  add(ready: RaftReady): void {
    this.messages.push(...ready.messages);
    this.persistFrom = Math.min(this.persistFrom, ready.persist?.fromIndex ?? Infinity);
    this.applied.push(...ready.applied);
    this.results.push(...ready.results);
    this.hardState = ready.hardState ?? this.hardState;
  }

  send(message: Message): void {
    this.messages.push(message);
  }

  result(result: ProposalResult): void {
    this.results.push(result);
  }

  read(result: ReadResult): void {
    this.reads.push(result);
  }

  /** The step's Ready, read from the node as it stands now; the builder starts over. */
  take(node: InnerNode): Ready {
    const from = this.persistFrom;
    const ready: Ready = {
      messages: this.messages,
      persist: from === Infinity ? undefined : { fromIndex: from, entries: node.log.slice(from) },
      commitIndex: node.commitIndex,
      applied: this.applied,
      results: this.results,
      hardState: this.hardState,
      role: node.role,
      term: node.term,
      leaderId: node.leaderId,
      reads: this.reads,
    };
    this.messages = [];
    this.persistFrom = Infinity;
    this.applied = [];
    this.results = [];
    this.reads = [];
    this.hardState = undefined;
    return ready;
  }
}

/** The Ready of a step in which nothing happened: no effects, where the node stands. */
export function quietReady(node: {
  readonly commitIndex: number;
  readonly role: Ready["role"];
  readonly term: number;
  readonly leaderId: number | undefined;
}): Ready {
  return {
    messages: [],
    persist: undefined,
    commitIndex: node.commitIndex,
    applied: [],
    results: [],
    hardState: undefined,
    role: node.role,
    term: node.term,
    leaderId: node.leaderId,
    reads: [],
  };
}

/** A Ready of 06 (or of stage 10 around it) as a production Ready: it carries no reads. */
export function withoutReads(ready: RaftReady): Ready {
  return { ...ready, reads: [] };
}

/**
 * Several steps' Readies as one, as if the node had made one step (the driver contract's order):
 * the last one's state, every effect in order, the entries from the lowest index any wrote.
 */
export function mergeReadies(readies: readonly Ready[], node: Pick<InnerNode, "log">): Ready {
  if (readies.length === 1) return readies[0] as Ready;
  const last = readies[readies.length - 1] as Ready;
  let fromIndex = Infinity;
  for (const ready of readies)
    fromIndex = Math.min(fromIndex, ready.persist?.fromIndex ?? Infinity);
  return {
    ...last,
    messages: readies.flatMap((ready) => ready.messages),
    persist: fromIndex === Infinity ? undefined : { fromIndex, entries: node.log.slice(fromIndex) },
    applied: readies.flatMap((ready) => ready.applied),
    results: readies.flatMap((ready) => ready.results),
    reads: readies.flatMap((ready) => ready.reads),
    hardState: readies.reduce<Ready["hardState"]>((hs, ready) => ready.hardState ?? hs, undefined),
  };
}
