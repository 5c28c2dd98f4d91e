//! Text measurement and fonts for the chart's SVG.
//!
//! Plotters' SVG backend without a font feature measures text at 0.7 em per
//! UTF-8 *byte*, so a Japanese label (3 bytes a character) is estimated about
//! twice as wide as a browser draws it. [`JaSvgBackend`] wraps `SVGBackend`
//! and measures by East-Asian width instead. It also gives every `<text>` a
//! font stack with Japanese fonts, so the result never depends on the fonts of
//! the machine that built the site: the browser lays the text out, and the
//! estimate only has to be good enough to keep labels from colliding.

use plotters::backend::SVGBackend;
use plotters_backend::{
    BackendColor, BackendCoord, BackendStyle, BackendTextStyle, DrawingBackend, DrawingErrorKind,
    FontFamily, FontStyle, FontTransform, text_anchor,
};
use unicode_width::UnicodeWidthChar;

/// Fonts for all chart text: common Japanese UI fonts first, then any sans-serif.
/// Unquoted CSS family names, so the attribute needs no entity escaping.
pub const FONT_FAMILY: &str = "Noto Sans JP, Hiragino Sans, Yu Gothic, Meiryo, sans-serif";

/// Plotters' SVG backend writes `font-size` as the style's size divided by this.
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

/// A `DrawingBackend` writing SVG like `SVGBackend`, with two changes:
///
/// * text sizes are CSS px: a style of size 11 is written `font-size="11"`
///   (Plotters' SVG backend alone would write 11 / 1.24), and
/// * every `<text>` gets [`FONT_FAMILY`], and is measured by [`width_em`].
pub struct JaSvgBackend<'a> {
    inner: SVGBackend<'a>,
}

impl<'a> JaSvgBackend<'a> {
    /// Draws into `buf`, which receives an `<svg>` document of `size` px.
    pub fn with_string(buf: &'a mut String, size: (u32, u32)) -> Self {
        Self {
            inner: SVGBackend::with_string(buf, size),
        }
    }
}

type BackendResult<T> = Result<T, DrawingErrorKind<std::io::Error>>;

impl DrawingBackend for JaSvgBackend<'_> {
    type ErrorType = std::io::Error;

    fn get_size(&self) -> (u32, u32) {
        self.inner.get_size()
    }

    fn ensure_prepared(&mut self) -> BackendResult<()> {
        self.inner.ensure_prepared()
    }

    fn present(&mut self) -> BackendResult<()> {
        self.inner.present()
    }

    fn draw_pixel(&mut self, point: BackendCoord, color: BackendColor) -> BackendResult<()> {
        self.inner.draw_pixel(point, color)
    }

    fn draw_line<S: BackendStyle>(
        &mut self,
        from: BackendCoord,
        to: BackendCoord,
        style: &S,
    ) -> BackendResult<()> {
        self.inner.draw_line(from, to, style)
    }

    fn draw_rect<S: BackendStyle>(
        &mut self,
        upper_left: BackendCoord,
        bottom_right: BackendCoord,
        style: &S,
        fill: bool,
    ) -> BackendResult<()> {
        self.inner.draw_rect(upper_left, bottom_right, style, fill)
    }

    fn draw_path<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        path: I,
        style: &S,
    ) -> BackendResult<()> {
        self.inner.draw_path(path, style)
    }

    fn draw_circle<S: BackendStyle>(
        &mut self,
        center: BackendCoord,
        radius: u32,
        style: &S,
        fill: bool,
    ) -> BackendResult<()> {
        self.inner.draw_circle(center, radius, style, fill)
    }

    fn fill_polygon<S: BackendStyle, I: IntoIterator<Item = BackendCoord>>(
        &mut self,
        vert: I,
        style: &S,
    ) -> BackendResult<()> {
        self.inner.fill_polygon(vert, style)
    }

    fn draw_text<S: BackendTextStyle>(
        &mut self,
        text: &str,
        style: &S,
        pos: BackendCoord,
    ) -> BackendResult<()> {
        self.inner.draw_text(text, &CssTextStyle(style), pos)
    }

    fn estimate_text_size<S: BackendTextStyle>(
        &self,
        text: &str,
        style: &S,
    ) -> BackendResult<(u32, u32)> {
        let font_px = style.size();
        Ok((width_px(text, font_px).ceil() as u32, font_px.ceil() as u32))
    }

    fn blit_bitmap(
        &mut self,
        pos: BackendCoord,
        size: (u32, u32),
        src: &[u8],
    ) -> BackendResult<()> {
        self.inner.blit_bitmap(pos, size, src)
    }
}

/// A text style as `SVGBackend` needs it to write the caller's px size and
/// the Japanese font stack.
struct CssTextStyle<'s, S>(&'s S);

impl<S: BackendTextStyle> BackendTextStyle for CssTextStyle<'_, S> {
    type FontError = S::FontError;

    fn color(&self) -> BackendColor {
        self.0.color()
    }

    fn size(&self) -> f64 {
        // Exact for the sizes the chart uses: 11 × 1.24 ÷ 1.24 is 11 in
        // floating point, though not for every size (13 and 15 are not).
        self.0.size() * PLOTTERS_SVG_SIZE_DIVISOR
    }

    fn transform(&self) -> FontTransform {
        self.0.transform()
    }

    fn style(&self) -> FontStyle {
        self.0.style()
    }

    fn anchor(&self) -> text_anchor::Pos {
        self.0.anchor()
    }

    fn family(&self) -> FontFamily<'_> {
        FontFamily::Name(FONT_FAMILY)
    }

    fn layout_box(&self, text: &str) -> Result<((i32, i32), (i32, i32)), Self::FontError> {
        self.0.layout_box(text)
    }

    fn draw<E, F: FnMut(i32, i32, BackendColor) -> Result<(), E>>(
        &self,
        text: &str,
        pos: BackendCoord,
        draw: F,
    ) -> Result<Result<(), E>, Self::FontError> {
        self.0.draw(text, pos, draw)
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
        assert!(
            buf.contains(&format!(r#"font-family="{FONT_FAMILY}""#)),
            "{buf}"
        );
    }
}
