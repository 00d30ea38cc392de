// The consultation report's filters: by outcome and by section. Without this
// script the filters stay hidden and every comment is listed.
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

  form.hidden = false;
  form.addEventListener("submit", function (e) { e.preventDefault(); });
  outcome.addEventListener("change", apply);
  section.addEventListener("change", apply);
  apply();
})();
