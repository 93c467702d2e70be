// Which stages are mutated, and which of their files and tests mutation runs leave out (and why).
// Plain JavaScript so that both Stryker's config and the tsx scripts can import it.

/** The stages whose reference is mutation-tested, in the order `pnpm mutate` runs them. */
export const mutatedStages = [
  "01-kv-server",
  "03-log",
  "04-replication",
  "05-consensus",
  "06-election",
];

/**
 * Source files (in solutions/NN/src) not mutated: index.ts only re-exports, and 01's main.ts is
 * the program `course run 1` starts, which no stage test runs. 03's power-loss-disk.ts is course
 * infrastructure, not learner code: the simulated disk the crash tests run FileStorage on, shipped
 * complete in the starter (its own tests would pass on the pristine starter, which course verify
 * forbids), so its mutants measure the test harness, not the tests of the stage.
 * @type {Record<string, string[]>}
 */
export const unmutatedSources = {
  "01-kv-server": ["index.ts", "main.ts"],
  "03-log": ["index.ts", "power-loss-disk.ts"],
  "04-replication": ["index.ts"],
  "05-consensus": ["index.ts"],
  "06-election": ["index.ts"],
};

/**
 * Real-process tests (in exercises/NN/test) left out of mutation runs: each mutant would spawn
 * child processes and wait on real time. The in-process tests of the stage cover the same code.
 * @type {Record<string, string[]>}
 */
export const slowTestFiles = {
  "03-log": ["kill9.test.ts"],
};

/** Stages whose every survivor must be killed or explained in survivors.md (issue 9's goal). */
export const strictStages = ["03-log", "04-replication", "05-consensus", "06-election"];

/**
 * Each stage's score floor (percent): about ten points under the measured score, so CI fails
 * when a change leaves many more mutants alive, not over one new survivor.
 * @type {Record<string, number>}
 */
export const breakScores = {
  "01-kv-server": 60,
  "03-log": 74,
  "04-replication": 60,
  "05-consensus": 70,
  "06-election": 70,
};

/**
 * Stages mutated only in part, and which files (none now: 03's file-backed storage is mutated too).
 * @type {Record<string, string[]>}
 */
export const onlySources = {};
