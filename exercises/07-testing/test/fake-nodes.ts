// Test helpers: nodes wrapped to misbehave in one precise way, so that a test knows what the
// harness and its checkers must report. Each wraps the factory it is given (the stage's
// createRaftNode), so the viewer's test of 07 traces runs the same misbehaving node on the
// reference. Not a test file itself.
import type { HarnessNode, NodeFactory } from "#stage";

/** What a wrapper changes; everything else is the node's own, read live. */
interface Change {
  readonly role?: () => HarnessNode["role"];
  readonly step?: HarnessNode["step"];
}

function wrap(node: HarnessNode, change: Change): HarnessNode {
  return {
    get id() {
      return node.id;
    },
    get role() {
      return change.role ? change.role() : node.role;
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
    step: change.step ?? ((input) => node.step(input)),
  };
}

/**
 * Every node claims to lead (in its current term) right after it handles a message, and stops
 * claiming at its next tick. Two claims of one term break election safety (§5.2), but only
 * between two steps: a harness that checks once per tick, after all the ticks, never sees them.
 */
export function claimsBetweenSteps(create: NodeFactory): NodeFactory {
  return (config, storage, random) => {
    const node = create(config, storage, random);
    let claiming = false;
    return wrap(node, {
      role: () => (claiming ? "leader" : node.role),
      step(input) {
        const ready = node.step(input);
        claiming = input.type === "message";
        return ready;
      },
    });
  };
}

/** Nodes whose messages never leave: nobody can ever win an election. */
export function mute(create: NodeFactory): NodeFactory {
  return (config, storage, random) => {
    const node = create(config, storage, random);
    return wrap(node, { step: (input) => ({ ...node.step(input), messages: [] }) });
  };
}
