//! HTML character references (`&amp;`, `&#12354;`), decoded where text is read
//! back out of HTML: the search text of rendered pages, the addresses
//! `hyoka check` follows, and the cells of a spreadsheet's HTML export.

use std::borrow::Cow;

/// `text` with its character references decoded. Any other `&` stays as it
/// is ("Fit&Gap", "R&D;").
pub(crate) fn decode_entities(text: &str) -> Cow<'_, str> {
    // memchr's vectorised search: the text of every rendered page passes here.
    if memchr::memchr(b'&', text.as_bytes()).is_none() {
        return Cow::Borrowed(text);
    }
    let mut out = String::with_capacity(text.len());
    let mut copied = 0;
    // Each `&` ends its reference at the first `;` after it. The `;` are
    // walked once for all `&`, so a text of many `&` and no `;` stays linear.
    let mut semicolons = memchr::memchr_iter(b';', text.as_bytes()).peekable();
    for amp in memchr::memchr_iter(b'&', text.as_bytes()) {
        if amp < copied {
            continue;
        }
        while semicolons.next_if(|&semi| semi < amp).is_some() {}
        let Some(&semi) = semicolons.peek() else {
            break;
        };
        if let Some(c) = entity(&text[amp + 1..semi]) {
            out.push_str(&text[copied..amp]);
            out.push(c);
            copied = semi + 1;
        }
    }
    out.push_str(&text[copied..]);
    Cow::Owned(out)
}

/// The character a reference's name (between `&` and `;`) stands for: the
/// named ones Tera, pulldown-cmark and spreadsheet exports write, and any
/// numeric one.
fn entity(name: &str) -> Option<char> {
    let (digits, radix) = match name {
        "amp" => return Some('&'),
        "lt" => return Some('<'),
        "gt" => return Some('>'),
        "quot" => return Some('"'),
        "apos" => return Some('\''),
        "nbsp" => return Some('\u{a0}'),
        _ => match name.strip_prefix('#')? {
            hex if hex.starts_with(['x', 'X']) => (&hex[1..], 16),
            decimal => (decimal, 10),
        },
    };
    // `from_str_radix` would also take a sign ("&#+65;"), which HTML does not.
    if digits.is_empty() || !digits.chars().all(|c| c.is_digit(radix)) {
        return None;
    }
    u32::from_str_radix(digits, radix)
        .ok()
        .filter(|&code| code != 0)
        .and_then(char::from_u32)
}

#[cfg(test)]
mod tests {
    use super::decode_entities;

    #[test]
    fn decodes_named_and_numeric_references() {
        assert_eq!(
            decode_entities(
                "a &amp; b &lt;c&gt; &quot;d&quot; &apos;e&#39; &#x6E2C;&#X5b9A;&nbsp;"
            ),
            "a & b <c> \"d\" 'e' 測定\u{a0}"
        );
    }

    #[test]
    fn leaves_other_ampersands_as_written() {
        for text in [
            "Fit&Gap",
            "R&D; 研究",
            "&unknown;",
            "&#;",
            "&#x;",
            "&#+65;",
            "&#0;",
            "&#xD800;",
            "&#99999999999;",
            "& amp;",
        ] {
            assert_eq!(decode_entities(text), text);
        }
        assert!(matches!(
            decode_entities("防災"),
            std::borrow::Cow::Borrowed(_)
        ));
    }

    #[test]
    fn a_reference_after_a_stray_ampersand_is_still_decoded() {
        assert_eq!(decode_entities("&a&amp;b"), "&a&b");
        assert_eq!(decode_entities("&&&&&amp;"), "&&&&&");
        assert_eq!(decode_entities("x;&amp;"), "x;&");
    }
}
