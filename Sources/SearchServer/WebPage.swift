/// The single page served at `/`: search box, result grid, image drop, "similar", keyboard
/// navigation, deep links (`/?q=TEXT`, `/?similar=ID`, `&kind=image|text`), light and dark.
/// Self-contained: no external scripts, styles or fonts.
enum WebPage {
    static let html = #"""
<!doctype html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="color-scheme" content="light dark">
<title>Loupe</title>
<link rel="icon" href="data:image/svg+xml,%3Csvg xmlns='http://www.w3.org/2000/svg' viewBox='0 0 24 24' fill='none' stroke='%232f6fed' stroke-width='2.6' stroke-linecap='round'%3E%3Ccircle cx='10.5' cy='10.5' r='6.5'/%3E%3Cpath d='M15.5 15.5 21 21'/%3E%3C/svg%3E">
<style>
:root {
  --bg: #f6f7f9; --panel: #ffffff; --text: #16181d; --muted: #5f6673; --line: #e2e5ea;
  --accent: #2f6fed; --accent-soft: #e6eeff; --shadow: 0 1px 2px rgba(16,24,40,.06), 0 1px 3px rgba(16,24,40,.1);
  --mark: #fff1a8; --radius: 12px;
}
@media (prefers-color-scheme: dark) {
  :root {
    --bg: #0f1115; --panel: #171a21; --text: #e8eaef; --muted: #9aa3b2; --line: #272b35;
    --accent: #7aa2ff; --accent-soft: #1d2740; --shadow: 0 1px 2px rgba(0,0,0,.4); --mark: #4a4220;
  }
}
* { box-sizing: border-box; }
html, body { margin: 0; }
body {
  background: var(--bg); color: var(--text);
  font: 15px/1.5 system-ui, -apple-system, "Segoe UI", Roboto, "Helvetica Neue", Arial, sans-serif;
  -webkit-font-smoothing: antialiased;
}
header {
  position: sticky; top: 0; z-index: 5; background: color-mix(in srgb, var(--bg) 88%, transparent);
  backdrop-filter: blur(8px); border-bottom: 1px solid var(--line);
}
.bar { max-width: 1280px; margin: 0 auto; padding: 14px 20px; display: flex; gap: 14px; align-items: center; flex-wrap: wrap; }
.brand { display: flex; align-items: center; gap: 8px; font-weight: 650; font-size: 18px; letter-spacing: -.01em; text-decoration: none; color: inherit; }
.brand svg { width: 24px; height: 24px; color: var(--accent); }
form.search { flex: 1 1 420px; display: flex; align-items: center; gap: 8px; background: var(--panel);
  border: 1px solid var(--line); border-radius: 999px; padding: 4px 6px 4px 14px; box-shadow: var(--shadow); min-width: 0; }
form.search:focus-within { border-color: var(--accent); outline: 3px solid var(--accent-soft); }
form.search input[type=search] { flex: 1; min-width: 0; border: 0; outline: 0; background: transparent; color: inherit; font: inherit; font-size: 16px; padding: 8px 0; }
.chip { display: none; align-items: center; gap: 6px; background: var(--accent-soft); color: var(--text); border-radius: 999px; padding: 2px 4px 2px 2px; font-size: 13px; white-space: nowrap; }
.chip.on { display: inline-flex; }
.chip img { width: 28px; height: 28px; object-fit: cover; border-radius: 999px; }
.chip button { border: 0; background: transparent; color: var(--muted); font-size: 16px; cursor: pointer; padding: 0 6px; }
.iconbtn { border: 0; background: transparent; color: var(--muted); width: 36px; height: 36px; border-radius: 999px; cursor: pointer; display: grid; place-items: center; }
.iconbtn:hover, .iconbtn:focus-visible { background: var(--accent-soft); color: var(--accent); outline: 0; }
.iconbtn svg { width: 20px; height: 20px; }
.go { border: 0; background: var(--accent); color: #fff; font: inherit; font-weight: 600; border-radius: 999px; padding: 8px 16px; cursor: pointer; }
@media (prefers-color-scheme: dark) { .go { color: #0f1115; } }
.kinds { display: flex; gap: 4px; background: var(--panel); border: 1px solid var(--line); border-radius: 999px; padding: 3px; }
.kinds button { border: 0; background: transparent; color: var(--muted); font: inherit; font-size: 13px; padding: 5px 12px; border-radius: 999px; cursor: pointer; }
.kinds button[aria-pressed=true] { background: var(--accent-soft); color: var(--accent); font-weight: 600; }
main { max-width: 1280px; margin: 0 auto; padding: 18px 20px 60px; }
.status { color: var(--muted); font-size: 13px; margin: 2px 0 14px; min-height: 20px; display: flex; gap: 12px; flex-wrap: wrap; }
.status strong { color: var(--text); font-weight: 600; }
.error { color: #c0362c; }
@media (prefers-color-scheme: dark) { .error { color: #ff8a80; } }
.grid { display: grid; grid-template-columns: repeat(auto-fill, minmax(190px, 1fr)); gap: 14px; }
.card { position: relative; background: var(--panel); border: 1px solid var(--line); border-radius: var(--radius); overflow: hidden;
  box-shadow: var(--shadow); display: flex; flex-direction: column; outline: 0; transition: transform .08s ease, border-color .08s ease; }
.card:hover { border-color: color-mix(in srgb, var(--accent) 40%, var(--line)); }
.card:focus-visible, .card.focused { border-color: var(--accent); box-shadow: 0 0 0 3px var(--accent-soft); transform: translateY(-1px); }
.thumb { display: block; aspect-ratio: 1 / 1; background: repeating-conic-gradient(var(--line) 0 25%, transparent 0 50%) 0 0 / 16px 16px; }
.thumb img { width: 100%; height: 100%; object-fit: cover; display: block; }
.meta { padding: 8px 10px 10px; display: flex; flex-direction: column; gap: 4px; min-width: 0; }
.row { display: flex; align-items: center; gap: 8px; justify-content: space-between; min-width: 0; }
.name { font-weight: 600; font-size: 13.5px; white-space: nowrap; overflow: hidden; text-overflow: ellipsis; color: inherit; text-decoration: none; }
.name:hover { text-decoration: underline; }
.score { font-variant-numeric: tabular-nums; font-size: 12px; color: var(--muted); background: var(--bg); border: 1px solid var(--line); border-radius: 6px; padding: 0 6px; flex: none; }
.sub { font-size: 12px; color: var(--muted); display: flex; justify-content: space-between; gap: 8px; }
.similar { border: 0; background: transparent; color: var(--accent); font: inherit; font-size: 12px; font-weight: 600; cursor: pointer; padding: 0; }
.similar:hover { text-decoration: underline; }
.card.passage { grid-column: span 2; }
.card.passage .meta { padding: 12px 14px; gap: 8px; height: 100%; }
.excerpt { margin: 0; font-size: 14px; line-height: 1.55; white-space: pre-wrap; overflow-wrap: anywhere; display: -webkit-box; -webkit-line-clamp: 7; -webkit-box-orient: vertical; overflow: hidden; flex: 1; }
.excerpt mark { background: var(--mark); color: inherit; border-radius: 3px; padding: 0 1px; }
.doc { display: inline-flex; align-items: center; gap: 6px; }
.doc svg { width: 15px; height: 15px; color: var(--muted); flex: none; }
.empty { text-align: center; color: var(--muted); padding: 70px 20px; }
.empty h2 { color: var(--text); font-size: 20px; font-weight: 650; margin: 0 0 6px; letter-spacing: -.01em; }
.empty p { margin: 4px 0; }
kbd { font: 12px ui-monospace, SFMono-Regular, Menlo, monospace; background: var(--panel); border: 1px solid var(--line); border-bottom-width: 2px; border-radius: 5px; padding: 1px 5px; }
.keys { color: var(--muted); font-size: 12px; margin-top: 26px; display: flex; gap: 14px; flex-wrap: wrap; justify-content: center; }
.drop { position: fixed; inset: 0; z-index: 10; display: none; place-items: center; background: color-mix(in srgb, var(--bg) 75%, transparent); backdrop-filter: blur(3px); }
.drop.on { display: grid; }
.drop div { border: 2px dashed var(--accent); border-radius: 20px; padding: 48px 64px; font-size: 18px; font-weight: 600; color: var(--accent); background: var(--panel); }
.skeleton .thumb { animation: pulse 1.2s ease-in-out infinite; background: var(--line); }
@keyframes pulse { 50% { opacity: .5; } }
@media (max-width: 640px) {
  .bar { padding: 10px 12px; gap: 10px; }
  main { padding: 12px 12px 40px; }
  .grid { grid-template-columns: repeat(2, minmax(0, 1fr)); gap: 10px; }
  .card.passage { grid-column: 1 / -1; }
  .go { display: none; }
  .keys { display: none; }
}
</style>
</head>
<body>
<header>
  <div class="bar">
    <a class="brand" href="/" title="Loupe">
      <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2.2" stroke-linecap="round"><circle cx="10.5" cy="10.5" r="6.5"/><path d="M15.5 15.5 21 21"/></svg>
      Loupe
    </a>
    <form class="search" id="form" role="search">
      <span class="chip" id="chip"><img id="chipimg" alt=""><span id="chiptext">image</span><button type="button" id="chipclear" aria-label="Clear image query">×</button></span>
      <input type="search" id="q" name="q" placeholder="Search photos and documents — e.g. rusty bolt + 2:&quot;night&quot;" autocomplete="off" aria-label="Search">
      <input type="file" id="file" accept="image/jpeg,image/png" hidden>
      <button type="button" class="iconbtn" id="pick" title="Search by image (or drop one anywhere)" aria-label="Search by image">
        <svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><rect x="3" y="4" width="18" height="16" rx="3"/><circle cx="9" cy="10" r="2"/><path d="m21 16-5-5-9 9"/></svg>
      </button>
      <button class="go" type="submit">Search</button>
    </form>
    <div class="kinds" role="group" aria-label="Kind">
      <button type="button" data-kind="all" aria-pressed="true">All</button>
      <button type="button" data-kind="image" aria-pressed="false">Images</button>
      <button type="button" data-kind="text" aria-pressed="false">Text</button>
    </div>
  </div>
</header>
<main>
  <div class="status" id="status" aria-live="polite"></div>
  <div class="grid" id="results" role="list"></div>
  <div class="empty" id="empty">
    <h2>Search your library by meaning</h2>
    <p>Type what you are looking for, or drop an image to find similar ones.</p>
    <p id="stats"></p>
    <div class="keys"><span><kbd>/</kbd> search</span><span><kbd>Enter</kbd> run</span><span><kbd>←</kbd><kbd>↑</kbd><kbd>→</kbd><kbd>↓</kbd> move</span><span><kbd>o</kbd> open</span><span><kbd>s</kbd> similar</span><span><kbd>Esc</kbd> back to the box</span></div>
  </div>
</main>
<div class="drop" id="drop"><div>Drop an image to search by it</div></div>
<script>
"use strict";
const $ = (id) => document.getElementById(id);
const state = { q: "", kind: "all", similar: null, image: null, imageURL: null };
const docIcon = '<svg viewBox="0 0 24 24" fill="none" stroke="currentColor" stroke-width="2" stroke-linecap="round" stroke-linejoin="round"><path d="M14 3H7a2 2 0 0 0-2 2v14a2 2 0 0 0 2 2h10a2 2 0 0 0 2-2V8z"/><path d="M14 3v5h5M9 13h6M9 17h6"/></svg>';

function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  for (const [k, v] of Object.entries(attrs || {})) {
    if (k === "class") node.className = v; else if (k === "html") node.innerHTML = v;
    else if (k.startsWith("on")) node.addEventListener(k.slice(2), v); else node.setAttribute(k, v);
  }
  for (const c of children) node.append(c);
  return node;
}
function escapeHTML(s) { return s.replace(/[&<>"']/g, (c) => ({ "&": "&amp;", "<": "&lt;", ">": "&gt;", '"': "&quot;", "'": "&#39;" }[c])); }
function highlight(text, query) {
  const stop = new Set(["the", "and", "for", "with", "are", "was", "this", "that", "from", "into", "over", "not"]);
  const words = [...new Set((query || "").toLowerCase().match(/[\p{L}\p{N}]{3,}/gu) || [])].filter((w) => !stop.has(w));
  let html = escapeHTML(text);
  if (!words.length) return html;
  const re = new RegExp("(" + words.map((w) => w.replace(/[.*+?^${}()|[\]\\]/g, "\\$&")).join("|") + ")", "giu");
  return html.replace(re, "<mark>$1</mark>");
}
function bytes(n) { return n < 1024 ? n + " B" : n < 1048576 ? (n / 1024).toFixed(0) + " KB" : (n / 1048576).toFixed(1) + " MB"; }

function setKind(kind) {
  state.kind = kind;
  for (const b of document.querySelectorAll(".kinds button")) b.setAttribute("aria-pressed", String(b.dataset.kind === kind));
}
function setImage(file) {
  if (state.imageURL) URL.revokeObjectURL(state.imageURL);
  state.image = file; state.imageURL = file ? URL.createObjectURL(file) : null;
  $("chip").classList.toggle("on", !!file);
  if (file) { $("chipimg").src = state.imageURL; $("chiptext").textContent = file.name || "image"; }
}
function updateURL() {
  const p = new URLSearchParams();
  if (state.similar) p.set("similar", state.similar); else if (state.q && !state.image) p.set("q", state.q);
  if (state.kind !== "all") p.set("kind", state.kind);
  const s = p.toString();
  history.replaceState(null, "", s ? "/?" + s : "/");
}

async function api(url, options) {
  const response = await fetch(url, options);
  const body = await response.json().catch(() => ({ error: response.statusText }));
  if (!response.ok) throw new Error(body.error || ("HTTP " + response.status));
  return body;
}

async function search() {
  const filters = new URLSearchParams({ k: "48" });
  if (state.kind !== "all") filters.set("kind", state.kind);
  let request, label;
  if (state.image) {
    request = api("/api/search/image?" + filters, { method: "POST", headers: { "Content-Type": state.image.type || "application/octet-stream" }, body: state.image });
    label = "images like " + (state.image.name || "the dropped image");
  } else if (state.similar) {
    request = api("/api/items/" + state.similar + "/similar?" + filters);
    label = "items like #" + state.similar;
  } else if (state.q.trim()) {
    filters.set("q", state.q);
    request = api("/api/search?" + filters);
    label = "“" + state.q + "”";
  } else { render(null); return; }
  updateURL();
  showSkeleton();
  try {
    const body = await request;
    render(body, label);
  } catch (error) {
    $("results").replaceChildren();
    $("status").replaceChildren(el("span", { class: "error" }, error.message));
  }
}

function showSkeleton() {
  $("empty").hidden = true;
  $("results").replaceChildren(...Array.from({ length: 8 }, () => el("div", { class: "card skeleton" }, el("div", { class: "thumb" }))));
}

function render(body, label) {
  const grid = $("results");
  if (!body) { grid.replaceChildren(); $("status").replaceChildren(); $("empty").hidden = false; updateURL(); return; }
  $("empty").hidden = true;
  $("status").replaceChildren(
    el("span", {}, el("strong", {}, String(body.count)), " result" + (body.count === 1 ? "" : "s") + " for " + label),
    el("span", {}, body.elapsedMs + " ms"));
  if (!body.count) { grid.replaceChildren(el("div", { class: "empty" }, el("p", {}, "Nothing matched. Try other words or another kind."))); return; }
  grid.replaceChildren(...body.results.map(card));
}

function card(r) {
  const similar = el("button", { class: "similar", type: "button", tabindex: "-1", onclick: (e) => { e.stopPropagation(); showSimilar(r.id); } }, "Similar");
  const name = el("a", { class: "name", href: r.file, target: "_blank", rel: "noopener", tabindex: "-1", title: r.path }, r.name);
  const score = el("span", { class: "score", title: "similarity" }, r.score.toFixed(3));
  let node;
  if (r.kind === "image") {
    node = el("div", { class: "card", role: "listitem", tabindex: "0", "data-id": r.id, "data-name": r.name },
      el("a", { class: "thumb", href: r.file, target: "_blank", rel: "noopener", tabindex: "-1" },
        el("img", { src: r.thumbnail + "?size=384", alt: r.name, loading: "lazy", decoding: "async" })),
      el("div", { class: "meta" }, el("div", { class: "row" }, name, score),
        el("div", { class: "sub" }, el("span", {}, bytes(r.fileSize)), similar)));
  } else {
    const p = r.passage || { text: "", startLine: 0, endLine: 0 };
    node = el("div", { class: "card passage", role: "listitem", tabindex: "0", "data-id": r.id, "data-name": r.name },
      el("div", { class: "meta" },
        el("div", { class: "row" }, el("span", { class: "doc", html: docIcon }, name), score),
        el("p", { class: "excerpt", html: highlight(p.text, state.q) }),
        el("div", { class: "sub" }, el("span", {}, "lines " + p.startLine + "–" + p.endLine), similar)));
  }
  node.addEventListener("dblclick", () => window.open(r.file, "_blank", "noopener"));
  return node;
}

function showSimilar(id) { setImage(null); state.similar = id; $("q").value = ""; state.q = ""; search(); }

function cards() { return [...document.querySelectorAll("#results .card[data-id]")]; }
function columns(list) {
  if (list.length < 2) return 1;
  const top = list[0].offsetTop; let n = 0;
  for (const c of list) { if (c.offsetTop !== top) break; n += 1; }
  return Math.max(n, 1);
}
function move(delta) {
  const list = cards(); if (!list.length) return;
  const at = list.indexOf(document.activeElement);
  let next;
  if (at < 0) next = 0;
  else if (Math.abs(delta) === 1) next = at + delta;
  else {
    // up/down: the card whose centre is nearest in the next row
    const here = list[at].getBoundingClientRect(), cx = here.left + here.width / 2;
    const rows = list.filter((c) => delta > 0 ? c.getBoundingClientRect().top > here.bottom - 2 : c.getBoundingClientRect().bottom < here.top + 2);
    if (!rows.length) return;
    const rowTop = delta > 0 ? Math.min(...rows.map((c) => c.getBoundingClientRect().top)) : Math.max(...rows.map((c) => c.getBoundingClientRect().top));
    const row = rows.filter((c) => c.getBoundingClientRect().top === rowTop);
    row.sort((a, b) => Math.abs(a.getBoundingClientRect().left + a.getBoundingClientRect().width / 2 - cx) - Math.abs(b.getBoundingClientRect().left + b.getBoundingClientRect().width / 2 - cx));
    next = list.indexOf(row[0]);
  }
  next = Math.max(0, Math.min(list.length - 1, next));
  list[next].focus(); list[next].scrollIntoView({ block: "nearest" });
}

document.addEventListener("keydown", (e) => {
  const inBox = document.activeElement === $("q");
  if (e.key === "/" && !inBox) { e.preventDefault(); $("q").focus(); $("q").select(); return; }
  if (e.key === "Escape") { $("q").focus(); return; }
  if (inBox) { if (e.key === "ArrowDown" && cards().length) { e.preventDefault(); move(0); } return; }
  const current = document.activeElement && document.activeElement.closest ? document.activeElement.closest(".card[data-id]") : null;
  const keys = { ArrowLeft: -1, ArrowRight: 1, ArrowUp: -2, ArrowDown: 2 };
  if (e.key in keys) { e.preventDefault(); move(current ? keys[e.key] : 0); return; }
  if (!current) return;
  if (e.key === "Enter" || e.key === "o") { e.preventDefault(); current.querySelector("a.name").click(); }
  if (e.key === "s") { e.preventDefault(); showSimilar(current.dataset.id); }
});

$("form").addEventListener("submit", (e) => {
  e.preventDefault();
  state.q = $("q").value; state.similar = null;
  if (state.q.trim()) setImage(null);
  search();
});
for (const b of document.querySelectorAll(".kinds button")) b.addEventListener("click", () => { setKind(b.dataset.kind); search(); });
$("pick").addEventListener("click", () => $("file").click());
$("file").addEventListener("change", () => { const f = $("file").files[0]; if (f) { state.similar = null; $("q").value = ""; state.q = ""; setImage(f); search(); } $("file").value = ""; });
$("chipclear").addEventListener("click", () => { setImage(null); render(null); $("q").focus(); });

let dragDepth = 0;
window.addEventListener("dragenter", (e) => { if ([...e.dataTransfer.types].includes("Files")) { dragDepth += 1; $("drop").classList.add("on"); } });
window.addEventListener("dragleave", () => { dragDepth = Math.max(0, dragDepth - 1); if (!dragDepth) $("drop").classList.remove("on"); });
window.addEventListener("dragover", (e) => e.preventDefault());
window.addEventListener("drop", (e) => {
  e.preventDefault(); dragDepth = 0; $("drop").classList.remove("on");
  const f = [...e.dataTransfer.files].find((f) => /^image\/(jpeg|png)$/.test(f.type));
  if (f) { state.similar = null; $("q").value = ""; state.q = ""; setImage(f); search(); }
});

api("/api/stats").then((s) => {
  const parts = [s.imageFiles + " images", s.textPassages + " passages in " + s.textFiles + " documents"];
  $("stats").textContent = parts.join(" · ");
}).catch(() => {});

const params = new URLSearchParams(location.search);
if (params.get("kind")) setKind(params.get("kind"));
if (params.get("similar")) { state.similar = params.get("similar"); search(); }
else if (params.get("q")) { state.q = params.get("q"); $("q").value = state.q; search(); }
else $("q").focus();
</script>
</body>
</html>
"""#
}
