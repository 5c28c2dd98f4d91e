//! Markdown prose (descriptions, introduction) to HTML that cannot run code.
//!
//! Two independent layers, so that one mistake does not open a hole:
//!
//! 1. While rendering, raw HTML in content becomes visible text, and links or
//!    images may only use web, mail, phone or relative addresses.
//! 2. The rendered HTML then goes through [`ammonia`], a maintained HTML
//!    sanitiser, allowing only the tags and attributes CommonMark produces.
//!    Should a future pulldown-cmark feature or a change to layer 1 let markup
//!    through, the sanitiser still drops scripts, event handlers and unsafe URLs.

use std::collections::{HashMap, HashSet};
use std::sync::LazyLock;

use ammonia::{Builder, UrlRelative};
use pulldown_cmark::{CowStr, Event, HeadingLevel, Options, Parser, Tag, TagEnd, html};
use unicode_width::UnicodeWidthChar;

/// Address schemes a link or image may use; anything else (javascript:, data:, vbscript:, …) is unsafe.
const SAFE_SCHEMES: [&str; 4] = ["http", "https", "mailto", "tel"];

/// The Markdown read: CommonMark with tables and strikethrough.
const OPTIONS: Options = Options::ENABLE_TABLES.union(Options::ENABLE_STRIKETHROUGH);

/// Deepest nesting of elements that keep their markup; deeper ones keep only
/// their text. Descriptions nest a few levels (a list in a quote); the cap
/// keeps sanitising linear, since html5ever, which ammonia builds on, spends
/// time proportional to the depth on every element (20,000 nested quotes,
/// 40 kB of `> `, took seconds).
const MAX_NESTING: usize = 32;

/// Longest rendered HTML that goes through the sanitiser. html5ever, under
/// ammonia, takes time that grows with the square of the number of `&` in one
/// text (`&#` repeated: 768 kB of HTML took 0.3 s in a release build and a
/// minute in a debug build). A description renders to a few kilobytes; a
/// longer one keeps layer 1 only, which is complete on its own.
const MAX_SANITISED_BYTES: usize = 128 * 1024;

/// Renders Markdown to safe HTML.
pub fn to_html(markdown: &str) -> String {
    // For each open element, whether its tags are written; and how many are.
    let mut kept: Vec<bool> = Vec::new();
    let mut open = 0;
    // An HTML comment (`<!-- 要確認 -->`) is left out, as a browser leaves it
    // out, rather than shown as text: for a block, told by its first line.
    let (mut block_starts, mut block_is_comment) = (false, false);
    let is_comment = |raw: &str| raw.trim_start().starts_with("<!--");
    let events = joined_lines(markdown).filter_map(move |event| match event {
        Event::Start(tag) => {
            block_starts = matches!(tag, Tag::HtmlBlock);
            // Once `open` reaches the cap it stays there for every descendant.
            let keep = open < MAX_NESTING;
            kept.push(keep);
            open += usize::from(keep);
            keep.then(|| Event::Start(safe_tag(tag)))
        }
        Event::End(tag) => {
            let keep = kept.pop().unwrap_or(false);
            open -= usize::from(keep);
            let tag = match tag {
                TagEnd::Heading(level) => TagEnd::Heading(below(level)),
                other => other,
            };
            keep.then_some(Event::End(tag))
        }
        // Raw HTML becomes visible text instead of markup.
        Event::Html(raw) => {
            if std::mem::take(&mut block_starts) {
                block_is_comment = is_comment(&raw);
            }
            (!block_is_comment).then_some(Event::Text(raw))
        }
        Event::InlineHtml(raw) => (!is_comment(&raw)).then_some(Event::Text(raw)),
        other => Some(other),
    });
    let mut out = String::with_capacity(markdown.len() * 3 / 2);
    html::push_html(&mut out, events);
    if out.len() > MAX_SANITISED_BYTES {
        return in_scroll_boxes(out);
    }
    in_scroll_boxes(SANITISER.clean(&out).to_string())
}

/// The events of `markdown`, without the line breaks inside a paragraph
/// that fall between two Japanese characters. A browser shows such a break
/// as a space (Chrome does), which Japanese does not put between words: a
/// description written over several lines (`進めます。` then `また、…` on
/// the next) would read 「進めます。 また、…」. Elsewhere (`English` then
/// `words`) the break stays, a space between words. The rule is CSS's for
/// segment breaks, which not every browser applies.
fn joined_lines(markdown: &str) -> impl Iterator<Item = Event<'_>> {
    let events: Vec<Event> = Parser::new_ext(markdown, OPTIONS).collect();
    let wide = |c: Option<char>| c.is_some_and(|c| c.width() == Some(2) && !is_hangul(c));
    let dropped: Vec<bool> = (0..events.len())
        .map(|i| {
            matches!(events[i], Event::SoftBreak)
                && wide(nearest_char(events[..i].iter().rev(), true))
                && wide(nearest_char(&events[i + 1..], false))
        })
        .collect();
    (events.into_iter().zip(dropped)).filter_map(|(event, dropped)| (!dropped).then_some(event))
}

/// The character of the nearest text among `events` (walked from a line
/// break, across the tags of inline markup): that text's last character if
/// `last`, else its first.
fn nearest_char<'e, 'a: 'e>(
    events: impl IntoIterator<Item = &'e Event<'a>>,
    last: bool,
) -> Option<char> {
    events.into_iter().find_map(|event| match event {
        Event::Text(text) | Event::Code(text) => Some(if last {
            text.chars().next_back()
        } else {
            text.chars().next()
        }),
        Event::Start(_) | Event::End(_) => None,
        _ => Some(None),
    })?
}

/// Korean separates words with spaces, so a line break between two Hangul
/// syllables stays one.
fn is_hangul(c: char) -> bool {
    matches!(c, '\u{1100}'..='\u{11ff}' | '\u{3130}'..='\u{318f}' | '\u{ac00}'..='\u{d7af}')
}

/// Opening tag of the box each table of prose is put in: a table wider than a
/// phone scrolls inside it, and the box is a named tab stop so that a keyboard
/// can scroll it (WCAG 2.1.1), as the report's own tables are (the theme's
/// `tables.js` keeps the stop only while the box scrolls).
const SCROLL_BOX: &str = r#"<div class="table-scroll" role="region" aria-label="表" tabindex="0">"#;

/// `html` with each table in a [`SCROLL_BOX`]. After sanitising, since the
/// sanitiser allows no attributes on a `div`; every `<table>` left is a table
/// of the Markdown (raw HTML was turned into text, `&lt;table&gt;`).
fn in_scroll_boxes(html: String) -> String {
    if !html.contains("<table>") {
        return html;
    }
    html.replace("<table>", &format!("{SCROLL_BOX}<table>"))
        .replace("</table>", "</table></div>")
}

/// The heading level under `level`: prose sits under its page's `<h1>` (the
/// measure's, the project's…), so a Markdown `# 見出し` is an `<h2>`, keeping
/// one `<h1>` a page and the outline a screen reader lists.
fn below(level: HeadingLevel) -> HeadingLevel {
    match level {
        HeadingLevel::H1 => HeadingLevel::H2,
        HeadingLevel::H2 => HeadingLevel::H3,
        HeadingLevel::H3 => HeadingLevel::H4,
        HeadingLevel::H4 => HeadingLevel::H5,
        HeadingLevel::H5 | HeadingLevel::H6 => HeadingLevel::H6,
    }
}

/// Links and images with unsafe addresses lead to "#" instead; headings go
/// one level [`below`] the page's.
fn safe_tag(tag: Tag<'_>) -> Tag<'_> {
    match tag {
        Tag::Heading {
            level,
            id,
            classes,
            attrs,
        } => Tag::Heading {
            level: below(level),
            id,
            classes,
            attrs,
        },
        Tag::Link {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Link {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        },
        Tag::Image {
            link_type,
            dest_url,
            title,
            id,
        } => Tag::Image {
            link_type,
            dest_url: safe_url(dest_url),
            title,
            id,
        },
        other => other,
    }
}

/// Keeps http(s), mailto, tel and relative addresses; anything else (javascript:, data:, …) becomes "#".
fn safe_url(url: CowStr<'_>) -> CowStr<'_> {
    if is_safe(&url) {
        url
    } else {
        CowStr::Borrowed("#")
    }
}

/// Whether `url` is an http(s), mailto, tel or relative address.
fn is_safe(url: &str) -> bool {
    // Browsers ignore control characters and whitespace inside a scheme ("java\tscript:"), so we do too.
    let lower: String = url
        .trim()
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let scheme = lower
        .split_once(':')
        .map(|(scheme, _)| scheme)
        .filter(|s| !s.contains(['/', '?', '#']));
    scheme.is_none_or(|scheme| SAFE_SCHEMES.contains(&scheme))
}

/// The addresses of `markdown`'s links and images that [`to_html`] turns
/// into "#", in order: a mistyped `htps://` as much as a `javascript:`.
pub fn unsafe_addresses(markdown: &str) -> Vec<String> {
    Parser::new_ext(markdown, OPTIONS)
        .filter_map(|event| match event {
            Event::Start(Tag::Link { dest_url, .. } | Tag::Image { dest_url, .. })
                if !is_safe(&dest_url) =>
            {
                Some(dest_url.into_string())
            }
            _ => None,
        })
        .collect()
}

/// The sanitiser: exactly the elements and attributes pulldown-cmark writes
/// for CommonMark with tables and strikethrough, nothing else.
static SANITISER: LazyLock<Builder<'static>> = LazyLock::new(|| {
    let tags: HashSet<&str> = [
        "p",
        "h1",
        "h2",
        "h3",
        "h4",
        "h5",
        "h6",
        "blockquote",
        "pre",
        "code",
        "ol",
        "ul",
        "li",
        "em",
        "strong",
        "del",
        "a",
        "img",
        "hr",
        "br",
        "table",
        "thead",
        "tbody",
        "tr",
        "th",
        "td",
    ]
    .into();
    let attributes: HashMap<&str, HashSet<&str>> = [
        ("a", ["href", "title"].into()),
        ("img", ["src", "alt", "title"].into()),
        ("ol", ["start"].into()),
        // Column alignment of tables, e.g. style="text-align: center".
        ("th", ["style"].into()),
        ("td", ["style"].into()),
    ]
    .into();
    let mut builder = Builder::empty();
    builder
        .tags(tags)
        .tag_attributes(attributes)
        .generic_attributes(HashSet::new())
        .url_schemes(SAFE_SCHEMES.into())
        .url_relative(UrlRelative::PassThrough)
        .filter_style_properties(["text-align"].into())
        // Links stay as written; the site links only to itself and to addresses its authors chose.
        .link_rel(None)
        .strip_comments(true);
    builder
});

#[cfg(test)]
mod tests {
    use super::{SANITISER, to_html};

    #[test]
    fn renders_markdown() {
        assert_eq!(
            to_html("**重要**な[お知らせ](https://example.jp/)"),
            "<p><strong>重要</strong>な<a href=\"https://example.jp/\">お知らせ</a></p>\n"
        );
    }

    #[test]
    fn headings_go_below_the_pages_own() {
        assert_eq!(
            to_html("# 大見出し\n\n## 中見出し\n\n###### 小見出し"),
            "<h2>大見出し</h2>\n<h3>中見出し</h3>\n<h6>小見出し</h6>\n"
        );
    }

    #[test]
    fn html_comments_are_left_out_as_a_browser_leaves_them() {
        assert_eq!(
            to_html(
                "本文です。<!-- 要確認 -->続きです。\n\n<!--\n編集者へのメモ\n-->\n\n<b>太字</b>"
            ),
            "<p>本文です。続きです。</p>\n<p>&lt;b&gt;太字&lt;/b&gt;</p>\n"
        );
    }

    #[test]
    fn a_line_break_between_japanese_characters_is_no_space() {
        assert_eq!(
            to_html(
                "行政サービスのデジタル化を、\n全庁で**進めます**。\n**また**、\nAI and RPA\nare used.\nRPAを\n活用"
            ),
            "<p>行政サービスのデジタル化を、全庁で<strong>進めます</strong>。<strong>また</strong>、\nAI and RPA\nare used.\nRPAを活用</p>\n"
        );
    }

    #[test]
    fn raw_html_and_unsafe_links_are_inert() {
        let html = to_html(
            "<script>alert(1)</script>\n\n[x](javascript:alert(1)) [y](JaVaScRiPt:alert(1)) ![z](data:text/html,hi) [ok](../measures/)",
        );
        assert!(!html.contains("<script"), "{html}");
        assert!(html.contains("&lt;script&gt;"), "{html}");
        assert!(!html.to_lowercase().contains("javascript:"), "{html}");
        assert!(!html.contains("data:"), "{html}");
        assert!(html.contains("href=\"../measures/\""), "{html}");
    }

    #[test]
    fn tables_keep_their_alignment_and_nothing_else() {
        let html = to_html("| 年度 | 件数 |\n|:--|--:|\n| 令和5年度 | 3 |\n");
        assert!(
            html.contains("<th style=\"text-align:left\">年度</th>"),
            "{html}"
        );
        assert!(
            html.contains("<td style=\"text-align:right\">3</td>"),
            "{html}"
        );
    }

    #[test]
    fn tables_scroll_in_a_named_box_and_raw_tables_stay_text() {
        let table = "| 年度 | 件数 |\n|--|--|\n| 令和5年度 | 3 |\n";
        let html = to_html(&format!("<table>\n\n{table}"));
        assert_eq!(
            html,
            "&lt;table&gt;\n<div class=\"table-scroll\" role=\"region\" aria-label=\"表\" tabindex=\"0\"><table>\
             <thead><tr><th>年度</th><th>件数</th></tr></thead><tbody>\n<tr><td>令和5年度</td><td>3</td></tr>\n</tbody></table></div>\n"
        );
        // Past the sanitiser's limit too.
        let long = to_html(&format!("{}\n\n{table}", "長い説明。".repeat(10_000)));
        assert!(long.len() > super::MAX_SANITISED_BYTES, "{}", long.len());
        assert!(long.contains(&format!("{}<table>", super::SCROLL_BOX)));
        assert!(
            long.ends_with("</table></div>\n"),
            "{}",
            &long[long.len() - 40..]
        );
    }

    #[test]
    fn lists_code_quotes_and_images_survive_sanitising() {
        let html = to_html(
            "3. 三\n4. 四\n\n> 引用\n\n```rust\nlet x = 1 < 2;\n```\n\n~~取消~~ ![図](chart.svg \"題\")",
        );
        for expected in [
            "<ol start=\"3\">",
            "<blockquote>\n<p>引用</p>\n</blockquote>",
            "<pre><code>let x = 1 &lt; 2;\n</code></pre>",
            "<del>取消</del>",
            "<img src=\"chart.svg\" alt=\"図\" title=\"題\">",
        ] {
            assert!(html.contains(expected), "{expected} missing in {html}");
        }
    }

    #[test]
    fn obfuscated_schemes_are_unsafe_too() {
        for url in [
            "<java\tscript:alert(1)>",
            "&#106;avascript:alert(1)",
            "<\u{1}javascript:alert(1)>",
            "VBScript:msgbox(1)",
            "data:image/svg+xml;base64,PHN2Zz4=",
        ] {
            let html = to_html(&format!("[x]({url}) ![y]({url})"));
            assert!(
                html.contains("<a href=\"#\">x</a>") && html.contains("<img src=\"#\" alt=\"y\">"),
                "{url} → {html}"
            );
        }
    }

    #[test]
    fn the_sanitiser_alone_stops_markup_that_slipped_through() {
        // Layer 2 on its own: what the renderer would have to get wrong for this to matter.
        let dirty = "<p onclick=\"x()\" class=\"a\">t<script>alert(1)</script><iframe src=\"https://e.jp\"></iframe>\
                     <a href=\"javascript:alert(1)\">j</a><img src=\"data:text/html,x\" onerror=\"x()\"><svg><use href=\"#x\"/></svg></p>";
        assert_eq!(SANITISER.clean(dirty).to_string(), "<p>t<a>j</a><img></p>");
    }

    #[test]
    fn deep_nesting_keeps_its_text_and_stays_fast() {
        let started = std::time::Instant::now();
        let html = to_html(&format!("{}深い", "> ".repeat(100_000)));
        assert!(
            started.elapsed() < std::time::Duration::from_secs(5),
            "took {:?}",
            started.elapsed()
        );
        assert_eq!(html.matches("<blockquote>").count(), super::MAX_NESTING);
        assert_eq!(html.matches("</blockquote>").count(), super::MAX_NESTING);
        assert!(html.contains("深い"), "{html}");
    }

    #[test]
    fn a_huge_text_skips_the_sanitiser_but_stays_safe_and_fast() {
        let hostile = "a <script>alert(1)</script> [x](javascript:alert(1)) ![y](data:text/html,z)";
        let huge = format!(
            "{}\n\n{hostile}",
            "&#".repeat(super::MAX_SANITISED_BYTES / 4)
        );
        let started = std::time::Instant::now();
        let html = to_html(&huge);
        assert!(
            started.elapsed() < std::time::Duration::from_secs(2),
            "took {:?}",
            started.elapsed()
        );
        assert!(html.len() > super::MAX_SANITISED_BYTES);
        assert!(html.ends_with("<p>a &lt;script&gt;alert(1)&lt;/script&gt; <a href=\"#\">x</a> <img src=\"#\" alt=\"y\" /></p>\n"), "{}", &html[html.len() - 120..]);
    }
}
