// Text for what the page shows: times, message labels, one line per event.
import type { MessageEvent, ViewerEvent } from "../trace/events.ts";

export function seconds(us: number): string {
  return `${(us / 1e6).toFixed(6)} s`;
}

const shortTypes: Record<string, string> = {
  "append-entries": "AE",
  "append-entries-response": "AE✓",
  "request-vote": "RV",
  "request-vote-response": "RV✓",
};

export function shortType(type: string): string {
  return shortTypes[type] ?? type;
}

/** A message in a few characters: type, term and the Figure 2 indices that matter. */
export function messageLabel(m: MessageEvent): string {
  const type = shortType(m.type);
  switch (m.type) {
    case "append-entries":
      return `${type} t${m.term}${m.prev !== undefined ? ` p${m.prev}` : ""}${m.entries ? ` +${m.entries}` : ""}${m.commit !== undefined ? ` c${m.commit}` : ""}`;
    case "append-entries-response":
      return m.ok === undefined ? `${type} t${m.term}` : m.ok ? `ok m${m.match ?? "?"}` : "AE ✗";
    case "request-vote":
      return `${type} t${m.term}${m.lastIndex !== undefined ? ` L${m.lastIndex}/${m.lastTerm}` : ""}`;
    case "request-vote-response":
      return m.granted === undefined ? `${type} t${m.term}` : m.granted ? "vote ✓" : "vote ✗";
    default:
      return `${type} t${m.term}`;
  }
}

export function describeEvent(e: ViewerEvent): string {
  switch (e.kind) {
    case "run":
      return `run: seed ${e.seed ?? "?"}, ${e.nodes ?? "?"} nodes${e.mutant ? `, mutant ${e.mutant}` : ""}`;
    case "send":
    case "deliver":
    case "drop":
      return `${e.kind} ${e.from}→${e.to} ${messageLabel(e)}${e.reason ? ` (${e.reason})` : ""}`;
    case "role":
      return `n${e.node} ${e.role} of term ${e.term}`;
    case "commit":
      return `n${e.node} commits up to ${e.index}`;
    case "tick":
      return `n${e.node} tick`;
    case "fault":
      return `fault: ${e.fault} ${e.nodes.join(",")}${e.detail ? ` (${e.detail})` : ""}`;
    case "client":
      return `client ${e.client} op ${e.op} ${e.event}${e.command ? ` [${e.command.join(" ")}]` : ""}${e.node !== undefined ? ` at n${e.node}` : ""}`;
    case "violation":
      return `VIOLATION ${e.invariant}: ${e.detail}`;
    case "log":
      return `n${e.node} log from ${e.from}: terms [${e.terms.join(",")}]`;
    case "vote":
      return `n${e.node} saves term ${e.term}, vote ${e.vote ?? "none"}`;
    case "apply":
      return `n${e.node} applies ${e.index}`;
    case "timer":
      return `n${e.node} timer ${e.elapsed}/${e.timeout} ticks`;
    case "kv":
      return `n${e.node} state: ${e.pairs.length} keys`;
  }
}

/** A term's color: far apart hues for neighbouring terms. */
export function termColor(term: number): string {
  return `hsl(${(term * 67) % 360} 65% 72%)`;
}

export function escapeHtml(text: string): string {
  return text.replace(
    /[&<>"']/g,
    (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" })[c]!,
  );
}
