// The course CLI in a pseudo-terminal (util-linux `script`), as a learner runs `course watch`.
import { spawn, spawnSync } from "node:child_process";
import { join } from "node:path";
import { stripVTControlCharacters } from "node:util";

export const hasScript = spawnSync("script", ["--version"]).status === 0;

export const clearScreen = "\u001b[2J";

/** The CLI in a pty; `type` sends keys, `screen` is everything it drew so far. */
export function watchInPty(root: string) {
  const cli = join(import.meta.dirname, "run-cli.ts");
  const command = `${process.execPath} --import ${import.meta.resolve("tsx")} ${cli} watch 1`;
  const child = spawn("script", ["-qfec", command, "/dev/null"], {
    cwd: root,
    env: { ...process.env, COURSE_FIXTURE_ROOT: root, NO_COLOR: "1", TERM: "xterm" },
    stdio: ["pipe", "pipe", "pipe"],
  });
  let output = "";
  child.stdout.setEncoding("utf8").on("data", (chunk: string) => {
    output += chunk;
  });
  const exited = new Promise<number | null>((resolve) => child.on("close", resolve));
  return {
    type: (keys: string) => child.stdin.write(keys),
    raw: () => output,
    screen: () => stripVTControlCharacters(output).replaceAll("\r", ""),
    exited,
    kill: () => child.kill("SIGKILL"),
  };
}

/** Waits until the condition holds; the ceiling is generous (vitest starts in a busy machine). */
export async function until(
  condition: () => boolean,
  what: string,
  ceilingMs = 45_000,
): Promise<void> {
  const deadline = Date.now() + ceilingMs;
  while (!condition()) {
    if (Date.now() > deadline)
      throw new Error(`timed out after ${ceilingMs} ms waiting for ${what}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

export const count = (text: string, part: string) => text.split(part).length - 1;
