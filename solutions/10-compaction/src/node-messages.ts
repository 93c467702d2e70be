// Stage 10 extends stage 06's node vocabulary: the InstallSnapshot messages, two Ready effects
// for the driver (save a snapshot the node took; install one a leader sent) and the two inputs
// that say they are done. The driver contract of stage 04's ReplicationReady holds unchanged for
// the fields it names; the snapshot effects add the rules below.
import type { Input as RaftInput, Message as RaftMessage, Ready as RaftReady } from "#raft";
import type { SnapshotMessage } from "./install-snapshot.ts";
import type { Snapshot } from "./snapshot.ts";

export type Message = RaftMessage | SnapshotMessage;

/** Which snapshot a completion input is about. */
export interface SnapshotId {
  readonly lastIncludedIndex: number;
  readonly lastIncludedTerm: number;
}

/** One event in: stage 06's inputs (with the wider Message), and the completion of an effect. */
export type Input =
  | Exclude<RaftInput, { readonly type: "message" }>
  | { readonly type: "message"; readonly message: Message }
  /** The driver made Ready.saveSnapshot durable (and may have dropped the stored entries it covers). */
  | ({ readonly type: "snapshot-saved" } & SnapshotId)
  /** The driver made Ready.installSnapshot durable and applied its log rule to storage. */
  | ({ readonly type: "snapshot-installed" } & SnapshotId);

/** A leader's snapshot to install (§7), and what it does to the stored log. */
export interface InstallSnapshotEffect {
  readonly snapshot: Snapshot;
  /**
   * §7 receiver rules 6–7, decided by the node: true when the log holds the snapshot's last
   * entry (same index and term), so the stored entries after lastIncludedIndex stay; false when
   * the whole stored log goes.
   */
  readonly retainLog: boolean;
}

/**
 * Stage 06's Ready plus what stage 10 adds. THE SNAPSHOT PART OF THE DRIVER CONTRACT (the rest is
 * on 04's ReplicationReady and applies unchanged):
 *   - `saveSnapshot`: write it durably (atomically), then the storage may drop its stored
 *     entries up to lastIncludedIndex; then step `{ type: "snapshot-saved", lastIncludedIndex,
 *     lastIncludedTerm }`. It may run in the background: nothing else in this or later Readies
 *     waits for it (the entries it covers are already durable in the log), and the node takes no
 *     other snapshot until that input arrives. Lost in a crash before it completes: no harm.
 *   - `installSnapshot`: after this Ready's step 1 (and every earlier Ready's) is durable: if
 *     `retainLog` is false, delete every stored entry after lastIncludedIndex and sync; then write
 *     the snapshot durably and drop the stored entries up to lastIncludedIndex; then step
 *     `{ type: "snapshot-installed", lastIncludedIndex, lastIncludedTerm }`. The node answers the
 *     leader only on that input ("I stored it" is true only then), and it restores its own state
 *     machine then. Until then it takes no AppendEntries and starts no election, so the driver
 *     must finish it (or restart the node). A storage whose snapshot save applies §7's rule to
 *     its stored log by itself does the same: the stored log is the node's log at that point.
 * At most one of each is outstanding; a driver that restarts the node instead restores it from
 * what storage holds (createCompactingNode), which is consistent at every point of either effect.
 */
export interface Ready extends Omit<RaftReady, "messages"> {
  readonly messages: readonly Message[];
  readonly saveSnapshot: Snapshot | undefined;
  readonly installSnapshot: InstallSnapshotEffect | undefined;
}
