//! Tests whose subject is a program outside factlog: `man` rendering factlog's man page, and
//! Graphviz `dot` accepting factlog's DOT. A libtest-mimic harness, so that where the program
//! is not installed each of its tests is listed as *ignored* in the runner's own summary (with
//! the reason on stderr), never counted as passed. CI installs both (.ci/run).
#![allow(
    clippy::print_stderr,
    reason = "the harness says on stderr which program is missing"
)]

use assert_cmd::Command;
use libtest_mimic::{Arguments, Failed, Trial};
use std::io::Write;
use std::process::Stdio;

fn main() {
    let args = Arguments::from_args();
    let trials = vec![
        needs(
            "man",
            "man::man_renders_the_man_page",
            man_renders_the_man_page,
        ),
        needs(
            "dot",
            "dot::graphviz_accepts_the_dot_of_the_whole_base",
            graphviz_accepts_the_dot_of_the_whole_base,
        ),
    ];
    libtest_mimic::run(&args, trials).exit();
}

/// Whether `program` runs (`program --version`, or `-V` for Graphviz).
fn installed(program: &str) -> bool {
    let flag = if program == "dot" { "-V" } else { "--version" };
    std::process::Command::new(program)
        .arg(flag)
        .stdout(Stdio::null())
        .stderr(Stdio::null())
        .status()
        .is_ok_and(|s| s.success())
}

/// A trial that needs `program` on PATH: ignored, with a note, where it is not.
fn needs(program: &str, name: &str, test: fn() -> Result<(), Failed>) -> Trial {
    if installed(program) {
        Trial::test(name, test)
    } else {
        eprintln!("note: `{program}` is not installed: {name} is listed as ignored");
        Trial::test(name, || Ok(())).with_ignored_flag(true)
    }
}

/// `factlog …` from an empty folder (the built-in base).
fn factlog(args: &[&str]) -> Result<std::process::Output, Failed> {
    let dir = tempfile::tempdir()?;
    Ok(Command::cargo_bin("factlog")?
        .current_dir(dir.path())
        .args(args)
        .output()?)
}

/// Runs `program args` on `input`; its standard output.
fn pipe(program: &str, args: &[&str], input: &[u8]) -> Result<String, Failed> {
    let mut child = std::process::Command::new(program)
        .args(args)
        .env("MANWIDTH", "80")
        .stdin(Stdio::piped())
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()?;
    child.stdin.take().ok_or("stdin")?.write_all(input)?;
    let out = child.wait_with_output()?;
    let err = String::from_utf8_lossy(&out.stderr);
    if !out.status.success() || !err.trim().is_empty() {
        return Err(format!("{program} failed or warned: {err}").into());
    }
    Ok(String::from_utf8_lossy(&out.stdout).into_owned())
}

fn man_renders_the_man_page() -> Result<(), Failed> {
    // Piped, man marks bold by overstriking (`S\x08S`): read the plain letters.
    let overstrike = regex::Regex::new(".\x08")?;
    for (page, option) in [(&["man"][..], "--color"), (&["man", "query"], "--kb")] {
        let roff = factlog(page)?.stdout;
        let shown = pipe("man", &["-l", "-"], &roff)?;
        let text = overstrike.replace_all(&shown, "").into_owned();
        if !(text.contains("SYNOPSIS") && text.contains(option)) {
            return Err(format!("the page of {page:?} as man shows it:\n{text}").into());
        }
    }
    Ok(())
}

fn graphviz_accepts_the_dot_of_the_whole_base() -> Result<(), Failed> {
    let dot = factlog(&["export", "--format", "dot", "--derived"])?.stdout;
    let svg = pipe("dot", &["-Tsvg"], &dot)?;
    if !svg.contains("<svg") {
        return Err("dot wrote no SVG".into());
    }
    Ok(())
}
