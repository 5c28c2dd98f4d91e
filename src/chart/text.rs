//! Text measurement and fonts for the chart's SVG, and the SVG writer.
//!
//! Plotters' SVG backend without a font feature measures text at 0.7 em per
//! UTF-8 *byte*, so a Japanese label (3 bytes a character) is estimated about
//! twice as wide as a browser draws it. [`JaSvgBackend`] measures by
//! East-Asian width instead. It also gives every `<text>` a font stack with
//! Japanese fonts, so the result never depends on the fonts of the machine
//! that built the site: the browser lays the text out, and the estimate only
//! has to be good enough to keep labels from colliding.
//!
//! [`JaSvgBackend`] writes the same bytes as Plotters' `SVGBackend` (element
//! by element, attribute by attribute), but straight into the output buffer:
//! `SVGBackend` formats every attribute into a `String` of its own first, and
//! a site draws a chart for every KPI, so that was most of the time a chart
//! took.

use std::fmt::Write as _;

use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontStyle, FontTransform, text_anchor,
};
use unicode_width::UnicodeWidthChar;

/// The chart's one style rule: the font of all its text, common Japanese UI
/// fonts first, then any sans-serif. Set once here rather than on each of the
/// ~30 `<text>` elements, which keeps a chart about a third smaller.
pub const STYLE: &str =
    "<style>text{font-family:Noto Sans JP,Hiragino Sans,Yu Gothic,Meiryo,sans-serif}</style>\n";

/// Plotters' SVG backend writes `font-size` as the style's size divided by
/// this; the size is written the same way here, so that the output does not
/// change (the multiplication and division by it round-trip the sizes the
/// chart uses exactly, though not every size: 13 and 15 do not).
const PLOTTERS_SVG_SIZE_DIVISOR: f64 = 1.24;

/// Estimated advance of `text` in em of a Japanese sans-serif font.
pub fn width_em(text: &str) -> f64 {
    text.chars().map(advance_em).sum()
}

/// Estimated width in px of `text` drawn at `font_px`.
pub fn width_px(text: &str, font_px: f64) -> f64 {
    width_em(text) * font_px
}

fn advance_em(c: char) -> f64 {
    // Ambiguous-width characters (○, ※, ―, ①…) are full width in Japanese
    // fonts, hence the CJK variant of the width.
    match c.width_cjk() {
        Some(0) | None => 0.0,
        Some(1) if is_narrow_punctuation(c) => 0.3,
        Some(1) => 0.6,
        _ => 1.0,
    }
}

fn is_narrow_punctuation(c: char) -> bool {
    matches!(c, ' ' | ',' | '.' | ':' | ';' | '!' | '\'' | '|')
}

/// A `DrawingBackend` writing SVG as Plotters' `SVGBackend` does, with two changes:
///
/// * text sizes are CSS px: a style of size 11 is written `font-size="11"`
///   (Plotters' SVG backend alone would write 11 / 1.24), and
/// * text is measured by [`width_em`]; its font is set once for the whole
///   chart by [`STYLE`] rather than on every `<text>`, and
/// * full opacity, SVG's default, is not written.
pub struct JaSvgBackend<'a> {
    buf: &'a mut String,
    size: (u32, u32),
    /// Whether the root `<svg>` element still needs its closing tag.
    open: bool,
}

impl<'a> JaSvgBackend<'a> {
    /// Draws into `buf`, which receives an `<svg>` document of `size` px.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        let _ = writeln!(
            buf,
            "<svg width=\"{w}\" height=\"{h}\" viewBox=\"0 0 {w} {h}\" xmlns=\"http://www.w3.org/2000/svg\">",
            w = size.0,
            h = size.1
        );
        Self {
            buf,
            size,
            open: true,
        }
    }

    /// Starts an element: `<name`; attributes follow, then [`Self::end`].
    fn start(&mut self, name: &str) {
        self.buf.push('<');
        self.buf.push_str(name);
    }

    /// An attribute whose value needs no escaping (a formatted number).
    fn attr(&mut self, key: &str, value: impl std::fmt::Display) {
        let _ = write!(self.buf, " {key}=\"{value}\"");
    }

    /// An attribute holding a keyword that needs no escaping ("none", "middle").
    fn word(&mut self, key: &str, value: &str) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        self.buf.push_str(value);
        self.buf.push('"');
    }

    /// An attribute holding an integer.
    fn int(&mut self, key: &str, value: impl Into<i64>) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        push_int(self.buf, value.into());
        self.buf.push('"');
    }

    /// An attribute holding any text.
    fn text_attr(&mut self, key: &str, value: &str) {
        self.buf.push(' ');
        self.buf.push_str(key);
        self.buf.push_str("=\"");
        push_escaped(self.buf, value);
        self.buf.push('"');
    }

    /// A number as Rust's `Display` for `f64` writes it ("12", "0.5").
    fn number_attr(&mut self, key: &str, value: f64) {
        // Whole numbers print as integers; skip the float formatter for them.
        if value.fract() == 0.0 && value.abs() < 1e15 && !(value == 0.0 && value.is_sign_negative())
        {
            self.int(key, value as i64);
        } else {
            self.attr(key, value);
        }
    }

    /// Full opacity is SVG's default and left unsaid (most elements).
    fn opacity(&mut self, color: BackendColor) {
        if color.alpha != 1.0 {
            self.number_attr("opacity", color.alpha);
        }
    }

    /// `#RRGGBB`, as `SVGBackend` writes colours.
    fn color_attr(&mut self, key: &str, color: BackendColor) {
        const HEX: &[u8; 16] = b"0123456789ABCDEF";
        let (r, g, b) = color.rgb;
        let mut hex = [b'#'; 7];
        for (i, byte) in [r, g, b].into_iter().enumerate() {
            hex[1 + 2 * i] = HEX[usize::from(byte >> 4)];
            hex[2 + 2 * i] = HEX[usize::from(byte & 0xf)];
        }
        // Only ASCII was written.
        self.word(key, std::str::from_utf8(&hex).unwrap_or_default());
    }

    /// `points="x,y x,y "`, trailing space included.
    fn points_attr(&mut self, path: impl IntoIterator<Item = BackendCoord>) {
        self.buf.push_str(" points=\"");
        for (x, y) in path {
            push_int(self.buf, x.into());
            self.buf.push(',');
            push_int(self.buf, y.into());
            self.buf.push(' ');
        }
        self.buf.push('"');
    }

    /// Ends an empty element.
    fn end(&mut self) {
        self.buf.push_str("/>\n");
    }
}

/// Appends `value` as `Display` for integers writes it.
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
    // One byte at a time: cheaper than a copy call for a few digits.
    for &digit in &digits[at..] {
        buf.push(char::from(digit));
    }
}

/// Appends `text` escaped for XML content and attribute values, as `SVGBackend` does.
fn push_escaped(buf: &mut String, text: &str) {
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

type BackendResult<T> = Result<T, DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for JaSvgBackend<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.size
    }

    fn ensure_prepared(&mut self) -> BackendResult<()> {
        Ok(())
    }

    fn present(&mut self) -> BackendResult<()> {
        if self.open {
            self.buf.push_str("</svg>\n");
            self.open = false;
        }
        Ok(())
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> BackendResult<()> {
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("rect");
        self.int("x", point.0);
        self.int("y", point.1);
        self.int("width", 1);
        self.int("height", 1);
        self.word("stroke", "none");
        self.opacity(color);
        self.color_attr("fill", color);
        self.end();
        Ok(())
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("line");
        self.opacity(color);
        self.color_attr("stroke", color);
        self.int("stroke-width", style.stroke_width());
        self.int("x1", from.0);
        self.int("y1", from.1);
        self.int("x2", to.0);
        self.int("y2", to.1);
        self.end();
        Ok(())
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("rect");
        self.int("x", upper_left.0);
        self.int("y", upper_left.1);
        self.int("width", bottom_right.0 - upper_left.0);
        self.int("height", bottom_right.1 - upper_left.1);
        self.opacity(color);
        if fill {
            self.color_attr("fill", color);
            self.word("stroke", "none");
        } else {
            self.word("fill", "none");
            self.color_attr("stroke", color);
        }
        self.end();
        Ok(())
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("polyline");
        self.word("fill", "none");
        self.opacity(color);
        self.color_attr("stroke", color);
        self.int("stroke-width", style.stroke_width());
        self.points_attr(path);
        self.end();
        Ok(())
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("circle");
        self.int("cx", center.0);
        self.int("cy", center.1);
        self.int("r", radius);
        self.opacity(color);
        if fill {
            self.color_attr("fill", color);
            self.word("stroke", "none");
        } else {
            self.word("fill", "none");
            self.color_attr("stroke", color);
        }
        self.int("stroke-width", style.stroke_width());
        self.end();
        Ok(())
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        self.start("polygon");
        self.opacity(color);
        self.color_attr("fill", color);
        self.points_attr(vert);
        self.end();
        Ok(())
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> BackendResult<()> {
        let color = style.color();
        if color.alpha == 0.0 {
            return Ok(());
        }
        let (x, y) = pos;
        let anchor = style.anchor();
        self.start("text");
        self.int("x", x);
        self.int("y", y);
        self.word(
            "dy",
            match anchor.v_pos {
                text_anchor::VPos::Top => "0.76em",
                text_anchor::VPos::Center => "0.5ex",
                text_anchor::VPos::Bottom => "-0.5ex",
            },
        );
        self.word(
            "text-anchor",
            match anchor.h_pos {
                text_anchor::HPos::Left => "start",
                text_anchor::HPos::Right => "end",
                text_anchor::HPos::Center => "middle",
            },
        );
        // The caller's px, through the same arithmetic as `SVGBackend` (see the divisor).
        self.number_attr("font-size", style.size() * PLOTTERS_SVG_SIZE_DIVISOR / 1.24);
        self.opacity(color);
        self.color_attr("fill", color);
        match style.style() {
            FontStyle::Normal => {}
            FontStyle::Bold => self.word("font-weight", "bold"),
            other => self.text_attr("font-style", other.as_str()),
        }
        match style.transform() {
            FontTransform::Rotate90 => self.attr("transform", format_args!("rotate(90, {x}, {y})")),
            FontTransform::Rotate180 => {
                self.attr("transform", format_args!("rotate(180, {x}, {y})"))
            }
            FontTransform::Rotate270 => {
                self.attr("transform", format_args!("rotate(270, {x}, {y})"))
            }
            FontTransform::None => {}
        }
        self.buf.push('>');
        push_escaped(self.buf, text);
        self.buf.push_str("</text>\n");
        Ok(())
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> BackendResult<(u32, u32)> {
        let font_px = style.size();
        Ok((width_px(text, font_px).ceil() as u32, font_px.ceil() as u32))
    }
}

impl Drop for JaSvgBackend<'_> {
    fn drop(&mut self) {
        // As `SVGBackend`: a document is always closed.
        let _ = self.present();
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn japanese_is_one_em_a_character() {
        assert!((width_em("令和3年度") - 4.6).abs() < 1e-9);
        assert_eq!(width_px("基準値", 10.0), 30.0);
    }

    #[test]
    fn digits_are_narrower_than_kanji() {
        assert!(width_em("1,338") < width_em("千三百"));
        assert!((width_em("1,338") - 2.7).abs() < 1e-9);
    }

    #[test]
    fn ambiguous_width_counts_as_full_width() {
        assert_eq!(width_em("※"), 1.0);
    }

    #[test]
    fn backend_writes_px_size_and_font_stack() {
        use plotters::prelude::*;
        let mut buf = String::new();
        {
            let root = JaSvgBackend::with_string(&mut buf, (100, 50)).into_drawing_area();
            let style = TextStyle::from(("sans-serif", 12.0).into_font());
            root.draw_text("目標値", &style, (0, 0)).unwrap();
            let (w, h) = root.estimate_text_size("目標値", &style).unwrap();
            assert_eq!((w, h), (36, 12));
            root.present().unwrap();
        }
        assert!(buf.contains(r#"font-size="12""#), "{buf}");
        assert!(buf.contains(">目標値</text>"), "{buf}");
    }
}
