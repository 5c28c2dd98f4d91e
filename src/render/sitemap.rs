//! `sitemap.xml` and `robots.txt`, for search engines.

use crate::content::Report;
use crate::render::context::{absolute_url, url};

/// Site-relative addresses of every HTML page, in a stable order.
pub fn page_paths(report: &Report) -> Vec<String> {
    let mut paths = vec![
        String::new(),
        "sitemap/".to_string(),
        "projects/".to_string(),
        "departments/".to_string(),
    ];
    paths.extend(report.fields.iter().map(|f| url::field(&f.id)));
    paths.extend(report.measures.iter().map(|m| url::measure(&m.id)));
    paths.extend(report.projects.iter().map(|p| url::project(&p.id)));
    paths.extend(
        report
            .departments
            .iter()
            .map(|d| url::department(&d.id.value)),
    );
    paths
}

/// The sitemap protocol needs absolute addresses: None when `base_url` is not absolute.
pub fn sitemap_xml(report: &Report) -> Option<String> {
    // Page paths are ids, in ASCII: only the base may need encoding.
    let base_url = ascii_address(&report.config.data.base_url);
    absolute_url(&base_url, "")?;
    let mut xml = String::from(
        "<?xml version=\"1.0\" encoding=\"UTF-8\"?>\n<urlset xmlns=\"http://www.sitemaps.org/schemas/sitemap/0.9\">\n",
    );
    for path in page_paths(report) {
        let address = absolute_url(&base_url, &path).unwrap_or_default();
        xml.push_str(&format!(
            "  <url><loc>{}</loc></url>\n",
            escape_xml(&address)
        ));
    }
    xml.push_str("</urlset>\n");
    Some(xml)
}

/// Allows everything, and names the sitemap when there is one.
pub fn robots_txt(report: &Report) -> String {
    match absolute_url(&ascii_address(&report.config.data.base_url), "sitemap.xml") {
        Some(sitemap) => format!("User-agent: *\nAllow: /\nSitemap: {sitemap}\n"),
        None => "User-agent: *\nAllow: /\n".to_string(),
    }
}

/// `address` with its characters outside ASCII percent-encoded (a folder
/// named `評価`, which `base_url` may hold), as sitemaps and robots.txt want
/// addresses written.
fn ascii_address(address: &str) -> std::borrow::Cow<'_, str> {
    percent_encoding::utf8_percent_encode(address, percent_encoding::CONTROLS).into()
}

fn escape_xml(text: &str) -> String {
    text.replace('&', "&amp;")
        .replace('<', "&lt;")
        .replace('>', "&gt;")
        .replace('"', "&quot;")
        .replace('\'', "&apos;")
}
