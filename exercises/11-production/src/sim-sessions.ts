// Client sessions (thesis §6.3) in the simulator: the plug gives each simulated client a session
// (a SESSION.REGISTER entry, proposed at a leader the first time the client writes there), sends
// the client's writes as SESSION <clientId> <seq> <command>, and now and then proposes a client's
// last accepted write once more, as the client would after an uncertain answer. The rule checked
// on every applied entry of every node: one session command (client id and sequence number) has
// one reply, however often it is in the log: a retried INCR counts once.
import type { Command, ProposalResult, Input as RaftInput, Reply } from "#raft";
import type { Input, Ready } from "./messages.ts";
import { registerCommand, sessionCommand } from "./sessions.ts";

/** What one run's nodes share about sessions. */
export class SimSessions {
  /** Each simulated client's session id, once its registration was applied. */
  private readonly ids = new Map<number, string>();
  private readonly registering = new Set<number>();
  private readonly nextSeq = new Map<number, number>();
  /** Each client's last write a leader accepted, as a session command: what a retry resends. */
  private readonly lastWrite = new Map<number, Command>();
  /** The reply of each session command applied so far, by "clientId seq". */
  private readonly replies = new Map<string, string>();
  private retries = 0;

  /** A write of a simulated client, as its session command (registering it first if need be). */
  write(
    input: Extract<RaftInput, { type: "propose" }>,
    step: (input: Input) => Ready,
  ): { before: Ready[]; input: RaftInput } {
    const client = clientOf(input.requestId);
    if (client === undefined) return { before: [], input };
    const id = this.ids.get(client);
    if (id === undefined) {
      if (this.registering.has(client)) return { before: [], input };
      this.registering.add(client);
      const register = {
        type: "propose",
        command: [registerCommand],
        requestId: `register-${client}`,
      } as const;
      return { before: [step(register)], input };
    }
    const seq = (this.nextSeq.get(client) ?? 0) + 1;
    this.nextSeq.set(client, seq);
    const command = [sessionCommand, id, String(seq), ...input.command];
    return { before: [], input: { ...input, command } };
  }

  /** After the step of a client's write: remember it for a retry if a leader took it. */
  accepted(client: number | undefined, command: Command, ready: Ready, requestId: string): void {
    if (client === undefined || command[0] !== sessionCommand) return;
    const refused = ready.results.some(
      (result) =>
        result.requestId === requestId &&
        (result.outcome.type === "not-leader" || result.outcome.type === "rejected"),
    );
    if (!refused) this.lastWrite.set(client, command);
  }

  /** On a leader's tick, with probability `rate` (a roll in [0, 1)): a client's last write again. */
  retry(
    roll: number,
    rate: number,
    pick: (n: number) => number,
    step: (input: Input) => Ready,
  ): Ready[] {
    if (roll >= rate || this.lastWrite.size === 0) return [];
    const clients = [...this.lastWrite.keys()];
    const command = this.lastWrite.get(clients[pick(clients.length)] as number) as Command;
    return [step({ type: "propose", command, requestId: `retry-${++this.retries}` })];
  }

  /** The plug's own results (registrations, retries) taken out; the clients' passed on. */
  results(results: readonly ProposalResult[]): ProposalResult[] {
    const forClients: ProposalResult[] = [];
    for (const result of results) {
      const { requestId, outcome } = result;
      if (requestId.startsWith("retry-")) continue;
      if (!requestId.startsWith("register-")) {
        forClients.push(result);
        continue;
      }
      const client = Number(requestId.slice("register-".length));
      this.registering.delete(client);
      if (outcome.type === "applied" && outcome.reply.type === "integer")
        this.ids.set(client, String(outcome.reply.value));
    }
    return forClients;
  }

  /** §6.3: every application of one session command, on any node, gives the same reply. */
  check(nodeId: number, applied: Ready["applied"]): void {
    for (const entry of applied) {
      const [name, clientId, seq] = entry.command;
      if (name !== sessionCommand || entry.reply === undefined) continue;
      if (entry.reply.type === "error") continue; // an older sequence number, refused: not applied
      const key = `${clientId} ${seq}`;
      const reply = replyText(entry.reply);
      const first = this.replies.get(key);
      if (first === undefined) this.replies.set(key, reply);
      else if (first !== reply)
        throw new Error(
          `node ${nodeId} applied [${entry.command.join(" ")}] at index ${entry.index} with reply ${reply}, but the same client id and sequence number were answered ${first} before: applied twice (thesis §6.3: a retried command of a session is applied at most once; its retry gets the first reply)`,
        );
    }
  }
}

/** The simulated client of a request id ("c<client>-op<n>", 08's clients), if it is one. */
export function clientOf(requestId: string): number | undefined {
  const match = /^c(\d+)-op\d+$/.exec(requestId);
  return match === null ? undefined : Number(match[1]);
}

function replyText(reply: Reply): string {
  return JSON.stringify(reply, (_key, value) =>
    typeof value === "bigint" ? value.toString() : value,
  );
}
