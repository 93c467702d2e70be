// Client sessions (thesis §6.3) for the system's RESP clients, next to plain Redis commands:
//   SESSION.REGISTER                      → (integer) the new client id (a log entry)
//   SESSION <clientId> <seq> <command...> → the command's reply, the command applied at most once
// A plain command (SET, INCR, ...) outside a session works as before, so redis-cli, redis-benchmark
// and any Redis library are unaffected. The front end answers a command no state can accept (09's
// refusedWhateverTheState) itself; this check knows the session commands too, and looks inside one
// at the data command it carries, so garbage never enters the log in a session either.
import { error, type Reply } from "#kv";
import { refusedWhateverTheState } from "#system";
import { registerCommand, sessionCommand } from "./sessions.ts";

/** The front end's check (09's FrontEndOptions.refuse) with client sessions. */
export function refusedWithSessions(command: readonly string[]): Reply | undefined {
  const name = command[0]?.toUpperCase();
  if (name === registerCommand) {
    return command.length === 1
      ? undefined
      : error(`ERR wrong number of arguments for '${registerCommand}' command`);
  }
  if (name !== sessionCommand) return refusedWhateverTheState(command);
  const [, clientId = "", seqText = "", ...inner] = command;
  const seq = Number(seqText);
  if (inner.length === 0 || clientId === "" || !Number.isSafeInteger(seq) || seq < 1) {
    return error(`ERR usage: ${sessionCommand} <clientId> <seq ≥ 1> <command...>`);
  }
  // A session carries one data command (not a session in a session: the store knows no SESSION).
  return refusedWhateverTheState(inner);
}
