// Site search on hyoka's search page. search/pages.js, written by the build,
// holds the heading of every page and its text as a list of blocks (shared
// between pages); a page is a hit when it holds every term of the query as
// written, anywhere (also inside a longer word), short of case, full-width
// forms and commas between digits (key below). Japanese has no spaces to
// split words at, so matching substrings is what finds マイナンバーカード for
// マイナンバ without finding サイドバー for サイバー.
(function () {
  'use strict';
  var form = document.getElementById('search-form');
  var data = window.hyokaSearchIndex;
  if (!form || !data) return;
  var input = document.getElementById('search-q');
  var status = document.getElementById('search-status');
  var list = document.getElementById('search-results');
  var root = form.getAttribute('data-root') || '';
  var CONTEXT = 40; // characters shown on each side of the first match
  var EDGE = 12; // characters of each end of a block that a link names it by
  var folded = null; // the folded blocks and headings, made at the first search

  // Full-width letters, digits and signs become half-width, A-Z becomes a-z and
  // hiragana katakana, so ＲＰＡ, RPA and rpa match each other, as do まいなんばー
  // and マイナンバー. One character stays one character,
  // so a position found in folded text is the same position in the original.
  function fold(text) {
    return text.replace(/[\uFF01-\uFF5EA-Z\u3041-\u3096]/g, function (c) {
      var code = c.charCodeAt(0);
      // Hiragana as katakana: まいなんばー finds マイナンバー.
      if (code <= 0x3096 && code >= 0x3041) return String.fromCharCode(code + 0x60);
      if (code >= 0xFF01) code -= 0xFEE0;
      return String.fromCharCode(code >= 65 && code <= 90 ? code + 32 : code);
    });
  }

  // What is matched: the folded text without the commas between digits, in the
  // pages and the query alike, so that 1338, 1,338 and １，３３８ find each other
  // whichever way a page writes the number. Most blocks hold no comma, and
  // looking for one is quicker than a second pass of replacing.
  function key(text) {
    var folded = fold(text);
    return folded.indexOf(',') === -1 ? folded : folded.replace(/(\d),(?=\d)/g, '$1');
  }

  // Where each character of keyed = key(text) is in text, then text.length. key
  // only leaves commas out, so walking the two in step aligns them: a comma left
  // out is followed by a digit, which it cannot be taken for.
  function positions(text, keyed) {
    var folded = fold(text);
    var at = [];
    for (var i = 0; i < folded.length; i++) if (folded[i] === keyed[at.length]) at.push(i);
    at.push(text.length);
    return at;
  }

  function occurrences(text, term) {
    var n = 0;
    for (var at = text.indexOf(term); at !== -1 && n < 20; at = text.indexOf(term, at + term.length)) n++;
    return n;
  }

  // Pages holding every term, best first: a term in the heading counts most,
  // then how often the terms occur; ties keep the report order of pages.js.
  function find(terms) {
    if (!folded) folded = { blocks: data.blocks.map(key), titles: data.pages.map(function (page) { return key(page.t); }) };
    // For each term: block number → occurrences, for the blocks holding it.
    var counts = terms.map(function (term) {
      var found = {};
      folded.blocks.forEach(function (block, i) {
        var n = occurrences(block, term);
        if (n) found[i] = n;
      });
      return found;
    });
    var hits = [];
    data.pages.forEach(function (page, i) {
      var score = 0;
      var all = counts.every(function (found, k) {
        var inTitle = folded.titles[i].indexOf(terms[k]) !== -1;
        var inText = page.b.reduce(function (sum, block) { return sum + (found[block] || 0); }, 0);
        score += (inTitle ? 100 : 0) + Math.min(inText, 20);
        return inTitle || inText > 0;
      });
      if (!all) return;
      // The first block holding a term: its place on the page, and its number.
      var at = 0;
      while (at < page.b.length && !counts.some(function (found) { return found[page.b[at]]; })) at++;
      var inText = at < page.b.length;
      hits.push({ page: page, at: at, block: page.b[inText ? at : 0], inText: inText, score: score, order: i });
    });
    return hits.sort(function (a, b) { return b.score - a.score || a.order - b.order; });
  }

  // Where a block that is a table cell's own text is, said before it: its row's
  // header and its column, as in 「AI・RPA等の…業務時間、令和5年度（2023年度）
  // 結果：764時間」; a bare 764時間 would not say what was counted, or when.
  // pages.js gives page.h three numbers a cell: its place in page.b, how many
  // places before it its row's header is, and the block of its column's name.
  function where(hit) {
    var h = hit.inText && hit.page.h;
    if (!h) return null;
    for (var i = 0; i < h.length; i += 3) {
      if (h[i] !== hit.at) continue;
      var span = document.createElement('span');
      span.className = 'search-where';
      span.textContent = data.blocks[hit.page.b[hit.at - h[i + 1]]] + '、' + data.blocks[h[i + 2]] + '：';
      return span;
    }
    return null;
  }

  // The text around the first match in the hit's first matching block, with
  // every term marked, after where the block is if it is a cell; positions are
  // found in the block's key and shown in its text.
  function snippet(hit, terms) {
    var text = data.blocks[hit.block];
    var same = folded.blocks[hit.block];
    var at = positions(text, same);
    var first = same.length;
    terms.forEach(function (term) {
      var found = same.indexOf(term);
      if (found !== -1 && found < first) first = found;
    });
    if (first === same.length) first = 0; // the terms are only in the heading
    var start = Math.max(0, first - CONTEXT);
    var end = Math.min(same.length, first + CONTEXT * 2);
    var p = document.createElement('p');
    p.className = 'search-snippet';
    var cell = where(hit);
    if (cell) p.appendChild(cell);
    if (start > 0) p.appendChild(document.createTextNode('…'));
    var shown = at[start]; // how far the text is shown
    for (var from = start; from < end;) {
      var next = -1, length = 0;
      terms.forEach(function (term) {
        var found = same.indexOf(term, from);
        if (found !== -1 && (next === -1 || found < next)) { next = found; length = term.length; }
      });
      if (next === -1 || next + length > end) break;
      // A mark ends after its last character, not after a comma left out behind it.
      var markEnd = at[next + length - 1] + 1;
      p.appendChild(document.createTextNode(text.slice(shown, at[next])));
      var mark = document.createElement('mark');
      mark.textContent = text.slice(at[next], markEnd);
      p.appendChild(mark);
      shown = markEnd;
      from = next + length;
    }
    p.appendChild(document.createTextNode(text.slice(shown, at[end])));
    if (end < same.length) p.appendChild(document.createTextNode('…'));
    return p;
  }

  // The end of a link that takes the reader to the block itself, where the
  // browser follows text fragments (#:~:text=…), and to the page elsewhere:
  // the block's whole text, or its first and last words for a long one. The
  // browser finds a fragment only where each part begins and ends a word, as
  // its word breaker (the one Intl.Segmenter uses) sees it; a block runs from
  // tag to tag, so its own ends are such places.
  var words = typeof Intl !== 'undefined' && Intl.Segmenter ? new Intl.Segmenter('ja', { granularity: 'word' }) : null;
  function fragment(hit) {
    var flat = flatten(data.blocks[hit.block]);
    var parts = segments(flat);
    var head = firstWords(parts);
    var first = head.count, last = parts.length, start = head.text, end = '';
    while (last > first && end.length < EDGE) end = parts[--last] + end;
    // Words left between the two ends: name the block by them; else whole.
    var named = first < last ? encode(start) + ',' + encode(end) : encode(flat);
    var next = firstCell(hit);
    return '#:~:text=' + named + (next ? ',-' + encode(next) : '');
  }
  function flatten(text) { return text.replace(/\s+/g, ' ').trim(); }
  function segments(text) { return words ? Array.from(words.segment(text), function (s) { return s.segment; }) : [text]; }
  // The first whole words of `parts` that make EDGE characters, and how many they are.
  function firstWords(parts) {
    var text = '', count = 0;
    while (count < parts.length && text.length < EDGE) text += parts[count++];
    return { text: text, count: count };
  }
  // - and , separate the parts of a text fragment; encodeURIComponent leaves -.
  function encode(part) { return encodeURIComponent(part).replace(/-/g, '%2D'); }

  // When the hit's block heads a table row (a KPI's name), the first words of
  // the row's first cell, for the link to name as what follows the block: the
  // same name is also in the progress list above the tables, where a link
  // naming the name alone would stop.
  function firstCell(hit) {
    var h = hit.inText && hit.page.h;
    if (!h) return null;
    for (var i = 0; i < h.length; i += 3) {
      if (h[i] - h[i + 1] !== hit.at || h[i + 1] === 0) continue;
      // The row's first cell, right after a header of one block.
      if (h[i] !== hit.at + 1) return null;
      return firstWords(segments(flatten(data.blocks[hit.page.b[h[i]]]))).text || null;
    }
    return null;
  }

  function show(query) {
    // NFKC on the query alone (the pages' text keeps its positions): half-width
    // katakana typed on some keyboards, ﾏｲﾅﾝﾊﾞｰ, becomes the マイナンバー pages write.
    var terms = key(query.normalize('NFKC')).split(/\s+/).filter(Boolean);
    list.textContent = '';
    if (!terms.length) { status.textContent = ''; return; }
    var hits = find(terms);
    hits.forEach(function (hit) {
      var item = document.createElement('li');
      var link = document.createElement('a');
      link.href = root + hit.page.u + (hit.inText ? fragment(hit) : '');
      link.textContent = hit.page.t || hit.page.u;
      item.appendChild(link);
      item.appendChild(snippet(hit, terms));
      list.appendChild(item);
    });
    status.textContent = hits.length
      ? '「' + query.trim() + '」を含むページ：' + hits.length + '件'
      : '「' + query.trim() + '」を含むページは見つかりませんでした。';
  }

  form.addEventListener('submit', function (event) {
    event.preventDefault();
    show(input.value);
    try {
      history.replaceState(null, '', '?q=' + encodeURIComponent(input.value));
    } catch (e) {
      // Some browsers refuse to change the address of a page opened from the disk; the results are shown all the same.
    }
  });
  var query = new URLSearchParams(location.search).get('q');
  if (query) {
    input.value = query;
    show(query);
  }
})();
