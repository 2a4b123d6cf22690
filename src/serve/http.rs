//! The HTTP layer: hyper's HTTP/1.1 server on a single-threaded tokio runtime of its own
//! thread. Connections are cheap tasks, so a slow client holds no thread; the knowledge-base
//! work of each request runs on a blocking thread, at most [`Limits::workers`] at once.
//!
//! Every request is bounded: its headers must arrive within [`Limits::read_timeout`] (and
//! fit hyper's buffer), its body within the same time and [`Limits::max_body`] bytes, its
//! answer within [`Limits::deadline`] (else a JSON error; the computation is bounded in
//! tuples and ends on its own); connections beyond [`Limits::max_connections`] are refused.
//! Stopping (on [`Server::stop`], or on an interrupt when asked) stops accepting, lets the
//! requests in flight finish for a few seconds, then ends.

use super::api::{ApiError, ApiRequest, ApiResponse, App, Method, codes, remaining};
use super::guard::{Guard, SECURITY_HEADERS, TOKEN_HEADER};
use super::{Limits, Loader, Options, ServeError};
use http_body_util::{BodyExt, Full, LengthLimitError, Limited};
use hyper::body::{Bytes, Incoming};
use hyper::header::{CACHE_CONTROL, CONTENT_LENGTH, CONTENT_TYPE, HOST, HeaderValue, ORIGIN};
use hyper::server::conn::http1;
use hyper::service::service_fn;
use hyper::{Request, Response, StatusCode};
use hyper_util::rt::{TokioIo, TokioTimer};
use std::convert::Infallible;
use std::net::SocketAddr;
use std::sync::Arc;
use std::time::{Duration, Instant};
use tokio::io::AsyncWriteExt;
use tokio::sync::{Semaphore, watch};

/// How long past its deadline a computation gets to report its own stop.
const GRACE: Duration = Duration::from_millis(250);

/// How long requests in flight get to finish when the server stops.
const DRAIN: Duration = Duration::from_secs(5);

/// A running server; dropping it stops it.
pub struct Server {
    addr: SocketAddr,
    app: Arc<App>,
    stop: watch::Sender<bool>,
    thread: Option<std::thread::JoinHandle<()>>,
}

struct Context {
    app: Arc<App>,
    guard: Guard,
    work: Arc<Semaphore>,
    limits: Limits,
}

impl Server {
    /// Loads the knowledge base with `loader`, binds the address and starts serving.
    pub fn start(options: Options, loader: Loader) -> Result<Server, ServeError> {
        let app =
            Arc::new(App::new(loader, options.clone()).map_err(|f| ServeError::Load(f.message))?);
        let bind_error = |source| ServeError::Bind {
            addr: SocketAddr::new(options.bind, options.port).to_string(),
            source,
        };
        let listener =
            std::net::TcpListener::bind((options.bind, options.port)).map_err(bind_error)?;
        listener.set_nonblocking(true).map_err(bind_error)?;
        let addr = listener.local_addr().map_err(bind_error)?;
        let runtime = tokio::runtime::Builder::new_current_thread()
            .enable_all()
            .max_blocking_threads(options.limits.workers.max(1) * 2)
            .thread_name("factlog-serve-worker")
            .build()
            .map_err(ServeError::Start)?;
        let (stop, stopped) = watch::channel(false);
        let ctx = Arc::new(Context {
            app: Arc::clone(&app),
            guard: Guard::new(options.bind, addr.port()),
            work: Arc::new(Semaphore::new(options.limits.workers.max(1))),
            limits: options.limits.clone(),
        });
        let interrupt = options.stop_on_interrupt;
        let thread = std::thread::Builder::new()
            .name("factlog-serve".into())
            .spawn(move || {
                runtime.block_on(accept(listener, ctx, stopped, interrupt));
                // Computations past their deadline end on their own (bounded in tuples);
                // the process need not wait for them.
                runtime.shutdown_timeout(Duration::from_millis(200));
            })
            .map_err(ServeError::Start)?;
        Ok(Server {
            addr,
            app,
            stop,
            thread: Some(thread),
        })
    }

    /// The address the server listens on.
    pub fn local_addr(&self) -> SocketAddr {
        self.addr
    }

    /// The page's address: `http://127.0.0.1:PORT/`.
    pub fn url(&self) -> String {
        format!("http://{}/", self.addr)
    }

    /// What loading the knowledge base last wrote (warnings), as the CLI renders it.
    pub fn load_warnings(&self) -> String {
        self.app.workbench().kb.warnings.clone()
    }

    /// The session's edit token.
    pub fn token(&self) -> &str {
        self.app.token()
    }

    /// Stops accepting, lets requests in flight finish (a few seconds at most), and returns
    /// when the server has stopped.
    pub fn stop(mut self) {
        self.shut_down();
    }

    /// Returns when the server has stopped (after an interrupt, when it stops on one).
    pub fn wait(mut self) {
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }

    fn shut_down(&mut self) {
        let _ = self.stop.send(true);
        if let Some(t) = self.thread.take() {
            let _ = t.join();
        }
    }
}

impl Drop for Server {
    fn drop(&mut self) {
        self.shut_down();
    }
}

/// Accepts connections until stopped, then drains them.
async fn accept(
    listener: std::net::TcpListener,
    ctx: Arc<Context>,
    mut stopped: watch::Receiver<bool>,
    interrupt: bool,
) {
    let Ok(listener) = tokio::net::TcpListener::from_std(listener) else {
        return;
    };
    let max = ctx.limits.max_connections.max(1);
    let connections = Arc::new(Semaphore::new(max));
    let (drain, draining) = watch::channel(false);
    let interrupted = async {
        if interrupt {
            let _ = tokio::signal::ctrl_c().await;
        } else {
            std::future::pending::<()>().await;
        }
    };
    tokio::pin!(interrupted);
    loop {
        tokio::select! {
            _ = &mut interrupted => break,
            _ = stopped.changed() => break,
            accepted = listener.accept() => {
                let Ok((stream, _)) = accepted else {
                    // Out of file descriptors, say: wait a little rather than spin.
                    tokio::time::sleep(Duration::from_millis(50)).await;
                    continue;
                };
                let Ok(permit) = Arc::clone(&connections).try_acquire_owned() else {
                    tokio::spawn(refuse(stream));
                    continue;
                };
                let ctx = Arc::clone(&ctx);
                let mut draining = draining.clone();
                tokio::spawn(async move {
                    let _permit = permit;
                    let limits = ctx.limits.clone();
                    let service = service_fn(move |req| serve(Arc::clone(&ctx), req));
                    let conn = http1::Builder::new()
                        .timer(TokioTimer::new())
                        .header_read_timeout(limits.read_timeout)
                        .max_buf_size((limits.max_query * 4).max(16 * 1024))
                        .keep_alive(true)
                        .serve_connection(TokioIo::new(stream), service);
                    tokio::pin!(conn);
                    tokio::select! {
                        _ = conn.as_mut() => {}
                        _ = draining.changed() => {
                            conn.as_mut().graceful_shutdown();
                            let _ = tokio::time::timeout(DRAIN, conn).await;
                        }
                    }
                });
            }
        }
    }
    drop(listener);
    let _ = drain.send(true);
    let _ = tokio::time::timeout(DRAIN, connections.acquire_many(max as u32)).await;
}

/// Answers a connection beyond the limit with a 503 and closes it.
async fn refuse(mut stream: tokio::net::TcpStream) {
    let e = ApiError::new(
        503,
        codes::BUSY,
        "too many connections at once: try again in a moment",
    );
    let body = e.to_json().to_string();
    let head = format!(
        "HTTP/1.1 503 Service Unavailable\r\ncontent-type: application/json\r\nconnection: close\r\ncontent-length: {}\r\n\r\n",
        body.len()
    );
    let _ = tokio::time::timeout(Duration::from_secs(1), async {
        stream.write_all(head.as_bytes()).await?;
        stream.write_all(body.as_bytes()).await?;
        stream.shutdown().await
    })
    .await;
}

/// Serves one request.
async fn serve(
    ctx: Arc<Context>,
    req: Request<Incoming>,
) -> Result<Response<Full<Bytes>>, Infallible> {
    let deadline = Instant::now() + ctx.limits.deadline;
    Ok(reply(match read_request(&ctx, req).await {
        Err(e) => ApiResponse::error(&e),
        Ok(api) if !App::computes(&api.path) => ctx.app.handle(&api, deadline),
        Ok(api) => compute(&ctx, api, deadline).await,
    }))
}

/// Checks the request's origin and reads it, body included, into plain data.
async fn read_request(ctx: &Context, req: Request<Incoming>) -> Result<ApiRequest, ApiError> {
    let header = |name: &str| {
        req.headers()
            .get(name)
            .and_then(|v| v.to_str().ok())
            .map(str::to_string)
    };
    ctx.guard.check(
        header(HOST.as_str()).as_deref(),
        header(ORIGIN.as_str()).as_deref(),
        header("sec-fetch-site").as_deref(),
    )?;
    let method = match *req.method() {
        hyper::Method::GET => Method::Get,
        hyper::Method::HEAD => Method::Head,
        hyper::Method::POST => Method::Post,
        _ => Method::Other,
    };
    let path = req.uri().path().to_string();
    let params: Vec<(String, String)> = req
        .uri()
        .query()
        .map(|q| form_urlencoded::parse(q.as_bytes()).into_owned().collect())
        .unwrap_or_default();
    let token = header(TOKEN_HEADER);
    let content_type = header(CONTENT_TYPE.as_str());
    let max = ctx.limits.max_body;
    let too_large = || {
        ApiError::new(
            413,
            codes::TOO_LARGE,
            format!("the request body is larger than {max} bytes"),
        )
    };
    let body = if method == Method::Post {
        let declared = header(CONTENT_LENGTH.as_str()).and_then(|v| v.parse::<u64>().ok());
        if declared.is_some_and(|n| n > max as u64) {
            return Err(too_large());
        }
        let read = Limited::new(req.into_body(), max).collect();
        match tokio::time::timeout(ctx.limits.read_timeout, read).await {
            Err(_) => {
                return Err(ApiError::new(
                    408,
                    codes::BUSY,
                    "the request body did not arrive in time",
                ));
            }
            Ok(Err(e)) if e.downcast_ref::<LengthLimitError>().is_some() => {
                return Err(too_large());
            }
            Ok(Err(e)) => {
                return Err(ApiError::bad_parameter(format!(
                    "cannot read the request body: {e}"
                )));
            }
            Ok(Ok(collected)) => collected.to_bytes().to_vec(),
        }
    } else {
        Vec::new()
    };
    Ok(ApiRequest {
        method,
        path,
        params,
        body,
        token,
        content_type,
    })
}

/// Runs a request over the knowledge base on a worker thread, within its deadline.
async fn compute(ctx: &Context, req: ApiRequest, deadline: Instant) -> ApiResponse {
    let late = || {
        ApiResponse::error(&ApiError::new(
            503,
            codes::DEADLINE,
            format!(
                "no answer within the deadline of {} ms: narrow the query, or raise --deadline",
                ctx.limits.deadline.as_millis()
            ),
        ))
    };
    let permit = match tokio::time::timeout(
        remaining(deadline),
        Arc::clone(&ctx.work).acquire_owned(),
    )
    .await
    {
        Ok(Ok(p)) => p,
        _ => return late(),
    };
    let app = Arc::clone(&ctx.app);
    let task = tokio::task::spawn_blocking(move || {
        let _permit = permit;
        app.handle(&req, deadline)
    });
    // The engine checks the deadline itself between rounds and says so (E0324): give it a
    // moment to, before answering for it.
    match tokio::time::timeout(remaining(deadline) + GRACE, task).await {
        Ok(Ok(r)) => r,
        Ok(Err(_)) => ApiResponse::error(&ApiError::new(
            500,
            codes::INTERNAL,
            "the request failed inside the server (a bug; the server goes on)",
        )),
        Err(_) => late(),
    }
}

/// The HTTP response of an answer, with the security headers.
fn reply(r: ApiResponse) -> Response<Full<Bytes>> {
    let mut response = Response::new(Full::new(Bytes::from(r.body)));
    *response.status_mut() =
        StatusCode::from_u16(r.status).unwrap_or(StatusCode::INTERNAL_SERVER_ERROR);
    let headers = response.headers_mut();
    headers.insert(CONTENT_TYPE, HeaderValue::from_static(r.content_type));
    headers.insert(
        CACHE_CONTROL,
        HeaderValue::from_static(if r.cacheable { "no-cache" } else { "no-store" }),
    );
    for (name, value) in SECURITY_HEADERS {
        headers.insert(name, HeaderValue::from_static(value));
    }
    response
}
