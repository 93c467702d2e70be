// Exhaustive check of a controller: a breadth-first search over every reachable (controller state,
// lights, running timers) with the button pressed at any moment, checking safety after every
// action and liveness from every state. Time is discrete: it moves in ticks (1 s by default), and
// each timer remembers how many ms it has left. Every duration here is a whole number of seconds,
// so a press at 15.4 s orders against the timers exactly as a press at some whole second does.
import type { Action, Color, Lights, Machine, Step, TimerName } from "./lights.ts";

export interface ExploreOptions {
  /** Time moves in steps of this size; every timer delay must be a whole number of ticks. */
  tickMs?: number;
  /** Bound on distinct states: a state holding a counter would otherwise explore forever. */
  maxStates?: number;
  /** Liveness horizon: from every state, timers alone turn each direction green within this. */
  greenWithinMs?: number;
}

/** One controller event on the way to a violation, with the lights after it. */
export interface TraceStep {
  readonly atMs: number;
  readonly event: string;
  readonly lights: Lights | undefined;
}

export type ExploreResult =
  | { readonly ok: true; readonly statesExplored: number }
  | {
      readonly ok: false;
      readonly statesExplored: number;
      readonly rule: string;
      readonly detail: string;
      /** From the start to the event that broke the rule (for liveness: on to the horizon). */
      readonly trace: readonly TraceStep[];
    };

/** The rules the checker reports, by name. */
export const rules = {
  exclusive: "safety: never green or yellow both ways",
  yellowBetween: "safety: yellow always comes between green and red",
  timerPending: "liveness: a timer is always pending, so the lights never wait for a pedestrian",
  greenAgain: "liveness: each direction turns green again",
  oneTimerPerName: "a timer is started only when it is not already running",
  wholeTicks: "explorer model: timer delays are whole ticks",
  noThrow: "the controller's step never throws",
} as const;

export function explore<S>(machine: Machine<S>, options: ExploreOptions = {}): ExploreResult {
  // solution:begin
  const config = {
    tickMs: options.tickMs ?? 1000,
    maxStates: options.maxStates ?? 100_000,
    greenWithinMs: options.greenWithinMs ?? 300_000,
  };
  if (!Number.isInteger(config.tickMs) || config.tickMs < 1) {
    throw new RangeError(`explore: tickMs must be an integer ≥ 1, got ${config.tickMs}`);
  }
  const search = new Search(machine, config);
  const failure = search.run() ?? search.checkLiveness();
  const statesExplored = search.size;
  return failure === undefined
    ? { ok: true, statesExplored }
    : { ok: false, statesExplored, ...failure };
  // solution:end
  // starter: throw new Error("not implemented: explore (BFS over (state, lights, timers); press or tick from each)");
}

/** A trace as text, one event a line, for failure messages. */
export function formatTrace(trace: readonly TraceStep[]): string {
  // solution:begin
  return trace
    .map((step) => {
      const lights = step.lights ? `NS ${step.lights.ns}, EW ${step.lights.ew}` : "no lights yet";
      return `  t=${(step.atMs / 1000).toFixed(1)}s ${step.event.padEnd(14)} → ${lights}`;
    })
    .join("\n");
  // solution:end
  // starter: throw new Error("not implemented: formatTrace (one line per step: time, event, lights)");
}

// solution:begin
interface RunningTimer {
  readonly name: TimerName;
  readonly remainingMs: number;
}

/** What the checker tracks: the machine's state plus the world the driver keeps around it. */
interface World<S> {
  readonly ctrl: S;
  readonly lights: Lights | undefined;
  /** In the order they were started, which breaks ties between timers due in the same tick. */
  readonly timers: readonly RunningTimer[];
}

interface Failure {
  rule: string;
  detail: string;
  trace: TraceStep[];
}

type Moved<S> =
  | { ok: true; world: World<S>; events: TraceStep[]; atMs: number }
  | { ok: false; failure: Failure };

interface Node<S> {
  readonly world: World<S>;
  readonly parent: Node<S> | undefined;
  /** The events of the move that reached this node from its parent. */
  readonly events: readonly TraceStep[];
  readonly atMs: number;
}

interface SearchConfig {
  tickMs: number;
  maxStates: number;
  greenWithinMs: number;
}

/** The trace up to a move, built only when the move fails. */
type TraceBefore = () => TraceStep[];

class Search<S> {
  private readonly machine: Machine<S>;
  private readonly config: SearchConfig;
  private readonly visited = new Map<string, Node<S>>();

  constructor(machine: Machine<S>, config: SearchConfig) {
    this.machine = machine;
    this.config = config;
  }

  get size(): number {
    return this.visited.size;
  }

  /** Breadth-first over press and tick moves; the first broken rule, or undefined. */
  run(): Failure | undefined {
    const empty: World<S> = { ctrl: undefined as S, lights: undefined, timers: [] };
    const start = this.move(
      empty,
      0,
      () => [],
      () => this.machine.initial(),
      "start",
    );
    if (!start.ok) return start.failure;
    const root: Node<S> = { world: start.world, parent: undefined, events: start.events, atMs: 0 };
    this.visited.set(keyOf(root.world), root);
    const queue: Node<S>[] = [root];
    for (let head = 0; head < queue.length; head++) {
      const node = queue[head]!;
      for (const moved of [this.press(node), this.tick(node)]) {
        if (!moved.ok) return moved.failure;
        const key = keyOf(moved.world);
        if (this.visited.has(key)) continue;
        if (this.visited.size >= this.config.maxStates) {
          throw new RangeError(`explore: more than ${this.config.maxStates} states (maxStates)`);
        }
        const next = { world: moved.world, parent: node, events: moved.events, atMs: moved.atMs };
        this.visited.set(key, next);
        queue.push(next);
      }
    }
    return undefined;
  }

  /** From every state, ticks alone (nobody presses) must show green each way within the horizon. */
  checkLiveness(): Failure | undefined {
    const maxTicks = Math.ceil(this.config.greenWithinMs / this.config.tickMs);
    for (const start of this.visited.values()) {
      const seen = { ns: false, ew: false };
      let node = start;
      for (let tick = 0; ; tick++) {
        seen.ns ||= node.world.lights?.ns === "green";
        seen.ew ||= node.world.lights?.ew === "green";
        if (seen.ns && seen.ew) break;
        if (tick >= maxTicks) {
          const detail =
            `${seen.ns ? "EW" : "NS"} not green within ${this.config.greenWithinMs} ms ` +
            `of t=${start.atMs} ms when nobody presses`;
          return { rule: rules.greenAgain, detail, trace: traceTo(node) };
        }
        const moved = this.tick(node);
        if (!moved.ok) return moved.failure;
        node = { world: moved.world, parent: node, events: moved.events, atMs: moved.atMs };
      }
    }
    return undefined;
  }

  private press(node: Node<S>): Moved<S> {
    const { ctrl } = node.world;
    const takeStep = () => this.machine.step(ctrl, { type: "button" });
    return this.move(node.world, node.atMs, () => traceTo(node), takeStep, "button");
  }

  /** One tick passes: every timer that reaches 0 fires, in the order the timers were started. */
  private tick(node: Node<S>): Moved<S> {
    const { tickMs } = this.config;
    const atMs = node.atMs + tickMs;
    const timers = node.world.timers.map((t) => ({ ...t, remainingMs: t.remainingMs - tickMs }));
    let world: World<S> = { ...node.world, timers };
    const events: TraceStep[] = [];
    for (;;) {
      const due = world.timers.find((t) => t.remainingMs <= 0);
      if (due === undefined) return { ok: true, world, events, atMs };
      const { ctrl } = world;
      const firing = { ...world, timers: world.timers.filter((t) => t !== due) };
      const takeStep = () => this.machine.step(ctrl, { type: "timer", name: due.name });
      const before = () => [...traceTo(node), ...events];
      const moved = this.move(firing, atMs, before, takeStep, `timer ${due.name}`);
      if (!moved.ok) return moved;
      world = moved.world;
      events.push(...moved.events);
    }
  }

  /** One machine step: takes it, does its actions against `world`, checks every rule on the way. */
  private move(
    world: World<S>,
    atMs: number,
    before: TraceBefore,
    takeStep: () => Step<S>,
    event: string,
  ): Moved<S> {
    const fail = (rule: string, detail: string, lights: Lights | undefined): Moved<S> => ({
      ok: false,
      failure: { rule, detail, trace: [...before(), { atMs, event, lights }] },
    });
    let step: Step<S>;
    try {
      step = takeStep();
    } catch (error) {
      return fail(rules.noThrow, String(error), world.lights);
    }
    let next: World<S> = { ...world, ctrl: step.state };
    for (const action of step.actions) {
      const result = this.act(next, action);
      if ("rule" in result) return fail(result.rule, result.detail, result.lights);
      next = result;
    }
    if (next.timers.length === 0) {
      const detail = `no timer running after '${event}' (NS ${next.lights?.ns}, EW ${next.lights?.ew})`;
      return fail(rules.timerPending, detail, next.lights);
    }
    return { ok: true, world: next, events: [{ atMs, event, lights: next.lights }], atMs };
  }

  private act(world: World<S>, action: Action): World<S> | Broken {
    switch (action.type) {
      case "setLights": {
        const broken = lightsRule(world.lights, action.lights);
        return broken ? { ...broken, lights: action.lights } : { ...world, lights: action.lights };
      }
      case "startTimer": {
        const { name, delayMs } = action;
        if (world.timers.some((t) => t.name === name)) {
          const detail = `'${name}' started while running`;
          return { rule: rules.oneTimerPerName, detail, lights: world.lights };
        }
        if (!Number.isInteger(delayMs / this.config.tickMs) || delayMs <= 0) {
          const detail = `'${name}' for ${delayMs} ms with ticks of ${this.config.tickMs} ms`;
          return { rule: rules.wholeTicks, detail, lights: world.lights };
        }
        return { ...world, timers: [...world.timers, { name, remainingMs: delayMs }] };
      }
      case "cancelTimer":
        return { ...world, timers: world.timers.filter((t) => t.name !== action.name) };
    }
  }
}

interface Broken {
  rule: string;
  detail: string;
  lights: Lights | undefined;
}

const allowedNext: Record<Color, readonly Color[]> = {
  green: ["green", "yellow"],
  yellow: ["yellow", "red"],
  red: ["red", "green"],
};

function lightsRule(
  before: Lights | undefined,
  after: Lights,
): { rule: string; detail: string } | undefined {
  if (after.ns !== "red" && after.ew !== "red") {
    return { rule: rules.exclusive, detail: `NS ${after.ns} and EW ${after.ew} at once` };
  }
  if (before === undefined) return undefined;
  for (const direction of ["ns", "ew"] as const) {
    if (!allowedNext[before[direction]].includes(after[direction])) {
      const detail = `${direction.toUpperCase()} went ${before[direction]} → ${after[direction]}`;
      return { rule: rules.yellowBetween, detail };
    }
  }
  return undefined;
}

function keyOf<S>(world: World<S>): string {
  return JSON.stringify([world.ctrl, world.lights, world.timers]);
}

function traceTo<S>(node: Node<S>): TraceStep[] {
  const parts: (readonly TraceStep[])[] = [];
  for (let at: Node<S> | undefined = node; at; at = at.parent) parts.push(at.events);
  return parts.reverse().flat();
}
// solution:end
