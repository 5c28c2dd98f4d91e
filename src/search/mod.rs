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
mod table;

use std::fs::File;
use std::io::{BufWriter, Read, Seek, Write};
use std::sync::Mutex;

use serde::Serialize;

use crate::build::Written;
use crate::build::output::{Sink, page_text};
use crate::error::{Error, Result};
use crate::locked;
use table::{FREE, Fingerprint, Table};

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
    /// Fails when the scratch file for the pages' text cannot be made.
    pub fn new(inner: &'a dyn Sink) -> Result<Self> {
        Ok(Collector {
            inner,
            collected: Interner::new()?,
        })
    }

    /// Every page collected: what writing the index needs, and nothing that
    /// refers to the report or to the pages' HTML.
    pub fn finish(self) -> Result<Collected> {
        self.collected.finish()
    }
}

impl Sink for Collector<'_> {
    fn put(&self, path: &str, bytes: &[u8]) -> Result<()> {
        match page_text(path, bytes) {
            Some(html) => self.put_page(path, html),
            None => self.inner.put(path, bytes),
        }
    }

    fn put_page(&self, path: &str, html: &str) -> Result<()> {
        self.collected.add_page(path, html)?;
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

/// One indexed page: an element of `pages` in `search/pages.js`, whose
/// `blocks` are the distinct text blocks of all pages. A block (a bullet, a
/// cell) that appears on several pages, as a project's rows do on its
/// measure, project and department pages, is stored once: this keeps the file
/// about a third of the pages' text. Short keys, because every visitor of the
/// search page downloads it.
#[derive(Serialize, Debug, PartialEq, Eq)]
struct Entry {
    /// Site-relative address of the page.
    u: String,
    /// Its `<h1>`.
    t: String,
    /// Its text: block numbers, in page order.
    b: Vec<u32>,
    /// The blocks of `b` that are a table cell's own text, with where they
    /// are, for a result to show ([`extract::Cell`]): three numbers each,
    /// its position in `b`, how many places before it its row's header is,
    /// and the block number of its column's name. The names of the columns
    /// are blocks of their own, stored once like the rest and numbered
    /// first (a few dozen, so short numbers), and in no page's `b`, so that
    /// no page matches a query by them. One flat list of small numbers,
    /// since a national report has a million such cells.
    #[serde(skip_serializing_if = "Vec::is_empty")]
    h: Vec<u32>,
}

/// The pages collected so far, each distinct text block numbered once however
/// many pages hold it (at N = 10,000 measures the pages' text is gigabytes,
/// its distinct blocks 600,000, 77 MB).
///
/// In memory a block is only its fingerprint, mapped to its number; its text
/// goes to a scratch file the first time it is seen. The text would otherwise
/// stay in memory until the end of the build, next to the parsed report: at
/// N = 10,000 the two made one of the build's two memory peaks. The index is
/// written from the scratch file once the report is freed ([`Collected`]).
///
/// Called from every rendering thread: the fingerprints are spread over
/// [`SHARDS`] separately locked tables, so threads seldom wait for each other;
/// the scratch file has one lock, taken only for a new block (one in eight).
/// Block numbers here follow the order blocks arrived in, which depends on
/// the threads; [`Collected`] renumbers them.
pub struct Interner {
    shards: Vec<Mutex<Table>>,
    scratch: Mutex<Scratch>,
    pages: Mutex<Vec<Entry>>,
}

/// Enough shards that two to a few dozen threads rarely want the same one.
const SHARDS: usize = 64;

/// One page's text blocks as [`extract::scan`] finds them, gathered before
/// they are looked up: their text end to end, and their fingerprints; after
/// them, the names of the columns its cells are in.
#[derive(Default)]
struct PageBlocks {
    text: String,
    /// Where each block ends in `text` (it starts where the one before ends).
    ends: Vec<usize>,
    fingerprints: Vec<Fingerprint>,
    /// Each cell's own text: its position, its row header's, and its
    /// column's place in `columns`.
    cells: Vec<[u32; 3]>,
    /// The names of the page's columns, each once.
    columns: Vec<String>,
}

impl PageBlocks {
    /// Adds the page's next block, which is `cell`'s own text if it is one.
    fn add(&mut self, block: &str, cell: Option<extract::Cell>) {
        if let Some(cell) = cell {
            let column = match self.columns.iter().position(|known| known == cell.column) {
                Some(known) => known,
                None => {
                    self.columns.push(cell.column.to_string());
                    self.columns.len() - 1
                }
            };
            let at = |i: usize| u32::try_from(i).unwrap_or(u32::MAX);
            self.cells
                .push([at(self.ends.len()), at(cell.row), at(column)]);
        }
        self.push(block);
    }

    fn push(&mut self, block: &str) {
        let hash = xxhash_rust::xxh3::xxh3_128(block.as_bytes());
        self.fingerprints.push([(hash >> 64) as u64, hash as u64]);
        self.text.push_str(block);
        self.ends.push(self.text.len());
    }

    fn text(&self, block: usize) -> &str {
        let start = block.checked_sub(1).map_or(0, |before| self.ends[before]);
        &self.text[start..self.ends[block]]
    }
}

/// The text of every distinct block, end to end in the order of their
/// numbers, in an anonymous temporary file (deleted by the system when
/// closed, also when the build is killed). Written through a buffer; the
/// page cache, not the build, holds what the disk has not taken yet.
struct Scratch {
    file: BufWriter<File>,
    /// Where each block starts in the file, by block number, and then the
    /// file's length: a block ends where the next one starts.
    starts: Vec<u64>,
}

impl Scratch {
    /// Appends `text` as the next block; returns its number.
    fn append(&mut self, text: &str) -> std::io::Result<u32> {
        let number = u32::try_from(self.starts.len() - 1)
            .ok()
            .filter(|&number| number != FREE)
            .ok_or_else(|| std::io::Error::other("more than 4,294,967,294 distinct text blocks"))?;
        self.file.write_all(text.as_bytes())?;
        let end = self.starts[self.starts.len() - 1] + text.len() as u64;
        self.starts.push(end);
        Ok(number)
    }
}

/// What failed to write the scratch file (a full disk) was doing.
const WRITING: &str = "write the search index's scratch file in";

/// What becomes of a failure of the scratch file (a full disk): an error
/// naming the folder it is in, like any other file hyoka cannot write.
fn scratch_error(action: &'static str) -> impl FnOnce(std::io::Error) -> Error {
    Error::io(action, tempfile::env::temp_dir())
}

impl Interner {
    /// An empty index whose blocks' text goes to a new anonymous file in the
    /// system's temporary folder.
    pub fn new() -> Result<Self> {
        let file = tempfile::tempfile()
            .map_err(scratch_error("create the search index's scratch file in"))?;
        Ok(Interner::with_scratch(file))
    }

    /// An empty index whose blocks' text goes to `file`.
    fn with_scratch(file: File) -> Self {
        Interner {
            shards: (0..SHARDS).map(|_| Mutex::default()).collect(),
            scratch: Mutex::new(Scratch {
                file: BufWriter::with_capacity(1 << 16, file),
                starts: vec![0],
            }),
            pages: Mutex::default(),
        }
    }

    /// Indexes the page `html` written at `path`, unless it is the search
    /// page, is marked `noindex` or has no text.
    pub fn add_page(&self, path: &str, html: &str) -> Result<()> {
        if path == PAGE {
            return Ok(());
        }
        let mut blocks = PageBlocks::default();
        let title = extract::scan(html, |block, cell| blocks.add(block, cell));
        let Some(t) = title.filter(|_| !blocks.ends.is_empty()) else {
            return Ok(());
        };
        // The columns' names are looked up as blocks, after the page's own.
        let page_blocks = blocks.ends.len();
        for column in std::mem::take(&mut blocks.columns) {
            blocks.push(&column);
        }
        let mut b = self.intern(&blocks).map_err(scratch_error(WRITING))?;
        let h = (blocks.cells.iter())
            .flat_map(|&[at, row, column]| {
                [at, at.saturating_sub(row), b[page_blocks + column as usize]]
            })
            .collect();
        b.truncate(page_blocks);
        let u = path.to_string();
        locked(&self.pages).push(Entry { u, t, b, h });
        Ok(())
    }

    /// The numbers of a page's `blocks`, in page order; the text of a block
    /// is written out only the first time it is seen.
    ///
    /// The page's blocks are looked up shard by shard, each shard locked once
    /// for all of them: most lookups miss the processor's caches, and with
    /// no lock taken between them the processor waits for several at once.
    fn intern(&self, blocks: &PageBlocks) -> std::io::Result<Vec<u32>> {
        // (shard, block), sorted: the blocks of each shard together.
        let mut order: Vec<(usize, usize)> = (blocks.fingerprints.iter())
            .map(|fingerprint| fingerprint[0] as usize % SHARDS)
            .zip(0..)
            .collect();
        order.sort_unstable();
        let mut numbers = vec![0; order.len()];
        for group in order.chunk_by(|a, b| a.0 == b.0) {
            // Held while new text is written, so that a block that two
            // threads meet at once gets one number.
            let mut shard = locked(&self.shards[group[0].0]);
            for &(_, block) in group {
                let fingerprint = blocks.fingerprints[block];
                numbers[block] = match shard.get(&fingerprint) {
                    Some(number) => number,
                    None => {
                        let number = locked(&self.scratch).append(blocks.text(block))?;
                        shard.insert(fingerprint, number);
                        number
                    }
                };
            }
        }
        Ok(numbers)
    }

    /// Ends collecting: frees the fingerprints and writes out what the
    /// scratch file's buffer holds.
    pub fn finish(self) -> Result<Collected> {
        drop(self.shards);
        let scratch = crate::unlocked(self.scratch);
        let file = scratch
            .file
            .into_inner()
            .map_err(|error| scratch_error(WRITING)(error.into_error()))?;
        Ok(Collected {
            pages: crate::unlocked(self.pages),
            file,
            starts: scratch.starts,
        })
    }
}

/// Every page collected, their blocks' text in the scratch file: all that
/// writing `search/pages.js` needs. The build frees the report before
/// [`Collected::write`], which reads the text back into the memory the report
/// held.
pub struct Collected {
    pages: Vec<Entry>,
    file: File,
    /// Where each block starts in `file`, by the number it was collected
    /// with, and where the last one ends.
    starts: Vec<u64>,
}

impl Collected {
    /// Writes `search/pages.js` into `sink`.
    pub fn write(self, sink: &dyn Sink) -> Result<Written> {
        self.order().write(sink)
    }

    /// Puts the pages in a fixed order whatever order they were rendered
    /// in (top page, fields, measures, projects, departments, then the rest;
    /// results with equal scores keep this order) and numbers the blocks by
    /// their first appearance in that order. Takes little memory, so it can
    /// run while the report is freed.
    pub fn order(mut self) -> Ordered {
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
        self.pages
            .sort_by(|a, b| (rank(&a.u), &a.u).cmp(&(rank(&b.u), &b.u)));
        const UNSEEN: u32 = u32::MAX;
        let mut renumbered = vec![UNSEEN; self.starts.len() - 1];
        let mut order = Vec::new();
        let mut renumber = |block: &mut u32| {
            let number = &mut renumbered[*block as usize];
            if *number == UNSEEN {
                *number = order.len() as u32;
                order.push(*block);
            }
            *block = *number;
        };
        let columns = (self.pages.iter_mut())
            .flat_map(|page| page.h.chunks_exact_mut(3).map(|cell| &mut cell[2]));
        columns.for_each(&mut renumber);
        let blocks = self.pages.iter_mut().flat_map(|page| page.b.iter_mut());
        blocks.for_each(&mut renumber);
        Ordered {
            collected: self,
            order,
        }
    }

    /// The whole scratch file, read from start to end in [`PIECE`]-sized
    /// pieces: the blocks are wanted in another order than they were
    /// written in.
    fn read_text(&mut self) -> Result<Vec<Piece>> {
        self.read_pieces().map_err(scratch_error(
            "read back the search index's scratch file in",
        ))
    }

    fn read_pieces(&mut self) -> std::io::Result<Vec<Piece>> {
        self.file.rewind()?;
        let blocks = self.starts.len() - 1;
        let mut pieces = Vec::new();
        let mut first = 0;
        while first < blocks {
            let start = self.starts[first];
            // Whole blocks, up to the first that reaches the piece's size.
            let end = first
                + 1
                + self.starts[first + 1..blocks].partition_point(|&at| at < start + PIECE);
            let len = self.starts[end] - start;
            let mut text = Vec::with_capacity(usize::try_from(len).unwrap_or_default());
            if (&self.file).take(len).read_to_end(&mut text)? as u64 != len {
                return Err(std::io::ErrorKind::UnexpectedEof.into());
            }
            pieces.push(Piece {
                first: first as u32,
                text,
            });
            first = end;
        }
        Ok(pieces)
    }
}

/// The pages collected, in index order, their blocks renumbered; the
/// blocks' text still in the scratch file.
pub struct Ordered {
    collected: Collected,
    /// The collected numbers of the blocks in the index, in index order.
    order: Vec<u32>,
}

impl Ordered {
    /// Reads the blocks' text back and writes `search/pages.js` into `sink`.
    pub fn write(self, sink: &dyn Sink) -> Result<Written> {
        let index = self.into_index()?;
        let bytes = sink.put_streamed(INDEX, &mut |out| index.write_script(out))?;
        Ok(Written {
            files: 1,
            bytes,
            ..Written::default()
        })
    }

    /// The index as written, the blocks' text read back.
    fn into_index(mut self) -> Result<Index> {
        Ok(Index {
            pieces: self.collected.read_text()?,
            starts: self.collected.starts,
            order: self.order,
            pages: self.collected.pages,
        })
    }
}

/// The size of the pieces the scratch file is read back in. Pieces rather
/// than the whole file at once (77 MB at N = 10,000), because the allocator
/// (mimalloc) places pieces this size in the memory the report has just
/// freed, and takes memory from the system for one allocation that large:
/// measured at N = 10,000, reading the text back added nothing to the
/// build's memory in pieces of 64 KiB to 1 MiB, and 73 MiB in one piece.
const PIECE: u64 = 1 << 18;

/// Consecutive whole blocks read back from the scratch file.
struct Piece {
    /// The number of the first one.
    first: u32,
    /// UTF-8 block by block, which [`Index::block`] checks as it reads one
    /// (a vectorised check; the standard library's of the whole text took
    /// 50 ms of the index's 270 at N = 10,000).
    text: Vec<u8>,
}

/// The index as written: the blocks' text and the pages, renumbered.
struct Index {
    /// The text of every block collected, in the order of their numbers.
    pieces: Vec<Piece>,
    /// Where each block starts in the scratch file, by number, and where
    /// the last one ends.
    starts: Vec<u64>,
    /// The collected numbers of the blocks in the index, in index order.
    order: Vec<u32>,
    pages: Vec<Entry>,
}

impl Index {
    /// Writes `search/pages.js`: `{"blocks": [...], "pages": [...]}`
    /// assigned to a global.
    fn write_script(&self, out: &mut dyn Write) -> std::io::Result<()> {
        out.write_all(b"window.hyokaSearchIndex={\"blocks\":[")?;
        for (i, &number) in self.order.iter().enumerate() {
            if i > 0 {
                out.write_all(b",")?;
            }
            let text = self.block(number).ok_or_else(|| {
                std::io::Error::other("the search index's scratch file is damaged")
            })?;
            write_json_string(out, text)?;
        }
        out.write_all(b"],\"pages\":")?;
        serde_json::to_writer(&mut *out, &self.pages).map_err(std::io::Error::other)?;
        out.write_all(b"};\n")
    }

    /// The text of the block collected as `number`, if the scratch file held it
    /// (and it is still UTF-8).
    fn block(&self, number: u32) -> Option<&str> {
        let piece = self.pieces.partition_point(|piece| piece.first <= number);
        let piece = &self.pieces[piece.checked_sub(1)?];
        let base = self.starts[piece.first as usize];
        let at = |i: usize| usize::try_from(self.starts.get(i)? - base).ok();
        let i = number as usize;
        simdutf8::basic::from_utf8(piece.text.get(at(i)?..at(i + 1)?)?).ok()
    }
}

/// Writes `text` as a JSON string, as `serde_json` does. Most blocks hold
/// nothing to escape (no quote, backslash or control character) and are
/// copied as they are after one pass the compiler vectorises, instead of
/// `serde_json`'s byte-by-byte one: the blocks are 77 MB at N = 10,000,
/// written at the end of the build, when nothing else runs.
fn write_json_string(out: &mut dyn Write, text: &str) -> std::io::Result<()> {
    if !extract::any_byte(text.as_bytes(), |b| b < 0x20 || b == b'"' || b == b'\\') {
        out.write_all(b"\"")?;
        out.write_all(text.as_bytes())?;
        out.write_all(b"\"")
    } else {
        serde_json::to_writer(out, text).map_err(std::io::Error::other)
    }
}

#[cfg(test)]
mod tests {
    use super::*;
    use rayon::prelude::*;

    #[test]
    fn a_block_is_written_as_serde_json_writes_a_string() {
        for text in [
            "マイナンバーカードの交付",
            "",
            "\"引用\" と \\ と /",
            "制御\u{1}文字\t\n",
            "DEL\u{7f} と U+2028\u{2028} と 絵文字🎌",
        ] {
            let mut written = Vec::new();
            write_json_string(&mut written, text).unwrap();
            assert_eq!(
                String::from_utf8(written).unwrap(),
                serde_json::to_string(text).unwrap()
            );
        }
    }

    fn html(h1: &str, body: &str) -> String {
        format!("<html><head></head><body><main><h1>{h1}</h1><p>{body}</p></main></body></html>")
    }

    /// `search/pages.js` as the search page reads it.
    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct Parsed {
        blocks: Vec<String>,
        pages: Vec<ParsedEntry>,
    }

    #[derive(serde::Deserialize, Debug, PartialEq)]
    struct ParsedEntry {
        u: String,
        t: String,
        b: Vec<u32>,
        #[serde(default)]
        h: Vec<u32>,
    }

    /// `search/pages.js` for the pages `interner` collected.
    fn script(interner: Interner) -> String {
        let mut script = Vec::new();
        let Ok(collected) = interner.finish() else {
            panic!("the scratch file fails");
        };
        collected
            .order()
            .into_index()
            .unwrap()
            .write_script(&mut script)
            .unwrap();
        String::from_utf8(script).unwrap()
    }

    fn parse(script: &str) -> Parsed {
        let json = script
            .strip_prefix("window.hyokaSearchIndex=")
            .and_then(|rest| rest.strip_suffix(";\n"))
            .unwrap_or_else(|| panic!("not a script assigning the index: {script}"));
        serde_json::from_str(json).unwrap()
    }

    /// The index of `pages` (path and HTML of each), collected in this order.
    fn index(pages: &[(&str, String)]) -> Parsed {
        let interner = Interner::new().unwrap();
        for (path, html) in pages {
            interner.add_page(path, html).unwrap();
        }
        parse(&script(interner))
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
            // Left out by its address, even without its `noindex` mark.
            (PAGE, html("サイト内検索", "")),
            ("fields/c/index.html", html("分野 C", "")),
            ("assets/empty.html", "<html><body><p>main のないページ</p></body></html>".to_string()),
        ];
        let index = index(&pages);
        let order: Vec<&str> = index.pages.iter().map(|entry| &*entry.u).collect();
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
        assert_eq!(index.pages[2].t, "施策 デジタル化");
        assert_eq!(
            index.blocks,
            [
                "報告書",
                "本文",
                "分野 C",
                "施策 デジタル化",
                "事業 B",
                "担当課 情報政策課",
                "サイトマップ"
            ]
        );
    }

    #[test]
    fn a_block_on_several_pages_is_stored_once() {
        let index = index(&[
            ("measures/m/index.html", html("施策 M", "RPAを導入した。")),
            ("projects/p/index.html", html("事業 P", "RPAを導入した。")),
        ]);
        assert_eq!(index.blocks, ["施策 M", "RPAを導入した。", "事業 P"]);
        assert_eq!(index.pages[0].b, [0, 1]);
        assert_eq!(index.pages[1].b, [2, 1]);
    }

    #[test]
    fn a_cells_row_and_column_are_kept_and_column_names_are_no_page_text() {
        let row = |kpi: &str, value: &str| {
            format!(
                "<tr><th scope=\"row\">{kpi}</th><td data-label=\"令和5年度 結果\">{value}</td><td data-label=\"進捗\">達成</td></tr>"
            )
        };
        let table = |rows: &str| {
            format!(
                "<html><body><main><h1>施策</h1><table><tbody>{rows}</tbody></table></main></body></html>"
            )
        };
        let index = index(&[
            (
                "measures/a/index.html",
                table(&(row("職員数", "21人") + &row("件数", "21人"))),
            ),
            ("measures/b/index.html", table(&row("件数", "3件"))),
        ]);
        // The columns' names first.
        assert_eq!(
            index.blocks,
            [
                "令和5年度 結果",
                "進捗",
                "施策",
                "職員数",
                "21人",
                "達成",
                "件数",
                "3件"
            ]
        );
        // 21人 twice, in two rows: each is told by its position.
        assert_eq!(index.pages[0].b, [2, 3, 4, 5, 6, 4, 5]);
        assert_eq!(index.pages[0].h, [2, 1, 0, 3, 2, 1, 5, 1, 0, 6, 2, 1]);
        assert_eq!(index.pages[1].b, [2, 6, 7, 5]);
        assert_eq!(index.pages[1].h, [2, 1, 0, 3, 2, 1]);
    }

    #[test]
    fn the_index_is_a_script_assigning_json() {
        let interner = Interner::new().unwrap();
        interner
            .add_page("index.html", &html("報告書", "「引用」と\"記号\""))
            .unwrap();
        assert_eq!(
            script(interner),
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
        assert_eq!(index.blocks, ["残す", "共通"]);
        assert_eq!(index.pages.len(), 1);
    }

    /// Pages of a few thousand projects: each shows rows shared with other
    /// pages and a row of its own, blocks of many lengths (in all, several
    /// times the scratch file's buffer and the pieces it is read back in).
    fn generated_pages() -> Vec<(String, String)> {
        (0..3_000)
            .map(|p| {
                let rows: String = (0..8)
                    .map(|r| {
                        let shared = (p * 7 + r * 13) % 900;
                        format!(
                            "<li>取組{shared}：{}</li>",
                            "業務の見直しを進めた。".repeat(shared % 31)
                        )
                    })
                    .collect();
                let body = format!("<ul>{rows}<li>事業{p}だけの実績</li></ul>");
                let path = format!("projects/p{p:04}/index.html");
                (path, format!("<main><h1>事業{p}</h1>{body}</main>"))
            })
            .collect()
    }

    #[test]
    fn texts_come_back_from_the_scratch_file_whichever_threads_collected_them() {
        let pages = generated_pages();
        let parallel = Interner::new().unwrap();
        rayon::ThreadPoolBuilder::new()
            .num_threads(8)
            .build()
            .unwrap()
            .install(|| {
                pages
                    .par_iter()
                    .try_for_each(|(path, html)| parallel.add_page(path, html))
            })
            .unwrap();
        let parallel = script(parallel);
        // One thread, the pages arriving in the opposite order.
        let one_thread = Interner::new().unwrap();
        for (path, html) in pages.iter().rev() {
            one_thread.add_page(path, html).unwrap();
        }
        assert!(
            parallel == script(one_thread),
            "the index depends on the threads"
        );

        let index = parse(&parallel);
        assert_eq!(index.pages.len(), pages.len());
        for ((path, html), entry) in pages.iter().zip(&index.pages) {
            let mut expected = Vec::new();
            extract::scan(html, |block, _| expected.push(block.to_string()));
            let found: Vec<&str> = entry
                .b
                .iter()
                .map(|&block| &*index.blocks[block as usize])
                .collect();
            assert_eq!(&entry.u, path);
            assert_eq!(found, expected, "{path}");
        }
        // Stored once: the titles and own rows of 3,000 pages and 900 shared rows.
        assert_eq!(index.blocks.len(), 3_000 * 2 + 900);
        let text: usize = index.blocks.iter().map(String::len).sum();
        assert!(
            text as u64 > 2 * PIECE,
            "read back in one piece: {text} bytes"
        );
    }

    /// A full disk, played by `/dev/full`, which refuses every write.
    #[cfg(target_os = "linux")]
    #[test]
    fn a_full_disk_is_an_error_naming_the_scratch_file() {
        let full =
            || Interner::with_scratch(File::options().write(true).open("/dev/full").unwrap());
        let is_full_disk = |error: Error| match error {
            Error::Io { action, source, .. } => {
                assert_eq!(action, "write the search index's scratch file in");
                assert_eq!(source.kind(), std::io::ErrorKind::StorageFull);
            }
            other => panic!("{other:?}"),
        };
        // A page larger than the buffer is written out while it is collected.
        let interner = full();
        let long = "業務の見直しを進めた。".repeat(3_000);
        is_full_disk(
            interner
                .add_page("a.html", &html("見出し", &long))
                .unwrap_err(),
        );
        // Smaller pages stay in the buffer until the end.
        let interner = full();
        interner
            .add_page("b.html", &html("見出し", "本文"))
            .unwrap();
        is_full_disk(interner.finish().err().unwrap());
    }
}
