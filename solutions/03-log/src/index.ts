export { crc32 } from "./crc32.ts";
export { type Command, type Entry, entrySizeBytes } from "./entry.ts";
export { type FileOps, nodeFileOps, type OpenFlags } from "./file-ops.ts";
export { FileStorage, type FileStorageOptions } from "./file-storage.ts";
export { type AppendResult, RaftLog } from "./log.ts";
export type { RecoveryReport, TailDamage } from "./log-recovery.ts";
export { MemoryStorage, type MemoryStorageImage } from "./memory-storage.ts";
export { type CrashImage, PowerCut, PowerLossDisk } from "./power-loss-disk.ts";
export { type HardState, initialHardState, type Storage } from "./storage.ts";
