// The Forwarder never leaves a client waiting on a leader that is gone: a forward whose leader's
// link dropped, or whose leader is no longer the leader, is answered at once, UNCERTAIN (the frame
// was queued, so the old leader may have proposed it), not at its deadline.

import { describe, expect, test } from "vitest";
import type { Reply } from "#kv";
import { Forwarder, type ForwarderOptions } from "#stage";

type ForwardFrame = Parameters<ForwarderOptions["send"]>[1];

const timeoutMs = 1000;

function forwarder(sendOk = true) {
  const sent: { to: number; frame: ForwardFrame }[] = [];
  const fw = new Forwarder({
    timeoutMs,
    maxPending: 100,
    send: (to, frame) => {
      sent.push({ to, frame });
      return sendOk;
    },
    nowMs: () => 0, // time never moves: anything answered here was not a timeout
  });
  return { fw, sent };
}

function replies(): { got: Reply[]; settle: (reply: Reply) => void } {
  const got: Reply[] = [];
  return { got, settle: (reply) => got.push(reply) };
}

/** The error's text ("" for a non-error): its first word is what the client may do. */
const errorText = (reply: Reply | undefined) => (reply?.type === "error" ? reply.message : "");

describe("forwarder: no waiting on a dead leader", () => {
  test("the link to the leader drops: its pending forwards end UNCERTAIN at once, others wait", () => {
    const { fw } = forwarder();
    const toOne = replies();
    const toTwo = replies();
    fw.forward(1, ["SET", "a", "1"], toOne.settle);
    fw.linkDown(2);
    expect(toOne.got, "the link to node 2 dropped, but this forward went to node 1").toEqual([]);
    fw.forward(2, ["SET", "b", "1"], toTwo.settle);
    fw.linkDown(2);
    expect(toTwo.got.length, "node 2's link dropped: its forward is answered now").toBe(1);
    expect(
      errorText(toTwo.got[0]),
      "the frame was queued, so node 2 may have proposed it: UNCERTAIN, not TRYAGAIN (09 README, client errors)",
    ).toMatch(/^UNCERTAIN/);
  });

  test("another node leads now, or none: forwards to the old leader end UNCERTAIN at once", () => {
    const { fw } = forwarder();
    const first = replies();
    fw.forward(1, ["INCR", "n"], first.settle);
    fw.leaderIs(1);
    expect(first.got, "node 1 still leads: its forward keeps waiting").toEqual([]);
    fw.leaderIs(3);
    expect(first.got.length, "node 3 leads now: node 1 will not answer in time").toBe(1);
    expect(errorText(first.got[0])).toMatch(/^UNCERTAIN/);

    const second = replies();
    fw.forward(3, ["INCR", "n"], second.settle);
    fw.leaderIs(undefined);
    expect(second.got.length, "no leader known (a new term began): answered now").toBe(1);
    expect(errorText(second.got[0])).toMatch(/^UNCERTAIN/);
  });

  test("an answer arriving after the forward ended is dropped: one reply per command", () => {
    const { fw, sent } = forwarder();
    const r = replies();
    fw.forward(1, ["SET", "a", "1"], r.settle);
    fw.linkDown(1);
    fw.onResult(1, sent[0]!.frame.rid, { type: "simple", value: "OK" });
    expect(r.got.length, "the client already has its UNCERTAIN").toBe(1);
  });

  test("a forward that could not be queued is TRYAGAIN, and a dropped link later changes nothing", () => {
    const { fw } = forwarder(false);
    const r = replies();
    fw.forward(1, ["SET", "a", "1"], r.settle);
    fw.linkDown(1);
    expect(r.got.length).toBe(1);
    expect(errorText(r.got[0]), "never sent: certainly not in any log").toMatch(/^TRYAGAIN/);
  });
});
