//! The report's own words for the content files' keys.
//!
//! Staff who know the printed sheet write its labels as keys (`目標値:`,
//! `推移の方向性:`). No spelling distance links 目標値 to `target`, so the
//! message for such a key names the key meant from this table, and the
//! loader then reads the rest of the mapping as if it were written so.

use super::FiscalYear;

/// (label as the sheet or the city's forms print it, key). A label may
/// stand for several keys (施策: a row's `measure`, a field's `measures`);
/// the message offers the one the mapping has.
const TERMS: &[(&str, &str)] = &[
    // hyoka.yaml
    ("市区町村名", "city"),
    ("市町村名", "city"),
    ("市名", "city"),
    ("自治体名", "city"),
    ("団体コード", "city_code"),
    ("全国地方公共団体コード", "city_code"),
    ("地方公共団体コード", "city_code"),
    ("表題", "title"),
    ("報告書名", "title"),
    ("評価年度", "fiscal_year"),
    ("年度", "fiscal_year"),
    ("公開先", "base_url"),
    ("言語", "language"),
    ("凡例", "star_legend"),
    ("はじめに", "introduction"),
    ("前書き", "introduction"),
    ("分野", "fields"),
    ("検索", "search"),
    ("サイト内検索", "search"),
    ("利用条件", "data_license"),
    ("利用規約", "data_license"),
    ("ライセンス", "data_license"),
    ("判定", "judgment"),
    ("達成", "achieved"),
    ("順調", "on_track"),
    ("遅れ", "behind"),
    ("評価不能", "not_evaluable"),
    ("許容幅", "tolerance"),
    ("表示", "labels"),
    // fields, measures, major and mid items, KPIs
    ("名称", "name"),
    ("名前", "name"),
    ("分野名", "name"),
    ("施策名", "name"),
    ("事業名", "name"),
    ("指標名", "name"),
    ("課名", "name"),
    ("説明", "description"),
    ("概要", "description"),
    ("施策", "measures"),
    ("施策", "measure"),
    ("分野計画", "sector_plan"),
    ("分野計画名称", "sector_plan"),
    ("分野計画名", "sector_plan"),
    ("行政経営戦略参照ページ", "strategy_page"),
    ("行政経営戦略", "strategy_page"),
    ("参照ページ", "strategy_page"),
    ("参照ページ", "sector_plan_page"),
    ("施策の展開", "major_items"),
    ("大項目", "major_items"),
    ("大項目", "major_item"),
    ("番号", "number"),
    ("項番", "number"),
    ("項目名", "title"),
    ("見出し", "title"),
    ("タイトル", "title"),
    ("指標", "kpis"),
    ("成果指標", "kpis"),
    ("KPI", "kpis"),
    ("中項目", "mid_items"),
    ("中項目", "mid_item"),
    ("★", "star"),
    ("【★】", "star"),
    ("推移の方向性", "direction"),
    ("方向性", "direction"),
    ("方向", "direction"),
    ("基準値", "baseline"),
    ("結果", "results"),
    ("実績", "results"),
    ("実績", "achievements"),
    ("実績値", "results"),
    ("目標値", "target"),
    ("目標", "target"),
    ("目標年度", "target_year"),
    ("分野計画参照ページ", "sector_plan_page"),
    ("関連する主な事業", "projects"),
    ("主な事業", "projects"),
    ("事業", "projects"),
    // projects and their rows
    ("担当課", "department"),
    ("所管課", "department"),
    ("担当", "department"),
    ("課", "department"),
    ("取組実績", "achievements"),
    ("分析・考察", "analysis"),
    ("分析", "analysis"),
    ("考察", "analysis"),
    // departments.yaml, after the entries above: 担当課 is a project's
    // `department` and a department's `name`.
    ("担当課", "name"),
    ("課", "name"),
    ("ID", "id"),
    ("番号", "id"),
];

/// The key of `expected` that `written`, one of the report's labels, stands
/// for: 目標値 for `target`, also with a note in brackets after it
/// (`目標値（令和7年度）`) or spaces around it.
pub fn key_for_label<'k>(
    written: &str,
    expected: impl IntoIterator<Item = &'k str> + Clone,
) -> Option<&'k str> {
    let spaces = [' ', '\u{3000}'];
    let written = written.trim_matches(spaces);
    let before_note = written.split(['（', '(']).next().unwrap_or(written);
    [written, before_note.trim_matches(spaces)]
        .into_iter()
        .flat_map(|label| TERMS.iter().filter(move |(term, _)| *term == label))
        .find_map(|(_, key)| expected.clone().into_iter().find(|known| known == key))
}

/// The fiscal year noted in brackets after a label: 令和7年度 in
/// `目標値（令和7年度）`.
pub fn year_noted(written: &str) -> Option<FiscalYear> {
    let (_, note) = written.split_once(['（', '('])?;
    FiscalYear::parse(note.trim_end_matches(['）', ')']).trim())
}

#[cfg(test)]
mod tests {
    use super::*;

    const KPI_KEYS: [&str; 7] = [
        "name",
        "star",
        "direction",
        "baseline",
        "results",
        "target",
        "target_year",
    ];

    #[test]
    fn a_label_of_the_sheet_names_its_key() {
        assert_eq!(key_for_label("目標値", KPI_KEYS), Some("target"));
        assert_eq!(key_for_label("推移の方向性", KPI_KEYS), Some("direction"));
        assert_eq!(key_for_label("【★】", KPI_KEYS), Some("star"));
    }

    #[test]
    fn a_note_in_brackets_or_spaces_around_the_label_are_read_past() {
        assert_eq!(
            key_for_label("目標値（令和7年度）", KPI_KEYS),
            Some("target")
        );
        assert_eq!(
            key_for_label("　基準値 (令和2年度)", KPI_KEYS),
            Some("baseline")
        );
    }

    #[test]
    fn a_label_of_several_keys_offers_the_one_of_its_mapping() {
        let project = ["name", "department", "description", "rows"];
        assert_eq!(key_for_label("担当課", project), Some("department"));
        assert_eq!(key_for_label("担当課", ["id", "name"]), Some("name"));
        let row = [
            "measure",
            "major_item",
            "mid_item",
            "fiscal_year",
            "achievements",
            "analysis",
        ];
        assert_eq!(key_for_label("大項目", row), Some("major_item"));
        assert_eq!(key_for_label("実績", row), Some("achievements"));
        assert_eq!(key_for_label("実績", KPI_KEYS), Some("results"));
    }

    #[test]
    fn a_year_noted_after_a_label_is_read() {
        let year = |written: &str| year_noted(written).map(FiscalYear::wareki);
        assert_eq!(year("目標値（令和7年度）"), Some("令和7年度".to_string()));
        assert_eq!(year("目標値 (2025)"), Some("令和7年度".to_string()));
        assert_eq!(year("目標値（最終）"), None);
        assert_eq!(year("目標値"), None);
    }

    #[test]
    fn only_a_key_the_mapping_has_is_offered() {
        // 施策 is a field's `measures` and a project row's `measure`.
        assert_eq!(
            key_for_label("施策", ["name", "measures"]),
            Some("measures")
        );
        assert_eq!(
            key_for_label("施策", ["measure", "mid_item"]),
            Some("measure")
        );
        assert_eq!(key_for_label("目標値", ["name", "measures"]), None);
        assert_eq!(key_for_label("未知の見出し", KPI_KEYS), None);
    }
}
