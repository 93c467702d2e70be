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

  constructor(options: TransportOptions) {
    this.id = options.id;
    throw new Error("not implemented: PeerTransport constructor (a net server for peers that dial us)");
  }

  /** Listens on the peer address, starts dialing every peer; resolves with the bound port. */
  start(): Promise<number> {
    throw new Error("not implemented: PeerTransport.start (listen; dial every peer, reconnecting with backoff)");
  }

  /** Queues a frame for a peer; false when it was dropped (no link, cut, or queue full). */
  send(to: number, frame: DataFrame): boolean {
    throw new Error("not implemented: PeerTransport.send (drop unless linked, not cut and under maxSendQueueBytes)");
  }

  /** Drops traffic to and from a peer, both ways, keeping the sockets (RAFT.CUT). */
  cut(peer: number): void {
    throw new Error("not implemented: PeerTransport.cut");
  }

  heal(peer: number): void {
    throw new Error("not implemented: PeerTransport.heal");
  }

  status(): Map<number, PeerLinkStatus> {
    throw new Error("not implemented: PeerTransport.status");
  }

  close(): Promise<void> {
    throw new Error("not implemented: PeerTransport.close");
  }
}
