// Ceilings for real-time waits on node processes: generous, because a busy 2-core machine can be
// many times slower than a quiet one, and a correct node only ever makes a wait end early. They
// are not protocol timings: an election takes well under a second on a quiet machine.

/** A process to start and say it listens (start-up, never counted against the protocol). */
export const startupWaitMs = 60_000;
/** The protocol to do something (elect, commit, apply), once every process listens. */
export const protocolWaitMs = 30_000;
/** For a test's own timeout: start-up, then a few protocol waits, then cleanup. */
export const realTimeTestMs = 120_000;
