// A wide table's box is a tab stop so that a keyboard can scroll it (WCAG 2.1.1),
// and a named region so that a screen reader says what the stop is. Where the
// table fits, the stop is one more keypress and the region one more landmark
// in a long list of them, so the script keeps both on the boxes that scroll,
// again whenever a box changes size (a turned phone, zoom) or the web fonts
// arrive; without the script every box keeps them. A file, not inline, so
// that a Content-Security-Policy of script-src 'self' lets it run.
(function () {
  if (!('ResizeObserver' in window)) return; // older browsers: every box stays a stop
  // The region's name is kept aside while it is no region: a name on a plain
  // box is not allowed.
  var NAMES = ['aria-labelledby', 'aria-label'];
  function move(box, from, to) {
    NAMES.forEach(function (name) {
      var value = box.getAttribute(from + name);
      if (value === null) return;
      box.setAttribute(to + name, value);
      box.removeAttribute(from + name);
    });
  }
  function update(box) {
    // The box the focus is on keeps its stop: taking it away would drop the focus.
    if (box.scrollWidth > box.clientWidth || box === document.activeElement) {
      box.setAttribute('tabindex', '0');
      box.setAttribute('role', 'region');
      move(box, 'data-', '');
    } else {
      box.removeAttribute('tabindex');
      box.removeAttribute('role');
      move(box, '', 'data-');
    }
  }
  var boxes = document.querySelectorAll('.table-scroll');
  // At once, rather than at the observer's first report, which a busy
  // browser may give late; again once the web fonts are in, which widen a
  // table without resizing its box; and whenever a box changes size.
  boxes.forEach(update);
  if (document.fonts) document.fonts.ready.then(function () { boxes.forEach(update); });
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) { update(entry.target); });
  });
  boxes.forEach(function (box) { observer.observe(box); });
})();
