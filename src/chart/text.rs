//! Text measurement for the chart's layout.
//!
//! Plotters' SVG backend without a font feature measures text at 0.7 em per
//! UTF-8 *byte*, so a Japanese label (3 bytes a character) is estimated about
//! twice as wide as a browser draws it. Text is measured by East Asian width
//! here instead. The browser lays the text out in its own fonts, so the
//! estimate only has to be good enough to keep labels from colliding.

use unicode_width::UnicodeWidthChar;

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
}
