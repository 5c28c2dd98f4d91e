//! The y axis: a range with round tick values, and number formatting.

/// Values beyond this magnitude are not plotted: the axis arithmetic would
/// overflow to infinity, and no KPI is that large.
const MAX_PLOTTABLE: f64 = 1e300;

/// Smallest value range the axis spans, so that a chart of zeros (or of
/// vanishingly small numbers) still gets a non-empty axis.
const MIN_SPAN: f64 = 1e-6;

/// Room above the highest value, as a share of the value range, for the
/// value label drawn above each point.
const HEADROOM: f64 = 0.15;

/// About this many tick intervals: enough to read values, few enough to stay
/// legible at 300 px height.
const TARGET_INTERVALS: f64 = 5.0;

/// At most this many decimals on tick labels; more only happens with absurd
/// inputs and would just make long labels.
const MAX_TICK_DECIMALS: usize = 6;

/// Whether `v` can be drawn; other values are treated as missing.
pub fn is_plottable(v: f64) -> bool {
    v.is_finite() && v.abs() <= MAX_PLOTTABLE
}

/// A linear y axis from `lo` to `hi` with a tick every `step`.
#[derive(Debug, Clone, PartialEq)]
pub struct YScale {
    pub lo: f64,
    pub hi: f64,
    step: f64,
    intervals: usize,
    /// Decimals shown on every tick label, so all ticks line up alike.
    decimals: usize,
}

impl YScale {
    /// A scale that includes 0 and all `values`, or `None` if there are none.
    /// `values` must be plottable (see [`is_plottable`]). The room above the
    /// highest value stops at `ceiling` when the values reach no higher (100
    /// for a percentage: an axis up to 150% suggests more is possible; a
    /// label at 100 then goes below its point).
    pub fn for_values(
        values: impl IntoIterator<Item = f64> + Clone,
        ceiling: Option<f64>,
    ) -> Option<Self> {
        let (min, max) = min_max(values.clone())?;
        let low = min.min(0.0);
        let high = max.max(0.0);
        let span = (high - low).max(MIN_SPAN);
        let top = match ceiling {
            Some(ceiling) if high <= ceiling && high > low => (high + HEADROOM * span).min(ceiling),
            _ => high + HEADROOM * span,
        };
        let mut step = nice_step((top - low) / TARGET_INTERVALS);
        // Counts such as 人 or 件 should not get ticks like 0.2人.
        if values.into_iter().all(|v| v.fract() == 0.0) {
            step = step.max(1.0);
        }
        let lo = (low / step).floor() * step;
        let hi = (top / step).ceil() * step;
        Some(Self {
            lo,
            hi,
            step,
            intervals: ((hi - lo) / step).round() as usize,
            decimals: decimals_of(step),
        })
    }

    /// Tick values from `lo` to `hi`.
    pub fn ticks(&self) -> Vec<f64> {
        (0..=self.intervals)
            .map(|i| self.lo + i as f64 * self.step)
            .collect()
    }

    /// A tick value as a label, e.g. "1,000" or "0.5".
    pub fn tick_label(&self, tick: f64) -> String {
        format_number(tick, self.decimals)
    }
}

fn min_max(values: impl IntoIterator<Item = f64>) -> Option<(f64, f64)> {
    values.into_iter().fold(None, |acc, v| match acc {
        None => Some((v, v)),
        Some((min, max)) => Some((v.min(min), v.max(max))),
    })
}

/// The smallest of 1, 2, 5 × 10ⁿ that is at least `raw`.
fn nice_step(raw: f64) -> f64 {
    let magnitude = 10f64.powf(raw.log10().floor());
    [1.0, 2.0, 5.0, 10.0]
        .into_iter()
        .map(|m| m * magnitude)
        .find(|&step| step >= raw)
        .unwrap_or(10.0 * magnitude)
}

/// Decimals needed to write multiples of `step` exactly.
fn decimals_of(step: f64) -> usize {
    (0..MAX_TICK_DECIMALS)
        .find(|&d| {
            let scaled = step * 10f64.powi(d as i32);
            (scaled - scaled.round()).abs() < 1e-9 * scaled.max(1.0)
        })
        .unwrap_or(MAX_TICK_DECIMALS)
}

/// `format!("{:.*}", decimals, v)` for `v >= 0`, without the float
/// formatter for whole numbers (most ticks and values), which are exact.
fn fixed_decimals(v: f64, decimals: usize) -> String {
    // Below 2^53 every whole f64 is an exact u64.
    if v.fract() == 0.0 && v < 9_007_199_254_740_992.0 {
        let mut digits = (v as u64).to_string();
        if decimals > 0 {
            digits.push('.');
            digits.extend(std::iter::repeat_n('0', decimals));
        }
        digits
    } else {
        format!("{:.*}", decimals, v)
    }
}

/// A value label: the number with the digits the report writes, never
/// rounded (1.35 beside a target of 1.45 must not both read 1.4), given as a
/// plain decimal ("1338", "13.0", "-3"), with "," between thousands as the
/// axis has them: "1,338", "13.0", "-3".
pub fn format_value(plain: &str) -> String {
    let (negative, digits) = match plain.strip_prefix('-') {
        Some(digits) => (true, digits),
        None => (false, plain),
    };
    // Zeros before the number (0001000) say nothing of it.
    let whole = digits.find('.').unwrap_or(digits.len());
    let zeros = (digits.bytes().take_while(|&b| b == b'0').count()).min(whole.saturating_sub(1));
    let digits = &digits[zeros..];
    // A negative zero (-0.0) without its sign, as the axis writes it.
    let negative = negative && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
    with_separators(negative, digits)
}

/// `v` rounded to `decimals` places, with "," between thousands.
pub fn format_number(v: f64, decimals: usize) -> String {
    let digits = fixed_decimals(v.abs(), decimals);
    // A negative value that rounds to zero is written "0", not "-0".
    let negative = v < 0.0 && digits.bytes().any(|b| matches!(b, b'1'..=b'9'));
    with_separators(negative, &digits)
}

/// `digits`, an unsigned decimal, with "," between thousands and the sign.
fn with_separators(negative: bool, digits: &str) -> String {
    let (int, frac) = match digits.split_once('.') {
        Some((int, frac)) => (int, Some(frac)),
        None => (digits, None),
    };
    let mut out = String::with_capacity(digits.len() + digits.len() / 3 + 1);
    if negative {
        out.push('-');
    }
    for (i, digit) in int.chars().enumerate() {
        if i > 0 && (int.len() - i) % 3 == 0 {
            out.push(',');
        }
        out.push(digit);
    }
    if let Some(frac) = frac {
        out.push('.');
        out.push_str(frac);
    }
    out
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn value_labels_keep_the_written_digits() {
        assert_eq!(format_value("1338"), "1,338");
        assert_eq!(format_value("40.9"), "40.9");
        assert_eq!(format_value("1.35"), "1.35");
        assert_eq!(format_value("1.25"), "1.25");
        assert_eq!(format_value("0.74"), "0.74");
        assert_eq!(format_value("13.0"), "13.0");
        assert_eq!(format_value("100"), "100");
        assert_eq!(format_value("0"), "0");
        assert_eq!(format_value("-0.04"), "-0.04");
        assert_eq!(format_value("-1234.56"), "-1,234.56");
        assert_eq!(format_value("1234567.125"), "1,234,567.125");
        assert_eq!(format_value("1000000000000000"), "1,000,000,000,000,000");
        assert_eq!(format_value("999"), "999");
        assert_eq!(format_value("0001000"), "1,000");
        assert_eq!(format_value("0.5"), "0.5");
        assert_eq!(format_value("-0.0"), "0.0");
    }

    #[test]
    fn tick_labels_share_decimals() {
        assert_eq!(format_number(0.5, 1), "0.5");
        assert_eq!(format_number(1.0, 1), "1.0");
        assert_eq!(format_number(1_000_000.0, 0), "1,000,000");
    }

    #[test]
    fn scale_includes_zero_and_headroom() {
        let s = YScale::for_values([0.0, 1338.0, 552.0, 764.0, 1000.0], None).unwrap();
        assert_eq!(s.lo, 0.0);
        assert!(s.hi >= 1338.0 * 1.1);
        assert_eq!(s.ticks().first(), Some(&0.0));
        assert_eq!(s.ticks().last(), Some(&s.hi));
        assert_eq!(s.tick_label(1000.0), "1,000");
    }

    #[test]
    fn percent_scale_has_round_ticks() {
        let s = YScale::for_values([40.9, 38.2, 50.3, 46.2, 60.0], None).unwrap();
        assert_eq!(s.ticks(), vec![0.0, 20.0, 40.0, 60.0, 80.0]);
    }

    #[test]
    fn counts_get_whole_ticks() {
        let s = YScale::for_values([0.0, 0.0], None).unwrap();
        assert_eq!(s.ticks(), vec![0.0, 1.0]);
        let s = YScale::for_values([0.0, 3.0], None).unwrap();
        assert!(s.ticks().iter().all(|t| t.fract() == 0.0));
    }

    #[test]
    fn small_fractions_get_decimal_ticks() {
        let s = YScale::for_values([0.2, 0.5], None).unwrap();
        let labels: Vec<String> = s.ticks().into_iter().map(|t| s.tick_label(t)).collect();
        assert_eq!(labels, ["0.0", "0.2", "0.4", "0.6"]);
    }

    #[test]
    fn negative_values_extend_below_zero() {
        let s = YScale::for_values([-50.0, 20.0], None).unwrap();
        assert!(s.lo <= -50.0 && s.hi >= 20.0);
        assert!(s.ticks().contains(&0.0));
    }

    #[test]
    fn extreme_values_give_a_usable_scale() {
        for values in [
            [1e300, -1e300],
            [1e-300, 0.0],
            [5e-324, 5e-324],
            [1e15, 1e15],
        ] {
            let s = YScale::for_values(values, None).unwrap();
            assert!(
                s.lo.is_finite() && s.hi.is_finite() && s.lo < s.hi,
                "{values:?}"
            );
            assert!((2..=12).contains(&s.ticks().len()), "{values:?}: {s:?}");
        }
    }

    #[test]
    fn no_values_no_scale() {
        assert_eq!(YScale::for_values([], None), None);
    }

    #[test]
    fn percentages_within_100_end_at_100() {
        let rates = [23.4, 47.7, 67.9, 78.7, 100.0];
        let s = YScale::for_values(rates, Some(100.0)).unwrap();
        assert_eq!(s.ticks(), [0.0, 20.0, 40.0, 60.0, 80.0, 100.0]);
        // Without the ceiling, the room for a label above 100 made it 150.
        assert_eq!(YScale::for_values(rates, None).unwrap().hi, 150.0);
        // A rate above 100 (a 前年度比) gets its room above as any value.
        let s = YScale::for_values([80.0, 104.0], Some(100.0)).unwrap();
        assert!(s.hi > 104.0, "{s:?}");
    }

    #[test]
    fn whole_numbers_skip_the_float_formatter_with_the_same_result() {
        let values = [
            0.0,
            1.0,
            7.0,
            1338.0,
            4.5e15,
            9_007_199_254_740_991.0,
            9_007_199_254_740_992.0,
            1e20,
            0.5,
            40.95,
            1e-7,
        ];
        for v in values {
            for decimals in 0..=6 {
                assert_eq!(
                    fixed_decimals(v, decimals),
                    format!("{v:.decimals$}"),
                    "{v} with {decimals} decimals"
                );
            }
        }
    }
}
