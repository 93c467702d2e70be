// `pnpm viewer` (or `pnpm run view`): serves the viewer for a trace file or the live cluster and opens it in the
// browser. A trace that cannot be read is named in one line here and on the page.
import { spawn } from "node:child_process";
import { readFileSync } from "node:fs";
import { basename } from "node:path";
import { runMain, stopOnSignals } from "@rafting/runtime";
import { parseViewArgs, UsageError, usage, type ViewArgs } from "./args.ts";
import { type LiveFeed, liveSource } from "./live/feed.ts";
import { startViewer, type TraceSource } from "./server.ts";
import { parseTrace } from "./trace/parse.ts";

function traceSource(file: string): TraceSource {
  const name = basename(file);
  let text: string;
  try {
    text = readFileSync(file, "utf8");
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    return { kind: "trace", name, text: "", error: `${file}: cannot read it (${code ?? error})` };
  }
  try {
    parseTrace(text);
    return { kind: "trace", name, text };
  } catch (error) {
    return {
      kind: "trace",
      name,
      text,
      error: `${name}: ${error instanceof Error ? error.message : String(error)}`,
    };
  }
}

function noTrace(): TraceSource {
  return {
    kind: "trace",
    name: "no trace",
    text: "",
    error: "no trace given: pnpm viewer FILE, pnpm viewer --live, or click 'Figure 8 run'",
  };
}

function openBrowser(url: string): void {
  const command =
    process.platform === "darwin" ? "open" : process.platform === "win32" ? "explorer" : "xdg-open";
  const child = spawn(command, [url], { stdio: "ignore", detached: true });
  child.on("error", () => console.log(`view: open ${url} in your browser`));
  child.unref();
}

async function main(argv: readonly string[]): Promise<number> {
  let args: ViewArgs;
  try {
    args = parseViewArgs(argv);
  } catch (error) {
    if (!(error instanceof UsageError)) throw error;
    console.error(`view: ${error.message}\n${usage}`);
    return 2;
  }
  const source: LiveFeed | TraceSource =
    args.liveDir !== undefined
      ? liveSource(args.liveDir)
      : args.file !== undefined
        ? traceSource(args.file)
        : noTrace();
  if (source.kind === "trace" && source.error !== undefined && args.file !== undefined)
    console.error(`view: ${source.error}`);
  let viewer: Awaited<ReturnType<typeof startViewer>>;
  try {
    // The default port taken (another viewer runs): any free one; a port asked for is kept.
    viewer = await startViewer(source, args.port).catch((error: NodeJS.ErrnoException) => {
      if (error.code === "EADDRINUSE" && !args.portGiven) return startViewer(source, 0);
      throw error;
    });
  } catch (error) {
    const code = (error as NodeJS.ErrnoException).code;
    const hint = code === "EADDRINUSE" ? " (in use: try --port 0)" : "";
    console.error(`view: cannot listen on 127.0.0.1:${args.port}${hint}`);
    return 1;
  }
  console.log(`viewer: ${viewer.url}  (${source.name}; Ctrl-C stops it)`);
  if (args.open) openBrowser(viewer.url);
  stopOnSignals(() => {
    if (source.kind === "live") source.close();
    return viewer.close();
  });
  return 0;
}

runMain("view", () => main(process.argv.slice(2)));
