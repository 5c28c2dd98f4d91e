//! Tests of the rendered SVG as a whole.

use super::*;

fn point(label: &str, value: Option<f64>, kind: PointKind) -> ChartPoint {
    ChartPoint {
        label: label.to_string(),
        value,
        kind,
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

/// Point counts of the `<polyline>`s stroked in `color`, sorted.
fn polyline_lengths(svg: &str, color: &str) -> Vec<usize> {
    let mut lengths: Vec<usize> = svg
        .lines()
        .filter(|l| l.starts_with("<polyline") && l.contains(&format!("stroke=\"{color}\"")))
        .map(|l| {
            let points = l
                .split("points=\"")
                .nth(1)
                .unwrap()
                .split('"')
                .next()
                .unwrap();
            points.split_whitespace().count()
        })
        .collect();
    lengths.sort_unstable();
    lengths
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
    assert!(
        svg.starts_with("<svg xmlns=\"http://www.w3.org/2000/svg\""),
        "{svg}"
    );
    assert!(svg.ends_with("</svg>\n"), "{svg}");
    assert_eq!(svg.matches("<svg").count(), 1, "{svg}");
    assert_eq!(
        svg.matches("<text ").count(),
        svg.matches("</text>").count()
    );
    assert!(!svg.contains("NaN") && !svg.contains("inf"), "{svg}");
}

#[test]
fn root_is_an_accessible_responsive_image() {
    let svg = render_svg(&sample());
    let root = svg.lines().next().unwrap();
    assert!(root.contains(r#"role="img""#), "{root}");
    assert!(
        root.contains(r#"aria-labelledby="kpi-1-title kpi-1-desc""#),
        "{root}"
    );
    assert!(root.contains(r#"viewBox="0 0 480 300""#), "{root}");
    assert!(
        root.contains(r#"width="100%""#) && !root.contains("height="),
        "{root}"
    );
    assert!(root.contains(r#"class="kpi-chart""#), "{root}");
    let mut children = svg.lines().skip(1);
    assert_eq!(
        children.next(),
        Some(r#"<title id="kpi-1-title">AI・RPA等の利活用により削減した業務時間の推移</title>"#)
    );
    assert_eq!(
        children.next(),
        Some(
            r#"<desc id="kpi-1-desc">基準値0時間、令和3年度1,338時間、令和4年度552時間、令和5年度764時間、目標値（令和7年度）1,000時間。</desc>"#
        )
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
    let x_label = svg
        .lines()
        .find(|l| l.contains("<text ") && svg_line_text(&svg, l) == "令和3年度");
    let x_label = x_label.unwrap();
    assert!(x_label.contains(r#"text-anchor="middle""#), "{x_label}");
    assert!(x_label.contains(r#"font-size="12""#), "{x_label}");
    // The font is set once for all text, Japanese fonts first.
    assert!(svg.contains(
        "<style>text{font-family:Noto Sans JP,Hiragino Sans,Yu Gothic,Meiryo,sans-serif}</style>"
    ));
    assert!(!x_label.contains("font-family"), "{x_label}");
}

/// The text of the `<text>` element starting at `line` of `svg`.
fn svg_line_text<'s>(svg: &'s str, line: &str) -> &'s str {
    let start = svg.find(line).unwrap();
    let element = svg[start..].split("</text>").next().unwrap();
    element.split_once('>').unwrap().1.trim()
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
    assert!(
        svg.contains(&format!("<title id=\"{escaped}-title\">{escaped}</title>")),
        "{svg}"
    );
    assert!(
        svg.contains(&format!("<desc id=\"{escaped}-desc\">{escaped}</desc>")),
        "{svg}"
    );
    assert!(texts(&svg).contains(&escaped), "x label: {svg}");
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
    let result_color = "#0052A3";
    // Besides the data, the legend has a two-point sample line.
    let whole = render_svg(&results(&[
        Some(10.0),
        Some(20.0),
        Some(30.0),
        Some(40.0),
        Some(50.0),
    ]));
    assert_eq!(polyline_lengths(&whole, result_color), vec![2, 5]);
    let gap = render_svg(&results(&[
        Some(10.0),
        Some(20.0),
        None,
        Some(40.0),
        Some(50.0),
    ]));
    assert_eq!(polyline_lengths(&gap, result_color), vec![2, 2, 2]);
    // Drawn as nothing, not as zero: four markers (and the legend's).
    assert_eq!(
        gap.matches(&format!(r#"fill="{result_color}""#)).count(),
        4 + 1
    );
}

#[test]
fn isolated_values_are_markers_without_line() {
    let svg = render_svg(&results(&[Some(0.0), None, None, Some(0.0)]));
    assert_eq!(polyline_lengths(&svg, "#0052A3"), vec![2], "legend only");
    assert_eq!(svg.matches("<circle").count(), 2 + 1);
}

#[test]
fn target_is_dashed_line_and_hollow_diamond() {
    let svg = render_svg(&sample());
    let dashed: Vec<&str> = svg
        .lines()
        .filter(|l| l.contains("stroke-dasharray"))
        .collect();
    // Across the plot at 1,000, and in the legend.
    assert_eq!(dashed.len(), 2, "{svg}");
    assert!(dashed.iter().all(|l| l.contains(r##"stroke="#B34700""##)));
    let across = dashed[0];
    let y1 = across
        .split("y1=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    let y2 = across
        .split("y2=\"")
        .nth(1)
        .unwrap()
        .split('"')
        .next()
        .unwrap();
    assert_eq!(y1, y2, "horizontal: {across}");
    // Diamonds: white inside, outlined in the target colour (plot and legend).
    assert_eq!(svg.matches(r##"<polygon fill="#FFFFFF""##).count(), 2);
    assert_eq!(polyline_lengths(&svg, "#B34700"), vec![6, 6]);
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
    assert!(!svg.contains("<circle") && !svg.contains("stroke-dasharray"));
    assert!(
        texts(&svg).contains(&"令和3年度"),
        "categories are still labelled"
    );
    assert_valid(&svg);
}

#[test]
fn non_finite_values_are_missing() {
    let svg = render_svg(&results(&[
        Some(f64::NAN),
        Some(5.0),
        Some(f64::INFINITY),
        Some(-f64::INFINITY),
    ]));
    assert_eq!(svg.matches("<circle").count(), 1 + 1);
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
fn percent_values_keep_one_decimal() {
    let mut spec = results(&[Some(40.9), Some(38.2), Some(50.3), Some(46.2)]);
    spec.points
        .push(point("目標値", Some(60.0), PointKind::Target));
    let svg = render_svg(&spec);
    let texts = texts(&svg);
    for expected in ["40.9", "38.2", "50.3", "46.2", "60"] {
        assert!(
            texts.contains(&expected),
            "{expected} missing from {texts:?}"
        );
    }
}
