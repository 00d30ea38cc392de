// The consultation report's filters: by outcome and by section. Without this
// script the filters stay hidden and every comment is listed. Values are
// compared as text; nothing from the page is parsed as HTML.
(function () {
  "use strict";
  var form = document.getElementById("_filtros");
  if (!form) { return; }
  var outcome = document.getElementById("_f-resultado");
  var section = document.getElementById("_f-seccion");
  var status = document.getElementById("_filtro-estado");
  var items = Array.prototype.slice.call(document.querySelectorAll("li.comment"));

  function apply() {
    var o = outcome.value;
    var s = section.value;
    var shown = 0;
    items.forEach(function (li) {
      var show = (!o || li.getAttribute("data-outcome") === o) &&
        (!s || li.getAttribute("data-section") === s);
      li.hidden = !show;
      if (show) { shown += 1; }
    });
    status.textContent = status.getAttribute("data-template")
      .replace("{n}", String(shown))
      .replace("{total}", String(items.length));
  }

  // The filters live in the address too (consulta.html?resultado=…&seccion=…),
  // so a filtered list can be shared.
  function has(select, value) {
    return Array.prototype.some.call(select.options, function (o) { return o.value === value; });
  }
  function remember() {
    var params = new URLSearchParams();
    if (outcome.value) { params.set("resultado", outcome.value); }
    if (section.value) { params.set("seccion", section.value); }
    var query = params.toString();
    try {
      history.replaceState(null, "", (query ? "?" + query : location.pathname) + location.hash);
    } catch (err) { /* some browsers refuse it on file:// */ }
  }
  var asked = new URLSearchParams(location.search);
  if (has(outcome, asked.get("resultado"))) { outcome.value = asked.get("resultado"); }
  if (has(section, asked.get("seccion"))) { section.value = asked.get("seccion"); }

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  outcome.addEventListener("change", function () { apply(); remember(); });
  section.addEventListener("change", function () { apply(); remember(); });
  apply();
})();
