// Stage 10: log compaction (Raft paper §7, thesis chapter 5): snapshots of the state machine, a
// log that forgets the prefix a snapshot covers, storage that survives a crash in the middle of
// compaction, and InstallSnapshot for a follower that fell behind the leader's snapshot.
// Other engineers' pieces add their export lines here.

export { checkSnapshot, type Snapshot } from "./snapshot.ts";
