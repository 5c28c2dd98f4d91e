//! The text of one exported cell: HTML wrappers, bullets (・) and the
//! "number title" and "project department" shapes.
//!
//! Exports wrap cells in `<p>…</p>` or `<ul style="…"> ・… ・…` (often without
//! `</ul>`); the report's own text never contains markup, so only these
//! wrappers are removed and everything else is kept as written.

use crate::content::value::digit_value;
use crate::html::decode_entities;

/// Tags that only wrap the text. `p`, `li`, `ul` and `ol` start a new block
/// of text; `br` is a line break inside a block.
const BLOCK_TAGS: [&str; 4] = ["p", "li", "ul", "ol"];
const BREAK_TAG: &str = "br";

/// The cell's text without wrappers, blocks joined by a space: for names,
/// titles and values, which are one line of text.
pub fn clean(cell: &str) -> String {
    blocks(cell).join(" ")
}

/// The cell as a bullet list: one entry per bullet (・) or HTML block, without
/// the ・. Text before the first bullet is an entry of its own.
///
/// Only a ・ that starts a bullet splits: at the start of a block or after
/// white space. A ・ between words (AI・RPA, 標準化・共通化) stays.
pub fn bullets(cell: &str) -> Vec<String> {
    blocks(cell)
        .iter()
        .flat_map(|block| split_bullets(block))
        .collect()
}

/// Splits "1 行政事務における生産性の向上" into its number and title (kept as
/// written). Full-width digits are read too.
pub fn number_title(text: &str) -> Option<(u32, String)> {
    let digits_end = text
        .find(|c: char| digit_value(c).is_none())
        .unwrap_or(text.len());
    let (digits, rest) = text.split_at(digits_end);
    let mut number: u32 = 0;
    for c in digits.chars() {
        number = number.checked_mul(10)?.checked_add(digit_value(c)?)?;
    }
    let title = rest.strip_prefix(char::is_whitespace)?.trim();
    (!digits.is_empty() && !title.is_empty()).then(|| (number, title.to_string()))
}

/// Splits "DX推進事業 情報政策課" into the project (事業) and its department
/// (担当課): the department is the last word, the project everything before it
/// (so a project name may itself contain spaces). A last word that is only
/// what ends a department's name (`人事 課`, a space typed inside it) goes
/// with the word before it: no department is named 課.
pub fn project_department(text: &str) -> Option<(String, String)> {
    const DEPARTMENT_ENDS: [&str; 8] = ["課", "室", "係", "局", "部", "所", "班", "担当"];
    let text = text.trim();
    let mut cut = text.rfind(char::is_whitespace)?;
    if DEPARTMENT_ENDS.contains(&text[cut..].trim())
        && let Some(before) = text[..cut].trim_end().rfind(char::is_whitespace)
    {
        cut = before;
    }
    let name = text[..cut].trim();
    let department: String = text[cut..].split_whitespace().collect();
    (!name.is_empty() && !department.is_empty()).then(|| (name.to_string(), department))
}

/// A label cell reduced for comparison: no white space, full-width brackets as
/// ASCII, so "KPI (指標)" and "KPI（指標）" are the same label.
pub fn label_key(text: &str) -> String {
    text.chars()
        .filter(|c| !c.is_whitespace())
        .map(|c| match c {
            '（' => '(',
            '）' => ')',
            _ => c,
        })
        .collect()
}

/// The cell's blocks of text: wrappers removed, entities decoded, trimmed,
/// empty blocks left out.
fn blocks(cell: &str) -> Vec<String> {
    let mut blocks = Vec::new();
    let mut current = String::new();
    let mut copied = 0;
    // Each `<` ends its tag at the first `>` after it. The `>`s are walked
    // once for all `<`: searching afresh from each `<` took over a minute
    // for a cell of 1.6 million `<` (found while fuzzing the importer).
    let mut closes = cell.match_indices('>').map(|(i, _)| i).peekable();
    for (open, _) in cell.match_indices('<') {
        if open < copied {
            continue; // Inside a wrapper tag already removed.
        }
        while closes.next_if(|&close| close < open).is_some() {}
        let Some(&close) = closes.peek() else {
            break; // No `>` follows: no more tags.
        };
        if let Some(name) = wrapper_tag(&cell[open + 1..close]) {
            current.push_str(&cell[copied..open]);
            if name == BREAK_TAG {
                current.push('\n');
            } else {
                blocks.push(std::mem::take(&mut current));
            }
            copied = close + 1;
        }
    }
    current.push_str(&cell[copied..]);
    blocks.push(current);
    blocks
        .iter()
        .map(|block| decode_entities(block).trim().to_string())
        .filter(|block| !block.is_empty())
        .collect()
}

/// If the text between `<` and `>` is one of the wrapper tags (`p`, `/ul`,
/// `br/`, `ul style="…"`), its name. Only the start of the text is looked
/// at, so that many `<` sharing a distant `>` stay cheap.
fn wrapper_tag(inside: &str) -> Option<&'static str> {
    let inside = inside.trim_start_matches('/');
    BLOCK_TAGS.iter().chain([&BREAK_TAG]).copied().find(|tag| {
        let rest = inside.get(tag.len()..);
        inside
            .get(..tag.len())
            .is_some_and(|name| name.eq_ignore_ascii_case(tag))
            && rest.is_some_and(|rest| {
                rest.starts_with(char::is_whitespace) || rest.bytes().all(|b| b == b'/')
            })
    })
}

/// Splits one block at each ・ that starts a bullet.
/// Whether `c`, after `previous` (None at the start of a block), starts a
/// bullet in the report's export: a ・ at the start or after white space.
pub(crate) fn starts_bullet(previous: Option<char>, c: char) -> bool {
    c == '・' && previous.is_none_or(char::is_whitespace)
}

fn split_bullets(block: &str) -> Vec<String> {
    let mut entries = Vec::new();
    let mut start = 0;
    let mut previous: Option<char> = None;
    for (i, c) in block.char_indices() {
        if starts_bullet(previous, c) {
            entries.push(&block[start..i]);
            start = i + c.len_utf8();
        }
        previous = Some(c);
    }
    entries.push(&block[start..]);
    entries
        .into_iter()
        .map(str::trim)
        .filter(|entry| !entry.is_empty())
        .map(str::to_string)
        .collect()
}

#[cfg(test)]
mod tests {
    use super::*;

    #[test]
    fn bullets_split_only_where_a_bullet_starts() {
        let cell = r#"<ul style="list-style-type: none"> ・AI・RPAを導入した。 ・標準化・共通化を進めた。 "#;
        assert_eq!(
            bullets(cell),
            ["AI・RPAを導入した。", "標準化・共通化を進めた。"]
        );
        assert_eq!(
            bullets("<p>・避難所・市立集会所・公共施設等を追加した。</p>"),
            ["避難所・市立集会所・公共施設等を追加した。"]
        );
        assert_eq!(
            bullets("前文。 ・一つ目\u{3000}・二つ目"),
            ["前文。", "一つ目", "二つ目"]
        );
        assert_eq!(bullets("・一行目<br>・二行目</ul>"), ["一行目", "二行目"]);
        assert_eq!(
            bullets("<ul><li>一つ目</li><li>二つ目</li></ul>"),
            ["一つ目", "二つ目"]
        );
        assert!(bullets("<p></p> ・ ").is_empty());
    }

    #[test]
    fn wrappers_go_and_other_text_stays() {
        assert_eq!(
            clean("<p>認定こども園管理運営事業 保育教育課</p>"),
            "認定こども園管理運営事業 保育教育課"
        );
        assert_eq!(
            clean("Fit&Gap &amp; &lt;b&gt; &#12354;&#x3042;"),
            "Fit&Gap & <b> ああ"
        );
        assert_eq!(clean("a < b <span>c</span>"), "a < b <span>c</span>");
        assert_eq!(clean("<p"), "<p");
    }

    #[test]
    fn numbers_titles_projects_and_labels() {
        assert_eq!(
            number_title("1 行政事務における生産性の向上"),
            Some((1, "行政事務における生産性の向上".into()))
        );
        assert_eq!(
            number_title("１２　タイトル"),
            Some((12, "タイトル".into()))
        );
        assert_eq!(number_title("行政事務"), None);
        assert_eq!(number_title("1行政事務"), None);
        assert_eq!(number_title("1 "), None);
        assert_eq!(number_title("99999999999 a"), None);
        assert_eq!(
            project_department("DX推進事業 情報政策課"),
            Some(("DX推進事業".into(), "情報政策課".into()))
        );
        assert_eq!(
            project_department("ＩＣＴ 推進事業　情報政策課"),
            Some(("ＩＣＴ 推進事業".into(), "情報政策課".into()))
        );
        assert_eq!(project_department("DX推進事業"), None);
        // A space typed inside the department's name.
        assert_eq!(
            project_department("人事管理事業 人事 課"),
            Some(("人事管理事業".into(), "人事課".into()))
        );
        assert_eq!(
            project_department("庶務事業　 総務　室"),
            Some(("庶務事業".into(), "総務室".into()))
        );
        assert_eq!(
            project_department("事業 課"),
            Some(("事業".into(), "課".into())),
            "nothing before to join with: the sheet's own words, as written"
        );
        assert_eq!(label_key("KPI （指標）"), "KPI(指標)");
    }
}
