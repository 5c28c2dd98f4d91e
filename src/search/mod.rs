//! Site search that needs no server: the build writes the text of every page
//! into `search/pages.js`, and `assets/search.js` on the search page finds the
//! pages holding every word of a query.
//!
//! Japanese has no spaces between words, so a search cannot rely on splitting
//! text into words: Pagefind (measured in `docs/search.md`) splits unknown
//! katakana words into pieces and then matches サイバー on a page that only
//! says サイドバー. Here a query term matches only where it occurs as written
//! (after folding full-width letters and case), at any position inside a
//! longer word, so マイナンバ finds マイナンバーカード and nothing else.

pub mod extract;

use std::collections::HashMap;
use std::hash::BuildHasher;
use std::sync::Mutex;
use std::sync::atomic::{AtomicU32, Ordering};

use serde::Serialize;

use crate::build::Written;
use crate::build::output::Sink;
use crate::error::Result;
use crate::locked;

/// The search page, below the site root.
pub const PAGE: &str = "search/index.html";
/// The index the search page loads with a `<script>` element (unlike `fetch`,
/// this also works when the pages are opened straight from the disk).
pub const INDEX: &str = "search/pages.js";

/// Passes every file on to `inner` and takes the searchable text of each HTML
/// page, so the index holds exactly what was written, template overrides
/// included. The text is taken as the pages arrive, on the rendering threads.
pub struct Collector<'a> {
    inner: &'a dyn Sink,
    collected: Interner,
}

impl<'a> Collector<'a> {
    pub fn new(inner: &'a dyn Sink) -> Self {
        Collector {
            inner,
            collected: Interner::default(),
        }
    }

    /// Writes the index of every page collected so far.
    pub fn write_index(&self) -> Result<Written> {
        let index = self.collected.take_index();
        let bytes = self
            .inner
            .put_streamed(INDEX, &mut |out| write_index_script(out, &index))?;
        Ok(Written {
            files: 1,
            bytes,
            ..Written::default()
        })
    }
}

impl Sink for Collector<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        // Pages are written from Rust strings, so they are UTF-8; checking
        // costs a third of what a lossy conversion does.
        match path.ends_with(".html").then(|| std::str::from_utf8(bytes)) {
            Some(Ok(html)) => self.put_page(path, html),
            _ => self.inner.put(path, bytes),
        }
    }

    /// Indexes every page but the search page itself (also when a site's
    /// own template for it lacks the `noindex` mark).
    fn put_page(&self, path: &str, html: &str) -> Result<()> {
        if path != PAGE {
            self.collected.add_page(path, html);
        }
        self.inner.put_page(path, html)
    }

    /// Streamed files are downloads, not pages: nothing to index.
    fn put_streamed(
        &self,
        path: &str,
        write: &mut crate::build::output::StreamWriter,
    ) -> Result<u64> {
        self.inner.put_streamed(path, write)
    }
}

/// `search/pages.js`: every page's heading and the list of its text blocks.
/// A block (a bullet, a cell) that appears on several pages, as a project's
/// rows do on its measure, project and department pages, is stored once: this
/// keeps the file about a third of the pages' text. Short keys, because every
/// visitor of the search page downloads it.
#[derive(Serialize, Debug, Default, PartialEq, Eq)]
pub struct Index {
    /// The distinct text blocks of all pages.
    pub blocks: Vec<Box<str>>,
    pub pages: Vec<Entry>,
}

/// One indexed page.
#[derive(Serialize, Debug, PartialEq, Eq)]
pub struct Entry {
    /// Site-relative address of the page.
    pub u: String,
    /// Its `<h1>`.
    pub t: String,
    /// Its text: positions in [`Index::blocks`], in page order.
    pub b: Vec<u32>,
}

/// The pages collected so far, each text block stored once however many
/// pages hold it (at national scale the pages' text is gigabytes, its distinct
/// blocks a tenth of that). Called from every rendering thread: the blocks are
/// spread over [`SHARDS`] separately locked maps, so threads seldom wait for
/// each other. Block numbers here follow the order blocks arrived in, which
/// depends on the threads; [`Interner::take_index`] renumbers them.
struct Interner {
    shards: Vec<Mutex<HashMap<Box<str>, u32, Hasher>>>,
    next: AtomicU32,
    pages: Mutex<Vec<Entry>>,
}

/// A fast hash with a fixed seed: blocks come from our own pages, not from
/// an attacker who could pick colliding keys, and hashing is a visible share
/// of indexing.
type Hasher = foldhash::fast::FixedState;

/// Enough shards that two to a few dozen threads rarely want the same one.
const SHARDS: usize = 64;

impl Default for Interner {
    fn default() -> Self {
        Interner {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            next: AtomicU32::new(0),
            pages: Mutex::default(),
        }
    }
}

impl Interner {
    /// Indexes the page `html` written at `path`, unless it is marked
    /// `noindex` or has no text.
    fn add_page(&self, path: &str, html: &str) {
        let mut b = Vec::new();
        let title = extract::scan(html, |block| b.push(self.intern(block)));
        if let Some(t) = title.filter(|_| !b.is_empty()) {
            let u = path.to_string();
            locked(&self.pages).push(Entry { u, t, b });
        }
    }

    /// The number of `block`, which is copied only the first time it is seen.
    fn intern(&self, block: &str) -> u32 {
        // The top bits pick the shard; the map inside uses the low ones.
        let hash = Hasher::default().hash_one(block);
        let mut shard = locked(&self.shards[(hash >> 58) as usize % SHARDS]);
        if let Some(&id) = shard.get(block) {
            return id;
        }
        let id = self.next.fetch_add(1, Ordering::Relaxed);
        shard.insert(block.into(), id);
        id
    }

    /// The index, pages in a fixed order whatever order they were rendered
    /// in (top page, fields, measures, projects, departments, then the rest;
    /// results with equal scores keep this order) and blocks numbered by
    /// their first appearance in that order.
    /// Empties the interner.
    fn take_index(&self) -> Index {
        const ORDER: &[&str] = &[
            "index.html",
            "fields/",
            "measures/",
            "projects/",
            "departments/",
        ];
        let rank = |path: &str| {
            ORDER
                .iter()
                .position(|prefix| path.starts_with(prefix))
                .unwrap_or(ORDER.len())
        };
        let mut pages = std::mem::take(&mut *locked(&self.pages));
        pages.sort_by(|a, b| (rank(&a.u), &a.u).cmp(&(rank(&b.u), &b.u)));
        const UNSEEN: u32 = u32::MAX;
        let mut renumbered = vec![UNSEEN; self.next.swap(0, Ordering::Relaxed) as usize];
        let mut seen = 0;
        for page in &mut pages {
            for block in &mut page.b {
                let number = &mut renumbered[*block as usize];
                if *number == UNSEEN {
                    *number = seen;
                    seen += 1;
                }
                *block = *number;
            }
        }
        // Each block moves straight to its place, and each map is freed once
        // emptied: at national scale the blocks are a million, and copying
        // them through intermediate lists made the build's peak memory.
        let mut blocks = vec![Box::<str>::default(); seen as usize];
        for shard in &self.shards {
            for (text, id) in std::mem::take(&mut *locked(shard)) {
                // Unseen: the block of a page that turned out to be `noindex`.
                if let Some(place) = blocks.get_mut(renumbered[id as usize] as usize) {
                    *place = text;
                }
            }
        }
        Index { blocks, pages }
    }
}

/// Writes `search/pages.js`: the index as JSON assigned to a global.
fn write_index_script(out: &mut dyn std::io::Write, index: &Index) -> std::io::Result<()> {
    out.write_all(b"window.hyokaSearchIndex=")?;
    serde_json::to_writer(&mut *out, index).map_err(std::io::Error::other)?;
    out.write_all(b";\n")
}

#[cfg(test)]
mod tests {
    use super::*;

    fn html(h1: &str, body: &str) -> String {
        format!("<html><head></head><body><main><h1>{h1}</h1><p>{body}</p></main></body></html>")
    }

    /// The index of `pages` (path and HTML of each), collected in this order.
    fn index(pages: &[(&str, String)]) -> Index {
        let interner = Interner::default();
        for (path, html) in pages {
            interner.add_page(path, html);
        }
        interner.take_index()
    }

    #[test]
    fn pages_are_in_report_order_whatever_the_render_order() {
        let pages = [
            ("sitemap/index.html", html("サイトマップ", "")),
            ("departments/a/index.html", html("担当課 情報政策課", "")),
            ("measures/digital/index.html", html("施策 デジタル化", "")),
            ("404.html", "<html><head><meta name=\"robots\" content=\"noindex\"></head><body><main><h1>なし</h1></main></body></html>".to_string()),
            ("index.html", html("報告書", "本文")),
            ("projects/b/index.html", html("事業 B", "")),
            ("fields/c/index.html", html("分野 C", "")),
            ("assets/empty.html", "<html><body><p>main のないページ</p></body></html>".to_string()),
        ];
        let order: Vec<String> = index(&pages)
            .pages
            .into_iter()
            .map(|entry| entry.u)
            .collect();
        assert_eq!(
            order,
            [
                "index.html",
                "fields/c/index.html",
                "measures/digital/index.html",
                "projects/b/index.html",
                "departments/a/index.html",
                "sitemap/index.html"
            ]
        );
    }

    #[test]
    fn a_block_on_several_pages_is_stored_once() {
        let index = index(&[
            ("measures/m/index.html", html("施策 M", "RPAを導入した。")),
            ("projects/p/index.html", html("事業 P", "RPAを導入した。")),
        ]);
        let blocks: Vec<&str> = index.blocks.iter().map(|block| &**block).collect();
        assert_eq!(blocks, ["施策 M", "RPAを導入した。", "事業 P"]);
        assert_eq!(index.pages[0].b, [0, 1]);
        assert_eq!(index.pages[1].b, [2, 1]);
    }

    #[test]
    fn the_index_is_a_script_assigning_json() {
        let mut script = Vec::new();
        write_index_script(
            &mut script,
            &index(&[("index.html", html("報告書", "「引用」と\"記号\""))]),
        )
        .unwrap();
        let script = String::from_utf8(script).unwrap();
        assert_eq!(
            script,
            "window.hyokaSearchIndex={\"blocks\":[\"報告書\",\"「引用」と\\\"記号\\\"\"],\"pages\":[{\"u\":\"index.html\",\"t\":\"報告書\",\"b\":[0,1]}]};\n"
        );
    }

    #[test]
    fn a_page_marked_noindex_after_its_text_leaves_nothing_in_the_index() {
        let index = index(&[
            (
                "a.html",
                "<main><h1>残す</h1><p>共通</p></main>".to_string(),
            ),
            (
                "b.html",
                "<main><p>孤立</p><p>共通</p><meta name=\"robots\" content=\"noindex\"></main>"
                    .to_string(),
            ),
        ]);
        let blocks: Vec<&str> = index.blocks.iter().map(|block| &**block).collect();
        assert_eq!(blocks, ["残す", "共通"]);
        assert_eq!(index.pages.len(), 1);
    }
}
