// The error replies that tell a client what became of its command. The first word is the
// contract (Redis Cluster uses the same words):
//   TRYAGAIN, CLUSTERDOWN  the command was certainly NOT applied: retrying is safe.
//   UNCERTAIN              it may or may not have been applied: a blind retry could apply it
//                          twice (INCR!); read first, or make the command idempotent.
import { error, type Reply } from "#kv";

export function clusterDown(reason: string): Reply {
  return error(`CLUSTERDOWN ${reason}; not applied, safe to retry`);
}

export function tryAgain(reason: string): Reply {
  return error(`TRYAGAIN ${reason}; not applied, safe to retry`);
}

export function uncertain(reason: string): Reply {
  return error(`UNCERTAIN outcome unknown: ${reason}`);
}

/** The error for a node that cannot take a command because it does not lead. */
export function notLeader(self: number, leaderId: number | undefined): Reply {
  if (leaderId === undefined || leaderId === self) return clusterDown("no leader known");
  return tryAgain(`node ${self} cannot reach the leader (node ${leaderId})`);
}
