// Keyboard navigation between changed sections: j next, k previous.
// Everything else in the report works without this script.
(function () {
  "use strict";
  var changes = Array.prototype.slice.call(document.querySelectorAll("article.section"));
  function current() {
    var y = window.scrollY + 80;
    var index = -1;
    changes.forEach(function (el, i) { if (el.offsetTop <= y) { index = i; } });
    return index;
  }
  function go(step) {
    var visible = changes.filter(function (el) { return el.offsetParent !== null; });
    if (!visible.length) { return; }
    var i = visible.indexOf(changes[current()]);
    var next = visible[Math.max(0, Math.min(visible.length - 1, i + step))];
    var heading = next.querySelector("h3");
    next.scrollIntoView({ block: "start" });
    if (heading) { heading.setAttribute("tabindex", "-1"); heading.focus({ preventScroll: true }); }
    history.replaceState(null, "", "#" + next.id);
  }
  document.addEventListener("keydown", function (e) {
    if (e.altKey || e.ctrlKey || e.metaKey) { return; }
    var t = e.target && e.target.tagName;
    if (t === "INPUT" || t === "TEXTAREA" || t === "SELECT") { return; }
    if (e.key === "j") { go(1); } else if (e.key === "k") { go(-1); }
  });
})();
