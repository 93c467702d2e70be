// Checks of one step against Figure 2's rules for terms, from the node as it was just before the
// step and as it is just after. The bugs they name break no safety property by themselves, so
// 07's checkers cannot see them: a candidate that ignores a higher term only slows elections down;
// a leader that counts an acknowledgement from an earlier term is usually told something still
// true. The unit tests of 04 and 06 catch them with one crafted message; these catch them in any
// run where such a message arrives.
import type { Input, Message } from "#raft";
import type { ObservedNode } from "./replication-checks.ts";

/** What these checks need of a node just before it steps an input. */
export interface StepBefore {
  readonly role: string;
  readonly term: number;
  /**
   * A leader's matchIndex for the sender of the AppendEntries response it is about to step;
   * undefined for any other input, a node that is not leader, or one without `progressOf`.
   */
  readonly senderMatchIndex: number | undefined;
}

/** The node's state that the checks compare after the step of `input`. */
export function stepBefore(node: ObservedNode, input: Input): StepBefore {
  // solution:begin
  const response = input.type === "message" ? input.message : undefined;
  const senderMatchIndex =
    response?.type === "append-entries-response" &&
    node.role === "leader" &&
    node.progressOf !== undefined
      ? node.progressOf(response.from).matchIndex
      : undefined;
  return { role: node.role, term: node.term, senderMatchIndex };
  // solution:end
  // starter: throw new Error("not implemented: stepBefore (role and term; a leader's matchIndex for the sender of an AppendEntries response)");
}

/**
 * Figure 2 "Rules for Servers", All Servers: a request or response whose term T is higher than
 * currentTerm sets currentTerm = T and the node converts to follower. `node` is the node after
 * stepping `message`. Returns what is wrong, or undefined.
 */
export function checkHigherTermAdopted(
  before: StepBefore,
  message: Message,
  node: ObservedNode,
): string | undefined {
  // solution:begin
  if (message.term <= before.term) return undefined;
  if (node.term === message.term && node.role === "follower") return undefined;
  return `node ${node.id}, ${before.role} of term ${before.term}, stepped a ${message.type} of term ${message.term} from node ${message.from}: expected follower of term ${message.term}, got ${node.role} of term ${node.term} (Figure 2, All Servers: a request or response with a higher term T sets currentTerm = T and the node converts to follower)`;
  // solution:end
  // starter: throw new Error("not implemented: checkHigherTermAdopted (Figure 2 All Servers: a higher term is adopted and the node becomes a follower)");
}

/**
 * §5.1, Figure 2: an AppendEntries response of an older term answers a request the leader sent
 * in that term; it says nothing about the follower now, so the leader's matchIndex for that
 * follower does not change. `node` is the node after stepping `message`. Returns what is wrong,
 * or undefined.
 */
export function checkStaleResponseIgnored(
  before: StepBefore,
  message: Message,
  node: ObservedNode,
): string | undefined {
  // solution:begin
  if (message.type !== "append-entries-response" || message.term >= before.term) return undefined;
  if (before.senderMatchIndex === undefined || node.role !== "leader" || !node.progressOf)
    return undefined;
  const matchIndex = node.progressOf(message.from).matchIndex;
  if (matchIndex === before.senderMatchIndex) return undefined;
  const answer = message.success ? `success, matchIndex ${message.matchIndex}` : "rejection";
  return `leader ${node.id} of term ${before.term} stepped an append-entries-response of term ${message.term} from node ${message.from} (${answer}): expected its matchIndex for node ${message.from} to stay ${before.senderMatchIndex}, got ${matchIndex} (§5.1, Figure 2: a response of an older term answers an old request and says nothing now)`;
  // solution:end
  // starter: throw new Error("not implemented: checkStaleResponseIgnored (§5.1: a response of an older term leaves the leader's matchIndex as it was)");
}
