//! Any text as a Markdown description: rendering must not panic or hang, and
//! the HTML must hold no script, event handler or unsafe address — with the
//! sanitiser, and past its size limit, without it (the renderer alone).
#![no_main]

use std::sync::LazyLock;

use libfuzzer_sys::fuzz_target;

// The same suspicious reader the integration tests use.
#[path = "../../tests/common/markup.rs"]
mod markup;

/// A first paragraph long enough to take the HTML past the sanitiser's limit.
static PAST_THE_LIMIT: LazyLock<String> =
    LazyLock::new(|| format!("{}\n\n", "a".repeat(130 * 1024)));

fn check(markdown: &str) {
    let html = hyoka::render::markdown::to_html(markdown);
    let problems = markup::problems_in("markdown", &html);
    assert!(problems.is_empty(), "{markdown:?}\n→ {html}\n{problems:?}");
}

fuzz_target!(|data: &[u8]| {
    let Ok(markdown) = std::str::from_utf8(data) else {
        return;
    };
    check(markdown);
    check(&format!("{}{markdown}", *PAST_THE_LIMIT));
});
