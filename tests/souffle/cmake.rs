//! Reads the `CMakeLists.txt` of each category of Soufflé's test suite into the list of tests
//! Soufflé runs and how it runs them (the functions of Soufflé's `cmake/SouffleTests.cmake`):
//! positive or negative, multi-tests with one facts folder per run, the flags that change what
//! a run means (`INCLUDE_DIRS`, `OUTPUT_STDOUT`, `NO_PREPROCESSOR`, `EXTRA_DATA`, `FUNCTORS`).
//!
//! Conditions are evaluated for the build Soufflé's suite is normally run with: Linux, not
//! MSVC, zlib and SQLite on (Soufflé's defaults). A command or condition this reader does not
//! know is an error, not a silently dropped test.

use std::collections::BTreeMap;

/// Whether Soufflé must accept or reject a test's program.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Polarity {
    /// The run must succeed and its outputs must match the expected ones.
    Positive,
    /// The run must fail (`WILL_FAIL` in CMake).
    Negative,
}

/// Which CMake function declared a negative test: the project is measured on the
/// `negative_test` entries; `souffle_run_test(... NEGATIVE)` ones are counted apart.
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum Declared {
    /// `positive_test`, `negative_test`, `positive_output_stdout_test` or the multi and
    /// functor helpers.
    Standard,
    /// `souffle_run_test` or `souffle_run_test_helper` written out in full.
    RunTest,
}

/// Outputs Soufflé's harness checks besides the `.csv` files (`EXTRA_DATA`).
#[derive(Clone, Copy, Debug, PartialEq, Eq)]
pub enum ExtraData {
    /// Every `*.json` of the test folder is compared with the generated one.
    Json,
    /// Generated `*.gz.output` files are decompressed (with `gzip`) and compared as `.csv`.
    Gzip,
    /// Generated `*.sqlite.output` files are dumped (with `sqlite3` and the test's script).
    Sqlite,
}

/// One test as Soufflé's CMake declares it.
#[derive(Clone, Debug)]
pub struct Spec {
    /// `category/name`, e.g. `evaluation/aggregates`.
    pub id: String,
    /// The folder under the suite (`evaluation`, ...).
    pub category: String,
    /// The test's folder name, also the program's stem (`NAME.dl`).
    pub name: String,
    /// Accept or reject.
    pub polarity: Polarity,
    /// Which CMake function declared it.
    pub declared: Declared,
    /// The facts folders, one run each (`["facts"]` except for multi-tests). For multi-tests
    /// the expected outputs are in the facts folder too.
    pub facts_dirs: Vec<String>,
    /// Whether this is a multi-test (expected outputs in each facts folder).
    pub multi: bool,
    /// `-D-`: relations are printed on stdout.
    pub output_stdout: bool,
    /// `--no-preprocessor`.
    pub no_preprocessor: bool,
    /// `-I` folders, relative to the test folder.
    pub include_dirs: Vec<String>,
    /// `FUNCTORS`: Soufflé links a C++ library built by CMake (`-L`).
    pub functors: bool,
    /// Extra outputs to compare.
    pub extra_data: Option<ExtraData>,
}

/// A test folder Soufflé's CMake does not run, with why.
#[derive(Clone, Debug)]
pub struct Disabled {
    /// `category/name`.
    pub id: String,
    /// The comment or condition that disables it.
    pub why: String,
    /// How it would run, where the CMake file says (a commented-out or conditional entry).
    pub spec: Option<Spec>,
}

/// What one `CMakeLists.txt` declares.
#[derive(Debug, Default)]
pub struct Declarations {
    /// The tests it runs.
    pub specs: Vec<Spec>,
    /// The tests it names but does not run (commented out or under a false condition).
    pub disabled: Vec<Disabled>,
}

/// Reads one category's `CMakeLists.txt`.
pub fn read(category: &str, text: &str) -> Result<Declarations, String> {
    let mut out = Declarations::default();
    let mut conditions: Vec<Branch> = Vec::new();
    let mut in_function = false;
    for call in calls(text)? {
        let command = call.command.to_ascii_lowercase();
        let at = |msg: String| format!("{category}/CMakeLists.txt:{}: {msg}", call.line);
        if in_function {
            in_function = command != "endfunction";
            continue;
        }
        match command.as_str() {
            "function" => in_function = true,
            "if" => {
                let taken = condition(&call.args).map_err(at)?;
                conditions.push(Branch {
                    any_taken: taken,
                    now: taken,
                    text: call.args.join(" "),
                });
            }
            "elseif" => {
                let taken = condition(&call.args).map_err(at)?;
                let branch = conditions
                    .last_mut()
                    .ok_or_else(|| at("elseif without if".into()))?;
                branch.now = !branch.any_taken && taken;
                branch.any_taken |= taken;
                branch.text = call.args.join(" ");
            }
            "else" => {
                let branch = conditions
                    .last_mut()
                    .ok_or_else(|| at("else without if".into()))?;
                branch.now = !branch.any_taken;
                branch.text = format!("else of {}", branch.text);
            }
            "endif" => {
                conditions
                    .pop()
                    .ok_or_else(|| at("endif without if".into()))?;
            }
            "include" | "add_subdirectory" => {}
            _ => {
                let spec = test_call(category, &command, &call.args).map_err(at)?;
                match conditions.iter().find(|b| !b.now) {
                    None => out.specs.push(spec),
                    Some(branch) => out.disabled.push(Disabled {
                        id: spec.id.clone(),
                        why: format!("under `if ({})` in CMakeLists.txt", branch.text),
                        spec: Some(spec),
                    }),
                }
            }
        }
    }
    if !conditions.is_empty() {
        return Err(format!("{category}/CMakeLists.txt: unterminated if"));
    }
    for (line, comment) in comments(text) {
        for (function, name) in commented_tests(&comment) {
            let id = format!("{category}/{name}");
            if !out.specs.iter().any(|s| s.id == id) && !out.disabled.iter().any(|d| d.id == id) {
                out.disabled.push(Disabled {
                    id,
                    why: format!(
                        "commented out in CMakeLists.txt line {line}: `{}`",
                        comment.trim()
                    ),
                    spec: test_call(category, function, &[name]).ok(),
                });
            }
        }
    }
    let mut seen = BTreeMap::new();
    for spec in &out.specs {
        if seen.insert(spec.id.clone(), ()).is_some() {
            return Err(format!("{} is declared twice", spec.id));
        }
    }
    Ok(out)
}

/// One `if` level: whether some branch so far was taken and whether the current one is.
struct Branch {
    any_taken: bool,
    now: bool,
    text: String,
}

/// The conditions of Soufflé's test CMake files, for a default Linux build.
fn condition(args: &[String]) -> Result<bool, String> {
    let text = args.join(" ");
    match text.as_str() {
        "FALSE" => Ok(false),
        "TRUE" => Ok(true),
        "NOT MSVC" => Ok(true),
        "MSVC" | "WIN32" => Ok(false),
        "SOUFFLE_USE_ZLIB" | "SOUFFLE_USE_SQLITE" | "OPENMP_FOUND" => Ok(true),
        "NOT ${CMAKE_SYSTEM_NAME} MATCHES Linux" => Ok(false),
        "${CMAKE_SYSTEM_NAME} MATCHES Linux" => Ok(true),
        _ => Err(format!(
            "unknown condition `if ({text})`: teach tests/souffle/cmake.rs how a Linux build evaluates it"
        )),
    }
}

/// Turns one test-declaring call into a spec.
fn test_call(category: &str, command: &str, args: &[String]) -> Result<Spec, String> {
    let positional = |what: &str| {
        args.first()
            .cloned()
            .ok_or_else(|| format!("`{command}` without a {what}"))
    };
    let base = |name: String, polarity: Polarity, declared: Declared| Spec {
        id: format!("{category}/{name}"),
        category: category.to_string(),
        name,
        polarity,
        declared,
        facts_dirs: vec!["facts".into()],
        multi: false,
        output_stdout: false,
        no_preprocessor: false,
        include_dirs: Vec::new(),
        functors: false,
        extra_data: None,
    };
    match command {
        // The category's own wrappers around souffle_positive_test / souffle_negative_test.
        "positive_test" | "souffle_positive_test" => Ok(base(
            positional("name")?,
            Polarity::Positive,
            Declared::Standard,
        )),
        "negative_test" | "souffle_negative_test" => Ok(base(
            positional("name")?,
            Polarity::Negative,
            Declared::Standard,
        )),
        "positive_output_stdout_test" => {
            let mut spec = base(positional("name")?, Polarity::Positive, Declared::Standard);
            spec.output_stdout = true;
            Ok(spec)
        }
        "souffle_positive_functor_test" => {
            let mut spec = base(positional("name")?, Polarity::Positive, Declared::Standard);
            spec.functors = true;
            Ok(spec)
        }
        "souffle_positive_multi_test" => {
            let keyed = keyed(args, &[], &["TEST_NAME", "CATEGORY"], &["FACTS_DIR_NAMES"])?;
            let name = keyed.single("TEST_NAME")?;
            let mut spec = base(name, Polarity::Positive, Declared::Standard);
            spec.facts_dirs = keyed.multi("FACTS_DIR_NAMES");
            spec.multi = true;
            if spec.facts_dirs.is_empty() {
                return Err(format!("{}: no FACTS_DIR_NAMES", spec.id));
            }
            Ok(spec)
        }
        "souffle_run_test" | "souffle_run_test_helper" => {
            let options = [
                "COMPILED",
                "COMPILED_SPLITTED",
                "FUNCTORS",
                "NEGATIVE",
                "POSITIVE",
                "MULTI_TEST",
                "NO_PREPROCESSOR",
                "OUTPUT_STDOUT",
                "DEBUG_REPORT",
            ];
            let singles = ["TEST_NAME", "CATEGORY", "FACTS_DIR_NAME", "EXTRA_DATA"];
            let keyed = keyed(args, &options, &singles, &["INCLUDE_DIRS"])?;
            let polarity = if keyed.has("NEGATIVE") {
                Polarity::Negative
            } else {
                Polarity::Positive
            };
            let mut spec = base(keyed.single("TEST_NAME")?, polarity, Declared::RunTest);
            spec.functors = keyed.has("FUNCTORS");
            spec.no_preprocessor = keyed.has("NO_PREPROCESSOR");
            spec.output_stdout = keyed.has("OUTPUT_STDOUT");
            spec.include_dirs = keyed.multi("INCLUDE_DIRS");
            if let Some(dir) = keyed.singles.get("FACTS_DIR_NAME") {
                spec.facts_dirs = vec![dir.clone()];
                spec.multi = keyed.has("MULTI_TEST");
            }
            spec.extra_data = match keyed.singles.get("EXTRA_DATA").map(String::as_str) {
                None => None,
                Some("json") => Some(ExtraData::Json),
                Some("gzip") => Some(ExtraData::Gzip),
                Some("sqlite3") => Some(ExtraData::Sqlite),
                Some(other) => return Err(format!("{}: unknown EXTRA_DATA {other}", spec.id)),
            };
            Ok(spec)
        }
        _ => Err(format!(
            "unknown command `{command}`: teach tests/souffle/cmake.rs what it runs"
        )),
    }
}

/// The arguments of a `cmake_parse_arguments`-style call.
struct Keyed {
    options: Vec<String>,
    singles: BTreeMap<String, String>,
    multis: BTreeMap<String, Vec<String>>,
}

impl Keyed {
    fn has(&self, option: &str) -> bool {
        self.options.iter().any(|o| o == option)
    }

    fn single(&self, key: &str) -> Result<String, String> {
        self.singles
            .get(key)
            .cloned()
            .ok_or_else(|| format!("no {key}"))
    }

    fn multi(&self, key: &str) -> Vec<String> {
        self.multis.get(key).cloned().unwrap_or_default()
    }
}

/// Splits `args` by keyword as `cmake_parse_arguments` does; words that follow no keyword
/// (`${ARGV}` leftovers) are ignored, as CMake puts them in `UNPARSED_ARGUMENTS`.
fn keyed(
    args: &[String],
    options: &[&str],
    singles: &[&str],
    multis: &[&str],
) -> Result<Keyed, String> {
    let mut out = Keyed {
        options: Vec::new(),
        singles: BTreeMap::new(),
        multis: BTreeMap::new(),
    };
    let mut current_multi: Option<String> = None;
    let mut words = args.iter();
    while let Some(word) = words.next() {
        let w = word.as_str();
        if options.contains(&w) {
            out.options.push(w.to_string());
            current_multi = None;
        } else if singles.contains(&w) {
            let value = words.next().ok_or_else(|| format!("{w} without a value"))?;
            out.singles.insert(w.to_string(), value.clone());
            current_multi = None;
        } else if multis.contains(&w) {
            out.multis.entry(w.to_string()).or_default();
            current_multi = Some(w.to_string());
        } else if let Some(key) = &current_multi {
            out.multis
                .entry(key.clone())
                .or_default()
                .push(w.to_string());
        }
    }
    Ok(out)
}

/// One command invocation `name(args)` and the line it starts on.
struct Call {
    command: String,
    args: Vec<String>,
    line: usize,
}

/// The command invocations of a CMake file, comments removed, arguments split on whitespace
/// with `"..."` kept as one word (quotes dropped).
fn calls(text: &str) -> Result<Vec<Call>, String> {
    let mut out = Vec::new();
    let clean: String = text
        .lines()
        .map(|l| strip_comment(l).to_string() + "\n")
        .collect();
    let mut chars = clean.char_indices().peekable();
    let mut line = 1;
    while let Some((start, c)) = chars.next() {
        if c == '\n' {
            line += 1;
            continue;
        }
        if c.is_whitespace() {
            continue;
        }
        let mut end = start + c.len_utf8();
        while let Some(&(i, c)) = chars.peek() {
            if c.is_alphanumeric() || c == '_' {
                end = i + c.len_utf8();
                chars.next();
            } else {
                break;
            }
        }
        let command = clean[start..end].to_string();
        while let Some(&(_, c)) = chars.peek() {
            if c == ' ' || c == '\t' {
                chars.next();
            } else {
                break;
            }
        }
        if chars.next().map(|(_, c)| c) != Some('(') {
            return Err(format!(
                "CMakeLists.txt:{line}: expected `(` after `{command}`"
            ));
        }
        let call_line = line;
        let mut args = Vec::new();
        let mut word = String::new();
        let mut depth = 0usize;
        let mut quoted = false;
        loop {
            let Some((_, c)) = chars.next() else {
                return Err(format!(
                    "CMakeLists.txt:{call_line}: unterminated `{command}(`"
                ));
            };
            if c == '\n' {
                line += 1;
            }
            match c {
                '"' => quoted = !quoted,
                ')' if !quoted && depth == 0 => break,
                '(' if !quoted => {
                    depth += 1;
                    word.push(c);
                }
                ')' if !quoted => {
                    depth -= 1;
                    word.push(c);
                }
                c if c.is_whitespace() && !quoted => {
                    if !word.is_empty() {
                        args.push(std::mem::take(&mut word));
                    }
                }
                c => word.push(c),
            }
        }
        if !word.is_empty() {
            args.push(word);
        }
        out.push(Call {
            command,
            args,
            line: call_line,
        });
    }
    Ok(out)
}

/// A line without its `#` comment (Soufflé's CMake files put no `#` inside strings).
fn strip_comment(line: &str) -> &str {
    line.split_once('#').map_or(line, |(code, _)| code)
}

/// The comments of a CMake file with their line numbers.
fn comments(text: &str) -> Vec<(usize, String)> {
    text.lines()
        .enumerate()
        .filter_map(|(i, l)| l.split_once('#').map(|(_, c)| (i + 1, c.to_string())))
        .collect()
}

/// The declarations in a comment, `(function, test name)`:
/// `# TODO (see #298) positive_test(math)`.
fn commented_tests(comment: &str) -> Vec<(&'static str, String)> {
    let mut out = Vec::new();
    for function in ["positive_test", "negative_test"] {
        let mut rest = comment;
        let open = format!("{function}(");
        while let Some(at) = rest.find(&open) {
            rest = &rest[at + open.len()..];
            let name: String = rest
                .chars()
                .take_while(|c| c.is_alphanumeric() || *c == '_' || *c == '-')
                .collect();
            if !name.is_empty() {
                out.push((function, name));
            }
        }
    }
    out
}

/// The module's own checks, run as trials of the harness (a `harness = false` target has no
/// `#[test]`).
pub mod tests {
    use super::*;

    const SAMPLE: &str = r#"
include(SouffleTests)
function(POSITIVE_TEST NAME)
    souffle_positive_test(${NAME} demo ${ARGN})
endfunction()
positive_test(alpha)
positive_test(beta COMPILED_SPLITTED)
# TODO (see issue #1) positive_test(gamma)
negative_test(delta)
if (FALSE)
positive_test(epsilon)
endif ()
if (NOT MSVC)
positive_test(zeta)
endif ()
souffle_positive_multi_test(TEST_NAME multi CATEGORY demo FACTS_DIR_NAMES one two)
souffle_run_test(
  TEST_NAME inc
  CATEGORY demo
  INCLUDE_DIRS q1 q2
  NO_PREPROCESSOR
  NEGATIVE
  )
"#;

    /// A self-test.
    pub fn reads_every_kind_of_declaration() {
        let d = read("demo", SAMPLE).expect("sample parses");
        let ids: Vec<&str> = d.specs.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(
            ids,
            [
                "demo/alpha",
                "demo/beta",
                "demo/delta",
                "demo/zeta",
                "demo/multi",
                "demo/inc"
            ]
        );
        let multi = &d.specs[4];
        assert!(multi.multi);
        assert_eq!(multi.facts_dirs, ["one", "two"]);
        let inc = &d.specs[5];
        assert_eq!(inc.polarity, Polarity::Negative);
        assert_eq!(inc.declared, Declared::RunTest);
        assert_eq!(inc.include_dirs, ["q1", "q2"]);
        assert!(inc.no_preprocessor);
        assert_eq!(d.specs[2].polarity, Polarity::Negative);
        assert_eq!(d.specs[2].declared, Declared::Standard);
        let disabled: Vec<&str> = d.disabled.iter().map(|s| s.id.as_str()).collect();
        assert_eq!(disabled, ["demo/epsilon", "demo/gamma"]);
        assert!(d.disabled.iter().all(|x| {
            x.spec
                .as_ref()
                .is_some_and(|s| s.polarity == Polarity::Positive)
        }));
    }

    /// A self-test.
    pub fn an_unknown_condition_is_an_error_not_a_dropped_test() {
        let err = read("demo", "if (SOMETHING_NEW)\npositive_test(a)\nendif()\n")
            .expect_err("unknown condition");
        assert!(err.contains("SOMETHING_NEW"), "{err}");
    }

    /// A self-test.
    pub fn an_unknown_command_is_an_error() {
        let err = read("demo", "souffle_new_kind_of_test(a)\n").expect_err("unknown command");
        assert!(err.contains("souffle_new_kind_of_test"), "{err}");
    }
}
