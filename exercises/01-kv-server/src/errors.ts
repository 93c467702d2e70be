// The error replies, worded exactly as Redis words them: clients and scripts match on the text.
import { error, type Reply } from "./reply.ts";

/** Redis quotes at most this many bytes of a command's name and of its arguments. */
const quotedBytesMax = 128;

/**
 * The errors about the command itself (unknown name, wrong arity, bad syntax), which it gets
 * whatever the state: a replicated server (stage 09) refuses these before they enter the log.
 * Marked by the reply object, not by its wording.
 */
const commandErrors = new WeakSet<Reply>();

function commandError(message: string): Reply {
  const reply = error(message);
  commandErrors.add(reply);
  return reply;
}

/** True for an error reply made by unknownCommand, wrongArity or syntaxError. */
export function isCommandError(reply: Reply): boolean {
  return commandErrors.has(reply);
}

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (Redis keeps the name's case). */
export function unknownCommand(command: readonly string[]): Reply {
  const [name = "", ...args] = command;
  let quoted = "";
  for (const arg of args) {
    if (quoted.length >= quotedBytesMax) break;
    quoted += `'${arg.slice(0, quotedBytesMax - quoted.length)}' `;
  }
  return commandError(
    `ERR unknown command '${name.slice(0, quotedBytesMax)}', with args beginning with: ${quoted}`,
  );
}

/** `ERR wrong number of arguments for 'get' command` (the name in lower case). */
export function wrongArity(name: string): Reply {
  return commandError(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

export const notAnInteger: Reply = error("ERR value is not an integer or out of range");
export const incrementOverflow: Reply = error("ERR increment or decrement would overflow");
export const syntaxError: Reply = commandError("ERR syntax error");
