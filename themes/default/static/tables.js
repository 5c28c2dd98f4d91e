// A wide table's box is a tab stop so that a keyboard can scroll it (WCAG 2.1.1).
// Where the table fits, the stop is only one more keypress, so the script keeps
// it on the boxes that scroll, again whenever a box changes size (a turned phone,
// zoom); without the script every box keeps it. A file, not inline, so that a
// Content-Security-Policy of script-src 'self' lets it run.
(function () {
  if (!('ResizeObserver' in window)) return; // older browsers: every box stays a stop
  var observer = new ResizeObserver(function (entries) {
    entries.forEach(function (entry) {
      var box = entry.target;
      // The box the focus is on keeps its stop: taking it away would drop the focus.
      if (box.scrollWidth > box.clientWidth || box === document.activeElement) box.setAttribute('tabindex', '0');
      else box.removeAttribute('tabindex');
    });
  });
  document.querySelectorAll('.table-scroll').forEach(function (box) { observer.observe(box); });
})();
