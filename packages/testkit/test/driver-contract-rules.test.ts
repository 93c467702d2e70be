// The driver contract checker on hand-written runs: what each rule accepts and refuses, so the
// conformance suite (driver-contract.test.ts) fails for the right reason.
import { describe, expect, test } from "vitest";
import { type ContractEvent, checkContract, type ReadyRecord } from "./driver-contract/contract.ts";

const node = 1;
const ready = (seq: number, extra: Partial<ReadyRecord> = {}): ContractEvent => ({
  kind: "ready",
  ready: { node, seq, hardState: undefined, persist: undefined, ...extra },
});
const entries = (fromIndex: number, count: number) => ({ persist: { fromIndex, count } });
const write = (fromIndex: number, count: number): ContractEvent => ({
  kind: "write",
  node,
  fromIndex,
  count,
});
const sync: ContractEvent = { kind: "sync", node };
const send = (seq: number, heartbeat = false): ContractEvent => ({
  kind: "send",
  node,
  seq,
  what: heartbeat ? "a heartbeat" : "an append-entries-response",
  heartbeat,
});
const reply = (seq: number, index?: number): ContractEvent => ({
  kind: "reply",
  node,
  seq,
  requestId: `r${seq}`,
  index,
});
const rules = (events: ContractEvent[]) => checkContract(events).map((v) => v.rule);

describe("persist, then send", () => {
  test("entries written and synced before the message: kept", () => {
    expect(rules([ready(1, entries(1, 2)), write(1, 2), sync, send(1)])).toEqual([]);
  });

  test("a message before its entries' sync breaks it, and the message says which entries", () => {
    const found = checkContract([ready(1, entries(1, 2)), write(1, 2), send(1), sync]);
    expect(found.map((v) => v.rule)).toEqual(["persist-before-send"]);
    expect(found[0]?.message).toContain("entries 1..2 were written but not synced");
  });

  test("a message of a later Ready waits for an earlier Ready's entries too (no reordering)", () => {
    expect(rules([ready(1, entries(1, 1)), ready(2), write(1, 1), send(2), sync])).toEqual([
      "persist-before-send",
    ]);
  });

  test("one write and one sync may cover a batch of Readies", () => {
    expect(
      rules([
        ready(1, entries(1, 1)),
        ready(2, entries(2, 1)),
        write(1, 2),
        sync,
        send(1),
        send(2),
      ]),
    ).toEqual([]);
  });

  test("a vote leaves only after the hard state is saved", () => {
    const voted = ready(1, { hardState: { term: 2, votedFor: 3 } });
    expect(rules([voted, send(1)])).toEqual(["persist-before-send"]);
    expect(rules([voted, { kind: "save-hard-state", node, term: 2 }, send(1)])).toEqual([]);
  });

  test("a heartbeat may leave before the entries' sync, not before the term is saved", () => {
    const leader = ready(1, { hardState: { term: 4, votedFor: 1 }, ...entries(5, 1) });
    const saved: ContractEvent = { kind: "save-hard-state", node, term: 4 };
    expect(rules([leader, saved, write(5, 1), send(1, true), sync])).toEqual([]);
    expect(rules([leader, send(1, true), saved])).toEqual(["persist-before-send"]);
  });
});

describe("persist, then reply; in log order", () => {
  test("a result before its Ready is durable breaks it", () => {
    expect(rules([ready(1, entries(1, 1)), write(1, 1), reply(1, 1), sync])).toEqual([
      "persist-before-reply",
    ]);
  });

  test("applied results go out in increasing index order", () => {
    const run = [ready(1), ready(2)];
    expect(rules([...run, reply(1, 3), reply(2, 4)])).toEqual([]);
    expect(rules([...run, reply(2, 4), reply(1, 3)])).toEqual(["apply-in-order"]);
  });

  test("applied entries reach observers once each, in increasing index order", () => {
    const apply = (index: number): ContractEvent => ({ kind: "apply", node, index });
    expect(rules([apply(1), apply(3)])).toEqual([]);
    expect(rules([apply(2), apply(1)])).toEqual(["apply-in-order"]);
    expect(rules([apply(2), apply(2)])).toEqual(["apply-in-order"]);
  });
});

describe("stage 10: a snapshot is saved before the node hears it is done", () => {
  const saved = (index: number): ContractEvent => ({ kind: "save-snapshot", node, index });
  const done = (index: number): ContractEvent => ({
    kind: "snapshot-done",
    node,
    index,
    what: "snapshot-installed",
  });

  test("saved, then done: kept", () => {
    expect(rules([ready(1), saved(7), done(7)])).toEqual([]);
  });

  test("done before its save, or with another snapshot saved: broken, and the message says which", () => {
    expect(rules([ready(1), done(7), saved(7)])).toEqual(["snapshot-saved-before-done"]);
    const found = checkContract([ready(1), saved(5), done(7)]);
    expect(found.map((v) => v.rule)).toEqual(["snapshot-saved-before-done"]);
    expect(found[0]?.message).toMatch(/snapshot-installed for the snapshot through 7/);
  });
});
