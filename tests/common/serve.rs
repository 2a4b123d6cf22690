//! A `factlog serve` process on an ephemeral loopback port, and a small HTTP/1.1 client that
//! speaks to it (and to chromedriver) over a plain socket, so that tests can also send what
//! no well-behaved client would: malformed request lines, huge bodies, foreign Host headers,
//! requests sent a byte at a time.

#![allow(dead_code, reason = "each test binary uses part of the helpers")]

use std::io::{BufRead, BufReader, Read, Write};
use std::net::{SocketAddr, TcpStream};
use std::path::Path;
use std::process::{Child, Command, ExitStatus, Stdio};
use std::sync::mpsc;
use std::time::{Duration, Instant};

/// An HTTP response.
#[derive(Debug)]
pub struct HttpResponse {
    /// The status code.
    pub status: u16,
    /// Header names (lower case) and values.
    pub headers: Vec<(String, String)>,
    /// The body, de-chunked.
    pub body: Vec<u8>,
}

impl HttpResponse {
    /// A header's value.
    pub fn header(&self, name: &str) -> Option<&str> {
        self.headers
            .iter()
            .find(|(k, _)| k.eq_ignore_ascii_case(name))
            .map(|(_, v)| v.as_str())
    }

    /// The body as text.
    pub fn text(&self) -> String {
        String::from_utf8_lossy(&self.body).into_owned()
    }

    /// The body as JSON (panics with the body when it is not).
    pub fn json(&self) -> serde_json::Value {
        serde_json::from_slice(&self.body)
            .unwrap_or_else(|e| panic!("not JSON ({e}): {}", self.text()))
    }
}

/// Percent-encodes a query-string value.
pub fn encode(s: &str) -> String {
    let mut out = String::new();
    for b in s.bytes() {
        if b.is_ascii_alphanumeric() || b"-_.~".contains(&b) {
            out.push(b as char);
        } else {
            out.push_str(&format!("%{b:02X}"));
        }
    }
    out
}

/// Sends raw bytes and reads the response until the server closes the connection.
pub fn raw(addr: SocketAddr, bytes: &[u8]) -> std::io::Result<HttpResponse> {
    let mut s = TcpStream::connect(addr)?;
    s.set_read_timeout(Some(Duration::from_secs(60)))?;
    s.write_all(bytes)?;
    read_response(&mut s)
}

/// Reads one response: up to its Content-Length, the end of its chunks, or the end of the
/// stream (some servers keep the connection open after `Connection: close`).
pub fn read_response(s: &mut TcpStream) -> std::io::Result<HttpResponse> {
    let mut data = Vec::new();
    let mut buf = [0u8; 64 * 1024];
    loop {
        if let Some(r) = complete(&data) {
            return Ok(r);
        }
        let n = s.read(&mut buf)?;
        if n == 0 {
            break;
        }
        data.extend_from_slice(&buf[..n]);
    }
    parse(&data).ok_or_else(|| {
        std::io::Error::other(format!(
            "not an HTTP response: {:?}",
            String::from_utf8_lossy(&data)
        ))
    })
}

/// The response, when `data` holds all of it.
fn complete(data: &[u8]) -> Option<HttpResponse> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let r = parse(data)?;
    let body_len = data.len() - end - 4;
    match r
        .header("content-length")
        .and_then(|v| v.parse::<usize>().ok())
    {
        Some(n) => (body_len >= n).then(|| HttpResponse {
            body: r.body[..n].to_vec(),
            ..r
        }),
        None if r
            .header("transfer-encoding")
            .is_some_and(|v| v.contains("chunked")) =>
        {
            data.ends_with(b"0\r\n\r\n").then_some(r)
        }
        None => None,
    }
}

fn parse(data: &[u8]) -> Option<HttpResponse> {
    let end = data.windows(4).position(|w| w == b"\r\n\r\n")?;
    let head = std::str::from_utf8(&data[..end]).ok()?;
    let mut lines = head.split("\r\n");
    let status = lines.next()?.split(' ').nth(1)?.parse().ok()?;
    let headers: Vec<(String, String)> = lines
        .filter_map(|l| l.split_once(':'))
        .map(|(k, v)| (k.trim().to_ascii_lowercase(), v.trim().to_string()))
        .collect();
    let mut body = data[end + 4..].to_vec();
    let chunked = headers
        .iter()
        .any(|(k, v)| k == "transfer-encoding" && v.contains("chunked"));
    if chunked {
        let mut out = Vec::new();
        let mut rest = &body[..];
        loop {
            let nl = rest.windows(2).position(|w| w == b"\r\n")?;
            let size =
                usize::from_str_radix(std::str::from_utf8(&rest[..nl]).ok()?.trim(), 16).ok()?;
            rest = &rest[nl + 2..];
            if size == 0 {
                break;
            }
            out.extend_from_slice(rest.get(..size)?);
            rest = rest.get(size + 2..)?;
        }
        body = out;
    }
    Some(HttpResponse {
        status,
        headers,
        body,
    })
}

/// Sends a request with `Connection: close` (and the right Host) and reads the response.
pub fn request(
    addr: SocketAddr,
    method: &str,
    path: &str,
    headers: &[(&str, &str)],
    body: Option<&[u8]>,
) -> HttpResponse {
    let mut head = format!("{method} {path} HTTP/1.1\r\n");
    if !headers.iter().any(|(k, _)| k.eq_ignore_ascii_case("host")) {
        head.push_str(&format!("Host: {addr}\r\n"));
    }
    for (k, v) in headers {
        head.push_str(&format!("{k}: {v}\r\n"));
    }
    if let Some(b) = body {
        head.push_str(&format!("Content-Length: {}\r\n", b.len()));
    }
    head.push_str("Connection: close\r\n\r\n");
    let mut bytes = head.into_bytes();
    bytes.extend_from_slice(body.unwrap_or_default());
    raw(addr, &bytes).unwrap_or_else(|e| panic!("{method} {path}: {e}"))
}

/// `GET path`.
pub fn get(addr: SocketAddr, path: &str) -> HttpResponse {
    request(addr, "GET", path, &[], None)
}

/// A running `factlog serve`, stopped (killed) when dropped.
pub struct ServeProcess {
    child: Child,
    /// Where it listens.
    pub addr: SocketAddr,
    /// The line it printed.
    pub banner: String,
}

impl ServeProcess {
    /// Starts `bin serve --port 0 ARGS` and waits for the line with its address.
    pub fn start(bin: &Path, args: &[&str]) -> ServeProcess {
        ServeProcess::start_with_env(bin, args, &[])
    }

    /// Likewise, with environment variables set.
    pub fn start_with_env(bin: &Path, args: &[&str], env: &[(&str, &Path)]) -> ServeProcess {
        ServeProcess::start_in(bin, None, args, env)
    }

    /// Likewise, in folder `cwd` when given.
    pub fn start_in(
        bin: &Path,
        cwd: Option<&Path>,
        args: &[&str],
        env: &[(&str, &Path)],
    ) -> ServeProcess {
        let mut cmd = Command::new(bin);
        if let Some(dir) = cwd {
            cmd.current_dir(dir);
        }
        let mut child = cmd
            .envs(env.iter().copied())
            .arg("serve")
            .args(["--port", "0"])
            .args(args)
            .stdin(Stdio::null())
            .stdout(Stdio::piped())
            .stderr(Stdio::inherit())
            .spawn()
            .expect("factlog serve starts");
        let stdout = child.stdout.take().expect("stdout");
        let (tx, rx) = mpsc::channel();
        std::thread::spawn(move || {
            for line in BufReader::new(stdout).lines().map_while(Result::ok) {
                let _ = tx.send(line);
            }
        });
        let banner = rx
            .recv_timeout(Duration::from_secs(60))
            .unwrap_or_else(|_| panic!("factlog serve {args:?} printed no address"));
        let url = banner
            .split_whitespace()
            .find(|w| w.starts_with("http://"))
            .unwrap_or_else(|| panic!("no URL in {banner:?}"));
        let addr = url
            .trim_start_matches("http://")
            .trim_end_matches('/')
            .parse()
            .unwrap_or_else(|_| panic!("no address in {banner:?}"));
        ServeProcess {
            child,
            addr,
            banner,
        }
    }

    /// The process id.
    pub fn pid(&self) -> u32 {
        self.child.id()
    }

    /// Sends SIGINT (as Ctrl-C does) and waits for the process to end.
    pub fn interrupt(&mut self) -> Option<ExitStatus> {
        let _ = Command::new("kill")
            .args(["-INT", &self.child.id().to_string()])
            .status();
        let until = Instant::now() + Duration::from_secs(20);
        while Instant::now() < until {
            if let Ok(Some(status)) = self.child.try_wait() {
                return Some(status);
            }
            std::thread::sleep(Duration::from_millis(20));
        }
        None
    }
}

impl Drop for ServeProcess {
    fn drop(&mut self) {
        let _ = self.child.kill();
        let _ = self.child.wait();
    }
}
