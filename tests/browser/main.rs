//! The workbench's page in headless Chromium, driven over WebDriver (chromedriver), as an
//! analyst uses it: the headline query, Russia's proof down to the highlighted sentence, the
//! graph view of russia (expanded, filtered), a bad query marked at its column, an article
//! with its facts, and a hostile entity shown as text. Screenshots go to
//! `target/serve-screenshots/`.
//!
//! A libtest-mimic harness: where Chromium or chromedriver is missing (`.ci/run` installs
//! Debian's `chromium` and `chromium-driver`), each test is listed as ignored in the runner's
//! summary, with the reason on stderr. `FACTLOG_CHROMIUM` and `FACTLOG_CHROMEDRIVER` name
//! other binaries.
#![allow(
    clippy::print_stderr,
    reason = "the harness says on stderr why it skips"
)]

#[path = "../common/hostile.rs"]
mod hostile;
#[path = "../common/serve.rs"]
mod http;
mod webdriver;

use http::{ServeProcess, encode, get};
use libtest_mimic::{Arguments, Failed, Trial};
use std::path::PathBuf;
use webdriver::Browser;

fn repo() -> PathBuf {
    PathBuf::from(env!("CARGO_MANIFEST_DIR"))
}

fn bin() -> PathBuf {
    PathBuf::from(env!("CARGO_BIN_EXE_factlog"))
}

fn shots() -> PathBuf {
    let target = std::env::var_os("CARGO_TARGET_DIR")
        .map(PathBuf::from)
        .unwrap_or_else(|| repo().join("target"));
    let dir = target.join("serve-screenshots");
    let _ = std::fs::create_dir_all(&dir);
    dir
}

/// A scenario run in a fresh browser session.
type Scenario = fn(&Browser) -> Result<(), Failed>;

fn main() {
    let args = Arguments::from_args();
    let tests: [(&str, Scenario); 2] = [
        ("page_headline_query_proof_graph_and_article", headline),
        ("page_shows_a_hostile_entity_as_text", hostile_entity),
    ];
    let missing = webdriver::missing();
    if let Some(why) = &missing {
        eprintln!("note: {why}: the browser tests are listed as ignored");
    }
    let trials = tests
        .into_iter()
        .map(|(name, test)| match &missing {
            Some(_) => Trial::test(name, || Ok(())).with_ignored_flag(true),
            None => Trial::test(name, move || {
                let browser = Browser::start()?;
                test(&browser)
            }),
        })
        .collect();
    libtest_mimic::run(&args, trials).exit();
}

fn check(ok: bool, what: impl Into<String>) -> Result<(), Failed> {
    if ok { Ok(()) } else { Err(what.into().into()) }
}

const HEADLINE: &str = "opposed_without_veto_commitment(S, D)";

fn headline(b: &Browser) -> Result<(), Failed> {
    let kb = repo();
    let corpus = repo().join("../shared/corpus");
    let mut args = vec!["--kb".to_string(), kb.display().to_string()];
    // FACTLOG_BROWSER_NO_SOURCES=1 runs the scenario as where ../shared is missing.
    let at_hand = corpus.is_dir() && std::env::var_os("FACTLOG_BROWSER_NO_SOURCES").is_none();
    if at_hand {
        args.extend(["--sources".to_string(), corpus.display().to_string()]);
    } else {
        eprintln!(
            "note: ../shared/corpus is missing: the page shows the source instead of the sentence"
        );
    }
    let args: Vec<&str> = args.iter().map(String::as_str).collect();
    let s = ServeProcess::start(&bin(), &args);
    let url = format!("http://{}/", s.addr);

    // The headline query, typed and run.
    b.goto(&url)?;
    b.wait(
        "the status line",
        "return !document.getElementById('status').textContent.startsWith('loading')",
    )?;
    let q = b.find("#q")?;
    b.type_into(&q, HEADLINE)?;
    b.click(&b.find("#run")?)?;
    b.wait(
        "five answers",
        "return document.querySelectorAll('#answers tbody tr').length === 5",
    )?;
    let summary = b.text(&b.find("#answers-summary")?)?;
    check(summary.starts_with("5 rows"), format!("summary: {summary}"))?;
    check(
        b.js("return new URLSearchParams(location.search).get('q')")? == HEADLINE,
        "the query is in the address",
    )?;

    // Sorting by a column.
    b.click(&b.find("#answers thead th:nth-child(2)")?)?;
    let first =
        b.js("return document.querySelector('#answers tbody tr td:nth-child(2)').textContent")?;
    check(
        first == "russia_china_draft_2019_12",
        format!("sorted by D: {first}"),
    )?;

    // Russia's answer: its proof, down to Kozyrev's stance and the sentence.
    let russia = b.js_element("return [...document.querySelectorAll('#answers tbody tr')].find(tr => tr.cells[0].textContent === 'russia')")?;
    b.click(&russia)?;
    b.wait(
        "the proof",
        "return document.querySelector('#proof .explanation') !== null",
    )?;
    let proof = b.text(&b.find("#proof")?)?;
    check(
        proof.contains(
            "stance(\"andrei_kozyrev\", \"us_draft_1994_06_15\", \"oppose\", \"1994-06-16\")",
        ),
        "Kozyrev's stance is in the proof",
    )?;
    check(
        proof.contains("curated") && proof.contains("confidence 1.00"),
        "origin and confidence are shown",
    )?;
    check(
        b.js("return location.hash")?
            .as_str()
            .is_some_and(|h| h.starts_with("#why=")),
        "the proof has a link",
    )?;
    let stance_item = "[...document.querySelectorAll('#proof li.base')].find(li => li.querySelector('summary').textContent.includes('stance(\"andrei_kozyrev\"'))";
    if at_hand {
        b.wait("the sentence highlighted", &format!("const li = {stance_item}; return li && li.querySelector('blockquote.sentence mark.span') !== null"))?;
        let mark = b.js(&format!(
            "return {stance_item}.querySelector('blockquote.sentence mark.span').textContent"
        ))?;
        let mark = mark.as_str().unwrap_or_default().to_string();
        check(
            mark.contains("Kozyrev"),
            format!("the highlighted span names Kozyrev: {mark:?}"),
        )?;
        // The mark is exactly the fact's span of the article (code points).
        let src = get(s.addr, "/api/source?id=mt_1994_06_17").json();
        let text: Vec<char> = src["text"].as_str().unwrap_or_default().chars().collect();
        let fact = src["facts"].as_array().and_then(|f| {
            f.iter()
                .find(|f| f["relation"] == "stance" && f["values"][0] == "andrei_kozyrev")
                .cloned()
        });
        let span = fact
            .map(|f| {
                (
                    f["span"][0].as_u64().unwrap_or(0) as usize,
                    f["span"][1].as_u64().unwrap_or(0) as usize,
                )
            })
            .unwrap_or_default();
        let expected: String = text
            .get(span.0..span.1)
            .unwrap_or_default()
            .iter()
            .collect();
        check(
            mark == expected,
            format!("the mark {mark:?} is the span {span:?}"),
        )?;
    } else {
        b.wait(
            "the source shown instead",
            &format!(
                "const li = {stance_item}; return li && li.textContent.includes('not at hand')"
            ),
        )?;
    }
    b.screenshot(&shots().join("proof.png"))?;

    // A bad query: its diagnostic at the column.
    b.js("document.getElementById('q').value = ''")?;
    b.type_into(&q, "stance(S, D")?;
    b.click(&b.find("#run")?)?;
    b.wait(
        "the diagnostic",
        "return document.querySelector('#diagnostics pre.at-column mark.bad') !== null",
    )?;
    let diag = b.text(&b.find("#diagnostics")?)?;
    check(
        diag.contains("E0001") && diag.contains("column 12"),
        format!("diagnostic: {diag}"),
    )?;
    b.screenshot(&shots().join("diagnostics.png"))?;

    // The graph of russia, depth 1: its events; derived edges dashed.
    b.goto(&format!("{url}#entity=russia"))?;
    b.wait(
        "the graph laid out",
        "return document.getElementById('graph').getAttribute('data-state') === 'laid-out'",
    )?;
    let counts = b.js("return [document.querySelectorAll('#graph g.node').length, document.querySelectorAll('#graph g.node.event').length, document.querySelectorAll('#graph line.derived[stroke-dasharray]').length, document.querySelector('#graph g.node[data-id=\"russia\"]') !== null]")?;
    check(
        counts[0].as_u64() > Some(10)
            && counts[1].as_u64() > Some(3)
            && counts[2].as_u64() > Some(0)
            && counts[3] == true,
        format!("graph: {counts}"),
    )?;
    b.screenshot(&shots().join("graph-russia.png"))?;

    // Expand a node; filter a relation away.
    let before = counts[0].as_u64().unwrap_or(0);
    b.js("document.querySelector('#graph g.node[data-id=\"andrei_kozyrev\"]').dispatchEvent(new PointerEvent('pointerdown', {bubbles: true})); window.dispatchEvent(new PointerEvent('pointerup'))")?;
    b.wait(
        "the node's details",
        "return document.querySelector('#graph-details h3') !== null",
    )?;
    let expand = b.js_element("return [...document.querySelectorAll('#graph-details button')].find(x => x.textContent.startsWith('Expand'))")?;
    b.click(&expand)?;
    b.wait(
        "more nodes",
        &format!("return document.querySelectorAll('#graph g.node').length > {before}"),
    )?;
    let stance = b.js_element("return [...document.querySelectorAll('#graph-relations label')].find(l => l.textContent.trim() === 'stance').querySelector('input')")?;
    b.click(&stance)?;
    let left = b.js("return [...document.querySelectorAll('#graph g.node.event title')].filter(t => t.textContent.startsWith('stance(')).length")?;
    check(
        left == 0,
        format!("stance events left after filtering: {left}"),
    )?;

    // The article, every fact on its span.
    b.goto(&format!("{url}#source=mt_1994_06_17"))?;
    if at_hand {
        b.wait(
            "the article's facts marked",
            "return document.querySelectorAll('#article mark.fact').length > 10",
        )?;
        b.screenshot(&shots().join("article.png"))?;
    } else {
        b.wait(
            "the article missing",
            "return document.getElementById('article').textContent.includes('not at hand')",
        )?;
    }
    b.no_alert()
}

fn hostile_entity(b: &Browser) -> Result<(), Failed> {
    let kb = tempfile::tempdir().map_err(|e| e.to_string())?;
    hostile::write(kb.path());
    let s = ServeProcess::start(
        &bin(),
        &[
            "--kb",
            kb.path().to_str().unwrap_or_default(),
            "--allow-edits",
        ],
    );
    let url = format!("http://{}/", s.addr);
    let id = hostile::SCRIPT_ID;
    b.goto(&format!("{url}?q={}", encode("stance(A, P, X, D)")))?;
    b.wait(
        "the answers",
        "return document.querySelectorAll('#answers tbody tr').length === 3",
    )?;
    let cell = b.js("return document.querySelector('#answers tbody td').textContent")?;
    check(cell == id, format!("the id is shown as text: {cell}"))?;
    b.goto(&format!("{url}#entity={}", encode(id)))?;
    b.wait(
        "the graph laid out",
        "return document.getElementById('graph').getAttribute('data-state') === 'laid-out'",
    )?;
    let label = b.js(&format!("return document.querySelector('#graph g.node[data-id=\"' + CSS.escape({}) + '\"] text').textContent", serde_json::json!(id)))?;
    check(
        label == hostile::IMG_NAME,
        format!("the name is shown as text: {label}"),
    )?;
    b.goto(&format!("{url}#source=s1"))?;
    b.wait(
        "the article",
        "return document.querySelectorAll('#article mark.fact').length >= 2",
    )?;
    let article = b.js("return document.getElementById('article').textContent")?;
    let shown = hostile::article_body()
        .replace('\u{202e}', "⟨RLO⟩")
        .replace('\u{202c}', "⟨PDF⟩");
    check(
        article == shown,
        format!("the article is shown as its text, bidi controls visible: {article}"),
    )?;
    let injected = b.js("return [document.querySelectorAll('img, script:not([src]), iframe').length, typeof window.alert === 'function']")?;
    check(
        injected == serde_json::json!([0, true]),
        format!("nothing injected: {injected}"),
    )?;
    // With --allow-edits, an extracted fact can be curated from the article.
    b.click(&b.find("#article mark.fact.extracted")?)?;
    b.wait(
        "the facts at the passage",
        "return document.querySelector('#article-facts li button') !== null",
    )?;
    let buttons = b.js(
        "return [...document.querySelectorAll('#article-facts li button')].map(x => x.textContent)",
    )?;
    check(
        buttons.to_string().contains("Reject"),
        format!("curation buttons: {buttons}"),
    )?;
    b.screenshot(&shots().join("hostile.png"))?;
    // Reject it from the page: the dialog, the token, the file, the reload.
    let reject = b.js_element("return [...document.querySelectorAll('#article-facts li button')].find(x => x.textContent.startsWith('Reject'))")?;
    b.click(&reject)?;
    b.wait(
        "the dialog",
        "return document.getElementById('edit-dialog').open",
    )?;
    b.type_into(&b.find("#edit-note")?, "a test's rejection")?;
    b.screenshot(&shots().join("curate.png"))?;
    b.click(&b.find("#edit-ok")?)?;
    b.wait("the edit written", "return document.getElementById('status').textContent.includes('written to facts/overrides.json')")?;
    let written = std::fs::read_to_string(kb.path().join("facts/overrides.json"))
        .map_err(|e| format!("facts/overrides.json: {e}"))?;
    let doc: serde_json::Value = serde_json::from_str(&written).map_err(|e| e.to_string())?;
    check(
        doc["reject"][0]["args"][0] == id && doc["reject"][0]["note"] == "a test's rejection",
        format!("the rule written: {written}"),
    )?;
    b.wait(
        "the fact gone from the article",
        "return document.querySelectorAll('#article mark.fact.extracted').length === 1",
    )?;
    b.no_alert()
}
