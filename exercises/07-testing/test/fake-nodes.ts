// Test helpers: nodes of stage 06 wrapped to misbehave in one precise way, so that a test knows
// what the harness and its checkers must report. Not a test file itself.
import { createRaftNode, type HarnessNode, type NodeFactory } from "#stage";

/**
 * Every node claims to lead (in its current term) right after it handles a message, and stops
 * claiming at its next tick. Two claims of one term break election safety (§5.2), but only
 * between two steps: a harness that checks once per tick, after all the ticks, never sees them.
 */
export const claimsBetweenSteps: NodeFactory = (config, storage, random) => {
  const node = createRaftNode(config, storage, random);
  let claiming = false;
  const wrapped: HarnessNode = {
    get id() {
      return node.id;
    },
    get role() {
      return claiming ? "leader" : node.role;
    },
    get term() {
      return node.term;
    },
    get commitIndex() {
      return node.commitIndex;
    },
    get log() {
      return node.log;
    },
    step(input) {
      const ready = node.step(input);
      claiming = input.type === "message";
      return ready;
    },
  };
  return wrapped;
};

/** A node whose messages never leave: nobody can ever win an election. */
export const mute: NodeFactory = (config, storage, random) => {
  const node = createRaftNode(config, storage, random);
  return {
    get id() {
      return node.id;
    },
    get role() {
      return node.role;
    },
    get term() {
      return node.term;
    },
    get commitIndex() {
      return node.commitIndex;
    },
    get log() {
      return node.log;
    },
    step: (input) => ({ ...node.step(input), messages: [] }),
  };
};
