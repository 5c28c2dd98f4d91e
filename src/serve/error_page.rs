//! The page the preview shows instead of the site while the last save is broken.

use crate::diagnostic::{Diagnostic, Quotes};

/// A page listing every problem (file:line:column, field, message), in Japanese
/// with the English messages the terminal prints, each with the line of the
/// site's file it points at (from `quotes`) and a caret under its column.
pub fn render(problems: &[Diagnostic], quotes: &mut Quotes) -> String {
    let mut items = String::new();
    for problem in problems {
        items.push_str("<li><code>");
        items.push_str(&escaped(&problem.to_string()));
        items.push_str("</code>");
        if let Some(quote) = quotes.quote(problem) {
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
.quote {{ margin: 0.3rem 0 0; padding: 0.3rem 0.4rem; overflow-x: auto; background: #f4f4f4; }}
.quote .number {{ color: #595959; }}
.quote .unseen {{ visibility: hidden; }}
.quote .caret {{ color: #b00020; font-weight: bold; }}
</style>
</head>
<body>
<h1>サイトを作れません：{count}件の問題があります</h1>
<p>下のファイルを直して保存すると、このページは自動で更新されます。</p>
<p lang="en">The site could not be built. Fix the files below and save: this page reloads by itself.</p>
<ol>
{items}</ol>
</body>
</html>
"#,
        count = problems.len()
    )
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
        let html = render(&problems, &mut Quotes::new(site.path()));
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
}
