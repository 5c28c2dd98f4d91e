//! KPI chart (指標の推移グラフ).
//!
//! [`render_svg`] draws a KPI's baseline, yearly results and target as a
//! small line chart in SVG, with Plotters, for the measure page to show
//! inline. The SVG
//!
//! * names and describes itself to assistive technology (`role="img"`,
//!   `<title>`, `<desc>`),
//! * scales to its container (`viewBox`, `width="100%"`, class `kpi-chart`),
//! * tells the target from the results without colour: a hollow diamond and a
//!   dashed line against filled circles and a solid line, plus a legend,
//! * has an opaque white background,
//! * leaves text to the browser and its Japanese fonts (see [`text`]),
//! * needs no stylesheet, and is written compactly (see [`svg`]), and
//! * is the same bytes for the same spec.

mod draw;
mod labels;
mod scale;
mod svg;
mod text;

use std::borrow::Cow;
use std::fmt::Write as _;
use std::sync::atomic::{AtomicU64, Ordering};
use std::time::{Duration, Instant};

use scale::{YScale, is_plottable};
use svg::push_escaped;

/// Which column of the report a chart point comes from.
#[derive(Debug, Clone, Copy, PartialEq, Eq)]
pub enum PointKind {
    Baseline,
    Result,
    Target,
}

#[derive(Debug, Clone)]
pub struct ChartPoint {
    /// x-axis label, e.g. "基準値" or "令和3年度" (may be two-line: use '\n' to split lines, e.g. "基準値\n令和2年度")
    pub label: String,
    /// None = no numeric value (written "—" or a text such as 集計中): a gap, never zero
    pub value: Option<ChartValue>,
    pub kind: PointKind,
    /// Written at the point when it has no value, so that a gap in the line
    /// says why: 値なし for —, or the report's text (集計中). `None` for a
    /// number.
    pub gap_note: Option<String>,
}

/// A point's number: where it is drawn, and what its label says.
#[derive(Debug, Clone)]
pub struct ChartValue {
    pub number: f64,
    /// The number as the report writes it, as a plain decimal ("1338",
    /// "1.35", "13.0", "-3"): the label keeps its digits, which the number
    /// does not (13.0 is 13).
    pub written: String,
}

#[derive(Debug, Clone)]
pub struct ChartSpec {
    /// unique within the page, ASCII [a-z0-9-]; used for the ids of <title>/<desc>
    pub id: String,
    /// accessible name, e.g. "AI・RPA等の利活用により削減した業務時間の推移"
    pub title: String,
    /// accessible description in Japanese, a sentence listing every value, written by the caller
    pub description: String,
    /// unit shown on the y axis, e.g. "時間", "%", "人"; may be empty
    pub unit: String,
    pub points: Vec<ChartPoint>,
}

/// Size of the drawing in SVG user units; the SVG scales to its container.
const WIDTH: u32 = 360;
const HEIGHT: u32 = 300;

/// Returns the `<svg>…</svg>` element for an HTML page, deterministic (same
/// spec ⇒ same bytes). It has no `xmlns`: HTML gives it the SVG namespace.
///
/// Values that are not finite, or beyond ±1e300, are drawn as missing.
pub fn render_svg(spec: &ChartSpec) -> String {
    let started = Instant::now();
    let data = Data::new(spec);
    let layout = draw::Layout::new(&data);
    // Drawing into a String cannot fail in practice; should Plotters report
    // an error anyway, the chart is left out but the SVG stays valid and
    // keeps its accessible name and description.
    let body = draw::draw(&data, &layout).unwrap_or_default();
    let svg = wrap_in_svg(spec, &body);
    let nanos = u64::try_from(started.elapsed().as_nanos()).unwrap_or(u64::MAX);
    DRAWING_NANOS.fetch_add(nanos, Ordering::Relaxed);
    svg
}

/// Time all threads spent in [`render_svg`], for `hyoka build --verbose`.
static DRAWING_NANOS: AtomicU64 = AtomicU64::new(0);

/// Total time spent drawing charts by every thread of this process so far.
/// A build reports the difference between two readings (the clock reads
/// cost about 50 ns a chart, against tens of microseconds of drawing).
pub fn drawing_time() -> Duration {
    Duration::from_nanos(DRAWING_NANOS.load(Ordering::Relaxed))
}

/// The spec as drawn: text safe for XML, values that can be plotted.
struct Data<'s> {
    labels: Vec<Cow<'s, str>>,
    unit: Cow<'s, str>,
    kinds: Vec<PointKind>,
    gap_notes: Vec<Option<Cow<'s, str>>>,
    /// Each point's value, if it can be plotted.
    values: Vec<Option<&'s ChartValue>>,
    /// The y axis, `None` when no point has a value.
    scale: Option<YScale>,
}

impl<'s> Data<'s> {
    fn new(spec: &'s ChartSpec) -> Self {
        let values: Vec<Option<&ChartValue>> = spec
            .points
            .iter()
            .map(|p| p.value.as_ref().filter(|v| is_plottable(v.number)))
            .collect();
        Self {
            labels: spec.points.iter().map(|p| xml_chars(&p.label)).collect(),
            unit: xml_chars(spec.unit.trim()),
            kinds: spec.points.iter().map(|p| p.kind).collect(),
            gap_notes: spec
                .points
                .iter()
                .map(|p| p.gap_note.as_deref().map(xml_chars))
                .collect(),
            // Percentages that stay within 100 get an axis that ends there.
            scale: YScale::for_values(
                values.iter().flatten().map(|v| v.number),
                matches!(spec.unit.trim(), "%" | "％").then_some(100.0),
            ),
            values,
        }
    }

    /// `(index, value)` of the points with a value, targets or the others.
    fn plotted(&self, targets: bool) -> impl Iterator<Item = (usize, &'s ChartValue)> + '_ {
        self.values
            .iter()
            .zip(&self.kinds)
            .enumerate()
            .filter(move |(_, (_, kind))| (**kind == PointKind::Target) == targets)
            .filter_map(|(i, (value, _))| value.map(|v| (i, v)))
    }
}

/// The root element around the drawn `body`, with the chart's name and
/// description. The font family is a fallback for a page without hyoka's
/// stylesheet, which gives the chart the page's own (Japanese) fonts; any
/// sans-serif font of a Japanese page has Japanese glyphs.
fn wrap_in_svg(spec: &ChartSpec, body: &str) -> String {
    let mut svg = String::with_capacity(body.len() + 256 + spec.description.len());
    let id = xml_chars(&spec.id);
    let _ = write!(
        svg,
        r#"<svg class="kpi-chart" width="100%" viewBox="0 0 {WIDTH} {HEIGHT}" font-family="sans-serif" role="img" aria-labelledby=""#
    );
    // Named by its description alone: the figure's caption says the title,
    // and a screen reader would read it twice (the <title> is the tooltip).
    push_escaped(&mut svg, &id);
    svg.push_str("-desc\"><title>");
    push_escaped(&mut svg, &xml_chars(&spec.title));
    svg.push_str("</title><desc id=\"");
    push_escaped(&mut svg, &id);
    svg.push_str("-desc\">");
    push_escaped(&mut svg, &xml_chars(&spec.description));
    svg.push_str("</desc>");
    svg.push_str(body);
    svg.push_str("</svg>");
    svg
}

/// `text` with the characters XML 1.0 forbids (most control characters)
/// replaced by U+FFFD, since escaping cannot make them valid.
fn xml_chars(text: &str) -> Cow<'_, str> {
    let allowed = |c: char| matches!(c, '\t' | '\n' | '\r' | '\u{20}'..='\u{D7FF}' | '\u{E000}'..='\u{FFFD}' | '\u{10000}'..);
    if text.chars().all(allowed) {
        Cow::Borrowed(text)
    } else {
        Cow::Owned(
            text.chars()
                .map(|c| if allowed(c) { c } else { '\u{FFFD}' })
                .collect(),
        )
    }
}

#[cfg(test)]
mod tests;
