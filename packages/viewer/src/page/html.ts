// The page's HTML and CSS (served by the viewer; the script is the esbuild bundle of main.ts).
export const pageHtml = `<!doctype html>
<html lang="en"><head><meta charset="utf-8"><title>Rafting viewer</title>
<link rel="stylesheet" href="style.css"></head>
<body data-state="loading">
<header>
  <b>Rafting viewer</b> <span id="source"></span> <span id="load"></span>
  <button id="figure8" title="The 08 README's Figure 8 run (seed 3, mutant commit-previous-term)">Figure 8 run</button>
</header>
<div id="error" hidden></div>
<div id="controls">
  <button id="step-back" title="previous event (←)">« step</button>
  <button id="play" title="play or pause (space)">play</button>
  <button id="step" title="next event (→)">step »</button>
  <label>speed <select id="speed">
    <option value="0.005">0.005×</option><option value="0.02">0.02×</option>
    <option value="0.05" selected>0.05×</option><option value="0.2">0.2×</option>
    <option value="1">1×</option><option value="5">5×</option></select></label>
  <input id="scrubber" type="range" min="0" max="0" value="0" aria-label="scrubber">
  <button id="next-election">next election</button>
  <button id="next-commit">next commit</button>
  <button id="first-violation">first violation</button>
  <span id="status"></span>
</div>
<div id="violation" hidden></div>
<div id="node-menu" hidden></div>
<main>
  <section id="left"><div id="cluster"></div>
    <h3>faults</h3><div id="faults"></div>
    <h3>clients</h3><div id="clients"></div></section>
  <section id="right"><div id="actions"></div><div id="nodes"></div><h3>events</h3><div id="events"></div></section>
</main>
<script src="app.js"></script>
</body></html>
`;

export const pageCss = `
body { font: 13px system-ui, sans-serif; margin: 0; color: #222; background: #fafafa; }
header, #controls { padding: 6px 10px; display: flex; gap: 8px; align-items: center; flex-wrap: wrap; }
header { background: #223; color: #fff; } header #load { color: #aab; } header button { margin-left: auto; }
#controls { background: #eef; border-bottom: 1px solid #ccd; }
#scrubber { flex: 1; min-width: 200px; }
#error { background: #c62828; color: #fff; padding: 8px 10px; font-weight: bold; }
#violation { background: #ffebee; color: #b71c1c; padding: 6px 10px; border-bottom: 2px solid #c62828; }
main { display: flex; gap: 10px; padding: 10px; }
#left { flex: 0 0 450px; } #right { flex: 1; min-width: 0; }
h3 { margin: 8px 0 4px; font-size: 13px; color: #555; }
svg .link { stroke: #ccc; stroke-width: 2; } svg .link.cut { stroke: #d32f2f; stroke-dasharray: 6 4; }
svg circle.paused { stroke: #555; stroke-width: 3; stroke-dasharray: 4 3; }
svg text { text-anchor: middle; font-size: 12px; } svg .name { font-weight: bold; font-size: 14px; }
svg .badge { font-size: 10px; fill: #333; }
svg .timer { fill: none; stroke: #555; stroke-width: 3; }
svg .msg circle { fill: #1565c0; } svg .msg text { font-size: 10px; fill: #0d47a1; }
svg .msg.request-vote circle, svg .msg.request-vote-response circle { fill: #ef6c00; }
svg .msg.request-vote text, svg .msg.request-vote-response text { fill: #e65100; }
svg .msg.dup circle { stroke: #6a1b9a; stroke-width: 3; }
svg .msg.delayed circle { stroke: #f9a825; stroke-width: 3; }
svg .msg.doomed circle { fill: #d32f2f; } svg .msg.doomed text { fill: #d32f2f; text-decoration: line-through; }
.card { background: #fff; border: 1px solid #ddd; border-left: 6px solid #8ec5ff; border-radius: 4px; padding: 6px; margin-bottom: 6px; }
.card.role-leader { border-left-color: #f5c542; } .card.role-candidate { border-left-color: #f08a4b; }
.card.role-down { border-left-color: #9a9a9a; opacity: 0.7; }
.card .head { display: flex; gap: 12px; margin-bottom: 4px; }
.log { display: flex; flex-wrap: wrap; gap: 1px; }
.cell { display: inline-block; min-width: 16px; height: 18px; line-height: 18px; text-align: center; font-size: 10px; border: 1px dashed #777; box-sizing: border-box; }
.cell.committed { border: 1px solid #000; border-bottom-width: 3px; }
.cell.applied { box-shadow: inset 0 -4px 0 rgba(0,0,0,0.35); }
.kv { margin-top: 4px; color: #444; } .pair { margin-right: 8px; font-family: monospace; }
.empty { color: #999; } .actions button { font-size: 11px; margin: 4px 4px 0 0; }
#events ol { list-style: none; padding: 0; margin: 0; font-family: monospace; font-size: 12px; }
#events li { padding: 1px 4px; cursor: pointer; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; }
#events li.current { background: #fff59d; } #events .t { color: #888; }
#events .k-violation { color: #c62828; font-weight: bold; } #events .k-fault { color: #6a1b9a; }
.client-ok b { color: #2e7d32; } .client-fail b { color: #c62828; } .client-info b { color: #ef6c00; }
ul { margin: 0; padding-left: 18px; }
#node-menu { position: absolute; background: #fff; border: 1px solid #889; box-shadow: 0 2px 6px rgba(0,0,0,0.25); padding: 4px 6px; z-index: 10; }
body.live svg .node-svg { cursor: pointer; }
`;
