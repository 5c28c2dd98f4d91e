//! KPI progress judgment (進捗評価): how far each KPI has come towards its target.
//!
//! There is no national standard; the formula is the common one and its
//! thresholds come from the site configuration. `docs/judgment.md` explains it
//! in Japanese and English.

use serde::Serialize;

use crate::content::model::{JudgmentConfig, Measure};
use crate::content::{Direction, FiscalYear, Kpi, Value};

/// A KPI's status.
#[derive(Debug, Clone, Copy, PartialEq, Eq, PartialOrd, Ord, Hash, Serialize)]
#[serde(rename_all = "snake_case")]
pub enum Status {
    /// 達成: the target is reached (or, for 維持, the level is kept).
    Achieved,
    /// 順調: on the way, at least `on_track` of the distance covered.
    OnTrack,
    /// 遅れ: behind.
    Behind,
    /// 評価不能: the latest result, the baseline or the target is not a number.
    NotEvaluable,
}

impl Status {
    pub const ALL: [Status; 4] = [
        Status::Achieved,
        Status::OnTrack,
        Status::Behind,
        Status::NotEvaluable,
    ];

    /// A symbol shown beside the label, so that status never relies on colour.
    pub fn symbol(self) -> &'static str {
        match self {
            Status::Achieved => "◎",
            Status::OnTrack => "○",
            Status::Behind => "△",
            Status::NotEvaluable => "－",
        }
    }

    pub fn label(self, config: &JudgmentConfig) -> &str {
        let labels = &config.labels;
        match self {
            Status::Achieved => &labels.achieved,
            Status::OnTrack => &labels.on_track,
            Status::Behind => &labels.behind,
            Status::NotEvaluable => &labels.not_evaluable,
        }
    }
}

/// The judgment of one KPI.
#[derive(Debug, Clone, PartialEq)]
pub struct Judgment {
    pub status: Status,
    /// Share of the way from baseline to target (1.0 = reached); None for 維持 and when not evaluable.
    pub rate: Option<f64>,
    /// The fiscal year of the result judged.
    pub year: Option<FiscalYear>,
}

/// Judges a KPI by its latest result.
pub fn judge(kpi: &Kpi, config: &JudgmentConfig) -> Judgment {
    let latest = kpi.results.0.last();
    let year = latest.map(|(year, _)| *year);
    let not_evaluable = Judgment {
        status: Status::NotEvaluable,
        rate: None,
        year,
    };
    let (Some(result), Some(baseline), Some(target)) = (
        latest.and_then(|(_, value)| value.number()),
        kpi.baseline.number(),
        kpi.target.number(),
    ) else {
        return not_evaluable;
    };
    // Numbers in two units (1.3万時間 against 1,000時間) do not compare: a
    // rate from them would be made up. (`hyoka check` warns about the units.)
    if let Some((_, value)) = latest
        && !one_unit([value, &kpi.baseline, &kpi.target])
    {
        return not_evaluable;
    }
    if kpi.direction == Direction::Maintain {
        let allowed = config.tolerance * baseline.abs();
        let status = if (result - baseline).abs() <= allowed {
            Status::Achieved
        } else {
            Status::Behind
        };
        return Judgment {
            status,
            rate: None,
            year,
        };
    }
    let (progress, distance) = match kpi.direction {
        Direction::Decrease => (baseline - result, baseline - target),
        _ => (result - baseline, target - baseline),
    };
    // A target equal to the baseline (or on the wrong side of it) has no distance to cover:
    // the KPI is achieved when the result is at least as good as the target.
    if distance <= 0.0 {
        let reached = match kpi.direction {
            Direction::Decrease => result <= target,
            _ => result >= target,
        };
        return Judgment {
            status: if reached {
                Status::Achieved
            } else {
                Status::Behind
            },
            rate: None,
            year,
        };
    }
    let rate = progress / distance;
    let status = if rate >= config.achieved {
        Status::Achieved
    } else if rate >= config.on_track {
        Status::OnTrack
    } else {
        Status::Behind
    };
    Judgment {
        status,
        rate: Some(rate),
        year,
    }
}

/// Whether `values` are written in one unit, or without one (764 among
/// 764時間 is a unit left out, which `hyoka check` warns about), compared in
/// NFKC: ％ and % are one unit.
fn one_unit(values: [&Value; 3]) -> bool {
    let mut units = values
        .into_iter()
        .filter_map(Value::unit_nfkc)
        .filter(|unit| !unit.is_empty());
    let first = units.next();
    units.all(|unit| Some(&unit) == first.as_ref())
}

/// Counts of KPIs per status, in [`Status::ALL`] order. Templates see the
/// four numbers, in the order of `site.statuses`.
#[derive(Debug, Clone, Copy, Default, PartialEq, Eq, Serialize)]
#[serde(transparent)]
pub struct Tally(pub [usize; 4]);

impl Tally {
    pub fn add(&mut self, status: Status) {
        self.0[Status::ALL.iter().position(|s| *s == status).unwrap_or(3)] += 1;
    }

    pub fn of<'a>(kpis: impl IntoIterator<Item = &'a Kpi>, config: &JudgmentConfig) -> Tally {
        let mut tally = Tally::default();
        for kpi in kpis {
            tally.add(judge(kpi, config).status);
        }
        tally
    }

    /// The tally of every KPI of `measure`.
    pub fn of_measure(measure: &Measure, config: &JudgmentConfig) -> Tally {
        Tally::of(
            measure.major_items.iter().flat_map(|major| &major.kpis),
            config,
        )
    }

    pub fn total(&self) -> usize {
        self.0.iter().sum()
    }

    pub fn merge(&mut self, other: Tally) {
        for (mine, theirs) in self.0.iter_mut().zip(other.0) {
            *mine += theirs;
        }
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::content::model::Results;

    fn kpi(direction: Direction, baseline: &str, results: &[&str], target: &str) -> Kpi {
        Kpi {
            name: "指標".into(),
            star: false,
            direction,
            baseline: Value::parse(baseline),
            results: Results(
                results
                    .iter()
                    .enumerate()
                    .map(|(i, v)| (FiscalYear(2021 + i as i32), Value::parse(v)))
                    .collect(),
            ),
            target: Value::parse(target),
            target_year: FiscalYear(2025),
        }
    }

    fn status(
        direction: Direction,
        baseline: &str,
        results: &[&str],
        target: &str,
    ) -> (Status, Option<f64>) {
        let judgment = judge(
            &kpi(direction, baseline, results, target),
            &JudgmentConfig::default(),
        );
        (
            judgment.status,
            judgment.rate.map(|r| (r * 1000.0).round() / 1000.0),
        )
    }

    #[test]
    fn increase() {
        // The sample's AI・RPA KPI: 0時間 → 764時間 of 1,000時間.
        assert_eq!(
            status(
                Direction::Increase,
                "0時間",
                &["1,338時間", "552時間", "764時間"],
                "1,000時間"
            ),
            (Status::OnTrack, Some(0.764))
        );
        assert_eq!(
            status(
                Direction::Increase,
                "3人",
                &["21人", "21人", "28人"],
                "25人"
            ),
            (Status::Achieved, Some(1.136))
        );
        assert_eq!(
            status(
                Direction::Increase,
                "40.9%(令和2年度)",
                &["38.2%", "50.3%", "46.2%"],
                "60.0%"
            ),
            (Status::Behind, Some(0.277))
        );
        assert_eq!(
            status(Direction::Increase, "5項目", &["4項目"], "16項目"),
            (Status::Behind, Some(-0.091))
        );
    }

    #[test]
    fn decrease() {
        assert_eq!(
            status(Direction::Decrease, "100件", &["60件"], "50件"),
            (Status::OnTrack, Some(0.8))
        );
        assert_eq!(
            status(Direction::Decrease, "100件", &["40件"], "50件"),
            (Status::Achieved, Some(1.2))
        );
        assert_eq!(
            status(Direction::Decrease, "100件", &["120件"], "50件"),
            (Status::Behind, Some(-0.4))
        );
    }

    #[test]
    fn maintain_uses_the_tolerance_band() {
        assert_eq!(
            status(Direction::Maintain, "0件", &["0件", "0件", "0件"], "0件"),
            (Status::Achieved, None)
        );
        assert_eq!(
            status(Direction::Maintain, "0件", &["1件"], "0件"),
            (Status::Behind, None)
        );
        assert_eq!(
            status(Direction::Maintain, "100人", &["96人"], "100人"),
            (Status::Achieved, None)
        );
        assert_eq!(
            status(Direction::Maintain, "100人", &["94人"], "100人"),
            (Status::Behind, None)
        );
    }

    #[test]
    fn missing_or_text_values_cannot_be_judged() {
        for direction in [
            Direction::Increase,
            Direction::Decrease,
            Direction::Maintain,
        ] {
            assert_eq!(
                status(direction, "0業務", &["0業務", "—"], "17業務"),
                (Status::NotEvaluable, None)
            );
            assert_eq!(
                status(direction, "0業務", &["集計中"], "17業務"),
                (Status::NotEvaluable, None)
            );
            assert_eq!(
                status(direction, "—", &["3業務"], "17業務"),
                (Status::NotEvaluable, None)
            );
            assert_eq!(
                status(direction, "0業務", &["3業務"], "未定"),
                (Status::NotEvaluable, None)
            );
            assert_eq!(
                status(direction, "0業務", &[], "17業務"),
                (Status::NotEvaluable, None)
            );
        }
    }

    #[test]
    fn values_in_two_units_are_not_compared() {
        use Direction::Increase;
        // 1.3万時間 against a target of 1,000時間 is no rate of 0.1%.
        assert_eq!(
            status(Increase, "0時間", &["1.3万時間"], "1,000時間"),
            (Status::NotEvaluable, None)
        );
        assert_eq!(
            status(Increase, "10%", &["50％"], "40%"),
            (Status::Achieved, Some(1.333)),
            "％ and % are one unit"
        );
        // A unit left out is warned about, and the number still compared.
        assert_eq!(
            status(Increase, "0時間", &["764"], "1,000時間"),
            (Status::OnTrack, Some(0.764))
        );
        // Only the values judged count: an older result in another unit does not.
        assert_eq!(
            status(Increase, "0時間", &["1.3万時間", "764時間"], "1,000時間"),
            (Status::OnTrack, Some(0.764))
        );
    }

    #[test]
    fn a_target_equal_to_the_baseline_is_reached_or_not() {
        assert_eq!(
            status(Direction::Increase, "5件", &["5件"], "5件"),
            (Status::Achieved, None)
        );
        assert_eq!(
            status(Direction::Increase, "5件", &["4件"], "5件"),
            (Status::Behind, None)
        );
        assert_eq!(
            status(Direction::Decrease, "5件", &["6件"], "5件"),
            (Status::Behind, None)
        );
    }

    #[test]
    fn thresholds_come_from_the_configuration() {
        let config = JudgmentConfig {
            on_track: 0.8,
            ..JudgmentConfig::default()
        };
        let judgment = judge(
            &kpi(Direction::Increase, "0時間", &["764時間"], "1,000時間"),
            &config,
        );
        assert_eq!(judgment.status, Status::Behind);
        assert_eq!(Status::Behind.label(&config), "遅れ");
    }

    #[test]
    fn tally_counts_by_status() {
        let config = JudgmentConfig::default();
        let kpis = [
            kpi(Direction::Increase, "0", &["10"], "10"),
            kpi(Direction::Increase, "0", &["—"], "10"),
            kpi(Direction::Increase, "0", &["1"], "10"),
        ];
        let tally = Tally::of(&kpis, &config);
        assert_eq!(tally, Tally([1, 0, 1, 1]));
        assert_eq!(tally.total(), 3);
    }
}
