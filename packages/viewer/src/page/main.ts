// The page: asks the server what to show (a trace, or the live cluster), builds the timeline,
// and redraws whenever the current event or instant changes. Any failure ends as one line in
// the error bar, never a blank page.
import { Timeline } from "../model/timeline.ts";
import type { ViewerEvent } from "../trace/events.ts";
import { parseTrace, TraceError } from "../trace/parse.ts";
import { clusterSvg } from "./cluster-svg.ts";
import { seconds } from "./format.ts";
import { nodeActions, nodeCards } from "./node-cards.ts";
import { clientsPanel, eventList, faultsPanel, violationBanner } from "./panels.ts";
import { Player } from "./player.ts";

interface Source {
  readonly kind: "trace" | "live";
  readonly name: string;
  readonly error?: string;
}

const $ = <T extends HTMLElement = HTMLElement>(id: string) => document.getElementById(id) as T;

let timeline: Timeline | undefined;
let player: Player | undefined;
let live = false;
let dirty = true;
let liveStream: EventSource | undefined;
/** Live mode: server time (µs) minus page time, from the last batch. */
let liveClockOffsetUs = 0;

function showError(message: string): void {
  const bar = $("error");
  bar.textContent = message;
  bar.hidden = false;
  document.body.dataset.state = "error";
}

async function boot(): Promise<void> {
  const source = (await (await fetch("api/source")).json()) as Source;
  $("source").textContent = source.name;
  if (source.error !== undefined) return showError(source.error);
  if (source.kind === "live") return startLive();
  await loadTrace(await (await fetch("api/trace")).text(), source.name);
}

async function loadTrace(text: string, name: string): Promise<void> {
  const started = performance.now();
  try {
    const parsed = parseTrace(text);
    timeline = new Timeline(parsed.header, parsed.events);
  } catch (error) {
    if (error instanceof TraceError) return showError(`${name}: ${error.message}`);
    throw error;
  }
  player = new Player(timeline);
  player.goTo(0);
  $("error").hidden = true;
  $("source").textContent = name;
  const loadMs = performance.now() - started;
  document.body.dataset.loadMs = loadMs.toFixed(0);
  document.body.dataset.state = "ready";
  $("load").textContent = `${timeline.length} events, loaded in ${loadMs.toFixed(0)} ms`;
  dirty = true;
}

function startLive(): void {
  live = true;
  document.body.classList.add("live");
  timeline = new Timeline({ t: 0, kind: "run", live: "cluster" }, []);
  player = new Player(timeline);
  player.following = true;
  document.body.dataset.state = "ready";
  const liveTimeline = timeline;
  liveStream = new EventSource("api/live");
  liveStream.onmessage = (message) => {
    const batch = JSON.parse(message.data) as { nowUs: number; events: ViewerEvent[] };
    liveClockOffsetUs = batch.nowUs - performance.now() * 1000;
    liveTimeline.append(batch.events);
    if (batch.events.length > 0) $("error").hidden = true;
    dirty = true;
  };
  liveStream.addEventListener("problem", (message) => showError((message as MessageEvent).data));
}

function render(): void {
  if (timeline === undefined || player === undefined) return;
  if (live && player.following) {
    player.goTo(timeline.length - 1);
    player.nowUs = Math.max(player.nowUs, performance.now() * 1000 + liveClockOffsetUs);
  }
  const state = timeline.stateAt(player.index);
  const flights = timeline.inFlightAt(player.nowUs);
  setHtml("cluster", clusterSvg(state, flights, player.nowUs, timeline.tickUs));
  setHtml("nodes", nodeCards(state));
  if (live) setHtml("actions", nodeActions([...state.nodes.keys()].sort((a, b) => a - b)));
  setHtml("faults", faultsPanel(state));
  setHtml("clients", clientsPanel(state));
  setHtml("events", eventList(timeline.events, player.index));
  const banner = $("violation");
  setHtml("violation", violationBanner(state));
  banner.hidden = state.violation === undefined;
  const scrubber = $<HTMLInputElement>("scrubber");
  scrubber.max = String(Math.max(0, timeline.length - 1));
  scrubber.value = String(Math.max(0, player.index));
  const status = $("status");
  status.dataset.index = String(player.index);
  status.dataset.count = String(timeline.length);
  status.textContent = `event ${player.index + 1} of ${timeline.length} · ${seconds(player.nowUs)}`;
  $("play").textContent = player.playing || player.following ? "pause" : "play";
  $<HTMLButtonElement>("first-violation").disabled = timeline.violations.length === 0;
}

/** Replaces an element's content only when it changed (a button under the mouse stays put). */
function setHtml(id: string, html: string): void {
  if (shown.get(id) === html) return;
  shown.set(id, html);
  $(id).innerHTML = html;
}
const shown = new Map<string, string>();

function jump(landmarks: readonly number[], first = false): void {
  if (timeline === undefined || player === undefined) return;
  const target = first ? landmarks[0] : Timeline.nextOf(landmarks, player.index);
  if (target === undefined) {
    flash("none after this event");
    return;
  }
  player.playing = false;
  player.following = false;
  player.goTo(target);
  dirty = true;
}

function flash(text: string): void {
  $("load").textContent = text;
}

function wireControls(): void {
  $("play").onclick = () => {
    if (player === undefined) return;
    if (live) player.following = !player.following;
    else {
      if (!player.playing && player.index >= (timeline?.length ?? 0) - 1) player.goTo(0);
      player.playing = !player.playing;
    }
    dirty = true;
  };
  $("step").onclick = () => {
    player?.step(1);
    dirty = true;
  };
  $("step-back").onclick = () => {
    player?.step(-1);
    dirty = true;
  };
  $("speed").onchange = () => {
    if (player) player.speed = Number($<HTMLSelectElement>("speed").value);
  };
  $("scrubber").oninput = () => {
    if (player === undefined) return;
    player.playing = false;
    player.following = false;
    player.goTo(Number($<HTMLInputElement>("scrubber").value));
    dirty = true;
  };
  $("next-election").onclick = () => jump(timeline?.elections ?? []);
  $("next-commit").onclick = () => jump(timeline?.newCommits ?? []);
  $("first-violation").onclick = () => jump(timeline?.violations ?? [], true);
  $("figure8").onclick = () => void loadFigure8();
  $("events").onclick = (event) => {
    const row = (event.target as HTMLElement).closest("[data-goto]") as HTMLElement | null;
    if (row === null || player === undefined) return;
    player.step(Number(row.dataset.goto) - player.index);
    dirty = true;
  };
  // On press, not click: the ring redraws every frame in live mode, so the element under the
  // mouse when it goes down may be gone when it comes up.
  $("cluster").onmousedown = (event) => {
    const node = (event.target as Element).closest("[data-node-svg]") as SVGElement | null;
    if (!live || node === null) return;
    // As in RaftScope, a click on a node offers what can be done to it.
    const menu = $("node-menu");
    menu.innerHTML = nodeActions([Number(node.dataset.nodeSvg)]);
    menu.style.left = `${event.pageX}px`;
    menu.style.top = `${event.pageY}px`;
    menu.hidden = false;
    event.stopPropagation();
  };
  $("node-menu").onclick = (event) => {
    const button = (event.target as HTMLElement).closest("[data-action]") as HTMLElement | null;
    if (button !== null) void nodeAction(button.dataset.target!, button.dataset.action!);
    $("node-menu").hidden = true;
  };
  $("node-menu").onmousedown = (event) => event.stopPropagation();
  document.body.addEventListener("mousedown", () => {
    $("node-menu").hidden = true;
  });
  $("actions").onclick = (event) => {
    const button = (event.target as HTMLElement).closest("[data-action]") as HTMLElement | null;
    if (button !== null) void nodeAction(button.dataset.target!, button.dataset.action!);
  };
  document.onkeydown = (event) => {
    if ((event.target as HTMLElement).tagName === "INPUT") return;
    if (event.key === "ArrowRight") $("step").click();
    else if (event.key === "ArrowLeft") $("step-back").click();
    else if (event.key === " ") $("play").click();
    else return;
    event.preventDefault();
  };
}

async function loadFigure8(): Promise<void> {
  flash("running the Figure 8 seed…");
  const response = await fetch("api/figure8");
  const text = await response.text();
  if (!response.ok) return showError(text);
  // The Figure 8 run replaces what was shown, the live cluster included.
  liveStream?.close();
  live = false;
  document.body.classList.remove("live");
  setHtml("actions", "");
  await loadTrace(text, "Figure 8 (08 README: seed 3, mutant commit-previous-term)");
  if (timeline !== undefined && timeline.violations.length > 0) jump(timeline.violations, true);
}

async function nodeAction(node: string, action: string): Promise<void> {
  const response = await fetch(`api/node/${node}/${action}`, { method: "POST" });
  flash(`n${node} ${action}: ${await response.text()}`);
}

let lastFrameMs = performance.now();
function frame(nowMs: number): void {
  const wallMs = nowMs - lastFrameMs;
  lastFrameMs = nowMs;
  if (player?.advance(wallMs) || player?.following) dirty = true;
  if (dirty) {
    dirty = false;
    try {
      render();
    } catch (error) {
      showError(`viewer error: ${error instanceof Error ? error.message : String(error)}`);
    }
  }
  requestAnimationFrame(frame);
}

wireControls();
requestAnimationFrame(frame);
boot().catch((error: unknown) =>
  showError(`cannot load: ${error instanceof Error ? error.message : String(error)}`),
);
