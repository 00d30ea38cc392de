// Navigation between changed sections: j or ▶ next, k or ◀ previous.
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

  function onScreen(el) {
    var r = el.getBoundingClientRect();
    return r.bottom > 0 && r.top < window.innerHeight;
  }

  // The section a step leads to: from the section that holds the focus
  // while it is on screen (near the page's end several sections cannot
  // reach the line under the sticky bar), else from that line.
  function target(step) {
    var shown = sections.filter(visible);
    if (!shown.length) { return null; }
    var focused = document.activeElement && document.activeElement.closest
      ? document.activeElement.closest("article.section") : null;
    var at = focused ? shown.indexOf(focused) : -1;
    if (at >= 0 && onScreen(focused)) { return shown[at + step] || null; }
    var line = margin(shown[0]);
    if (step > 0) {
      return shown.find(function (el) { return el.getBoundingClientRect().top > line + 4; }) || null;
    }
    var before = shown.filter(function (el) { return el.getBoundingClientRect().top < line - 4; });
    return before.length ? before[before.length - 1] : null;
  }

  function go(step) {
    var el = target(step);
    if (!el) { return; }
    var heading = el.querySelector("h3");
    el.scrollIntoView({ block: "start" });
    if (heading) {
      heading.setAttribute("tabindex", "-1");
      heading.focus({ preventScroll: true });
    }
    if (history.replaceState) { history.replaceState(null, "", "#" + el.id); }
  }

  // The sticky bar's ◀ ▶ buttons do what k and j do. They stay focusable at
  // either end (aria-disabled, not disabled, so that focus is never dropped).
  var nav = document.querySelector(".change-nav");
  if (nav && sections.length) {
    var prev = nav.querySelector(".prev-change");
    var next = nav.querySelector(".next-change");
    nav.hidden = false;
    prev.addEventListener("click", function () { go(-1); });
    next.addEventListener("click", function () { go(1); });
    var ends = function () {
      prev.setAttribute("aria-disabled", target(-1) ? "false" : "true");
      next.setAttribute("aria-disabled", target(1) ? "false" : "true");
    };
    var waiting = 0;
    var soon = function () { cancelAnimationFrame(waiting); waiting = requestAnimationFrame(ends); };
    window.addEventListener("scroll", soon, { passive: true });
    window.addEventListener("resize", soon);
    document.addEventListener("change", soon);
    document.addEventListener("focusin", soon);
    ends();
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
