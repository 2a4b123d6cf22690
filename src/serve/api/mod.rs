//! The workbench's routes: the page and its assets, and the JSON API the page (and any
//! script) uses. Handlers are synchronous and take the request as plain data ([`ApiRequest`]);
//! the HTTP layer calls [`App::handle`] on a worker thread and turns an [`ApiResponse`] into
//! bytes on the wire.
//!
//! | route | answer |
//! |---|---|
//! | `GET /api/status` | the knowledge base, the evaluation's state, the limits |
//! | `GET /api/relations` | tuples per relation (the JSON of `factlog stats --format json`) |
//! | `GET /api/query?q=BODY&offset=&limit=` | answers (the JSON of `factlog query --format json`), paged |
//! | `GET /api/why?atom=ATOM&all=&depth=&limit=` | proofs or why-not (the JSON of `factlog why --format json`) |
//! | `GET /api/entity?id=ID&depth=&relations=&max_nodes=` | a neighbourhood (the graph of `factlog export --format json --around`) |
//! | `GET /api/entities?prefix=&limit=` | entities whose id or name matches |
//! | `GET /api/sources`, `GET /api/source?id=ID` | sources; one with its text and the spans of its facts |
//! | `GET /api/overrides`, `POST /api/overrides` | the curator's verdicts; add one (with `--allow-edits`) |
//! | `GET /api/history` | the queries of the REPL's history |

mod edit;
pub mod error;
mod graph;
mod query;
mod source;

pub use error::{ApiError, codes};

use super::workbench::{LoadFailure, Loader, Workbench};
use super::{Limits, Options, assets, guard};
use crate::datalog::{Engine, EvalOptions};
use serde_json::{Value, json};
use std::sync::{Arc, Mutex, RwLock};
use std::time::{Duration, Instant};

/// An HTTP method, as far as the workbench cares.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Method {
    /// `GET`.
    Get,
    /// `HEAD` (answered as `GET`, without the body).
    Head,
    /// `POST`.
    Post,
    /// Anything else.
    Other,
}

/// A request, as plain data.
#[derive(Clone, Debug)]
pub struct ApiRequest {
    /// The method.
    pub method: Method,
    /// The path, not decoded (routes are plain ASCII; anything else is not found).
    pub path: String,
    /// The query string's parameters, decoded.
    pub params: Vec<(String, String)>,
    /// The body (empty but for `POST`).
    pub body: Vec<u8>,
    /// The `X-Factlog-Token` header.
    pub token: Option<String>,
    /// The `Content-Type` header.
    pub content_type: Option<String>,
}

impl ApiRequest {
    /// The first value of a parameter.
    pub fn param(&self, name: &str) -> Option<&str> {
        self.params
            .iter()
            .find(|(k, _)| k == name)
            .map(|(_, v)| v.as_str())
    }

    /// A required text parameter of at most `max` bytes.
    fn text(&self, name: &str, max: usize) -> Result<&str, ApiError> {
        let v = self
            .param(name)
            .ok_or_else(|| ApiError::bad_parameter(format!("missing parameter `{name}`")))?;
        if v.len() > max {
            return Err(ApiError::new(
                413,
                codes::TOO_LARGE,
                format!("`{name}` is {} bytes long: expected at most {max}", v.len()),
            ));
        }
        Ok(v)
    }

    /// A number parameter: `default` when absent, an error when not a number or above `max`.
    fn number(&self, name: &str, default: usize, max: usize) -> Result<usize, ApiError> {
        match self.param(name) {
            None | Some("") => Ok(default),
            Some(v) => match v.parse::<usize>() {
                Ok(n) if n <= max => Ok(n),
                Ok(n) => Err(ApiError::bad_parameter(format!(
                    "`{name}` is {n}: expected at most {max}"
                ))),
                Err(_) => Err(ApiError::bad_parameter(format!(
                    "`{name}` is `{v}`: expected a whole number"
                ))),
            },
        }
    }

    /// A yes/no parameter (`1`, `true`, `yes`; absent is no).
    fn flag(&self, name: &str) -> bool {
        matches!(self.param(name), Some("1" | "true" | "yes" | "on"))
    }
}

/// An answer, as plain data.
#[derive(Clone, Debug)]
pub struct ApiResponse {
    /// The HTTP status.
    pub status: u16,
    /// The `Content-Type`.
    pub content_type: &'static str,
    /// The body.
    pub body: Vec<u8>,
    /// Whether the browser may keep it (embedded assets; API answers never).
    pub cacheable: bool,
}

impl ApiResponse {
    /// A JSON answer.
    pub fn json(status: u16, body: Vec<u8>) -> ApiResponse {
        ApiResponse {
            status,
            content_type: "application/json",
            body,
            cacheable: false,
        }
    }

    /// The JSON of an error.
    pub fn error(e: &ApiError) -> ApiResponse {
        ApiResponse::json(e.status, to_bytes(&e.to_json()))
    }
}

/// Serializes a JSON answer.
fn to_bytes(v: &impl serde::Serialize) -> Vec<u8> {
    serde_json::to_vec(v).unwrap_or_else(|e| {
        format!(
            "{{\"error\": {{\"status\": 500, \"code\": \"{}\", \"message\": \"cannot write the answer: {e}\"}}, \"diagnostics\": []}}",
            codes::INTERNAL
        )
        .into_bytes()
    })
}

/// The workbench: the loaded knowledge base, how to load it again, the options and the
/// session's edit token.
pub struct App {
    state: RwLock<Arc<Workbench>>,
    loader: Loader,
    options: Options,
    token: String,
    edits: Mutex<()>,
}

impl App {
    /// Loads the knowledge base with `loader`.
    pub fn new(loader: Loader, options: Options) -> Result<App, LoadFailure> {
        let started = Instant::now();
        let kb = loader()?;
        let token = guard::new_token().map_err(|e| LoadFailure {
            message: format!("cannot make a session token: {e}"),
        })?;
        Ok(App {
            state: RwLock::new(Arc::new(Workbench::new(kb, 1, started.elapsed()))),
            loader,
            options,
            token,
            edits: Mutex::new(()),
        })
    }

    /// The session's edit token (the page carries it when edits are allowed).
    pub fn token(&self) -> &str {
        &self.token
    }

    /// The options the server runs with.
    pub fn options(&self) -> &Options {
        &self.options
    }

    /// The current workbench.
    pub fn workbench(&self) -> Arc<Workbench> {
        Arc::clone(&self.state.read().unwrap_or_else(|e| e.into_inner()))
    }

    /// Whether a path is answered by computing over the knowledge base (on a worker thread,
    /// within the deadline) rather than from the embedded assets.
    pub fn computes(path: &str) -> bool {
        path.starts_with("/api/")
    }

    /// Answers a request; `deadline` is when its answer is due.
    pub fn handle(&self, req: &ApiRequest, deadline: Instant) -> ApiResponse {
        let limits = &self.options.limits;
        let result = self.route(req, deadline);
        let mut response = match result {
            Ok(r) => r,
            Err(e) => ApiResponse::error(&e),
        };
        if response.body.len() > limits.max_response {
            response = ApiResponse::error(&ApiError::new(
                413,
                codes::ANSWER_TOO_LARGE,
                format!(
                    "the answer is {} bytes: expected at most {} (ask for a smaller page, less depth or fewer proofs)",
                    response.body.len(),
                    limits.max_response
                ),
            ));
        }
        if req.method == Method::Head {
            response.body.clear();
        }
        response
    }

    fn route(&self, req: &ApiRequest, deadline: Instant) -> Result<ApiResponse, ApiError> {
        let read = matches!(req.method, Method::Get | Method::Head);
        let path = req.path.as_str();
        if read && (path == "/" || path == "/index.html") {
            let token = self.options.allow_edits.then_some(self.token.as_str());
            return Ok(ApiResponse {
                status: 200,
                content_type: "text/html; charset=utf-8",
                body: assets::page(token).into_bytes(),
                cacheable: false,
            });
        }
        if let Some(asset) = assets::get(path) {
            if !read {
                return Err(method_error(req.method, "GET"));
            }
            return Ok(ApiResponse {
                status: 200,
                content_type: asset.content_type,
                body: asset.bytes.to_vec(),
                cacheable: true,
            });
        }
        let wb = self.workbench();
        let limits = &self.options.limits;
        let eval = eval_options(limits, deadline);
        let body = match (req.method, path) {
            (Method::Get | Method::Head, "/api/status") => to_bytes(&self.status(&wb)),
            (Method::Get | Method::Head, "/api/relations") => to_bytes(&relations(&wb)),
            (Method::Get | Method::Head, "/api/query") => query::query(&wb, req, limits, &eval)?,
            (Method::Get | Method::Head, "/api/why") => query::why(&wb, req, limits, &eval)?,
            (Method::Get | Method::Head, "/api/entity") => graph::entity(&wb, req, limits)?,
            (Method::Get | Method::Head, "/api/entities") => graph::entities(&wb, req, limits)?,
            (Method::Get | Method::Head, "/api/sources") => source::sources(&wb)?,
            (Method::Get | Method::Head, "/api/source") => source::source(&wb, req, limits)?,
            (Method::Get | Method::Head, "/api/overrides") => edit::overrides(&wb)?,
            (Method::Get | Method::Head, "/api/history") => {
                to_bytes(&json!({ "queries": repl_queries(self.options.history.as_deref()) }))
            }
            (Method::Post, "/api/overrides") => self.edit(req)?,
            (m, p) if ROUTES.contains(&p) => {
                return Err(method_error(
                    m,
                    if p == "/api/overrides" {
                        "GET or POST"
                    } else {
                        "GET"
                    },
                ));
            }
            _ => {
                return Err(ApiError::not_found(format!(
                    "nothing at `{}`: the API's routes are {}",
                    truncate(path, 200),
                    ROUTES.join(", ")
                )));
            }
        };
        Ok(ApiResponse::json(200, body))
    }

    fn status(&self, wb: &Workbench) -> Value {
        let kb = &wb.kb;
        let l = &self.options.limits;
        json!({
            "version": env!("CARGO_PKG_VERSION"),
            "kb": kb.root.describe(),
            "generation": wb.generation,
            "fact_files": kb.fact_files,
            "base_tuples": kb.store.base_len(),
            "standard_rules": kb.standard_rules,
            "user_rules": kb.files.user.iter().map(|p| kb.files.name_of(p)).collect::<Vec<_>>(),
            "articles": kb.articles.len(),
            "warnings": kb.warnings,
            "load_ms": wb.load_time.as_secs_f64() * 1e3,
            "proofs_evaluated": wb.why_ready(),
            "edits": self.options.allow_edits,
            "style": style(),
            "limits": {
                "max_tuples": l.max_tuples,
                "deadline_ms": l.deadline.as_millis() as u64,
                "max_rows": l.max_rows,
                "max_nodes": l.max_nodes,
                "max_query_bytes": l.max_query,
                "max_body_bytes": l.max_body,
                "max_answer_bytes": l.max_response,
            },
        })
    }

    fn edit(&self, req: &ApiRequest) -> Result<Vec<u8>, ApiError> {
        if !self.options.allow_edits {
            return Err(ApiError::new(
                403,
                codes::EDITS,
                "the workbench is read-only: start it with `factlog serve --allow-edits` to curate facts",
            ));
        }
        if !guard::token_matches(req.token.as_deref(), &self.token) {
            return Err(ApiError::new(
                403,
                codes::EDITS,
                format!(
                    "an edit needs this session's token in the {} header (the page carries it)",
                    guard::TOKEN_HEADER
                ),
            ));
        }
        let _one_at_a_time = self.edits.lock().unwrap_or_else(|e| e.into_inner());
        let wb = self.workbench();
        let done = edit::apply(&wb, req, &self.loader)?;
        let generation = wb.generation + 1;
        let reply = json!({
            "ok": true,
            "generation": generation,
            "file": done.file,
            "rule": done.rule,
            "warnings": done.kb.warnings,
        });
        let next = Workbench::new(done.kb, generation, done.load_time);
        *self.state.write().unwrap_or_else(|e| e.into_inner()) = Arc::new(next);
        Ok(to_bytes(&reply))
    }
}

/// The most REPL queries offered.
const HISTORY_MAX: usize = 200;

/// The queries (`?- ...` lines, without `?-` and the final `.`) of the REPL's history file,
/// newest first, each once; none when there is no such file.
fn repl_queries(path: Option<&std::path::Path>) -> Vec<String> {
    use rustyline::history::{FileHistory, History};
    let mut history = FileHistory::new();
    if path.is_none_or(|p| history.load(p).is_err()) {
        return Vec::new();
    }
    let mut out: Vec<String> = Vec::new();
    for line in history.iter().rev() {
        let Some(q) = line.trim().strip_prefix("?-") else {
            continue;
        };
        let q = q.trim().trim_end_matches('.').trim_end().to_string();
        if !q.is_empty() && !out.contains(&q) {
            out.push(q);
        }
        if out.len() >= HISTORY_MAX {
            break;
        }
    }
    out
}

/// Every API route.
const ROUTES: [&str; 11] = [
    "/api/status",
    "/api/relations",
    "/api/query",
    "/api/why",
    "/api/entity",
    "/api/entities",
    "/api/sources",
    "/api/source",
    "/api/overrides",
    "/api/history",
    "/",
];

fn method_error(m: Method, allowed: &str) -> ApiError {
    let name = match m {
        Method::Get => "GET",
        Method::Head => "HEAD",
        Method::Post => "POST",
        Method::Other => "this method",
    };
    ApiError::new(
        405,
        codes::METHOD,
        format!("{name} is not taken here: expected {allowed}"),
    )
}

/// The evaluation options of one request: the semi-naive engine on one thread (other requests
/// use the other cores), the tuple bound, and the request's deadline (checked between rounds).
fn eval_options(limits: &Limits, deadline: Instant) -> EvalOptions {
    EvalOptions {
        engine: Engine::SemiNaive,
        max_tuples: limits.max_tuples,
        threads: 1,
        deadline: Some(deadline),
        ..EvalOptions::default()
    }
}

/// The drawing styles of the DOT export's one style table, for the page's graph view.
fn style() -> Value {
    use crate::export::style::{BASE_COLOR, DERIVED_COLOR, node_style};
    use crate::graph::NodeKind;
    use crate::kb::RelationKind;
    let kinds: serde_json::Map<String, Value> = [
        NodeKind::Country,
        NodeKind::Person,
        NodeKind::Organization,
        NodeKind::Body,
        NodeKind::Proposal,
        NodeKind::Issue,
        NodeKind::Unknown,
        NodeKind::Event,
    ]
    .into_iter()
    .map(|k| {
        let s = node_style(k, RelationKind::Base);
        let shape = match s.shape {
            crate::export::style::Shape::Ellipse => "ellipse",
            crate::export::style::Shape::Box => "box",
            crate::export::style::Shape::Rounded => "rounded",
            crate::export::style::Shape::Note => "note",
        };
        (
            k.as_str().to_string(),
            json!({"shape": shape, "fill": s.fill, "border": s.border}),
        )
    })
    .collect();
    json!({"kinds": kinds, "base_color": BASE_COLOR, "derived_color": DERIVED_COLOR, "derived_line": "dashed"})
}

fn relations(wb: &Workbench) -> Value {
    let store = &wb.kb.store;
    let mut doc = crate::kb::sizes::sizes_json(&crate::kb::sizes::relation_sizes(store));
    let schema = store.schema();
    let columns: serde_json::Map<String, Value> = schema
        .ids()
        .map(|id| {
            let d = schema.decl(id);
            (
                d.name.clone(),
                json!(
                    d.columns
                        .iter()
                        .map(|c| c.name.as_str())
                        .collect::<Vec<_>>()
                ),
            )
        })
        .collect();
    if let Value::Object(m) = &mut doc {
        m.insert("columns".into(), Value::Object(columns));
    }
    doc
}

/// At most `max` bytes of `s`, cut at a character boundary.
fn truncate(s: &str, max: usize) -> &str {
    let mut end = s.len().min(max);
    while !s.is_char_boundary(end) {
        end -= 1;
    }
    &s[..end]
}

/// How long until `deadline` (zero when it has passed).
pub fn remaining(deadline: Instant) -> Duration {
    deadline.saturating_duration_since(Instant::now())
}
