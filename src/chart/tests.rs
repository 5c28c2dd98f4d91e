//! Tests of the rendered SVG as a whole.

use super::*;

/// A point whose value is written as Rust writes `value` (1338, 40.9).
fn point(label: &str, value: Option<f64>, kind: PointKind) -> ChartPoint {
    written(label, value.map(|v| v.to_string()).as_deref(), kind)
}

/// A point with its value written as the report writes it ("1.35", "13.0").
fn written(label: &str, value: Option<&str>, kind: PointKind) -> ChartPoint {
    ChartPoint {
        label: label.to_string(),
        value: value.map(|written| ChartValue {
            number: written.parse().unwrap(),
            written: written.to_string(),
        }),
        kind,
        gap_note: value.is_none().then(|| "値なし".to_string()),
    }
}

fn spec(points: Vec<ChartPoint>) -> ChartSpec {
    ChartSpec {
        id: "kpi-1".to_string(),
        title: "AI・RPA等の利活用により削減した業務時間の推移".to_string(),
        description: "基準値0時間、令和3年度1,338時間、令和4年度552時間、令和5年度764時間、目標値（令和7年度）1,000時間。".to_string(),
        unit: "時間".to_string(),
        points,
    }
}

/// The sample KPI of the report.
fn sample() -> ChartSpec {
    spec(vec![
        point("基準値", Some(0.0), PointKind::Baseline),
        point("令和3年度", Some(1338.0), PointKind::Result),
        point("令和4年度", Some(552.0), PointKind::Result),
        point("令和5年度", Some(764.0), PointKind::Result),
        point("目標値\n令和7年度", Some(1000.0), PointKind::Target),
    ])
}

fn results(values: &[Option<f64>]) -> ChartSpec {
    spec(
        values
            .iter()
            .enumerate()
            .map(|(i, v)| point(&format!("令和{}年度", i + 1), *v, PointKind::Result))
            .collect(),
    )
}

const RESULT_COLOR: &str = "#0052A3";
const TARGET_COLOR: &str = "#B34700";

/// One `<path>` of a chart: its attributes (`d` left out) and its subpaths as
/// absolute points.
#[derive(Debug)]
struct Path {
    attributes: String,
    subpaths: Vec<Vec<(i32, i32)>>,
}

impl Path {
    fn has(&self, attribute: &str) -> bool {
        self.attributes.contains(attribute)
    }
}

/// Every `<path>` of `svg`, in order.
fn paths(svg: &str) -> Vec<Path> {
    svg.split("<path")
        .skip(1)
        .map(|element| {
            let (attributes, rest) = element.split_once(" d=\"").unwrap();
            let d = rest.split('"').next().unwrap();
            Path {
                attributes: attributes.to_string(),
                subpaths: subpaths(d),
            }
        })
        .collect()
}

/// The points of path data as hyoka writes it: `M` absolute, `h v l a z`
/// relative, a command's letter left out when it repeats.
fn subpaths(d: &str) -> Vec<Vec<(i32, i32)>> {
    let mut tokens = Vec::new();
    let mut rest = d;
    while let Some(c) = rest.chars().next() {
        if c.is_ascii_alphabetic() {
            tokens.push(Err(c));
            rest = &rest[1..];
        } else if c == ' ' {
            rest = &rest[1..];
        } else {
            let len = rest[1..]
                .find(|c: char| !c.is_ascii_digit())
                .map_or(rest.len(), |n| n + 1);
            tokens.push(Ok(rest[..len].parse::<i32>().unwrap()));
            rest = &rest[len..];
        }
    }
    let mut subpaths: Vec<Vec<(i32, i32)>> = Vec::new();
    let mut tokens = tokens.into_iter().peekable();
    let mut command = ' ';
    let mut at = (0, 0);
    while let Some(token) = tokens.peek().copied() {
        if let Err(letter) = token {
            command = letter;
            tokens.next();
            if letter == 'z' {
                let start = subpaths.last().unwrap()[0];
                subpaths.last_mut().unwrap().push(start);
                at = start;
            }
            continue;
        }
        let mut take = |count: usize| -> Vec<i32> {
            (0..count)
                .map(|_| tokens.next().unwrap().unwrap())
                .collect()
        };
        match command {
            'M' => {
                let xy = take(2);
                at = (xy[0], xy[1]);
                subpaths.push(vec![at]);
                continue;
            }
            'h' => at.0 += take(1)[0],
            'v' => at.1 += take(1)[0],
            'l' => {
                let xy = take(2);
                at = (at.0 + xy[0], at.1 + xy[1]);
            }
            'a' => {
                let arc = take(7);
                at = (at.0 + arc[5], at.1 + arc[6]);
            }
            other => panic!("unexpected command {other} in {d}"),
        }
        subpaths.last_mut().unwrap().push(at);
    }
    subpaths
}

/// The subpaths of the solid lines stroked in `color`.
fn lines(svg: &str, color: &str) -> Vec<Vec<(i32, i32)>> {
    paths(svg)
        .into_iter()
        .filter(|p| {
            p.has(&format!("stroke=\"{color}\""))
                && p.has("fill=\"none\"")
                && !p.has("stroke-dasharray")
        })
        .flat_map(|p| p.subpaths)
        .collect()
}

/// Point counts of the solid lines stroked in `color`, sorted.
fn line_lengths(svg: &str, color: &str) -> Vec<usize> {
    let mut lengths: Vec<usize> = lines(svg, color).iter().map(Vec::len).collect();
    lengths.sort_unstable();
    lengths
}

/// The centres of the round markers (dots) in `color`.
fn dots(svg: &str, color: &str) -> Vec<(i32, i32)> {
    paths(svg)
        .into_iter()
        .filter(|p| p.has(&format!("stroke=\"{color}\"")) && p.has("stroke-linecap=\"round\""))
        .flat_map(|p| p.subpaths)
        .map(|dot| {
            assert_eq!(dot.len(), 2, "a dot is a line of no length");
            assert_eq!(dot[0], dot[1], "a dot is a line of no length");
            dot[0]
        })
        .collect()
}

/// Every `<text>` of `svg`: its content and the attributes in effect, its own
/// and those of the groups around it (the innermost winning).
fn styled_texts(svg: &str) -> Vec<(String, std::collections::BTreeMap<String, String>)> {
    let attributes = |tag: &str| -> Vec<(String, String)> {
        tag.split('"')
            .collect::<Vec<_>>()
            .chunks(2)
            .filter(|pair| pair.len() == 2)
            .map(|pair| {
                let key = pair[0].trim().trim_end_matches('=');
                let key = key.rsplit(' ').next().unwrap();
                (key.to_string(), pair[1].to_string())
            })
            .collect()
    };
    let mut groups: Vec<Vec<(String, String)>> = Vec::new();
    let mut found = Vec::new();
    let mut rest = svg;
    while let Some(start) = rest.find('<') {
        rest = &rest[start..];
        let end = rest.find('>').unwrap();
        let tag = &rest[..=end];
        if tag.starts_with("<g ") || tag == "<g>" {
            groups.push(attributes(&tag[2..tag.len() - 1]));
        } else if tag == "</g>" {
            groups.pop();
        } else if let Some(own) = tag.strip_prefix("<text") {
            let content = rest[end + 1..].split("</text>").next().unwrap();
            let mut effective = std::collections::BTreeMap::new();
            for (key, value) in groups
                .iter()
                .flatten()
                .chain(&attributes(&own[..own.len() - 1]))
            {
                effective.insert(key.clone(), value.clone());
            }
            found.push((content.to_string(), effective));
        }
        rest = &rest[end + 1..];
    }
    found
}

/// The text of every `<text>` element, in order.
fn texts(svg: &str) -> Vec<&str> {
    svg.split("<text ")
        .skip(1)
        .map(|t| {
            t.split_once('>')
                .unwrap()
                .1
                .split("</text>")
                .next()
                .unwrap()
                .trim()
        })
        .collect()
}

/// Well-formed enough for these tests: one root, balanced elements we use.
fn assert_valid(svg: &str) {
    assert!(svg.starts_with("<svg class=\"kpi-chart\""), "{svg}");
    assert!(svg.ends_with("</svg>"), "{svg}");
    assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
    assert_eq!(
        svg.matches("<text ").count(),
        svg.matches("</text>").count()
    );
    assert_eq!(svg.matches("<g").count(), svg.matches("</g>").count());
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
}

#[test]
fn root_is_an_accessible_responsive_image() {
    let svg = render_svg(&sample());
    let (root, children) = svg.split_once('>').unwrap();
    assert!(root.contains(r#"role="img""#), "{root}");
    assert!(root.contains(r#"aria-labelledby="kpi-1-desc""#), "{root}");
    assert!(root.contains(r#"viewBox="0 0 360 300""#), "{root}");
    assert!(
        root.contains(r#"width="100%""#) && !root.contains("height="),
        "{root}"
    );
    assert!(root.contains(r#"class="kpi-chart""#), "{root}");
    assert!(
        children.starts_with(concat!(
            r#"<title>AI・RPA等の利活用により削減した業務時間の推移</title>"#,
            r#"<desc id="kpi-1-desc">基準値0時間、令和3年度1,338時間、令和4年度552時間、令和5年度764時間、目標値（令和7年度）1,000時間。</desc>"#
        )),
        "{children}"
    );
    // Opaque: the first thing drawn is a white box over the whole chart.
    let background = &paths(&svg)[0];
    assert!(background.has("fill=\"#FFF\""), "{background:?}");
    assert_eq!(
        background.subpaths,
        [vec![(0, 0), (360, 0), (360, 300), (0, 300)]]
    );
    assert_valid(&svg);
}

#[test]
fn shows_categories_values_unit_and_legend() {
    let svg = render_svg(&sample());
    let texts = texts(&svg);
    for expected in [
        "基準値",
        "令和3年度",
        "令和4年度",
        "令和5年度",
        "目標値",
        "令和7年度",
        "0",
        "1,338",
        "552",
        "764",
        "1,000",
        "（時間）",
        "実績",
    ] {
        assert!(
            texts.contains(&expected),
            "{expected} missing from {texts:?}"
        );
    }
    // The two-line label is two <text>s, one under the other.
    let target_label = texts.iter().position(|t| *t == "目標値").unwrap();
    assert_eq!(texts[target_label + 1], "令和7年度");
}

#[test]
fn text_uses_japanese_fonts_and_browser_anchoring() {
    let svg = render_svg(&sample());
    let texts = styled_texts(&svg);
    let style = |content: &str| &texts.iter().find(|(text, _)| text == content).unwrap().1;
    let x_label = style("令和3年度");
    assert_eq!(x_label["text-anchor"], "middle", "{x_label:?}");
    assert_eq!(x_label["font-size"], "11", "{x_label:?}");
    assert_eq!(x_label["fill"], "#1A1A1A", "{x_label:?}");
    // Top-anchored: the baseline 0.76 em below the top (269.6 + 8.36).
    assert_eq!(x_label["y"], "278", "{x_label:?}");
    let tick = style("1,500");
    assert_eq!(tick["text-anchor"], "end", "{tick:?}");
    // The tick label 1,000 in the text colour, the target's value in its own.
    let thousands: Vec<&str> = texts
        .iter()
        .filter(|(text, _)| text == "1,000")
        .map(|(_, style)| style["fill"].as_str())
        .collect();
    assert_eq!(thousands, ["#1A1A1A", TARGET_COLOR]);
    // The page's fonts (hyoka's stylesheet), else any sans-serif, never a
    // font named on each text.
    assert!(
        svg.starts_with("<svg class=\"kpi-chart\"") && svg.contains(" font-family=\"sans-serif\"")
    );
    assert_eq!(svg.matches("font-family").count(), 1, "{svg}");
}

/// Shapes painted alike share a path and text styles are set on groups, so
/// that a chart costs a page a fraction of what separate elements did.
#[test]
fn chart_is_compact() {
    let svg = render_svg(&sample());
    // A <text> carries its position; only a text alone in its style (the
    // target's value label) also carries what differs from its group.
    let styled: Vec<&str> = svg
        .split("<text ")
        .skip(1)
        .map(|t| t.split_once('>').unwrap().0)
        .filter(|own| own.contains(['-', 'f']))
        .collect();
    assert_eq!(
        styled,
        [r##"x="315" y="139" font-size="14" fill="#B34700" text-anchor="middle""##]
    );
    assert!(!svg.contains("dy="), "{svg}");
    // The five grid lines are one path; so are the axes with their ticks,
    // the result line with the legend's sample, and the result markers.
    let grid: Vec<Path> = paths(&svg)
        .into_iter()
        .filter(|p| p.has("stroke=\"#DDD\""))
        .collect();
    assert_eq!(grid.len(), 1, "{grid:?}");
    assert_eq!(grid[0].subpaths.len(), 5, "{grid:?}");
    assert!(
        grid[0]
            .subpaths
            .iter()
            .all(|line| line.len() == 2 && line[0].1 == line[1].1),
        "horizontal lines: {grid:?}"
    );
    let axes = paths(&svg)
        .into_iter()
        .filter(|p| p.has("stroke=\"#595959\""))
        .count();
    assert_eq!(axes, 1);
    assert_eq!(
        paths(&svg)
            .iter()
            .filter(|p| p.has(&format!("stroke=\"{RESULT_COLOR}\"")))
            .count(),
        2,
        "line and markers"
    );
    assert_eq!(dots(&svg, RESULT_COLOR).len(), 4 + 1);
    // What is drawn after the title and description: 1.5 KB (a chart of the
    // bundled site like this one took 4.4 KB as separate elements).
    let drawing = svg.split_once("</desc>").unwrap().1;
    assert!(drawing.len() < 1_700, "{} bytes: {drawing}", drawing.len());
    assert!(!svg.contains('\n'), "{svg}");
}

#[test]
fn font_sizes_are_whole_px() {
    for svg in [render_svg(&sample()), render_svg(&results(&[None]))] {
        for size in svg.split("font-size=\"").skip(1) {
            let size = size.split('"').next().unwrap();
            assert!(size.parse::<u8>().is_ok(), "font-size={size}");
        }
    }
}

#[test]
fn escapes_hostile_text_everywhere() {
    let hostile = r#"<script>&"'"#;
    let escaped = "&lt;script&gt;&amp;&quot;&apos;";
    let mut spec = sample();
    spec.id = hostile.to_string();
    spec.title = hostile.to_string();
    spec.description = hostile.to_string();
    spec.unit = hostile.to_string();
    spec.points[1].label = hostile.to_string();
    let svg = render_svg(&spec);
    assert!(!svg.contains("<script"), "{svg}");
    assert!(svg.contains(&format!("<title>{escaped}</title>")), "{svg}");
    assert!(
        svg.contains(&format!("<desc id=\"{escaped}-desc\">{escaped}</desc>")),
        "{svg}"
    );
    // The x label, wrapped onto two lines where it breaks.
    let lines = texts(&svg);
    let at = lines
        .iter()
        .position(|t| *t == "&lt;script&gt;")
        .expect("x label");
    assert_eq!(lines[at + 1], "&amp;&quot;&apos;", "x label: {svg}");
    assert!(
        texts(&svg).contains(&format!("（{escaped}）").as_str()),
        "unit: {svg}"
    );
    assert_valid(&svg);
}

#[test]
fn control_characters_are_replaced() {
    let mut spec = sample();
    spec.title = "a\u{1}b".to_string();
    spec.points[0].label = "基準\u{0}値".to_string();
    let svg = render_svg(&spec);
    assert!(
        svg.contains("a\u{FFFD}b") && svg.contains("基準\u{FFFD}値"),
        "{svg}"
    );
    assert!(!svg.contains('\u{0}') && !svg.contains('\u{1}'));
}

#[test]
fn missing_value_breaks_the_line() {
    // Besides the data, the legend has a two-point sample line.
    let whole = render_svg(&results(&[
        Some(10.0),
        Some(20.0),
        Some(30.0),
        Some(40.0),
        Some(50.0),
    ]));
    assert_eq!(line_lengths(&whole, RESULT_COLOR), vec![2, 5]);
    let gap = render_svg(&results(&[
        Some(10.0),
        Some(20.0),
        None,
        Some(40.0),
        Some(50.0),
    ]));
    assert_eq!(line_lengths(&gap, RESULT_COLOR), vec![2, 2, 2]);
    // Drawn as nothing, not as zero: four markers (and the legend's).
    assert_eq!(dots(&gap, RESULT_COLOR).len(), 4 + 1);
}

#[test]
fn isolated_values_are_markers_without_line() {
    let svg = render_svg(&results(&[Some(0.0), None, None, Some(0.0)]));
    assert_eq!(line_lengths(&svg, RESULT_COLOR), vec![2], "legend only");
    assert_eq!(dots(&svg, RESULT_COLOR).len(), 2 + 1);
}

#[test]
fn target_is_dashed_line_and_hollow_diamond() {
    let svg = render_svg(&sample());
    let dashed: Vec<Path> = paths(&svg)
        .into_iter()
        .filter(|p| p.has("stroke-dasharray"))
        .collect();
    assert_eq!(dashed.len(), 1, "{svg}");
    assert!(dashed[0].has(&format!("stroke=\"{TARGET_COLOR}\"")));
    // Across the plot at 1,000, and in the legend: horizontal.
    let [across, legend] = dashed[0].subpaths.as_slice() else {
        panic!("{dashed:?}")
    };
    for line in [across, legend] {
        assert_eq!(line.len(), 2, "{line:?}");
        assert_eq!(line[0].1, line[1].1, "horizontal: {line:?}");
    }
    assert!(
        across[1].0 - across[0].0 > 250,
        "across the plot: {across:?}"
    );
    // Diamonds: white inside, outlined in the target colour (plot and legend),
    // drawn after (above) the dashed line.
    let all = paths(&svg);
    // (The first white path is the background.)
    let white = all
        .iter()
        .skip(1)
        .position(|p| p.has("fill=\"#FFF\""))
        .unwrap()
        + 1;
    assert_eq!(all[white].subpaths.len(), 2, "{:?}", all[white]);
    let dashes = all.iter().position(|p| p.has("stroke-dasharray")).unwrap();
    assert!(dashes < white);
    assert_eq!(line_lengths(&svg, TARGET_COLOR), vec![6, 6]);
    assert!(texts(&svg).contains(&"目標値"));
}

#[test]
fn no_target_no_dashes() {
    let svg = render_svg(&results(&[Some(1.0), Some(2.0)]));
    assert!(!svg.contains("stroke-dasharray"));
    assert!(!texts(&svg).contains(&"目標値"));
}

#[test]
fn deterministic() {
    assert_eq!(render_svg(&sample()), render_svg(&sample()));
}

#[test]
fn all_missing_says_so() {
    let svg = render_svg(&spec(vec![
        point("基準値", None, PointKind::Baseline),
        point("令和3年度", None, PointKind::Result),
        point("目標値", None, PointKind::Target),
    ]));
    assert!(texts(&svg).contains(&"数値データなし"));
    assert!(dots(&svg, RESULT_COLOR).is_empty() && !svg.contains("stroke-dasharray"));
    assert!(
        texts(&svg).contains(&"令和3年度"),
        "categories are still labelled"
    );
    assert_valid(&svg);
}

/// The x of each `<text>` that says `text`.
fn text_xs(svg: &str, text: &str) -> Vec<i32> {
    svg.split("<text x=\"")
        .skip(1)
        .filter(|t| {
            t.split_once('>')
                .unwrap()
                .1
                .starts_with(&format!("{text}<"))
        })
        .map(|t| t.split('"').next().unwrap().parse().unwrap())
        .collect()
}

#[test]
fn a_gap_says_why_in_its_column() {
    let mut chart = results(&[Some(5.0), None, None, Some(8.0)]);
    chart.points[1].gap_note = Some("集計中".to_string());
    chart.points[2].gap_note = Some("新型コロナウイルス感染症の影響により中止".to_string());
    let svg = render_svg(&chart);
    // Under the column's own year; a note too long for it says 値なし.
    assert_eq!(text_xs(&svg, "集計中"), text_xs(&svg, "令和2年度"), "{svg}");
    assert_eq!(text_xs(&svg, "値なし"), text_xs(&svg, "令和3年度"), "{svg}");
    assert!(!svg.contains("新型コロナ"));
    assert_eq!(
        dots(&svg, RESULT_COLOR).len(),
        2 + 1,
        "no point at a gap (+ the legend's)"
    );
    assert_valid(&svg);
    // Columns too narrow for 値なし leave the note out.
    let crowded = render_svg(&results(&[Some(1.0), None].repeat(15)));
    assert!(!texts(&crowded).contains(&"値なし"), "{crowded}");
    // A number has no note, whatever the caller passed.
    let mut number = results(&[Some(5.0), Some(6.0)]);
    number.points[1].gap_note = Some("集計中".to_string());
    assert!(!render_svg(&number).contains("集計中"));
}

#[test]
fn many_years_keep_their_notes_and_the_targets_year_whole() {
    let years = [
        "令和元年度\n2019",
        "令和2年度\n2020",
        "令和3年度\n2021",
        "令和4年度\n2022",
        "令和5年度\n2023",
    ];
    let mut points = vec![point("基準値", Some(3.0), PointKind::Baseline)];
    for (i, year) in years.iter().enumerate() {
        points.push(point(
            year,
            (i != 2).then_some(4.0 + i as f64),
            PointKind::Result,
        ));
    }
    points.push(point(
        "目標値\n令和7年度\n2025",
        Some(12.0),
        PointKind::Target,
    ));
    let svg = render_svg(&spec(points));
    let texts = texts(&svg);
    assert!(texts.contains(&"値なし"), "{texts:?}");
    // Too narrow for three lines under the target: its Western year goes
    // (the table and the description keep it) rather than a cut 令和7年…
    let target = texts.iter().rposition(|t| *t == "令和7").unwrap();
    assert_eq!(
        texts[target - 1..=target + 1],
        ["目標値", "令和7", "年度"],
        "{texts:?}"
    );
    assert!(!texts.contains(&"2025"), "{texts:?}");
    assert!(texts.iter().all(|t| !t.ends_with('…')), "{texts:?}");
}

#[test]
fn gap_notes_keep_clear_of_labels_and_dashed_lines() {
    // A target just above 0 puts its dashed line where a note goes first,
    // above the x axis: the note moves up to the middle.
    let mut chart = results(&[Some(3.0), None, Some(4.0)]);
    chart
        .points
        .push(point("目標値", Some(0.2), PointKind::Target));
    let svg = render_svg(&chart);
    let y_of = |text: &str| -> i32 {
        let at = svg.find(&format!(">{text}</text>")).unwrap();
        let start = svg[..at].rfind(" y=\"").unwrap() + 4;
        svg[start..].split('"').next().unwrap().parse().unwrap()
    };
    let dashed_y: i32 = svg
        .split("stroke-dasharray=\"6 4\" d=\"M")
        .nth(1)
        .unwrap()
        .split(['h', ' '])
        .nth(1)
        .unwrap()
        .parse()
        .unwrap();
    let note_y = y_of("値なし");
    assert!(
        note_y < dashed_y - 20,
        "note at {note_y}, dashed line at {dashed_y}: {svg}"
    );
}

#[test]
fn a_rate_reaching_100_keeps_its_target_label_on_an_axis_ending_at_100() {
    let mut rates = results(&[Some(23.4), Some(47.7), Some(78.7)]);
    rates.unit = "%".to_string();
    rates
        .points
        .push(point("目標値", Some(100.0), PointKind::Target));
    let svg = render_svg(&rates);
    let texts = texts(&svg);
    assert!(
        texts.contains(&"100") && !texts.contains(&"120"),
        "{texts:?}"
    );
    // 100 is both the top tick and the target's label, placed below its point.
    assert_eq!(
        texts.iter().filter(|t| **t == "100").count(),
        2,
        "{texts:?}"
    );
}

#[test]
fn all_missing_has_no_notes_but_one_message() {
    let svg = render_svg(&results(&[None, None]));
    assert_eq!(texts(&svg).iter().filter(|t| **t == "値なし").count(), 0);
    assert!(texts(&svg).contains(&"数値データなし"));
}

#[test]
fn non_finite_values_are_missing() {
    let svg = render_svg(&results(&[
        Some(f64::NAN),
        Some(5.0),
        Some(f64::INFINITY),
        Some(-f64::INFINITY),
    ]));
    assert_eq!(dots(&svg, RESULT_COLOR).len(), 1 + 1);
    assert!(texts(&svg).contains(&"5"));
    assert_valid(&svg);
}

#[test]
fn edge_cases_render_without_panicking() {
    let long = "とても長い名前の年度".repeat(30);
    let cases = [
        results(&[]),
        results(&[Some(7.0)]),
        results(&[Some(1e15), Some(1.2e15)]),
        results(&[Some(f64::MAX), Some(-f64::MAX), Some(f64::MIN_POSITIVE)]),
        results(&[Some(-5.0), Some(-20.5)]),
        results(&[Some(3.0); 4]),
        results(&[Some(0.0); 3]),
        results(&[Some(1e-9), Some(2e-9)]),
        results(&(0..20).map(|i| Some(f64::from(i * i))).collect::<Vec<_>>()),
        results(&(0..200).map(|i| Some(f64::from(i % 7))).collect::<Vec<_>>()),
        spec(vec![
            point(&long, Some(1.0), PointKind::Baseline),
            point("", Some(2.0), PointKind::Target),
        ]),
        spec(vec![point("\n\n", None, PointKind::Target)]),
    ];
    for case in &cases {
        let svg = render_svg(case);
        assert_valid(&svg);
        assert!(svg.contains("<title"));
    }
}

#[test]
fn huge_values_keep_separators() {
    let svg = render_svg(&results(&[Some(1e15), Some(1.2e15)]));
    assert!(texts(&svg).contains(&"1,200,000,000,000,000"), "{svg}");
}

#[test]
fn negative_values_get_a_zero_line() {
    let svg = render_svg(&results(&[Some(-120.0), Some(-30.5), Some(45.0)]));
    let texts = texts(&svg);
    assert!(
        texts.contains(&"-120") && texts.contains(&"-30.5") && texts.contains(&"0"),
        "{texts:?}"
    );
}

#[test]
fn percent_values_keep_their_written_decimals() {
    let mut spec = spec(
        ["40.9", "38.2", "50.3", "46.2"]
            .iter()
            .enumerate()
            .map(|(i, v)| written(&format!("令和{}年度", i + 1), Some(v), PointKind::Result))
            .collect(),
    );
    spec.unit = "%".to_string();
    spec.points
        .push(written("目標値", Some("60.0"), PointKind::Target));
    let svg = render_svg(&spec);
    let texts = texts(&svg);
    for expected in ["40.9", "38.2", "50.3", "46.2", "60.0"] {
        assert!(
            texts.contains(&expected),
            "{expected} missing from {texts:?}"
        );
    }
}

/// The texts of a chart of values written with their own decimals.
fn written_chart(baseline: &str, results: &[&str], target: &str) -> Vec<String> {
    let mut points = vec![written("基準値", Some(baseline), PointKind::Baseline)];
    points.extend(results.iter().enumerate().map(|(i, v)| {
        written(
            &format!("令和{}年度\n{}", i + 3, 2021 + i),
            Some(v),
            PointKind::Result,
        )
    }));
    points.push(written(
        "目標値\n令和7年度\n2025",
        Some(target),
        PointKind::Target,
    ));
    let svg = render_svg(&spec(points));
    assert_valid(&svg);
    texts(&svg).into_iter().map(str::to_string).collect()
}

/// Asserts that `texts` hold each of `present` and none of `absent`.
fn assert_texts(texts: &[String], present: &[&str], absent: &[&str]) {
    for label in present {
        assert!(
            texts.iter().any(|t| t == label),
            "{label} missing: {texts:?}"
        );
    }
    for label in absent {
        assert!(
            !texts.iter().any(|t| t == label),
            "{label} shown: {texts:?}"
        );
    }
}

#[test]
fn value_labels_keep_the_decimals_as_written() {
    // 合計特殊出生率: rounded to one decimal, 1.35 and the target 1.45 read
    // 1.4 alike (as if it were met), and 1.33 and 1.27 both 1.3.
    let texts = written_chart("1.30", &["1.33", "1.27", "1.35"], "1.45");
    assert_texts(
        &texts,
        &["1.30", "1.33", "1.27", "1.35", "1.45"],
        &["1.3", "1.4"],
    );
    // A 減少 KPI short of its target: 0.74 is not the target 0.70 (0.7 both).
    let texts = written_chart("0.85", &["0.80", "0.74"], "0.70");
    assert_texts(&texts, &["0.85", "0.80", "0.74", "0.70"], &["0.7"]);
    // 1.25 is no 1.2; 13.0 and 50.0 keep the decimal they are written with,
    // and thousands are still separated.
    let texts = written_chart("1.25", &["13.0", "50.0"], "1200.5");
    assert_texts(
        &texts,
        &["1.25", "13.0", "50.0", "1,200.5"],
        &["1.2", "13", "50"],
    );
}

#[test]
fn the_first_year_of_an_era_stays_on_one_line() {
    // Where 令和3年度 just fits its column, 令和元年度 (wider by 元) broke
    // into 令和元年 / 度.
    let mut chart = spec(vec![
        point("基準値\n令和元年度", Some(812.0), PointKind::Baseline),
        point("令和3年度\n2021", Some(798.0), PointKind::Result),
        point("令和4年度\n2022", Some(785.0), PointKind::Result),
        point("令和5年度\n2023", None, PointKind::Result),
        point("目標値\n令和7年度\n2025", Some(750.0), PointKind::Target),
    ]);
    chart.unit = "g".to_string();
    let svg = render_svg(&chart);
    let texts = texts(&svg);
    let baseline = texts.iter().position(|t| *t == "基準値").unwrap();
    assert_eq!(
        texts[baseline..baseline + 3],
        ["基準値", "令和元年度", "令和3年度"],
        "{texts:?}"
    );
    assert!(!texts.contains(&"度"), "{texts:?}");
}

#[test]
fn long_values_all_keep_their_labels() {
    // At 14 px, 12,346.25 (69 px) is wider than its column (58 px): beside
    // each other at one height, every second label found no place.
    let texts = written_chart(
        "12345.67",
        &["12346.25", "12400.50", "12398.75"],
        "12500.00",
    );
    assert_texts(
        &texts,
        &[
            "12,345.67",
            "12,346.25",
            "12,400.50",
            "12,398.75",
            "12,500.00",
        ],
        &[],
    );
    // More than fit at any size: the target's label and most others stay.
    let texts = written_chart(
        "12345.67",
        &["12346.25", "12400.50", "12398.75", "12410.05", "12420.15"],
        "12500.00",
    );
    let shown = texts.iter().filter(|t| t.starts_with("12,")).count();
    assert!(
        texts.contains(&"12,500.00".to_string()) && shown >= 6,
        "{texts:?}"
    );
}

#[test]
fn value_labels_keep_off_a_steep_line() {
    // The city's chart of 業務用チャットツール…削減した業務時間: rising
    // steeply, the labels centred above 1,011 and 2,819 sat on the line to
    // the next point; beside their points, above left, they are clear.
    let mut chart = spec(
        [
            ("基準値", 0.0),
            ("令和3年度", 1011.0),
            ("令和4年度", 2819.0),
        ]
        .into_iter()
        .chain([("令和5年度", 5554.0)])
        .map(|(label, v)| point(label, Some(v), PointKind::Result))
        .collect(),
    );
    chart
        .points
        .push(point("目標値", Some(700.0), PointKind::Target));
    let svg = render_svg(&chart);
    let line = &lines(&svg, RESULT_COLOR)[0];
    let dots = dots(&svg, RESULT_COLOR);
    assert_eq!(line.len(), 4, "{svg}");
    let labels = styled_texts(&svg);
    for (i, value) in ["0", "1,011", "2,819", "5,554"].into_iter().enumerate() {
        let (_, style) = (labels.iter())
            .find(|(text, style)| text == value && style["fill"] == "#1A1A1A")
            .unwrap_or_else(|| panic!("{value} has no label: {svg}"));
        let number = |key: &str| style[key].parse::<f64>().unwrap();
        let (x, baseline, size) = (number("x"), number("y"), number("font-size"));
        let half_width = super::text::width_px(value, size) / 2.0;
        // The digits' box: from the baseline up to 0.8 em.
        let inside = |(px, py): (f64, f64)| {
            (x - half_width..=x + half_width).contains(&px)
                && (baseline - 0.8 * size..=baseline).contains(&py)
        };
        for ends in line.windows(2) {
            let [(x1, y1), (x2, y2)] =
                [ends[0], ends[1]].map(|(x, y)| (f64::from(x), f64::from(y)));
            let crossing = (0..=100)
                .map(|step| f64::from(step) / 100.0)
                .map(|t| (x1 + (x2 - x1) * t, y1 + (y2 - y1) * t))
                .find(|&at| inside(at));
            assert_eq!(crossing, None, "{value} is on the line: {svg}");
        }
        // Still by its own point: nearer to it than to any other.
        let distance = |(dx, dy): (i32, i32)| (f64::from(dx) - x).hypot(f64::from(dy) - baseline);
        let nearest = (0..dots.len())
            .min_by(|&a, &b| distance(dots[a]).total_cmp(&distance(dots[b])))
            .unwrap();
        assert_eq!(nearest, i, "{value} is nearer another point: {svg}");
    }
}
