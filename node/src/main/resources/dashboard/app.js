// The node's dashboard: reads GET /status and GET /peers, then follows GET /events (server-sent events).
// Everything a peer or a service said is shown as text (textContent), never parsed as HTML.
"use strict";

const HISTORY = 600;        // progress samples kept for the charts (5 minutes at one every 0.5 s)
const EVENTS_SHOWN = 30;    // lines of the event log
const RATE_SPAN = 4;        // samples a rate is averaged over (2 s): blocks arrive in batches

const dashboard = {
  samples: [],              // progress events: {time, peers, services: {name: {height, blockHeight, blocksStored}},
                            //   synced: {name: entries synced since the node started}}
  charts: {},               // uPlot instances by name, for the curious (and the browser test)
  status: null,
  peers: [],
};
window.dashboard = dashboard;

// ---- small helpers -------------------------------------------------------------------------------------------

function el(tag, attrs = {}, ...children) {
  const e = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs)) {
    if (k === "class") e.className = v; else e.setAttribute(k, v);
  }
  for (const c of children) e.append(c instanceof Node ? c : document.createTextNode(c == null ? "" : String(c)));
  return e;
}

function svg(tag, attrs = {}) {
  const e = document.createElementNS("http://www.w3.org/2000/svg", tag);
  for (const [k, v] of Object.entries(attrs)) e.setAttribute(k, v);
  return e;
}

function bytes(n) {
  if (n == null || n < 0) return "–";
  const units = ["B", "kB", "MB", "GB", "TB"];
  let i = 0;
  while (n >= 1000 && i < units.length - 1) { n /= 1000; i++; }
  return (i === 0 ? n : n.toFixed(1)) + " " + units[i];
}

function duration(seconds) {
  if (seconds < 60) return seconds + " s";
  if (seconds < 3600) return Math.floor(seconds / 60) + " min";
  return (seconds / 3600).toFixed(1) + " h";
}

const shortHash = h => (h && h.length > 16 ? h.slice(0, 8) + "…" + h.slice(-8) : h || "");

function logEvent(text) {
  const list = document.getElementById("events");
  list.prepend(el("li", {}, new Date().toLocaleTimeString() + "  " + text));
  while (list.children.length > EVENTS_SHOWN) list.lastChild.remove();
}

// ---- peers ---------------------------------------------------------------------------------------------------

function renderPeers(rows) {
  dashboard.peers = rows;
  const body = document.querySelector("#peers tbody");
  body.replaceChildren(...rows.map(p => el("tr", { "data-peer": p.address },
    el("td", { class: "hash" }, p.address),
    el("td", {}, p.direction),
    el("td", {}, p.network || "–"),
    el("td", {}, p.userAgent || "–"),
    el("td", { class: "num height" }, p.height == null ? "–" : p.height),
    el("td", { class: "num" }, p.score),
    el("td", { class: "num" }, bytes(p.bytesIn)),
    el("td", { class: "num" }, bytes(p.bytesOut)),
    el("td", { class: "num" }, p.pingMillis == null ? "–" : p.pingMillis + " ms"),
    el("td", { class: "num" }, duration(p.connectedSeconds)),
    el("td", {}, activity(p.activity)))));
  document.querySelector("#peers .empty").hidden = rows.length > 0;
  document.getElementById("peer-count").textContent = rows.length + (rows.length === 1 ? " peer" : " peers");
}

function activity(byService) {
  const parts = [];
  for (const [service, a] of Object.entries(byService || {})) {
    const what = [];
    if (a.blocksInFlight) what.push(a.blocksInFlight + " blocks in flight");
    if (a.syncPeer) what.push("sync peer");
    for (const [k, v] of Object.entries(a)) if (k !== "blocksInFlight" && k !== "syncPeer") what.push(k + " " + v);
    if (what.length) parts.push(service + ": " + what.join(", "));
  }
  return parts.join("; ") || "–";
}

// ---- sync cards and charts -----------------------------------------------------------------------------------

function syncServices(status) {
  return Object.entries(status.services || {}).filter(([, s]) => typeof s.height === "number");
}

/** Services whose entries the node syncs without a height: databases, record collections (as the node samples them). */
function syncedServices(status) {
  return Object.entries(status.services || {}).filter(([, s]) => (s.collections && typeof s.collections === "object")
    || (s.identity !== undefined && Array.isArray(s.list)));
}

function renderSyncCards(status) {
  // a node of record endpoints or databases only has no chain or DAG to chart, only entries synced
  const chains = syncServices(status).length > 0, synced = syncedServices(status).length > 0;
  document.getElementById("sync").hidden = !chains && !synced;
  for (const f of document.querySelectorAll("#sync .chain-chart")) f.hidden = !chains;
  document.getElementById("figure-synced").hidden = !synced;
  const cards = document.getElementById("sync-cards");
  cards.replaceChildren(...syncServices(status).map(([name, s]) => el("div", { class: "card", id: "sync-" + name },
    el("div", { class: "name" }, name + " (" + s.mode + ")"),
    el("div", { class: "height" }, s.height),
    el("div", { class: "muted" }, "blocks stored to height ", el("span", { class: "stored" }, s.blockHeight)),
    el("div", { class: "muted rate" }, rateText(name)))));
}

function rateOf(name, a, b) {
  const x = a.services[name], y = b.services[name];
  if (!x || !y || b.time <= a.time) return null;
  return Math.max(0, (y.blockHeight - x.blockHeight) / ((b.time - a.time) / 1000));
}

function syncedRateOf(name, a, b) {
  const x = (a.synced || {})[name], y = (b.synced || {})[name];
  if (x == null || y == null || b.time <= a.time) return null;
  return Math.max(0, (y - x) / ((b.time - a.time) / 1000));
}

function rateText(name) {
  const n = dashboard.samples.length;
  if (n < 2) return "";
  const from = dashboard.samples[Math.max(0, n - 1 - RATE_SPAN)], to = dashboard.samples[n - 1];
  const r = rateOf(name, from, to);
  return r == null ? "" : r.toFixed(1) + " blocks/s";
}

function chartOptions(el, series, yLabel) {
  return {
    width: Math.max(300, el.clientWidth), height: 200,
    scales: { x: { time: true } },
    axes: [{}, { label: yLabel, size: 60 }],
    series: [{}, ...series.map((s, i) => ({ label: s, stroke: ["#2f6fdb", "#1f8a4c", "#d9822b", "#8e44ad"][i % 4], width: 2 }))],
  };
}

function chartData() {
  const samples = dashboard.samples;
  const names = [...new Set(samples.flatMap(s => Object.keys(s.services)))];
  const times = samples.map(s => s.time / 1000);
  const heights = [], rates = [];
  for (const name of names) {
    heights.push(samples.map(s => (s.services[name] ? s.services[name].height : null)));
    heights.push(samples.map(s => (s.services[name] ? s.services[name].blockHeight : null)));
    rates.push(samples.map((s, i) => (i === 0 ? null : rateOf(name, samples[Math.max(0, i - RATE_SPAN)], s))));
  }
  const syncedNames = [...new Set(samples.flatMap(s => Object.keys(s.synced || {})))];
  const synced = syncedNames.map(name => samples.map((s, i) => (i === 0 ? null
    : syncedRateOf(name, samples[Math.max(0, i - RATE_SPAN)], s))));
  return {
    height: { series: names.flatMap(n => [n + " best header", n + " blocks stored"]), data: [times, ...heights] },
    rate: { series: names, data: [times, ...rates] },
    synced: { series: syncedNames, data: [times, ...synced] },
  };
}

function renderCharts() {
  if (typeof uPlot === "undefined") {
    document.getElementById("no-charts").hidden = false;
    return;
  }
  const data = chartData();
  for (const [key, label] of [["height", "height"], ["rate", "blocks/s"], ["synced", "entries/s"]]) {
    const target = document.getElementById("chart-" + key);
    const existing = dashboard.charts[key];
    if (existing && existing.series.length === data[key].series.length + 1) {
      existing.setData(data[key].data);
      // a chart made while its figure was hidden takes the figure's width once it shows
      const width = Math.max(300, target.clientWidth);
      if (target.clientWidth > 0 && existing.width !== width) existing.setSize({ width, height: 200 });
    } else {
      if (existing) existing.destroy();
      dashboard.charts[key] = new uPlot(chartOptions(target, data[key].series, label), data[key].data, target);
    }
  }
}

function addSample(sample) {
  dashboard.samples.push(sample);
  if (dashboard.samples.length > HISTORY) dashboard.samples.shift();
  renderCharts();
  for (const name of Object.keys(sample.services)) {
    const card = document.getElementById("sync-" + name);
    if (card) {
      card.querySelector(".height").textContent = sample.services[name].height;
      card.querySelector(".stored").textContent = sample.services[name].blockHeight;
      card.querySelector(".rate").textContent = rateText(name);
    }
  }
}

// ---- the services' own sections --------------------------------------------------------------------------------

function renderServices(status) {
  const root = document.getElementById("services");
  root.replaceChildren(...Object.entries(status.services || {}).map(([name, s]) => {
    const section = el("section", { class: "service", id: "service-" + name, "data-service": name });
    if (s.mode === "dag" && s.dag) renderDag(section, name, s);
    else if (s.mode === "headers" || s.mode === "blocks") renderChain(section, name, s);
    else if (s.collections && typeof s.collections === "object") renderRecords(section, name, s);
    else if (Array.isArray(s.recentRuns)) renderRuns(section, name, s);
    else if (s.identity !== undefined && Array.isArray(s.list)) renderDatabases(section, name, s);
    else renderGeneric(section, name, s);
    return section;
  }));
}

function renderChain(section, name, s) {
  section.append(el("h2", {}, "Chain " + name),
    facts({ tip: s.tip, height: s.height, "blocks stored to": s.blockHeight, chainwork: s.chainwork,
      "memory pool": s.mempool + " transactions", "blocks written": s.blocksStored }));
  if (s.recent && s.recent.length) {
    section.append(el("h3", {}, "Recent blocks"), el("table", { class: "recent-blocks" },
      el("thead", {}, el("tr", {}, el("th", { class: "num" }, "Height"), el("th", {}, "Hash"), el("th", {}, "Time"),
        el("th", {}, "Body"))),
      el("tbody", {}, ...s.recent.map(b => el("tr", {},
        el("td", { class: "num" }, b.height), el("td", { class: "hash" }, b.hash),
        el("td", {}, new Date(b.time * 1000).toISOString().replace("T", " ").slice(0, 19)),
        el("td", {}, b.stored ? "stored" : "header only"))))));
  }
}

function renderDag(section, name, s) {
  section.append(el("h2", {}, "DAG " + name),
    facts({ tips: s.dag.tips.length, "tip heights": s.dag.minTipHeight + "–" + s.dag.maxTipHeight,
      blocks: s.dag.blocks, "tips hash": s.dag.tipsHash, "memory pool": s.mempool + " transactions" }));
  section.append(el("h3", {}, "Recent structure (" + (s.dag.recent || []).length + " highest blocks; tips in green)"),
    dagGraph(s.dag.recent || [], new Set(s.dag.tips)));
}

/** The DAG's recent blocks as an SVG: height from left to right, parallel blocks one above another, lines to parents. */
function dagGraph(nodes, tips) {
  const width = 900, height = 220, pad = 16;
  const g = svg("svg", { class: "dag", viewBox: `0 0 ${width} ${height}`, preserveAspectRatio: "xMidYMid meet" });
  if (!nodes.length) return g;
  const byHeight = new Map();
  for (const n of nodes) {
    if (!byHeight.has(n.height)) byHeight.set(n.height, []);
    byHeight.get(n.height).push(n);
  }
  const heights = [...byHeight.keys()].sort((a, b) => a - b);
  const step = heights.length > 1 ? (width - 2 * pad) / (heights.length - 1) : 0;
  const at = new Map();
  // lowest height first; in a column, blocks ordered by where their parents are (fewer crossing lines)
  const parentY = n => {
    const ys = n.parents.map(p => at.get(p)).filter(Boolean).map(p => p.y);
    return ys.length ? ys.reduce((a, b) => a + b, 0) / ys.length : 0;
  };
  heights.forEach((h, i) => {
    const column = byHeight.get(h).sort((a, b) => parentY(a) - parentY(b) || (a.hash < b.hash ? -1 : 1));
    column.forEach((n, j) => at.set(n.hash, {
      x: heights.length > 1 ? pad + i * step : width / 2,
      y: (height / (column.length + 1)) * (j + 1),
    }));
  });
  for (const n of nodes) {
    for (const p of n.parents) {
      const a = at.get(n.hash), b = at.get(p);
      if (a && b) g.append(svg("line", { x1: a.x, y1: a.y, x2: b.x, y2: b.y }));
    }
  }
  for (const n of nodes) {
    const p = at.get(n.hash);
    const c = svg("circle", { cx: p.x, cy: p.y, r: 5, class: tips.has(n.hash) ? "tip" : "" });
    const title = svg("title");
    title.textContent = "height " + n.height + "\n" + n.hash;
    c.append(title);
    g.append(c);
  }
  return g;
}

const noScheme = url => (url ? url.replace(/^https?:\/\//, "") : "?");
const when = iso => (iso ? iso.replace("T", " ").slice(0, 19) : "never");

function table(cls, headers, rows) {
  return el("table", { class: cls },
    el("thead", {}, el("tr", {}, ...headers.map(h => el("th", { class: h.num ? "num" : "" }, h.label || h)))),
    el("tbody", {}, ...rows));
}

/** Record collections (SData): their digests and what their sync routes did. */
function renderRecords(section, name, s) {
  const entries = Object.entries(s.collections);
  section.append(el("h2", {}, "Record collections"));
  if (!entries.length) {
    section.append(el("p", { class: "muted" }, "No collections."));
    return;
  }
  section.append(table("collections", ["Collection", { label: "Records", num: true }, "Digest (endpoint: tick)",
    { label: "Applied", num: true }, { label: "Served", num: true }, { label: "Conflicts", num: true },
    "Last applied", "Last served", { label: "Missing", num: true }],
  entries.map(([kind, c]) => el("tr", { "data-collection": kind },
    el("td", {}, kind),
    el("td", { class: "num" }, c.records),
    el("td", { class: "hash" }, (c.digest || []).map(d => (d.endpoint === c.endpoint ? "this: " : d.endpoint + ": ")
      + d.tick).join(", ") || "–"),
    el("td", { class: "num" }, c.entriesApplied),
    el("td", { class: "num" }, c.entriesServed),
    el("td", { class: "num" + (c.conflicts ? " warn" : "") }, c.conflicts),
    el("td", {}, when(c.lastApplied)),
    el("td", {}, when(c.lastServed)),
    el("td", { class: "num" + (c.missing ? " warn" : "") }, c.missing == null ? "–" : c.missing)))));
}

/** Databases on operation logs (OrbitDB's formats) and where their replication stands with each peer. */
function renderDatabases(section, name, s) {
  section.append(el("h2", {}, "Databases"), facts({ identity: s.identity, databases: s.databases, replicated: s.replicated }));
  if (!s.list.length) {
    section.append(el("p", { class: "muted" }, "No database yet."));
    return;
  }
  section.append(table("databases", ["Name", "Type", { label: "Entries", num: true }, "Address", "Replication"],
    s.list.map(d => el("tr", { "data-database": d.name },
      el("td", {}, d.name),
      el("td", {}, d.type),
      el("td", { class: "num" }, d.entries),
      el("td", { class: "hash" }, shortHash(d.address.replace("/orbitdb/", ""))),
      el("td", { class: "wrap" }, !d.replicated ? "local only"
        : !d.peers.length ? "replicated, no peer yet"
        : d.peers.map(p => p.peer + ": " + (p.synced ? "synced" : p.missing + " missing")
          + ", " + p.applied + " applied from it").join("; "))))));
}

/** The event manager: the newest record-sync runs, with their first diagnostics. */
function renderRuns(section, name, s) {
  section.append(el("h2", {}, "Record-sync runs"),
    facts({ "runs kept": s.runs, webhook: s.webhook }));
  if (!s.recentRuns.length) {
    section.append(el("p", { class: "muted" }, "No run reported yet."));
    return;
  }
  section.append(table("runs", ["Run", "Started", "Source → target", { label: "Entries", num: true },
    { label: "Conflicts", num: true }, { label: "Failures", num: true }, "Last report", "Diagnostics"],
  s.recentRuns.map(r => el("tr", { "data-run": r.runName, class: r.failures ? "failed" : r.conflicts ? "conflicted" : "" },
    el("td", {}, r.runName),
    el("td", {}, r.runStamp),
    el("td", { class: "hash wrap" }, noScheme(r.source) + " → " + noScheme(r.target)),
    el("td", { class: "num" }, r.entries),
    el("td", { class: "num" + (r.conflicts ? " warn" : "") }, r.conflicts),
    el("td", { class: "num" + (r.failures ? " bad" : "") }, r.failures),
    el("td", {}, when(r.last)),
    el("td", { class: "wrap" }, (r.diagnostics || []).map(d => (d.uuid ? d.uuid + ": " : "") + (d.message || d.code || d.severity))
      .join("; ") || "–")))));
}

function renderGeneric(section, name, s) {
  section.append(el("h2", {}, name));
  const simple = {}, nested = {};
  for (const [k, v] of Object.entries(s)) (v !== null && typeof v === "object" ? nested : simple)[k] = v;
  if (Object.keys(simple).length) section.append(facts(simple));
  for (const [k, v] of Object.entries(nested)) section.append(el("h3", {}, k), el("pre", {}, JSON.stringify(v, null, 2)));
}

function facts(map) {
  const dl = el("dl");
  for (const [k, v] of Object.entries(map)) {
    if (v === undefined || v === null) continue;
    dl.append(el("dt", {}, k), el("dd", { class: typeof v === "string" && v.length === 64 ? "hash" : "" }, v));
  }
  return dl;
}

function renderStatus(status) {
  dashboard.status = status;
  renderSyncCards(status);
  renderServices(status);
}

// ---- the live stream -----------------------------------------------------------------------------------------

function connect() {
  const badge = document.getElementById("connection");
  const source = new EventSource("events");
  const json = handler => e => handler(JSON.parse(e.data));
  source.onopen = () => { badge.textContent = "live"; badge.className = "badge live"; };
  source.onerror = () => { badge.textContent = "reconnecting"; badge.className = "badge down"; };
  source.addEventListener("status", json(renderStatus));
  source.addEventListener("peers", json(renderPeers));
  source.addEventListener("progress", json(addSample));
  // a DAG has no one tip: its event carries none
  source.addEventListener("tip", json(t => logEvent(t.service + ": best " + t.height + (t.tip ? " " + shortHash(t.tip) : "")
    + ", blocks stored to " + t.blockHeight)));
  source.addEventListener("peer", json(p => logEvent(p.event === "connected"
    ? "peer " + p.peer.address + " connected (" + (p.peer.userAgent || p.peer.network || "?") + ")"
    : "peer " + p.address + " disconnected: " + p.reason)));
  source.addEventListener("error", e => { if (e.data) logEvent(JSON.parse(e.data).error); });
}

window.addEventListener("resize", () => {
  for (const [key, chart] of Object.entries(dashboard.charts)) {
    chart.setSize({ width: Math.max(300, document.getElementById("chart-" + key).clientWidth), height: 200 });
  }
});

connect();
