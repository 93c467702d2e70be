// A small way to write histories by hand in tests: ids are handed out in order, and each call
// appends one event, so the order of the calls is the real-time order.
import type { Command, Reply } from "#kv";
import type { ClientId, HistoryEvent, OpId } from "./history.ts";

export class HistoryBuilder {
  readonly events: HistoryEvent[] = [];
  private nextId = 1;

  /** `client` sends `op`; returns the operation's id for its completion. */
  invoke(client: ClientId, op: Command): OpId {
    const id = this.nextId++;
    this.events.push({ type: "invoke", client, id, op });
    return id;
  }

  /** The operation took effect and answered `result`. */
  ok(id: OpId, result: Reply): this {
    this.events.push({ type: "ok", id, result });
    return this;
  }

  /** The operation certainly did not take effect. */
  fail(id: OpId): this {
    this.events.push({ type: "fail", id });
    return this;
  }

  /** Nobody knows whether the operation took effect (a timeout, a crash). */
  info(id: OpId): this {
    this.events.push({ type: "info", id });
    return this;
  }

  /** One operation invoked and completed at once: a step with nothing concurrent. */
  run(client: ClientId, op: Command, result: Reply): OpId {
    const id = this.invoke(client, op);
    this.ok(id, result);
    return id;
  }
}

export function historyBuilder(): HistoryBuilder {
  return new HistoryBuilder();
}
