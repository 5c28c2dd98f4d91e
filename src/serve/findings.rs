//! What the preview shows of its findings in the browser: the page shown
//! instead of the site while the last save is broken, and a panel of the
//! likely mistakes (`hyoka check`'s warnings) on every page while there are
//! any. Both list each finding as the terminal does, with the line it points at.

use crate::diagnostic::{Diagnostic, Quotes};

/// How the quotes below the findings look, on both.
const QUOTE_STYLE: &str = "\
.quote { margin: 0.3rem 0 0; padding: 0.3rem 0.4rem; overflow-x: auto; background: #f4f4f4; }
.quote .number { color: #595959; }
.quote .unseen { visibility: hidden; }
.quote .caret { color: #b00020; font-weight: bold; }
";

/// Findings a page lists at most: a broken import or a national report can
/// have thousands, and the panel of warnings is on every page. The terminal
/// lists them all.
const MOST_LISTED: usize = 100;

/// A page listing the problems (file:line:column, field, message), in Japanese
/// with the English messages the terminal prints, each with the line of the
/// site's file it points at (from `quotes`) and a caret under its column.
pub fn error_page(problems: &[Diagnostic], quotes: &mut Quotes) -> String {
    format!(
        r#"<!DOCTYPE html>
<html lang="ja">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<title>サイトを作れません（hyoka serve）</title>
<style>
body {{ font-family: sans-serif; margin: 2rem; line-height: 1.6; color: #1a1a1a; }}
h1 {{ color: #b00020; font-size: 1.5rem; }}
li {{ margin: 0.5rem 0; }}
code {{ white-space: pre-wrap; overflow-wrap: anywhere; background: #fdecee; padding: 0.2rem 0.4rem; }}
{QUOTE_STYLE}</style>
</head>
<body>
<h1>サイトを作れません：{count}件の問題があります</h1>
<p>下のファイルを直して保存すると、このページは自動で更新されます。</p>
<p lang="en">The site could not be built. Fix the files below and save: this page reloads by itself.</p>
{list}</body>
</html>
"#,
        count = problems.len(),
        list = list(
            problems,
            quotes,
            "hyoka serve を動かしている端末に表示されています"
        )
    )
}

/// A panel for the foot of every page of the preview, folded to one line
/// until opened, listing the likely mistakes with their quotes; nothing for
/// none. It stays open across the reloads of one tab (sessionStorage), as
/// one fixes the warnings one save at a time. Its styles are its own,
/// whatever the theme's, and it is left out of print; the built site never
/// has it.
pub fn warnings_panel(warnings: &[Diagnostic], quotes: &mut Quotes) -> String {
    if warnings.is_empty() {
        return String::new();
    }
    let quote_style = QUOTE_STYLE.replace(".quote", "#hyoka-warnings .quote");
    format!(
        r##"<aside id="hyoka-warnings" lang="ja" aria-label="hyoka の警告">
<style>
#hyoka-warnings {{ position: fixed; right: 0.5rem; bottom: 0.5rem; z-index: 2147483647; box-sizing: border-box; max-width: min(48rem, calc(100vw - 1rem)); max-height: 60vh; overflow: auto; background: #fff; color: #1a1a1a; border: 2px solid #8a6100; border-radius: 6px; box-shadow: 0 2px 8px rgba(0, 0, 0, 0.3); font: 14px/1.5 sans-serif; text-align: left; }}
#hyoka-warnings summary {{ cursor: pointer; padding: 0.3rem 0.7rem; background: #fff4ce; font-weight: bold; }}
#hyoka-warnings p {{ margin: 0.5rem 0.7rem; }}
#hyoka-warnings ol {{ margin: 0.5rem 0.7rem 0.7rem 2.2rem; padding: 0; }}
#hyoka-warnings li {{ margin: 0.4rem 0; }}
#hyoka-warnings code {{ font: 13px/1.5 monospace; white-space: pre-wrap; overflow-wrap: anywhere; background: #fff4ce; padding: 0.1rem 0.3rem; }}
#hyoka-warnings pre {{ font: 13px/1.5 monospace; }}
{quote_style}@media print {{ #hyoka-warnings {{ display: none; }} }}
</style>
<details>
<summary>警告 {count}件（hyoka check）</summary>
<p>間違いと思われる箇所です。サイトはこのまま作られます。この枠はプレビューだけに出ます。</p>
{list}</details>
<script>/* hyoka serve: keep the panel open across reloads */
(function () {{
  var panel = document.querySelector("#hyoka-warnings details");
  try {{
    if (sessionStorage.getItem("hyoka-warnings-open") === "1") panel.open = true;
    panel.addEventListener("toggle", function () {{ sessionStorage.setItem("hyoka-warnings-open", panel.open ? "1" : ""); }});
  }} catch (e) {{}}
}})();
</script>
</aside>
"##,
        count = warnings.len(),
        list = list(warnings, quotes, "hyoka check で一覧できます")
    )
}

/// An `<ol>` of the first [`MOST_LISTED`] findings, each its line and below
/// it the line of the site's file it points at (from `quotes`) with a caret
/// under its column; then, if there are more, where they are (`rest_at`:
/// …に表示されています).
fn list(findings: &[Diagnostic], quotes: &mut Quotes, rest_at: &str) -> String {
    let mut items = String::from("<ol>\n");
    for finding in findings.iter().take(MOST_LISTED) {
        items.push_str("<li><code>");
        items.push_str(&escaped(&finding.to_string()));
        items.push_str("</code>");
        if let Some(quote) = quotes.quote(finding) {
            let (before, from) = quote.cut_to_fit();
            let (number, before) = (quote.line, escaped(&before));
            // The caret line repeats the number and the text before the
            // column unseen, so that the caret lands under the column in any
            // font; screen readers skip it, as the message names the column.
            items.push_str(&format!(
                "\n<pre class=\"quote\"><span class=\"number\">{number} |</span> {before}{from}\n\
                 <span aria-hidden=\"true\"><span class=\"unseen\"><span class=\"number\">{number} |</span> {before}</span><span class=\"caret\">^</span></span></pre>",
                from = escaped(&from)
            ));
        }
        items.push_str("</li>\n");
    }
    items.push_str("</ol>\n");
    if let more @ 1.. = findings.len().saturating_sub(MOST_LISTED) {
        items.push_str(&format!("<p>ほか{more}件は、{rest_at}。</p>\n"));
    }
    items
}

/// `text` escaped for HTML.
fn escaped(text: &str) -> String {
    // Escaping into a Vec cannot fail.
    let mut escaped = Vec::new();
    let _ = tera::escape_html(text, &mut escaped);
    String::from_utf8_lossy(&escaped).into_owned()
}

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn lists_each_problem_escaped_with_the_line_it_points_at() {
        let site = tempfile::tempdir().unwrap();
        std::fs::create_dir_all(site.path().join("content/measures")).unwrap();
        std::fs::write(
            site.path().join("content/measures/bosai.yaml"),
            "major_items:\n  - kpis:\n    name: <防災> & 訓練\n",
        )
        .unwrap();
        let problems = [
            Diagnostic::error(
                "content/measures/bosai.yaml",
                Position::new(3, 5),
                "name",
                "expected <text> & more",
            ),
            Diagnostic::error(
                "hyoka.yaml",
                Position::default(),
                "",
                "cannot read the file",
            ),
        ];
        let html = error_page(&problems, &mut Quotes::new(site.path()));
        assert!(html.contains("<html lang=\"ja\">"));
        assert!(html.contains("2件の問題"));
        let file = crate::display_path(std::path::Path::new("content/measures/bosai.yaml"));
        assert!(
            html.contains(&format!(
                "<code>{file}:3:5: error: name: expected &lt;text&gt; &amp; more</code>\n\
                 <pre class=\"quote\"><span class=\"number\">3 |</span>     name: &lt;防災&gt; &amp; 訓練\n\
                 <span aria-hidden=\"true\"><span class=\"unseen\"><span class=\"number\">3 |</span>     </span><span class=\"caret\">^</span></span></pre></li>"
            )),
            "{html}"
        );
        assert!(html.contains("<code>hyoka.yaml: error: cannot read the file</code>"));
    }

    #[test]
    fn a_page_lists_the_first_hundred_and_says_where_the_rest_are() {
        let site = tempfile::tempdir().unwrap();
        let findings: Vec<Diagnostic> = (1..=150)
            .map(|line| Diagnostic::warning("hyoka.yaml", Position::new(line, 1), "", "x"))
            .collect();
        let mut quotes = Quotes::new(site.path());
        let panel = warnings_panel(&findings, &mut quotes);
        assert!(panel.contains("<summary>警告 150件（hyoka check）</summary>"));
        assert_eq!(panel.matches("<li>").count(), 100);
        assert!(panel.contains("hyoka.yaml:100:1: warning: x</code></li>"));
        assert!(!panel.contains("hyoka.yaml:101:1:"));
        assert!(panel.contains("<p>ほか50件は、hyoka check で一覧できます。</p>\n</details>"));
        let page = error_page(&findings[..100], &mut quotes);
        assert_eq!(page.matches("<li>").count(), 100);
        assert!(!page.contains("ほか"), "all are listed");
        let page = error_page(&findings[..101], &mut quotes);
        assert!(
            page.contains("<p>ほか1件は、hyoka serve を動かしている端末に表示されています。</p>")
        );
    }

    #[test]
    fn the_warnings_panel_lists_each_with_its_quote_and_is_nothing_for_none() {
        let site = tempfile::tempdir().unwrap();
        std::fs::write(site.path().join("hyoka.yaml"), "city: 〇〇市\n").unwrap();
        let mut quotes = Quotes::new(site.path());
        assert_eq!(warnings_panel(&[], &mut quotes), "");
        let warning =
            Diagnostic::warning("hyoka.yaml", Position::new(1, 1), "city", "still <〇〇>");
        let panel = warnings_panel(&[warning], &mut quotes);
        assert!(
            panel.starts_with("<aside id=\"hyoka-warnings\" lang=\"ja\""),
            "{panel}"
        );
        assert!(
            panel.contains("<summary>警告 1件（hyoka check）</summary>"),
            "{panel}"
        );
        assert!(
            panel.contains(
                "<li><code>hyoka.yaml:1:1: warning: city: still &lt;〇〇&gt;</code>\n\
                 <pre class=\"quote\"><span class=\"number\">1 |</span> city: 〇〇市\n"
            ),
            "{panel}"
        );
        assert!(panel.contains("@media print { #hyoka-warnings { display: none; } }"));
        assert!(
            panel.contains("#hyoka-warnings .quote .caret {"),
            "its styles are its own"
        );
    }
}
