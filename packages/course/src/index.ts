// The course CLI as a library, for tests and tools.
export { commands, helpText, runCli } from "./cli.ts";
export { type Hint, type Hints, nextHint, parseHints } from "./hints.ts";
export {
  judgeStage,
  type StageEvidence,
  type StageVerdict,
  type Violation,
  verifyLine,
} from "./judge.ts";
export { type RunResults, type TestRecord, testKey } from "./results.ts";
export { findStage, listStages, repoRoot, type Stage, type StageMeta } from "./stages.ts";
export { generateStarter, StarterMarkerError, starterText } from "./starters.ts";
export { readProgress, readState, recordProgress, type StageProgress } from "./store.ts";
export { parseCommandArgs, resolveStage, stageChoices, UsageError } from "./usage.ts";
