export {
  Cluster,
  type ClusterOptions,
  type DriverInput,
  type DriverNode,
  type DriverReady,
  type DriverStorage,
  RecordingStorage,
} from "./cluster.ts";
export {
  type Addressed,
  type Faults,
  Network,
  type NetworkStats,
  perfectNetwork,
} from "./network.ts";
export { type Random, rerunHint, seededRandom, testSeeds } from "./random.ts";
