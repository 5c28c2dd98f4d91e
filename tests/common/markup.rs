//! A suspicious reader of built markup, for the tests that feed hyoka hostile
//! content (`tests/hostile.rs`, `tests/fuzz_markdown.rs`): it reads HTML and
//! SVG as a browser would, but more suspiciously — any `<` followed by a
//! letter starts a tag, wherever it is — and lists everything that could run
//! code or lead to an unsafe address.

/// A start tag as a browser would see it.
#[derive(Debug)]
pub struct Tag {
    pub name: String,
    /// Attribute names (lower case) and values with entities decoded.
    pub attributes: Vec<(String, String)>,
    /// Byte offset just after the tag.
    pub end: usize,
}

/// Every start tag in `markup`. Comments and doctypes are skipped; anything
/// else that starts with `<` and a letter is a tag, even inside `<title>`.
pub fn start_tags(markup: &str) -> Vec<Tag> {
    let bytes = markup.as_bytes();
    let mut tags = Vec::new();
    let mut i = 0;
    while let Some(offset) = markup[i..].find('<') {
        let start = i + offset;
        let rest = &markup[start..];
        if rest.starts_with("<!--") {
            i = start + rest.find("-->").map_or(rest.len(), |end| end + 3);
            continue;
        }
        match bytes.get(start + 1) {
            Some(c) if c.is_ascii_alphabetic() => {
                let tag = read_tag(markup, start + 1);
                i = tag.end;
                tags.push(tag);
            }
            _ => i = start + 1,
        }
    }
    tags
}

/// Reads a tag name and its attributes starting at `at` (just after `<`).
fn read_tag(markup: &str, at: usize) -> Tag {
    let bytes = markup.as_bytes();
    let mut i = at;
    let take_while = |i: &mut usize, keep: &dyn Fn(u8) -> bool| {
        let start = *i;
        while *i < bytes.len() && keep(bytes[*i]) {
            *i += 1;
        }
        markup[start..*i].to_string()
    };
    let name = take_while(&mut i, &|c| {
        !c.is_ascii_whitespace() && c != b'>' && c != b'/'
    })
    .to_ascii_lowercase();
    let mut attributes = Vec::new();
    loop {
        take_while(&mut i, &|c| c.is_ascii_whitespace() || c == b'/');
        if i >= bytes.len() || bytes[i] == b'>' {
            break;
        }
        let key = take_while(&mut i, &|c| {
            !c.is_ascii_whitespace() && c != b'=' && c != b'>' && c != b'/'
        })
        .to_ascii_lowercase();
        take_while(&mut i, &|c| c.is_ascii_whitespace());
        let mut value = String::new();
        if bytes.get(i) == Some(&b'=') {
            i += 1;
            take_while(&mut i, &|c| c.is_ascii_whitespace());
            value = match bytes.get(i) {
                Some(&quote @ (b'"' | b'\'')) => {
                    i += 1;
                    let value = take_while(&mut i, &|c| c != quote);
                    i += 1;
                    value
                }
                _ => take_while(&mut i, &|c| !c.is_ascii_whitespace() && c != b'>'),
            };
        }
        if key.is_empty() {
            i += 1; // a stray character such as a lone '=': skip it as a browser would
        } else {
            attributes.push((key, decode_entities(&value)));
        }
    }
    Tag {
        name,
        attributes,
        end: (i + 1).min(bytes.len()),
    }
}

/// Decodes the character references a browser would decode in an attribute.
pub fn decode_entities(text: &str) -> String {
    let mut out = String::with_capacity(text.len());
    let mut rest = text;
    while let Some(amp) = rest.find('&') {
        out.push_str(&rest[..amp]);
        rest = &rest[amp..];
        let end = rest.find(';').filter(|&end| end <= 10);
        let decoded = end.and_then(|end| {
            let entity = &rest[1..end];
            let code = match entity.strip_prefix('#') {
                Some(hex) if hex.starts_with(['x', 'X']) => u32::from_str_radix(&hex[1..], 16).ok(),
                Some(decimal) => decimal.parse().ok(),
                None => [
                    "amp:38",
                    "lt:60",
                    "gt:62",
                    "quot:34",
                    "apos:39",
                    "colon:58",
                    "tab:9",
                    "newline:10",
                ]
                .iter()
                .find_map(|pair| {
                    pair.split_once(':')
                        .filter(|(name, _)| *name == entity)
                        .and_then(|(_, code)| code.parse().ok())
                }),
            };
            code.and_then(char::from_u32).map(|c| (c, end))
        });
        match decoded {
            Some((c, end)) => {
                out.push(c);
                rest = &rest[end + 1..];
            }
            None => {
                out.push('&');
                rest = &rest[1..];
            }
        }
    }
    out.push_str(rest);
    out
}

/// Whether a browser would follow `url` somewhere other than a web, mail or
/// phone address or a relative path. Browsers drop tabs and newlines anywhere
/// in an address; this drops all whitespace and control characters, to be safe.
/// A scheme is a letter followed by letters, digits, `+`, `-` or `.`; anything
/// else before the first `:` makes the address a relative path.
pub fn is_unsafe_url(url: &str) -> bool {
    let squeezed: String = url
        .chars()
        .filter(|c| !c.is_control() && !c.is_whitespace())
        .collect::<String>()
        .to_ascii_lowercase();
    let Some((scheme, _)) = squeezed.split_once(':') else {
        return false;
    };
    let is_scheme = scheme.starts_with(|c: char| c.is_ascii_alphabetic())
        && scheme
            .chars()
            .all(|c| c.is_ascii_alphanumeric() || matches!(c, '+' | '-' | '.'));
    is_scheme && !matches!(scheme, "http" | "https" | "mailto" | "tel")
}

/// Attributes whose value a browser loads or navigates to.
const URL_ATTRIBUTES: [&str; 12] = [
    "href",
    "src",
    "action",
    "formaction",
    "xlink:href",
    "poster",
    "data",
    "background",
    "ping",
    "cite",
    "srcset",
    "longdesc",
];

/// Elements that run code, load other documents or change how the page is read.
const DANGEROUS_ELEMENTS: [&str; 13] = [
    "iframe",
    "frame",
    "frameset",
    "object",
    "embed",
    "applet",
    "base",
    "style",
    "foreignobject",
    "animate",
    "set",
    "handler",
    "template",
];

/// The theme's own scripts: an empty element loading a file of the site, e.g.
/// `<script src="../assets/search.js" defer></script>`. Anything else is content.
fn is_theme_script(markup: &str, tag: &Tag) -> bool {
    let src = tag
        .attributes
        .iter()
        .find(|(key, _)| key == "src")
        .map(|(_, value)| value.as_str());
    let only_known = tag
        .attributes
        .iter()
        .all(|(key, _)| matches!(key.as_str(), "src" | "defer" | "async"));
    let relative_js =
        src.is_some_and(|src| src.ends_with(".js") && !src.contains(':') && !src.starts_with("//"));
    only_known && relative_js && markup[tag.end..].starts_with("</script>")
}

/// `markup` without its comments, which the tokenizer skips too.
fn without_comments(markup: &str) -> String {
    let mut out = String::with_capacity(markup.len());
    let mut rest = markup;
    while let Some(start) = rest.find("<!--") {
        out.push_str(&rest[..start]);
        rest = rest[start..]
            .find("-->")
            .map_or("", |end| &rest[start + end + 3..]);
    }
    out.push_str(rest);
    out
}

/// Everything wrong with the markup of one file.
pub fn problems_in(path: &str, markup: &str) -> Vec<String> {
    let mut problems = Vec::new();
    let tags = start_tags(markup);
    let scripts = tags.iter().filter(|tag| tag.name == "script").count();
    if without_comments(markup)
        .to_ascii_lowercase()
        .matches("<script")
        .count()
        != scripts
    {
        problems.push(format!(
            "{path}: contains <script outside a tag the checker understood"
        ));
    }
    for tag in tags {
        let at = format!("{path}: <{} {:?}>", tag.name, tag.attributes);
        if tag.name == "script" && !is_theme_script(markup, &tag) {
            problems.push(format!("{at}: script"));
        }
        if DANGEROUS_ELEMENTS.contains(&tag.name.as_str()) {
            problems.push(format!("{at}: dangerous element"));
        }
        if tag.name == "meta" && tag.attributes.iter().any(|(key, _)| key == "http-equiv") {
            problems.push(format!("{at}: meta http-equiv"));
        }
        for (key, value) in &tag.attributes {
            if key.starts_with("on") {
                problems.push(format!("{at}: event handler {key}"));
            }
            if URL_ATTRIBUTES.contains(&key.as_str()) && is_unsafe_url(value) {
                problems.push(format!("{at}: unsafe address in {key}"));
            }
            // The sanitiser writes "text-align:left", pulldown-cmark alone "text-align: left".
            let alignment = value.strip_prefix("text-align:").map(str::trim);
            if key == "style" && !matches!(alignment, Some("left" | "center" | "right")) {
                problems.push(format!("{at}: style from content"));
            }
        }
    }
    problems
}
