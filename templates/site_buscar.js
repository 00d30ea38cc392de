// Search over the drafts' text, the consultation's comments and the editors'
// notes, offline: the index is indice-busqueda.js (a global, since a file://
// page cannot fetch JSON). Every section of every draft is an entry (one for
// all the drafts that hold it word for word), every comment and note an item;
// a query matches what holds all its words, accents and case aside (a
// comment's folio is in its title).
// Results are built as text nodes: nothing from the index is ever parsed as
// HTML.
(function () {
  "use strict";
  var data = window.COTEJO_BUSQUEDA;
  var form = document.getElementById("_buscar");
  var input = document.getElementById("_q");
  var status = document.getElementById("_estado");
  var list = document.getElementById("_resultados");
  if (!data || !form || !input || !status || !list) { return; }
  var LIMIT = 200;

  // Folds one character at a time so positions in the folded text are the
  // positions in the original (as arrays of code points).
  function foldChar(c) {
    var f = c.normalize("NFD").charAt(0).toLowerCase();
    return f.length === 1 ? f : c;
  }
  function fold(text) { return Array.from(text).map(foldChar); }

  var entries = data.entries.map(function (e) {
    var text = Array.from(e.x);
    return { e: e, text: text, folded: text.map(foldChar).join(""), title: fold((e.n ? e.n + " " : "") + e.t).join("") };
  });
  // Comments and notes: the same shape, with their kind and their own link.
  var items = (data.items || []).map(function (it) {
    var text = Array.from(it.x);
    return { item: it, text: text, folded: text.map(foldChar).join(""), title: fold(it.t).join("") };
  });
  var KIND_ORDER = { section: 0, comment: 1, note: 2 };

  function words(q) {
    return fold(q).join("").split(/[\s.,;:()«»"'¿?¡!]+/).filter(function (w) { return w.length > 0; });
  }

  function snippet(entry, ws) {
    var at = -1;
    ws.forEach(function (w) {
      var p = entry.folded.indexOf(w);
      if (p >= 0 && (at < 0 || p < at)) { at = p; }
    });
    // folded is joined from one-unit characters where it could, so indexOf on
    // it counts code points only when every character folded to one unit.
    var start = Math.max(0, at - 60);
    var end = Math.min(entry.text.length, start + 220);
    var piece = entry.text.slice(start, end).join("");
    return (start > 0 ? "…" : "") + piece + (end < entry.text.length ? "…" : "");
  }

  function highlight(el, text, ws) {
    var folded = fold(text);
    var chars = Array.from(text);
    var marks = new Array(chars.length).fill(false);
    var joined = folded.join("");
    ws.forEach(function (w) {
      var p = joined.indexOf(w);
      while (p >= 0) {
        for (var k = p; k < p + w.length && k < marks.length; k++) { marks[k] = true; }
        p = joined.indexOf(w, p + w.length);
      }
    });
    var k = 0;
    while (k < chars.length) {
      var m = marks[k];
      var j = k;
      while (j < chars.length && marks[j] === m) { j++; }
      var piece = chars.slice(k, j).join("");
      if (m) {
        var mark = document.createElement("mark");
        mark.textContent = piece;
        el.appendChild(mark);
      } else {
        el.appendChild(document.createTextNode(piece));
      }
      k = j;
    }
  }

  function say(key, n) {
    status.textContent = status.getAttribute("data-" + key).replace("{n}", String(n));
  }

  function search(q) {
    list.textContent = "";
    var ws = words(q);
    if (!ws.length) { status.textContent = ""; return; }
    var found = [];
    function consider(entry, i, kind) {
      var hay = entry.title + " " + entry.folded;
      if (ws.every(function (w) { return hay.indexOf(w) >= 0; })) {
        var score = ws.filter(function (w) { return entry.title.indexOf(w) >= 0; }).length;
        found.push({ entry: entry, score: score, i: i, kind: kind });
      }
    }
    entries.forEach(function (entry, i) { consider(entry, i, "section"); });
    items.forEach(function (entry, i) { consider(entry, i, entry.item.k); });
    // Title matches first; then sections, comments, notes; sections of the
    // newest drafts first; then the order of the index.
    var newest = function (f) { return f.kind === "section" ? f.entry.e.d[f.entry.e.d.length - 1] : 0; };
    found.sort(function (a, b) {
      return b.score - a.score || KIND_ORDER[a.kind] - KIND_ORDER[b.kind] || newest(b) - newest(a) || a.i - b.i;
    });
    if (!found.length) { say("none", 0); return; }
    say(found.length > LIMIT ? "many" : "some", found.length);
    found.slice(0, LIMIT).forEach(function (f) {
      list.appendChild(f.kind === "section" ? sectionResult(f, ws) : itemResult(f, ws));
    });
  }

  // A link to a section's history page, when it has one.
  function historyLink(url) {
    var p = document.createElement("p");
    p.className = "result-history";
    var a = document.createElement("a");
    a.href = url;
    a.textContent = list.getAttribute("data-history");
    p.appendChild(a);
    return p;
  }

  function sectionResult(f, ws) {
    var e = f.entry.e;
    // The newest draft that holds the section as found; the others after.
    var at = e.d[e.d.length - 1];
    var newest = data.drafts[at];
    var li = document.createElement("li");
    li.className = "result-section";
    var a = document.createElement("a");
    a.href = newest.u + "#" + e.a;
    highlight(a, (e.n ? e.n + " " : "") + e.t, ws);
    li.appendChild(a);
    var draft = document.createElement("span");
    draft.className = "result-draft";
    draft.textContent = " — " + newest.t;
    li.appendChild(draft);
    var p = document.createElement("p");
    highlight(p, snippet(f.entry, ws), ws);
    li.appendChild(p);
    var others = e.d.filter(function (k) { return k !== at; });
    if (others.length) {
      var also = document.createElement("p");
      also.className = "result-also";
      also.appendChild(document.createTextNode(list.getAttribute("data-same") + " "));
      others.forEach(function (k, i) {
        if (i > 0) { also.appendChild(document.createTextNode(" · ")); }
        var link = document.createElement("a");
        link.href = data.drafts[k].u + "#" + e.a;
        link.textContent = data.drafts[k].t;
        also.appendChild(link);
      });
      li.appendChild(also);
    }
    if (e.h) { li.appendChild(historyLink(e.h)); }
    return li;
  }

  function itemResult(f, ws) {
    var it = f.entry.item;
    var li = document.createElement("li");
    li.className = "result-" + it.k;
    var kind = document.createElement("span");
    kind.className = "result-kind";
    kind.textContent = list.getAttribute("data-" + it.k) + ": ";
    li.appendChild(kind);
    var a = document.createElement("a");
    a.href = it.u;
    highlight(a, it.t, ws);
    li.appendChild(a);
    var p = document.createElement("p");
    highlight(p, snippet(f.entry, ws), ws);
    li.appendChild(p);
    if (it.h) { li.appendChild(historyLink(it.h)); }
    return li;
  }

  form.addEventListener("submit", function (e) {
    e.preventDefault();
    search(input.value);
    if (history.replaceState) {
      try { history.replaceState(null, "", "?q=" + encodeURIComponent(input.value)); } catch (err) { /* file:// may refuse */ }
    }
  });
  var q = new URLSearchParams(location.search).get("q");
  if (q) { input.value = q; search(q); }
})();
