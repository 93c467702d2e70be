// Course glue, not part of the task: a failing scenario run, replayed once more with a recorder,
// written as a trace the viewer reads (packages/viewer, `pnpm viewer FILE`). The recorder sees
// the run from outside the code under test: each node's inputs and outputs through a wrapped node
// factory, and the harness's faults and client history through its public methods, wrapped on the
// class for the one replay. A (scenario, seed) run is deterministic, so the replay is the run
// that failed. Not a test file itself.
import { mkdirSync, writeFileSync } from "node:fs";
import { dirname, join, relative } from "node:path";
import { fileURLToPath } from "node:url";
import type {
  HarnessMessage,
  HarnessNode,
  HistoryEvent,
  NodeFactory,
  ScenarioResult,
} from "#stage";

/** What the recorder reads of a harness: its clock, its nodes and its clients' history. */
interface HarnessLike {
  now(): number;
  readonly ids: readonly number[];
  readonly history: readonly HistoryEvent[];
}

/** A scenario of either track (their harness classes differ in type, not in shape). */
export interface ScenarioLike {
  readonly name: string;
  readonly options: { readonly electionTimeoutTicks?: number | undefined };
}

/** What the recorder needs of a stage 07 (the learner's or the reference). */
export interface TracedStage<S extends ScenarioLike> {
  readonly ClusterHarness: { readonly prototype: object };
  readonly runScenario: (scenario: S, seed: number, createNode?: NodeFactory) => ScenarioResult;
  readonly createRaftNode: NodeFactory;
}

/** One harness tick drawn as 10 ms of run time (the viewer's clock is in microseconds). */
export const tickUs = 10_000;

const repoRoot = join(dirname(fileURLToPath(import.meta.url)), "..", "..", "..");
/** Git-ignored, with the course's other local files. */
export const tracesDir = join(repoRoot, ".course", "traces");

type TraceEvent = { readonly t: number; readonly kind: string } & Record<string, unknown>;
type Input = Parameters<HarnessNode["step"]>[0];
type Ready = ReturnType<HarnessNode["step"]>;

interface Seen {
  role: string;
  term: number;
  commit: number;
  terms: number[];
  commands: string[];
}

/** The harness methods whose calls the trace shows (faults), or that tell the recorder the time. */
const watchedMethods = [
  "tick",
  "run",
  "runUntil",
  "invoke",
  "crash",
  "restart",
  "partition",
  "heal",
  "settle",
  "finish",
] as const;

class Recorder {
  readonly events: TraceEvent[] = [];
  private harness: HarnessLike | undefined;
  private readonly seen = new Map<number, Seen>();
  private readonly messageIds = new WeakMap<object, number>();
  private nextMessageId = 1;
  private lastT = 0;
  private episode = 0;
  private readonly crashEpisode = new Map<number, number>();
  private partitionEpisodes: number[] = [];
  private historySeen = 0;
  private readonly clientOfOp = new Map<string | number, number>();
  private readonly numbers = new Map<string | number, number>();

  /** Now, in µs: the harness's tick, plus 1 µs per event within it so that order shows. */
  now(): number {
    const base = (this.harness?.now() ?? 0) * tickUs;
    this.lastT = Math.max(base, this.lastT + 1);
    return this.lastT;
  }

  push(event: Record<string, unknown> & { kind: string }): void {
    this.events.push({ t: this.now(), ...event });
  }

  wrapFactory(createNode: NodeFactory): NodeFactory {
    return (config, storage, random) => {
      const node = createNode(config, storage, random);
      this.observe(node, undefined);
      return new Proxy(node, {
        get: (target, property) => {
          if (property === "step") return (input: Input) => this.step(target, input);
          const value: unknown = Reflect.get(target, property);
          return typeof value === "function" ? value.bind(target) : value;
        },
      });
    };
  }

  /** The wrapped harness methods for one replay; the returned function puts the originals back. */
  watch(prototype: object): () => void {
    const methods = prototype as unknown as Record<string, unknown>;
    const originals = new Map<string, (...args: unknown[]) => unknown>();
    for (const name of watchedMethods) {
      const original = methods[name];
      if (typeof original !== "function") continue;
      originals.set(name, original as (...args: unknown[]) => unknown);
      const recorder = this;
      methods[name] = function (this: HarnessLike, ...args: unknown[]) {
        recorder.harness = this;
        recorder.before(name, args);
        const result = (original as (...a: unknown[]) => unknown).apply(this, args);
        recorder.after(name, args);
        return result;
      };
    }
    return () => {
      for (const [name, original] of originals) methods[name] = original;
    };
  }

  /** The run's violations (the run stops at the first), and a node that threw, at the end. */
  finishWith(result: ScenarioResult): void {
    for (const violation of result.violations) {
      const t = Math.max(this.lastT, violation.tick * tickUs);
      this.lastT = t;
      this.events.push({ t, kind: "violation", ...violation });
    }
    if (result.failure !== undefined) {
      const { node, message } = result.failure;
      this.push({
        kind: "violation",
        invariant: "node-threw",
        detail: `node ${node} threw: ${message}`,
      });
    }
  }

  nodeCount(): number {
    return this.harness?.ids.length ?? Math.max(0, ...this.seen.keys());
  }

  private step(node: HarnessNode, input: Input): Ready {
    this.syncHistory();
    if (input.type === "message") this.push(this.messageEvent("deliver", input.message));
    const ready = node.step(input);
    if (ready.hardState !== undefined)
      this.push({
        kind: "vote",
        node: node.id,
        term: ready.hardState.term,
        vote: ready.hardState.votedFor,
      });
    this.observe(node, ready);
    for (const message of ready.messages) this.push(this.messageEvent("send", message));
    return ready;
  }

  /** Role, term, log and commit index as they stand now, against what the trace showed last. */
  private observe(node: HarnessNode, ready: Ready | undefined): void {
    const seen = this.seenOf(node.id);
    if (node.role !== seen.role || node.term !== seen.term) {
      seen.role = node.role;
      seen.term = node.term;
      this.push({ kind: "role", node: node.id, role: node.role, term: node.term });
    }
    this.observeLog(node, seen);
    if (node.commitIndex !== seen.commit) {
      seen.commit = node.commitIndex;
      this.push({ kind: "commit", node: node.id, index: node.commitIndex });
    }
    for (const entry of ready?.applied ?? [])
      this.push({ kind: "apply", node: node.id, index: entry.index });
  }

  /** A log event from the first index that differs from what the trace showed (a rewrite or an append). */
  private observeLog(node: HarnessNode, seen: Seen): void {
    const last = node.log.lastIndex();
    let from = 1;
    while (from <= last && from <= seen.terms.length) {
      const entry = node.log.entryAt(from);
      if (
        entry?.term !== seen.terms[from - 1] ||
        entry?.command.join(" ") !== seen.commands[from - 1]
      )
        break;
      from++;
    }
    if (from > last && last === seen.terms.length) return;
    const terms: number[] = [];
    const commands: string[] = [];
    for (let index = from; index <= last; index++) {
      const entry = node.log.entryAt(index);
      terms.push(entry?.term ?? 0);
      commands.push(entry?.command.join(" ") ?? "");
    }
    seen.terms.splice(from - 1, Number.POSITIVE_INFINITY, ...terms);
    seen.commands.splice(from - 1, Number.POSITIVE_INFINITY, ...commands);
    this.push({ kind: "log", node: node.id, from, terms, commands });
  }

  private messageEvent(
    kind: "send" | "deliver",
    message: HarnessMessage,
  ): Record<string, unknown> & { kind: string } {
    let id = this.messageIds.get(message);
    if (id === undefined && kind === "send") {
      id = this.nextMessageId++;
      this.messageIds.set(message, id);
    }
    const common = {
      kind,
      from: message.from,
      to: message.to,
      type: message.type,
      term: message.term,
      id,
    };
    switch (message.type) {
      case "append-entries":
        return {
          ...common,
          entries: message.entries.length,
          prev: message.prevIndex,
          commit: message.leaderCommit,
        };
      case "append-entries-response":
        return { ...common, ok: message.success, match: message.matchIndex };
      case "request-vote":
        return { ...common, lastIndex: message.lastLogIndex, lastTerm: message.lastLogTerm };
      case "request-vote-response":
        return { ...common, granted: message.granted };
    }
  }

  private before(name: string, args: unknown[]): void {
    if (name === "restart") {
      const id = args[0] as number;
      const episode = this.crashEpisode.get(id) ?? ++this.episode;
      this.push({ kind: "fault", fault: "restart", episode, nodes: [id] });
    }
  }

  private after(name: string, args: unknown[]): void {
    switch (name) {
      case "crash": {
        const [id, kept = 0] = args as [number, number | undefined];
        const episode = ++this.episode;
        this.crashEpisode.set(id, episode);
        const detail = kept > 0 ? `its disk kept ${kept} unsynced entries` : undefined;
        this.push({
          kind: "fault",
          fault: "crash",
          episode,
          nodes: [id],
          ...(detail ? { detail } : {}),
        });
        // What the viewer resets at a crash: the volatile state.
        const seen = this.seenOf(id);
        seen.role = "down";
        seen.commit = 0;
        break;
      }
      case "partition":
        this.healPartition();
        this.partitionInto(args[0] as readonly (readonly number[])[]);
        break;
      case "heal":
        this.healPartition();
        break;
    }
    this.syncHistory();
  }

  /** One episode per pair of groups that cannot talk; a node in no group is a group of its own. */
  private partitionInto(groups: readonly (readonly number[])[]): void {
    const grouped = new Set(groups.flat());
    const ids = this.harness?.ids ?? [...this.seen.keys()];
    const all = [...groups, ...ids.filter((id) => !grouped.has(id)).map((id) => [id])];
    for (let i = 0; i < all.length; i++) {
      for (let j = i + 1; j < all.length; j++) {
        const [a, b] = [all[i]!, all[j]!];
        const episode = ++this.episode;
        this.partitionEpisodes.push(episode);
        this.push({
          kind: "fault",
          fault: "partition",
          episode,
          nodes: [...a, ...b],
          detail: `${a.join(",")} | ${b.join(",")}`,
        });
      }
    }
  }

  private healPartition(): void {
    for (const episode of this.partitionEpisodes)
      this.push({ kind: "fault", fault: "heal", episode, nodes: [] });
    this.partitionEpisodes = [];
  }

  /** Client events from what the harness added to its history since the last look. */
  private syncHistory(): void {
    const history = this.harness?.history ?? [];
    for (; this.historySeen < history.length; this.historySeen++) {
      const event = history[this.historySeen]!;
      const op = this.numberOf(`op:${event.id}`);
      if (event.type === "invoke") {
        const client = this.numberOf(`client:${event.client}`);
        this.clientOfOp.set(event.id, client);
        this.push({ kind: "client", client, op, event: "invoke", command: event.op });
      } else {
        const client = this.clientOfOp.get(event.id) ?? 0;
        this.push({ kind: "client", client, op, event: event.type });
      }
    }
  }

  /** Client and operation ids may be strings; the viewer numbers them. */
  private numberOf(key: string): number {
    let n = this.numbers.get(key);
    if (n === undefined) {
      const raw = Number(key.slice(key.indexOf(":") + 1));
      n = Number.isInteger(raw) ? raw : this.numbers.size + 1;
      this.numbers.set(key, n);
    }
    return n;
  }

  private seenOf(id: number): Seen {
    let seen = this.seen.get(id);
    if (seen === undefined) {
      seen = { role: "", term: -1, commit: 0, terms: [], commands: [] };
      this.seen.set(id, seen);
    }
    return seen;
  }
}

export interface ScenarioTrace {
  /** The trace file, relative to the repository root (where `pnpm viewer` runs). */
  readonly file: string;
  /** The line to put in a failure message. */
  readonly hint: string;
}

/**
 * Runs `scenario` with `seed` once more, recorded, and writes its trace to .course/traces/.
 * `createNode` is the node the failing run used (the stage's default node when it used none).
 */
export function writeScenarioTrace<S extends ScenarioLike>(
  stage: TracedStage<S>,
  scenario: S,
  seed: number,
  createNode: NodeFactory = stage.createRaftNode,
  label = "",
): ScenarioTrace {
  const recorder = new Recorder();
  const restore = recorder.watch(stage.ClusterHarness.prototype);
  let result: ScenarioResult;
  try {
    result = stage.runScenario(scenario, seed, recorder.wrapFactory(createNode));
  } finally {
    restore();
  }
  recorder.finishWith(result);
  const header = {
    t: 0,
    kind: "run",
    seed,
    nodes: recorder.nodeCount(),
    tickUs,
    electionTimeoutTicks: scenario.options.electionTimeoutTicks ?? 10,
    scenario: scenario.name,
    ...(label ? { mutant: label } : {}),
  };
  const name = `07-${scenario.name}-seed${seed}${label ? `-${label}` : ""}.jsonl`;
  mkdirSync(tracesDir, { recursive: true });
  const path = join(tracesDir, name);
  const lines = [header, ...recorder.events].map((event) => JSON.stringify(event));
  writeFileSync(path, `${lines.join("\n")}\n`);
  const file = relative(repoRoot, path);
  return { file, hint: `watch it: pnpm viewer ${file}` };
}

/** The trace hint for a failing run, or why there is none (a failure to write it must not hide the test's own). */
export function traceHint(write: () => ScenarioTrace): string {
  try {
    return write().hint;
  } catch (error) {
    return `(no trace: ${error instanceof Error ? error.message : String(error)})`;
  }
}
