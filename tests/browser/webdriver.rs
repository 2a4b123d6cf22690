//! Just enough of the WebDriver protocol to drive headless Chromium through chromedriver:
//! sessions, navigation, elements, clicks, keys, scripts and screenshots, over the plain
//! HTTP client of `common/serve.rs`.

use crate::http::request;
use libtest_mimic::Failed;
use serde_json::{Value, json};
use std::net::{SocketAddr, TcpListener};
use std::path::{Path, PathBuf};
use std::process::{Child, Command, Stdio};
use std::time::{Duration, Instant};

/// The key WebDriver uses for element references.
const ELEMENT: &str = "element-6066-11e4-a52e-4f735466cecf";

fn chromium() -> PathBuf {
    std::env::var_os("FACTLOG_CHROMIUM")
        .map_or_else(|| PathBuf::from("/usr/bin/chromium"), PathBuf::from)
}

fn chromedriver() -> PathBuf {
    std::env::var_os("FACTLOG_CHROMEDRIVER")
        .map_or_else(|| PathBuf::from("/usr/bin/chromedriver"), PathBuf::from)
}

/// Why the browser tests cannot run here, if they cannot.
pub fn missing() -> Option<String> {
    for (what, path) in [("Chromium", chromium()), ("chromedriver", chromedriver())] {
        if !path.is_file() {
            return Some(format!(
                "{what} is not at {} (apt-get install chromium chromium-driver)",
                path.display()
            ));
        }
    }
    None
}

/// An element reference.
pub struct Element(String);

/// A browser session (and its chromedriver), ended when dropped.
pub struct Browser {
    driver: Child,
    addr: SocketAddr,
    session: String,
    _profile: tempfile::TempDir,
}

impl Browser {
    /// Starts chromedriver on a free port and a headless Chromium session with a fresh profile.
    pub fn start() -> Result<Browser, Failed> {
        let port = TcpListener::bind("127.0.0.1:0")
            .and_then(|l| l.local_addr())
            .map_err(|e| e.to_string())?
            .port();
        let driver = Command::new(chromedriver())
            .arg(format!("--port={port}"))
            .stdout(Stdio::null())
            .stderr(Stdio::null())
            .spawn()
            .map_err(|e| format!("chromedriver: {e}"))?;
        let addr: SocketAddr = ([127, 0, 0, 1], port).into();
        let until = Instant::now() + Duration::from_secs(20);
        while std::net::TcpStream::connect(addr).is_err() {
            if Instant::now() > until {
                return Err("chromedriver did not start listening".into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
        let profile = tempfile::tempdir().map_err(|e| e.to_string())?;
        let mut b = Browser {
            driver,
            addr,
            session: String::new(),
            _profile: profile,
        };
        let caps = json!({"capabilities": {"alwaysMatch": {
            "browserName": "chrome",
            "goog:chromeOptions": {
                "binary": chromium(),
                "args": ["--headless=new", "--no-sandbox", "--disable-gpu", "--disable-quic",
                         "--no-first-run", "--disable-background-networking",
                         "--disable-component-update", "--disable-sync",
                         "--disable-dev-shm-usage", "--window-size=1400,1000",
                         format!("--user-data-dir={}", b._profile.path().display())]
            }
        }}});
        let v = b.call("POST", "/session", Some(caps))?;
        b.session = v["sessionId"]
            .as_str()
            .ok_or_else(|| format!("no session: {v}"))?
            .to_string();
        Ok(b)
    }

    fn call(&self, method: &str, path: &str, body: Option<Value>) -> Result<Value, Failed> {
        let body = body.map(|b| b.to_string());
        let headers = [("Content-Type", "application/json")];
        let r = request(
            self.addr,
            method,
            path,
            &headers,
            body.as_deref().map(str::as_bytes),
        );
        let v: Value = serde_json::from_slice(&r.body)
            .map_err(|e| format!("{method} {path}: {e}: {}", r.text()))?;
        if r.status != 200 {
            return Err(format!("{method} {path}: {} {}", r.status, v["value"]["message"]).into());
        }
        Ok(v["value"].clone())
    }

    fn at(&self, rest: &str) -> String {
        format!("/session/{}{rest}", self.session)
    }

    /// Opens a URL.
    pub fn goto(&self, url: &str) -> Result<(), Failed> {
        self.call("POST", &self.at("/url"), Some(json!({"url": url})))
            .map(drop)
    }

    /// The first element matching a CSS selector.
    pub fn find(&self, css: &str) -> Result<Element, Failed> {
        let v = self.call(
            "POST",
            &self.at("/element"),
            Some(json!({"using": "css selector", "value": css})),
        )?;
        element(&v).ok_or_else(|| format!("no element {css}: {v}").into())
    }

    /// Clicks an element as a user does.
    pub fn click(&self, e: &Element) -> Result<(), Failed> {
        self.call(
            "POST",
            &self.at(&format!("/element/{}/click", e.0)),
            Some(json!({})),
        )
        .map(drop)
    }

    /// Types text into an element.
    pub fn type_into(&self, e: &Element, text: &str) -> Result<(), Failed> {
        self.call(
            "POST",
            &self.at(&format!("/element/{}/value", e.0)),
            Some(json!({"text": text})),
        )
        .map(drop)
    }

    /// An element's rendered text.
    pub fn text(&self, e: &Element) -> Result<String, Failed> {
        let v = self.call("GET", &self.at(&format!("/element/{}/text", e.0)), None)?;
        Ok(v.as_str().unwrap_or_default().to_string())
    }

    /// Runs a script (a function body) and returns its value.
    pub fn js(&self, script: &str) -> Result<Value, Failed> {
        self.call(
            "POST",
            &self.at("/execute/sync"),
            Some(json!({"script": script, "args": []})),
        )
    }

    /// Runs a script that returns an element.
    pub fn js_element(&self, script: &str) -> Result<Element, Failed> {
        let v = self.js(script)?;
        element(&v).ok_or_else(|| format!("the script found no element: {script}").into())
    }

    /// Waits (10 s at most) until a script returns true.
    pub fn wait(&self, what: &str, script: &str) -> Result<(), Failed> {
        let until = Instant::now() + Duration::from_secs(10);
        loop {
            if self.js(script)? == Value::Bool(true) {
                return Ok(());
            }
            if Instant::now() > until {
                let page = self
                    .js("return document.body.innerText.slice(0, 2000)")
                    .unwrap_or_default();
                return Err(format!("waited 10 s for {what}; the page reads: {page}").into());
            }
            std::thread::sleep(Duration::from_millis(50));
        }
    }

    /// Fails when the page opened an alert (a script ran that should not have).
    pub fn no_alert(&self) -> Result<(), Failed> {
        let r = request(self.addr, "GET", &self.at("/alert/text"), &[], None);
        if r.status == 200 {
            return Err(format!("the page opened an alert: {}", r.text()).into());
        }
        Ok(())
    }

    /// Saves a PNG screenshot of the window.
    pub fn screenshot(&self, path: &Path) -> Result<(), Failed> {
        let v = self.call("GET", &self.at("/screenshot"), None)?;
        let png =
            base64_decode(v.as_str().unwrap_or_default()).ok_or("the screenshot is not base64")?;
        std::fs::write(path, png).map_err(|e| format!("{}: {e}", path.display()))?;
        eprintln!("screenshot: {}", path.display());
        Ok(())
    }
}

impl Drop for Browser {
    fn drop(&mut self) {
        if !self.session.is_empty() {
            let _ = request(self.addr, "DELETE", &self.at(""), &[], None);
        }
        let _ = self.driver.kill();
        let _ = self.driver.wait();
    }
}

fn element(v: &Value) -> Option<Element> {
    v[ELEMENT].as_str().map(|s| Element(s.to_string()))
}

/// Standard base64 (RFC 4648), as WebDriver sends screenshots.
fn base64_decode(text: &str) -> Option<Vec<u8>> {
    let value = |c: u8| match c {
        b'A'..=b'Z' => Some(c - b'A'),
        b'a'..=b'z' => Some(c - b'a' + 26),
        b'0'..=b'9' => Some(c - b'0' + 52),
        b'+' => Some(62),
        b'/' => Some(63),
        _ => None,
    };
    let mut out = Vec::with_capacity(text.len() * 3 / 4);
    let mut acc = 0u32;
    let mut bits = 0;
    for &c in text
        .as_bytes()
        .iter()
        .filter(|c| !c.is_ascii_whitespace() && **c != b'=')
    {
        acc = (acc << 6) | u32::from(value(c)?);
        bits += 6;
        if bits >= 8 {
            bits -= 8;
            out.push((acc >> bits) as u8);
        }
    }
    Some(out)
}
