// The article view: a source's text with every fact that cites it highlighted on its span
// (curated and extracted alike), a list of the facts at a clicked passage with links to their
// proofs and, with --allow-edits, rejection and correction of extracted ones.

import { el, api, replace, errorText, externalLink, codePoints, literal, setHash, hashOf } from "./dom.js";

export class ArticleView {
  constructor(o) {
    Object.assign(this, o);
    this.current = null;
    this.loadedList = false;
    this.select.addEventListener("change", () => {
      if (this.select.value) setHash(hashOf({ source: this.select.value }));
    });
  }

  async visible() {
    if (!this.loadedList) await this.loadList();
  }

  async loadList() {
    const r = await api("/api/sources");
    if (!r.ok) return;
    this.loadedList = true;
    const current = this.current && this.current.id;
    replace(this.select, el("option", { value: "" }, "choose a source"), r.data.sources.map((s) => el("option", { value: s.id, selected: s.id === current }, `${s.id}${s.title ? " — " + s.title : ""}${s.at_hand ? "" : " (not at hand)"}`)));
  }

  /** Shows source `id`, with `span` ([start, end] in code points) marked and scrolled to. */
  async open(id, span) {
    await this.visible();
    this.select.value = id;
    replace(this.text, el("p", { class: "muted" }, `Loading ${id} …`));
    const r = await api("/api/source", { id });
    if (!r.ok) {
      replace(this.head);
      replace(this.text, el("p", { class: "error" }, errorText(r.data)));
      return;
    }
    const s = r.data;
    this.current = s;
    const about = [s.outlet, s.published].filter(Boolean).join(", ");
    replace(this.head, el("h2", {}, s.title || s.id), el("p", { class: "muted" }, about, s.url ? [" · ", externalLink(s.url)] : "", ` · ${s.total_facts} fact${s.total_facts === 1 ? "" : "s"} cite it`));
    if (!s.text) {
      replace(this.text, el("p", { class: "muted" }, "The article is not at hand: start factlog serve with --sources DIR (a folder of article .txt files) to read it here.", s.url ? [" It can be read at ", externalLink(s.url), "."] : ""));
      this.listFacts(s.facts, "Facts citing this source");
      return;
    }
    replace(this.text, ...this.marked(s, span));
    this.listFacts(span ? s.facts.filter((f) => f.span && f.span[0] < span[1] && span[0] < f.span[1]) : s.facts, span ? "Facts at the passage" : "Facts citing this source");
    const target = this.text.querySelector("mark.target");
    if (target) target.scrollIntoView({ block: "center" });
  }

  /** The text as nodes: a <mark> per stretch covered by facts, nesting flattened. */
  marked(s, target) {
    const cps = codePoints(s.text);
    const cuts = new Set([0, cps.length]);
    const spans = s.facts.filter((f) => f.span && f.span[0] < f.span[1] && f.span[1] <= cps.length);
    for (const f of spans) {
      cuts.add(f.span[0]);
      cuts.add(f.span[1]);
    }
    if (target) {
      cuts.add(Math.max(0, Math.min(cps.length, target[0])));
      cuts.add(Math.max(0, Math.min(cps.length, target[1])));
    }
    const points = [...cuts].sort((a, b) => a - b);
    const out = [];
    for (let i = 0; i + 1 < points.length; i++) {
      const [a, b] = [points[i], points[i + 1]];
      const text = cps.slice(a, b).join("");
      const covering = spans.filter((f) => f.span[0] <= a && b <= f.span[1]);
      const isTarget = target && target[0] <= a && b <= target[1];
      if (!covering.length && !isTarget) {
        out.push(text);
        continue;
      }
      const origins = new Set(covering.map((f) => f.origin));
      const cls = ["fact", origins.has("extracted") ? "extracted" : "curated", covering.length > 1 ? "many" : "", isTarget ? "target" : ""].filter(Boolean).join(" ");
      const mark = el("mark", { class: cls, tabindex: 0, title: covering.map((f) => `${f.relation}(${f.values.join(", ")}) — ${f.origin}`).join("\n") }, text);
      const show = () => this.listFacts(covering, `Facts at ${a}–${b}`);
      mark.addEventListener("click", show);
      mark.addEventListener("keydown", (e) => e.key === "Enter" && show());
      out.push(mark);
    }
    return out;
  }

  listFacts(facts, title) {
    const list = el("ul", { class: "fact-list" });
    for (const f of facts.slice(0, 500)) {
      const atom = `${f.relation}(${f.values.map(literal).join(", ")})`;
      const item = el("li", {},
        el("code", {}, `${f.relation}(${f.values.join(", ")})`), " ",
        el("span", { class: `badge ${f.origin}` }, f.origin),
        ` ${Number(f.confidence).toFixed(2)}`,
        f.span ? el("a", { href: "#" + hashOf({ source: this.current.id, span: `${f.span[0]}-${f.span[1]}` }), class: "span-link" }, ` [${f.span[0]}–${f.span[1]}]`) : "",
        el("div", { class: "actions" },
          el("button", { type: "button", onclick: () => this.onWhy(atom) }, "Why?"),
          this.edits && f.origin === "extracted" ? [
            el("button", { type: "button", onclick: () => this.onEdit({ relation: f.relation, values: f.values }, { source: this.current.id, origin: f.origin }, "reject") }, "Reject…"),
            el("button", { type: "button", onclick: () => this.onEdit({ relation: f.relation, values: f.values }, { source: this.current.id, origin: f.origin }, "correct") }, "Correct…"),
          ] : ""));
      list.append(item);
    }
    replace(this.facts, el("h3", {}, title), facts.length ? list : el("p", { class: "muted" }, "none"), facts.length > 500 ? el("p", { class: "muted" }, `and ${facts.length - 500} more`) : "");
  }
}
