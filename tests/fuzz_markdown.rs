//! Property tests of the Markdown path: for any text, `to_html` returns (no
//! panic, no hang) HTML that holds no script, no event handler and no unsafe
//! address.
//!
//! CI runs the default number of cases (256 per property, a few seconds); for
//! a long run set PROPTEST_CASES, e.g. `PROPTEST_CASES=1000000 cargo test
//! --release --test fuzz_markdown`. The cargo-fuzz target `fuzz/fuzz_targets/
//! markdown.rs` checks the same properties with coverage guidance.

mod common;

use common::markup::problems_in;
use hyoka::render::markdown::to_html;
use proptest::prelude::*;

/// Pieces of Markdown and HTML that make links, images, raw HTML, entities
/// and the ways browsers are tricked into reading `javascript:`.
const PIECES: &[&str] = &[
    "<",
    ">",
    "</",
    "/>",
    "script",
    "SCRIPT",
    "img",
    "a",
    "svg",
    "iframe",
    "style",
    " src=",
    " href=",
    " onerror=",
    " onload=",
    "alert(1)",
    "javascript:",
    "JaVaScRiPt:",
    "java\tscript:",
    "java&#x09;script:",
    "&#106;avascript:",
    "&#x6A;",
    "vbscript:",
    "data:",
    "data:text/html,",
    "file:",
    "http://e.jp/",
    "https://e.jp/",
    "mailto:a@e.jp",
    "../",
    "#",
    "[",
    "]",
    "(",
    ")",
    "](",
    "![",
    "<",
    ">",
    "\"",
    "'",
    "`",
    "```",
    "*",
    "_",
    "~~",
    "|",
    "---",
    "\n",
    "\n\n",
    "    ",
    "> ",
    "- ",
    "1. ",
    "<!--",
    "-->",
    "&",
    "&amp;",
    "&lt;",
    ";",
    ":",
    "=",
    " ",
    "\u{0}",
    "\u{1}",
    "\u{2028}",
    "%09",
    "%0a",
    "\\",
    "[r]: ",
    "<http://e.jp>",
    "<javascript:alert(1)>",
    "<![CDATA[",
    "]]>",
    "<?",
    "?>",
    "<math>",
    "<mi xlink:href=",
    "title",
    "ｊａｖａｓｃｒｉｐｔ：",
    "\u{200b}",
];

/// Text made of [`PIECES`] and a little random text.
fn markdownish() -> impl Strategy<Value = String> {
    let piece = prop_oneof![
        4 => proptest::sample::select(PIECES).prop_map(str::to_string),
        1 => "[a-z0-9 ]{0,6}",
        1 => any::<char>().prop_map(String::from),
    ];
    proptest::collection::vec(piece, 0..80).prop_map(|pieces| pieces.concat())
}

/// The HTML is safe, and raw markup from the text never survives as markup.
fn check(markdown: &str) -> Result<(), TestCaseError> {
    let html = to_html(markdown);
    let problems = problems_in("markdown", &html);
    prop_assert!(problems.is_empty(), "{markdown:?}\n→ {html}\n{problems:?}");
    Ok(())
}

proptest! {
    #[test]
    fn any_text_renders_to_safe_html(markdown in any::<String>()) {
        check(&markdown)?;
    }

    #[test]
    fn markdown_and_html_pieces_render_to_safe_html(markdown in markdownish()) {
        check(&markdown)?;
    }

    #[test]
    fn past_the_sanitiser_limit_the_renderer_alone_is_safe(markdown in markdownish()) {
        // A long first paragraph takes the HTML past the size the sanitiser
        // gets, so this checks the renderer's own layer without ammonia.
        check(&format!("{}\n\n{markdown}", "a".repeat(130 * 1024)))?;
    }

    #[test]
    fn links_to_any_address_are_safe(text in "[a-z]{0,5}", address in markdownish(), title in markdownish()) {
        for markdown in [
            format!("[{text}]({address})"),
            format!("[{text}](<{address}>)"),
            format!("![{text}]({address} \"{title}\")"),
            format!("[{text}][r]\n\n[r]: {address}"),
            format!("<{address}>"),
        ] {
            check(&markdown)?;
        }
    }
}

#[test]
fn the_properties_can_fail() {
    // What `check` rejects, so that a passing run means something.
    for html in [
        "<script>alert(1)</script>",
        "<img src=x onerror=alert(1)>",
        "<a href=\"javascript:alert(1)\">x</a>",
    ] {
        assert!(!problems_in("known bad", html).is_empty(), "{html}");
    }
}
