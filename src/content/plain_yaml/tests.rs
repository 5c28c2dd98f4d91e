//! What the fast reader declines and why, and the positions it gives.
//! `tests/plain_yaml.rs` checks its readings against serde-saphyr's.

use std::collections::BTreeMap;

use serde::Deserialize;
use serde_saphyr::Spanned;

use super::locate::{self, Part, Step, TakeOut};
use super::{Decline, events, from_str};
use crate::content::Measure;

/// The first pass's events of `text`, or why it declines it.
fn events_of(text: &str) -> Result<Vec<events::Event>, Decline> {
    let mut events = Vec::new();
    events::read(text, &mut events).map(|()| events)
}

/// Why the first pass declines `text`.
fn declined(text: &str) -> &'static str {
    match events_of(text) {
        Ok(events) => panic!("{text:?} was read: {events:?}"),
        Err(Decline(reason)) => reason,
    }
}

#[test]
fn yaml_beyond_the_subset_is_declined() {
    let cases = [
        ("a: &x b\n", "a scalar starting with an indicator"),
        ("a: *x\n", "a scalar starting with an indicator"),
        ("a: !!str b\n", "a scalar starting with an indicator"),
        ("a: >\n  folded\n", "a scalar starting with an indicator"),
        ("a: {b: c}\n", "a scalar starting with an indicator"),
        ("? a\n: b\n", "a scalar starting with an indicator"),
        ("a: -1\n", "a scalar starting with an indicator"),
        ("a: 1\n---\nb: 2\n", "a scalar starting with an indicator"),
        ("<<: b\n", "a merge key"),
        ("a:\n\tb: c\n", "a control character or tab"),
        ("a: b\u{1}\n", "a control character or tab"),
        ("a: b\r c\n", "a carriage return not ending a line"),
        (
            "a: b\u{85}c\n",
            "a C1 control, line separator, byte order mark or non-character",
        ),
        (
            "a: b\u{2028}c\n",
            "a C1 control, line separator, byte order mark or non-character",
        ),
        (
            "a: \u{feff}b\n",
            "a C1 control, line separator, byte order mark or non-character",
        ),
        ("a: 1\na: 2\n", "a duplicate key"),
        (
            "1.0: a\n",
            "a key YAML could read as null, a boolean or a number",
        ),
        (
            "0x10: a\n",
            "a key YAML could read as null, a boolean or a number",
        ),
        (
            "Yes: a\n",
            "a key YAML could read as null, a boolean or a number",
        ),
        (
            "~: a\n",
            "a key YAML could read as null, a boolean or a number",
        ),
        (
            "a: b\n  c\n",
            "a line indented deeper than its mapping's keys",
        ),
        (
            "- a\n  b\n",
            "a line indented deeper than its sequence's dashes",
        ),
        ("a: 'b\n  c'\n", "a quoted scalar over several lines"),
        ("a: \"b\\n\"\n", "an escape sequence"),
        ("a: 'b'c\n", "more after a value on its line"),
        ("a: 'b': c\n", "more after a value on its line"),
        ("a: [b,\n  c]\n", "a flow sequence over several lines"),
        (
            "a: [b, [c]]\n",
            "a flow sequence of more than plain scalars",
        ),
        ("a: [b, ]\n", "an empty flow sequence entry"),
        ("a:\n", "an empty value"),
        ("a:\nb: c\n", "an empty value"),
        ("- a\n-\n", "an empty sequence entry"),
        ("a: b: c\n", "a `: ` in a value"),
        ("- - a\n", "a sequence begun on a sequence entry's line"),
        ("a\n", "a scalar on a line of its own"),
        ("a:\n  b\n", "a scalar on a line of its own"),
        (
            "a:\n  - b\n  c: d\n",
            "a line indented deeper than its mapping's keys",
        ),
        ("a: b\nc\n", "a mapping line without a key"),
        ("# only a comment\n", "a document without content"),
        ("- |\n  a\n", "a block scalar as a sequence entry"),
        ("a: |2\n  b\n", "more after a value on its line"),
        ("a: |+\n  b\n", "more after a value on its line"),
        ("a: |\nb: c\n", "an empty block scalar"),
        (
            "a: |\n  b",
            "a block scalar ending the text without a line break",
        ),
        (
            "a: |\n    \n  b\n",
            "a line of spaces longer than a block scalar's indentation",
        ),
    ];
    for (text, reason) in cases {
        assert_eq!(declined(text), reason, "{text:?}");
    }
}

#[test]
fn limits_below_serde_saphyrs_budget_are_declined() {
    let comments = format!("a:\n{}  b: c\n", "# c\n".repeat(17));
    assert_eq!(declined(&comments), "a long run of comments");
    assert!(events_of(&format!("a:\n{}  b: c\n", "# c\n".repeat(16))).is_ok());
    let deep: String = (0..40)
        .map(|depth| format!("{}a:\n", " ".repeat(depth)))
        .collect();
    assert_eq!(
        declined(&format!("{deep}{}b: c\n", " ".repeat(40))),
        "deep nesting"
    );
    assert_eq!(declined(&"- a\n".repeat(100_001)), "too many nodes");
    let keys: String = (0..65).map(|key| format!("k{key}: v\n")).collect();
    assert_eq!(declined(&keys), "a mapping with many keys");
    assert_eq!(declined(&format!("{}: v\n", "k".repeat(513))), "a long key");
}

#[derive(Debug, Deserialize)]
#[allow(dead_code)] // Only whether it is read matters.
struct One<T> {
    v: T,
}

/// Why the fast reader declines `text` as `T`, after its first pass read it.
fn refused<T: for<'de> Deserialize<'de>>(text: &str) -> &'static str {
    assert!(events_of(text).is_ok(), "{text:?} is outside the subset");
    match from_str::<T>(text) {
        Ok(_) => panic!("{text:?} was read"),
        Err(Decline(reason)) => reason,
    }
}

#[test]
fn scalars_whose_reading_depends_on_yaml_typing_are_declined() {
    let null = "null where a string is wanted";
    assert_eq!(refused::<One<String>>("v: null\n"), null);
    assert_eq!(refused::<One<String>>("v: ~\n"), null);
    let integer = "an integer not written as a plain decimal";
    for text in ["v: 0x1F\n", "v: 01\n", "v: +1\n", "v: 1_000\n", "v: 1.0\n"] {
        assert_eq!(refused::<One<u32>>(text), integer, "{text:?}");
    }
    let quoted = "a quoted scalar where a number, boolean or variant is wanted";
    assert_eq!(refused::<One<u32>>("v: '1'\n"), quoted);
    assert_eq!(refused::<One<bool>>("v: \"true\"\n"), quoted);
    let boolean = "a boolean not written as true or false";
    for text in ["v: yes\n", "v: True\n", "v: on\n"] {
        assert_eq!(refused::<One<bool>>(text), boolean, "{text:?}");
    }
    let float = "a float not written as a plain decimal";
    for text in ["v: 1e3\n", "v: .5\n", "v: .inf\n", "v: 1.\n", "v: 01.5\n"] {
        assert_eq!(refused::<One<f64>>(text), float, "{text:?}");
    }
    assert_eq!(
        refused::<One<char>>("v: a\n"),
        "a value for deserialize_char"
    );
    let untyped = "a scalar of no given type that may not be text";
    for text in [
        "v: 1\n",
        "v: yes\n",
        "v: NaN\n",
        "v: .5\n",
        "v: null\n",
        "v: =\n",
    ] {
        assert_eq!(refused::<serde_json::Value>(text), untyped, "{text:?}");
    }
    assert_eq!(
        refused::<Measure>("name: a\nmajor_items: []\nnmae: b\n"),
        "the content model refused a value"
    );
}

#[test]
fn plain_scalars_are_read_by_type() {
    let read = |text| from_str::<One<u32>>(text).map(|one| one.v);
    assert_eq!(read("v: 2023\n"), Ok(2023));
    assert_eq!(read("v: 0  # zero\n"), Ok(0));
    assert_eq!(from_str::<One<f64>>("v: 0.05\n").map(|one| one.v), Ok(0.05));
    assert_eq!(
        from_str::<One<bool>>("v: false\n").map(|one| one.v),
        Ok(false)
    );
    let maybe = |text| from_str::<One<Option<String>>>(text).map(|one| one.v);
    assert_eq!(maybe("v: ~\n"), Ok(None));
    assert_eq!(maybe("v: 'null'\n"), Ok(Some("null".to_string())));
    let text = |text| from_str::<One<String>>(text).map(|one| one.v);
    assert_eq!(text("v: true\n"), Ok("true".to_string()));
    assert_eq!(text("v: 1,338時間 # c\n"), Ok("1,338時間".to_string()));
    assert_eq!(text("v: C#  \n"), Ok("C#".to_string()));
    assert_eq!(text("v: 'it''s # x'\n"), Ok("it's # x".to_string()));
    assert_eq!(text("v: \"a: b\"\n"), Ok("a: b".to_string()));
    assert_eq!(text("v: |\n  a\n\n    b\n\n"), Ok("a\n\n  b\n".to_string()));
    assert_eq!(text("v: |-\r\n  a\r\n  b\r\n"), Ok("a\nb".to_string()));
    let list = from_str::<One<Vec<String>>>("v:\n- a\n- [b]\n");
    assert_eq!(
        list.map(|one| one.v.len()),
        Err(Decline("a collection where a scalar is wanted"))
    );
    let json = from_str::<serde_json::Value>("a: [x, z]\nb: 数\nc: 'true'\n").unwrap();
    assert_eq!(
        json,
        serde_json::json!({"a": ["x", "z"], "b": "数", "c": "true"})
    );
    let map = from_str::<BTreeMap<String, Vec<String>>>("a: [x, y z]\nb:\n- w\n").unwrap();
    assert_eq!(map["a"], ["x", "y z"]);
    assert_eq!(map["b"], ["w"]);
}

#[derive(Debug, Deserialize)]
struct Spans {
    a: Spanned<String>,
    list: Vec<Spanned<String>>,
    quoted: Vec<Spanned<String>>,
}

/// (line, column, character offset, characters, byte offset, bytes) of a spanned value.
fn place(spanned: &Spanned<String>) -> (u64, u64, u64, u64, Option<u64>, Option<u64>) {
    assert_eq!(spanned.referenced, spanned.defined);
    let location = spanned.referenced;
    let span = location.span();
    (
        location.line(),
        location.column(),
        span.offset(),
        span.len(),
        span.byte_offset(),
        span.byte_len(),
    )
}

#[test]
fn spanned_values_have_serde_saphyrs_positions() {
    // A byte order mark, CRLF, characters of 3 bytes, spaces and comments around values.
    let text =
        "\u{feff}# c\r\na:   デ abc  # c\r\nlist: [ yy , zz]\nquoted:\n  - 'q''x'\n  -  \"dq\"\n";
    let spans: Spans = from_str(text).unwrap();
    assert_eq!(spans.a.value, "デ abc");
    // Column 6: the byte order mark does not count; offset 11: it does, as do \r and \n.
    assert_eq!(place(&spans.a), (2, 6, 11, 5, Some(13), Some(7)));
    assert_eq!(place(&spans.list[0]), (3, 9, 31, 2, Some(35), Some(2)));
    assert_eq!(place(&spans.list[1]), (3, 14, 36, 2, Some(40), Some(2)));
    // Quoted scalars span their quotes.
    assert_eq!(spans.quoted[0].value, "q'x");
    assert_eq!(place(&spans.quoted[0]), (5, 5, 52, 6, Some(56), Some(6)));
    assert_eq!(place(&spans.quoted[1]), (6, 6, 64, 4, Some(68), Some(4)));
    let authority: Spans = serde_saphyr::from_str(text).unwrap();
    assert_eq!(format!("{spans:?}"), format!("{authority:?}"));
}

/// `text` with the node at `path` taken out, or what [`locate::take_out`] said instead.
fn taken_out(text: &str, path: &[Step]) -> Result<String, Option<TakeOut>> {
    match locate::take_out(text, path) {
        Some(TakeOut::Replace { bytes, with }) => {
            let mut text = text.to_string();
            text.replace_range(bytes, &with);
            Ok(text)
        }
        other => Err(other),
    }
}

#[test]
fn a_node_is_taken_out_with_its_lines_emptied_and_the_others_kept_in_place() {
    let key = |name: &str| Step::Key(name.to_string());
    let text = "name: a\nlist:\n  - number: 1\n    # note\n    title: x\n  - number: 2\n    title: y\nlast: [p, q]\n";
    // An item goes with its `- ` and the comment lines after it.
    assert_eq!(
        taken_out(text, &[key("list"), Step::Item(0)]),
        Ok("name: a\nlist:\n\n\n\n  - number: 2\n    title: y\nlast: [p, q]\n".to_string())
    );
    // The first key of an item leaves the item's `- ` to the next key.
    assert_eq!(
        taken_out(text, &[key("list"), Step::Item(1), key("number")]),
        Ok("name: a\nlist:\n  - number: 1\n    # note\n    title: x\n\n  - title: y\nlast: [p, q]\n".to_string())
    );
    // Any other key goes alone; the flow list on its line goes with it.
    assert_eq!(
        taken_out(text, &[key("last")]),
        Ok("name: a\nlist:\n  - number: 1\n    # note\n    title: x\n  - number: 2\n    title: y\n\n".to_string())
    );
    // An item of a flow list shares its line with the key: it cannot go alone.
    assert_eq!(taken_out(text, &[key("last"), Step::Item(0)]), Err(None));
    assert_eq!(taken_out(text, &[key("nowhere")]), Err(None));
    // The only item or key of a list or mapping: the list or mapping goes instead.
    assert_eq!(
        taken_out("list:\n  - only: 1\n", &[key("list"), Step::Item(0)]),
        Err(Some(TakeOut::Parent))
    );
    assert_eq!(
        taken_out(
            "list:\n  - only: 1\n",
            &[key("list"), Step::Item(0), key("only")]
        ),
        Err(Some(TakeOut::Parent))
    );
    // Outside the subset the reader knows, nothing is taken out.
    assert_eq!(taken_out("a: &x b\nc: d\n", &[key("c")]), Err(None));
    // An empty value, which the fast reader leaves to serde-saphyr, is no obstacle.
    let empty = "a:\nlist:\n  -\n  - x\nc: [1]\n";
    assert_eq!(declined(empty), "an empty value");
    assert_eq!(
        taken_out(empty, &[key("c")]),
        Ok("a:\nlist:\n  -\n  - x\n\n".to_string())
    );
    assert_eq!(
        taken_out(empty, &[key("a")]),
        Ok("\nlist:\n  -\n  - x\nc: [1]\n".to_string())
    );
    assert_eq!(
        taken_out(empty, &[key("list"), Step::Item(0)]),
        Ok("a:\nlist:\n\n  - x\nc: [1]\n".to_string())
    );
}

#[test]
fn a_key_or_a_one_line_value_is_found_where_it_is_written() {
    let key = |name: &str| Step::Key(name.to_string());
    let text =
        "a: 上昇  # c\nlist:\n  - number: '一'\n    text: |\n      x\nempty:\nflow: [p, q]  # c\n";
    let at = |path: &[Step], part| locate::written(text, path, part).map(|bytes| &text[bytes]);
    assert_eq!(at(&[key("a")], Part::Value), Some("上昇"));
    assert_eq!(at(&[key("a")], Part::Key), Some("a"));
    let number = [key("list"), Step::Item(0), key("number")];
    assert_eq!(at(&number, Part::Value), Some("'一'"));
    assert_eq!(at(&number, Part::Key), Some("number"));
    // A flow list on one line can give way to one value.
    assert_eq!(at(&[key("flow")], Part::Value), Some("[p, q]"));
    // Not a value that one scalar can stand in for without moving other lines.
    assert_eq!(
        at(&[key("list"), Step::Item(0), key("text")], Part::Value),
        None
    );
    for value in ["empty", "list"] {
        assert_eq!(at(&[key(value)], Part::Value), None, "{value}");
    }
    assert_eq!(at(&[key("list"), Step::Item(0)], Part::Value), None);
    assert_eq!(at(&[key("nowhere")], Part::Key), None);
}
