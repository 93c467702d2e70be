export { type Command, type Entry, entrySizeBytes } from "./entry.ts";
export { type AppendResult, RaftLog } from "./log.ts";
