// Keyboard navigation between changed sections: j next, k previous.
// Everything else in the report works without this script.
(function () {
  "use strict";
  var keys = document.querySelector(".keys");
  if (keys) { keys.hidden = false; }

  var sections = Array.prototype.slice.call(document.querySelectorAll("article.section"));
  // Where a section's top lands when scrolled to: its scroll margin, which
  // keeps it clear of the sticky controls.
  function margin(el) {
    return parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
  }

  function visible(el) { return el.getClientRects().length > 0; }

  function go(step) {
    var shown = sections.filter(visible);
    if (!shown.length) { return; }
    var line = margin(shown[0]);
    var target = null;
    if (step > 0) {
      target = shown.find(function (el) { return el.getBoundingClientRect().top > line + 4; }) || null;
    } else {
      var before = shown.filter(function (el) { return el.getBoundingClientRect().top < line - 4; });
      target = before.length ? before[before.length - 1] : null;
    }
    if (!target) { return; }
    var heading = target.querySelector("h3");
    target.scrollIntoView({ block: "start" });
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    if (history.replaceState) { history.replaceState(null, "", "#" + target.id); }
  }

  document.addEventListener("keydown", function (e) {
    if (e.defaultPrevented || e.altKey || e.ctrlKey || e.metaKey) { return; }
    var el = e.target;
    var tag = el && el.tagName;
    if (tag === "INPUT" || tag === "TEXTAREA" || tag === "SELECT" || (el && el.isContentEditable)) { return; }
    if (e.key === "j") { e.preventDefault(); go(1); }
    else if (e.key === "k") { e.preventDefault(); go(-1); }
  });

  // A link to a section folded away (an unchanged one) opens its folds.
  function reveal() {
    var id = decodeURIComponent(location.hash.slice(1));
    var el = id && document.getElementById(id);
    if (!el) { return; }
    var changed = false;
    for (var p = el; p; p = p.parentElement) {
      if (p.tagName === "DETAILS" && !p.open && (p !== el || p.classList.contains("section"))) {
        p.open = true;
        changed = true;
      }
    }
    if (changed) { el.scrollIntoView({ block: "start" }); }
  }
  window.addEventListener("hashchange", reveal);
  reveal();

  // A table wider than the screen scrolls inside its frame; the frame takes
  // the keyboard focus then, so that it can be scrolled without a mouse.
  function scrollables() {
    Array.prototype.forEach.call(document.querySelectorAll(".table-wrap"), function (w) {
      if (w.scrollWidth > w.clientWidth + 1) {
        if (!w.hasAttribute("tabindex")) { w.setAttribute("tabindex", "0"); }
      } else if (w.getAttribute("tabindex") === "0") {
        w.removeAttribute("tabindex");
      }
    });
  }
  var pending = 0;
  function later() { cancelAnimationFrame(pending); pending = requestAnimationFrame(scrollables); }
  window.addEventListener("resize", later);
  document.addEventListener("change", later);
  document.addEventListener("toggle", later, true);
  scrollables();
})();
