// The error replies, worded exactly as Redis words them: clients and scripts match on the text.
import { error, type Reply } from "./reply.ts";

/** Redis quotes at most this many bytes of a command's name and of its arguments. */
const quotedBytesMax = 128;

/** `ERR unknown command 'foo', with args beginning with: 'a' 'b' ` (Redis keeps the name's case). */
export function unknownCommand(command: readonly string[]): Reply {
  const [name = "", ...args] = command;
  let quoted = "";
  for (const arg of args) {
    if (quoted.length >= quotedBytesMax) break;
    quoted += `'${arg.slice(0, quotedBytesMax - quoted.length)}' `;
  }
  return error(
    `ERR unknown command '${name.slice(0, quotedBytesMax)}', with args beginning with: ${quoted}`,
  );
}

/** `ERR wrong number of arguments for 'get' command` (the name in lower case). */
export function wrongArity(name: string): Reply {
  return error(`ERR wrong number of arguments for '${name.toLowerCase()}' command`);
}

export const notAnInteger: Reply = error("ERR value is not an integer or out of range");
export const incrementOverflow: Reply = error("ERR increment or decrement would overflow");
export const syntaxError: Reply = error("ERR syntax error");
