//! What a rendered page contributes to the search index: its `<h1>` and the
//! text of its `<main>`, cut into blocks (paragraphs, list items, cells), and
//! for a table cell's own text the row and column it is in.
//!
//! The pages come from hyoka's own templates, so a small tag scanner is
//! enough; it only has to tell tags from text, skip elements whose text would
//! give false hits, and decode the entities the templates produce.

use std::sync::LazyLock;

use memchr::memmem::Finder;

use crate::html::decode_entities;

/// What the scanner does at an element, by its name.
#[derive(Clone, Copy, PartialEq, Eq)]
enum Element {
    /// Does not separate words. Every other tag ends a block, so the text of
    /// two table cells never runs together into one word.
    Inline,
    /// Its text is left out: charts (their values are in the table beside
    /// them), navigation (a table of contents or a link to the next measure
    /// would make a page match words that belong to other pages) and code.
    Skipped,
    Meta,
    Main,
    H1,
    /// Table rows and cells, and the line break inside a cell: followed to
    /// say which row and column a cell's text is in ([`Cell`]).
    Tr,
    Th,
    Td,
    Br,
    /// A paragraph or a division: left out when it is for paper only
    /// (`class="print-only"`, hidden on screens), as a measure page's
    /// account of how the judgments are made, which screens link to instead:
    /// every measure page would match 達成率 by it, with the same text.
    Container,
    Other,
}

impl Element {
    /// The element named `name`, in any case, in one look-up: comparing
    /// each tag's name with each known one was 1% of a national build.
    fn named(name: &str) -> Element {
        if name.len() > 8 {
            return Element::Other;
        }
        match name_key(name.as_bytes()) {
            A | ABBR | B | CODE | EM | I | MARK | SMALL | SPAN | STRONG | SUB | SUP | WBR => {
                Element::Inline
            }
            SVG | NAV | SCRIPT | STYLE | NOSCRIPT | TEMPLATE => Element::Skipped,
            META => Element::Meta,
            MAIN => Element::Main,
            H1 => Element::H1,
            TR => Element::Tr,
            TH => Element::Th,
            TD => Element::Td,
            BR => Element::Br,
            P | DIV => Element::Container,
            _ => Element::Other,
        }
    }
}

/// A tag name of up to 8 letters and digits (the scanner ends a name at any
/// other byte) as one number, lower case: setting each byte's 0x20 bit
/// lowercases a letter and leaves a digit as it is, and no byte is 0, so
/// different names give different numbers. Matching the number against
/// constants is a few comparisons, where comparing the name with each known
/// one byte by byte was a tenth of taking a page's search text.
const fn name_key(name: &[u8]) -> u64 {
    let mut key = 0;
    let mut i = 0;
    while i < name.len() {
        key = key << 8 | (name[i] | 0x20) as u64;
        i += 1;
    }
    key
}

macro_rules! name_keys {
    ($($key:ident = $name:literal),* $(,)?) => {
        $(const $key: u64 = name_key($name);)*
    };
}

name_keys!(
    A = b"a",
    ABBR = b"abbr",
    B = b"b",
    CODE = b"code",
    EM = b"em",
    I = b"i",
    MARK = b"mark",
    SMALL = b"small",
    SPAN = b"span",
    STRONG = b"strong",
    SUB = b"sub",
    SUP = b"sup",
    WBR = b"wbr",
    SVG = b"svg",
    NAV = b"nav",
    SCRIPT = b"script",
    STYLE = b"style",
    NOSCRIPT = b"noscript",
    TEMPLATE = b"template",
    META = b"meta",
    MAIN = b"main",
    H1 = b"h1",
    TR = b"tr",
    TH = b"th",
    TD = b"td",
    BR = b"br",
    P = b"p",
    DIV = b"div",
);

/// Where a block that is a table cell's own text is: a cell holding only
/// `764時間` says little in a search result until it is shown as the value
/// of its row's KPI in its year's column.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub struct Cell<'a> {
    /// The position among the page's blocks (0 for the first one passed on)
    /// of the first block of the row's header cell, `<th scope="row">`.
    pub row: usize,
    /// The cell's column, as its `data-label` names it (the default theme
    /// writes it on each cell for the phone layout).
    pub column: &'a str,
}

/// What the scanner knows of the table row it is in, in a page `'h`.
#[derive(Default)]
struct Row<'h> {
    /// The position of the first block of the row's header, once passed on.
    header: Option<usize>,
    /// In the row's header, before its first block.
    in_header: bool,
    /// The `data-label` of the `<td>` the scanner is in, as written (its
    /// entities decoded only for a block passed on), while the text is the
    /// cell's own: not in a list or paragraph inside it, whose text (a
    /// bullet) says what it is by itself.
    column: Option<&'h str>,
}

/// Passes each text block of `html`'s `<main>` to `on_block` as it is found,
/// with the row and column of a cell's own text ([`Cell`]), and returns the
/// text of the page's `<h1>`, or `None` for a page marked `noindex`
/// (`<meta name="robots" content="noindex">`: the 404 and search pages;
/// blocks found before the mark, which sits in `<head>`, were passed on).
/// Whitespace is collapsed, and word breaks only occur between blocks.
/// The block is lent, not handed over: at national scale the pages hold
/// millions of blocks, nine in ten of them already in the index, and
/// allocating each was a visible share of the build.
pub fn scan(html: &str, mut on_block: impl FnMut(&str, Option<Cell>)) -> Option<String> {
    let mut title = String::new();
    let mut block = String::new();
    let mut row = Row::default();
    let mut passed = 0;
    let mut end_block = |block: &mut String, row: &mut Row| {
        block.truncate(block.trim_end().len());
        if block.is_empty() {
            return;
        }
        let column = row
            .column
            .filter(|_| row.header.is_some())
            .map(decode_entities);
        let cell = (column.as_deref())
            .zip(row.header)
            .map(|(column, row)| Cell { row, column });
        on_block(block, cell);
        if row.in_header {
            row.header = Some(passed);
            row.in_header = false;
        }
        passed += 1;
        block.clear();
    };
    let (mut in_main, mut in_h1) = (false, false);
    let mut rest = html;
    while !rest.is_empty() {
        let start = memchr::memchr(b'<', rest.as_bytes()).unwrap_or(rest.len());
        if in_main {
            let text = decode_entities(&rest[..start]);
            push_collapsed(&mut block, &text);
            if in_h1 {
                push_collapsed(&mut title, &text);
            }
        }
        rest = &rest[start..];
        if let Some(comment) = rest.strip_prefix("<!--") {
            rest = comment.find("-->").map_or("", |end| &comment[end + 3..]);
            continue;
        }
        let Some(end) = memchr::memchr(b'>', rest.as_bytes()) else {
            break;
        };
        let tag = &rest[1..end];
        rest = &rest[end + 1..];
        let closing = tag.starts_with('/');
        let self_closing = tag.ends_with('/');
        let tag_body = tag.trim_start_matches('/');
        let name_len = tag_body
            .bytes()
            .position(|b| !b.is_ascii_alphanumeric())
            .unwrap_or(tag_body.len());
        let name = &tag_body[..name_len];
        let element = Element::named(name);
        if in_main && element != Element::Inline {
            end_block(&mut block, &mut row);
        }
        match element {
            Element::Meta if is_noindex(tag) => return None,
            Element::Main if closing => break, // nothing after <main> is searched
            Element::Main => in_main = true,
            Element::H1 => in_h1 = !closing,
            Element::Skipped if in_main && !closing && !self_closing => {
                rest = after_element(rest, name);
            }
            Element::Container if in_main && !closing && !self_closing && is_print_only(tag) => {
                rest = after_element(rest, name);
            }
            Element::Tr => row = Row::default(),
            Element::Th => row.in_header = !closing && tag.contains("scope=\"row\""),
            Element::Td => row.column = (!closing).then(|| data_label(tag)).flatten(),
            Element::Br | Element::Inline => {}
            _ if !closing => row.column = None,
            _ => {}
        }
    }
    end_block(&mut block, &mut row);
    title.truncate(title.trim_end().len());
    Some(title)
}

/// What follows the end of the element named `name` whose start tag ends just
/// before `rest`, skipping same-named elements nested in it. Jumping straight to
/// the end tag matters: inline SVG charts are most of a measure page's bytes.
/// (The searches are memchr's vectorised ones: a measure page's charts are
/// 220 MB at national scale.)
fn after_element<'a>(mut rest: &'a str, name: &str) -> &'a str {
    // Building a searcher costs as much as a search through a chart, so the
    // usual ones are built once.
    static SVG: LazyLock<[Finder<'static>; 2]> =
        LazyLock::new(|| [Finder::new("<svg"), Finder::new("</svg")]);
    let made;
    let [open, close] = match name {
        "svg" => &*SVG,
        _ => {
            made = [
                Finder::new(&format!("<{name}")).into_owned(),
                Finder::new(&format!("</{name}")).into_owned(),
            ];
            &made
        }
    };
    let mut depth = 1;
    while let Some(end) = close.find(rest.as_bytes()) {
        let inside = &rest.as_bytes()[..end];
        depth += open
            .find_iter(inside)
            .filter(|at| {
                !inside
                    .get(at + open.needle().len())
                    .is_some_and(u8::is_ascii_alphanumeric)
            })
            .count();
        depth -= 1;
        rest = memchr::memchr(b'>', &rest.as_bytes()[end..]).map_or("", |gt| &rest[end + gt + 1..]);
        if depth == 0 {
            return rest;
        }
    }
    ""
}

/// Appends `text` with every run of whitespace as one space, and none at the start.
/// Works on bytes: page text is mostly Japanese, and decoding every character
/// to ask whether it is a space made this a tenth of the build.
fn push_collapsed(out: &mut String, text: &str) {
    let bytes = text.as_bytes();
    // Between two tags there is mostly nothing or a template's line break and indent.
    if bytes.iter().all(u8::is_ascii_whitespace) {
        if !bytes.is_empty() && !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        return;
    }
    // Most text between tags is a sentence without any space: copied whole
    // after one pass the compiler vectorises. (Kana start with the same byte
    // as the ideographic space, so the loop below would stop at every one.)
    if !may_hold_space(bytes) {
        out.push_str(text);
        return;
    }
    let (mut word_start, mut at) = (0, 0);
    while at < bytes.len() {
        // Most bytes cannot start a space: skip them with one table look-up each.
        if !MAY_START_SPACE[usize::from(bytes[at])] {
            at += 1;
            continue;
        }
        let space = whitespace_len(&bytes[at..]);
        if space == 0 {
            at += 1;
            continue;
        }
        out.push_str(&text[word_start..at]);
        at += space;
        while let len @ 1.. = whitespace_len(&bytes[at..]) {
            at += len;
        }
        if !out.is_empty() && !out.ends_with(' ') {
            out.push(' ');
        }
        word_start = at;
    }
    out.push_str(&text[word_start..]);
}

/// Whether `bytes` may hold a character [`whitespace_len`] knows: a control
/// or space byte, a lead byte of the two- and three-byte spaces other than
/// the ideographic one, or the ideographic space itself.
fn may_hold_space(bytes: &[u8]) -> bool {
    any_byte(bytes, |b| b <= b' ' || b == 0xC2 || b == 0xE1 || b == 0xE2)
        || IDEOGRAPHIC_SPACE.find(bytes).is_some()
}

/// Whether any of `bytes` is one `wanted` picks. Chunks are folded without an
/// early exit, which lets the compiler compare many bytes at once: the text
/// of a national report's pages passes through here.
pub(super) fn any_byte(bytes: &[u8], wanted: impl Fn(u8) -> bool) -> bool {
    bytes
        .chunks(64)
        .any(|chunk| chunk.iter().fold(false, |seen, &b| seen | wanted(b)))
}

/// U+3000, searched for in every run of text: a searcher built once.
static IDEOGRAPHIC_SPACE: LazyLock<Finder<'static>> =
    LazyLock::new(|| Finder::new("\u{3000}".as_bytes()));

/// The first bytes of the characters [`whitespace_len`] knows. Never a
/// continuation byte, so stepping over other bytes one at a time is safe.
const MAY_START_SPACE: [bool; 256] = {
    let mut table = [false; 256];
    let starts = [
        b'\t', b'\n', 0x0B, 0x0C, b'\r', b' ', 0xC2, 0xE1, 0xE2, 0xE3,
    ];
    let mut i = 0;
    while i < starts.len() {
        table[starts[i] as usize] = true;
        i += 1;
    }
    table
};

/// The length in bytes of the whitespace character (`char::is_whitespace`)
/// at the start of `bytes`, or 0 if it starts with anything else.
fn whitespace_len(bytes: &[u8]) -> usize {
    match bytes {
        [b'\t'..=b'\r' | b' ', ..] => 1,
        [0xC2, 0x85 | 0xA0, ..] => 2,
        [0xE1, 0x9A, 0x80, ..]
        | [0xE2, 0x80, 0x80..=0x8A | 0xA8 | 0xA9 | 0xAF, ..]
        | [0xE2, 0x81, 0x9F, ..]
        | [0xE3, 0x80, 0x80, ..] => 3,
        _ => 0,
    }
}

/// The value of the attribute that `name` (` data-label="`) finds in the
/// start tag `tag`, as the templates write attributes: after a space, in
/// double quotes. A national report's pages have millions of cells and
/// paragraphs: each searcher is built once.
fn attribute<'t>(tag: &'t str, name: &Finder) -> Option<&'t str> {
    let at = name.find(tag.as_bytes())? + name.needle().len();
    tag[at..].split_once('"').map(|(value, _)| value)
}

/// The `data-label` of the cell `tag` (`td class="value" data-label="…"`).
fn data_label(tag: &str) -> Option<&str> {
    static DATA_LABEL: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" data-label=\""));
    attribute(tag, &DATA_LABEL)
}

/// Whether the start tag `tag` has the class `print-only`.
fn is_print_only(tag: &str) -> bool {
    static CLASS: LazyLock<Finder<'static>> = LazyLock::new(|| Finder::new(" class=\""));
    attribute(tag, &CLASS).is_some_and(|classes| {
        classes
            .split_ascii_whitespace()
            .any(|class| class == "print-only")
    })
}

/// A `<meta name="robots">` tag whose content includes `noindex`.
fn is_noindex(tag: &str) -> bool {
    let tag = tag.to_ascii_lowercase();
    (tag.contains("name=\"robots\"") || tag.contains("name=robots")) && tag.contains("noindex")
}

#[cfg(test)]
mod tests {
    use super::*;

    /// What [`scan`] finds on one page.
    #[derive(Debug, PartialEq, Eq)]
    struct Document {
        title: String,
        blocks: Vec<String>,
    }

    fn extract(html: &str) -> Option<Document> {
        let mut blocks = Vec::new();
        let title = scan(html, |block, _| blocks.push(block.to_string()))?;
        Some(Document { title, blocks })
    }

    fn text(document: &Document) -> String {
        document.blocks.join(" ")
    }

    fn page(head: &str, body: &str) -> String {
        format!(
            "<!DOCTYPE html><html lang=\"ja\"><head><title>t</title>{head}</head><body><header><p>サイト名</p></header><main id=\"main\">{body}</main><footer>フッター</footer></body></html>"
        )
    }

    #[test]
    fn takes_the_h1_and_the_text_of_main_only() {
        let html = page(
            "",
            "<h1><span class=\"label\">施策</span> デジタル化</h1><p>RPAを<a href=\"x\">導入</a>した。</p>",
        );
        let doc = extract(&html).unwrap();
        assert_eq!(doc.title, "施策 デジタル化");
        assert_eq!(text(&doc), "施策 デジタル化 RPAを導入した。");
    }

    #[test]
    fn table_cells_do_not_run_together_and_inline_tags_do_not_split_words() {
        let html = page(
            "",
            "<table><tr><th>サイ</th><td>バー</td></tr></table><p>マイナン<strong>バー</strong>カード</p>",
        );
        let doc = extract(&html).unwrap();
        assert_eq!(doc.blocks, ["サイ", "バー", "マイナンバーカード"]);
    }

    #[test]
    fn a_cells_own_text_is_given_its_row_header_and_column() {
        let body = "<table><thead><tr><th scope=\"col\">KPI</th><th>令和5年度 結果</th><th>目標値</th><th>取組</th></tr></thead><tbody>\
                    <tr><th scope=\"row\">RPAの<span>職員数</span>【★】</th><td data-label=\"令和5年度（2023年度） 結果\">28人</td>\
                    <td class=\"value\" data-label=\"目標値 &amp; 年度\">25人<br><span>令和7年度</span></td>\
                    <td data-label=\"取組\">直接<ul><li>箇条</li></ul></td></tr>\
                    <tr><td data-label=\"見出しのない行\">1件</td></tr></tbody></table>\
                    <p>表の後</p>";
        let mut found = Vec::new();
        scan(&page("", body), |block, cell| {
            found.push((
                block.to_string(),
                cell.map(|c| (c.row, c.column.to_string())),
            ))
        })
        .unwrap();
        let cell = |row: usize, column: &str| Some((row, column.to_string()));
        assert_eq!(
            found,
            [
                ("KPI".to_string(), None),
                ("令和5年度 結果".to_string(), None),
                ("目標値".to_string(), None),
                ("取組".to_string(), None),
                ("RPAの職員数【★】".to_string(), None),
                ("28人".to_string(), cell(4, "令和5年度（2023年度） 結果")),
                ("25人".to_string(), cell(4, "目標値 & 年度")),
                ("令和7年度".to_string(), cell(4, "目標値 & 年度")),
                ("直接".to_string(), cell(4, "取組")),
                // A bullet says what it is by itself.
                ("箇条".to_string(), None),
                ("1件".to_string(), None),
                ("表の後".to_string(), None),
            ]
        );
        assert_eq!(data_label(r#"td class="a" data-label="b""#), Some("b"));
        assert_eq!(data_label(r#"td x-data-label="b""#), None);
    }

    #[test]
    fn leaves_out_charts_navigation_and_nested_skipped_elements() {
        let body = "<nav class=\"toc\"><ol><li><a href=\"#a\">目次の項目</a></li><nav>入れ子</nav><li>続き</li></ol></nav>\
                    <figure><svg role=\"img\"><title>グラフ</title><g><text>1,338</text></g></svg><figcaption>図の説明</figcaption></figure>\
                    <script>var x = \"<b>\";</script><p>本文</p><img src=\"a.png\" alt=\"\"/>";
        let doc = extract(&page("", body)).unwrap();
        assert_eq!(text(&doc), "図の説明 本文");
    }

    #[test]
    fn leaves_out_what_is_for_paper_only() {
        let body = "<p class=\"meta screen-only\"><a href=\"#m\">判定の方法</a></p>\
                    <p class=\"meta print-only\">判定の方法：達成率で判定</p>\
                    <div class=\"print-only\"><div>入れ子</div><p>紙だけ</p></div>\
                    <p class=\"not-print-only\">画面の本文</p><div class=\"print-only\"/><div>区切り</div>";
        let doc = extract(&page("", body)).unwrap();
        assert_eq!(text(&doc), "判定の方法 画面の本文 区切り");
    }

    #[test]
    fn collapses_exactly_the_characters_rust_calls_whitespace() {
        for c in (0..=0x10FFFF).filter_map(char::from_u32) {
            let text = format!("a{c}{c}b");
            let mut out = String::new();
            push_collapsed(&mut out, &text);
            let expected = if c.is_whitespace() {
                "a b".to_string()
            } else {
                text
            };
            assert_eq!(out, expected, "U+{:04X}", c as u32);
        }
        let mut out = String::from("前");
        push_collapsed(&mut out, " \u{3000}後\n");
        assert_eq!(out, "前 後 ");
    }

    #[test]
    fn tag_names_are_known_in_any_case() {
        let doc = extract(&page(
            "",
            "<P>前<SPAN>後</SPAN></P><SVG><text>1,338</text></SVG><blockquote>引用</blockquote><Nav>目次</Nav>",
        ))
        .unwrap();
        assert_eq!(doc.blocks, ["前後", "引用"]);
    }

    #[test]
    fn decodes_entities() {
        let doc = extract(&page(
            "",
            "<p>A&amp;B &lt;C&gt; &quot;D&quot; &#x27;E&#39; &#x2F; &#12354; &unknown; & F</p>",
        ))
        .unwrap();
        assert_eq!(text(&doc), "A&B <C> \"D\" 'E' / あ &unknown; & F");
    }

    #[test]
    fn pages_marked_noindex_are_left_out() {
        assert_eq!(
            extract(&page(
                "<meta name=\"robots\" content=\"noindex\">",
                "<h1>検索</h1>"
            )),
            None
        );
        assert!(
            extract(&page(
                "<meta name=\"description\" content=\"noindex\">",
                "<h1>説明</h1>"
            ))
            .is_some()
        );
    }

    #[test]
    fn ignores_comments() {
        let doc = extract(&page("", "<p>前<!-- <main> 注釈 --></p><p>後</p>")).unwrap();
        assert_eq!(text(&doc), "前 後");
    }
}
