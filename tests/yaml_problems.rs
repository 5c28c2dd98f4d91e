//! A content file with several problems lists each of them in one run, each
//! exactly as serde-saphyr reports it when it is the file's only problem
//! (position, field path and message), in the order of the file.
//!
//! A measure file is written with problems put in some of its KPIs and mid
//! items; each problem changes one line into another, so that every other
//! line keeps its number. `parse_yaml` must list the problems each gives
//! alone, all of them, and nothing else: a missing key too, in a KPI with
//! other problems (serde names only the first missing key of a mapping, so
//! the others' values are repaired, not taken out, to read on).
//!
//! CI runs the default number of cases; for a long run set PROPTEST_CASES.

use std::collections::BTreeSet;

use hyoka::content::Measure;
use hyoka::content::parse::{Problem, parse_yaml, parse_yaml_with_serde_saphyr};
use proptest::prelude::*;

const KPIS: usize = 4;
const MID_ITEMS: usize = 2;

/// A problem put into one line of a KPI or of a mid item.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord)]
enum Put {
    /// `star: はい`, not a boolean.
    Star(usize),
    /// `direction: 上昇`, not one of 増加, 減少, 維持.
    Direction(usize),
    /// A result for `来年度`, not a fiscal year.
    Year(usize),
    /// `name: [a, b]`, a list where text is wanted.
    ListName(usize),
    /// A comment line becomes `basline: …`, a key the KPI does not have.
    UnknownKey(usize),
    /// `target_year` commented out: a missing key.
    Missing(usize),
    /// `baseline` misspelt: a key the KPI does not have, and a missing key,
    /// which is the same mistake and reported once.
    Misspelt(usize),
    /// A comment line becomes a second `direction: …`, a key written twice.
    Repeated(usize),
    /// A mid item's `number: 一`, not a number.
    MidNumber(usize),
    /// A mid item's `sector_plan_page: [P8, P9]`.
    MidPage(usize),
}

impl Put {
    /// Where the problem goes in [`KPI`] or [`MID_ITEM`], and what is written
    /// there with it and without it.
    fn part(self) -> (&'static str, &'static str, String) {
        match self {
            Put::ListName(k) => ("{name}", "[訓練, 参加者]", format!("指標{k}")),
            Put::Star(_) => ("{star}", "はい", "true".into()),
            Put::Direction(_) => ("{direction}", "上昇", "増加".into()),
            Put::UnknownKey(_) => ("{comment}", "basline: 10人", "# 令和2年度".into()),
            Put::Misspelt(_) => ("{baseline}", "baseine", "baseline".into()),
            Put::Year(_) => ("{year}", "来年度", "令和5年度".into()),
            Put::Missing(_) => ("{target_year}", "# ", String::new()),
            Put::Repeated(_) => ("{repeat}", "direction: 維持", "# 方向性".into()),
            Put::MidNumber(m) => ("{number}", "一", (m + 1).to_string()),
            Put::MidPage(_) => ("{page}", "[P8, P9]", "P8".into()),
        }
    }
}

const KPI: &str = "      - name: {name}
        star: {star}
        direction: {direction}
        {repeat}
        {comment}
        {baseline}: 1,200人
        results:
          {year}: 1,350人
        target: 2,000人
        {target_year}target_year: 令和7年度
";

const MID_ITEM: &str = "      - number: {number}
        title: 中項目
        sector_plan_page: {page}
        projects:
          - bosai-kunren
";

/// How the measure file is written, problems aside.
#[derive(Debug, Clone, Copy, Default)]
struct Layout {
    /// Lines end with `\r\n`.
    crlf: bool,
    /// A key without a value (`description:`), which YAML reads as null.
    empty_value: bool,
    /// A byte order mark before the first line, as some editors save.
    bom: bool,
}

fn any_layout() -> impl Strategy<Value = Layout> {
    (any::<bool>(), any::<bool>(), any::<bool>()).prop_map(|(crlf, empty_value, bom)| Layout {
        crlf,
        empty_value,
        bom,
    })
}

/// The measure file with `problems` in it; with none, it reads.
fn measure(problems: &BTreeSet<Put>, layout: Layout) -> String {
    let fill = |template: &str, puts: &[Put]| {
        let mut filled = template.to_string();
        for &put in puts {
            let (place, bad, good) = put.part();
            let part = if problems.contains(&put) { bad } else { &good };
            filled = filled.replace(place, part);
        }
        filled
    };
    let mut text = String::from("name: 防災\nsector_plan: 地域防災計画\n");
    if layout.empty_value {
        text.push_str("description:\n");
    }
    text.push_str("major_items:\n");
    text.push_str("  - number: 1\n    title: 地域の防災力の向上\n    kpis:\n");
    for k in 0..KPIS {
        let puts = [
            Put::ListName(k),
            Put::Star(k),
            Put::Direction(k),
            Put::UnknownKey(k),
            Put::Misspelt(k),
            Put::Year(k),
            Put::Missing(k),
            Put::Repeated(k),
        ];
        text.push_str(&fill(KPI, &puts));
    }
    text.push_str("    mid_items:\n");
    for m in 0..MID_ITEMS {
        text.push_str(&fill(MID_ITEM, &[Put::MidNumber(m), Put::MidPage(m)]));
    }
    if layout.crlf {
        text = text.replace('\n', "\r\n");
    }
    if layout.bom {
        text.insert(0, '\u{feff}');
    }
    text
}

fn problems(text: &str) -> Vec<Problem> {
    match parse_yaml::<Measure>(text) {
        Ok(_) => Vec::new(),
        Err(problems) => problems,
    }
}

/// The one problem serde-saphyr reports for the file with only `put` in it.
fn alone(put: Put, layout: Layout) -> Problem {
    let text = measure(&BTreeSet::from([put]), layout);
    parse_yaml_with_serde_saphyr::<Measure>(&text)
        .err()
        .unwrap_or_else(|| panic!("{put:?} alone is no problem"))
}

fn any_put() -> impl Strategy<Value = Put> {
    prop_oneof![
        (0..KPIS).prop_map(Put::Star),
        (0..KPIS).prop_map(Put::Direction),
        (0..KPIS).prop_map(Put::Year),
        (0..KPIS).prop_map(Put::ListName),
        (0..KPIS).prop_map(Put::UnknownKey),
        (0..KPIS).prop_map(Put::Missing),
        (0..KPIS).prop_map(Put::Misspelt),
        (0..KPIS).prop_map(Put::Repeated),
        (0..MID_ITEMS).prop_map(Put::MidNumber),
        (0..MID_ITEMS).prop_map(Put::MidPage),
    ]
}

proptest! {
    #[test]
    fn each_problem_is_listed_as_it_is_reported_alone(
        puts in proptest::collection::btree_set(any_put(), 1..8),
        layout in any_layout(),
    ) {
        let text = measure(&puts, layout);
        let first = parse_yaml_with_serde_saphyr::<Measure>(&text).err();
        let listed = problems(&text);
        prop_assert_eq!(listed.first(), first.as_ref(), "the first problem is serde-saphyr's");
        // Whether the key offered for an unknown one is written already
        // depends on the other keys of its mapping, not on the problem.
        let listed: Vec<Problem> = listed.into_iter().map(without_context).collect();
        let mut expected: Vec<(Put, Problem)> =
            puts.iter().map(|&put| (put, without_context(alone(put, layout)))).collect();
        expected.sort_by_key(|(_, (position, _, _))| (position.line, position.column));
        for problem in &listed {
            prop_assert!(
                expected.iter().any(|(_, alone)| alone == problem),
                "{problem:?} is not a problem of its own in\n{text}"
            );
        }
        let all: Vec<Problem> = expected.into_iter().map(|(_, problem)| problem).collect();
        prop_assert_eq!(&listed, &all, "in\n{}", text);
    }
}

/// `problem` without what its message says of the rest of its mapping.
fn without_context((position, field, message): Problem) -> Problem {
    let message = match message.split_once("; `") {
        Some((own, rest)) if rest.ends_with("is written here already, so keep one of the two") => {
            own.to_string()
        }
        _ => message,
    };
    (position, field, message)
}

#[test]
fn the_file_without_problems_reads() {
    for crlf in [false, true] {
        for empty_value in [false, true] {
            let layout = Layout {
                crlf,
                empty_value,
                bom: crlf,
            };
            assert_eq!(problems(&measure(&BTreeSet::new(), layout)), Vec::new());
        }
    }
}

#[test]
fn a_problem_in_every_kpi_and_mid_item_is_listed_with_its_own_path() {
    let puts: BTreeSet<Put> = (0..KPIS)
        .map(Put::Direction)
        .chain((0..MID_ITEMS).map(Put::MidNumber))
        .collect();
    let listed: Vec<String> = problems(&measure(&puts, Layout::default()))
        .into_iter()
        .map(|(position, field, message)| {
            format!("{}:{}: {field}: {message}", position.line, position.column)
        })
        .collect();
    let direction = "expected one of 増加, 減少, 維持, found \"上昇\"";
    assert_eq!(
        listed,
        [
            format!("9:20: major_items[0].kpis[0].direction: {direction}"),
            format!("19:20: major_items[0].kpis[1].direction: {direction}"),
            format!("29:20: major_items[0].kpis[2].direction: {direction}"),
            format!("39:20: major_items[0].kpis[3].direction: {direction}"),
            "48:17: major_items[0].mid_items[0].number: expected a whole number such as 1, found \"一\"".to_string(),
            "53:17: major_items[0].mid_items[1].number: expected a whole number such as 1, found \"一\"".to_string(),
        ]
    );
}

#[test]
fn a_file_with_very_many_problems_lists_fifty_and_says_more_may_follow() {
    let kpi = |k: usize| {
        format!(
            "      - name: 指標{k}\n        direction: 上昇\n        baseline: 1人\n        results:\n          令和5年度: 2人\n        target: 3人\n        target_year: 令和7年度\n"
        )
    };
    let mut text =
        String::from("name: 防災\nmajor_items:\n  - number: 1\n    title: x\n    kpis:\n");
    (0..60).for_each(|k| text.push_str(&kpi(k)));
    let listed = problems(&text);
    assert_eq!(listed.len(), 51);
    for (k, (position, field, _)) in listed.iter().take(50).enumerate() {
        assert_eq!(
            (position.line, field.as_str()),
            (
                7 + 7 * k as u32,
                format!("major_items[0].kpis[{k}].direction").as_str()
            )
        );
    }
    let (position, field, message) = &listed[50];
    assert_eq!(
        (
            position.line,
            position.column,
            field.as_str(),
            message.as_str()
        ),
        (
            357,
            20,
            "",
            "more problems may follow from here; fix those above and build again"
        )
    );
}
