// The graph view: an entity's neighbourhood (the graph of `factlog export --format json
// --around ID`), laid out by a small force simulation and drawn in SVG with the DOT
// export's styles (fills per kind; derived edges and events dashed in the derived colour).
// Pan by dragging the background, zoom with the wheel, drag nodes, click for details,
// double-click (or the Expand button) to add a node's own neighbourhood, filter relations.

import { el, svg, api, replace, errorText, setHash, hashOf, visible } from "./dom.js";

const REST = 110;
const TICKS = 320;

export class GraphView {
  constructor(o) {
    Object.assign(this, o);
    this.nodes = new Map();
    this.edges = [];
    this.hidden = new Set();
    this.view = { x: 0, y: 0, k: 1 };
    this.style = null;
    this.centre = null;
    this.svg.replaceChildren();
    this.defs = svg("defs", {});
    this.root = svg("g", { class: "viewport" });
    this.edgeLayer = svg("g", { class: "edges" });
    this.nodeLayer = svg("g", { class: "nodes" });
    this.root.append(this.edgeLayer, this.nodeLayer);
    this.svg.append(this.defs, this.root);
    this.form.addEventListener("submit", (e) => {
      e.preventDefault();
      const id = this.entity.value.trim();
      if (id) setHash(hashOf({ entity: id, depth: this.depth.value }));
      if (id) this.open(id, Number(this.depth.value));
    });
    this.entity.addEventListener("input", () => this.suggest());
    this.fit.addEventListener("click", () => this.fitView());
    this.derived.addEventListener("change", () => this.draw());
    this.panZoom();
  }

  visible() {
    if (!this.style) this.loadStyle();
  }

  async loadStyle() {
    const r = await api("/api/status");
    this.style = r.ok ? r.data.style : { kinds: {}, base_color: "#333333", derived_color: "#c0392b" };
    const marker = (id, colour) =>
      svg("marker", { id, viewBox: "0 0 10 10", refX: 10, refY: 5, markerWidth: 7, markerHeight: 7, orient: "auto-start-reverse" }, svg("path", { d: "M0,0 L10,5 L0,10 z", fill: colour }));
    replace(this.defs, marker("arrow-base", this.style.base_color), marker("arrow-derived", this.style.derived_color));
  }

  async suggest() {
    const prefix = this.entity.value.trim();
    if (prefix.length < 2) return;
    const r = await api("/api/entities", { prefix, limit: 20 });
    if (r.ok) replace(this.list, r.data.entities.map((e) => el("option", { value: e.id }, `${e.name} (${e.kind})`)));
  }

  /** Shows the neighbourhood of `id` alone. */
  async open(id, depth) {
    if (!this.style) await this.loadStyle();
    this.entity.value = id;
    this.depth.value = String(depth || 1);
    this.nodes.clear();
    this.edges = [];
    this.centre = id;
    this.moved = false;
    const ok = await this.merge(id, depth || 1, { x: 0, y: 0 });
    if (ok) {
      this.layout(() => this.fitView());
      this.details.replaceChildren(el("p", { class: "muted" }, "Click a node for its facts; double-click to expand it."));
    }
  }

  /** Adds the neighbourhood of `id` (depth 1) to the drawing. */
  async expand(id) {
    const n = this.nodes.get(id);
    const ok = await this.merge(id, 1, n ? { x: n.x, y: n.y } : { x: 0, y: 0 });
    if (ok) this.layout();
  }

  async merge(id, depth, at) {
    this.note.textContent = `Loading the neighbourhood of ${id} …`;
    const r = await api("/api/entity", { id, depth });
    if (!r.ok) {
      this.note.textContent = errorText(r.data);
      if (!this.nodes.size) this.draw();
      return false;
    }
    const d = r.data;
    let i = 0;
    const fresh = d.graph.nodes.filter((n) => !this.nodes.has(n.id)).length || 1;
    for (const n of d.graph.nodes) {
      if (this.nodes.has(n.id)) continue;
      const angle = (2 * Math.PI * i++) / fresh;
      const r0 = n.id === id ? 0 : REST * (1 + (i % 3) * 0.35);
      const lines = labelLines(n.label);
      const w = Math.max(44, Math.max(...lines.map((l) => l.length)) * 6.6 + 18);
      this.nodes.set(n.id, { ...n, lines, w, h: lines.length * 14 + 12, why: d.events[n.id], x: at.x + r0 * Math.cos(angle), y: at.y + r0 * Math.sin(angle), vx: 0, vy: 0, fixed: n.id === id && !this.nodes.size });
    }
    const key = (e) => `${e.source}\u0000${e.target}\u0000${e.label}\u0000${e.relation}`;
    const known = new Set(this.edges.map(key));
    d.graph.edges.forEach((e, k) => {
      if (!known.has(key(e))) this.edges.push({ ...e, why: d.edges_why[k] });
    });
    const centre = this.nodes.get(id);
    if (centre && depth) centre.expanded = true;
    this.note.textContent = d.truncated
      ? `Showing ${d.graph.nodes.length} of the ${d.total_nodes} nodes within ${d.depth} hop${d.depth === 1 ? "" : "s"} of ${d.name || id}: the nearest first. Filter relations and reload to see others.`
      : `${this.nodes.size} nodes, ${this.edges.length} edges. Dashed: derived.`;
    this.filters.replaceChildren(this.relationFilter());
    return true;
  }

  relationFilter() {
    const names = new Set();
    for (const e of this.edges) names.add(e.relation);
    for (const n of this.nodes.values()) if (n.relation) names.add(n.relation);
    const box = el("fieldset", { class: "filters" }, el("legend", {}, "Relations"));
    for (const name of [...names].sort()) {
      const input = el("input", { type: "checkbox", checked: !this.hidden.has(name), onchange: (e) => { if (e.target.checked) this.hidden.delete(name); else this.hidden.add(name); this.draw(); } });
      box.append(el("label", {}, input, " ", name));
    }
    const shown = [...names].filter((n) => !this.hidden.has(n));
    if (this.centre && this.hidden.size) {
      box.append(el("button", { type: "button", title: "Ask the server for the neighbourhood over the checked relations only", onclick: () => this.reloadFiltered(shown) }, "Reload with these"));
    }
    return box;
  }

  async reloadFiltered(relations) {
    const r = await api("/api/entity", { id: this.centre, depth: this.depth.value, relations: relations.join(",") });
    if (!r.ok) {
      this.note.textContent = errorText(r.data);
      return;
    }
    this.nodes.clear();
    this.edges = [];
    const hidden = this.hidden;
    await this.merge(this.centre, Number(this.depth.value), { x: 0, y: 0 });
    this.hidden = hidden;
    this.layout(() => this.fitView());
  }

  isShown(n) {
    if (n.relation && this.hidden.has(n.relation)) return false;
    if (n.derived && !this.derived.checked) return false;
    return true;
  }

  shownEdges() {
    return this.edges.filter((e) => !this.hidden.has(e.relation) && (this.derived.checked || !e.derived) && this.isShown(this.nodes.get(e.source)) && this.isShown(this.nodes.get(e.target)));
  }

  /** Runs the force simulation for a while, drawing as it goes (timers rather than
   * animation frames, so that it also finishes in a background or headless tab). */
  layout(done) {
    const nodes = [...this.nodes.values()];
    const run = (this.run = (this.run || 0) + 1);
    let tick = 0;
    this.svg.setAttribute("data-state", "laying-out");
    const step = () => {
      if (run !== this.run) return; // a newer layout took over
      for (let s = 0; s < 16 && tick < TICKS; s++, tick++) this.tick(nodes, 1 - tick / TICKS);
      if (done && !this.moved) this.fitView();
      else this.draw();
      if (tick < TICKS) setTimeout(step, 16);
      else {
        this.svg.setAttribute("data-state", "laid-out");
      }
    };
    step();
  }

  tick(nodes, heat) {
    const n = nodes.length;
    for (let i = 0; i < n; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < n; j++) {
        const b = nodes[j];
        let dx = a.x - b.x;
        let dy = a.y - b.y;
        let d2 = dx * dx + dy * dy;
        if (d2 < 1) {
          dx = (i - j) * 0.7;
          dy = 0.5;
          d2 = dx * dx + dy * dy;
        }
        const d = Math.sqrt(d2);
        const f = Math.min(80, 16000 / d2);
        a.vx += (dx / d) * f;
        a.vy += (dy / d) * f;
        b.vx -= (dx / d) * f;
        b.vy -= (dy / d) * f;
      }
    }
    for (const e of this.edges) {
      const a = this.nodes.get(e.source);
      const b = this.nodes.get(e.target);
      if (!a || !b || a === b) continue;
      const dx = b.x - a.x;
      const dy = b.y - a.y;
      const d = Math.sqrt(dx * dx + dy * dy) || 1;
      const rest = REST + (a.w + b.w) / 4;
      const f = (d - rest) * 0.03;
      a.vx += (dx / d) * f;
      a.vy += (dy / d) * f;
      b.vx -= (dx / d) * f;
      b.vy -= (dy / d) * f;
    }
    for (const a of nodes) {
      a.vx -= a.x * 0.003;
      a.vy -= a.y * 0.003;
      if (!a.fixed) {
        a.x += Math.max(-40, Math.min(40, a.vx * heat));
        a.y += Math.max(-40, Math.min(40, a.vy * heat));
      }
      a.vx *= 0.5;
      a.vy *= 0.5;
    }
    // Boxes must not overlap: push each overlapping pair apart along the shorter overlap.
    for (let i = 0; i < n; i++) {
      const a = nodes[i];
      for (let j = i + 1; j < n; j++) {
        const b = nodes[j];
        const dx = b.x - a.x;
        const dy = b.y - a.y;
        const ox = (a.w + b.w) / 2 + 10 - Math.abs(dx);
        const oy = (a.h + b.h) / 2 + 8 - Math.abs(dy);
        if (ox <= 0 || oy <= 0) continue;
        const [mx, my] = ox < oy ? [(Math.sign(dx) || 1) * ox / 2, 0] : [0, (Math.sign(dy) || 1) * oy / 2];
        const wa = a.fixed ? 0 : b.fixed ? 2 : 1;
        const wb = b.fixed ? 0 : a.fixed ? 2 : 1;
        a.x -= mx * wa;
        a.y -= my * wa;
        b.x += mx * wb;
        b.y += my * wb;
      }
    }
  }

  draw() {
    const st = this.style || { kinds: {}, base_color: "#333333", derived_color: "#c0392b" };
    const edges = this.shownEdges();
    this.edgeLayer.replaceChildren();
    for (const e of edges) {
      const a = this.nodes.get(e.source);
      const b = this.nodes.get(e.target);
      const [x1, y1] = boundary(a, b);
      const [x2, y2] = boundary(b, a);
      const colour = e.derived ? st.derived_color : st.base_color;
      const line = svg("line", { x1, y1, x2, y2, stroke: colour, "stroke-width": 1.3, "stroke-dasharray": e.derived ? "6 4" : null, "marker-end": `url(#arrow-${e.derived ? "derived" : "base"})`, class: e.derived ? "edge derived" : "edge" });
      const near = this.selected && (this.selected.id === e.source || this.selected.id === e.target);
      const label = edges.length <= 30 || near ? svg("text", { x: (x1 + x2) / 2, y: (y1 + y2) / 2 - 3, class: "edge-label" }, e.label) : "";
      const g = svg("g", { class: "edge-group", onclick: () => this.showEdge(e) }, line, label);
      g.append(svg("title", {}, `${e.relation}: ${e.source} → ${e.target}${e.derived ? " (derived)" : ""}`));
      this.edgeLayer.append(g);
    }
    this.nodeLayer.replaceChildren();
    // The centre and the selected node are drawn last, on top.
    const order = [...this.nodes.values()].sort((a, b) => rank(a, this) - rank(b, this));
    for (const n of order) {
      if (!this.isShown(n)) continue;
      const k = st.kinds[n.kind] || { shape: "ellipse", fill: "#ffffff", border: st.base_color };
      const lines = n.lines;
      const border = n.derived ? st.derived_color : k.border;
      const common = { fill: k.fill, stroke: border, "stroke-width": n.id === this.centre ? 2.5 : 1.2, "stroke-dasharray": n.derived ? "5 3" : null };
      const shape = shapeOf(k.shape, n, common);
      const text = svg("text", { class: "node-label", x: n.x, y: n.y - ((lines.length - 1) * 14) / 2 + 4 });
      lines.forEach((l, i) => text.append(svg("tspan", { x: n.x, dy: i ? 14 : 0 }, l)));
      const g = svg("g", { class: `node ${n.kind}${n === this.selected ? " selected" : ""}`, "data-id": n.id, tabindex: 0 }, shape, text);
      g.append(svg("title", {}, `${n.id} (${n.kind})`));
      this.dragNode(g, n);
      this.nodeLayer.append(g);
    }
    this.root.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
  }

  showNode(n) {
    this.selected = n;
    const attrs = Object.entries(n).filter(([k]) => !["id", "kind", "label", "lines", "derived", "origins", "x", "y", "vx", "vy", "w", "h", "fixed", "why", "expanded", "relation"].includes(k));
    const box = [el("h3", {}, n.label.replace(/\n/g, " · ")), el("p", {}, el("code", {}, n.id), ` ${n.kind}${n.derived ? ", derived" : ""}`)];
    if (n.origins && n.origins.length) box.push(el("p", {}, "origin: ", n.origins.join(", ")));
    if (n.relation) box.push(el("p", {}, "relation: ", el("code", {}, n.relation)));
    if (attrs.length) box.push(el("dl", {}, attrs.map(([k, v]) => [el("dt", {}, k), el("dd", {}, String(v))])));
    const actions = el("div", { class: "actions" });
    if (n.kind !== "event") {
      actions.append(el("button", { type: "button", onclick: () => this.expand(n.id) }, n.expanded ? "Expand again" : "Expand"));
      actions.append(el("button", { type: "button", onclick: () => { setHash(hashOf({ entity: n.id, depth: this.depth.value })); this.open(n.id, Number(this.depth.value)); } }, "Centre here"));
    }
    if (n.why) actions.append(el("button", { type: "button", onclick: () => this.onWhy(n.why) }, "Why?"));
    box.push(actions);
    replace(this.details, ...box);
    this.draw();
  }

  showEdge(e) {
    replace(this.details, el("h3", {}, e.label), el("p", {}, el("code", {}, e.source), " → ", el("code", {}, e.target)), el("p", {}, `relation ${e.relation}${e.derived ? " (derived)" : ""}`), e.origins && e.origins.length ? el("p", {}, "origin: ", e.origins.join(", ")) : "", el("div", { class: "actions" }, el("button", { type: "button", onclick: () => this.onWhy(e.why) }, "Why?")));
  }

  toGraph(ev) {
    const r = this.svg.getBoundingClientRect();
    return { x: (ev.clientX - r.left - this.view.x) / this.view.k, y: (ev.clientY - r.top - this.view.y) / this.view.k };
  }

  dragNode(g, n) {
    g.addEventListener("pointerdown", (ev) => {
      ev.stopPropagation();
      const start = this.toGraph(ev);
      const origin = { x: n.x, y: n.y };
      let moved = false;
      const move = (e2) => {
        const p = this.toGraph(e2);
        if (Math.abs(p.x - start.x) + Math.abs(p.y - start.y) > 3) moved = true;
        n.x = origin.x + p.x - start.x;
        n.y = origin.y + p.y - start.y;
        n.fixed = true;
        this.draw();
      };
      const up = () => {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
        if (!moved) this.showNode(n);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    });
    g.addEventListener("dblclick", (ev) => {
      ev.stopPropagation();
      if (n.kind !== "event") this.expand(n.id);
    });
    g.addEventListener("keydown", (ev) => {
      if (ev.key === "Enter") this.showNode(n);
    });
  }

  panZoom() {
    this.svg.addEventListener("pointerdown", (ev) => {
      const start = { x: ev.clientX - this.view.x, y: ev.clientY - this.view.y };
      const move = (e2) => {
        this.moved = true;
        this.view.x = e2.clientX - start.x;
        this.view.y = e2.clientY - start.y;
        this.root.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
      };
      const up = () => {
        window.removeEventListener("pointermove", move);
        window.removeEventListener("pointerup", up);
      };
      window.addEventListener("pointermove", move);
      window.addEventListener("pointerup", up);
    });
    this.svg.addEventListener("wheel", (ev) => {
      ev.preventDefault();
      this.moved = true;
      const r = this.svg.getBoundingClientRect();
      const px = ev.clientX - r.left;
      const py = ev.clientY - r.top;
      const k = Math.min(6, Math.max(0.1, this.view.k * Math.exp(-ev.deltaY * 0.0015)));
      this.view.x = px - ((px - this.view.x) * k) / this.view.k;
      this.view.y = py - ((py - this.view.y) * k) / this.view.k;
      this.view.k = k;
      this.root.setAttribute("transform", `translate(${this.view.x},${this.view.y}) scale(${this.view.k})`);
    }, { passive: false });
  }

  fitView() {
    const r0 = this.svg.getBoundingClientRect();
    if (!r0.width || !r0.height) return this.draw();
    const shown = [...this.nodes.values()].filter((n) => this.isShown(n));
    if (!shown.length) return;
    const xs = shown.flatMap((n) => [n.x - (n.w || 60) / 2, n.x + (n.w || 60) / 2]);
    const ys = shown.flatMap((n) => [n.y - (n.h || 30) / 2, n.y + (n.h || 30) / 2]);
    const r = this.svg.getBoundingClientRect();
    const w = Math.max(...xs) - Math.min(...xs) + 40;
    const h = Math.max(...ys) - Math.min(...ys) + 40;
    const k = Math.min(2, Math.max(0.1, Math.min(r.width / w, r.height / h)));
    this.view.k = k;
    this.view.x = r.width / 2 - ((Math.max(...xs) + Math.min(...xs)) / 2) * k;
    this.view.y = r.height / 2 - ((Math.max(...ys) + Math.min(...ys)) / 2) * k;
    this.draw();
  }
}

/** A node's label as drawn: its lines, each cut to 30 characters (the details show it whole). */
function labelLines(label) {
  return visible(String(label)).split("\n").map((l) => (l.length > 30 ? l.slice(0, 29) + "…" : l));
}

/** Drawing order: other nodes, then the centre, then the selected node. */
function rank(n, view) {
  return n === view.selected ? 2 : n.id === view.centre ? 1 : 0;
}

/** Where the line from `a` towards `b` leaves a's box. */
function boundary(a, b) {
  const dx = b.x - a.x;
  const dy = b.y - a.y;
  const w = (a.w || 60) / 2 + 2;
  const h = (a.h || 30) / 2 + 2;
  if (!dx && !dy) return [a.x, a.y];
  const t = Math.min(w / Math.abs(dx || 1e-9), h / Math.abs(dy || 1e-9));
  return [a.x + dx * Math.min(1, t), a.y + dy * Math.min(1, t)];
}

function shapeOf(shape, n, attrs) {
  const x = n.x - n.w / 2;
  const y = n.y - n.h / 2;
  if (shape === "ellipse") return svg("ellipse", { cx: n.x, cy: n.y, rx: n.w / 2 + 4, ry: n.h / 2 + 3, ...attrs });
  if (shape === "note") {
    const c = 8;
    return svg("path", { d: `M${x},${y} h${n.w - c} l${c},${c} v${n.h - c} h${-n.w} z M${x + n.w - c},${y} v${c} h${c}`, ...attrs });
  }
  return svg("rect", { x, y, width: n.w, height: n.h, rx: shape === "rounded" ? 8 : 0, ...attrs });
}
