//! Hostile and broken input, interrupted builds and determinism.
//!
//! * Pathological YAML (alias bombs, 10,000-deep nesting, a 50 MB file,
//!   invalid UTF-8, a NUL byte) ends in a clear error, without hanging, and with
//!   bounded memory, through the library and through `hyoka build`.
//! * A build killed at any moment, or failing to write, leaves the previous
//!   output complete; the next build removes what the killed one left behind.
//! * The output is byte-identical whatever the thread count and whatever order
//!   the content files were created in.

// Unix only: the test drives resource limits, signals, FIFOs and permissions.
#![cfg(unix)]

mod common;

use std::collections::BTreeMap;
use std::path::{Path, PathBuf};
use std::process::{Command, Output};
use std::time::{Duration, Instant};

use common::*;
use hyoka::content::Measure;
use hyoka::content::load::read_yaml;
use hyoka::content::parse::{Problem, parse_yaml};

/// A guard against hangs and exponential blow-ups (an alias bomb expanded
/// would take hours), not a speed target: these take well under a second
/// alone, but a debug build on a loaded 2-core machine took 11 s against
/// the former 10 s limit, so the guard leaves room for any CI machine.
const QUICKLY: Duration = Duration::from_secs(60);

/// Memory a pathological build may use (RLIMIT_DATA: heap, thread stacks and
/// other private writable memory). A normal build of a small site uses a few
/// tens of MB; past the limit allocation fails and the process aborts, which
/// these tests report as a failure.
const BOUNDED_MEMORY: u64 = 512 * 1024 * 1024;

// ---------------------------------------------------------------------------
// Helpers

fn fixture(name: &str) -> PathBuf {
    fixtures().join("robustness").join(name)
}

/// Names of the entries of `dir` that hyoka creates beside an output folder while building.
fn staging_leftovers(dir: &Path) -> Vec<String> {
    let mut names: Vec<String> = std::fs::read_dir(dir)
        .unwrap()
        .map(|e| e.unwrap().file_name().to_string_lossy().into_owned())
        .filter(|name| name.starts_with(".output."))
        .collect();
    names.sort();
    names
}

/// The only error of a failed `read_yaml`/`parse_yaml`, as hyoka prints it.
fn only_error<T: std::fmt::Debug>(result: Result<T, hyoka::diagnostic::Diagnostics>) -> String {
    let problems = result.expect_err("must fail").into_sorted();
    assert_eq!(problems.len(), 1, "{problems:?}");
    problems[0].to_string()
}

/// The only problem `parse_yaml` found: (position, field, message).
fn only_problem(problems: Vec<Problem>) -> Problem {
    let [problem] = <[Problem; 1]>::try_from(problems)
        .unwrap_or_else(|problems| panic!("not one problem: {problems:?}"));
    problem
}

/// Runs `f` and checks that it returned within [`QUICKLY`].
fn timed<T>(what: &str, f: impl FnOnce() -> T) -> T {
    let started = Instant::now();
    let result = f();
    assert!(
        started.elapsed() < QUICKLY,
        "{what} took {:?}",
        started.elapsed()
    );
    result
}

/// `hyoka build` in `site` with limited memory and time; returns its output and how long it took.
fn build_bounded(site: &Path) -> (Output, Duration) {
    let mut command = Command::new(env!("CARGO_BIN_EXE_hyoka"));
    command
        .arg("build")
        .current_dir(site)
        .env("RAYON_NUM_THREADS", "4");
    limit_memory(&mut command, BOUNDED_MEMORY);
    run_with_deadline(command, QUICKLY)
}

fn limit_memory(command: &mut Command, bytes: u64) {
    use std::os::unix::process::CommandExt;
    let limit = rustix::process::Rlimit {
        current: Some(bytes),
        maximum: Some(bytes),
    };
    // SAFETY: the closure runs in the child between fork and exec; it only
    // makes one system call (setrlimit), which is async-signal-safe, and
    // allocates nothing.
    unsafe {
        command.pre_exec(move || {
            rustix::process::setrlimit(rustix::process::Resource::Data, limit)
                .map_err(std::io::Error::from)
        });
    }
}

/// Runs `command`, killing it and failing the test if it has not ended after `deadline`.
fn run_with_deadline(mut command: Command, deadline: Duration) -> (Output, Duration) {
    use std::process::Stdio;
    let started = Instant::now();
    let child = command
        .stdout(Stdio::piped())
        .stderr(Stdio::piped())
        .spawn()
        .expect("start hyoka");
    let pid = rustix::process::Pid::from_raw(child.id() as i32).expect("a child has a pid");
    // Collect the output on another thread, so that a child printing a lot
    // never blocks on a full pipe while this one waits.
    let (sender, receiver) = std::sync::mpsc::channel();
    std::thread::spawn(move || sender.send(child.wait_with_output()));
    match receiver.recv_timeout(deadline) {
        Ok(output) => (output.expect("wait for hyoka"), started.elapsed()),
        Err(_) => {
            let _ = rustix::process::kill_process(pid, rustix::process::Signal::KILL);
            panic!("hyoka did not finish within {deadline:?}");
        }
    }
}

/// The minimal site plus `extra` generated measures of three KPIs (charts) each:
/// big enough that a build takes a moment.
fn larger_site(extra: usize) -> tempfile::TempDir {
    let site = site_copy("minimal");
    let mut field = String::from("name: くらし\nmeasures:\n  - bosai\n");
    for i in 0..extra {
        field.push_str(&format!("  - gen-{i:03}\n"));
        let mut measure = format!(
            "name: 生成された施策{i}\nmajor_items:\n  - number: 1\n    title: 大項目{i}\n    kpis:\n"
        );
        for k in 0..3 {
            let base = 100 + i * 7 + k;
            measure.push_str(&format!(
                "      - name: 指標{i}-{k}\n        direction: 増加\n        baseline: {base}人(令和2年度)\n        results:\n          令和3年度: {}人\n          令和4年度: —\n          令和5年度: {}人\n        target: {}人\n        target_year: 令和7年度\n",
                base + 5,
                base + 9,
                base * 2
            ));
        }
        std::fs::write(
            site.path()
                .join(format!("content/measures/gen-{i:03}.yaml")),
            measure,
        )
        .unwrap();
    }
    std::fs::write(site.path().join("content/fields/kurashi.yaml"), field).unwrap();
    site
}

/// A minimal site whose file `relative` is replaced by `bytes`, built once beforehand
/// so that there is a previous output to keep.
fn broken_site(relative: &str, bytes: &[u8]) -> (tempfile::TempDir, BTreeMap<String, Vec<u8>>) {
    let site = site_copy("minimal");
    let before = files_below(&build_ok(site.path()));
    std::fs::write(site.path().join(relative), bytes).unwrap();
    (site, before)
}

/// Builds `site` within bounds and checks that it failed with exactly `expected` on stderr,
/// leaving `before` as the output.
fn assert_build_fails(site: &Path, before: &BTreeMap<String, Vec<u8>>, expected: &str) {
    let (output, took) = build_bounded(site);
    assert_eq!(stderr(&output), expected, "after {took:?}");
    assert_eq!(output.status.code(), Some(1));
    assert!(
        files_below(&site.join("output")) == *before,
        "the previous output must stay as it was"
    );
    assert_eq!(staging_leftovers(site), Vec::<String>::new());
}

// ---------------------------------------------------------------------------
// Pathological YAML through the library

#[test]
fn an_alias_bomb_stops_at_the_node_budget() {
    let text = std::fs::read_to_string(fixture("billion-laughs.yaml")).unwrap();
    // Any shape at all, so that the whole bomb is expanded if nothing stops it.
    let result = timed("the billion laughs", || {
        parse_yaml::<serde_json::Value>(&text)
    });
    let (position, field, message) =
        only_problem(result.expect_err("9^10 strings must not be built"));
    assert_eq!(
        (position.line, field.as_str()),
        (7, "lol5[2][5][6][6][2]"),
        "{message}"
    );
    assert!(
        message.starts_with("the file holds more than 250000 values"),
        "{message}"
    );
}

#[test]
fn an_alias_bomb_is_reported_in_plain_words() {
    let text = std::fs::read_to_string(fixture("billion-laughs.yaml")).unwrap();
    let (_, _, message) = only_problem(parse_yaml::<serde_json::Value>(&text).unwrap_err());
    assert_eq!(
        message,
        "the file holds more than 250000 values (a value reused with an alias *name counts each time it is used); content files hold far fewer"
    );
}

/// 10,000 levels, written compactly: block sequences, flow sequences, flow mappings.
fn deep_documents() -> [(&'static str, String); 3] {
    [
        ("block", format!("{}x\n", "- ".repeat(10_000))),
        (
            "flow sequence",
            format!("{}{}\n", "[".repeat(10_000), "]".repeat(10_000)),
        ),
        (
            "flow mapping",
            format!("{}1{}\n", "{a: ".repeat(10_000), "}".repeat(10_000)),
        ),
    ]
}

#[test]
fn ten_thousand_levels_of_nesting_end_in_an_error() {
    let [(_, block), (_, flow_sequence), (_, flow_mapping)] = deep_documents();
    let message = |text: &str| {
        only_problem(
            timed("deep nesting", || parse_yaml::<serde_json::Value>(text)).expect_err("too deep"),
        )
        .2
    };
    // Block nesting stops at serde-saphyr's depth budget (64), flow nesting at its parser's limit.
    assert_eq!(
        message(&block),
        "the file nests lists and mappings more than 64 levels deep; content files need at most 6"
    );
    assert_eq!(message(&flow_sequence), "recursion limit exceeded");
    assert_eq!(message(&flow_mapping), "recursion limit exceeded");
}

#[test]
fn deep_nesting_is_reported_in_plain_words() {
    let [(_, block), ..] = deep_documents();
    let (_, _, message) = only_problem(parse_yaml::<serde_json::Value>(&block).unwrap_err());
    assert_eq!(
        message,
        "the file nests lists and mappings more than 64 levels deep; content files need at most 6"
    );
}

/// A measure file of about 50 MB: valid YAML, with an enormous description.
fn fifty_megabytes() -> Vec<u8> {
    let mut text = std::fs::read(fixtures().join("minimal/content/measures/bosai.yaml")).unwrap();
    text.extend_from_slice(b"description: ");
    text.extend(std::iter::repeat_n(b'a', 50 * 1024 * 1024));
    text.push(b'\n');
    text
}

#[test]
fn a_50_mb_file_is_refused_before_it_is_parsed() {
    let dir = tempfile::tempdir().unwrap();
    std::fs::write(dir.path().join("huge.yaml"), fifty_megabytes()).unwrap();
    let result = timed("reading 50 MB", || {
        read_yaml::<Measure>(dir.path(), Path::new("huge.yaml"))
    });
    assert_eq!(
        only_error(result),
        "huge.yaml: error: the file is larger than 8 MB; content files are small text files — is this the right file?"
    );
}

#[test]
fn invalid_utf8_is_reported_where_it_starts() {
    let result = read_yaml::<Vec<hyoka::content::Department>>(
        &fixtures().join("robustness"),
        Path::new("shift-jis.yaml"),
    );
    assert_eq!(
        only_error(result),
        "shift-jis.yaml:2:9: error: the file is not valid UTF-8; save it as UTF-8"
    );
}

#[test]
fn a_nul_byte_is_reported_where_it_is() {
    let result = read_yaml::<Vec<hyoka::content::Department>>(
        &fixtures().join("robustness"),
        Path::new("nul-byte.yaml"),
    );
    assert_eq!(
        only_error(result),
        "nul-byte.yaml:2:11: error: [0]: unexpected character: `\\u{0}'"
    );
}

#[test]
fn yaml_cannot_pull_in_files_or_the_environment() {
    // serde-saphyr's !include and ${VAR} features are not enabled: such text
    // stays text, and a tag is reported as one.
    let text = "- id: kikikanri\n  name: ${HOME}\n";
    let departments: Vec<hyoka::content::Department> = parse_yaml(text).unwrap();
    assert_eq!(departments[0].name, "${HOME}");
    let text = "- id: jinji\n  name: !include /etc/passwd\n";
    let problem = only_problem(parse_yaml::<Vec<hyoka::content::Department>>(text).unwrap_err());
    assert_eq!(
        problem.2,
        "`!include /etc/passwd` begins with `!include`, which YAML reads as a tag (a type for the value), not as text, so only `/etc/passwd` would reach the page; to keep it as text, put the whole text in quotes ('…', with each ' inside written '')"
    );
}

// ---------------------------------------------------------------------------
// Pathological YAML through `hyoka build`

#[test]
fn an_alias_bomb_in_a_project_file_fails_the_build_quickly() {
    // Shaped like real content so that every alias is expanded: one anchored
    // row of 1,000 bullets, then 50,000 aliases to it (50 million bullets).
    let bullets = vec!["lol"; 1000].join(", ");
    let mut bomb = format!(
        "name: 防災訓練事業\ndepartment: kikikanri\nrows:\n  - &row {{measure: bosai, major_item: 1, mid_item: 1, fiscal_year: 令和5年度, achievements: [{bullets}]}}\n"
    );
    bomb.push_str(&"  - *row\n".repeat(50_000));
    let (site, before) = broken_site(
        "content/projects/kikikanri/bosai-kunren.yaml",
        bomb.as_bytes(),
    );
    let (output, took) = build_bounded(site.path());
    let errors = stderr(&output);
    assert!(
        errors.starts_with("content/projects/kikikanri/bosai-kunren.yaml:251:5: error: rows[247].achievements: the file holds more than 250000 values"),
        "after {took:?}: {errors}"
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(files_below(&site.path().join("output")) == before);
}

#[test]
fn ten_thousand_levels_of_nesting_fail_the_build_quickly() {
    // Content files are typed, so deep block nesting fails at the first level
    // that expects something else; flow nesting is stopped by the parser first.
    let deep = format!(
        "name: 防災\nmajor_items: {}{}\n",
        "[".repeat(10_000),
        "]".repeat(10_000)
    );
    let (site, before) = broken_site("content/measures/bosai.yaml", deep.as_bytes());
    // The quoted line is cut to the hundred columns around the column.
    let expected = format!(
        "content/measures/bosai.yaml:2:269: error: major_items: recursion limit exceeded\n\
         2 | ...{}...\n  | {:40}^\nerror: 1 problem found\n",
        "[".repeat(94),
        ""
    );
    assert_build_fails(site.path(), &before, &expected);
}

#[test]
fn a_long_line_is_quoted_briefly_in_messages() {
    // "found" quotes what was written; a 20,000-character line must not fill the terminal.
    let deep = format!("name: 防災\nmajor_items:\n{}x\n", "- ".repeat(10_000));
    let (site, before) = broken_site("content/measures/bosai.yaml", deep.as_bytes());
    let expected = format!(
        "content/measures/bosai.yaml:3:3: error: major_items[0]: expected keys with values (lines such as `name: …`), found \"{}…\"\n\
         3 | {}-...\n  |   ^\nerror: 1 problem found\n",
        "- ".repeat(20).trim_end(),
        "- ".repeat(48)
    );
    assert_build_fails(site.path(), &before, &expected);
}

#[test]
fn a_50_mb_content_file_fails_the_build_quickly() {
    let (site, before) = broken_site("content/measures/bosai.yaml", &fifty_megabytes());
    assert_build_fails(
        site.path(),
        &before,
        "content/measures/bosai.yaml: error: the file is larger than 8 MB; content files are small text files — is this the right file?\nerror: 1 problem found\n",
    );
}

/// `hyoka.yaml` and `departments.yaml` are opened by name, not found by
/// walking the folder: a named pipe there used to make the build wait for a
/// writer for ever.
#[test]
fn a_named_pipe_or_a_folder_in_place_of_a_settings_file_fails_the_build_quickly() {
    let (site, before) = broken_site("hyoka.yaml", b"");
    let config = site.path().join("hyoka.yaml");
    std::fs::remove_file(&config).unwrap();
    rustix::fs::mknodat(
        rustix::fs::CWD,
        &config,
        rustix::fs::FileType::Fifo,
        rustix::fs::Mode::from_raw_mode(0o600),
        0,
    )
    .unwrap();
    let departments = site.path().join("content/departments.yaml");
    std::fs::remove_file(&departments).unwrap();
    std::fs::create_dir(&departments).unwrap();
    assert_build_fails(
        site.path(),
        &before,
        "content/departments.yaml: error: cannot read the file: it is a folder, not a file\nhyoka.yaml: error: cannot read the file: it is a named pipe, socket or device, not a file\nerror: 2 problems found\n",
    );
}

#[test]
fn invalid_utf8_and_nul_bytes_fail_the_build_with_their_position() {
    for (fixture_name, expected) in [
        (
            "shift-jis.yaml",
            "content/departments.yaml:2:9: error: the file is not valid UTF-8; save it as UTF-8\nerror: 1 problem found\n",
        ),
        (
            "nul-byte.yaml",
            // The quote shows the NUL as `?`, which a terminal prints.
            "content/departments.yaml:2:11: error: [0]: unexpected character: `\\u{0}'\n\
             2 |   name: 危機?管理課\n  |             ^\nerror: 1 problem found\n",
        ),
    ] {
        let (site, before) = broken_site(
            "content/departments.yaml",
            &std::fs::read(fixture(fixture_name)).unwrap(),
        );
        assert_build_fails(site.path(), &before, expected);
    }
}

/// Deep nesting, long runs of delimiters and of `&`: where Markdown parsers
/// and HTML sanitisers have gone quadratic or overflowed their stack. Each is
/// sized to stay under the sanitiser's limit, so that both layers run.
fn pathological_markdown() -> Vec<(&'static str, String)> {
    vec![
        ("nested quotes", "> ".repeat(100_000)),
        (
            "nested lists",
            (0..1_000)
                .map(|i| format!("{}- a\n", "  ".repeat(i)))
                .collect(),
        ),
        ("list markers", "- ".repeat(50_000)),
        ("brackets", "[".repeat(50_000)),
        ("emphasis", "*a _b ".repeat(10_000)),
        ("less-than signs", "<".repeat(20_000)),
        ("backticks", "`".repeat(50_000)),
        ("table cells", "| a ".repeat(20_000)),
        ("image openers", "![".repeat(20_000)),
        ("ampersands", "&#".repeat(20_000)),
        ("links", "[a](b) ".repeat(5_000)),
        ("comment openers", "<!--".repeat(20_000)),
    ]
}

#[test]
fn pathological_markdown_renders_quickly() {
    for (name, markdown) in pathological_markdown() {
        let html = timed(name, || hyoka::render::markdown::to_html(&markdown));
        // An unclosed comment runs to the end, and comments are left out.
        assert_eq!(html.is_empty(), name == "comment openers", "{name}");
    }
}

#[test]
fn pathological_markdown_builds_quickly() {
    let description: String = pathological_markdown()
        .into_iter()
        .map(|(_, markdown)| markdown + "\n\n")
        .collect();
    let site = site_copy("minimal");
    let measure = site.path().join("content/measures/bosai.yaml");
    let mut text = std::fs::read_to_string(&measure).unwrap();
    text.push_str("description: ");
    text.push_str(&serde_json::to_string(&description).unwrap());
    text.push('\n');
    std::fs::write(&measure, text).unwrap();
    let (output, took) = build_bounded(site.path());
    assert!(
        output.status.success(),
        "after {took:?}: {}",
        stderr(&output)
    );
}

// ---------------------------------------------------------------------------
// Interrupted and failing builds

/// Rewrites the city's name, so that the next build differs in every page.
fn set_city(site: &Path, city: &str) {
    let config = site.join("hyoka.yaml");
    let text = std::fs::read_to_string(&config).unwrap();
    let text: String = text
        .lines()
        .map(|line| {
            if line.starts_with("city:") {
                format!("city: {city}\n")
            } else {
                format!("{line}\n")
            }
        })
        .collect();
    std::fs::write(config, text).unwrap();
}

#[test]
fn a_build_killed_at_any_moment_leaves_one_whole_build() {
    let site = larger_site(300);
    // The two outputs the site can have: with the city A and with the city B.
    let outputs: Vec<BTreeMap<String, Vec<u8>>> = ["架空市", "別の市"]
        .iter()
        .map(|city| {
            set_city(site.path(), city);
            let started = Instant::now();
            let output = hyoka(
                site.path(),
                &["build", "--output", &format!("expected-{city}")],
            );
            assert!(output.status.success(), "{}", stderr(&output));
            eprintln!("a full build takes {:?}", started.elapsed());
            files_below(&site.path().join(format!("expected-{city}")))
        })
        .collect();
    assert!(outputs[0].len() > 600, "{} files", outputs[0].len());
    set_city(site.path(), "架空市");
    let started = Instant::now();
    build_ok(site.path());
    let full = started.elapsed();

    // Kill builds of the other content at moments spread over a whole build.
    let (mut current, mut interrupted) = (0, 0);
    for step in 1..=12u32 {
        set_city(site.path(), ["架空市", "別の市"][1 - current]);
        let delay = full * step / 11;
        let mut child = Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .arg("build")
            .current_dir(site.path())
            .spawn()
            .unwrap();
        std::thread::sleep(delay);
        child.kill().unwrap(); // SIGKILL: no clean-up runs
        child.wait().unwrap();
        let left = staging_leftovers(site.path());
        interrupted += usize::from(!left.is_empty());
        let now = files_below(&site.path().join("output"));
        if now == outputs[1 - current] {
            current = 1 - current; // the build had finished before the kill
        } else {
            assert!(
                now == outputs[current],
                "killed after {delay:?}: the output is neither the previous build nor the new one"
            );
        }
    }
    eprintln!("{interrupted} of 12 kills landed while a build was writing");
    assert!(
        interrupted >= 3,
        "only {interrupted} kills landed while a build was writing; the test proves nothing"
    );

    // The next build finishes the job and removes what the killed ones left behind.
    set_city(site.path(), ["架空市", "別の市"][current]);
    build_ok(site.path());
    assert!(files_below(&site.path().join("output")) == outputs[current]);
    assert_eq!(staging_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_write_error_mid_build_keeps_the_previous_output() {
    // A full disk cannot be made in a test without mounting a file system, so
    // the file size limit (RLIMIT_FSIZE) stands in for it: past 1 block every
    // write fails (EFBIG instead of ENOSPC), exactly where a full disk would.
    // `trap "" XFSZ` makes the kernel report the error instead of killing hyoka.
    let site = site_copy("minimal");
    let before = files_below(&build_ok(site.path()));
    let mut command = Command::new("sh");
    command
        .args([
            "-c",
            "trap '' XFSZ; ulimit -f 1; exec \"$0\" build",
            env!("CARGO_BIN_EXE_hyoka"),
        ])
        .current_dir(site.path());
    let (output, _) = run_with_deadline(command, QUICKLY);
    let errors = stderr(&output);
    // Pages are written in parallel, so which one fails first varies.
    assert!(
        errors.starts_with("error: cannot write ./output/")
            && errors.ends_with(": File too large (os error 27)\n"),
        "{errors}"
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(
        files_below(&site.path().join("output")) == before,
        "the previous output must stay as it was"
    );
    assert_eq!(staging_leftovers(site.path()), Vec::<String>::new());
}

#[test]
fn a_read_only_output_folder_is_a_clear_error_and_keeps_the_previous_output() {
    use std::os::unix::fs::PermissionsExt;
    let site = site_copy("minimal");
    let public = site.path().join("public");
    std::fs::create_dir(&public).unwrap();
    let built = hyoka(site.path(), &["build", "--output", "public/site"]);
    assert!(built.status.success(), "{}", stderr(&built));
    let before = files_below(&public.join("site"));

    // Root ignores permissions, so the build runs as nobody.
    let mut command = hyoka_as_nobody(site.path());
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o555)).unwrap();
    command.args(["build", "--output", "public/site"]);
    let (output, _) = run_with_deadline(command, QUICKLY);
    assert_eq!(
        stderr(&output),
        "error: cannot create a temporary folder in public: Permission denied (os error 13)\n"
    );
    assert_eq!(output.status.code(), Some(1));
    assert!(files_below(&public.join("site")) == before);
    std::fs::set_permissions(&public, std::fs::Permissions::from_mode(0o755)).unwrap();
}

#[test]
fn an_output_path_below_a_file_is_a_clear_error() {
    let site = site_copy("minimal");
    let output = hyoka(site.path(), &["build", "--output", "hyoka.yaml/output"]);
    assert_eq!(
        stderr(&output),
        "error: cannot create hyoka.yaml: it exists and is not a folder\n"
    );
    assert_eq!(output.status.code(), Some(1));
}

#[test]
fn an_output_path_that_is_a_file_is_not_replaced() {
    let site = site_copy("minimal");
    std::fs::write(site.path().join("report.pdf"), "precious").unwrap();
    let output = hyoka(site.path(), &["build", "--output", "report.pdf"]);
    assert_eq!(
        stderr(&output),
        "error: cannot replace report.pdf: it exists and is not a folder; remove it or choose another --output\n"
    );
    assert_eq!(
        std::fs::read_to_string(site.path().join("report.pdf")).unwrap(),
        "precious"
    );
}

// ---------------------------------------------------------------------------
// Determinism

#[test]
fn output_is_identical_with_one_thread_and_with_many() {
    let site = larger_site(40);
    let build_with = |threads: &str, folder: &str| {
        let output = Command::new(env!("CARGO_BIN_EXE_hyoka"))
            .args(["build", "--output", folder])
            .current_dir(site.path())
            .env("RAYON_NUM_THREADS", threads)
            .output()
            .unwrap();
        assert!(output.status.success(), "{}", stderr(&output));
        files_below(&site.path().join(folder))
    };
    let one = build_with("1", "one");
    let many = build_with("8", "many");
    assert!(one.len() > 100, "{} files", one.len());
    assert_eq!(
        one.keys().collect::<Vec<_>>(),
        many.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &one {
        assert!(
            many[path] == *bytes,
            "{path} differs between 1 and 8 threads"
        );
    }
}

/// Copies the files below `from` into `to` in sorted order or in its reverse.
fn copy_tree_in_order(from: &Path, to: &Path, reversed: bool) {
    let mut files: Vec<PathBuf> = walkdir::WalkDir::new(from)
        .into_iter()
        .map(Result::unwrap)
        .filter(|e| e.file_type().is_file())
        .map(|e| e.path().strip_prefix(from).unwrap().to_path_buf())
        .collect();
    files.sort();
    if reversed {
        files.reverse();
    }
    for file in files {
        std::fs::create_dir_all(to.join(&file).parent().unwrap()).unwrap();
        std::fs::copy(from.join(&file), to.join(&file)).unwrap();
    }
}

/// A temporary folder on a file system that lists files in the order they
/// were created (tmpfs), where there is one; ext4 lists them by hash instead.
fn creation_ordered_tempdir() -> tempfile::TempDir {
    let shm = Path::new("/dev/shm");
    if shm.is_dir() {
        tempfile::tempdir_in(shm).unwrap()
    } else {
        tempfile::tempdir().unwrap()
    }
}

#[test]
fn output_is_identical_whatever_order_the_files_were_created_in() {
    let bundled = bundled_copy();
    let (forward, reversed) = (creation_ordered_tempdir(), creation_ordered_tempdir());
    copy_tree_in_order(bundled.path(), forward.path(), false);
    copy_tree_in_order(bundled.path(), reversed.path(), true);
    let listing = |dir: &Path| {
        std::fs::read_dir(dir.join("content/projects"))
            .unwrap()
            .map(|e| e.unwrap().file_name())
            .collect::<Vec<_>>()
    };
    if listing(forward.path()) == listing(reversed.path()) {
        eprintln!(
            "note: this file system lists both copies alike, so only the sorting in hyoka is exercised"
        );
    }
    let first = files_below(&build_ok(forward.path()));
    let second = files_below(&build_ok(reversed.path()));
    assert!(first.len() > 40, "{} files", first.len());
    assert_eq!(
        first.keys().collect::<Vec<_>>(),
        second.keys().collect::<Vec<_>>()
    );
    for (path, bytes) in &first {
        assert!(
            second[path] == *bytes,
            "{path} differs with files created in another order"
        );
    }
}
