// The cluster drawn as RaftScope draws it: nodes on a ring (role as color, term inside, the
// election timer as an arc around), the links between them (cut ones red and dashed), and every
// message in the air as a dot on its link with a short label.

import type { ClusterState, NodeState } from "../model/state.ts";
import type { InFlight } from "../model/timeline.ts";
import { escapeHtml, messageLabel } from "./format.ts";

const size = 440;
const center = size / 2;
const ringRadius = 155;
const nodeRadius = 36;

export const roleColors: Record<string, string> = {
  leader: "#f5c542",
  candidate: "#f08a4b",
  follower: "#8ec5ff",
  down: "#9a9a9a",
};

function position(ids: readonly number[], id: number): [number, number] {
  const k = ids.indexOf(id);
  const angle = -Math.PI / 2 + (2 * Math.PI * k) / Math.max(1, ids.length);
  return [center + ringRadius * Math.cos(angle), center + ringRadius * Math.sin(angle)];
}

/** Fraction of the election timeout used at nowUs (ticks counted from the last report). */
export function timerFraction(node: NodeState, nowUs: number, tickUs: number): number | undefined {
  if (node.timer === undefined || node.role === "leader" || !node.up || node.paused)
    return undefined;
  const ticks = node.timer.elapsed + Math.max(0, nowUs - node.timer.atUs) / tickUs;
  return Math.min(1, ticks / Math.max(1, node.timer.timeout));
}

function arc(x: number, y: number, r: number, fraction: number): string {
  const end = -Math.PI / 2 + 2 * Math.PI * Math.min(fraction, 0.9999);
  const large = fraction > 0.5 ? 1 : 0;
  const [x1, y1] = [x, y - r];
  const [x2, y2] = [x + r * Math.cos(end), y + r * Math.sin(end)];
  return `M ${x1} ${y1} A ${r} ${r} 0 ${large} 1 ${x2.toFixed(1)} ${y2.toFixed(1)}`;
}

export function clusterSvg(
  state: ClusterState,
  flights: readonly InFlight[],
  nowUs: number,
  tickUs: number,
): string {
  const ids = [...state.nodes.keys()].sort((a, b) => a - b);
  const parts: string[] = [];
  for (const a of ids)
    for (const b of ids) {
      if (a >= b) continue;
      const [x1, y1] = position(ids, a);
      const [x2, y2] = position(ids, b);
      const cut = state.cuts.has(`${a}>${b}`) || state.cuts.has(`${b}>${a}`);
      parts.push(
        `<line class="link${cut ? " cut" : ""}" data-link="${a}-${b}" x1="${x1}" y1="${y1}" x2="${x2}" y2="${y2}"/>`,
      );
    }
  for (const id of ids) parts.push(nodeSvg(state.nodes.get(id)!, ids, nowUs, tickUs));
  for (const f of flights) parts.push(flightSvg(f, ids));
  return `<svg viewBox="0 0 ${size} ${size}" width="${size}" height="${size}" role="img" aria-label="cluster">${parts.join("")}</svg>`;
}

function nodeSvg(node: NodeState, ids: readonly number[], nowUs: number, tickUs: number): string {
  const [x, y] = position(ids, node.id);
  const role = node.up ? node.role : "down";
  const fill = roleColors[role] ?? "#ddd";
  const fraction = timerFraction(node, nowUs, tickUs);
  const timer =
    fraction === undefined
      ? ""
      : `<path class="timer" d="${arc(x, y, nodeRadius + 5, fraction)}"/>`;
  const paused = node.paused ? `<text class="badge" x="${x}" y="${y + 30}">paused</text>` : "";
  return `<g class="node-svg" data-node-svg="${node.id}">
    <circle cx="${x}" cy="${y}" r="${nodeRadius}" fill="${fill}" class="${node.paused ? "paused" : ""}"/>
    ${timer}
    <text class="name" x="${x}" y="${y - 6}">n${node.id}</text>
    <text class="term" x="${x}" y="${y + 12}">${node.up ? `T${node.term}` : "down"}</text>
    ${paused}
  </g>`;
}

function flightSvg(f: InFlight, ids: readonly number[]): string {
  const m = f.flight.send;
  if (!ids.includes(m.from) || !ids.includes(m.to)) return "";
  const [x1, y1] = position(ids, m.from);
  const [x2, y2] = position(ids, m.to);
  // Start and end at the circles' rims, not their centers.
  const dx = x2 - x1;
  const dy = y2 - y1;
  const length = Math.hypot(dx, dy) || 1;
  const travel = length - 2 * nodeRadius;
  const along = nodeRadius + travel * f.progress;
  // Each direction keeps to its own side of the link, so a request and its response never overlap.
  const side = m.from < m.to ? 1 : -1;
  const x = x1 + (dx / length) * along + (-dy / length) * 7 * side;
  const y = y1 + (dy / length) * along + (dx / length) * 7 * side;
  const classes = ["msg", m.type, f.duplicated ? "dup" : "", f.delayed ? "delayed" : ""];
  if (f.dropped) classes.push("doomed");
  const label = `${messageLabel(m)}${f.duplicated ? " ×2" : ""}${f.delayed ? " slow" : ""}`;
  return `<g class="${classes.join(" ")}"><circle cx="${x.toFixed(1)}" cy="${y.toFixed(1)}" r="5"/><text x="${x.toFixed(1)}" y="${(y + (side > 0 ? -8 : 16)).toFixed(1)}">${escapeHtml(label)}</text></g>`;
}
