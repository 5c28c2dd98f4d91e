//! The chart's SVG, written as compactly as the picture allows.
//!
//! Every measure page carries its charts inline, a hundred thousand of them at
//! national scale, so each byte of a chart counts. [`JaSvgBackend`] is the
//! Plotters backend the chart is drawn on; it records what Plotters draws in a
//! [`Canvas`], which [`Canvas::write`] then writes with few elements:
//!
//! * Every shape is path data, and shapes painted alike share one `<path>`
//!   (the grid lines, the axes with their tick marks, the result markers…).
//!   A shape joins the latest path of its paint when nothing drawn since then
//!   overlaps it, so painting it earlier changes nothing; and for opaque
//!   paint, one path paints the same shapes as its subpaths one by one (the
//!   browser may shade a few anti-aliased edge pixels differently).
//! * A filled circle is a round dot: a line of no length with round caps as
//!   wide as the circle, a few bytes of path data instead of an element.
//! * Text comes after the shapes, one group per style (size, colour,
//!   anchor) carrying what its `<text>` elements share, inside one group
//!   with the size and colour most text has. The chart places its labels
//!   clear of the shapes (Plotters merely draws each tick label between two
//!   tick marks), so the text lies above the same shapes as before.
//! * The vertical anchor is folded into `y` (`dy` cannot be shared by a group).
//! * Coordinates are whole px, relative within a path; nothing is written that
//!   SVG assumes anyway (stroke width 1, `text-anchor` start, full opacity).
//!
//! Text is measured by East Asian width ([`super::text`]).

use std::convert::Infallible;
use std::fmt::Write as _;

use plotters::element::{Drawable, PointCollection};
use plotters::style::ShapeStyle;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform, text_anchor,
};

use super::text::width_px;

/// Where the baseline sits below the anchor, in em, for each vertical anchor:
/// the text's top is about 0.76 em above the baseline in Japanese fonts, and
/// half the height of a lower-case x is 0.27 em (Noto Sans JP's x-height is
/// 0.543 em). These are the offsets Plotters' own SVG backend writes as `dy`
/// (0.76em, ±0.5ex).
fn baseline_em(v_pos: text_anchor::VPos) -> f64 {
    match v_pos {
        text_anchor::VPos::Top => 0.76,
        text_anchor::VPos::Center => 0.27,
        text_anchor::VPos::Bottom => -0.27,
    }
}

/// A colour with its opacity.
#[derive(Debug, Clone, Copy, PartialEq)]
struct Color {
    rgb: (u8, u8, u8),
    alpha: f64,
}

impl From<BackendColor> for Color {
    fn from(color: BackendColor) -> Self {
        Self {
            rgb: color.rgb,
            alpha: color.alpha,
        }
    }
}

impl Color {
    /// ` key="#RGB"` (or `#RRGGBB`), then its opacity unless full.
    fn write(self, svg: &mut String, key: &str) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = self.rgb;
        let _ = write!(svg, " {key}=\"#");
        let short = [r, g, b].iter().all(|byte| byte >> 4 == byte & 0xf);
        for byte in [r, g, b] {
            svg.push(char::from(HEX[usize::from(byte >> 4)]));
            if !short {
                svg.push(char::from(HEX[usize::from(byte & 0xf)]));
            }
        }
        svg.push('"');
        if self.alpha != 1.0 {
            let _ = write!(svg, " {key}-opacity=\"{}\"", self.alpha);
        }
    }
}

/// How a path is painted.
#[derive(Debug, Clone, Copy, PartialEq)]
enum Paint {
    /// Outlines: lines, polylines, rectangles and circles not filled.
    Stroke {
        color: Color,
        width: u32,
        /// Lengths of dash and gap, for a dashed line.
        dash: Option<(u32, u32)>,
    },
    /// Filled polygons and rectangles.
    Fill(Color),
    /// Filled circles of one diameter, as round dots (see the module).
    Dot { color: Color, diameter: u32 },
}

impl Paint {
    fn color(self) -> Color {
        match self {
            Paint::Stroke { color, .. } | Paint::Fill(color) | Paint::Dot { color, .. } => color,
        }
    }

    /// How far the paint reaches beyond the points of its path data, in px.
    fn reach(self) -> i32 {
        let reach = match self {
            // Miter joins reach up to twice the width (SVG's miter limit is 4).
            Paint::Stroke { width, .. } => 2 * width,
            Paint::Fill(_) => 0,
            // A dot's path data is its centre.
            Paint::Dot { diameter, .. } => diameter.div_ceil(2),
        };
        // One more px for anti-aliasing.
        i32::try_from(reach).unwrap_or(i32::MAX / 2) + 1
    }

    fn write(self, svg: &mut String) {
        match self {
            Paint::Stroke { color, width, dash } => {
                svg.push_str(" fill=\"none\"");
                color.write(svg, "stroke");
                if width != 1 {
                    let _ = write!(svg, " stroke-width=\"{width}\"");
                }
                if let Some((dash, gap)) = dash {
                    let _ = write!(svg, " stroke-dasharray=\"{dash} {gap}\"");
                }
            }
            Paint::Fill(color) => color.write(svg, "fill"),
            // A dot encloses no area, so the default fill paints nothing.
            Paint::Dot { color, diameter } => {
                color.write(svg, "stroke");
                let _ = write!(svg, " stroke-width=\"{diameter}\" stroke-linecap=\"round\"");
            }
        }
    }
}

/// A box in px, edges included.
#[derive(Debug, Clone, Copy)]
struct Bounds {
    left: i32,
    top: i32,
    right: i32,
    bottom: i32,
}

impl Bounds {
    fn at((x, y): BackendCoord) -> Self {
        Bounds {
            left: x,
            top: y,
            right: x,
            bottom: y,
        }
    }

    fn around(points: &[BackendCoord]) -> Option<Self> {
        let (&first, rest) = points.split_first()?;
        Some(rest.iter().fold(Self::at(first), |bounds, &point| {
            bounds.union(Self::at(point))
        }))
    }

    fn grown(self, by: i32) -> Self {
        Bounds {
            left: self.left.saturating_sub(by),
            top: self.top.saturating_sub(by),
            right: self.right.saturating_add(by),
            bottom: self.bottom.saturating_add(by),
        }
    }

    fn union(self, other: Bounds) -> Self {
        Bounds {
            left: self.left.min(other.left),
            top: self.top.min(other.top),
            right: self.right.max(other.right),
            bottom: self.bottom.max(other.bottom),
        }
    }

    fn overlaps(self, other: Bounds) -> bool {
        self.left <= other.right
            && other.left <= self.right
            && self.top <= other.bottom
            && other.top <= self.bottom
    }
}

/// SVG path data: subpaths start with an absolute move, segments are relative.
#[derive(Debug, Default)]
struct PathData {
    d: String,
    /// The last command written, which the next segment need not repeat.
    command: char,
    /// The current point, and where the current subpath started.
    at: BackendCoord,
    start: BackendCoord,
}

impl PathData {
    /// Writes `command` (unless it repeats the last one) and its numbers,
    /// spaced only where a number does not start with its own minus sign.
    fn push(&mut self, command: char, numbers: &[i32]) {
        let repeats = command == self.command && matches!(command, 'h' | 'v' | 'l');
        if !repeats {
            self.d.push(command);
            self.command = command;
        }
        for (i, &n) in numbers.iter().enumerate() {
            if n >= 0 && (i > 0 || repeats) {
                self.d.push(' ');
            }
            push_int(&mut self.d, n.into());
        }
    }

    fn move_to(&mut self, to: BackendCoord) {
        self.push('M', &[to.0, to.1]);
        (self.at, self.start) = (to, to);
    }

    fn line_to(&mut self, to: BackendCoord) {
        let (dx, dy) = (to.0 - self.at.0, to.1 - self.at.1);
        match (dx, dy) {
            (_, 0) => self.push('h', &[dx]),
            (0, _) => self.push('v', &[dy]),
            _ => self.push('l', &[dx, dy]),
        }
        self.at = to;
    }

    fn polyline(&mut self, points: &[BackendCoord]) {
        if let Some((&first, rest)) = points.split_first() {
            self.move_to(first);
            for &point in rest {
                self.line_to(point);
            }
        }
    }

    /// Closes the subpath, so that an outline joins at its start.
    fn close(&mut self) {
        self.push('z', &[]);
        self.at = self.start;
    }
}

/// Appends `value` in decimal (without the formatting machinery: a chart
/// writes a few hundred numbers).
fn push_int(buf: &mut String, value: i64) {
    let mut digits = [0u8; 20];
    let mut at = digits.len();
    let mut rest = value.unsigned_abs();
    loop {
        at -= 1;
        digits[at] = b'0' + (rest % 10) as u8;
        rest /= 10;
        if rest == 0 {
            break;
        }
    }
    if value < 0 {
        buf.push('-');
    }
    for &digit in &digits[at..] {
        buf.push(char::from(digit));
    }
}

/// Shapes painted alike, in one `<path>`.
#[derive(Debug)]
struct Path {
    paint: Paint,
    data: PathData,
    /// What the path paints may reach this far.
    bounds: Bounds,
}

/// What a run of `<text>` elements shares.
#[derive(Debug, Clone, Copy, PartialEq)]
struct TextStyle {
    size: f64,
    color: Color,
    anchor: &'static str,
    /// `font-weight` or `font-style`, and its value, unless normal.
    font_style: Option<(&'static str, &'static str)>,
}

impl TextStyle {
    /// The attributes of `self` that differ from `outer`, the group around it.
    fn write_unlike(&self, outer: &TextStyle, svg: &mut String) {
        if self.size != outer.size {
            let _ = write!(svg, " font-size=\"{}\"", self.size);
        }
        if self.color != outer.color {
            self.color.write(svg, "fill");
        }
        if self.anchor != outer.anchor {
            let _ = write!(svg, " text-anchor=\"{}\"", self.anchor);
        }
        if self.font_style != outer.font_style
            && let Some((key, value)) = self.font_style
        {
            let _ = write!(svg, " {key}=\"{value}\"");
        }
    }
}

#[derive(Debug)]
struct Text {
    style: TextStyle,
    /// Where the baseline starts (or is centred, or ends).
    at: BackendCoord,
    /// Degrees clockwise around the anchor Plotters gave.
    rotation: Option<(u16, BackendCoord)>,
    text: String,
}

impl Text {
    fn write(&self, attributes: &str, svg: &mut String) {
        svg.push_str("<text x=\"");
        push_int(svg, self.at.0.into());
        svg.push_str("\" y=\"");
        push_int(svg, self.at.1.into());
        svg.push('"');
        if let Some((degrees, (x, y))) = self.rotation {
            let _ = write!(svg, " transform=\"rotate({degrees} {x} {y})\"");
        }
        svg.push_str(attributes);
        svg.push('>');
        push_escaped(svg, &self.text);
        svg.push_str("</text>");
    }
}

/// What has been drawn, ready to be written.
#[derive(Debug, Default)]
pub struct Canvas {
    paths: Vec<Path>,
    texts: Vec<Text>,
}

impl Canvas {
    /// Adds a shape spanning `bounds` (before the paint's reach), whose path
    /// data `draw` writes.
    fn add(&mut self, paint: Paint, bounds: Bounds, draw: impl FnOnce(&mut PathData)) {
        let bounds = bounds.grown(paint.reach());
        // Translucent shapes keep their own path: where two overlap, each
        // darkens the other, which one path would not do.
        let joined = if paint.color().alpha == 1.0 {
            self.latest_clear(paint, bounds)
        } else {
            None
        };
        match joined {
            Some(path) => {
                let path = &mut self.paths[path];
                draw(&mut path.data);
                path.bounds = path.bounds.union(bounds);
            }
            None => {
                let mut data = PathData::default();
                draw(&mut data);
                self.paths.push(Path {
                    paint,
                    data,
                    bounds,
                });
            }
        }
    }

    /// The latest path painted with `paint`, if no path after it reaches into `bounds`.
    fn latest_clear(&self, paint: Paint, bounds: Bounds) -> Option<usize> {
        for (i, path) in self.paths.iter().enumerate().rev() {
            if path.paint == paint {
                // Filled shapes that overlap stay apart: in one path, two
                // drawn in opposite directions would cancel out where they
                // overlap (SVG's nonzero fill rule). Strokes always add up.
                let fill = matches!(paint, Paint::Fill(_));
                return (!fill || !path.bounds.overlaps(bounds)).then_some(i);
            }
            if path.bounds.overlaps(bounds) {
                return None;
            }
        }
        None
    }

    /// Adds a line through `points` drawn in `style`, dashed or not.
    fn stroke(
        &mut self,
        points: &[BackendCoord],
        style: &impl BackendStyle,
        dash: Option<(u32, u32)>,
    ) {
        if let (Some(paint), Some(bounds), true) = (
            stroke_paint(style, dash),
            Bounds::around(points),
            points.len() > 1,
        ) {
            self.add(paint, bounds, |data| data.polyline(points));
        }
    }

    /// Writes what was drawn (the elements inside the chart's `<svg>`).
    pub fn write(&self, svg: &mut String) {
        for path in &self.paths {
            svg.push_str("<path");
            path.paint.write(svg);
            svg.push_str(" d=\"");
            svg.push_str(&path.data.d);
            svg.push_str("\"/>");
        }
        self.write_texts(svg);
    }

    fn write_texts(&self, svg: &mut String) {
        let mut styles: Vec<(TextStyle, usize)> = Vec::new();
        for text in &self.texts {
            match styles.iter_mut().find(|(style, _)| *style == text.style) {
                Some((_, count)) => *count += 1,
                None => styles.push((text.style, 1)),
            }
        }
        // The outer group gets the size and colour of the most common style
        // (`max_by_key` takes the last of equals, so the first of the reversed
        // list), and leaves anchor and font style to the inner groups.
        let Some(&(most, _)) = styles.iter().rev().max_by_key(|(_, count)| *count) else {
            return;
        };
        let outer = TextStyle {
            anchor: "start",
            font_style: None,
            ..most
        };
        let _ = write!(svg, "<g font-size=\"{}\"", outer.size);
        outer.color.write(svg, "fill");
        svg.push('>');
        let mut attributes = String::new();
        for (style, count) in styles {
            attributes.clear();
            style.write_unlike(&outer, &mut attributes);
            let texts = self.texts.iter().filter(|text| text.style == style);
            if count > 1 && !attributes.is_empty() {
                let _ = write!(svg, "<g{attributes}>");
                texts.for_each(|text| text.write("", svg));
                svg.push_str("</g>");
            } else {
                texts.for_each(|text| text.write(&attributes, svg));
            }
        }
        svg.push_str("</g>");
    }
}

/// Appends `text` escaped for XML content and attribute values.
pub(super) fn push_escaped(buf: &mut String, text: &str) {
    if !text
        .bytes()
        .any(|b| matches!(b, b'<' | b'>' | b'&' | b'"' | b'\''))
    {
        buf.push_str(text);
        return;
    }
    for c in text.chars() {
        match c {
            '<' => buf.push_str("&lt;"),
            '>' => buf.push_str("&gt;"),
            '&' => buf.push_str("&amp;"),
            '"' => buf.push_str("&quot;"),
            '\'' => buf.push_str("&apos;"),
            other => buf.push(other),
        }
    }
}

/// The Plotters backend of the chart: records into a [`Canvas`].
pub struct JaSvgBackend<'a> {
    canvas: &'a mut Canvas,
    size: (u32, u32),
}

impl<'a> JaSvgBackend<'a> {
    /// Draws a picture of `size` px into `canvas`.
    pub fn new(canvas: &'a mut Canvas, size: (u32, u32)) -> Self {
        Self { canvas, size }
    }
}

type BackendResult = Result<(), DrawingErrorKind<Infallible>>;

impl DrawingBackend for JaSvgBackend<'_> {
    type ErrorType = Infallible;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> BackendResult {
        Ok(())
    }

    fn present(&mut self) -> BackendResult {
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> BackendResult {
        self.draw_rect(point, (point.0 + 1, point.1 + 1), &color, true)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult {
        self.canvas.stroke(&[from, to], style, None);
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let (left, top) = upper_left;
        let (right, bottom) = bottom_right;
        let corners = [(left, top), (right, top), (right, bottom), (left, bottom)];
        if fill {
            fill_polygon(self.canvas, &corners, style.color());
        } else if let (Some(paint), Some(bounds)) =
            (stroke_paint(style, None), Bounds::around(&corners))
        {
            self.canvas.add(paint, bounds, |data| {
                data.polyline(&corners);
                data.close();
            });
        }
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult {
        let points: Vec<BackendCoord> = path.into_iter().collect();
        self.canvas.stroke(&points, style, None);
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult {
        let color = style.color();
        let r = i32::try_from(radius).unwrap_or(i32::MAX / 4);
        let (x, y) = center;
        if r == 0 {
            return Ok(());
        }
        if fill {
            if color.alpha != 0.0 {
                let paint = Paint::Dot {
                    color: color.into(),
                    diameter: radius.saturating_mul(2),
                };
                // `h0`: a line of no length, drawn as a dot by its round caps.
                self.canvas.add(paint, Bounds::at(center), |data| {
                    data.move_to(center);
                    data.push('h', &[0]);
                });
            }
        } else if let Some(paint) = stroke_paint(style, None) {
            let bounds = Bounds::at((x - r, y - r)).union(Bounds::at((x + r, y + r)));
            // Two half circles from the leftmost point.
            self.canvas.add(paint, bounds, |data| {
                data.move_to((x - r, y));
                data.push('a', &[r, r, 0, 1, 0, 2 * r, 0]);
                data.push('a', &[r, r, 0, 1, 0, -2 * r, 0]);
                data.close();
            });
        }
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> BackendResult {
        let corners: Vec<BackendCoord> = vert.into_iter().collect();
        fill_polygon(self.canvas, &corners, style.color());
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> BackendResult {
        let color = style.color();
        if color.alpha == 0.0 || text.is_empty() {
            return Ok(());
        }
        let anchor = style.anchor();
        let size = style.size();
        let baseline = (f64::from(pos.1) + baseline_em(anchor.v_pos) * size).round() as i32;
        let rotation = match style.transform() {
            FontTransform::None => None,
            FontTransform::Rotate90 => Some(90),
            FontTransform::Rotate180 => Some(180),
            FontTransform::Rotate270 => Some(270),
        };
        self.canvas.texts.push(Text {
            style: TextStyle {
                size,
                color: color.into(),
                anchor: match anchor.h_pos {
                    text_anchor::HPos::Left => "start",
                    text_anchor::HPos::Right => "end",
                    text_anchor::HPos::Center => "middle",
                },
                font_style: match style.style() {
                    FontStyle::Normal => None,
                    FontStyle::Bold => Some(("font-weight", "bold")),
                    FontStyle::Italic => Some(("font-style", "italic")),
                    FontStyle::Oblique => Some(("font-style", "oblique")),
                },
            },
            // Rotated text turns around the anchor, the offset to its baseline with it.
            at: (pos.0, baseline),
            rotation: rotation.map(|degrees| (degrees, pos)),
            text: text.to_string(),
        });
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> Result<(u32, u32), DrawingErrorKind<Infallible>> {
        let font_px = style.size();
        Ok((width_px(text, font_px).ceil() as u32, font_px.ceil() as u32))
    }
}

/// The paint of a line drawn in `style`, or None when it would not show.
fn stroke_paint(style: &impl BackendStyle, dash: Option<(u32, u32)>) -> Option<Paint> {
    let (color, width) = (style.color(), style.stroke_width());
    (color.alpha != 0.0 && width > 0).then(|| Paint::Stroke {
        color: color.into(),
        width,
        dash,
    })
}

/// Fills the polygon with `corners` (closed implicitly: filling needs no `z`).
fn fill_polygon(canvas: &mut Canvas, corners: &[BackendCoord], color: BackendColor) {
    if color.alpha == 0.0 || corners.len() < 3 {
        return;
    }
    if let Some(bounds) = Bounds::around(corners) {
        canvas.add(Paint::Fill(color.into()), bounds, |data| {
            data.polyline(corners);
        });
    }
}

/// A straight dashed line, drawn on the chart's root area in px. Plotters'
/// backends draw only solid lines (its dashed elements are many short ones).
pub struct DashedLine {
    pub ends: [BackendCoord; 2],
    pub style: ShapeStyle,
    /// Lengths of dash and gap.
    pub dash: (u32, u32),
}

impl<'a> PointCollection<'a, BackendCoord> for &'a DashedLine {
    type Point = &'a BackendCoord;
    type IntoIter = &'a [BackendCoord; 2];

    fn point_iter(self) -> Self::IntoIter {
        &self.ends
    }
}

impl Drawable<JaSvgBackend<'_>> for DashedLine {
    fn draw<I: Iterator<Item = BackendCoord>>(
        &self,
        points: I,
        backend: &mut JaSvgBackend<'_>,
        _: (u32, u32),
    ) -> BackendResult {
        let points: Vec<BackendCoord> = points.collect();
        backend.canvas.stroke(&points, &self.style, Some(self.dash));
        Ok(())
    }
}

#[cfg(test)]
mod tests {
    use plotters::coord::Shift;
    use plotters::prelude::{
        BLUE, Circle, DrawingArea, IntoDrawingArea, IntoFont, PathElement, Polygon, RED, RGBColor,
        Rectangle, TextStyle, WHITE,
    };
    use plotters::style::Color as _;
    use plotters::style::text_anchor::{HPos, Pos, VPos};

    use super::{Canvas, DashedLine, JaSvgBackend};

    /// What `draw` draws on a 100 × 50 px canvas, written.
    fn drawn(draw: impl FnOnce(&DrawingArea<JaSvgBackend<'_>, Shift>)) -> String {
        let mut canvas = Canvas::default();
        draw(&JaSvgBackend::new(&mut canvas, (100, 50)).into_drawing_area());
        let mut svg = String::new();
        canvas.write(&mut svg);
        svg
    }

    #[test]
    fn text_sizes_are_px_and_anchors_fold_into_y() {
        let svg = drawn(|root| {
            let style = TextStyle::from(("sans-serif", 12.0).into_font())
                .pos(Pos::new(HPos::Center, VPos::Top));
            root.draw_text("目標値", &style, (50, 10)).unwrap();
            assert_eq!(root.estimate_text_size("目標値", &style).unwrap(), (36, 12));
        });
        // 10 + 0.76 × 12 = 19.12
        assert_eq!(
            svg,
            r##"<g font-size="12" fill="#000"><text x="50" y="19" text-anchor="middle">目標値</text></g>"##
        );
    }

    #[test]
    fn lines_painted_alike_share_a_path_unless_something_lies_between() {
        let grey = RGBColor(0xdd, 0xdd, 0xdd).stroke_width(1);
        let blue = RGBColor(0, 0x52, 0xa3).stroke_width(2);
        let svg = drawn(|root| {
            root.draw(&PathElement::new(vec![(0, 10), (90, 10)], grey))
                .unwrap();
            root.draw(&PathElement::new(vec![(0, 20), (90, 20)], grey))
                .unwrap();
            // Blue crosses the first grey line but not the second: the
            // third grey line joins the first two, the fourth cannot.
            root.draw(&PathElement::new(vec![(5, 5), (5, 15), (20, 12)], blue))
                .unwrap();
            root.draw(&PathElement::new(vec![(0, 40), (90, 40)], grey))
                .unwrap();
            root.draw(&PathElement::new(vec![(2, 9), (8, 9)], grey))
                .unwrap();
        });
        assert_eq!(
            svg,
            r##"<path fill="none" stroke="#DDD" d="M0 10h90M0 20h90M0 40h90"/><path fill="none" stroke="#0052A3" stroke-width="2" d="M5 5v10l15-3"/><path fill="none" stroke="#DDD" d="M2 9h6"/>"##
        );
    }

    #[test]
    fn filled_circles_are_round_dots_and_polygons_fill_paths() {
        let svg = drawn(|root| {
            root.draw(&Circle::new((10, 20), 4, RED.filled())).unwrap();
            root.draw(&Circle::new((30, 20), 4, RED.filled())).unwrap();
            root.draw(&Polygon::new(
                vec![(50, 10), (56, 16), (50, 22)],
                WHITE.filled(),
            ))
            .unwrap();
        });
        assert_eq!(
            svg,
            r##"<path stroke="#F00" stroke-width="8" stroke-linecap="round" d="M10 20h0M30 20h0"/><path fill="#FFF" d="M50 10l6 6-6 6"/>"##
        );
    }

    #[test]
    fn dashed_lines_keep_their_dash() {
        let svg = drawn(|root| {
            let style = RGBColor(0xb3, 0x47, 0).stroke_width(2);
            root.draw(&DashedLine {
                ends: [(0, 30), (90, 30)],
                style,
                dash: (6, 4),
            })
            .unwrap();
        });
        assert_eq!(
            svg,
            r##"<path fill="none" stroke="#B34700" stroke-width="2" stroke-dasharray="6 4" d="M0 30h90"/>"##
        );
    }

    #[test]
    fn outlines_close_and_overlapping_fills_or_translucent_shapes_keep_their_own_path() {
        let svg = drawn(|root| {
            root.draw(&Rectangle::new([(10, 10), (30, 20)], RED.stroke_width(1)))
                .unwrap();
            root.draw(&Circle::new((60, 25), 5, RED.stroke_width(1)))
                .unwrap();
            // Drawn in opposite directions: one path would leave a hole.
            root.draw(&Polygon::new(
                vec![(0, 30), (10, 30), (10, 40)],
                BLUE.filled(),
            ))
            .unwrap();
            root.draw(&Polygon::new(
                vec![(2, 38), (8, 32), (2, 32)],
                BLUE.filled(),
            ))
            .unwrap();
            let veil = RED.mix(0.5).filled();
            root.draw(&Rectangle::new([(0, 0), (50, 50)], veil))
                .unwrap();
            root.draw(&Rectangle::new([(20, 20), (70, 50)], veil))
                .unwrap();
        });
        assert_eq!(
            svg,
            concat!(
                r##"<path fill="none" stroke="#F00" d="M10 10h20v10h-20z"##,
                r##"M55 25a5 5 0 1 0 10 0a5 5 0 1 0-10 0z"/>"##,
                r##"<path fill="#00F" d="M0 30h10v10"/><path fill="#00F" d="M2 38l6-6h-6"/>"##,
                r##"<path fill="#F00" fill-opacity="0.5" d="M0 0h50v50h-50"/>"##,
                r##"<path fill="#F00" fill-opacity="0.5" d="M20 20h50v30h-50"/>"##,
            )
        );
    }
}
