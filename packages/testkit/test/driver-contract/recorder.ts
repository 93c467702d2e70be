// The thin adapter's tools: a recording wrapper around a node (every Ready it returns, numbered),
// a spy on a storage (saves, writes, syncs), and the calls an adapter makes when its driver sends,
// replies or applies. What they record is what contract.ts checks.
import { type ContractEvent, type ContractViolation, checkContract } from "./contract.ts";

/** The parts of a Ready the contract is about (the 06 Ready has them all). */
export interface ReadyShape {
  readonly messages: readonly object[];
  readonly persist?:
    | { readonly fromIndex: number; readonly entries: readonly unknown[] }
    | undefined;
  readonly hardState?: { readonly term: number; readonly votedFor: number | null } | undefined;
  readonly results?:
    | readonly {
        readonly requestId: string;
        readonly outcome: { readonly type: string; readonly index?: number };
      }[]
    | undefined;
}

interface StepInput {
  readonly type: string;
  readonly command?: unknown;
  readonly requestId?: string;
  /** Stage 10's completion inputs ("snapshot-saved", "snapshot-installed"). */
  readonly lastIncludedIndex?: number;
}

/** The storage methods a driver persists through (stage 03's Storage; stage 10's saves snapshots). */
export interface StorageShape {
  saveHardState(state: { readonly term: number }): void;
  writeEntries(fromIndex: number, entries: readonly unknown[]): void;
  sync(): void;
  saveSnapshot?(snapshot: { readonly lastIncludedIndex: number }): void;
}

interface Origin {
  readonly node: number;
  readonly seq: number;
}

export class ContractRecorder {
  readonly events: ContractEvent[] = [];
  private readonly seqs = new Map<number, number>();
  private readonly messages = new WeakMap<object, Origin>();
  private readonly results = new Map<string, Origin & { readonly index: number | undefined }>();
  private readonly proposals = new Map<unknown, { node: number; requestId: string }>();

  /** `node`, with each Ready its step returns recorded; everything else passes through. */
  wrapNode<N extends { readonly id: number }>(node: N): N {
    const step = (node as unknown as { step(input: StepInput): ReadyShape }).step.bind(node);
    const recorded = (input: StepInput): ReadyShape => {
      if (input.type === "propose" && input.requestId !== undefined)
        this.proposals.set(input.command, { node: node.id, requestId: input.requestId });
      if (input.type.startsWith("snapshot-") && input.lastIncludedIndex !== undefined)
        this.events.push({
          kind: "snapshot-done",
          node: node.id,
          index: input.lastIncludedIndex,
          what: input.type,
        });
      const ready = step(input);
      this.recordReady(node.id, ready);
      return ready;
    };
    return new Proxy(node, {
      get(target, property) {
        if (property === "step") return recorded;
        const value: unknown = Reflect.get(target, property, target);
        return typeof value === "function" ? value.bind(target) : value;
      },
    });
  }

  /** Records the storage's saves, writes and syncs (patched on the instance, which is returned). */
  spyStorage<S extends StorageShape>(node: number, storage: S): S {
    const { saveHardState, writeEntries, sync, saveSnapshot } = storage;
    if (saveSnapshot !== undefined)
      storage.saveSnapshot = (snapshot) => {
        saveSnapshot.call(storage, snapshot);
        this.events.push({ kind: "save-snapshot", node, index: snapshot.lastIncludedIndex });
      };
    storage.saveHardState = (state) => {
      saveHardState.call(storage, state);
      this.events.push({ kind: "save-hard-state", node, term: state.term });
    };
    storage.writeEntries = (fromIndex, entries) => {
      writeEntries.call(storage, fromIndex, entries);
      this.events.push({ kind: "write", node, fromIndex, count: entries.length });
    };
    storage.sync = () => {
      sync.call(storage);
      this.events.push({ kind: "sync", node });
    };
    return storage;
  }

  /** The driver hands `message` (an object some Ready held) to the network. */
  sent(message: object): void {
    const origin = this.messages.get(message);
    if (origin === undefined) throw new Error("the driver sent a message that no Ready held");
    const { type, entries } = message as { type?: string; entries?: readonly unknown[] };
    const heartbeat = type === "append-entries" && entries?.length === 0;
    this.events.push({ kind: "send", ...origin, what: `a ${type} message`, heartbeat });
  }

  /** The driver answers request `requestId` of `node`; ignored unless a Ready held its result. */
  replied(node: number, requestId: string): void {
    const origin = this.results.get(`${node}:${requestId}`);
    if (origin === undefined) return; // a client timeout, not a result: the contract says nothing
    this.events.push({ kind: "reply", ...origin, requestId });
  }

  /** The request a node got for `command` (the very object a client proposed), if it got one. */
  proposalOf(command: unknown): { node: number; requestId: string } | undefined {
    return this.proposals.get(command);
  }

  /** The driver hands the applied entry at `index` to whoever observes node `node`'s state machine. */
  applied(node: number, index: number): void {
    this.events.push({ kind: "apply", node, index });
  }

  check(): ContractViolation[] {
    return checkContract(this.events);
  }

  /** How many events of a kind: a run that never sent or replied proves nothing. */
  count(kind: ContractEvent["kind"]): number {
    return this.events.filter((event) => event.kind === kind).length;
  }

  private recordReady(node: number, ready: ReadyShape): void {
    const seq = (this.seqs.get(node) ?? 0) + 1;
    this.seqs.set(node, seq);
    const { persist, hardState } = ready;
    this.events.push({
      kind: "ready",
      ready: {
        node,
        seq,
        hardState: hardState === undefined ? undefined : { ...hardState },
        persist:
          persist === undefined
            ? undefined
            : { fromIndex: persist.fromIndex, count: persist.entries.length },
      },
    });
    for (const message of ready.messages) this.messages.set(message, { node, seq });
    for (const { requestId, outcome } of ready.results ?? []) {
      const index = outcome.type === "applied" ? outcome.index : undefined;
      this.results.set(`${node}:${requestId}`, { node, seq, index });
    }
  }
}
