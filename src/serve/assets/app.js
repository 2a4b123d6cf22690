// The workbench's shell: the query box (with a history like the REPL's: ↑ and ↓ recall
// earlier queries, kept in this browser), the sortable, paged answers, the tabs, and the
// links every view has: `/?q=BODY` runs a query, `#why=ATOM`, `#entity=ID` and
// `#source=ID` open a proof, a neighbourhood and an article.

import { el, api, replace, errorText, token, post, setHash, hashParams, hashOf } from "./dom.js";
import { showProof, forgetSources } from "./proof.js";
import { GraphView } from "./graph.js";
import { ArticleView } from "./article.js";

const $ = (id) => document.getElementById(id);
const HISTORY_KEY = "factlog.history";
const HISTORY_MAX = 200;
const FETCH_ROWS = 1000;
const PAGE_ROWS = 50;

const state = {
  query: "",
  columns: [],
  rows: [], // {values, why}
  total: 0,
  fetchedFrom: 0,
  page: 0,
  sort: null, // {column, descending}
  selected: -1,
  historyAt: -1,
  edits: token() !== "",
};

// ---- history -------------------------------------------------------------------------

function pastQueries() {
  try {
    const h = JSON.parse(localStorage.getItem(HISTORY_KEY) || "[]");
    return Array.isArray(h) ? h.filter((x) => typeof x === "string") : [];
  } catch {
    return [];
  }
}

function remember(q) {
  const h = pastQueries().filter((x) => x !== q);
  h.unshift(q);
  try {
    localStorage.setItem(HISTORY_KEY, JSON.stringify(h.slice(0, HISTORY_MAX)));
  } catch {
    // Storage full or disabled: the history is only a convenience.
  }
  fillHistory();
}

let replQueries = [];

function fillHistory() {
  const select = $("history");
  const own = pastQueries();
  const short = (q) => (q.length > 80 ? q.slice(0, 79) + "…" : q);
  const repl = replQueries.filter((q) => !own.includes(q));
  replace(select, el("option", { value: "" }, "History"),
    own.map((q) => el("option", { value: q }, short(q))),
    repl.length ? el("optgroup", { label: "from the REPL" }, repl.map((q) => el("option", { value: q }, short(q)))) : "");
}

async function loadReplHistory() {
  const r = await api("/api/history");
  if (r.ok && Array.isArray(r.data.queries)) {
    replQueries = r.data.queries;
    fillHistory();
  }
}

// ---- queries -------------------------------------------------------------------------

async function runQuery(q, { push = true, keepHash = false } = {}) {
  q = q.trim();
  if (!q) return;
  $("q").value = q;
  autoGrow();
  state.query = q;
  state.sort = null;
  state.page = 0;
  state.selected = -1;
  replace($("proof"), el("p", { class: "muted" }, "Click an answer to see why it holds."));
  remember(q);
  if (push) {
    const url = "/?" + new URLSearchParams({ q }).toString() + (keepHash ? location.hash : "");
    window.history.pushState(null, "", url);
  }
  showView("answers", false);
  await fetchRows(0);
}

async function fetchRows(offset) {
  const q = state.query;
  $("answers-summary").textContent = "Running …";
  const r = await api("/api/query", { q, offset, limit: FETCH_ROWS });
  if (q !== state.query) return; // a later query was typed meanwhile
  if (!r.ok) {
    showDiagnostics(r.data, q);
    state.columns = [];
    state.rows = [];
    state.total = 0;
    renderAnswers();
    $("answers-summary").textContent = errorText(r.data);
    return;
  }
  const d = r.data;
  showDiagnostics(d.warnings && d.warnings.length ? { warnings: d.warnings } : null, q);
  state.columns = d.columns;
  state.rows = d.rows.map((values, i) => ({ values, why: (d.why && d.why[i]) || [] }));
  state.total = d.total;
  state.fetchedFrom = d.offset;
  renderAnswers();
  document.documentElement.dataset.answered = String(performance.now());
}

function sortedRows() {
  const rows = state.rows.slice();
  if (state.sort) {
    const { column, descending } = state.sort;
    const collator = new Intl.Collator(undefined, { numeric: true });
    rows.sort((a, b) => collator.compare(a.values[column], b.values[column]) * (descending ? -1 : 1));
  }
  return rows;
}

function renderAnswers() {
  const table = $("answers");
  const head = el("tr", {});
  state.columns.forEach((c, i) => {
    const arrow = state.sort && state.sort.column === i ? (state.sort.descending ? " ▼" : " ▲") : "";
    head.append(el("th", { scope: "col", tabindex: 0, "aria-sort": arrow ? (state.sort.descending ? "descending" : "ascending") : "none", onclick: () => sortBy(i), onkeydown: (e) => e.key === "Enter" && sortBy(i) }, c + arrow));
  });
  replace(table.tHead, state.columns.length ? head : "");
  const rows = sortedRows();
  const start = state.page * PAGE_ROWS;
  const body = table.tBodies[0];
  replace(body);
  rows.slice(start, start + PAGE_ROWS).forEach((row) => {
    const index = state.rows.indexOf(row);
    const tr = el("tr", { tabindex: 0, class: index === state.selected ? "selected" : "", onclick: () => selectRow(index), onkeydown: (e) => e.key === "Enter" && selectRow(index) });
    for (const v of row.values) tr.append(el("td", {}, v === "" ? el("span", { class: "muted" }, '""') : v));
    body.append(tr);
  });
  const shown = state.rows.length;
  let summary = `${state.total} row${state.total === 1 ? "" : "s"}`;
  if (state.total > shown) summary += ` (rows ${state.fetchedFrom + 1}–${state.fetchedFrom + shown} loaded; sorting applies to those)`;
  if (state.columns.length === 0 && state.total > 0) summary += " (the query holds)";
  if (state.query) $("answers-summary").textContent = summary;
  renderPager(rows.length);
}

function renderPager(n) {
  const pages = Math.ceil(n / PAGE_ROWS);
  const pager = $("pager");
  replace(pager);
  const from = state.fetchedFrom;
  if (from > 0) pager.append(el("button", { type: "button", onclick: () => fetchRows(Math.max(0, from - FETCH_ROWS)) }, `◀ rows before ${from + 1}`));
  if (pages > 1) {
    pager.append(el("button", { type: "button", disabled: state.page === 0, onclick: () => { state.page--; renderAnswers(); } }, "◀"));
    pager.append(` page ${state.page + 1} of ${pages} `);
    pager.append(el("button", { type: "button", disabled: state.page >= pages - 1, onclick: () => { state.page++; renderAnswers(); } }, "▶"));
  }
  if (from + state.rows.length < state.total) pager.append(el("button", { type: "button", onclick: () => fetchRows(from + FETCH_ROWS) }, `rows from ${from + FETCH_ROWS + 1} ▶`));
}

function sortBy(column) {
  const s = state.sort;
  state.sort = s && s.column === column ? (s.descending ? null : { column, descending: true }) : { column, descending: false };
  state.page = 0;
  renderAnswers();
}

function selectRow(index) {
  state.selected = index;
  renderAnswers();
  const atoms = state.rows[index].why;
  if (atoms.length === 1) {
    setHash(hashOf({ why: atoms[0] }));
    explain(atoms[0]);
  } else if (atoms.length > 1) {
    // A body: explain each of its atoms for this row.
    setHash(hashOf({ why: atoms[0] }));
    const box = $("proof");
    replace(box);
    for (const a of atoms) {
      const part = el("div", {});
      box.append(part);
      showProof(part, a, proofOptions());
    }
  }
}

function explain(atom) {
  showView("answers", false);
  showProof($("proof"), atom, proofOptions());
}

function proofOptions() {
  return state.edits ? { onEdit: (fact, evidence, verdict) => curate(fact, evidence, verdict) } : {};
}

// ---- diagnostics at the column --------------------------------------------------------

function showDiagnostics(data, text) {
  const box = $("diagnostics");
  const list = (data && (data.diagnostics || data.warnings)) || [];
  if (!data || (!list.length && !data.error)) {
    box.classList.add("hidden");
    replace(box);
    return;
  }
  box.classList.remove("hidden");
  replace(box);
  if (!list.length) box.append(el("p", { class: "error" }, errorText(data)));
  const lines = text.split("\n");
  for (const d of list) {
    box.append(el("p", { class: d.severity === "warning" ? "warning" : "error" }, `${d.severity}[${d.code}]: ${d.message}`));
    if (d.line && (d.file === "<query>" || d.file === "<atom>")) {
      const line = Array.from(lines[d.line - 1] || "");
      const start = d.column - 1;
      const end = d.end_line === d.line && d.end_column > d.column ? d.end_column - 1 : start + 1;
      box.append(
        el("pre", { class: "at-column" },
          el("span", { class: "muted" }, `${d.line} │ `),
          line.slice(0, start).join(""),
          el("mark", { class: "bad" }, line.slice(start, end).join("") || " "),
          line.slice(end).join(""),
          "\n", " ".repeat(String(d.line).length + 3 + start), el("span", { class: "caret" }, "^".repeat(Math.max(1, end - start))), ` column ${d.column}`),
      );
      if (d.severity !== "warning") placeCaret(lines, d.line, d.column);
    } else if (d.rendered) {
      box.append(el("pre", { class: "rendered" }, d.rendered));
    }
    for (const n of d.notes || []) box.append(el("p", { class: "note" }, `note: ${n}`));
  }
}

function placeCaret(lines, line, column) {
  const q = $("q");
  let offset = 0;
  for (let i = 0; i < line - 1; i++) offset += lines[i].length + 1;
  // Columns count characters; the textarea counts UTF-16 units.
  offset += Array.from(lines[line - 1] || "").slice(0, column - 1).join("").length;
  q.focus();
  q.setSelectionRange(offset, offset);
}

// ---- curation ------------------------------------------------------------------------

let graphView;
let articleView;

function curate(fact, evidence, verdict) {
  const dialog = $("edit-dialog");
  const fields = $("edit-fields");
  replace($("edit-title"), verdict === "reject" ? "Reject an extracted fact" : "Correct an extracted fact");
  replace($("edit-fact"), el("code", {}, `${fact.relation}(${fact.values.join(", ")})`), evidence.source ? ` from ${evidence.source}` : "");
  replace(fields);
  const inputs = [];
  if (verdict === "correct") {
    fact.values.forEach((v, i) => {
      const input = el("input", { value: String(v), size: 30, "aria-label": `argument ${i + 1}` });
      inputs.push(input);
      fields.append(el("label", {}, `argument ${i + 1} `, input));
    });
  }
  $("edit-error").textContent = "";
  $("edit-note").value = "";
  $("edit-cancel").onclick = () => dialog.close();
  $("edit-form").onsubmit = async (e) => {
    e.preventDefault();
    const body = { verdict, relation: fact.relation, args: fact.values.map(String), source: evidence.source || undefined, note: $("edit-note").value || undefined };
    if (verdict === "correct") body.to = inputs.map((i, k) => (i.value === String(fact.values[k]) ? "*" : i.value));
    const r = await post("/api/overrides", body);
    if (!r.ok) {
      $("edit-error").textContent = errorText(r.data);
      return;
    }
    dialog.close();
    forgetSources();
    await refreshStatus(`written to ${r.data.file}; the knowledge base was loaded again`);
    if (state.query) await fetchRows(state.fetchedFrom);
    route();
  };
  dialog.showModal();
}

// ---- views and links -----------------------------------------------------------------

function showView(name, updateHash = true) {
  for (const b of document.querySelectorAll(".tabs button")) b.setAttribute("aria-selected", String(b.dataset.view === name));
  for (const v of document.querySelectorAll(".view")) v.classList.toggle("hidden", v.id !== `view-${name}`);
  if (updateHash && name === "relations") setHash("");
  if (name === "graph") graphView.visible();
  if (name === "article") articleView.visible();
  if (name === "relations") loadRelations();
}

async function loadRelations() {
  const r = await api("/api/relations");
  if (!r.ok) return;
  const table = $("relations");
  replace(table.tHead, el("tr", {}, ["relation", "kind", "tuples", "curated", "extracted"].map((c) => el("th", { scope: "col" }, c))));
  const body = table.tBodies[0];
  replace(body);
  for (const rel of r.data.relations) {
    const cols = (r.data.columns[rel.relation] || []).map((c) => c.charAt(0).toUpperCase() + c.slice(1));
    const q = `${rel.relation}(${cols.join(", ")})`;
    body.append(el("tr", { tabindex: 0, title: `run ${q}`, onclick: () => runQuery(q) }, el("td", {}, el("code", {}, rel.relation)), el("td", {}, rel.kind), el("td", { class: "num" }, rel.tuples), el("td", { class: "num" }, rel.curated), el("td", { class: "num" }, rel.extracted)));
  }
}

function route() {
  const h = hashParams();
  if (h.has("why")) explain(h.get("why"));
  else if (h.has("entity")) {
    showView("graph", false);
    graphView.open(h.get("entity"), Number(h.get("depth") || 1));
  } else if (h.has("source")) {
    showView("article", false);
    const span = (h.get("span") || "").split("-").map(Number);
    articleView.open(h.get("source"), span.length === 2 && span.every(Number.isFinite) ? span : null);
  }
}

async function refreshStatus(extra) {
  const r = await api("/api/status");
  if (!r.ok) {
    $("status").textContent = errorText(r.data);
    return;
  }
  const s = r.data;
  const parts = [`kb ${s.kb}`, `${s.base_tuples} base tuples in ${s.fact_files} files`, `${s.articles} article${s.articles === 1 ? "" : "s"} at hand`, s.edits ? "edits allowed" : "read-only"];
  if (s.generation > 1) parts.push(`loaded ${s.generation} times`);
  if (extra) parts.push(extra);
  $("status").textContent = parts.join(" · ");
  if (s.warnings) $("status").title = s.warnings;
  // When the page became usable, for measurements (benches/serve.rs).
  document.documentElement.dataset.ready ||= String(performance.now());
}

function autoGrow() {
  const q = $("q");
  q.rows = Math.min(8, Math.max(1, q.value.split("\n").length));
}

function init() {
  graphView = new GraphView({ svg: $("graph"), details: $("graph-details"), filters: $("graph-relations"), note: $("graph-note"), form: $("graph-form"), entity: $("entity"), depth: $("depth"), derived: $("graph-derived"), fit: $("graph-fit"), list: $("entity-list"), onWhy: (atom) => { setHash(hashOf({ why: atom })); explain(atom); } });
  articleView = new ArticleView({ text: $("article"), head: $("article-head"), facts: $("article-facts"), select: $("source"), edits: state.edits, onWhy: (atom) => { setHash(hashOf({ why: atom })); explain(atom); }, onEdit: (fact, evidence, verdict) => curate(fact, evidence, verdict) });
  fillHistory();
  loadReplHistory();
  const q = $("q");
  $("query-form").addEventListener("submit", (e) => {
    e.preventDefault();
    runQuery(q.value);
  });
  q.addEventListener("input", autoGrow);
  q.addEventListener("keydown", (e) => {
    if (e.key === "Enter" && !e.shiftKey) {
      e.preventDefault();
      runQuery(q.value);
    } else if ((e.key === "ArrowUp" || e.key === "ArrowDown") && !q.value.includes("\n")) {
      const h = [...pastQueries(), ...replQueries.filter((q) => !pastQueries().includes(q))];
      if (!h.length) return;
      e.preventDefault();
      state.historyAt = Math.max(-1, Math.min(h.length - 1, state.historyAt + (e.key === "ArrowUp" ? 1 : -1)));
      q.value = state.historyAt < 0 ? "" : h[state.historyAt];
    } else {
      state.historyAt = -1;
    }
  });
  $("history").addEventListener("change", (e) => {
    if (e.target.value) runQuery(e.target.value);
    e.target.value = "";
  });
  for (const b of document.querySelectorAll(".tabs button")) b.addEventListener("click", () => showView(b.dataset.view));
  window.addEventListener("hashchange", route);
  window.addEventListener("popstate", () => {
    const q = new URLSearchParams(location.search).get("q");
    if (q && q !== state.query) runQuery(q, { push: false });
    route();
  });
  refreshStatus();
  const initial = new URLSearchParams(location.search).get("q");
  if (initial) runQuery(initial, { push: false });
  route();
}

init();
