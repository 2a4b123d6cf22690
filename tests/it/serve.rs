//! `factlog serve` over a real socket: the API's answers are the CLI's JSON, bad and hostile
//! requests get JSON errors and never stop the server, nothing is written without
//! `--allow-edits` and the session's token, and Ctrl-C stops it cleanly.

#[path = "../common/hostile.rs"]
mod hostile;
#[path = "../common/serve.rs"]
mod http;

use crate::support::{factlog, repo};
use http::{ServeProcess, encode, get, raw, request};
use serde_json::Value;
use std::io::Write;
use std::net::TcpStream;
use std::time::{Duration, Instant};

fn bin() -> std::path::PathBuf {
    assert_cmd::cargo::cargo_bin("factlog")
}

fn builtin(extra: &[&str]) -> ServeProcess {
    let kb = repo();
    let mut args = vec!["--kb", kb.to_str().expect("UTF-8 path")];
    args.extend_from_slice(extra);
    ServeProcess::start(&bin(), &args)
}

fn hostile_kb() -> tempfile::TempDir {
    let dir = tempfile::tempdir().expect("temp dir");
    hostile::write(dir.path());
    dir
}

fn cli_json(args: &[&str]) -> Value {
    let out = factlog().args(args).output().expect("factlog runs");
    serde_json::from_slice(&out.stdout).expect("the CLI prints JSON")
}

fn error_code(r: &http::HttpResponse) -> String {
    r.json()["error"]["code"]
        .as_str()
        .unwrap_or_else(|| panic!("no error code in {}", r.text()))
        .to_string()
}

const HEADLINE: &str = "opposed_without_veto_commitment(S, D)";

#[test]
fn serve_prints_its_url_serves_and_stops_on_ctrl_c() {
    let mut s = builtin(&[]);
    assert!(
        s.banner.starts_with("factlog serve: http://127.0.0.1:"),
        "{}",
        s.banner
    );
    assert!(s.banner.contains("read-only"));
    let status = get(s.addr, "/api/status");
    assert_eq!(status.status, 200);
    assert_eq!(status.json()["edits"], false);
    let page = get(s.addr, "/");
    assert_eq!(page.status, 200);
    assert!(
        page.text()
            .contains("<script type=\"module\" src=\"/assets/app.js\">")
    );
    let csp = page.header("content-security-policy").expect("a CSP");
    assert!(csp.contains("script-src 'self'") && !csp.contains("unsafe-inline"));
    assert_eq!(page.header("x-content-type-options"), Some("nosniff"));
    let exit = s.interrupt().expect("stops within 20 s of Ctrl-C");
    assert!(exit.success(), "{exit:?}");
}

#[test]
fn query_why_entity_and_relations_answer_the_cli_json() {
    let s = builtin(&[]);
    let q = get(s.addr, &format!("/api/query?q={}", encode(HEADLINE))).json();
    let cli = cli_json(&["query", HEADLINE, "--format", "json"]);
    assert_eq!(q["columns"], cli["columns"]);
    assert_eq!(q["rows"], cli["rows"]);
    assert_eq!(q["total"], 5);
    let russia = q["rows"]
        .as_array()
        .expect("rows")
        .iter()
        .position(|r| r[0] == "russia")
        .expect("russia answers");
    let atom = q["why"][russia][0]
        .as_str()
        .expect("a why atom")
        .to_string();
    assert_eq!(
        atom,
        "opposed_without_veto_commitment(\"russia\", \"us_draft_1994_06_15\")"
    );

    let mut why = get(s.addr, &format!("/api/why?atom={}", encode(&atom))).json();
    assert_eq!(why["warnings"], serde_json::json!([]));
    why.as_object_mut().expect("object").remove("warnings");
    assert_eq!(why, cli_json(&["why", &atom, "--format", "json"]));
    assert_eq!(why["holds"], true);

    let body = "publicly_opposed(S, D), !declined_to_commit(S, D)";
    let page = get(
        s.addr,
        &format!("/api/query?q={}&limit=2&offset=1", encode(body)),
    )
    .json();
    let all = cli_json(&["query", body, "--format", "json"]);
    assert_eq!(page["total"], all["rows"].as_array().expect("rows").len());
    assert_eq!(
        page["rows"].as_array().expect("rows")[..],
        all["rows"].as_array().expect("rows")[1..3]
    );

    let entity = get(s.addr, "/api/entity?id=russia&depth=1").json();
    let export = cli_json(&[
        "export",
        "--format",
        "json",
        "--around",
        "russia",
        "--depth",
        "1",
        "--derived",
    ]);
    assert_eq!(entity["graph"], export);
    assert_eq!(entity["truncated"], false);
    assert!(
        entity["graph"]["nodes"]
            .as_array()
            .expect("nodes")
            .iter()
            .any(|n| n["kind"] == "event")
    );
    let cut = get(s.addr, "/api/entity?id=russia&depth=1&max_nodes=5").json();
    assert_eq!(cut["truncated"], true);
    assert!(cut["graph"]["nodes"].as_array().expect("nodes").len() <= 5);

    let relations = get(s.addr, "/api/relations").json();
    let stats = cli_json(&["stats", "--format", "json"]);
    assert_eq!(relations["relations"], stats["relations"]);
    assert_eq!(relations["origins"], stats["origins"]);
}

#[test]
fn bad_queries_get_the_cli_diagnostics_as_json() {
    let s = builtin(&[]);
    let r = get(s.addr, &format!("/api/query?q={}", encode("stance(S, D")));
    assert_eq!(r.status, 400);
    let d = &r.json()["diagnostics"][0];
    assert_eq!(d["code"], "E0001");
    assert_eq!(
        (d["line"].as_u64(), d["column"].as_u64()),
        (Some(1), Some(12))
    );
    assert!(
        d["rendered"]
            .as_str()
            .expect("rendered")
            .contains("<query>:1:12")
    );

    let r = get(
        s.addr,
        &format!("/api/query?q={}", encode("stance_(S, D, P, X)")),
    );
    assert_eq!(error_code(&r), "E0201");
    assert_eq!(r.json()["diagnostics"][0]["end_column"], 8);
    let r = get(
        s.addr,
        &format!("/api/why?atom={}", encode("stance(\"a\")")),
    );
    assert_eq!(error_code(&r), "E0202");
    assert_eq!(get(s.addr, "/api/query").status, 400);
    assert_eq!(
        error_code(&get(s.addr, "/api/query?q=stance(A,B,C,D)&limit=x")),
        "E0902"
    );
    let huge = "x".repeat(20_000);
    let r = get(s.addr, &format!("/api/query?q={huge}"));
    assert_eq!((r.status, error_code(&r).as_str()), (413, "E0903"));
    // The server is still there.
    assert_eq!(get(s.addr, "/api/status").status, 200);
}

#[test]
fn hostile_requests_get_json_errors_and_never_reach_the_file_system() {
    let s = builtin(&[]);
    for path in [
        "/../../../../etc/passwd",
        "/assets/../Cargo.toml",
        "/assets/%2e%2e/%2e%2e/Cargo.toml",
        "/api/../../facts/background/countries.json",
        "/facts/background/countries.json",
    ] {
        let r = raw(
            s.addr,
            format!(
                "GET {path} HTTP/1.1\r\nHost: {}\r\nConnection: close\r\n\r\n",
                s.addr
            )
            .as_bytes(),
        )
        .expect("an answer");
        assert!(r.status == 404 || r.status == 400, "{path}: {}", r.status);
        assert!(
            !r.text().contains("root:") && !r.text().contains("\"entities\""),
            "{path}"
        );
    }
    let r = get(
        s.addr,
        &format!("/api/source?id={}", encode("../../../../etc/passwd")),
    );
    assert_eq!((r.status, error_code(&r).as_str()), (404, "E0901"));

    // DNS rebinding and other sites' pages.
    let r = request(
        s.addr,
        "GET",
        "/api/status",
        &[("Host", "evil.example:80")],
        None,
    );
    assert_eq!((r.status, error_code(&r).as_str()), (403, "E0906"));
    let r = request(
        s.addr,
        "GET",
        "/api/status",
        &[("Origin", "http://evil.example")],
        None,
    );
    assert_eq!(r.status, 403);
    let r = request(
        s.addr,
        "GET",
        "/api/status",
        &[("Sec-Fetch-Site", "cross-site")],
        None,
    );
    assert_eq!(r.status, 403);
    let own = format!("http://{}", s.addr);
    let r = request(
        s.addr,
        "GET",
        "/api/status",
        &[("Origin", &own), ("Sec-Fetch-Site", "same-origin")],
        None,
    );
    assert_eq!(r.status, 200);

    // Malformed requests and huge bodies.
    let r = raw(s.addr, b"NOT HTTP AT ALL\r\n\r\n").expect("an answer");
    assert_eq!(r.status, 400);
    let body = vec![b'{'; 2_000_000];
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &[("Content-Type", "application/json")],
        Some(&body),
    );
    assert_eq!((r.status, error_code(&r).as_str()), (413, "E0903"));
    let r = request(s.addr, "DELETE", "/api/query", &[], None);
    assert_eq!((r.status, error_code(&r).as_str()), (405, "E0908"));

    // A slow client holds no one up.
    let mut slow = TcpStream::connect(s.addr).expect("connect");
    slow.write_all(b"GET /api/status HTTP/1.1\r\nHo")
        .expect("write");
    let started = Instant::now();
    for _ in 0..5 {
        assert_eq!(get(s.addr, "/api/status").status, 200);
    }
    assert!(started.elapsed() < Duration::from_secs(5));
    drop(slow);
    assert_eq!(get(s.addr, "/api/status").status, 200);
}

#[test]
fn a_hostile_entity_name_comes_back_as_data() {
    let kb = hostile_kb();
    let s = ServeProcess::start(&bin(), &["--kb", kb.path().to_str().expect("UTF-8")]);
    let id = hostile::SCRIPT_ID;
    let e = get(s.addr, &format!("/api/entity?id={}", encode(id)));
    assert_eq!(e.status, 200);
    assert_eq!(e.header("content-type"), Some("application/json"));
    let e = e.json();
    assert_eq!(e["id"], id);
    assert_eq!(e["name"], hostile::IMG_NAME);
    let src = get(s.addr, "/api/source?id=s1").json();
    assert_eq!(src["text"], hostile::article_body());
    assert_eq!(src["outlet"], "The \"Gazette\" <b>bold</b>");
    let facts = src["facts"].as_array().expect("facts");
    assert_eq!(facts.len(), 3);
    assert_eq!(facts[0]["values"][0], id);
    assert_eq!(facts[0]["span"], serde_json::json!([0, 56]));
    let q = get(
        s.addr,
        &format!("/api/query?q={}", encode("stance(A, P, X, D)")),
    )
    .json();
    assert_eq!(q["rows"][0][0], id);
    let why = q["why"][0][0].as_str().expect("an atom");
    assert!(why.contains("\"<script>alert(1)</script>\""), "{why}");
    assert_eq!(
        get(s.addr, &format!("/api/why?atom={}", encode(why))).json()["holds"],
        true
    );
}

fn page_token(addr: std::net::SocketAddr) -> String {
    let page = get(addr, "/").text();
    let marker = "name=\"factlog-token\" content=\"";
    let start = page.find(marker).expect("the token meta tag") + marker.len();
    page[start..start + page[start..].find('"').expect("closing quote")].to_string()
}

#[test]
fn edits_need_allow_edits_and_the_token_and_are_written_atomically() {
    let kb = hostile_kb();
    let path = kb.path().to_str().expect("UTF-8").to_string();
    let overrides = kb.path().join("facts/overrides.json");
    let reject = serde_json::json!({
        "verdict": "reject", "relation": "stance",
        "args": ["ruritania", "d1", "support", "2020-01-01"], "source": "s1", "note": "misread"
    })
    .to_string();
    let json_type = ("Content-Type", "application/json");
    {
        let s = ServeProcess::start(&bin(), &["--kb", &path]);
        assert_eq!(page_token(s.addr), "");
        let r = request(
            s.addr,
            "POST",
            "/api/overrides",
            &[json_type],
            Some(reject.as_bytes()),
        );
        assert_eq!((r.status, error_code(&r).as_str()), (403, "E0907"));
        assert!(
            !overrides.exists(),
            "a read-only server wrote the overrides"
        );
    }
    let s = ServeProcess::start(&bin(), &["--kb", &path, "--allow-edits"]);
    assert!(s.banner.contains("edits allowed"));
    let token = page_token(s.addr);
    assert_eq!(token.len(), 32);
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &[json_type],
        Some(reject.as_bytes()),
    );
    assert_eq!(r.status, 403, "no token");
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &[json_type, ("X-Factlog-Token", "0123")],
        Some(reject.as_bytes()),
    );
    assert_eq!(r.status, 403, "a wrong token");
    let with_token = [json_type, ("X-Factlog-Token", token.as_str())];
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &[("X-Factlog-Token", token.as_str())],
        Some(reject.as_bytes()),
    );
    assert_eq!(r.status, 415, "not JSON");
    assert!(!overrides.exists());

    // A curated fact is never overridden; a rule the loader would refuse is refused.
    let curated = reject
        .replace("support", "will_veto")
        .replace("2020-01-01", "2020-01-03");
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &with_token,
        Some(curated.as_bytes()),
    );
    assert_eq!(r.status, 409);
    let bad = serde_json::json!({"verdict": "correct", "relation": "stance",
        "args": ["ruritania", "d1", "support", "2020-01-01"], "to": ["*", "*", "maybe", "*"]})
    .to_string();
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &with_token,
        Some(bad.as_bytes()),
    );
    assert_eq!((r.status, error_code(&r).as_str()), (400, "E0106"));
    assert!(!overrides.exists());

    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &with_token,
        Some(reject.as_bytes()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    assert_eq!(r.json()["generation"], 2);
    let written: Value =
        serde_json::from_str(&std::fs::read_to_string(&overrides).expect("written")).expect("JSON");
    assert_eq!(written["reject"][0]["args"][2], "support");
    let q = get(
        s.addr,
        &format!("/api/query?q={}", encode("stance(\"ruritania\", P, X, D)")),
    )
    .json();
    assert_eq!(
        q["rows"],
        serde_json::json!([["d1", "will_veto", "2020-01-03"]])
    );

    let correct = serde_json::json!({"verdict": "correct", "relation": "stance",
        "args": [hostile::SCRIPT_ID, "d1", "oppose", "2020-01-01"], "to": ["*", "*", "will_abstain", "*"]}).to_string();
    let r = request(
        s.addr,
        "POST",
        "/api/overrides",
        &with_token,
        Some(correct.as_bytes()),
    );
    assert_eq!(r.status, 200, "{}", r.text());
    let src = get(s.addr, "/api/source?id=s1").json();
    let corrected = src["facts"]
        .as_array()
        .expect("facts")
        .iter()
        .find(|f| f["values"][0] == hostile::SCRIPT_ID)
        .expect("the fact")
        .clone();
    assert_eq!(corrected["values"][2], "will_abstain");
    assert_eq!(corrected["origin"], "curated");
    // The file the server wrote is the one `factlog check` loads.
    let check = assert_cmd::Command::cargo_bin("factlog")
        .expect("bin")
        .args(["check", "--kb", &path])
        .output()
        .expect("runs");
    assert!(
        check.status.success(),
        "{}",
        String::from_utf8_lossy(&check.stderr)
    );
}

#[test]
fn a_request_past_its_deadline_gets_a_json_error_and_the_server_goes_on() {
    let kb = hostile_kb();
    std::fs::write(
        kb.path().join("queries/count.dl"),
        ".decl n(x: number)\nn(0).\nn(x + 1) :- n(x), x < 50000000.\n",
    )
    .expect("write rules");
    let path = kb.path().to_str().expect("UTF-8").to_string();
    let s = ServeProcess::start(&bin(), &["--kb", &path, "--deadline", "300"]);
    // More long requests than workers: each is stopped by the engine at its deadline (E0324),
    // which frees its worker, so a short request after them (one that needs a worker but no
    // evaluation: every query evaluates the user's rules) is answered at once.
    let long = format!("/api/query?q={}", encode("n(X), X > 49999999"));
    let started = Instant::now();
    let handles: Vec<_> = (0..3)
        .map(|_| {
            let (addr, long) = (s.addr, long.clone());
            std::thread::spawn(move || get(addr, &long))
        })
        .collect();
    for h in handles {
        let r = h.join().expect("a response");
        assert_eq!(r.status, 503, "{}", r.text());
        assert!(
            ["E0324", "E0904"].contains(&error_code(&r).as_str()),
            "{}",
            r.text()
        );
    }
    assert!(
        started.elapsed() < Duration::from_secs(5),
        "{:?}",
        started.elapsed()
    );
    let quick = Instant::now();
    let r = get(s.addr, "/api/entity?id=ruritania");
    assert_eq!(r.status, 200, "{}", r.text());
    assert!(
        quick.elapsed() < Duration::from_secs(2),
        "{:?}",
        quick.elapsed()
    );
    let r = get(s.addr, &long);
    assert_eq!((r.status, error_code(&r).as_str()), (503, "E0324"));
    let s2 = ServeProcess::start(&bin(), &["--kb", &path, "--max-tuples", "1000"]);
    let r = get(
        s2.addr,
        &format!("/api/query?q={}", encode("n(X), X > 49999999")),
    );
    assert_eq!((r.status, error_code(&r).as_str()), (400, "E0321"));
}

#[test]
fn the_page_offers_the_repl_history_queries() {
    let home = tempfile::tempdir().expect("temp dir");
    // rustyline's file format: a version line, then one entry a line, newest last.
    std::fs::write(
        home.path().join(".factlog_history"),
        "#V2\n?- stance(A, P, X, D).\nmine(x) :- stance(x, _, _, _).\n?- mine(X).\n?- stance(A, P, X, D).\n",
    )
    .expect("write");
    let kb = repo();
    let s = ServeProcess::start_with_env(
        &bin(),
        &["--kb", kb.to_str().expect("UTF-8")],
        &[("HOME", home.path())],
    );
    let h = get(s.addr, "/api/history").json();
    assert_eq!(
        h["queries"],
        serde_json::json!(["stance(A, P, X, D)", "mine(X)"])
    );
    let none = tempfile::tempdir().expect("temp dir");
    let s = ServeProcess::start_with_env(
        &bin(),
        &["--kb", kb.to_str().expect("UTF-8")],
        &[("HOME", none.path())],
    );
    assert_eq!(
        get(s.addr, "/api/history").json()["queries"],
        serde_json::json!([])
    );
}

#[test]
fn the_built_in_base_is_served_from_any_folder_read_only() {
    let empty = tempfile::tempdir().expect("temp dir");
    let s = ServeProcess::start_in(&bin(), Some(empty.path()), &[], &[("HOME", empty.path())]);
    let status = get(s.addr, "/api/status").json();
    assert_eq!(status["kb"], "the built-in knowledge base");
    let q = get(s.addr, &format!("/api/query?q={}", encode(HEADLINE))).json();
    assert_eq!(q["total"], 5);
    // Edits need a folder to write to.
    let out = assert_cmd::Command::new(bin())
        .current_dir(empty.path())
        .args(["serve", "--port", "0", "--allow-edits"])
        .output()
        .expect("runs");
    assert_eq!(out.status.code(), Some(2));
    assert!(
        String::from_utf8_lossy(&out.stderr).contains("--allow-edits writes facts/overrides.json")
    );
}
