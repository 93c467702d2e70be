// Replies to RESP2 bytes, and commands to the bytes a client sends (for tests and tools).
// Strings are byte strings: latin1 maps each char 0–255 to one byte and back, so any value
// survives the trip; a char above 255 would be silently mangled, so it is refused.
import type { Reply } from "./reply.ts";
import type { Command } from "./store.ts";

/** The bytes of one reply: `+OK\r\n`, `-ERR …\r\n`, `:1\r\n`, `$3\r\nabc\r\n`, `$-1\r\n`, `*n\r\n…`. */
export function encodeReply(reply: Reply): Buffer {
  // solution:begin
  const parts: Buffer[] = [];
  appendReply(parts, reply);
  return parts.length === 1 ? parts[0]! : Buffer.concat(parts);
  // solution:end
  // starter: throw new Error("not implemented: encodeReply (one type byte, the payload, CRLF; bulk strings carry their byte length)");
}

/** The bytes a client sends for a command: an array of bulk strings. */
export function encodeCommand(command: Command): Buffer {
  // solution:begin
  const parts: Buffer[] = [Buffer.from(`*${command.length}\r\n`, "latin1")];
  for (const part of command) appendBulk(parts, part);
  return Buffer.concat(parts);
  // solution:end
  // starter: throw new Error("not implemented: encodeCommand (*<count>, then $<length> and the bytes of each part)");
}
// solution:begin

function appendReply(parts: Buffer[], reply: Reply): void {
  switch (reply.type) {
    case "simple":
      appendLine(parts, `+${singleLine(reply.value)}`);
      break;
    case "error":
      appendLine(parts, `-${singleLine(reply.message)}`);
      break;
    case "integer":
      appendLine(parts, `:${reply.value}`);
      break;
    case "bulk":
      if (reply.value === null) appendLine(parts, "$-1");
      else appendBulk(parts, reply.value);
      break;
    case "array":
      appendLine(parts, `*${reply.items.length}`);
      for (const item of reply.items) appendReply(parts, item);
      break;
  }
}

function appendLine(parts: Buffer[], line: string): void {
  assertBytes(line);
  parts.push(Buffer.from(`${line}\r\n`, "latin1"));
}

function appendBulk(parts: Buffer[], value: string): void {
  assertBytes(value);
  parts.push(Buffer.from(`$${value.length}\r\n${value}\r\n`, "latin1"));
}

/** Status and error lines end at the first CR or LF, so one inside would break the framing. */
function singleLine(text: string): string {
  return text.replace(/[\r\n]/g, " ");
}

function assertBytes(text: string): void {
  if (/[\u0100-\uffff]/.test(text))
    throw new RangeError("reply strings must be byte strings (latin1: chars 0–255 only)");
}
// solution:end
