// One card per node: role, term, vote, commit and applied indices, the log as cells colored by
// term (committed cells solid, the rest dashed; applied ones dotted), and the key-value state.
// Data attributes carry the same values for the browser tests.
import type { ClusterState, NodeState } from "../model/state.ts";
import { escapeHtml, termColor } from "./format.ts";

/** Log cells drawn per node, at most: the tail (a live log can be long). */
const maxCells = 240;

export function nodeCards(state: ClusterState): string {
  return [...state.nodes.values()]
    .sort((a, b) => a.id - b.id)
    .map(card)
    .join("");
}

/** Live mode's buttons, one row per node (drawn apart from the cards, which redraw often). */
export function nodeActions(ids: readonly number[]): string {
  const actions = ["kill", "restart", "pause", "resume", "cut", "heal"];
  return ids
    .map(
      (id) =>
        `<div class="actions"><b>n${id}</b> ${actions.map((a) => `<button data-action="${a}" data-target="${id}">${a}</button>`).join("")}</div>`,
    )
    .join("");
}

function card(node: NodeState): string {
  const role = node.up ? node.role : "down";
  const attrs = [
    `data-node="${node.id}"`,
    `data-role="${role}"`,
    `data-term="${node.term}"`,
    `data-vote="${node.vote ?? ""}"`,
    `data-commit="${node.commit}"`,
    `data-applied="${node.applied}"`,
    `data-log="${node.terms.join(",")}"`,
  ].join(" ");
  return `<div class="card role-${role}" ${attrs}>
    <div class="head"><b>n${node.id}</b> <span class="role">${role}${node.paused ? " (paused)" : ""}</span>
      <span>term <b class="term">${node.term}</b></span>
      <span>vote ${node.vote ?? "–"}</span>
      <span>commit <b class="commit">${node.commit}</b></span>
      <span>applied ${node.applied}</span></div>
    ${logCells(node)}
    <div class="kv">${kvText(node)}</div>
  </div>`;
}

function logCells(node: NodeState): string {
  const first = Math.max(0, node.terms.length - maxCells);
  const cells: string[] = [];
  if (first > 0) cells.push(`<span class="more">…${first}</span>`);
  for (let i = first; i < node.terms.length; i++) {
    const index = i + 1;
    const term = node.terms[i];
    if (term === undefined) {
      cells.push('<span class="cell unknown">?</span>');
      continue;
    }
    const classes = ["cell"];
    if (index <= node.commit) classes.push("committed");
    if (index <= node.applied) classes.push("applied");
    const title = `${index}: term ${term}${node.commands[i] ? `, ${node.commands[i]}` : " (no-op)"}`;
    cells.push(
      `<span class="${classes.join(" ")}" style="background:${termColor(term)}" title="${escapeHtml(title)}">${term}</span>`,
    );
  }
  return `<div class="log">${cells.join("") || '<span class="empty">empty log</span>'}</div>`;
}

function kvText(node: NodeState): string {
  if (node.kv.size === 0) return '<span class="empty">no keys</span>';
  return [...node.kv]
    .sort(([a], [b]) => a.localeCompare(b))
    .slice(0, 20)
    .map(([k, v]) => `<span class="pair">${escapeHtml(k)}=${escapeHtml(v)}</span>`)
    .join(" ");
}
