//! Fiscal years (年度) in both calendars.
//!
//! A Japanese fiscal year runs April to March and is named after the year it
//! starts in. Reports name years in the Japanese calendar (和暦), open data
//! wants the Western year, and pages show both: 令和5年度（2023年度）.

use std::fmt;
use std::sync::LazyLock;

use serde::{Deserialize, Deserializer, Serialize, Serializer};

/// A fiscal year (年度), stored as the Western year it starts in.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash)]
pub struct FiscalYear(pub i32);

/// Eras this tool reads and writes, newest first: (name, first fiscal year).
///
/// A fiscal year is named after the era in force at its start in April, so
/// FY2019 (April 2019, still 平成31年) is conventionally written 令和元年度 and
/// FY1989 is 平成元年度; both spellings are accepted when reading.
pub(crate) const ERAS: [(&str, i32); 3] = [("令和", 2019), ("平成", 1989), ("昭和", 1926)];

impl FiscalYear {
    /// Parses "令和5年度", "令和元年度", "平成30年度", "2023年度", "2023", also with
    /// full-width digits and surrounding spaces.
    pub fn parse(text: &str) -> Option<FiscalYear> {
        let normalized = normalize_digits(text.trim());
        let body = normalized
            .strip_suffix("年度")
            .unwrap_or(&normalized)
            .trim();
        for (i, (era, first)) in ERAS.into_iter().enumerate() {
            if let Some(rest) = body.strip_prefix(era) {
                let n: i32 = if rest.trim() == "元" {
                    1
                } else {
                    rest.trim().parse().ok()?
                };
                // A past era runs up to the year the next one began (平成31年度
                // is FY2019 too; 昭和96年度 is no year); the current one runs
                // on until the Western year leaves 4 digits.
                let last_year = i.checked_sub(1).map_or(9999, |newer| ERAS[newer].1);
                let last = last_year - first + 1;
                return (1..=last).contains(&n).then_some(FiscalYear(first + n - 1));
            }
        }
        let year: i32 = body.parse().ok()?;
        (1868..=9999).contains(&year).then_some(FiscalYear(year))
    }

    /// The fiscal years a text names (令和5年度, 令和元年度, 2023年度), in order.
    pub fn named_in(text: &str) -> Vec<FiscalYear> {
        let is_number = |c: char| c.is_ascii_digit() || ('０'..='９').contains(&c) || c == '元';
        (text.match_indices("年度"))
            .filter_map(|(end, _)| {
                let number = text[..end].trim_end_matches(is_number);
                let start = (ERAS.iter())
                    .find_map(|(era, _)| number.strip_suffix(era))
                    .map_or(number.len(), str::len);
                FiscalYear::parse(&text[start..end]).filter(|_| number.len() < end)
            })
            .collect()
    }

    /// The Western year, e.g. 2023.
    pub fn western(self) -> i32 {
        self.0
    }

    /// The Japanese-calendar name: 令和5年度, 令和元年度.
    pub fn wareki(self) -> String {
        self.named()
            .map_or_else(|| self.format_wareki(), |named| named.wareki.clone())
    }

    /// Both calendars, as reports write them: 令和5年度（2023年度）.
    pub fn both(self) -> String {
        self.named()
            .map_or_else(|| self.format_both(), |named| named.both.clone())
    }

    /// This year's names, if it is one of [`NAMED`].
    fn named(self) -> Option<&'static Names> {
        NAMED.get(usize::try_from(self.0.checked_sub(FIRST_NAMED)?).ok()?)
    }

    fn format_wareki(self) -> String {
        match ERAS.iter().find(|(_, first)| self.0 >= *first) {
            Some((era, first)) => match self.0 - first + 1 {
                1 => format!("{era}元年度"),
                n => format!("{era}{n}年度"),
            },
            None => format!("{}年度", self.0),
        }
    }

    fn format_both(self) -> String {
        format!("{}（{}年度）", self.format_wareki(), self.0)
    }
}

/// A year's names in [`NAMED`].
struct Names {
    wareki: String,
    both: String,
}

/// The first and last years whose names are made once, in [`NAMED`].
const FIRST_NAMED: i32 = 1989;
const LAST_NAMED: i32 = 2100;

/// The names of the years reports use, made once: a page names a year for
/// every KPI value and chart label, and formatting them anew each time was a
/// tenth of building the pages' data at national scale.
static NAMED: LazyLock<Vec<Names>> = LazyLock::new(|| {
    (FIRST_NAMED..=LAST_NAMED)
        .map(|year| Names {
            wareki: FiscalYear(year).format_wareki(),
            both: FiscalYear(year).format_both(),
        })
        .collect()
});

/// Turns full-width digits (０-９) into ASCII so "令和５年度" reads like "令和5年度".
pub(crate) fn normalize_digits(text: &str) -> String {
    text.chars().map(super::value::half_width_digit).collect()
}

impl fmt::Display for FiscalYear {
    fn fmt(&self, f: &mut fmt::Formatter<'_>) -> fmt::Result {
        f.write_str(&self.both())
    }
}

impl Serialize for FiscalYear {
    fn serialize<S: Serializer>(&self, serializer: S) -> Result<S::Ok, S::Error> {
        serializer.serialize_str(&self.wareki())
    }
}

impl<'de> Deserialize<'de> for FiscalYear {
    fn deserialize<D: Deserializer<'de>>(deserializer: D) -> Result<Self, D::Error> {
        // Read as text so that both `令和5年度` and a bare `2023` are accepted.
        let text = String::deserialize(deserializer)?;
        FiscalYear::parse(&text)
            .ok_or_else(|| serde::de::Error::custom(FiscalYear::expected(&text)))
    }
}

/// What a fiscal year is written as, for messages.
pub(crate) const EXPECTED: &str = "expected a fiscal year such as 令和5年度, 令和元年度 or 2023";

impl FiscalYear {
    /// The message for `text` that names no fiscal year.
    pub(crate) fn expected(text: &str) -> String {
        let found = format!("{EXPECTED}, found \"{text}\"");
        match Self::meant(text) {
            Some(meant) => format!("{found}: write {meant}"),
            None => found,
        }
    }

    /// The year `text` most likely means, as it is written where it does
    /// not read: R5 and Ｒ５年度 (a spreadsheet's shorthand) as 令和5年度, H30
    /// as 平成30年度, 令和5年 and 2023年 with 年度.
    fn meant(text: &str) -> Option<String> {
        let written: String = normalize_digits(text.trim())
            .chars()
            .map(|c| match c {
                'Ｒ' | 'ｒ' => 'R',
                'Ｈ' | 'ｈ' => 'H',
                'r' => 'R',
                'h' => 'H',
                c => c,
            })
            .collect();
        let (era, rest) = [
            ("R", "令和"),
            ("H", "平成"),
            ("令和", "令和"),
            ("平成", "平成"),
        ]
        .iter()
        .find_map(|(prefix, era)| Some((*era, written.strip_prefix(prefix)?)))
        .unwrap_or(("", &written));
        let rest = rest.trim_start_matches(['.', ' ']);
        let number = rest
            .strip_suffix("年度")
            .or_else(|| rest.strip_suffix('年'))
            .unwrap_or(rest);
        if number.is_empty() || !number.chars().all(|c| c.is_ascii_digit()) {
            return None;
        }
        let meant = match number.parse::<i32>().ok()? {
            1 if !era.is_empty() => format!("{era}元年度"),
            n => format!("{era}{n}年度"),
        };
        (meant != text && Self::parse(&meant).is_some()).then_some(meant)
    }
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn the_years_a_text_names_in_either_calendar() {
        let years = |text| FiscalYear::named_in(text);
        assert_eq!(years("摂津市 施策評価（令和5年度）"), [FiscalYear(2023)]);
        assert_eq!(
            years("令和元年度・2020年度・令和６年度の事業"),
            [FiscalYear(2019), FiscalYear(2020), FiscalYear(2024)]
        );
        // No number before 年度, or one that is no year.
        assert_eq!(years("年度末の施策評価 5年度 元年度"), []);
    }

    #[test]
    fn reads_both_calendars() {
        assert_eq!(FiscalYear::parse("令和5年度"), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::parse("令和元年度"), Some(FiscalYear(2019)));
        assert_eq!(FiscalYear::parse("平成31年度"), Some(FiscalYear(2019)));
        assert_eq!(FiscalYear::parse("平成30年度"), Some(FiscalYear(2018)));
        assert_eq!(FiscalYear::parse("令和５年度"), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::parse("2023年度"), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::parse(" 2023 "), Some(FiscalYear(2023)));
        assert_eq!(FiscalYear::parse("令和0年度"), None);
        // A past era's years run up to the next era's first.
        assert_eq!(FiscalYear::parse("平成32年度"), None);
        assert_eq!(FiscalYear::parse("昭和64年度"), Some(FiscalYear(1989)));
        assert_eq!(FiscalYear::parse("昭和65年度"), None);
        assert_eq!(FiscalYear::parse("昭和96年度"), None);
        assert_eq!(FiscalYear::parse("令和7981年度"), Some(FiscalYear(9999)));
        assert_eq!(FiscalYear::parse("令和7982年度"), None);
        assert_eq!(FiscalYear::parse("来年度"), None);
        assert_eq!(FiscalYear::parse("99999"), None);
    }

    #[test]
    fn a_year_written_as_a_spreadsheet_does_is_named_as_meant() {
        let meant = |text| FiscalYear::meant(text);
        assert_eq!(meant("R5"), Some("令和5年度".to_string()));
        assert_eq!(meant("Ｒ５年度"), Some("令和5年度".to_string()));
        assert_eq!(meant("r1"), Some("令和元年度".to_string()));
        assert_eq!(meant("H30"), Some("平成30年度".to_string()));
        assert_eq!(meant("令和5年"), Some("令和5年度".to_string()));
        assert_eq!(meant("2023年"), Some("2023年度".to_string()));
        for nothing_meant in ["来年度", "R", "5", "令和X年度", "H99x"] {
            assert_eq!(meant(nothing_meant), None, "{nothing_meant}");
        }
        assert_eq!(
            FiscalYear::expected("R5"),
            "expected a fiscal year such as 令和5年度, 令和元年度 or 2023, found \"R5\": write 令和5年度"
        );
    }

    #[test]
    fn writes_both_calendars() {
        assert_eq!(FiscalYear(2023).both(), "令和5年度（2023年度）");
        assert_eq!(FiscalYear(2019).wareki(), "令和元年度");
        assert_eq!(FiscalYear(2018).wareki(), "平成30年度");
        assert_eq!(FiscalYear(1989).wareki(), "平成元年度");
        assert_eq!(FiscalYear(1988).wareki(), "昭和63年度");
    }

    #[test]
    fn names_made_once_are_the_names_formatted() {
        for year in [i32::MIN, 0, FIRST_NAMED - 1, LAST_NAMED + 1, i32::MAX]
            .into_iter()
            .chain(FIRST_NAMED..=LAST_NAMED)
        {
            let year = FiscalYear(year);
            assert_eq!(year.wareki(), year.format_wareki());
            assert_eq!(year.both(), year.format_both());
        }
        assert_eq!(FiscalYear(2100).both(), "令和82年度（2100年度）");
    }
}
