//! The page the preview shows instead of the site while the last save is broken.

use crate::diagnostic::Diagnostic;

/// A page listing every problem (file:line:column, field, message), in Japanese
/// with the English messages the terminal prints.
pub fn render(problems: &[Diagnostic]) -> String {
    let mut items = String::new();
    for problem in problems {
        items.push_str("<li><code>");
        // Escaping into a String cannot fail.
        let mut escaped = Vec::new();
        let _ = tera::escape_html(&problem.to_string(), &mut escaped);
        items.push_str(&String::from_utf8_lossy(&escaped));
        items.push_str("</code></li>\n");
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

#[cfg(test)]
mod tests {
    use super::*;
    use crate::diagnostic::Position;

    #[test]
    fn lists_each_problem_escaped() {
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
        let html = render(&problems);
        assert!(html.contains("<html lang=\"ja\">"));
        assert!(html.contains("2件の問題"));
        let file = crate::display_path(std::path::Path::new("content/measures/bosai.yaml"));
        assert!(
            html.contains(&format!(
                "<code>{file}:3:5: error: name: expected &lt;text&gt; &amp; more</code>"
            )),
            "{html}"
        );
        assert!(html.contains("<code>hyoka.yaml: error: cannot read the file</code>"));
    }
}
