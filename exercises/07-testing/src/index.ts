// Stage 07, part 1: a linearizability checker for histories of a key-value store.

// From stage 01, for tests and the harness: the store the model follows, and its replies.
export { bulk, type Command, error, integer, KvStore, ok, type Reply } from "#kv";
export { Bitset } from "./bitset.ts";
export { HistoryBuilder, historyBuilder } from "./builder.ts";
export { type CheckOptions, checkLinearizable, defaultMaxStates, type Verdict } from "./check.ts";
export { buildEntries, type Entry, lift, unlift } from "./entries.ts";
export { explainStuck, type Misfit, maxPrefixShown, type NotLinearizable } from "./explain.ts";
export {
  type ClientId,
  type HistoryEvent,
  type Operation,
  type OpId,
  toOperations,
} from "./history.ts";
export {
  applyToRegister,
  keyOf,
  type RegisterValue,
  readsOnly,
  replyMatches,
  type Step,
  showReply,
} from "./model.ts";
export { partitionByKey } from "./partition.ts";
export {
  type Deepest,
  maxTriedValuesPerOp,
  type SearchOutcome,
  searchLinearization,
} from "./search.ts";
