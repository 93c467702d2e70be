// The side panels: faults in force, client requests, the violation, and the events around the
// current one (click one to go there).
import type { ClusterState } from "../model/state.ts";
import type { ViewerEvent } from "../trace/events.ts";
import { describeEvent, escapeHtml, seconds } from "./format.ts";

const eventsAround = 9;

export function faultsPanel(state: ClusterState): string {
  const lines = [...state.faults.values()].map((text) => `<li>${escapeHtml(text)}</li>`);
  const down = [...state.nodes.values()].filter((n) => !n.up).map((n) => `n${n.id}`);
  if (down.length > 0) lines.push(`<li>down: ${down.join(", ")}</li>`);
  const cuts = [...state.cuts].sort();
  if (cuts.length > 0) lines.push(`<li>cut links: ${cuts.join(" ").replaceAll(">", "→")}</li>`);
  return lines.length === 0
    ? '<p class="empty">no faults in force</p>'
    : `<ul>${lines.join("")}</ul>`;
}

export function clientsPanel(state: ClusterState): string {
  const rows = [...state.clients.values()]
    .sort((a, b) => a.client - b.client)
    .map(
      (c) =>
        `<li class="client-${c.status}">c${c.client} op ${c.op} [${escapeHtml(c.command)}]${c.node !== undefined ? ` → n${c.node}` : ""}: <b>${c.status === "invoke" ? "waiting" : c.status === "info" ? "unknown" : c.status}</b></li>`,
    );
  return rows.length === 0
    ? '<p class="empty">no client requests yet</p>'
    : `<ul>${rows.join("")}</ul>`;
}

export function violationBanner(state: ClusterState): string {
  const v = state.violation;
  if (v === undefined) return "";
  return `<b>${escapeHtml(v.invariant)} violated</b> at ${seconds(v.atUs)}: ${escapeHtml(v.detail)}`;
}

export function eventList(events: readonly ViewerEvent[], index: number): string {
  const from = Math.max(0, index - eventsAround);
  const to = Math.min(events.length - 1, index + eventsAround);
  const rows: string[] = [];
  for (let i = from; i <= to; i++) {
    const e = events[i]!;
    const current = i === index ? ' class="current"' : "";
    rows.push(
      `<li data-goto="${i}"${current}><span class="t">${(e.t / 1e6).toFixed(6)}</span> <span class="k-${e.kind}">${escapeHtml(describeEvent(e))}</span></li>`,
    );
  }
  return `<ol>${rows.join("")}</ol>`;
}
