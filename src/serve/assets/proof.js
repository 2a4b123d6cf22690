// The proof view: the JSON of `factlog why --format json` as collapsible trees. A derived
// fact shows its rule and bindings over its premises; a base fact shows each piece of its
// evidence: origin, confidence, outlet, date, the article's URL, and the sentence with the
// fact's span highlighted (when the article is at hand).

import { el, api, replace, factText, errorText, externalLink, codePoints, hashOf } from "./dom.js";

const sources = new Map();

/** The source's JSON (text, sentences, URL), fetched once per id. */
export function source(id) {
  if (!sources.has(id)) sources.set(id, api("/api/source", { id }).then((r) => (r.ok ? r.data : null)));
  return sources.get(id);
}

/** Forgets fetched sources (after an edit). */
export function forgetSources() {
  sources.clear();
}

/** Renders the explanation of `atom` into `target`; `onEdit(fact, evidence)` curates. */
export async function showProof(target, atom, options) {
  replace(target, el("p", { class: "muted" }, "Explaining ", el("code", {}, atom), " …"));
  const r = await api("/api/why", { atom });
  if (!r.ok) {
    replace(target, el("h3", {}, "Why ", el("code", {}, atom)), diagnosticsBlock(r.data));
    return;
  }
  replace(target, explanation(r.data, options || {}));
}

function diagnosticsBlock(data) {
  const box = el("div", { class: "diagnostics" }, el("p", { class: "error" }, errorText(data)));
  for (const d of data.diagnostics || []) {
    if (d.rendered) box.append(el("pre", { class: "rendered" }, d.rendered));
  }
  return box;
}

function explanation(doc, options) {
  const out = el("div", { class: "explanation" });
  const warnings = (doc.warnings || []).map((w) => el("p", { class: "warning" }, `${w.code}: ${w.message}`));
  if (doc.holds) {
    out.append(el("h3", {}, "Why ", el("code", {}, doc.atom)), ...warnings);
    for (const answer of doc.answers) {
      const n = answer.proofs.length;
      answer.proofs.forEach((p, i) => {
        const size = countNodes(p);
        const tree = el("ul", { class: "tree" }, proofNode(p, 0, size > 60 ? 3 : 99, options));
        out.append(n > 1 ? el("section", {}, el("h4", {}, `proof ${i + 1} of ${n}`), tree) : tree);
      });
    }
    return out;
  }
  out.append(el("h3", {}, "Why not ", el("code", {}, doc.atom)), ...warnings);
  if (!doc.why_not) {
    out.append(el("p", {}, "No fact matches ", el("code", {}, doc.atom), "."));
    return out;
  }
  const w = doc.why_not;
  out.append(el("p", {}, el("code", {}, factText(w.fact)), w.base ? " is a base fact that no fact file states." : " does not hold."));
  if (!w.rules.length && !w.base) out.append(el("p", { class: "muted" }, "No rule derives this relation."));
  const list = el("ul", { class: "tree" });
  for (const r of w.rules) {
    const reason = r.reason;
    let why;
    if (reason.kind === "missing") why = ["no fact matches ", el("code", {}, factText(reason.pattern))];
    else if (reason.kind === "present") why = ["blocked by ", el("code", {}, factText(reason.fact)), evidenceList(reason.evidence, reason.fact, options)];
    else if (reason.kind === "condition") why = ["the condition ", el("code", {}, reason.text), " fails"];
    else why = ["the head does not match"];
    list.append(el("li", {}, el("span", { class: "rule" }, r.rule), " ", bindings(r.bindings), ": ", why));
  }
  out.append(list);
  return out;
}

function countNodes(p) {
  return 1 + (p.premises || []).reduce((n, q) => n + countNodes(q), 0);
}

function bindings(b) {
  const entries = Object.entries(b || {});
  if (!entries.length) return "";
  return el("span", { class: "bindings" }, "{", entries.map(([k, v], i) => [i ? ", " : "", k, " = ", String(v)]), "}");
}

function proofNode(p, depth, open, options) {
  const label = el("code", { class: "fact" }, factText(p.fact));
  if (p.kind === "cut") return el("li", { class: "cut" }, label, " … (cut)");
  if (p.kind === "base") {
    const origins = [...new Set((p.evidence || []).map((e) => e.origin))];
    const summary = el("summary", {}, label, " ", origins.map((o) => el("span", { class: `badge ${o}` }, o)));
    return el("li", { class: "base" }, el("details", { open: depth < open }, summary, evidenceList(p.evidence || [], p.fact, options)));
  }
  const summary = el("summary", {}, label, " ", el("span", { class: "rule" }, "by ", p.rule), " ", bindings(p.bindings));
  const children = el("ul", {});
  for (const q of p.premises || []) children.append(proofNode(q, depth + 1, open, options));
  for (const a of p.absent || []) children.append(el("li", { class: "absent" }, "no ", el("code", {}, factText(a))));
  for (const g of p.aggregates || []) {
    children.append(el("li", { class: "aggregate" }, `${g.variable} = ${g.value}`, g.group ? ` over ${g.group.length} facts` : ""));
  }
  return el("li", { class: "derived" }, el("details", { open: depth < open }, summary, children));
}

function evidenceList(evidence, fact, options) {
  const list = el("ul", { class: "evidence" });
  for (const e of evidence) list.append(evidenceItem(e, fact, options));
  return list;
}

function evidenceItem(e, fact, options) {
  const about = [e.outlet, e.published].filter(Boolean).join(", ");
  const head = el(
    "div",
    { class: "evidence-head" },
    el("span", { class: `badge ${e.origin}` }, e.origin),
    ` confidence ${Number(e.confidence).toFixed(2)}`,
    about ? ` · ${about}` : "",
  );
  const item = el("li", { class: "evidence-item" }, head);
  if (!e.source) {
    item.append(el("div", { class: "muted" }, "background knowledge (no source)"));
    return item;
  }
  const where = el("div", { class: "evidence-where" });
  const spanText = e.span ? `${e.span[0]}–${e.span[1]}` : "";
  const sourceHash = hashOf(e.span ? { source: e.source, span: `${e.span[0]}-${e.span[1]}` } : { source: e.source });
  where.append("source ", el("a", { href: "#" + sourceHash, class: "source-link" }, e.source), spanText ? ` [${spanText}]` : "");
  item.append(where);
  const sentence = el("blockquote", { class: "sentence" }, e.sentence || "");
  if (!e.sentence) sentence.classList.add("hidden");
  item.append(sentence);
  const url = el("div", { class: "evidence-url" });
  if (e.url) url.append("URL ", externalLink(e.url));
  item.append(url);
  source(e.source).then((s) => {
    if (!s) return;
    if (s.url && !e.url) url.append("URL ", externalLink(s.url));
    if (s.text && e.span) {
      sentence.classList.remove("hidden");
      replace(sentence, ...highlightedSentence(s, e.span));
    } else if (!s.text) {
      url.append(el("span", { class: "muted" }, e.url || s.url ? " (the article is not at hand)" : "the article is not at hand and the source has no URL"));
    }
  });
  if (options.onEdit && e.origin === "extracted") {
    item.append(
      el("div", { class: "actions" },
        el("button", { type: "button", onclick: () => options.onEdit(fact, e, "reject") }, "Reject…"),
        el("button", { type: "button", onclick: () => options.onEdit(fact, e, "correct") }, "Correct…")),
    );
  }
  return item;
}

/** The sentence holding `span`, with the span in a <mark>. */
export function highlightedSentence(src, span) {
  const cps = codePoints(src.text);
  const [s, e] = span;
  const sentence = (src.sentences || []).find(([a, b]) => a <= s && e <= b) || [s, e];
  return [
    cps.slice(sentence[0], s).join(""),
    el("mark", { class: "span" }, cps.slice(s, e).join("")),
    cps.slice(e, sentence[1]).join(""),
  ];
}
