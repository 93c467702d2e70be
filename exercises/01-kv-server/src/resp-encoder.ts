// Replies to RESP2 bytes, and commands to the bytes a client sends (for tests and tools).
// Strings are byte strings: latin1 maps each char 0–255 to one byte and back, so any value
// survives the trip; a char above 255 would be silently mangled, so it is refused.
import type { Reply } from "./reply.ts";
import type { Command } from "./store.ts";

/** The bytes of one reply: `+OK\r\n`, `-ERR …\r\n`, `:1\r\n`, `$3\r\nabc\r\n`, `$-1\r\n`, `*n\r\n…`. */
export function encodeReply(reply: Reply): Buffer {
  throw new Error("not implemented: encodeReply (one type byte, the payload, CRLF; bulk strings carry their byte length)");
}

/** The bytes a client sends for a command: an array of bulk strings. */
export function encodeCommand(command: Command): Buffer {
  throw new Error("not implemented: encodeCommand (*<count>, then $<length> and the bytes of each part)");
}
