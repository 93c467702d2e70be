// The peer transport: TCP between nodes. Each node dials every peer and sends its messages on
// that connection; it receives on the connections peers dial to it. Both sides authenticate with
// the cluster secret before anything else (handshake.ts). Delivery is best effort, as Raft
// expects of a network: a message to a peer that is down, cut, or too far behind is dropped,
// and Raft's retransmission and heartbeats make up for it.
import { connect, createServer, type Server, type Socket } from "node:net";
import { type Address, formatAddress } from "./config.ts";
import { defaultMaxFrameBytes, encodeFrame, FrameDecoder, FrameError } from "./frame.ts";
import { handshakeProof, newNonce, proofMatches } from "./handshake.ts";
import {
  type DataFrame,
  type MessageWire,
  parseDataFrame,
  parseHandshake,
} from "./peer-protocol.ts";

export interface TransportLimits {
  /** Largest frame accepted or sent, version byte and body included. */
  readonly maxFrameBytes: number;
  /** Bytes waiting to go out to one peer before further messages to it are dropped. */
  readonly maxSendQueueBytes: number;
  /** A connection that has not finished its handshake by then is dropped. */
  readonly handshakeTimeoutMs: number;
  /** Connections accepted but not yet authenticated, at most. */
  readonly maxPendingHandshakes: number;
  /** Reconnect delays: doubling from the first to the last; a peer that dials us is redialed at once. */
  readonly reconnectMinMs: number;
  readonly reconnectMaxMs: number;
}

export const defaultTransportLimits: TransportLimits = {
  maxFrameBytes: defaultMaxFrameBytes,
  maxSendQueueBytes: 8 * 1024 * 1024,
  handshakeTimeoutMs: 2000,
  maxPendingHandshakes: 64,
  reconnectMinMs: 20,
  // Short: a restarted peer must hear the leader's heartbeats before its election timeout.
  reconnectMaxMs: 250,
};

export interface TransportOptions {
  readonly id: number;
  readonly secret: string;
  readonly listen: Address;
  /** Every other member and where it listens for peers. */
  readonly peers: ReadonlyMap<number, Address>;
  /** A checked data frame from an authenticated peer that is not cut off. */
  readonly onFrame: (from: number, frame: DataFrame) => void;
  /** One line per event worth knowing (refused or dropped connections, links up and down). */
  readonly log: (line: string) => void;
  readonly limits?: Partial<TransportLimits>;
  /** A later stage's own Raft messages (stage 10's InstallSnapshot); absent: 06's only. */
  readonly wire?: MessageWire;
  /** Our sending link to peer closed (it crashed or restarted): what was sent may never be answered. */
  readonly onLinkDown?: (peer: number) => void;
}

export interface PeerLinkStatus {
  /** Our connection to the peer is authenticated (we can send). */
  readonly outbound: boolean;
  /** The peer's connection to us is authenticated (we can receive). */
  readonly inbound: boolean;
  /** RAFT.CUT: traffic both ways is dropped. */
  readonly cut: boolean;
  /** Frames from this peer discarded because of a cut, since start. */
  readonly droppedFrames: number;
}

export class PeerTransport {
  readonly id: number;
  // solution:begin
  private readonly options: TransportOptions;
  private readonly limits: TransportLimits;
  private readonly server: Server;
  private readonly outbound = new Map<number, Socket>();
  /** Our current connection attempt to each peer, from connect until it closes. */
  private readonly dialing = new Map<number, Socket>();
  private readonly inbound = new Map<number, Socket>();
  private readonly sockets = new Set<Socket>();
  private readonly reconnectTimers = new Map<number, ReturnType<typeof setTimeout>>();
  private readonly attempts = new Map<number, number>();
  private readonly cutPeers = new Set<number>();
  private readonly dropped = new Map<number, number>();
  private pendingHandshakes = 0;
  private closed = false;
  // solution:end

  constructor(options: TransportOptions) {
    this.id = options.id;
    // solution:begin
    if (options.peers.has(options.id)) throw new Error(`node ${options.id} lists itself as a peer`);
    this.options = options;
    this.limits = { ...defaultTransportLimits, ...options.limits };
    this.server = createServer((socket) => this.accept(socket));
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport constructor (a net server for peers that dial us)");
  }

  /** Listens on the peer address, starts dialing every peer; resolves with the bound port. */
  start(): Promise<number> {
    // solution:begin
    return new Promise((resolve, reject) => {
      this.server.once("error", reject);
      const { host, port } = this.options.listen;
      this.server.listen(port, host, () => {
        this.server.off("error", reject);
        this.server.on("error", (cause) => this.options.log(`peer server error: ${cause.message}`));
        for (const peer of this.options.peers.keys()) this.dial(peer);
        const address = this.server.address();
        resolve(typeof address === "object" && address !== null ? address.port : port);
      });
    });
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.start (listen; dial every peer, reconnecting with backoff)");
  }

  /** Queues a frame for a peer; false when it was dropped (no link, cut, or queue full). */
  send(to: number, frame: DataFrame): boolean {
    // solution:begin
    if (this.cutPeers.has(to)) return false;
    const socket = this.outbound.get(to);
    if (socket === undefined || socket.writableLength >= this.limits.maxSendQueueBytes)
      return false;
    try {
      socket.write(encodeFrame(frame, this.limits.maxFrameBytes));
      return true;
    } catch (cause) {
      if (!(cause instanceof FrameError)) throw cause;
      this.options.log(`not sending to node ${to}: ${cause.message}`);
      return false;
    }
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.send (drop unless linked, not cut and under maxSendQueueBytes)");
  }

  /** Drops traffic to and from a peer, both ways, keeping the sockets (RAFT.CUT). */
  cut(peer: number): void {
    // solution:begin
    this.checkPeer(peer);
    this.cutPeers.add(peer);
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.cut");
  }

  heal(peer: number): void {
    // solution:begin
    this.checkPeer(peer);
    this.cutPeers.delete(peer);
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.heal");
  }

  status(): Map<number, PeerLinkStatus> {
    // solution:begin
    const status = new Map<number, PeerLinkStatus>();
    for (const peer of this.options.peers.keys()) {
      status.set(peer, {
        outbound: this.outbound.has(peer),
        inbound: this.inbound.has(peer),
        cut: this.cutPeers.has(peer),
        droppedFrames: this.dropped.get(peer) ?? 0,
      });
    }
    return status;
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.status");
  }

  close(): Promise<void> {
    // solution:begin
    this.closed = true;
    for (const timer of this.reconnectTimers.values()) clearTimeout(timer);
    this.reconnectTimers.clear();
    for (const socket of this.sockets) socket.destroy();
    return new Promise((resolve) => {
      if (!this.server.listening) return resolve();
      this.server.close(() => resolve());
    });
    // solution:end
    // starter: throw new Error("not implemented: PeerTransport.close");
  }
  // solution:begin

  private checkPeer(peer: number): void {
    if (!this.options.peers.has(peer))
      throw new RangeError(`node ${peer} is not a peer of node ${this.id}`);
  }

  /** Our side of a connection to `peer`: answer its challenge, check its welcome, then send. */
  private dial(peer: number): void {
    if (this.closed) return;
    const address = this.options.peers.get(peer)!;
    const socket = connect(address.port, address.host);
    this.track(socket);
    this.dialing.set(peer, socket);
    const nonce = newNonce();
    let stage: "challenge" | "welcome" | "open" = "challenge";
    const timer = setTimeout(() => socket.destroy(), this.limits.handshakeTimeoutMs);
    this.readFrames(socket, `node ${peer} (${formatAddress(address)})`, (body) => {
      if (stage === "challenge") {
        const challenge = parseHandshake(body, "challenge");
        if (challenge.id !== peer) {
          throw new FrameError(
            `expected node ${peer} at ${formatAddress(address)}, found node ${challenge.id}`,
          );
        }
        const proof = handshakeProof(this.options.secret, "dialer", challenge.nonce, this.id, peer);
        socket.write(encodeFrame({ t: "hello", id: this.id, proof, nonce }));
        stage = "welcome";
      } else if (stage === "welcome") {
        const welcome = parseHandshake(body, "welcome");
        const expected = handshakeProof(this.options.secret, "acceptor", nonce, peer, this.id);
        if (!proofMatches(expected, welcome.proof))
          throw new FrameError(`node ${peer} failed to prove the cluster secret`);
        clearTimeout(timer);
        stage = "open";
        this.outbound.set(peer, socket);
        this.attempts.set(peer, 0);
        this.options.log(`link to node ${peer} up`);
      } else {
        throw new FrameError(`node ${peer} sent a frame on our sending connection`);
      }
    });
    socket.once("close", () => {
      clearTimeout(timer);
      if (this.outbound.get(peer) === socket) {
        this.outbound.delete(peer);
        this.options.log(`link to node ${peer} down`);
        this.options.onLinkDown?.(peer);
      }
      if (this.dialing.get(peer) !== socket) return; // a newer attempt is under way
      this.dialing.delete(peer);
      this.scheduleReconnect(peer);
    });
  }

  private scheduleReconnect(peer: number): void {
    if (this.closed || this.reconnectTimers.has(peer)) return;
    const attempt = this.attempts.get(peer) ?? 0;
    this.attempts.set(peer, attempt + 1);
    const delayMs = Math.min(this.limits.reconnectMaxMs, this.limits.reconnectMinMs * 2 ** attempt);
    const timer = setTimeout(() => {
      this.reconnectTimers.delete(peer);
      this.dial(peer);
    }, delayMs);
    this.reconnectTimers.set(peer, timer);
  }

  /**
   * A peer that just dialed us is up: if we have no connection to it, dial now instead of waiting
   * out the backoff (up to reconnectMaxMs), so a restarted node hears its leader at once.
   */
  private redialNow(peer: number): void {
    if (this.closed || this.dialing.has(peer)) return;
    const timer = this.reconnectTimers.get(peer);
    if (timer !== undefined) clearTimeout(timer);
    this.reconnectTimers.delete(peer);
    this.attempts.set(peer, 0);
    this.dial(peer);
  }

  /** A peer dialed us: challenge it; once it proved the secret, its frames go to onFrame. */
  private accept(socket: Socket): void {
    const remote = `${socket.remoteAddress}:${socket.remotePort}`;
    if (this.closed || this.pendingHandshakes >= this.limits.maxPendingHandshakes) {
      socket.destroy();
      return;
    }
    this.track(socket);
    this.pendingHandshakes++;
    let peer: number | undefined;
    const handshakeDone = () => {
      if (peer === undefined) this.pendingHandshakes--;
      clearTimeout(timer);
    };
    const timer = setTimeout(() => {
      this.options.log(
        `refused peer connection from ${remote}: no handshake within ${this.limits.handshakeTimeoutMs} ms`,
      );
      socket.destroy();
    }, this.limits.handshakeTimeoutMs);
    socket.once("close", () => {
      handshakeDone();
      if (peer !== undefined && this.inbound.get(peer) === socket) this.inbound.delete(peer);
    });
    const nonce = newNonce();
    socket.write(encodeFrame({ t: "challenge", id: this.id, nonce }));
    this.readFrames(socket, `${remote}`, (body) => {
      if (peer !== undefined) {
        const frame = parseDataFrame(body, peer, this.id, this.options.wire);
        if (!this.cutPeers.has(peer)) this.options.onFrame(peer, frame);
        else this.dropped.set(peer, (this.dropped.get(peer) ?? 0) + 1);
        return;
      }
      const hello = parseHandshake(body, "hello");
      const reason = this.refusal(hello.id, hello.proof, nonce);
      if (reason !== undefined) {
        this.options.log(`refused peer connection from ${remote}: ${reason}`);
        socket.destroy();
        return;
      }
      handshakeDone();
      peer = hello.id;
      const proof = handshakeProof(this.options.secret, "acceptor", hello.nonce, this.id, peer);
      socket.write(encodeFrame({ t: "welcome", proof }));
      // A peer that reconnects replaces its old connection (which may be half dead).
      this.inbound.get(peer)?.destroy();
      this.inbound.set(peer, socket);
      this.redialNow(peer);
    });
  }

  private refusal(claimedId: number, proof: string, nonce: string): string | undefined {
    if (!this.options.peers.has(claimedId)) return `claims unknown node id ${claimedId}`;
    const expected = handshakeProof(this.options.secret, "dialer", nonce, claimedId, this.id);
    if (!proofMatches(expected, proof))
      return `node ${claimedId} failed to prove the cluster secret`;
    return undefined;
  }

  /** Feeds a socket's bytes through a FrameDecoder; a broken frame drops this connection only. */
  private readFrames(socket: Socket, who: string, handle: (body: unknown) => void): void {
    const decoder = new FrameDecoder(this.limits.maxFrameBytes);
    socket.on("data", (chunk: Buffer) => {
      if (socket.destroyed) return;
      decoder.push(chunk);
      try {
        for (
          let body = decoder.next();
          body !== undefined && !socket.destroyed;
          body = decoder.next()
        ) {
          handle(body);
        }
      } catch (cause) {
        if (!(cause instanceof FrameError)) throw cause;
        this.options.log(`dropped peer connection with ${who}: ${cause.message}`);
        socket.destroy();
      }
    });
  }

  private track(socket: Socket): void {
    socket.setNoDelay(true);
    this.sockets.add(socket);
    socket.on("error", () => {}); // 'close' follows; reconnecting is its business
    socket.once("close", () => this.sockets.delete(socket));
  }
  // solution:end
}
