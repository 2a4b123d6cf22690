// Small helpers shared by the views. Every text that comes from the knowledge base, an
// article or a query is untrusted: it enters the page as text nodes (textContent) or
// attribute values (setAttribute), never as markup.

/** Makes an element: `el("a", {href: "#x", class: "y"}, "text", child, ...)`. */
export function el(tag, attrs, ...children) {
  const node = document.createElement(tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

/** Makes an SVG element, likewise. */
export function svg(tag, attrs, ...children) {
  const node = document.createElementNS("http://www.w3.org/2000/svg", tag);
  setAttrs(node, attrs);
  append(node, children);
  return node;
}

function setAttrs(node, attrs) {
  for (const [k, v] of Object.entries(attrs || {})) {
    if (v === undefined || v === null || v === false) continue;
    if (k.startsWith("on") && typeof v === "function") {
      node.addEventListener(k.slice(2), v);
    } else {
      node.setAttribute(k, v === true ? "" : String(v));
    }
  }
}

/** Appends children: nodes as they are, strings and numbers as text (with bidi controls made
 * visible), arrays flattened. */
export function append(node, children) {
  for (const c of children.flat(Infinity)) {
    if (c === undefined || c === null || c === false) continue;
    node.append(c instanceof Node ? c : document.createTextNode(visible(String(c))));
  }
  return node;
}

const BIDI = { "\u061c": "ALM", "\u200e": "LRM", "\u200f": "RLM", "\u202a": "LRE", "\u202b": "RLE", "\u202c": "PDF", "\u202d": "LRO", "\u202e": "RLO", "\u2066": "LRI", "\u2067": "RLI", "\u2068": "FSI", "\u2069": "PDI" };

/** Text with its bidirectional controls shown as ⟨RLO⟩ and the like instead of applied, so
 * that text from an article or a fact cannot reorder what is shown around it. */
export function visible(text) {
  return text.replace(/[\u061c\u200e\u200f\u202a-\u202e\u2066-\u2069]/g, (c) => `⟨${BIDI[c]}⟩`);
}

/** Empties a node and puts children in. */
export function replace(node, ...children) {
  node.replaceChildren();
  return append(node, children);
}

/** A link only to http(s) addresses; anything else (javascript:, data:) is shown as text. */
export function externalLink(url, text) {
  if (typeof url === "string" && /^https?:\/\//i.test(url)) {
    return el("a", { href: url, target: "_blank", rel: "noopener noreferrer" }, text || url);
  }
  return text || url || "";
}

/** The session's edit token ("" when the workbench is read-only). */
export function token() {
  const meta = document.querySelector('meta[name="factlog-token"]');
  return meta ? meta.getAttribute("content") || "" : "";
}

/** Calls the API: `{ok, status, data}`, where data is the JSON answer (or an error shape). */
export async function api(path, params, init) {
  const url = new URL(path, location.origin);
  for (const [k, v] of Object.entries(params || {})) {
    if (v !== undefined && v !== null && v !== "") url.searchParams.set(k, v);
  }
  try {
    const response = await fetch(url, init);
    let data;
    try {
      data = await response.json();
    } catch {
      data = { error: { code: "E0900", message: `the server answered ${response.status} without JSON` } };
    }
    return { ok: response.ok, status: response.status, data };
  } catch (e) {
    return { ok: false, status: 0, data: { error: { code: "E0900", message: `the server cannot be reached (${e.message})` } } };
  }
}

/** Sends an edit (POST with the token). */
export function post(path, body) {
  return api(path, null, {
    method: "POST",
    headers: { "content-type": "application/json", "x-factlog-token": token() },
    body: JSON.stringify(body),
  });
}

/** A value as a constant of the query language. */
export function literal(value) {
  if (typeof value === "number") return String(value);
  return '"' + String(value).replace(/[\\"\n\t\r]/g, (c) => ({ "\\": "\\\\", '"': '\\"', "\n": "\\n", "\t": "\\t", "\r": "\\r" })[c]) + '"';
}

/** A fact as text: `stance("a", "b")`. */
export function factText(fact) {
  return `${fact.relation}(${fact.values.map((v) => (v === null ? "_" : literal(v))).join(", ")})`;
}

/** The error line of an API answer. */
export function errorText(data) {
  const e = (data && data.error) || {};
  return `${e.code || "error"}: ${e.message || "failed"}`;
}

/** The code points of a text (spans in articles count code points, not UTF-16 units). */
export function codePoints(text) {
  return Array.from(text || "");
}

/** Sets the hash without adding a history entry twice for the same view. */
export function setHash(hash) {
  const h = hash ? "#" + hash : "";
  if (location.hash !== h) history.pushState(null, "", location.pathname + location.search + h);
}

/** Parses the hash: `#why=ATOM`, `#entity=ID`, `#source=ID&span=S-E`. */
export function hashParams() {
  return new URLSearchParams(location.hash.replace(/^#/, ""));
}

/** Sets the hash from parameters. */
export function hashOf(params) {
  return new URLSearchParams(params).toString();
}
