export { type Random, rerunHint, seededRandom, testSeeds } from "./random.ts";
