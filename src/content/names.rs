//! Comparing names as a reader would: 認定こども園 and 認定子ども園 are one name
//! written two ways (表記ゆれ), and so are names that differ only in spaces or
//! in full-width and half-width characters.

use unicode_normalization::UnicodeNormalization;

/// Spellings that official Japanese writing uses for the same word: (variant, form compared).
const VARIANTS: [(&str, &str); 13] = [
    ("子供", "こども"),
    ("子ども", "こども"),
    ("障がい", "障害"),
    ("障碍", "障害"),
    ("附", "付"),
    ("取り組み", "取組"),
    ("取組み", "取組"),
    ("申し込み", "申込"),
    ("申込み", "申込"),
    ("問い合わせ", "問合せ"),
    ("問合わせ", "問合せ"),
    ("受け付け", "受付"),
    ("受付け", "受付"),
];

/// Counter ka written after a number or kanji: 3ヶ月, 3ケ月, 3カ月, 3か月, 霞ヶ関.
const COUNTER_KA: [char; 4] = ['ヶ', 'ヵ', 'ケ', 'カ'];

/// The form two names are compared in: width folded (NFKC), spaces removed,
/// common kana/kanji variants made one.
pub fn compared_form(name: &str) -> String {
    let folded: String = name.nfkc().filter(|c| !c.is_whitespace()).collect();
    let unified = VARIANTS
        .iter()
        .fold(folded, |text, (variant, form)| text.replace(variant, form));
    let mut out = String::with_capacity(unified.len());
    let mut previous = None;
    for c in unified.chars() {
        let after_number = previous.is_some_and(|p: char| p.is_ascii_digit() || is_kanji(p));
        out.push(if after_number && COUNTER_KA.contains(&c) {
            'か'
        } else {
            c
        });
        previous = Some(c);
    }
    out
}

fn is_kanji(c: char) -> bool {
    matches!(c, '\u{4E00}'..='\u{9FFF}' | '\u{3400}'..='\u{4DBF}' | '々')
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn variants_compare_equal() {
        let same = |a: &str, b: &str| assert_eq!(compared_form(a), compared_form(b), "{a} / {b}");
        same("認定こども園管理運営事業", "認定子ども園管理運営事業");
        same("子供会支援事業", "こども会支援事業");
        same("防災訓練事業", "防災　訓練 事業");
        same("ＤＸ推進事業", "DX推進事業");
        same("ｶｰﾄﾞ交付事業", "カード交付事業");
        same("附属機関運営", "付属機関運営");
        same("3ヶ月健診", "３か月健診");
        same("霞ケ関分室", "霞ヶ関分室");
        same("障がい者支援", "障害者支援");
    }

    #[test]
    fn different_names_stay_different() {
        let differ = |a: &str, b: &str| assert_ne!(compared_form(a), compared_form(b), "{a} / {b}");
        differ("防災訓練事業", "防災研修事業");
        differ("カード交付事業", "ケード交付事業");
        differ("DX推進事業", "DX推進事業2");
    }
}
