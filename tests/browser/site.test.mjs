// The static site (`cotejo site`) in a real browser, opened from file://, through
// the Nu HTML Checker and axe-core.
//
//   node --test tests/browser/    (from the repository root, after `cargo build`;
//                                  `bash tests/run.sh` does both, and installs what is needed)
//
// Environment: as report.test.mjs (COTEJO_BIN, COTEJO_TEST_DIR, CHROMIUM, JAVA).
//
// Checked: every kind of page is valid HTML and has no axe violation; search
// works offline from file:// (a query typed in buscar.html lists results, and a
// result opens the right draft at the right section), also from the search box
// of every page; the consultation report's filters show only the rows asked
// for, and without JavaScript every comment is listed.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync } from "node:fs";
import { join } from "node:path";
import { fileURLToPath, pathToFileURL } from "node:url";

import { chromium } from "playwright-core";
import { run, ROOT, BIN, WORK, CHROMIUM, JAVA, VNU_JAR, AXE, LAUNCH, VIEWPORT, TIMEOUT, fail, ACTION_TIMEOUT } from "./common.mjs";

const SITES = { es: join(WORK, "site-es"), en: join(WORK, "site-en") };
// One page of each kind, in both languages.
const KINDS = [
  "index.html",
  "borradores/borrador-3.html",
  "borradores/aprobada.html",
  "comparaciones/borrador-3--borrador-4.html",
  "consulta.html",
  "buscar.html",
  "secciones/index.html",
  "secciones/objetivos-especificos.html",
  "secciones/responsables-del-diseno-implementacion-y-evaluacion.html",
];
const PAGES = Object.entries(SITES).flatMap(([lang, dir]) =>
  KINDS.map((rel) => ({ lang, rel, file: join(dir, rel), url: pathToFileURL(join(dir, rel)).href })),
);



before(async () => {
  assert.ok(existsSync(BIN), `no cotejo binary at ${BIN}: run \`cargo build\` or set COTEJO_BIN`);
  mkdirSync(WORK, { recursive: true });
  for (const [lang, dir] of Object.entries(SITES)) {
    const { stdout } = await run(BIN, ["site", "-o", dir, "--lang", lang], { cwd: ROOT });
    assert.equal(stdout.trim(), dir);
  }
}, { timeout: TIMEOUT });

describe("Nu HTML Checker (vnu.jar)", () => {
  test("every kind of page, both languages: no validation error", { timeout: TIMEOUT }, async () => {
    assert.ok(existsSync(VNU_JAR), `no ${VNU_JAR}: run \`npm ci --ignore-scripts\` in tests/browser`);
    let output;
    try {
      const res = await run(JAVA, ["-jar", VNU_JAR, "--errors-only", "--format", "gnu", ...PAGES.map((p) => p.file)], {
        maxBuffer: 64 * 1024 * 1024,
      });
      output = res.stdout + res.stderr;
    } catch (e) {
      if (typeof e.code !== "number") throw e;
      output = `${e.stdout}${e.stderr}`;
    }
    const problems = output
      .split("\n")
      .filter((l) => /error/i.test(l))
      .map((l) => {
        // "file:line.col-line.col: error: message"
        const m = l.match(/^"?(.*?)"?:(\d+)\.(\d+)-\d+\.\d+: /);
        if (!m) return l;
        const text = readFileSync(fileURLToPath(m[1].startsWith("file:") ? m[1] : pathToFileURL(m[1])), "utf8").split("\n")[+m[2] - 1] ?? "";
        return `${l}\n      ${text.slice(Math.max(0, +m[3] - 80), +m[3] + 80)}`;
      });
    fail("vnu on the site", problems);
  });
});

describe("the site in headless Chromium, from file://", { concurrency: 2 }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch(LAUNCH);
  }, { timeout: 60_000 });
  after(async () => {
    await browser?.close();
  });

  /** Opens `url`; every request must stay inside the site's folder. */
  async function open(url, { javaScriptEnabled = true, lang = "es" } = {}) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: VIEWPORT });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    const page = await context.newPage();
    const errors = [];
    const root = pathToFileURL(SITES[lang]).href + "/";
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
    page.on("request", (req) => {
      if (!req.url().startsWith(root)) errors.push(`asked for ${req.url()}, outside the site`);
    });
    page.on("requestfailed", (req) => errors.push(`failed to load ${req.url()}`));
    await page.goto(url, { waitUntil: "load" });
    return { context, page, errors };
  }

  async function axe(page, state) {
    await page.addScriptTag({ path: AXE });
    const result = await page.evaluate(() =>
      // No preload: axe would fetch the stylesheets itself, which file:// refuses.
      window.axe.run(document, { resultTypes: ["violations"], preload: false }).then((res) =>
        res.violations.map((v) => ({
          id: v.id,
          impact: v.impact,
          help: v.help,
          nodes: v.nodes.map((n) => `${n.target.join(" ")}  ${n.html.slice(0, 160)}`),
        })),
      ),
    );
    return result.map((v) => `[${state}] ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s)\n      ${v.nodes.slice(0, 6).join("\n      ")}`);
  }

  for (const p of PAGES) {
    test(`axe-core: no violation on ${p.lang}/${p.rel}`, { timeout: TIMEOUT }, async () => {
      const { context, page, errors } = await open(p.url, { lang: p.lang });
      const problems = [];
      try {
        problems.push(...(await axe(page, "as opened")));
        if (p.rel === "consulta.html") {
          await page.selectOption("#_f-resultado", "procedente");
          problems.push(...(await axe(page, "filtered")));
        }
        if (p.rel === "buscar.html") {
          await page.fill("#_q", "datos abiertos");
          await page.press("#_q", "Enter");
          await page.waitForSelector("#_resultados li");
          problems.push(...(await axe(page, "with results")));
        }
        problems.push(...errors);
      } finally {
        await context.close();
      }
      fail(`axe on ${p.file}`, problems);
    });
  }

  test("search works offline: a query lists results, a result opens its section", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "buscar.html")).href;
    const { context, page, errors } = await open(url);
    const problems = [];
    try {
      // Accents and case aside: "CATALOGO" finds "catálogo".
      await page.fill("#_q", "CATALOGO inventario");
      await page.click("#_buscar button[type=submit]");
      await page.waitForSelector("#_resultados li");
      const results = await page.$$eval("#_resultados li.result-section", (lis) =>
        lis.map((li) => ({ href: li.querySelector("a").getAttribute("href"), text: li.innerText })),
      );
      if (!results.length) problems.push("no results");
      // The status counts every result: sections, comments and notes.
      const total = await page.$$eval("#_resultados > li", (lis) => lis.length);
      const status = await page.innerText("#_estado");
      if (!status.includes(String(total))) problems.push(`the status says «${status}» for ${total} results`);
      for (const r of results) {
        if (!/^borradores\/[^/]+\.html#.+/.test(r.href)) problems.push(`a result links to ${r.href}`);
        // The excerpt is around the first word found; the section holds both (checked below for one).
        if (!/cat[aá]logo|inventario/i.test(r.text)) problems.push(`a result shows neither word: ${r.text.slice(0, 200)}`);
      }
      if (!(await page.$("#_resultados mark"))) problems.push("the words are not marked in the results");
      // The first result opens its draft at its section.
      const first = results[0];
      await Promise.all([page.waitForURL((u) => u.href.includes("/borradores/")), page.click("#_resultados li.result-section a")]);
      const [file, hash] = first.href.split("#");
      const now = new URL(page.url());
      if (!now.pathname.endsWith("/" + file)) problems.push(`opened ${now.pathname}, not ${file}`);
      if (decodeURIComponent(now.hash.slice(1)) !== decodeURIComponent(hash)) problems.push(`at #${now.hash}, not #${hash}`);
      const target = await page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { tag: el.tagName, top: r.top, text: el.innerText.slice(0, 3000) };
      }, decodeURIComponent(hash));
      if (!target) problems.push(`no #${hash} in ${file}`);
      else {
        if (target.tag !== "SECTION") problems.push(`#${hash} is a ${target.tag}`);
        if (Math.abs(target.top) > 40) problems.push(`#${hash} is not at the top of the window (top ${target.top})`);
        if (!/inventario/i.test(target.text) || !/cat[aá]logo/i.test(target.text)) problems.push(`#${hash} does not hold both words searched`);
      }
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("search", problems);
  });

  test("search finds a comment by its folio and words, and the editors' notes; results link to the section's history", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "buscar.html")).href;
    const { context, page, errors } = await open(url);
    const problems = [];
    const search = async (q) => {
      await page.fill("#_q", q);
      await page.press("#_q", "Enter");
      await page.waitForSelector("#_resultados li");
      return page.$$eval("#_resultados > li", (lis) =>
        lis.map((li) => ({
          kind: li.className,
          href: li.querySelector(":scope > a").getAttribute("href"),
          history: li.querySelector(".result-history a")?.getAttribute("href") ?? null,
          also: Array.from(li.querySelectorAll(".result-also a")).map((a) => a.getAttribute("href").split("#")[0]),
          text: li.innerText,
        })),
      );
    };
    try {
      // By folio: the comment first, linked to its permalink.
      let results = await search("cp-0003");
      if (results[0]?.kind !== "result-comment" || results[0].href !== "consulta.html#CP-0003") {
        problems.push(`«cp-0003» first gives ${JSON.stringify(results[0])}`);
      }
      if (!/Comentario de la consulta/.test(results[0]?.text ?? "")) problems.push("the comment's result does not say what it is");
      if (results[0]?.history !== "secciones/proceso-de-construccion.html") problems.push(`the comment's history link is ${results[0]?.history}`);
      // By its words (the answer CP-0003 got).
      results = await search("formato abierto nombres datos personales");
      if (!results.some((r) => r.kind === "result-comment" && r.href === "consulta.html#CP-0003")) problems.push("CP-0003's response is not found by its words");
      // An editors' note, by words only a note holds.
      results = await search("Mesa 4 estados municipios");
      const note = results.find((r) => r.kind === "result-note");
      if (!note) problems.push(`no note among ${results.map((r) => r.kind).join(", ")}`);
      else if (!/^comparaciones\/borrador-1--borrador-2\.html#/.test(note.href)) problems.push(`the note links to ${note.href}`);
      // Sections: each links its history, and never lists its own draft among
      // "the same text in".
      results = await search("datos abiertos");
      const sections = results.filter((r) => r.kind === "result-section");
      if (!sections.length) problems.push("no section found");
      for (const r of sections) {
        const own = r.href.split("#")[0];
        if (r.also.includes(own)) problems.push(`${r.href} lists its own draft among the same text in`);
        if (!r.history || !/^secciones\/.+\.html$/.test(r.history)) problems.push(`${r.href} has no history link (${r.history})`);
      }
      if (!sections.some((r) => r.also.length)) problems.push("no section is in more than one draft");
      // A history link opens the section's history.
      const first = sections[0];
      await Promise.all([page.waitForURL((u) => u.href.includes("/secciones/")), page.click("#_resultados li.result-section .result-history a")]);
      if (!new URL(page.url()).pathname.endsWith("/" + first.history)) problems.push(`opened ${page.url()}, not ${first.history}`);
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("search over comments and notes", problems);
  });

  test("an older draft says which is the latest and links it; the latest says nothing", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "borradores/borrador-3.html")).href;
    const { context, page, errors } = await open(url);
    const problems = [];
    try {
      if (!(await page.isVisible(".older-draft"))) problems.push("no banner on an older draft");
      const text = await page.innerText(".older-draft");
      if ((text.match(/más reciente/g) || []).length !== 1 || !/Texto aprobado/.test(text) || !/9 de octubre de 2023/.test(text)) problems.push(`the banner says «${text}»`);
      // Near the top: seen before the text.
      const top = await page.evaluate(() => document.querySelector(".older-draft").getBoundingClientRect().top);
      if (top > 300) problems.push(`the banner is ${top}px down`);
      await Promise.all([page.waitForURL((u) => u.href.endsWith("/aprobada.html")), page.click(".older-draft a >> nth=0")]);
      if (await page.$(".older-draft")) problems.push("the latest draft has the banner");
      const updated = await page.innerText("footer .site-meta");
      if (!/Última actualización: 9 de octubre de 2023/.test(updated)) problems.push(`the footer says «${updated}»`);
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("the banner of older drafts", problems);
  });

  test("the search box of any page opens the results", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.en, "borradores/borrador-2.html")).href;
    const { context, page, errors } = await open(url, { lang: "en" });
    const problems = [];
    try {
      await page.fill("#_nav-q", "metadatos");
      await Promise.all([page.waitForURL((u) => u.href.includes("buscar.html")), page.press("#_nav-q", "Enter")]);
      await page.waitForSelector("#_resultados li");
      if ((await page.inputValue("#_q")) !== "metadatos") problems.push("the query is not in the search box");
      const n = await page.$$eval("#_resultados li", (lis) => lis.length);
      if (n === 0) problems.push("no results");
      const status = await page.innerText("#_estado");
      if (!/^Results: \d+/.test(status)) problems.push(`status «${status}» is not in English`);
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("search from the navigation", problems);
  });

  test("the consultation filters show only what is asked", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "consulta.html")).href;
    const { context, page, errors } = await open(url);
    const problems = [];
    try {
      const rows = () =>
        page.$$eval("ol.comments > li", (lis) =>
          lis.map((li) => ({
            outcome: li.dataset.outcome,
            section: li.dataset.section,
            shown: li.checkVisibility(),
          })),
        );
      if (!(await page.isVisible("#_filtros"))) problems.push("the filters are hidden with JavaScript on");
      let all = await rows();
      if (all.length !== 125 || all.some((r) => !r.shown)) problems.push(`at first ${all.filter((r) => r.shown).length} of ${all.length} shown`);
      const expected = Number(await page.innerText("#_por-resultado tr[data-outcome=procedente] td"));
      await page.selectOption("#_f-resultado", "procedente");
      all = await rows();
      const shown = all.filter((r) => r.shown);
      if (shown.length !== expected) problems.push(`«procedente» shows ${shown.length} comments, the count says ${expected}`);
      if (shown.some((r) => r.outcome !== "procedente")) problems.push("«procedente» shows other outcomes");
      const status = await page.innerText("#_filtro-estado");
      if (!status.includes(`${expected} de 125`)) problems.push(`status «${status}»`);
      // And a section: both filters at once.
      const section = shown[0].section;
      await page.selectOption("#_f-seccion", section);
      all = await rows();
      const both = all.filter((r) => r.outcome === "procedente" && r.section === section).length;
      const now = all.filter((r) => r.shown);
      if (now.length !== both || now.some((r) => r.section !== section || r.outcome !== "procedente")) {
        problems.push(`outcome and section show ${now.length}, expected ${both}`);
      }
      // The address keeps the filters: opened again, the page shows the same.
      const query = new URL(page.url()).search;
      if (!query.includes("resultado=procedente") || !query.includes("seccion=")) problems.push(`the address says «${query}»`);
      await page.reload({ waitUntil: "load" });
      const again = (await rows()).filter((r) => r.shown).length;
      if (again !== both || (await page.inputValue("#_f-resultado")) !== "procedente") {
        problems.push(`reopened with ${query}: ${again} shown, expected ${both}`);
      }
      await page.selectOption("#_f-resultado", "");
      await page.selectOption("#_f-seccion", "");
      if (new URL(page.url()).search !== "") problems.push(`no filter, but the address says «${new URL(page.url()).search}»`);
      if ((await rows()).some((r) => !r.shown)) problems.push("«Todos» does not bring every comment back");
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("consultation filters", problems);
  });

  test("a comment's change link opens the comparison at that change, with the report's script", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "consulta.html")).href;
    const { context, page, errors } = await open(url);
    const problems = [];
    try {
      const link = page.locator("#CP-0012 .comment-change a");
      const href = await link.getAttribute("href");
      await Promise.all([page.waitForURL((u) => u.href.includes("/comparaciones/")), link.click()]);
      const id = decodeURIComponent(href.split("#")[1]);
      const target = await page.evaluate((id) => {
        const el = document.getElementById(id);
        if (!el) return null;
        const r = el.getBoundingClientRect();
        return { tag: el.tagName, top: r.top, shown: el.checkVisibility() };
      }, id);
      if (!target) problems.push(`no #${id} in the comparison`);
      else {
        if (target.tag !== "ARTICLE" || !target.shown) problems.push(`#${id} is a ${target.tag}, shown: ${target.shown}`);
        if (target.top < -2 || target.top > 120) problems.push(`#${id} is not at the top of the window (top ${target.top})`);
      }
      // informe.js ran: it shows the keyboard hint it alone makes work.
      if (!(await page.isVisible(".keys"))) problems.push("the report's script did not run on the comparison page");
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("from a comment to its change", problems);
  });

  test("without JavaScript every comment is listed and the filters are not offered", { timeout: TIMEOUT }, async () => {
    const url = pathToFileURL(join(SITES.es, "consulta.html")).href;
    const { context, page, errors } = await open(url, { javaScriptEnabled: false });
    const problems = [];
    try {
      const shown = await page.$$eval("ol.comments > li", (lis) => lis.filter((li) => li.checkVisibility()).length);
      if (shown !== 125) problems.push(`${shown} of 125 comments shown`);
      if (await page.isVisible("#_filtros")) problems.push("filters that cannot work are shown");
      // Search says how to read without it.
      await page.goto(pathToFileURL(join(SITES.es, "buscar.html")).href, { waitUntil: "load" });
      if (!(await page.isVisible(".search-noscript"))) problems.push("buscar.html says nothing without JavaScript");
      const drafts = await page.$$eval("main a[href^='borradores/']", (as) => as.length);
      if (drafts !== 5) problems.push(`buscar.html links ${drafts} drafts without JavaScript`);
      problems.push(...errors);
    } finally {
      await context.close();
    }
    fail("without JavaScript", problems);
  });
});
