// The peer transport in-process: authenticated links, frames delivered, wrong secrets refused,
// RAFT.CUT dropping traffic both ways.
import { describe, expect, onTestFinished, test } from "vitest";
import { type DataFrame, PeerTransport } from "#stage";
import { freePorts, realTimeTestMs, waitFor } from "./helpers.ts";

/** A handshake is a few ms; this only keeps a busy machine from failing one (tests, not timing). */
const slowHandshakeMs = 10_000;

interface Started {
  transport: PeerTransport;
  received: { from: number; frame: DataFrame }[];
  lines: string[];
}

function vote(from: number, to: number, term: number): DataFrame {
  return {
    t: "raft",
    m: { type: "request-vote", from, to, term, lastLogIndex: 0, lastLogTerm: 0 },
  };
}

async function startAll(secrets: Record<number, string>): Promise<Record<number, Started>> {
  const ids = Object.keys(secrets).map(Number);
  const ports = await freePorts(ids.length);
  const address = (i: number) => ({ host: "127.0.0.1", port: ports[i]! });
  const started: Record<number, Started> = {};
  ids.forEach((id, i) => {
    const received: Started["received"] = [];
    const lines: string[] = [];
    const peers = new Map(
      ids.flatMap((other, j) => (other === id ? [] : [[other, address(j)] as const])),
    );
    const transport = new PeerTransport({
      id,
      secret: secrets[id]!,
      listen: address(i),
      peers,
      onFrame: (from, frame) => received.push({ from, frame }),
      log: (line) => lines.push(line),
      limits: { reconnectMinMs: 5, reconnectMaxMs: 50, handshakeTimeoutMs: slowHandshakeMs },
    });
    onTestFinished(() => transport.close());
    started[id] = { transport, received, lines };
  });
  await Promise.all(Object.values(started).map((s) => s.transport.start()));
  return started;
}

describe("peer transport", { timeout: realTimeTestMs }, () => {
  test("peers with the shared secret link up and frames arrive, from the right sender", async () => {
    const nodes = await startAll({ 1: "secret", 2: "secret" });
    const [a, b] = [nodes[1]!, nodes[2]!];
    await waitFor("node 1's link to node 2", () =>
      a.transport.status().get(2)?.outbound ? true : undefined,
    );
    expect(a.transport.send(2, vote(1, 2, 7)), "send on an open link queues the frame").toBe(true);
    await waitFor("the frame at node 2", () => (b.received.length > 0 ? true : undefined));
    expect(b.received[0], "delivered with the authenticated sender's id").toEqual({
      from: 1,
      frame: vote(1, 2, 7),
    });
  });

  test("a peer with a wrong secret is refused with one log line; the others still link", async () => {
    const nodes = await startAll({ 1: "secret", 2: "secret", 3: "not-the-secret" });
    const [a, c] = [nodes[1]!, nodes[3]!];
    await waitFor("node 1 linked to node 2", () =>
      a.transport.status().get(2)?.outbound ? true : undefined,
    );
    await waitFor("node 1 refusing node 3", () =>
      a.lines.find((line) => /refused peer connection .*node 3 failed to prove/.test(line)),
    );
    expect(
      a.transport.status().get(3)?.inbound,
      "a peer that cannot prove the secret never gets in",
    ).toBe(false);
    expect(c.transport.send(1, vote(3, 1, 1)), "node 3 has no link to send on").toBe(false);
  });

  test("RAFT.CUT drops traffic to and from the peer, both ways, and heal restores it", async () => {
    const nodes = await startAll({ 1: "secret", 2: "secret" });
    const [a, b] = [nodes[1]!, nodes[2]!];
    await waitFor("links both ways", () =>
      a.transport.status().get(2)?.outbound && b.transport.status().get(1)?.outbound
        ? true
        : undefined,
    );
    a.transport.cut(2);
    expect(a.transport.send(2, vote(1, 2, 1)), "nothing goes to a cut peer").toBe(false);
    expect(
      b.transport.send(1, vote(2, 1, 1)),
      "the peer's side still sends (it does not know)",
    ).toBe(true);
    b.transport.send(1, vote(2, 1, 2));
    await waitFor("node 1 dropping node 2's frames", () =>
      a.transport.status().get(2)?.droppedFrames === 2 ? true : undefined,
    );
    a.transport.heal(2);
    expect(a.transport.status().get(2)?.outbound, "the sockets stayed open during the cut").toBe(
      true,
    );
    b.transport.send(1, vote(2, 1, 3));
    await waitFor("a frame after heal", () => (a.received.length > 0 ? true : undefined));
    expect(
      a.received.map((r) => (r.frame.t === "raft" ? r.frame.m.term : 0)),
      "frames that arrived during the cut were dropped, the one after the heal was delivered",
    ).toEqual([3]);
  });

  test("a peer that dials in is redialed at once, whatever the backoff (a restarted node hears its leader)", async () => {
    const ports = await freePorts(2);
    const address = (i: number) => ({ host: "127.0.0.1", port: ports[i]! });
    const lines: string[] = [];
    const start = (id: number, other: number, backoffMs: number) => {
      const transport = new PeerTransport({
        id,
        secret: "secret",
        listen: address(id - 1),
        peers: new Map([[other, address(other - 1)]]),
        onFrame: () => {},
        log: (line) => lines.push(`node ${id}: ${line}`),
        limits: {
          reconnectMinMs: backoffMs,
          reconnectMaxMs: backoffMs,
          handshakeTimeoutMs: slowHandshakeMs,
        },
      });
      onTestFinished(() => transport.close());
      return transport;
    };
    // Node 1 dials node 2, which is down: its next attempt is a minute away.
    const a = start(1, 2, 60_000);
    await a.start();
    const b = start(2, 1, 60_000);
    await b.start();
    await waitFor(
      "node 1's link to node 2 after node 2 dialed in",
      () => (a.status().get(2)?.outbound ? true : undefined),
      20_000, // a third of the backoff: only a redial "at once" gets here in time
    );
    expect(
      a.status().get(2),
      "a peer that proved the secret on its own connection is up: dial it back now, do not wait out the backoff",
    ).toMatchObject({ outbound: true, inbound: true });
  });
});
