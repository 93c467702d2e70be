// Peers prove they know the cluster secret without sending it: each side sends a fresh random
// nonce, and the other answers with HMAC-SHA256(secret, role, nonce, both ids). A recorded proof
// is useless later (the next nonce differs), and binding both ids and the role stops a proof from
// being replayed on another connection or reflected back at its sender.
import { createHmac, randomBytes, timingSafeEqual } from "node:crypto";

/** 16 random bytes as hex: a challenge no one can predict. */
export function newNonce(): string {
  return randomBytes(16).toString("hex");
}

/** `role` is the side that proves: the dialer answers the challenge, the acceptor the hello. */
export function handshakeProof(
  secret: string,
  role: "dialer" | "acceptor",
  nonce: string,
  proverId: number,
  verifierId: number,
): string {
  throw new Error("not implemented: handshakeProof (HMAC-SHA256 from node:crypto over role, nonce and both ids; hex)");
}

/** Constant-time comparison, so the time taken leaks nothing about the expected proof. */
export function proofMatches(expected: string, received: string): boolean {
  throw new Error("not implemented: proofMatches (timingSafeEqual; different lengths never match)");
}
