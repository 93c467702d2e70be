// One node of the live cluster, polled through its admin commands: RAFT.STATUS, RAFT.EVENTS
// (the peer messages since the last poll), RAFT.LOG and RAFT.STATE when they changed. Turns
// what changed since the last poll into viewer events, timed in µs since the feed started.
import { Redis } from "ioredis";
import type { FaultEvent, ViewerEvent } from "../trace/events.ts";

interface Status {
  readonly id: number;
  readonly role: string;
  readonly term: number;
  readonly votedFor: number | null;
  readonly commitIndex: number;
  readonly lastApplied: number;
  readonly logLength: number;
  readonly paused: boolean;
  readonly peers: Record<string, { readonly cut: boolean }>;
  readonly electionElapsedTicks?: number;
  readonly electionTimeoutTicks?: number;
}

interface StreamedMessage {
  readonly t: number;
  readonly kind: "send" | "deliver";
  readonly [field: string]: unknown;
}

/** Entries read per RAFT.LOG: the viewer shows a live log's tail. */
const logTailEntries = 200;

export class NodePoller {
  readonly id: number;
  readonly client: Redis;
  private last: Status | undefined;
  private up: boolean | undefined;
  private cursor = 0;
  private lastLogKey = "";

  constructor(id: number, port: number) {
    this.id = id;
    this.client = new Redis({
      host: "127.0.0.1",
      port,
      lazyConnect: true,
      enableOfflineQueue: false,
      maxRetriesPerRequest: 0,
      connectTimeout: 500,
      commandTimeout: 1000,
      retryStrategy: () => null,
    });
    this.client.on("error", () => {});
  }

  /** One poll: the events it saw, with t relative to startUs. */
  async poll(startUs: number): Promise<ViewerEvent[]> {
    const nowUs = () => Date.now() * 1000 - startUs;
    let status: Status;
    let page: { next: number; events: StreamedMessage[] };
    try {
      if (this.client.status !== "ready") await this.reconnect();
      status = JSON.parse(String(await this.client.call("RAFT.STATUS"))) as Status;
      page = JSON.parse(String(await this.client.call("RAFT.EVENTS", String(this.cursor))));
    } catch {
      return this.markDown(nowUs());
    }
    const t = nowUs();
    const events: ViewerEvent[] = this.markUp(t);
    if (page.next < this.cursor)
      this.cursor = 0; // the node restarted: its numbering did too
    else this.cursor = page.next;
    for (const m of page.events) events.push({ ...m, t: m.t - startUs } as unknown as ViewerEvent);
    events.push(...this.changes(status, t));
    events.push(...(await this.logAndState(status, t)));
    this.last = status;
    return events;
  }

  async call(...command: string[]): Promise<string> {
    if (this.client.status !== "ready") await this.reconnect();
    return String(await this.client.call(command[0]!, ...command.slice(1)));
  }

  close(): void {
    this.client.disconnect();
  }

  private async reconnect(): Promise<void> {
    this.client.disconnect();
    await this.client.connect();
  }

  private markDown(t: number): ViewerEvent[] {
    if (this.up === false) return [];
    this.up = false;
    this.last = undefined;
    this.lastLogKey = "";
    return [this.fault(t, "kill", "not answering")];
  }

  private markUp(t: number): ViewerEvent[] {
    if (this.up === true) return [];
    const wasDown = this.up === false;
    this.up = true;
    return wasDown ? [this.fault(t, "restart")] : [];
  }

  private fault(t: number, fault: string, detail?: string): FaultEvent {
    return {
      t,
      kind: "fault",
      fault,
      episode: 1000 + this.id,
      nodes: [this.id],
      ...(detail ? { detail } : {}),
    };
  }

  private changes(s: Status, t: number): ViewerEvent[] {
    const before = this.last;
    const node = this.id;
    const out: ViewerEvent[] = [];
    if (before?.role !== s.role || before.term !== s.term)
      out.push({ t, kind: "role", node, role: s.role, term: s.term });
    if (before?.term !== s.term || before.votedFor !== s.votedFor)
      out.push({ t, kind: "vote", node, term: s.term, vote: s.votedFor });
    if (before?.commitIndex !== s.commitIndex)
      out.push({ t, kind: "commit", node, index: s.commitIndex });
    if (before?.lastApplied !== s.lastApplied)
      out.push({ t, kind: "apply", node, index: s.lastApplied });
    if (before?.paused !== s.paused)
      if (s.paused || before !== undefined)
        out.push({
          t,
          kind: "fault",
          fault: s.paused ? "pause" : "resume",
          episode: 1100 + node,
          nodes: [node],
        });
    out.push(...this.cutChanges(before, s, t));
    const elapsed = s.electionElapsedTicks;
    const timeout = s.electionTimeoutTicks;
    if (elapsed !== undefined && timeout !== undefined) {
      const reset =
        before?.electionElapsedTicks === undefined ||
        elapsed < before.electionElapsedTicks ||
        timeout !== before.electionTimeoutTicks;
      if (reset) out.push({ t, kind: "timer", node, elapsed, timeout });
    }
    return out;
  }

  private cutChanges(before: Status | undefined, s: Status, t: number): ViewerEvent[] {
    const out: ViewerEvent[] = [];
    for (const [peer, link] of Object.entries(s.peers)) {
      const was = before?.peers[peer]?.cut ?? false;
      if (link.cut === was) continue;
      const episode = 2000 + this.id * 100 + Number(peer);
      out.push({
        t,
        kind: "fault",
        fault: link.cut ? "cut" : "heal",
        episode,
        nodes: [this.id, Number(peer)],
        detail: `${this.id} | ${peer}`,
      });
    }
    return out;
  }

  /** The log's tail and the key-value state, read again only when they may have changed. */
  private async logAndState(s: Status, t: number): Promise<ViewerEvent[]> {
    const key = `${s.logLength}:${s.term}:${s.commitIndex}`;
    if (key === this.lastLogKey) return [];
    this.lastLogKey = key;
    const out: ViewerEvent[] = [];
    try {
      const tail = JSON.parse(await this.call("RAFT.LOG", String(logTailEntries))) as {
        index: number;
        term: number;
        command: string[];
      }[];
      const from = tail[0]?.index ?? 1;
      out.push({
        t,
        kind: "log",
        node: this.id,
        from,
        terms: tail.map((e) => e.term),
        commands: tail.map((e) => e.command.join(" ")),
      });
      if (s.lastApplied !== this.last?.lastApplied || this.last === undefined) {
        const flat = (await this.client.call("RAFT.STATE")) as string[];
        const pairs: [string, string][] = [];
        for (let i = 0; i + 1 < flat.length; i += 2) pairs.push([flat[i]!, flat[i + 1]!]);
        out.push({ t, kind: "kv", node: this.id, pairs });
      }
    } catch {
      this.lastLogKey = "";
    }
    return out;
  }
}
