// Client sessions (thesis §6.3): exactly-once commands. A client registers once (a log entry) and
// gets a client id; each of its commands then carries the id and a sequence number, and the state
// machine remembers, per client, the last sequence number applied and its reply. A retry of a
// command that was applied (its reply was lost, or the client heard "uncertain") gets the
// remembered reply instead of being applied twice: an INCR retried after a leader change counts
// once. The table is part of the replicated state, so it is in the snapshot, and sessions expire
// by a rule every replica applies at the same entry (a count of applied commands, never a clock).
import type { Command, Reply, StateMachine } from "#raft";

function error(message: string): Reply {
  return { type: "error", message };
}

function integer(value: number): Reply {
  return { type: "integer", value };
}

/** The same shape as stage 10's SnapshotStateMachine, so stage 10 can snapshot this one. */
export interface SnapshotCapable extends StateMachine {
  takeSnapshot(): Uint8Array;
  restoreSnapshot(data: Uint8Array): void;
}

export interface SessionLimits {
  /** Sessions kept at most; registering one more expires the least recently used. */
  readonly maxSessions: number;
  /** A session not used for this many applied commands (of any client) expires. */
  readonly maxIdleCommands: number;
}

export const defaultSessionLimits: SessionLimits = { maxSessions: 1000, maxIdleCommands: 100_000 };

/** `SESSION.REGISTER`: a new session; the reply is its client id (an integer). */
export const registerCommand = "SESSION.REGISTER";
/** `SESSION <clientId> <seq> <command...>`: a command of a session, applied at most once. */
export const sessionCommand = "SESSION";

interface Session {
  lastSeq: number;
  reply: Reply;
  /** The applied-command count when the session was last used: the expiry clock. */
  lastUsed: number;
}

export class SessionStateMachine implements SnapshotCapable {
  private readonly inner: StateMachine;
  private readonly limits: SessionLimits;
  /** The state machine's own clock: commands applied, the same at every replica after each entry. */
  private appliedCommands = 0;
  private nextClientId = 1;
  /** By client id, least recently used first (a use moves a session to the end). */
  private sessions = new Map<string, Session>();

  constructor(inner: StateMachine, limits: Partial<SessionLimits> = {}) {
    this.inner = inner;
    this.limits = { ...defaultSessionLimits, ...limits };
  }

  /** The number of live sessions, for tests and observers. */
  get size(): number {
    return this.sessions.size;
  }

  apply(command: Command): Reply {
    this.appliedCommands++;
    this.expireIdle();
    const name = command[0]?.toUpperCase();
    if (name === registerCommand) return this.register(command);
    if (name === sessionCommand) return this.applyInSession(command);
    return this.inner.apply(command); // a command without a session: at least once, as before
  }

  private register(command: Command): Reply {
    if (command.length !== 1)
      return error(`ERR wrong number of arguments for '${registerCommand}'`);
    throw new Error("not implemented: SessionStateMachine.register (§6.3: a new client id; at capacity, expire the least recently used)");
  }

  private applyInSession(command: Command): Reply {
    const [, clientId = "", seqText = "", ...inner] = command;
    const seq = Number(seqText);
    if (inner.length === 0 || !Number.isSafeInteger(seq) || seq < 1) {
      return error(`ERR usage: ${sessionCommand} <clientId> <seq ≥ 1> <command...>`);
    }
    throw new Error("not implemented: SessionStateMachine.applyInSession (§6.3: unknown client: expired; seen seq: its reply again; new seq: apply and remember)");
  }

  private touch(clientId: string, session: Session): void {
    session.lastUsed = this.appliedCommands;
    this.sessions.delete(clientId);
    this.sessions.set(clientId, session);
  }

  /** Expires sessions idle for more than maxIdleCommands: the oldest are first in the map. */
  private expireIdle(): void {
    throw new Error("not implemented: SessionStateMachine.expireIdle (drop sessions idle for more than maxIdleCommands applied commands)");
  }

  /**
   * A read-only query (a ReadIndex read, §6.4) on the state inside: not a log entry, so it does
   * not count on the expiry clock, which must move only with applied entries.
   */
  query(command: Command): Reply {
    return this.inner.apply(command);
  }

  /** The session table and the inner state machine's snapshot, as one JSON document. */
  takeSnapshot(): Uint8Array {
    if (!isSnapshotCapable(this.inner)) {
      throw new Error("the state machine inside the sessions takes no snapshot");
    }
    const state: SnapshotState = {
      version: sessionSnapshotVersion,
      appliedCommands: this.appliedCommands,
      nextClientId: this.nextClientId,
      sessions: [...this.sessions].map(([clientId, s]) => [
        clientId,
        s.lastSeq,
        s.lastUsed,
        s.reply,
      ]),
      inner: Buffer.from(this.inner.takeSnapshot()).toString("base64"),
    };
    return new TextEncoder().encode(JSON.stringify(state, bigintReplacer));
  }

  restoreSnapshot(data: Uint8Array): void {
    if (!isSnapshotCapable(this.inner)) {
      throw new Error("the state machine inside the sessions takes no snapshot");
    }
    const state = JSON.parse(new TextDecoder().decode(data), bigintReviver) as SnapshotState;
    if (state.version !== sessionSnapshotVersion) {
      throw new Error(
        `session snapshot version ${state.version}, expected ${sessionSnapshotVersion}`,
      );
    }
    this.inner.restoreSnapshot(new Uint8Array(Buffer.from(state.inner, "base64")));
    this.appliedCommands = state.appliedCommands;
    this.nextClientId = state.nextClientId;
    this.sessions = new Map(
      state.sessions.map(([clientId, lastSeq, lastUsed, reply]) => [
        clientId,
        { lastSeq, reply, lastUsed },
      ]),
    );
  }
}

const sessionSnapshotVersion = 1;

interface SnapshotState {
  readonly version: number;
  readonly appliedCommands: number;
  readonly nextClientId: number;
  /** [clientId, lastSeq, lastUsed, reply], least recently used first. */
  readonly sessions: readonly [string, number, number, Reply][];
  /** The inner state machine's snapshot, base64. */
  readonly inner: string;
}

function isSnapshotCapable(machine: StateMachine): machine is SnapshotCapable {
  const candidate = machine as Partial<SnapshotCapable>;
  return (
    typeof candidate.takeSnapshot === "function" && typeof candidate.restoreSnapshot === "function"
  );
}

// An INCR past 2^53 replies with a bigint, which JSON cannot hold: kept as {"bigint": "digits"}.
function bigintReplacer(_key: string, value: unknown): unknown {
  return typeof value === "bigint" ? { bigint: value.toString() } : value;
}

function bigintReviver(_key: string, value: unknown): unknown {
  if (typeof value === "object" && value !== null && "bigint" in value) {
    return BigInt((value as { bigint: string }).bigint);
  }
  return value;
}
