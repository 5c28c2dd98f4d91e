//! Drawing the chart with Plotters: the axes and their text, the dashed
//! target lines (above the grid, below the markers), then the data.

use std::convert::Infallible;
use std::ops::Range;
use std::rc::Rc;

use plotters::coord::Shift;
use plotters::coord::ranged1d::{DefaultFormatting, KeyPointHint};
use plotters::coord::types::RangedCoordf64;
use plotters::element::{ComposedElement, Polygon};
use plotters::prelude::*;
use plotters::style::text_anchor::{HPos, Pos, VPos};

use super::labels::{Rect, Segment, ValueLabel, XLabels, place_value_labels};
use super::scale::format_value;
use super::svg::{Canvas, DashedLine, JaSvgBackend};
use super::text::width_px;
use super::{ChartValue, Data, HEIGHT, PointKind, WIDTH};

const MARGIN_LEFT: u32 = 6;
/// Room for half a value label hanging past the last point.
const MARGIN_RIGHT: u32 = 14;
/// The row with the unit and the legend sits above the plot.
const PLOT_TOP: u32 = 34;
const MARGIN_BOTTOM: u32 = 2;
/// Vertical centre of the unit and legend row.
const LEGEND_Y: i32 = 14;

/// Tick labels, unit, legend, and value labels where they have room.
const FONT_PX: f64 = 14.0;
/// Value label sizes to try, largest first: long values (12,400.50) crowd
/// each other out at the size of the rest of the text.
const VALUE_LABEL_SIZES: [f64; 3] = [FONT_PX, 12.0, 11.0];
const NO_DATA_FONT_PX: f64 = 16.0;
/// The note at a point without a value: smaller and grey, as it is no value;
/// smaller still in a narrow column.
const GAP_NOTE_FONT_PX: [f64; 2] = [12.0, 10.0];
/// Written instead of a note too long for its column.
const GAP_NOTE_FALLBACK: &str = "値なし";
/// Space kept free between a note and the neighbouring columns.
const GAP_NOTE_AIR: f64 = 4.0;
/// Distance between x label lines, in em.
const LINE_HEIGHT: f64 = 1.25;
/// From the x axis to the first line of its labels.
const X_LABEL_PAD: f64 = 6.0;
const TICK_SIZE: i32 = 4;
/// Plotters puts y labels this far from the axis (twice the tick size).
const Y_LABEL_DIST: f64 = 2.0 * TICK_SIZE as f64;
/// Long tick labels (huge values) may not squeeze the plot below this share.
const MAX_Y_LABEL_SHARE: f64 = 0.4;

/// Text colours have at least 4.5:1 contrast on white (WCAG AA).
const TEXT: RGBColor = RGBColor(0x1a, 0x1a, 0x1a);
const RESULT: RGBColor = RGBColor(0x00, 0x52, 0xa3);
const TARGET: RGBColor = RGBColor(0xb3, 0x47, 0x00);
const AXIS: RGBColor = RGBColor(0x59, 0x59, 0x59);
const GRID: RGBColor = RGBColor(0xdd, 0xdd, 0xdd);

const LINE_WIDTH: u32 = 2;
const MARKER_R: i32 = 4;
const DIAMOND_R: i32 = 6;
/// Dash and gap of the target lines.
const TARGET_DASH: (u32, u32) = (6, 4);
/// Space between a point's marker and its value label.
const LABEL_GAP: f64 = 3.0;
const LEGEND_SAMPLE_W: i32 = 24;
const LEGEND_TEXT_GAP: i32 = 4;
const LEGEND_ITEM_GAP: i32 = 14;

type Root<'b> = DrawingArea<JaSvgBackend<'b>, Shift>;
type Chart<'a, 'b> = ChartContext<'a, JaSvgBackend<'b>, Cartesian2d<RangedCoordf64, YAxis>>;
type DrawResult<T> = Result<T, DrawingAreaErrorKind<Infallible>>;

/// The y axis for Plotters: linear, with ticks exactly at the scale's values.
/// (Plotters' `with_key_points` does this too, but an f64 axis wrapped that
/// way loses `configure_mesh`.)
struct YAxis {
    linear: RangedCoordf64,
    ticks: Vec<f64>,
}

impl Ranged for YAxis {
    type FormatOption = DefaultFormatting;
    type ValueType = f64;

    fn map(&self, value: &f64, limit: (i32, i32)) -> i32 {
        self.linear.map(value, limit)
    }

    fn key_points<H: KeyPointHint>(&self, hint: H) -> Vec<f64> {
        // Ticks get bold (grid) lines; there are no light lines in between.
        if hint.weight().allow_light_points() {
            Vec::new()
        } else {
            self.ticks.clone()
        }
    }

    fn range(&self) -> Range<f64> {
        self.linear.range()
    }
}

/// The two series a reader tells apart.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Series {
    /// Baseline and results: solid line, filled circles.
    Results,
    /// Target: dashed line, hollow diamond.
    Target,
}

impl Series {
    fn name(self) -> &'static str {
        match self {
            Series::Results => "実績",
            Series::Target => "目標値",
        }
    }
}

struct LegendItem {
    series: Series,
    /// Left end of the line sample.
    x: i32,
}

/// Sizes that depend on the text, computed before drawing.
pub(super) struct Layout {
    y_label_w: u32,
    x_labels: Rc<XLabels>,
    x_label_h: u32,
    legend: Vec<LegendItem>,
}

impl Layout {
    pub(super) fn new(data: &Data) -> Self {
        let y_label_w = y_label_width(data);
        let categories = data.labels.len().max(1) as f64;
        let plot_w = f64::from(WIDTH - MARGIN_LEFT - MARGIN_RIGHT - y_label_w);
        let labels: Vec<&str> = data.labels.iter().map(|l| l.as_ref()).collect();
        let x_labels = XLabels::fit_remembered(&labels, plot_w / categories);
        let text_h = x_labels.line_count() as f64 * x_labels.font_px * LINE_HEIGHT;
        Self {
            y_label_w,
            x_label_h: (X_LABEL_PAD + text_h).ceil() as u32,
            x_labels,
            legend: legend(data),
        }
    }
}

fn y_label_width(data: &Data) -> u32 {
    let widest = data.scale.as_ref().map_or(0.0, |scale| {
        scale
            .ticks()
            .into_iter()
            .map(|t| width_px(&scale.tick_label(t), FONT_PX))
            .fold(0.0, f64::max)
    });
    let max = f64::from(WIDTH) * MAX_Y_LABEL_SHARE;
    (widest + Y_LABEL_DIST + 2.0).min(max).ceil() as u32
}

/// Legend entries for the series present, right-aligned above the plot.
fn legend(data: &Data) -> Vec<LegendItem> {
    let present = [
        (data.plotted(false).next().is_some(), Series::Results),
        (data.plotted(true).next().is_some(), Series::Target),
    ];
    let mut right = (WIDTH - MARGIN_RIGHT) as i32;
    let mut items: Vec<LegendItem> = present
        .into_iter()
        .rev()
        .filter(|(shown, _)| *shown)
        .map(|(_, series)| {
            let text_w = width_px(series.name(), FONT_PX).ceil() as i32;
            let x = right - text_w - LEGEND_TEXT_GAP - LEGEND_SAMPLE_W;
            right = x - LEGEND_ITEM_GAP;
            LegendItem { series, x }
        })
        .collect();
    items.reverse();
    items
}

/// The chart's SVG elements, without the root `<svg>` element.
pub(super) fn draw(data: &Data, layout: &Layout) -> DrawResult<String> {
    let mut canvas = Canvas::default();
    {
        let root = JaSvgBackend::new(&mut canvas, (WIDTH, HEIGHT)).into_drawing_area();
        // Opaque, so the chart stays legible on a dark page.
        root.fill(&WHITE)?;
        let mut chart = build_chart(data, layout, &root)?;
        draw_axes(data, layout, &root, &mut chart)?;
        draw_target_lines(data, layout, &root, &chart)?;
        draw_data(data, layout, &root, &mut chart)?;
    }
    let mut svg = String::with_capacity(2048);
    canvas.write(&mut svg);
    Ok(svg)
}

/// The chart's coordinates: categories at 0, 1, 2…, values on the y scale
/// (0 to 1 without data).
fn build_chart<'a, 'b>(
    data: &Data,
    layout: &Layout,
    root: &'a Root<'b>,
) -> DrawResult<Chart<'a, 'b>> {
    let last = data.labels.len().max(1) as f64 - 1.0;
    let y = data.scale.as_ref().map_or(
        YAxis {
            linear: (0.0..1.0).into(),
            ticks: Vec::new(),
        },
        |s| YAxis {
            linear: (s.lo..s.hi).into(),
            ticks: s.ticks(),
        },
    );
    ChartBuilder::on(root)
        .margin_left(MARGIN_LEFT)
        .margin_right(MARGIN_RIGHT)
        .margin_top(PLOT_TOP)
        .margin_bottom(MARGIN_BOTTOM)
        .x_label_area_size(layout.x_label_h)
        .y_label_area_size(layout.y_label_w)
        .build_cartesian_2d(-0.5..last + 0.5, y)
}

/// The plot area in px.
fn plot_rect(chart: &Chart) -> Rect {
    let (x, y) = chart.plotting_area().get_pixel_range();
    Rect {
        left: f64::from(x.start),
        top: f64::from(y.start),
        right: f64::from(x.end),
        bottom: f64::from(y.end),
    }
}

/// The dashed target lines: across the plot at each target value, and the
/// legend's sample.
fn draw_target_lines(data: &Data, layout: &Layout, root: &Root, chart: &Chart) -> DrawResult<()> {
    let legend = layout
        .legend
        .iter()
        .filter(|item| item.series == Series::Target)
        .map(|item| ((item.x, LEGEND_Y), (item.x + LEGEND_SAMPLE_W, LEGEND_Y)));
    for (from, to) in target_line_ends(data, chart).into_iter().chain(legend) {
        root.draw(&DashedLine {
            ends: [from, to],
            style: TARGET.stroke_width(LINE_WIDTH),
            dash: TARGET_DASH,
        })?;
    }
    Ok(())
}

/// Ends of the dashed lines across the plot, one per distinct target value.
fn target_line_ends(data: &Data, chart: &Chart) -> Vec<((i32, i32), (i32, i32))> {
    let mut ys: Vec<i32> = data
        .plotted(true)
        .map(|(i, v)| chart.backend_coord(&(i as f64, v.number)).1)
        .collect();
    ys.sort_unstable();
    ys.dedup();
    // The pixel range is half-open; end where the grid lines end.
    let (x, _) = chart.plotting_area().get_pixel_range();
    ys.into_iter()
        .map(|y| ((x.start, y), (x.end - 1, y)))
        .collect()
}

/// A text style in px; the backend sets the font family.
fn font(px: f64, color: &'static RGBColor, h: HPos, v: VPos) -> TextStyle<'static> {
    TextStyle::from(FontDesc::new(FontFamily::SansSerif, px, FontStyle::Normal))
        .color(color)
        .pos(Pos::new(h, v))
}

/// Grid, axes, tick and category labels, unit, legend text.
fn draw_axes(data: &Data, layout: &Layout, root: &Root, chart: &mut Chart) -> DrawResult<()> {
    let tick_label = |v: &f64| {
        data.scale
            .as_ref()
            .map_or_else(String::new, |s| s.tick_label(*v))
    };
    chart
        .configure_mesh()
        .disable_x_mesh()
        .x_labels(0)
        .bold_line_style(GRID.stroke_width(1))
        .axis_style(AXIS.stroke_width(1))
        .set_all_tick_mark_size(TICK_SIZE)
        .y_label_style(font(FONT_PX, &TEXT, HPos::Right, VPos::Center))
        .y_label_formatter(&tick_label)
        .draw()?;
    draw_zero_line(data, chart)?;
    draw_x_labels(layout, root, chart)?;
    // Text is drawn with a borrowed style: each owned one is two strings
    // (Plotters' font names), and a chart has some twenty texts.
    let left = font(FONT_PX, &TEXT, HPos::Left, VPos::Center);
    if !data.unit.is_empty() {
        let unit = format!("（{}）", data.unit);
        root.draw_text(&unit, &left, (MARGIN_LEFT as i32, LEGEND_Y))?;
    }
    for item in &layout.legend {
        let x = item.x + LEGEND_SAMPLE_W + LEGEND_TEXT_GAP;
        root.draw_text(item.series.name(), &left, (x, LEGEND_Y))?;
    }
    if data.scale.is_none() {
        let plot = plot_rect(chart);
        let centre = (
            (plot.left + plot.right) / 2.0,
            (plot.top + plot.bottom) / 2.0,
        );
        let style = font(NO_DATA_FONT_PX, &TEXT, HPos::Center, VPos::Center);
        root.draw_text("数値データなし", &style, (centre.0 as i32, centre.1 as i32))?;
    }
    Ok(())
}

/// With negative values the x axis is not at 0, so mark 0 like an axis.
fn draw_zero_line(data: &Data, chart: &mut Chart) -> DrawResult<()> {
    if data.scale.as_ref().is_some_and(|s| s.lo < 0.0) {
        let (left, right) = (chart.x_range().start, chart.x_range().end);
        let line = PathElement::new(vec![(left, 0.0), (right, 0.0)], AXIS.stroke_width(1));
        chart.plotting_area().draw(&line)?;
    }
    Ok(())
}

/// Category labels, centred under their category, one `<text>` a line.
fn draw_x_labels(layout: &Layout, root: &Root, chart: &Chart) -> DrawResult<()> {
    let labels = &layout.x_labels;
    let style = font(labels.font_px, &TEXT, HPos::Center, VPos::Top);
    let top = plot_rect(chart).bottom + X_LABEL_PAD;
    for (i, lines) in labels.lines.iter().enumerate() {
        let x = chart.backend_coord(&(i as f64, 0.0)).0;
        for (n, line) in lines.iter().enumerate() {
            let y = top + n as f64 * labels.font_px * LINE_HEIGHT;
            root.draw_text(line, &style, (x, y.round() as i32))?;
        }
    }
    Ok(())
}

/// Result lines and markers, target markers, value labels, legend samples.
fn draw_data(data: &Data, layout: &Layout, root: &Root, chart: &mut Chart) -> DrawResult<()> {
    let runs = result_runs(data);
    let lines: Vec<Segment> = (runs.iter())
        .flat_map(|run| run.windows(2))
        .map(|ends| (px(chart, ends[0]), px(chart, ends[1])))
        .collect();
    for run in runs {
        chart.draw_series(LineSeries::new(run, RESULT.stroke_width(LINE_WIDTH)))?;
    }
    let results = data.plotted(false).map(|(i, v)| (i as f64, v.number));
    chart.draw_series(results.map(|at| Circle::new(at, MARKER_R, RESULT.filled())))?;
    let targets = data.plotted(true).map(|(i, v)| (i as f64, v.number));
    chart.draw_series(targets.map(diamond))?;
    let taken = draw_value_labels(data, root, chart, &lines)?;
    draw_gap_notes(data, root, chart, taken)?;
    draw_legend_samples(layout, root)
}

/// A point of the chart's coordinates in px.
fn px(chart: &Chart, at: (f64, f64)) -> (f64, f64) {
    let (x, y) = chart.backend_coord(&at);
    (f64::from(x), f64::from(y))
}

/// The results as runs of consecutive values: a missing value ends a run,
/// so the line has a gap there instead of bridging it. Runs of one point
/// are only a marker. Targets are not part of the line.
fn result_runs(data: &Data) -> Vec<Vec<(f64, f64)>> {
    let mut runs = Vec::new();
    let mut run = Vec::new();
    for (i, (value, kind)) in data.values.iter().zip(&data.kinds).enumerate() {
        match (kind, value) {
            (PointKind::Target, _) => {}
            (_, Some(v)) => run.push((i as f64, v.number)),
            (_, None) => runs.push(std::mem::take(&mut run)),
        }
    }
    runs.push(run);
    runs.retain(|run| run.len() > 1);
    runs
}

/// A white diamond and its outline, in px around a point at `C`.
type Diamond<C, DB> = ComposedElement<C, DB, Polygon<(i32, i32)>, PathElement<(i32, i32)>>;

/// The target marker: a hollow diamond, white inside so the dashed line
/// through it does not show.
fn diamond<C, DB: DrawingBackend>(at: C) -> Diamond<C, DB> {
    let r = DIAMOND_R;
    let corners = [(0, -r), (r, 0), (0, r), (-r, 0)];
    // Going round one edge twice gives the first corner a proper join.
    let outline = [corners.as_slice(), &corners[..2]].concat();
    EmptyElement::at(at)
        + Polygon::new(corners.to_vec(), WHITE.filled())
        + PathElement::new(outline, TARGET.stroke_width(LINE_WIDTH))
}

/// Value labels next to their points, in the largest of
/// [`VALUE_LABEL_SIZES`] at which each finds a place (else the one placing
/// the most); targets first, so that a crowded chart drops a result's label
/// rather than the target's; clear of the results' `lines` where they can
/// be, and of every marker. Returns the boxes the labels, the markers and
/// the dashed lines take.
fn draw_value_labels(
    data: &Data,
    root: &Root,
    chart: &Chart,
    lines: &[Segment],
) -> DrawResult<Vec<Rect>> {
    let points: Vec<(usize, &ChartValue, bool)> = data
        .plotted(true)
        .map(|(i, v)| (i, v, true))
        .chain(data.plotted(false).map(|(i, v)| (i, v, false)))
        .collect();
    let texts: Vec<String> = points
        .iter()
        .map(|&(_, v, _)| format_value(&v.written))
        .collect();
    let marker_r = |is_target| f64::from(if is_target { DIAMOND_R } else { MARKER_R });
    let markers = points.iter().map(|&(i, v, is_target)| {
        let ((x, y), r) = (px(chart, (i as f64, v.number)), marker_r(is_target));
        Rect {
            left: x - r,
            top: y - r,
            right: x + r,
            bottom: y + r,
        }
    });
    let bands: Vec<Rect> = target_line_bands(data, chart)
        .into_iter()
        .chain(markers)
        .collect();
    let place_at = |font_px: f64| {
        let boxes: Vec<ValueLabel> = points
            .iter()
            .zip(&texts)
            .map(|(&(i, v, is_target), text)| {
                ValueLabel {
                    at: px(chart, (i as f64, v.number)),
                    // A pixel of air on either side.
                    width: width_px(text, font_px) + 2.0,
                    // Digits reach from the top to about 0.8 em down.
                    height: (font_px * 0.8).ceil(),
                    clearance: marker_r(is_target) + LABEL_GAP,
                    prefer_below: !is_target && is_valley(data, i, v.number),
                    beside: true,
                }
            })
            .collect();
        let placed = place_value_labels(
            &boxes,
            bands.clone(),
            lines,
            plot_rect(chart),
            f64::from(WIDTH),
        );
        (font_px, placed)
    };
    let shown = |(_, placed): &(f64, Vec<Option<Rect>>)| placed.iter().flatten().count();
    let [largest, smaller @ ..] = VALUE_LABEL_SIZES;
    let mut best = place_at(largest);
    for font_px in smaller {
        if shown(&best) == points.len() {
            break;
        }
        let next = place_at(font_px);
        if shown(&next) > shown(&best) {
            best = next;
        }
    }
    let (font_px, placed) = best;
    let mut taken = bands;
    let [result_style, target_style] =
        [&TEXT, &TARGET].map(|color| font(font_px, color, HPos::Center, VPos::Top));
    for ((&(_, _, is_target), text), rect) in points.iter().zip(texts).zip(placed) {
        let Some(rect) = rect else { continue };
        taken.push(rect);
        let style = if is_target {
            &target_style
        } else {
            &result_style
        };
        let at = (
            ((rect.left + rect.right) / 2.0).round() as i32,
            rect.top.round() as i32,
        );
        root.draw_text(&text, style, at)?;
    }
    Ok(taken)
}

/// A note in the column of each point without a value (値なし, 集計中), low in
/// the plot where the free space usually is, else in its middle, clear of
/// the `taken` boxes; left out where it fits nowhere, as the table and the
/// chart's description still say it. (The results' line has a gap there.)
fn draw_gap_notes(data: &Data, root: &Root, chart: &Chart, mut taken: Vec<Rect>) -> DrawResult<()> {
    if data.scale.is_none() {
        return Ok(()); // the plot says 数値データなし
    }
    let plot = plot_rect(chart);
    let room = (plot.right - plot.left) / data.labels.len().max(1) as f64 - GAP_NOTE_AIR;
    for (i, note) in data.gap_notes.iter().enumerate() {
        let Some(note) = note else { continue };
        if data.values[i].is_some() {
            continue;
        }
        // A text too long for its column is still a gap with no value; a
        // smaller size before a shorter text.
        let fits = [note.as_ref(), GAP_NOTE_FALLBACK]
            .into_iter()
            .flat_map(|text| GAP_NOTE_FONT_PX.map(|px| (text, px, width_px(text, px) + 2.0)))
            .find(|&(_, _, width)| width <= room);
        let Some((text, px, width)) = fits else {
            continue;
        };
        let style = font(px, &AXIS, HPos::Center, VPos::Top);
        let x = f64::from(chart.backend_coord(&(i as f64, 0.0)).0);
        let spot = [plot.bottom, (plot.top + plot.bottom) / 2.0]
            .into_iter()
            .find_map(|y| {
                let note = ValueLabel {
                    at: (x, y),
                    width,
                    height: px,
                    clearance: LABEL_GAP,
                    prefer_below: false,
                    beside: false,
                };
                place_value_labels(&[note], taken.clone(), &[], plot, f64::from(WIDTH))[0]
            });
        let Some(rect) = spot else { continue };
        taken.push(rect);
        let at = (x.round() as i32, rect.top.round() as i32);
        root.draw_text(text, &style, at)?;
    }
    Ok(())
}

/// The dashed lines as boxes for value labels to avoid: text on a dashed
/// line is hard to read.
fn target_line_bands(data: &Data, chart: &Chart) -> Vec<Rect> {
    let half_width = f64::from(LINE_WIDTH);
    target_line_ends(data, chart)
        .into_iter()
        .map(|((x1, y), (x2, _))| Rect {
            left: f64::from(x1),
            top: f64::from(y) - half_width,
            right: f64::from(x2),
            bottom: f64::from(y) + half_width,
        })
        .collect()
}

/// Whether the line only rises from result `i` (at `value`) to its
/// neighbours: a label above would sit on the line, below it is free.
fn is_valley(data: &Data, i: usize, value: f64) -> bool {
    let mut neighbours = [i.wrapping_sub(1), i + 1]
        .into_iter()
        .filter(|&j| data.kinds.get(j).is_some_and(|k| *k != PointKind::Target))
        .filter_map(|j| data.values[j].map(|v| v.number))
        .peekable();
    neighbours.peek().is_some() && neighbours.all(|n| n > value)
}

fn draw_legend_samples(layout: &Layout, root: &Root) -> DrawResult<()> {
    for item in &layout.legend {
        let middle = (item.x + LEGEND_SAMPLE_W / 2, LEGEND_Y);
        match item.series {
            Series::Results => {
                let line = vec![(item.x, LEGEND_Y), (item.x + LEGEND_SAMPLE_W, LEGEND_Y)];
                root.draw(&PathElement::new(line, RESULT.stroke_width(LINE_WIDTH)))?;
                root.draw(&Circle::new(middle, MARKER_R, RESULT.filled()))?;
            }
            Series::Target => root.draw(&diamond(middle))?,
        }
    }
    Ok(())
}
