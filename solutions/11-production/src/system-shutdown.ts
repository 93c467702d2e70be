// A graceful shutdown of the leader hands leadership over first (§3.10), so the cluster does not
// sit an election timeout without a leader: RAFT.TRANSFER to a peer whose link is up, then wait
// (bounded) until this node no longer leads, then close.
import type { RaftServer } from "#system";

/** Waits for this long at most: a transfer is abandoned after an election timeout anyway. */
export async function handOverLeadership(
  server: RaftServer,
  ceilingMs: number,
  log: (line: string) => void,
): Promise<void> {
  const status = server.status();
  if (status.role !== "leader") return;
  const target = Object.entries(status.peers).find(
    ([, link]) => link.inbound && link.outbound,
  )?.[0];
  if (target === undefined) return;
  const reply = server.admin(["RAFT.TRANSFER", target]);
  if (reply.type === "error") {
    log(`shutdown: no transfer (${reply.message})`);
    return;
  }
  log(`shutdown: transferring leadership to node ${target}`);
  const startMs = Date.now();
  // A target that goes away (the whole cluster stopping) ends the wait: nobody will take over.
  const targetUp = () => {
    const link = server.status().peers[target];
    return link?.inbound === true && link.outbound;
  };
  while (server.status().role === "leader" && targetUp() && Date.now() - startMs < ceilingMs) {
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
  const role = server.status().role;
  log(
    role === "leader"
      ? "shutdown: transfer did not finish in time"
      : `shutdown: node ${target} leads`,
  );
}
