// Every kind of page cotejo writes, on a phone: 360 px wide, in headless
// Chromium, from file://.
//
//   node --test tests/browser/    (from the repository root, after `cargo build`;
//                                  `bash tests/run.sh` does both, and installs what is needed)
//
// Environment: as report.test.mjs (COTEJO_BIN, COTEJO_TEST_DIR, CHROMIUM).
//
// Checked, on the HTML report and on each kind of site page (home, draft,
// comparison, section history with its blame, sections' index, consultation,
// search with results), in each state a reader can reach (as opened, every
// fold open, the cuadro comparativo): the page never scrolls sideways
// (document.scrollingElement.scrollWidth <= clientWidth); no element
// overflows, visibly, the box that clips it (the window, or a frame that
// scrolls); the tables the page lays out itself (drafts, blame, changed
// sections, comments by chapter) reflow instead of scrolling in their frame.
// The sticky bar of the report and of the comparison pages is one row no
// taller than the sections' scroll margin; its ◀ ▶ buttons (labelled in the
// page's language, shown only with JavaScript) move the focus to the
// previous and next change, by mouse and by keyboard, through every change
// in order; a section reached by a button or by its anchor lands below the
// bar, uncovered. Every kind of page has no axe violation at this width.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";
import { run, ROOT, BIN, WORK, AXE, LAUNCH, TIMEOUT, fail, ACTION_TIMEOUT } from "./common.mjs";

const PHONE = { width: 360, height: 740 };
const SITES = { es: join(WORK, "phone-site-es"), en: join(WORK, "phone-site-en") };
const REPORTS = [
  { name: "phone-report-2-3", old: "borrador-2", new: "borrador-3", lang: "es" },
  { name: "phone-report-1-4-en", old: "borrador-1", new: "borrador-4", lang: "en" },
];
const SITE_KINDS = [
  "index.html",
  "borradores/borrador-3.html",
  "comparaciones/borrador-3--borrador-4.html",
  "comparaciones/borrador-1--aprobada.html",
  "consulta.html",
  "buscar.html",
  "secciones/index.html",
  "secciones/objetivos-especificos.html",
  "secciones/responsables-del-diseno-implementacion-y-evaluacion.html",
];
const NAV_LABELS = {
  es: { prev: "Cambio anterior", next: "Cambio siguiente" },
  en: { prev: "Previous change", next: "Next change" },
};

const PAGES = [
  ...REPORTS.map((r) => ({ kind: "report", lang: r.lang, name: `${r.name}.html`, file: join(WORK, `${r.name}.html`), bar: true })),
  ...Object.entries(SITES).flatMap(([lang, dir]) =>
    SITE_KINDS.map((rel) => ({
      kind: rel.split("/")[0].replace(/\.html$/, ""),
      lang,
      name: `site-${lang}/${rel}`,
      file: join(dir, rel),
      bar: rel.startsWith("comparaciones/"),
    })),
  ),
].map((p) => ({ ...p, url: pathToFileURL(p.file).href }));

before(async () => {
  assert.ok(existsSync(BIN), `no cotejo binary at ${BIN}: run \`cargo build\` or set COTEJO_BIN`);
  mkdirSync(WORK, { recursive: true });
  await Promise.all([
    ...Object.entries(SITES).map(([lang, dir]) => run(BIN, ["site", "-o", dir, "--lang", lang], { cwd: ROOT })),
    ...REPORTS.map((r) =>
      run(BIN, ["report", r.old, r.new, "-o", join(WORK, `${r.name}.html`), "--lang", r.lang], { cwd: ROOT }),
    ),
  ]);
}, { timeout: TIMEOUT });

/**
 * What spills sideways: the page's own scroll width, and each rendered
 * element that reaches past the box that clips it when that box is the
 * window (an element inside a frame that scrolls or clips is that frame's
 * business; the frame itself is checked against its own clipping box).
 */
function overflow() {
  const se = document.scrollingElement;
  const width = se.clientWidth;
  const problems = [];
  if (se.scrollWidth > se.clientWidth) problems.push(`the page scrolls sideways: scrollWidth ${se.scrollWidth} > clientWidth ${se.clientWidth}`);
  const name = (el) =>
    `<${el.tagName.toLowerCase()}${el.id ? `#${el.id}` : ""}${el.classList.length ? `.${[...el.classList].join(".")}` : ""}> «${(el.textContent || "").replace(/\s+/g, " ").trim().slice(0, 50)}»`;
  const clipsX = (el) => getComputedStyle(el).overflowX !== "visible";
  for (const el of document.body.querySelectorAll("*")) {
    // Hidden on purpose: from sight (the skip link until focused, words for
    // screen readers) or from everyone.
    if (el.closest(".skip, .visually-hidden") || !el.checkVisibility()) continue;
    const style = getComputedStyle(el);
    if (style.clipPath !== "none" || (style.position === "absolute" && style.overflow === "hidden" && el.offsetWidth <= 1)) continue;
    const r = el.getBoundingClientRect();
    if (r.width === 0 && r.height === 0) continue;
    let clip = el.parentElement;
    while (clip && clip !== document.body && !clipsX(clip)) clip = clip.parentElement;
    if (clip && clip !== document.body && clip !== document.documentElement) continue;
    if (r.right > width + 0.5 || r.left < -0.5) problems.push(`${name(el)} spans ${r.left.toFixed(0)}..${r.right.toFixed(0)} px of a ${width} px window`);
  }
  // The page's own tables reflow: they never need their frame's scroll bar.
  for (const t of document.querySelectorAll("table.stack-table")) {
    if (!t.checkVisibility()) continue;
    const frame = t.closest(".table-wrap") ?? t.parentElement;
    if (frame.scrollWidth > frame.clientWidth + 1 || t.getBoundingClientRect().width > frame.clientWidth + 1) {
      problems.push(`${name(t)} is ${t.getBoundingClientRect().width.toFixed(0)} px wide in a ${frame.clientWidth} px frame: it does not reflow`);
    }
  }
  return problems;
}

describe("phones: every kind of page at 360 px", { concurrency: 2 }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch(LAUNCH);
  }, { timeout: 60_000 });
  after(async () => {
    await browser?.close();
  });

  async function open(url, { javaScriptEnabled = true } = {}) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: PHONE, isMobile: true, hasTouch: true });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
    await page.goto(url, { waitUntil: "load", timeout: 30_000 });
    return { context, page, errors };
  }

  /** The states of a page a reader can reach, each entered in turn. */
  function states(p) {
    const list = [["as opened", async () => {}]];
    if (p.kind === "buscar") {
      list.push([
        "with results",
        async (page) => {
          await page.fill("#_q", p.lang === "es" ? "datos abiertos" : "datos abiertos");
          await page.press("#_q", "Enter");
          await page.waitForSelector("#_resultados li");
        },
      ]);
    }
    list.push(["every fold open", (page) => page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)))]);
    if (p.bar) list.push(["cuadro comparativo", (page) => page.locator("label:has(> #view-side)").click()]);
    return list;
  }

  for (const p of PAGES) {
    test(`${p.name}: no sideways scroll, nothing spills`, { timeout: TIMEOUT }, async () => {
      const problems = [];
      for (const javaScriptEnabled of [true, false]) {
        const { context, page, errors } = await open(p.url, { javaScriptEnabled });
        try {
          for (const [state, enter] of states(p)) {
            if (!javaScriptEnabled && state === "with results") continue;
            await enter(page);
            const found = await page.evaluate(overflow);
            problems.push(...found.slice(0, 12).map((f) => `[${state}${javaScriptEnabled ? "" : ", no JavaScript"}] ${f}`));
          }
          problems.push(...errors);
        } finally {
          await context.close();
        }
      }
      fail(`${p.file} at 360 px`, problems);
    });
  }

  for (const p of PAGES.filter((p) => p.lang === "es" || p.kind === "report")) {
    test(`${p.name}: no axe violation at 360 px`, { timeout: TIMEOUT }, async () => {
      const { context, page } = await open(p.url);
      const problems = [];
      try {
        await page.addScriptTag({ path: AXE });
        const found = await page.evaluate(() =>
          window.axe.run(document, { resultTypes: ["violations"], preload: false }).then((res) =>
            res.violations.map((v) => `${v.id} (${v.impact}): ${v.help}; ${v.nodes.slice(0, 4).map((n) => n.target.join(" ")).join(", ")}`),
          ),
        );
        problems.push(...found);
      } finally {
        await context.close();
      }
      fail(`axe on ${p.file} at 360 px`, problems);
    });
  }

  /** The bar's rows and height, and where the sections' tops land. */
  const bar = (page) =>
    page.evaluate(() => {
      const b = document.querySelector(".controls");
      const kids = [...b.children].filter((k) => k.checkVisibility());
      const tops = kids.map((k) => k.getBoundingClientRect()).map((r) => [r.top, r.bottom]);
      const oneRow = tops.every(([t]) => tops.every(([, bottom]) => t < bottom));
      const section = document.querySelector("article.section");
      return {
        height: b.getBoundingClientRect().height,
        bottom: b.getBoundingClientRect().bottom,
        oneRow,
        kids: kids.map((k) => k.className),
        margin: parseFloat(getComputedStyle(section).scrollMarginTop),
      };
    });

  /** Where the focus is, and whether its section's top is below the bar, uncovered. */
  const where = (page) =>
    page.evaluate(() => {
      const section = document.activeElement?.closest("article.section");
      const barBottom = document.querySelector(".controls").getBoundingClientRect().bottom;
      if (!section) return { id: null, tag: document.activeElement?.tagName, hash: location.hash };
      const r = section.getBoundingClientRect();
      const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
      const hit = document.elementFromPoint(r.left + Math.min(12, r.width / 2), Math.max(0, r.top + 4));
      return {
        id: section.id,
        hash: location.hash,
        top: r.top,
        barBottom,
        atEnd,
        covered: hit && !section.contains(hit) ? hit.closest("[class]")?.className || hit.tagName : null,
      };
    });

  /** Whether a button comes to say it is disabled (the script updates it on the next frame). */
  async function marked(button) {
    for (let n = 0; n < 20; n++) {
      if ((await button.getAttribute("aria-disabled")) === "true") return true;
      await new Promise((r) => setTimeout(r, 25));
    }
    return false;
  }

  for (const p of PAGES.filter((p) => p.bar)) {
    test(`${p.name}: the sticky bar is one row; ◀ ▶ visit every change, below the bar`, { timeout: TIMEOUT }, async () => {
      const problems = [];
      const { context, page, errors } = await open(p.url);
      const labels = NAV_LABELS[p.lang];
      try {
        const prev = page.locator(".controls button.prev-change");
        const next = page.locator(".controls button.next-change");
        for (const [button, name] of [[prev, labels.prev], [next, labels.next]]) {
          if (!(await button.isVisible())) problems.push(`the «${name}» button is not shown`);
          const label = await button.getAttribute("aria-label");
          if (label !== name) problems.push(`a button is labelled «${label}», not «${name}»`);
        }
        // Its accessible name, as a screen reader gets it.
        if ((await page.getByRole("button", { name: labels.next, exact: true }).count()) !== 1) problems.push(`no one button named «${labels.next}»`);

        const b = await bar(page);
        if (!b.oneRow) problems.push(`the sticky bar wraps: ${JSON.stringify(b)}`);
        if (b.height > b.margin) problems.push(`the sticky bar (${b.height.toFixed(1)} px) is taller than the sections' scroll margin (${b.margin} px)`);

        const order = await page.evaluate(() => [...document.querySelectorAll("article.section")].filter((a) => a.checkVisibility()).map((a) => a.id));
        if (order.length < 3) problems.push(`only ${order.length} changed sections`);
        const landed = (at, id, what) => {
          if (at.id !== id || at.hash !== `#${id}`) {
            problems.push(`${what}: expected the focus in #${id}, got ${at.id ?? at.tag} (hash ${at.hash})`);
            return false;
          }
          if (at.top < at.barBottom - 1 && !at.atEnd) problems.push(`${what}: #${id} starts at ${at.top.toFixed(1)} px, under the bar (bottom ${at.barBottom.toFixed(1)} px)`);
          if (at.covered) problems.push(`${what}: #${id} is covered by «${at.covered}»`);
          return true;
        };

        // By keyboard: Tab to ▶ (it is in the tab order), Enter; again with
        // Space; ◀ with Enter.
        await page.evaluate(() => window.scrollTo(0, 0));
        await next.focus();
        await page.keyboard.press("Enter");
        let ok = landed(await where(page), order[0], "▶ by Enter from the top");
        await next.focus();
        await page.keyboard.press("Space");
        ok = ok && landed(await where(page), order[1], "▶ by Space");
        await prev.focus();
        await page.keyboard.press("Enter");
        ok = ok && landed(await where(page), order[0], "◀ by Enter");
        if (!(await marked(prev))) problems.push("◀ is not marked disabled at the first change");

        // By touch or mouse: ▶ through every change, to the last, and back.
        const got = [];
        for (let n = 1; n < order.length; n++) {
          await next.click();
          const at = await where(page);
          got.push(at.id);
          if (!landed(at, order[n], `▶ click ${n}`)) break;
        }
        if (!(await marked(next))) problems.push("▶ is not marked disabled at the last change");
        // aria-disabled: it can still be pressed, and does nothing.
        const before = await page.evaluate(() => [location.hash, window.scrollY]);
        await next.click({ force: true });
        const afterward = await page.evaluate(() => [location.hash, window.scrollY]);
        if (JSON.stringify(afterward) !== JSON.stringify(before)) problems.push(`▶ at the last change went from ${before} to ${afterward}`);
        for (let n = order.length - 2; n >= 0; n--) {
          await prev.click();
          if (!landed(await where(page), order[n], `◀ click back to ${n}`)) break;
        }
        problems.push(...errors);
      } finally {
        await context.close();
      }

      // An anchor lands below the bar: opening the page at a section.
      const target = p.kind === "report" ? "objetivos-especificos" : null;
      const direct = await open(target ? `${p.url}#${target}` : p.url);
      try {
        const id =
          target ??
          (await direct.page.evaluate(() => [...document.querySelectorAll("article.section")].at(-2).id));
        if (!target) await direct.page.goto(`${p.url}#${id}`, { waitUntil: "load" });
        const at = await direct.page.evaluate((id) => {
          const el = document.getElementById(id);
          const r = el.getBoundingClientRect();
          const bar = document.querySelector(".controls").getBoundingClientRect();
          const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
          return { top: r.top, bar: bar.bottom, atEnd, stuck: bar.top <= 0.5 };
        }, id);
        if (at.stuck && !at.atEnd && at.top < at.bar - 1) problems.push(`#${id} opened by its anchor starts at ${at.top.toFixed(1)} px, under the bar (bottom ${at.bar.toFixed(1)} px)`);
        if (at.top > PHONE.height || at.top < 0) problems.push(`#${id} opened by its anchor is not on screen (top ${at.top.toFixed(1)})`);
      } finally {
        await direct.context.close();
      }
      fail(`the sticky bar of ${p.file}`, problems);
    });

    test(`${p.name}: without JavaScript the buttons that cannot work are not shown`, { timeout: TIMEOUT }, async () => {
      const { context, page } = await open(p.url, { javaScriptEnabled: false });
      const problems = [];
      try {
        if (await page.locator(".change-nav button").first().isVisible()) problems.push("◀ ▶ are shown without the script that makes them work");
        const b = await bar(page);
        if (!b.oneRow || b.height > b.margin) problems.push(`the bar without JavaScript: ${JSON.stringify(b)}`);
      } finally {
        await context.close();
      }
      fail(`${p.file} without JavaScript`, problems);
    });
  }
});
