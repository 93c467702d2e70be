// The viewer's web server, on 127.0.0.1 only: the page, its script, the trace or the live
// stream, the Figure 8 run, and (live mode) the node actions.
import { createServer, type IncomingMessage, type ServerResponse } from "node:http";
import type { AddressInfo } from "node:net";
import { pageBundle } from "./bundle.ts";
import { figure8Trace } from "./figure8.ts";
import { pageCss, pageHtml } from "./page/html.ts";

export interface TraceSource {
  readonly kind: "trace";
  readonly name: string;
  readonly text: string;
  /** Why the trace cannot be shown (the page says it too). */
  readonly error?: string;
}

/** What live mode needs from the cluster side (live/feed.ts). */
export interface LiveSource {
  readonly kind: "live";
  readonly name: string;
  /** Streams batches of events to `send` until the returned function is called. */
  subscribe(send: (batch: object) => void, problem: (line: string) => void): () => void;
  act(node: number, action: string): Promise<string>;
}

export type Source = TraceSource | LiveSource;

export interface Viewer {
  readonly url: string;
  close(): Promise<void>;
}

export async function startViewer(source: Source, port: number): Promise<Viewer> {
  const server = createServer((request, response) => {
    handle(source, request, response).catch((error: unknown) => {
      if (!response.headersSent) response.writeHead(500, { "content-type": "text/plain" });
      response.end(error instanceof Error ? error.message : String(error));
    });
  });
  await new Promise<void>((resolve, reject) => {
    server.once("error", reject);
    server.listen(port, "127.0.0.1", () => resolve());
  });
  const { port: bound } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${bound}/`,
    close: () =>
      new Promise<void>((resolve) => {
        server.closeAllConnections();
        server.close(() => resolve());
      }),
  };
}

async function handle(
  source: Source,
  request: IncomingMessage,
  response: ServerResponse,
): Promise<void> {
  const path = new URL(request.url ?? "/", "http://localhost").pathname;
  const send = (type: string, body: string, status = 200) => {
    response.writeHead(status, { "content-type": type, "cache-control": "no-store" });
    response.end(body);
  };
  if (path === "/") return send("text/html; charset=utf-8", pageHtml);
  if (path === "/favicon.ico") return send("image/x-icon", "", 204);
  if (path === "/style.css") return send("text/css", pageCss);
  if (path === "/app.js") return send("text/javascript", await pageBundle());
  if (path === "/api/source") {
    const error = source.kind === "trace" ? source.error : undefined;
    return send(
      "application/json",
      JSON.stringify({ kind: source.kind, name: source.name, error }),
    );
  }
  if (path === "/api/trace" && source.kind === "trace") return send("text/plain", source.text);
  if (path === "/api/figure8") {
    try {
      return send("text/plain", await figure8Trace());
    } catch (error) {
      return send("text/plain", error instanceof Error ? error.message : String(error), 500);
    }
  }
  if (path === "/api/live" && source.kind === "live") return streamLive(source, request, response);
  const action = /^\/api\/node\/(\d+)\/([a-z]+)$/.exec(path);
  if (action !== null && source.kind === "live" && request.method === "POST") {
    return send("text/plain", await source.act(Number(action[1]), action[2]!));
  }
  send("text/plain", "not found", 404);
}

/** Server-sent events: one JSON batch per message; a "problem" event carries a one-line error. */
function streamLive(source: LiveSource, request: IncomingMessage, response: ServerResponse): void {
  response.writeHead(200, {
    "content-type": "text/event-stream",
    "cache-control": "no-store",
    connection: "keep-alive",
  });
  const stop = source.subscribe(
    (batch) => response.write(`data: ${JSON.stringify(batch)}\n\n`),
    (line) => response.write(`event: problem\ndata: ${line.replaceAll("\n", " ")}\n\n`),
  );
  request.on("close", stop);
}
