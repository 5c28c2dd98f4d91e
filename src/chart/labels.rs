//! Label layout: category labels under the x axis, value labels at points.
//!
//! Widths are estimates (see [`super::text`]); the browser draws the text,
//! centred on the positions chosen here.

use std::cell::RefCell;
use std::rc::Rc;

use super::text::width_px;
use crate::content::fiscal_year::ERAS;
use crate::content::value::is_digit;

/// Category label sizes to try, largest first.
const X_LABEL_SIZES: [f64; 5] = [14.0, 13.0, 12.0, 11.0, 10.0];

/// More lines than this would eat the plot's height.
const MAX_X_LABEL_LINES: usize = 3;

/// Space kept free between the labels of neighbouring categories.
const X_LABEL_GAP: f64 = 4.0;

/// Narrower categories leave some unlabelled (every second, third…), since a
/// label of one character a line is no longer readable.
const MIN_X_LABEL_WIDTH: f64 = 20.0;

/// Labels that do not fit may skip categories to get more room, up to this
/// width; beyond it, hiding labels would cost more than cutting the long ones.
const MAX_SKIPPING_LABEL_WIDTH: f64 = 64.0;

/// Closing punctuation may hang past the line end rather than start a line
/// (ぶら下げ), as in Japanese typesetting.
fn is_closing(c: char) -> bool {
    matches!(
        c,
        '）' | ')' | '」' | '』' | '】' | '、' | '。' | ',' | '.' | '・' | 'ー'
    )
}

/// Opening brackets go to the next line rather than end one.
fn is_opening(c: char) -> bool {
    matches!(c, '（' | '(' | '「' | '『' | '【')
}

/// Category labels fitted to the width of a category.
#[derive(Debug)]
pub struct XLabels {
    pub font_px: f64,
    /// The lines of each category's label; none for an unlabelled category.
    pub lines: Vec<Vec<String>>,
}

impl XLabels {
    /// [`XLabels::fit`], remembered by each thread: a report's charts share
    /// a few sets of labels (基準値, 令和3年度 …) at a few widths, and
    /// fitting them anew was a fifth of drawing a chart.
    pub fn fit_remembered(labels: &[&str], category_w: f64) -> Rc<Self> {
        /// Enough for every label set of a national report; more are
        /// forgotten all at once, so the memory stays small.
        const REMEMBERED: usize = 4096;
        thread_local! {
            static FITTED: RefCell<foldhash::HashMap<(String, u64), Rc<XLabels>>> =
                RefCell::default();
        }
        // A label never holds U+0000 (XML forbids it), so it separates them.
        let key = (labels.join("\0"), category_w.to_bits());
        FITTED.with_borrow_mut(|fitted| {
            if let Some(known) = fitted.get(&key) {
                return Rc::clone(known);
            }
            if fitted.len() >= REMEMBERED {
                fitted.clear();
            }
            let fit = Rc::new(Self::fit(labels, category_w));
            fitted.insert(key, Rc::clone(&fit));
            fit
        })
    }

    /// Fits `labels` (one per category, '\n' separating lines) into
    /// categories `category_w` px wide: the largest font at which every label
    /// wraps into [`MAX_X_LABEL_LINES`], labelling fewer categories if that
    /// helps; else the same with labels of more than two lines given without
    /// their last (目標値 / 令和7年度 / 2025 without 2025, where the results'
    /// years take the room); else the smallest font with the longest labels
    /// cut short.
    pub fn fit(labels: &[&str], category_w: f64) -> Self {
        Self::fit_whole(labels, category_w).unwrap_or_else(|| {
            let shorter: Vec<&str> = labels
                .iter()
                .map(|label| match label.rsplit_once('\n') {
                    Some((first, _)) if first.contains('\n') => first,
                    _ => label,
                })
                .collect();
            Self::fit_whole(&shorter, category_w).unwrap_or_else(|| Self::cut(&shorter, category_w))
        })
    }

    /// [`XLabels::fit`] without cutting any label short, if that can be done.
    fn fit_whole(labels: &[&str], category_w: f64) -> Option<Self> {
        let min_stride = label_stride(category_w, labels.len());
        // Two lines in a smaller font read better than three in a larger one.
        for max_lines in 2..=MAX_X_LABEL_LINES {
            let strides = (min_stride..labels.len().max(1)).take_while(|&s| {
                s == min_stride || s as f64 * category_w <= MAX_SKIPPING_LABEL_WIDTH
            });
            for stride in strides {
                // A smaller font before a broken word: 令和元年度 whole rather
                // than 令和元 / 年度 beside a 令和5年度 that fits.
                for whole_words in [true, false] {
                    for font_px in X_LABEL_SIZES {
                        let (lines, broke_word) =
                            Self::wrap_all(labels, stride, category_w, font_px);
                        if lines.iter().all(|l| l.len() <= max_lines)
                            && !(whole_words && broke_word)
                        {
                            return Some(Self { font_px, lines });
                        }
                    }
                }
            }
        }
        None
    }

    /// The labels in the smallest font, the longest cut short.
    fn cut(labels: &[&str], category_w: f64) -> Self {
        let min_stride = label_stride(category_w, labels.len());
        let font_px = X_LABEL_SIZES[X_LABEL_SIZES.len() - 1];
        let max_w = min_stride as f64 * category_w - X_LABEL_GAP;
        let lines = Self::wrap_all(labels, min_stride, category_w, font_px)
            .0
            .into_iter()
            .map(|lines| truncate(lines, max_w, font_px))
            .collect();
        Self { font_px, lines }
    }

    /// Wraps the label of every `stride`-th category, and of the first and
    /// last (baseline and target), giving each the room of `stride`
    /// categories; and whether a word had to be broken.
    fn wrap_all(
        labels: &[&str],
        stride: usize,
        category_w: f64,
        font_px: f64,
    ) -> (Vec<Vec<String>>, bool) {
        let max_w = stride as f64 * category_w - X_LABEL_GAP;
        let last = labels.len().saturating_sub(1);
        let shown = |i: usize| i == last || (i.is_multiple_of(stride) && i + stride <= last);
        let mut broke_word = false;
        let lines = labels
            .iter()
            .enumerate()
            .map(|(i, l)| {
                if shown(i) {
                    let wrapped = wrap(l, max_w, font_px);
                    broke_word |= wrapped.broke_word;
                    wrapped.lines
                } else {
                    Vec::new()
                }
            })
            .collect();
        (lines, broke_word)
    }

    /// Lines of the tallest label.
    pub fn line_count(&self) -> usize {
        self.lines.iter().map(Vec::len).max().unwrap_or(0)
    }
}

/// Label at least every `stride`-th category, so each label gets enough width.
fn label_stride(category_w: f64, count: usize) -> usize {
    let stride = (MIN_X_LABEL_WIDTH / category_w.max(f64::MIN_POSITIVE)).ceil();
    // Also bounds the float before the cast: one label across the whole axis at most.
    stride.clamp(1.0, count.max(1) as f64) as usize
}

/// Breaks `label` into lines of at most `max_w` px: at each '\n', and
/// between any two characters (Japanese has no spaces to break at), except
/// inside a word (a year, number or Latin word), before closing or after
/// opening punctuation.
fn wrap(label: &str, max_w: f64, font_px: f64) -> Wrapped {
    let mut wrapped = Wrapped {
        lines: Vec::new(),
        line: String::new(),
        max_w,
        font_px,
        broke_word: false,
    };
    for hard_line in label.split('\n').map(str::trim).filter(|l| !l.is_empty()) {
        for token in tokens(hard_line) {
            wrapped.place(token);
        }
        let line = std::mem::take(&mut wrapped.line);
        wrapped.lines.push(line);
    }
    wrapped
}

/// A label broken into lines by [`wrap`].
struct Wrapped {
    lines: Vec<String>,
    /// The line being filled.
    line: String,
    max_w: f64,
    font_px: f64,
    /// Whether a word wider than a line had to be broken.
    broke_word: bool,
}

impl Wrapped {
    /// Adds `token` to the line being filled, moving on to a new line first
    /// where it does not fit. A word wider than a whole line is broken after
    /// all: a year between era, number and 年度 (令和元 / 年度, as 令和10 /
    /// 年度), anything else anywhere.
    fn place(&mut self, token: &str) {
        let width = |text: &str| width_px(text, self.font_px);
        let fits = width(&self.line) + width(token) <= self.max_w;
        if !fits && !self.line.is_empty() && !token.starts_with(is_closing) {
            let carried = if self.line.chars().nth(1).is_some() && self.line.ends_with(is_opening) {
                self.line.pop()
            } else {
                None
            };
            self.lines.push(std::mem::take(&mut self.line));
            self.line.extend(carried);
        }
        if token.chars().nth(1).is_none() || width(token) <= self.max_w {
            self.line.push_str(token);
            return;
        }
        self.broke_word = true;
        if let Some(parts) = wareki_year(token) {
            for part in parts {
                self.place(part);
            }
        } else {
            for (i, c) in token.char_indices() {
                self.place(&token[i..i + c.len_utf8()]);
            }
        }
    }
}

/// `text` split into runs that a line break keeps together: years of the
/// Japanese calendar (令和元年度 is one, as 令和7年度 is), runs of ASCII
/// letters and digits, and single other characters.
fn tokens(text: &str) -> impl Iterator<Item = &str> {
    let mut rest = text;
    std::iter::from_fn(move || {
        let first = rest.chars().next()?;
        let len = if let Some(parts) = wareki_year(rest) {
            parts.iter().map(|part| part.len()).sum()
        } else if first.is_ascii_alphanumeric() {
            rest.find(|c: char| !c.is_ascii_alphanumeric())
                .unwrap_or(rest.len())
        } else {
            first.len_utf8()
        };
        let (token, tail) = rest.split_at(len);
        rest = tail;
        Some(token)
    })
}

/// The year of the Japanese calendar that `text` begins with, as its era,
/// number (元, 12, ３０) and 年度 (or 年).
fn wareki_year(text: &str) -> Option<[&str; 3]> {
    let (era, _) = ERAS.iter().find(|(era, _)| text.starts_with(era))?;
    let after_era = &text[era.len()..];
    let number_len = if after_era.starts_with('元') {
        '元'.len_utf8()
    } else {
        after_era.find(|c| !is_digit(c)).unwrap_or(after_era.len())
    };
    let (number, rest) = after_era.split_at(number_len);
    let year = ["年度", "年"]
        .into_iter()
        .find(|year| rest.starts_with(year))?;
    (!number.is_empty()).then_some([era, number, year])
}

/// Keeps the first [`MAX_X_LABEL_LINES`] lines, marking a cut with "…".
fn truncate(mut lines: Vec<String>, max_w: f64, font_px: f64) -> Vec<String> {
    if lines.len() <= MAX_X_LABEL_LINES {
        return lines;
    }
    lines.truncate(MAX_X_LABEL_LINES);
    if let Some(last) = lines.last_mut() {
        while !last.is_empty() && width_px(last, font_px) + width_px("…", font_px) > max_w {
            last.pop();
        }
        last.push('…');
    }
    lines
}

/// An axis-aligned box in px, y growing downwards.
#[derive(Debug, Clone, Copy, PartialEq)]
pub struct Rect {
    pub left: f64,
    pub top: f64,
    pub right: f64,
    pub bottom: f64,
}

impl Rect {
    fn overlaps(&self, other: &Rect) -> bool {
        self.left < other.right
            && other.left < self.right
            && self.top < other.bottom
            && other.top < self.bottom
    }

    fn contains_vertically(&self, other: &Rect) -> bool {
        self.top <= other.top && other.bottom <= self.bottom
    }

    /// Whether `line` passes through the box grown by `margin` on every
    /// side (clipping the line to the box, after Liang and Barsky).
    fn is_crossed_by(&self, ((x1, y1), (x2, y2)): Segment, margin: f64) -> bool {
        let (dx, dy) = (x2 - x1, y2 - y1);
        let (mut enter, mut leave) = (0.0_f64, 1.0_f64);
        // Each side: how fast the line moves out across it, and how far inside it starts.
        for (out, inside) in [
            (-dx, x1 - (self.left - margin)),
            (dx, self.right + margin - x1),
            (-dy, y1 - (self.top - margin)),
            (dy, self.bottom + margin - y1),
        ] {
            if out == 0.0 {
                if inside < 0.0 {
                    return false; // parallel to this side and outside it
                }
            } else if out < 0.0 {
                enter = enter.max(inside / out);
            } else {
                leave = leave.min(inside / out);
            }
            if enter > leave {
                return false;
            }
        }
        true
    }
}

/// A value label to place next to its point.
#[derive(Debug)]
pub struct ValueLabel {
    /// The point, in px.
    pub at: (f64, f64),
    pub width: f64,
    pub height: f64,
    /// Distance kept from the point: the marker's radius and a gap.
    pub clearance: f64,
    /// Try below the point first (where the line leaves room there).
    pub prefer_below: bool,
    /// May sit beside the point, on a diagonal, when above and below are
    /// taken or crossed by a line (a note for a column is kept in it).
    pub beside: bool,
}

/// A straight piece of the results' line, from one point to the next, in px.
pub type Segment = ((f64, f64), (f64, f64));

/// Where value labels go: above their point, else below it (or the other way
/// round if preferred), else beside it on a diagonal (above left, above
/// right, below left, below right) where it is still nearer its own point
/// than any other label's: the first of these that is clear of the `lines`
/// and overlaps no label already placed nor the `obstacles`, inside the
/// `plot`; else above or below where only a line crosses it; else nowhere
/// (the table beside the chart has every value).
/// Labels are placed in the order given, so put the important ones first.
/// Horizontally, labels may reach from the plot's left edge (not over the
/// axis labels) to `canvas_w`.
pub fn place_value_labels(
    labels: &[ValueLabel],
    obstacles: Vec<Rect>,
    lines: &[Segment],
    plot: Rect,
    canvas_w: f64,
) -> Vec<Option<Rect>> {
    let mut placed = obstacles;
    labels
        .iter()
        .map(|label| {
            let is_free =
                |r: &Rect| plot.contains_vertically(r) && !placed.iter().any(|p| p.overlaps(r));
            let [first, second, diagonals @ ..] = candidates(label, plot.left, canvas_w);
            // Off its column, a label must still be nearest its own point.
            let owns = |r: &Rect| {
                let centre = ((r.left + r.right) / 2.0, (r.top + r.bottom) / 2.0);
                let distance = |(x, y): (f64, f64)| (x - centre.0).hypot(y - centre.1);
                let own = distance(label.at);
                (labels.iter()).all(|other| other.at == label.at || distance(other.at) > own)
            };
            let diagonals = (diagonals.into_iter()).filter(|r| label.beside && owns(r));
            let free = [first, second]
                .into_iter()
                .chain(diagonals)
                .find(|r| {
                    is_free(r)
                        && !lines
                            .iter()
                            .any(|&line| r.is_crossed_by(line, LINE_CLEARANCE))
                })
                .or_else(|| [first, second].into_iter().find(is_free));
            placed.extend(free);
            free
        })
        .collect()
}

/// Room kept between a label's box and a line's middle: half the line's
/// width, so that its stroke may touch the box but not enter it.
const LINE_CLEARANCE: f64 = 1.0;

/// The boxes above and below a label's point, in order of preference, then
/// the four on its diagonals, shifted into the canvas.
fn candidates(label: &ValueLabel, plot_left: f64, canvas_w: f64) -> [Rect; 6] {
    let (x, y) = label.at;
    // A diagonal box's corner is `clearance` from the point, as the
    // centred boxes' edges are.
    let corner = label.clearance * std::f64::consts::FRAC_1_SQRT_2;
    let centred = x - label.width / 2.0;
    let (left_of, right_of) = (x - corner - label.width, x + corner);
    let (above, below) = (y - label.clearance - label.height, y + label.clearance);
    let (above_corner, below_corner) = (y - corner - label.height, y + corner);
    let (first, second) = if label.prefer_below {
        (below, above)
    } else {
        (above, below)
    };
    [
        (centred, first),
        (centred, second),
        (left_of, above_corner),
        (right_of, above_corner),
        (left_of, below_corner),
        (right_of, below_corner),
    ]
    .map(|(left, top)| {
        let left = left.min(canvas_w - label.width).max(plot_left);
        Rect {
            left,
            top,
            right: left + label.width,
            bottom: top + label.height,
        }
    })
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn short_labels_keep_the_largest_font() {
        let fit = XLabels::fit(&["基準値", "令和3年度", "令和4年度"], 120.0);
        assert_eq!(fit.font_px, 14.0);
        assert_eq!(fit.lines[1], vec!["令和3年度"]);
        assert_eq!(fit.line_count(), 1);
    }

    #[test]
    fn a_remembered_fit_is_the_fit_of_its_own_labels_and_width() {
        let labels = ["基準値\n令和2年度", "令和3年度", "令和4年度"];
        for (width, wrapped) in [(120.0, false), (40.0, true), (120.0, false), (40.0, true)] {
            let remembered = XLabels::fit_remembered(&labels, width);
            assert_eq!(remembered.lines, XLabels::fit(&labels, width).lines);
            assert_eq!(
                remembered.lines[1].len() > 1,
                wrapped,
                "{width}: {remembered:?}"
            );
        }
        // Labels that run together the same way are still told apart.
        let joined = XLabels::fit_remembered(&["令和3年度令和4年度"], 120.0);
        let split = XLabels::fit_remembered(&["令和3年度", "令和4年度"], 120.0);
        assert_eq!((joined.lines.len(), split.lines.len()), (1, 2));
    }

    #[test]
    fn newline_splits_lines() {
        let fit = XLabels::fit(&["基準値\n令和2年度", "令和3年度"], 120.0);
        assert_eq!(fit.lines[0], vec!["基準値", "令和2年度"]);
        assert_eq!(fit.line_count(), 2);
    }

    #[test]
    fn narrow_categories_wrap_and_shrink() {
        let fit = XLabels::fit(&["令和3年度"; 5], 40.0);
        assert_eq!(fit.font_px, 13.0);
        assert_eq!(fit.lines[0], vec!["令和3", "年度"]);
    }

    #[test]
    fn crowded_labels_skip_categories_but_keep_first_and_last() {
        let fit = XLabels::fit(&["令和10年度"; 20], 20.0);
        assert_eq!(
            fit.lines[0],
            vec!["令和10", "年度"],
            "numbers stay whole: {fit:?}"
        );
        assert!(fit.lines[1].is_empty());
        assert!(!fit.lines[19].is_empty());
        for line in fit.lines.iter().flatten() {
            assert!(
                width_px(line, fit.font_px) <= 2.0 * 20.0 - X_LABEL_GAP,
                "{line}"
            );
        }
    }

    #[test]
    fn very_narrow_categories_label_every_other() {
        let fit = XLabels::fit(&["令和3年度"; 40], 10.0);
        assert!(
            !fit.lines[0].is_empty() && fit.lines[1].is_empty(),
            "{fit:?}"
        );
    }

    #[test]
    fn long_label_is_cut_with_ellipsis() {
        let long = "とても長いラベル".repeat(20);
        let fit = XLabels::fit(&[long.as_str(), "令和3年度"], 100.0);
        assert_eq!(fit.lines[0].len(), MAX_X_LABEL_LINES);
        assert!(fit.lines[0][2].ends_with('…'));
        assert_eq!(fit.lines[1], vec!["令和3年度"]);
    }

    #[test]
    fn wrap_keeps_brackets_with_their_text() {
        // Room for 6 em: "令和3年度（" would fit, but the bracket moves on.
        let lines = wrap("令和3年度（見込み）", 60.0, 10.0).lines;
        assert_eq!(lines, vec!["令和3年度", "（見込み）"]);
    }

    #[test]
    fn wareki_years_stay_whole() {
        // A year moves on to a line of its own whole, as 令和7年度 does.
        for year in ["令和元年度", "令和12年度", "平成30年度", "令和７年度"] {
            let wrapped = wrap(&format!("基準値{year}"), 55.0, 10.0);
            assert_eq!(wrapped.lines, ["基準値", year]);
            assert!(!wrapped.broke_word, "{year}");
        }
        // Wider than a line, a year breaks before its 年度 only: with room
        // for 令和元年 (4 em), not for 令和元年度 (5 em), 度 is not left alone.
        for (year, broken) in [
            ("令和元年度", ["令和元", "年度"]),
            ("令和12年度", ["令和12", "年度"]),
            ("平成30年度", ["平成30", "年度"]),
            ("令和１２年度", ["令和１２", "年度"]),
        ] {
            let wrapped = wrap(year, 45.0, 10.0);
            assert_eq!(wrapped.lines, broken, "{year}");
            assert!(wrapped.broke_word, "{year}");
        }
    }

    #[test]
    fn a_smaller_font_keeps_the_baselines_year_whole() {
        // The chart of 812g(令和元年度): at 11 px 令和5年度 fits its
        // column and 令和元年度 does not, which left 度 on a line of its own.
        let labels = [
            "基準値\n令和元年度",
            "令和3年度\n2021",
            "令和4年度\n2022",
            "令和5年度\n2023",
            "目標値\n令和7年度\n2025",
        ];
        let fit = XLabels::fit(&labels, 58.4);
        assert_eq!(fit.lines[0], ["基準値", "令和元年度"], "{fit:?}");
        assert_eq!(fit.lines[3], ["令和5年度", "2023"], "{fit:?}");
        assert_eq!(fit.font_px, 10.0);
    }

    #[test]
    fn blank_label_has_no_lines() {
        assert!(wrap(" \n ", 50.0, 10.0).lines.is_empty());
    }

    /// The plot of the value labels' tests.
    const PLOT: Rect = Rect {
        left: 0.0,
        top: 0.0,
        right: 200.0,
        bottom: 200.0,
    };

    /// A value label 20 by 10 px at `at`, kept 6 px from it.
    fn label(at: (f64, f64)) -> ValueLabel {
        ValueLabel {
            at,
            width: 20.0,
            height: 10.0,
            clearance: 6.0,
            prefer_below: false,
            beside: true,
        }
    }

    #[test]
    fn value_labels_avoid_each_other() {
        let label = |x, y| ValueLabel {
            width: 30.0,
            ..label((x, y))
        };
        let placed = place_value_labels(
            &[
                label(50.0, 100.0),
                label(60.0, 100.0),
                label(55.0, 100.0),
                label(5.0, 5.0),
            ],
            Vec::new(),
            &[],
            PLOT,
            200.0,
        );
        let [first, second, third, fourth] = placed[..] else {
            panic!("{placed:?}")
        };
        assert!(first.unwrap().bottom <= 94.0);
        assert!(second.unwrap().top >= 106.0, "below, as above is taken");
        assert_eq!(third, None);
        let fourth = fourth.unwrap();
        assert_eq!(
            (fourth.left, fourth.top),
            (0.0, 11.0),
            "kept in canvas, below"
        );
    }

    #[test]
    fn value_labels_avoid_obstacles_and_go_below_in_valleys() {
        let dashed_line = Rect {
            left: 0.0,
            top: 88.0,
            right: 200.0,
            bottom: 92.0,
        };
        let valley = ValueLabel {
            prefer_below: true,
            ..label((150.0, 50.0))
        };
        let labels = [label((50.0, 100.0)), valley];
        let placed = place_value_labels(&labels, vec![dashed_line], &[], PLOT, 200.0);
        assert_eq!(
            placed[0].map(|r| r.top),
            Some(106.0),
            "above would cross the line"
        );
        assert_eq!(placed[1].map(|r| r.top), Some(56.0));
    }

    #[test]
    fn value_labels_move_beside_their_point_off_a_line_and_onto_it_only_if_nowhere_else() {
        let place = |lines: &[Segment]| {
            place_value_labels(&[label((100.0, 100.0))], Vec::new(), lines, PLOT, 200.0)[0]
        };
        // Rising through the point, from lower left to upper right: above
        // and below are crossed, above left is clear.
        let rising = [
            ((40.0, 160.0), (100.0, 100.0)),
            ((100.0, 100.0), (160.0, 40.0)),
        ];
        let beside = place(&rising).unwrap();
        assert!(
            beside.right < 100.0 && beside.bottom < 100.0,
            "above left: {beside:?}"
        );
        assert!(
            !rising
                .iter()
                .any(|&line| beside.is_crossed_by(line, LINE_CLEARANCE))
        );
        // Falling: above right.
        let falling = rising.map(|((x1, y1), (x2, y2))| ((200.0 - x1, y1), (200.0 - x2, y2)));
        let beside = place(&falling).unwrap();
        assert!(
            beside.left > 100.0 && beside.bottom < 100.0,
            "above right: {beside:?}"
        );
        // Lines across every place: above, as without lines.
        let across = [((0.0, 88.0), (200.0, 88.0)), ((0.0, 112.0), (200.0, 112.0))];
        assert_eq!(place(&across), place(&[]));
        assert_eq!(place(&[]).map(|r| (r.left, r.top)), Some((90.0, 84.0)));
    }

    #[test]
    fn a_label_beside_its_point_stays_nearer_it_than_any_other_point() {
        let steep = [
            ((80.0, 140.0), (100.0, 100.0)),
            ((100.0, 100.0), (120.0, 60.0)),
        ];
        let alone = place_value_labels(&[label((100.0, 100.0))], Vec::new(), &steep, PLOT, 200.0);
        let above_left = alone[0].unwrap();
        assert!(
            above_left.right < 100.0 && above_left.bottom < 100.0,
            "{above_left:?}"
        );
        // Another point up there would be nearer the label than its own.
        let beside_another = [label((100.0, 100.0)), label((75.0, 85.0))];
        let placed = place_value_labels(&beside_another, Vec::new(), &steep, PLOT, 200.0);
        let below_right = placed[0].unwrap();
        assert!(
            below_right.left > 100.0 && below_right.top > 100.0,
            "{below_right:?}"
        );
    }

    #[test]
    fn a_line_crosses_a_box_only_where_it_passes_through_it() {
        let r = Rect {
            left: 10.0,
            top: 10.0,
            right: 20.0,
            bottom: 20.0,
        };
        assert!(
            r.is_crossed_by(((0.0, 0.0), (30.0, 30.0)), 0.0),
            "diagonal through"
        );
        assert!(
            r.is_crossed_by(((15.0, 0.0), (15.0, 12.0)), 0.0),
            "ends inside"
        );
        assert!(!r.is_crossed_by(((0.0, 0.0), (30.0, 0.0)), 0.0), "above");
        assert!(
            !r.is_crossed_by(((0.0, 0.0), (9.0, 9.0)), 0.0),
            "stops short"
        );
        assert!(
            !r.is_crossed_by(((0.0, 19.0), (19.0, 0.0)), 0.0),
            "passes the corner"
        );
        assert!(
            r.is_crossed_by(((0.0, 9.0), (30.0, 9.0)), 2.0),
            "within the margin"
        );
    }
}
