// Splits a console line into arguments the way redis-cli does: spaces separate, "double quotes"
// take escapes (\" \\ \n \r \t \xHH), 'single quotes' are literal (but \' ends nothing).
// A closing quote must be followed by a space or the end of the line.

export class LineError extends Error {
  override readonly name = "LineError";
}

export const maxLineArgs = 1024;

export function splitLine(line: string): string[] {
  const args: string[] = [];
  let i = 0;
  for (;;) {
    while (i < line.length && isSpace(line[i]!)) i++;
    if (i >= line.length) return args;
    if (args.length >= maxLineArgs) throw new LineError(`more than ${maxLineArgs} arguments`);
    const quote = line[i];
    const [arg, next] =
      quote === '"'
        ? doubleQuoted(line, i + 1)
        : quote === "'"
          ? singleQuoted(line, i + 1)
          : bare(line, i);
    if (next < line.length && !isSpace(line[next]!)) {
      throw new LineError(`a closing quote must be followed by a space (column ${next + 1})`);
    }
    args.push(arg);
    i = next;
  }
}

function isSpace(char: string): boolean {
  return char === " " || char === "\t";
}

function bare(line: string, start: number): [string, number] {
  let end = start;
  while (end < line.length && !isSpace(line[end]!)) end++;
  return [line.slice(start, end), end];
}

const escapes: Record<string, string> = { n: "\n", r: "\r", t: "\t", b: "\b", a: "\x07" };

function doubleQuoted(line: string, start: number): [string, number] {
  let out = "";
  for (let i = start; i < line.length; i++) {
    const char = line[i]!;
    if (char === '"') return [out, i + 1];
    if (char !== "\\") {
      out += char;
      continue;
    }
    const next = line[i + 1];
    if (next === "x" && /^[0-9a-fA-F]{2}$/.test(line.slice(i + 2, i + 4))) {
      out += String.fromCharCode(Number.parseInt(line.slice(i + 2, i + 4), 16));
      i += 3;
    } else if (next !== undefined) {
      out += escapes[next] ?? next;
      i += 1;
    }
  }
  throw new LineError('unbalanced quotes: a " is never closed');
}

function singleQuoted(line: string, start: number): [string, number] {
  let out = "";
  for (let i = start; i < line.length; i++) {
    const char = line[i]!;
    if (char === "'") return [out, i + 1];
    if (char === "\\" && line[i + 1] === "'") {
      out += "'";
      i += 1;
    } else {
      out += char;
    }
  }
  throw new LineError("unbalanced quotes: a ' is never closed");
}
