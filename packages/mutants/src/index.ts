export { type Applied, applyMutantPatch, type Fit, fitPatch, fuzzLines } from "./apply.ts";
export {
  allMutants,
  listMutants,
  type MutantKind,
  mutantKinds,
  mutantPatch,
  mutantsDir,
  mutantTarget,
  patchTargetPath,
  protocolMutants,
  referenceNodeEntry,
  repoRoot,
} from "./catalog.ts";
export { refreshedPatch, rewrittenPatch } from "./refresh.ts";
export { registerMutant } from "./register.ts";
