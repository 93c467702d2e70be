// Old responses that come back after an election. A late copy of one message (faulty-network.ts)
// lands at a random moment, and the moment that matters is narrow: just after a node wins a new
// term, before its followers have answered it, a response to a request it sent as leader of an
// earlier term says nothing true about now (§5.1). So the network remembers the last responses it
// delivered on each link, and a new leader sometimes gets some of them again, within moments of
// its win. A correct node ignores them; one that counts them is caught by the step checks.
import type { Random } from "@rafting/runtime";
import type { Message } from "#raft";

/** Responses remembered per directed link: the newest ones. */
export const remembersPerLink = 8;
/** Replays land this soon after the win at the earliest. */
const minReplayDelayUs = 100;

export interface Replay {
  readonly atUs: number;
  readonly message: Message;
}

export class StaleReplays {
  private readonly random: Random;

  constructor(random: Random) {
    this.random = random;
  }

  /** A message was delivered: a response is remembered on its link (the oldest forgotten). */
  delivered(message: Message): void {
    throw new Error("not implemented: StaleReplays.delivered (remember the last responses on each link)");
  }

  /**
   * Node `id` just won an election at `nowUs`: each response remembered on a link to it comes
   * back with probability ½, a log-uniform 0.1 ms to `maxDelayUs` later. In link order, then
   * oldest first, so the same seed replays the same.
   */
  replaysTo(id: number, nowUs: number, maxDelayUs: number): Replay[] {
    throw new Error("not implemented: StaleReplays.replaysTo (each remembered response to the new leader, with probability ½, after a short log-uniform delay)");
  }
}
