// The HTML report in a real browser, through the Nu HTML Checker and axe-core.
//
//   node --test tests/browser/*.test.mjs    (from the repository root, after `cargo build`;
//                                           `bash tests/run.sh` does both, and installs what is needed)
//
// Environment:
//   COTEJO_BIN       the cotejo binary (default: target/debug/cotejo of this repository)
//   COTEJO_TEST_DIR  where the reports, their JSON models and the screenshots go
//                    (default: target/browser-tests of this repository)
//   CHROMIUM         the Chromium to drive (default: /usr/bin/chromium, Debian's);
//                    no browser is ever downloaded
//   JAVA             the java that runs vnu.jar (default: java on PATH)
//
// Every check collects all its failures before it fails, so one run tells the
// whole story: the validator's messages with the offending source line, axe's
// rule, impact and selectors, the anchors that are missing.

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync, readFileSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";
import { run, ROOT, BIN, WORK, CHROMIUM, JAVA, VNU_JAR, AXE, LAUNCH, VIEWPORT, TIMEOUT, fail, ACTION_TIMEOUT } from "./common.mjs";

// The sample's reports: every transition between drafts, and one in English
// over the whole history (its notes come from three drafts).
const REPORTS = [
  { name: "borrador-1-2", old: "borrador-1", new: "borrador-2", lang: "es" },
  { name: "borrador-2-3", old: "borrador-2", new: "borrador-3", lang: "es" },
  { name: "borrador-3-4", old: "borrador-3", new: "borrador-4", lang: "es" },
  { name: "borrador-1-4-en", old: "borrador-1", new: "borrador-4", lang: "en" },
];
const LABELS = {
  es: { side: "Cuadro comparativo", inline: "Texto con cambios", hideFormatting: "Ocultar cambios solo de formato" },
  en: { side: "Side by side", inline: "Redline", hideFormatting: "Hide formatting-only changes" },
};


/** Runs cotejo in the repository root. */
async function cotejo(...args) {
  const { stdout } = await run(BIN, args, { cwd: ROOT, maxBuffer: 256 * 1024 * 1024 });
  return stdout;
}

/** The anchor the report gives a section of the model (the preamble has no id). */
const anchorOf = (ref) => (ref.id === "" ? "preambulo" : ref.id);


/** A line of the report around a validator position, shortened for a message. */
function excerpt(lines, line, column) {
  const text = lines[line - 1] ?? "";
  const from = Math.max(0, column - 80);
  return `${from > 0 ? "…" : ""}${text.slice(from, column + 80)}${column + 80 < text.length ? "…" : ""}`;
}

// ---------------------------------------------------------------------------

const reports = new Map();

before(async () => {
  assert.ok(existsSync(BIN), `no cotejo binary at ${BIN}: run \`cargo build\` or set COTEJO_BIN`);
  mkdirSync(WORK, { recursive: true });
  await Promise.all(
    REPORTS.map(async (r) => {
      const file = join(WORK, `${r.name}.html`);
      await cotejo("report", r.old, r.new, "-o", file, "--lang", r.lang);
      const json = await cotejo("diff", r.old, r.new, "--format", "json");
      writeFileSync(join(WORK, `${r.name}.json`), json);
      const model = JSON.parse(json);
      reports.set(r.name, { ...r, file, url: pathToFileURL(file).href, model });
    }),
  );
}, { timeout: TIMEOUT });

describe("Nu HTML Checker (vnu.jar)", { concurrency: 2 }, () => {
  for (const r of REPORTS) {
    test(`${r.name}: no validation error`, { timeout: TIMEOUT }, async () => {
      assert.ok(existsSync(VNU_JAR), `no ${VNU_JAR}: run \`npm ci --ignore-scripts\` in tests/browser`);
      const { file } = reports.get(r.name);
      let output;
      try {
        const res = await run(JAVA, ["-jar", VNU_JAR, "--errors-only", "--format", "text", file], {
          maxBuffer: 64 * 1024 * 1024,
        });
        output = res.stdout + res.stderr;
      } catch (e) {
        if (typeof e.code !== "number") throw e; // java itself did not run
        output = `${e.stdout}${e.stderr}`;
      }
      // Messages: "Error: …" then "From line L, column C; to line …" or "At line L, column C".
      const lines = readFileSync(file, "utf8").split("\n");
      const problems = [];
      const blocks = output.split(/\n(?=(?:Error|Warning|Info|Fatal Error)(?: \(\w+\))?: )/);
      for (const block of blocks) {
        if (!/^(?:Error|Fatal Error)/.test(block.trim())) continue;
        const m = block.match(/(?:From|At) line (\d+), column (\d+)/);
        const where = m ? `\n      line ${m[1]}: ${excerpt(lines, +m[1], +m[2])}` : "";
        problems.push(block.trim().replace(/\s*\n\s*/g, " | ") + where);
      }
      if (!problems.length && /Error/.test(output)) problems.push(output.trim());
      fail(`vnu on ${file}`, problems);
    });
  }
});

describe("the report in headless Chromium", { concurrency: 2 }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch(LAUNCH);
  }, { timeout: 60_000 });
  after(async () => {
    await browser?.close();
  });

  async function open(r, { javaScriptEnabled = true, hash = "" } = {}) {
    const context = await browser.newContext({ javaScriptEnabled, viewport: VIEWPORT });
    context.setDefaultTimeout(ACTION_TIMEOUT);
    const page = await context.newPage();
    const errors = [];
    page.on("pageerror", (e) => errors.push(`page error: ${e.message}`));
    page.on("console", (m) => m.type() === "error" && errors.push(`console error: ${m.text()}`));
    // One self-contained file: it asks for nothing but itself.
    page.on("request", (req) => {
      const url = req.url().split("#")[0];
      if (url !== r.url && !url.startsWith("data:")) errors.push(`the self-contained report asked for ${req.url()}`);
    });
    // Loading waits for the typefaces the report carries (about 400 KB of
    // data: URLs, decoded before "load"): seconds on a busy machine. The
    // interactions keep the 5 s default.
    await page.goto(r.url + hash, { waitUntil: "load", timeout: 30_000 });
    return { context, page, errors };
  }

  /** Visibility of the inline and side-by-side views in changed sections, as the user sees it. */
  const views = (page) =>
    page.evaluate(() => {
      const shown = (el) => el.checkVisibility({ visibilityProperty: true, opacityProperty: true });
      // What a closed fold holds (a body whose only change is formatting) is out of the count.
      const count = (sel) => {
        const els = [...document.querySelectorAll(sel)].filter((el) => !el.parentElement.closest("details:not([open])"));
        return { total: els.length, visible: els.filter(shown).length };
      };
      return { inline: count("article.section .inline"), side: count("article.section .side") };
    });

  /** The label of a control, whether it wraps the control or names it with `for`. */
  const labelOf = (page, id) => page.locator(`label[for="${id}"], label:has(> #${id})`).first();

  async function checkToggles(page, r, problems) {
    const labels = LABELS[r.lang];
    const labelText = async (id) => (await labelOf(page, id).innerText()).replace(/\s+/g, " ").trim();
    if ((await labelText("view-side")) !== labels.side) {
      problems.push(`the side-by-side radio is labelled «${await labelText("view-side")}», not «${labels.side}»`);
    }
    if ((await labelText("view-inline")) !== labels.inline) {
      problems.push(`the inline radio is labelled «${await labelText("view-inline")}», not «${labels.inline}»`);
    }

    let v = await views(page);
    if (v.inline.total === 0 || v.side.total === 0) problems.push(`no inline/side views in changed sections: ${JSON.stringify(v)}`);
    if (v.inline.visible !== v.inline.total || v.side.visible !== 0) {
      problems.push(`at first, the redline should show and the table hide: ${JSON.stringify(v)}`);
    }
    await labelOf(page, "view-side").click(); // the label, as a person would
    if (!(await page.isChecked("#view-side"))) problems.push(`clicking «${labels.side}» did not check its radio`);
    v = await views(page);
    if (v.inline.visible !== 0 || v.side.visible !== v.side.total) {
      problems.push(`«${labels.side}» should hide every inline redline and show every table: ${JSON.stringify(v)}`);
    }
    await labelOf(page, "view-inline").click();
    v = await views(page);
    if (v.inline.visible !== v.inline.total || v.side.visible !== 0) {
      problems.push(`back to «${labels.inline}», the redline should show and the table hide: ${JSON.stringify(v)}`);
    }

    // Formatting-only sections: the model says which they are.
    const formattingOnly = r.model.sections
      .filter((e) => e.flags.includes("formatting_only"))
      .map((e) => anchorOf(e.new ?? e.old));
    const state = () =>
      page.evaluate((ids) => {
        const shown = (el) => el.checkVisibility();
        const articles = [...document.querySelectorAll("article.section")];
        return {
          marked: articles.filter((a) => a.classList.contains("formatting-only")).map((a) => a.id),
          formattingVisible: ids.filter((id) => {
            const el = document.getElementById(id);
            return el && shown(el);
          }),
          othersHidden: articles.filter((a) => !ids.includes(a.id) && !shown(a)).map((a) => a.id),
        };
      }, formattingOnly);
    let s = await state();
    const marked = [...s.marked].sort();
    if (JSON.stringify(marked) !== JSON.stringify([...formattingOnly].sort())) {
      problems.push(`sections marked formatting-only ${JSON.stringify(marked)} are not the model's ${JSON.stringify(formattingOnly)}`);
    }
    if (s.formattingVisible.length !== formattingOnly.length) {
      problems.push(`formatting-only sections hidden before the checkbox: ${JSON.stringify(s)}`);
    }
    const hasCheckbox = (await page.locator("#hide-formatting").count()) > 0;
    if (!hasCheckbox) {
      // A report without formatting-only changes may leave the checkbox out.
      if (formattingOnly.length) problems.push(`no «${labels.hideFormatting}» checkbox, but ${formattingOnly.length} formatting-only sections`);
      return formattingOnly;
    }
    if ((await labelText("hide-formatting")) !== labels.hideFormatting) {
      problems.push(`the checkbox is labelled «${await labelText("hide-formatting")}», not «${labels.hideFormatting}»`);
    }
    await labelOf(page, "hide-formatting").click();
    if (!(await page.isChecked("#hide-formatting"))) problems.push(`clicking «${labels.hideFormatting}» did not check it`);
    s = await state();
    if (s.formattingVisible.length) problems.push(`«${labels.hideFormatting}» left these visible: ${s.formattingVisible}`);
    if (s.othersHidden.length) problems.push(`«${labels.hideFormatting}» hid sections that are not formatting-only: ${s.othersHidden}`);
    await labelOf(page, "hide-formatting").click();
    if (await page.isChecked("#hide-formatting")) problems.push(`a second click on «${labels.hideFormatting}» did not uncheck it`);
    s = await state();
    if (s.formattingVisible.length !== formattingOnly.length) {
      problems.push(`unchecking «${labels.hideFormatting}» did not bring back ${formattingOnly}`);
    }
    return formattingOnly;
  }

  /**
   * Whether the element with this id is shown at the top of the window: where
   * its scroll-margin puts it (under the sticky controls), or lower when the
   * page is at its end; and not covered by anything (WCAG 2.4.11).
   */
  async function scrolledTo(page, id, hash) {
    if (hash !== undefined) {
      // Wait (briefly) for the navigation to the fragment; from here, since
      // with JavaScript disabled the page runs no timers.
      let now = "";
      for (let n = 0; n < 40; n++) {
        now = await page.evaluate(() => location.hash);
        if (now === hash) break;
        await new Promise((r) => setTimeout(r, 25));
      }
      if (now !== hash) return { ok: false, why: `the location's hash is ${now}` };
    }
    return page.evaluate(
      (id) => {
        const el = document.getElementById(id);
        if (!el) return { ok: false, why: "no element" };
        const rect = el.getBoundingClientRect();
        const shown = el.checkVisibility() && el.getClientRects().length > 0;
        if (!shown) return { ok: false, why: "the element is not rendered (inside a closed fold?)" };
        const margin = parseFloat(getComputedStyle(el).scrollMarginTop) || 0;
        const top = rect.top;
        const atEnd = window.scrollY + window.innerHeight >= document.documentElement.scrollHeight - 2;
        const placed = Math.abs(top - margin) <= 3 || (atEnd && top >= margin - 3 && top < window.innerHeight);
        let covered = null;
        if (placed && rect.height > 0) {
          const y = Math.min(window.innerHeight - 1, Math.max(0, top + 4));
          const hit = document.elementFromPoint(rect.left + Math.min(12, rect.width / 2), y);
          if (hit && !el.contains(hit)) covered = hit.closest("[class]")?.className || hit.tagName;
        }
        const why = `top ${top.toFixed(1)} (scroll-margin-top ${margin}), scrollY ${window.scrollY}, page end ${atEnd}`;
        if (covered) return { ok: false, why: `its top is covered by «${covered}»: ${why}` };
        return { ok: placed, why };
      },
      id,
    );
  }

  async function checkAnchors(page, r, problems) {
    // Every section of the new draft has its id as an anchor; every entry of the model is one section.
    const found = await page.evaluate(() => {
      const ids = [...document.querySelectorAll("[id]")].map((e) => e.id);
      const dup = ids.filter((id, i) => ids.indexOf(id) !== i);
      return {
        sections: [...document.querySelectorAll("main .section")].map((e) => e.id),
        dup: [...new Set(dup)],
      };
    });
    if (found.dup.length) problems.push(`duplicate ids: ${found.dup}`);
    if (found.sections.length !== r.model.sections.length) {
      problems.push(`${found.sections.length} sections in the page, ${r.model.sections.length} in the model`);
    }
    for (const e of r.model.sections.filter((e) => e.new)) {
      const id = anchorOf(e.new);
      if (!found.sections.includes(id)) problems.push(`no section with id "${id}" (${e.new.heading}) for ${r.file}#${id}`);
    }

    // Every link of the contents and of the summary table goes to its section.
    const links = await page.evaluate(() =>
      [...document.querySelectorAll("nav.toc a[href^='#'], .change-table a[href^='#']")].map((a, i) => ({
        i,
        href: a.getAttribute("href"),
        where: a.closest(".change-table") ? "summary table" : a.closest(".fold") ? "folded contents" : "contents",
        fold: [...document.querySelectorAll("nav.toc li.fold")].indexOf(a.closest("li.fold")),
      })),
    );
    const wheres = new Set(links.map((l) => l.where));
    for (const w of ["contents", "summary table"]) if (!wheres.has(w)) problems.push(`no links in the ${w}`);
    const all = page.locator("nav.toc a[href^='#'], .change-table a[href^='#']");
    for (const l of links) {
      const id = decodeURIComponent(l.href.slice(1));
      if (!found.sections.includes(id)) {
        problems.push(`${l.where} link ${l.href} names no section`);
        continue;
      }
      await page.evaluate(() => window.scrollTo(0, 0));
      const link = all.nth(l.i);
      if (l.where === "folded contents") {
        // The link is inside a closed "…": open it as a person would.
        if (!(await link.isVisible())) await page.locator("nav.toc li.fold").nth(l.fold).locator("summary").click();
      }
      await link.click();
      const at = await scrolledTo(page, id, l.href);
      if (!at.ok) problems.push(`${l.where} link ${l.href} did not scroll to #${id}: ${at.why}`);
    }
  }

  /** A sequence of anchors around its first difference from the expected one, for a message. */
  const around = (seq, at) => `${at > 3 ? "… " : ""}${seq.slice(Math.max(0, at - 3), at + 4).join(" ")}${at + 4 < seq.length ? " …" : ""}`;

  async function checkKeys(page, r, problems, formattingOnly) {
    const order = await page.evaluate(() => [...document.querySelectorAll("article.section")].map((a) => a.id));
    const press = async (key) => {
      await page.keyboard.press(key);
      return page.evaluate(() => ({
        hash: location.hash,
        focus: document.activeElement?.closest("article.section")?.id ?? null,
        focusTag: document.activeElement?.tagName,
      }));
    };
    const expect = (got, id, what) => {
      if (got.hash !== `#${id}` || got.focus !== id) {
        problems.push(`${what}: expected #${id} with focus in it, got hash ${got.hash}, focus in ${got.focus} (${got.focusTag})`);
        return false;
      }
      return true;
    };
    await page.evaluate(() => {
      document.activeElement?.blur();
      window.scrollTo(0, 0);
    });
    if (order.length < 3) problems.push(`only ${order.length} changed sections`);
    let ok = expect(await press("j"), order[0], "j from the top");
    ok = ok && expect(await press("j"), order[1], "j again");
    ok = ok && expect(await press("j"), order[2], "j a third time");
    ok = ok && expect(await press("k"), order[1], "k");
    ok = ok && expect(await press("k"), order[0], "k again");

    // j walks every changed section in order, to the last, and stays there;
    // with formatting-only changes hidden, it skips them.
    for (const hide of formattingOnly.length ? [false, true] : [false]) {
      if (formattingOnly.length) await page.setChecked("#hide-formatting", hide);
      await page.evaluate(() => {
        document.activeElement?.blur();
        window.scrollTo(0, 0);
      });
      const want = order.filter((id) => !(hide && formattingOnly.includes(id)));
      const got = [];
      for (let n = 0; n < want.length + 2; n++) got.push((await press("j")).hash.slice(1));
      const expected = [...want, want.at(-1), want.at(-1)];
      if (JSON.stringify(got) !== JSON.stringify(expected)) {
        const at = got.findIndex((id, i) => id !== expected[i]);
        problems.push(
          `j through every change${hide ? " (formatting-only hidden)" : ""}: step ${at + 1} went to #${got[at]}, ` +
            `expected #${expected[at]} (after #${got[at - 1] ?? "the top"}); j went to: ${around(got, at)}`,
        );
      }
      const back = [];
      for (let n = 0; n < want.length + 1; n++) back.push((await press("k")).hash.slice(1));
      const expectedBack = [...want.slice(0, -1).reverse(), want[0], want[0]];
      if (JSON.stringify(back) !== JSON.stringify(expectedBack)) {
        const at = back.findIndex((id, i) => id !== expectedBack[i]);
        problems.push(
          `k back from the last change${hide ? " (formatting-only hidden)" : ""}: step ${at + 1} went to #${back[at]}, ` +
            `expected #${expectedBack[at]}; k went to: ${around(back, at)}`,
        );
      }
    }
    if (formattingOnly.length) await page.setChecked("#hide-formatting", false);
  }

  /** The "…" folds of unchanged sections open on a click, and what they hold shows. */
  async function checkFolded(page, problems) {
    const folds = await page.evaluate(() => {
      const top = [...document.querySelectorAll("main section.changes details")].filter(
        (d) => !d.parentElement.closest("details"),
      );
      top.forEach((d, i) => (d.dataset.testFold = String(i)));
      return top.map((d) => ({ id: d.id || d.className, summary: d.querySelector(":scope > summary")?.textContent.trim() ?? "" }));
    });
    if (!folds.length) {
      problems.push("no folded unchanged section");
      return;
    }
    if (!folds.some((f) => f.summary.startsWith("…"))) {
      problems.push(`no fold's summary shows "…": ${folds.map((f) => f.summary).slice(0, 3).join(" | ")}`);
    }
    for (const i of new Set([0, folds.length - 1])) {
      const name = `fold «${folds[i].summary.replace(/\s+/g, " ").slice(0, 60)}» (${folds[i].id})`;
      const d = page.locator(`[data-test-fold="${i}"]`);
      const summary = d.locator(":scope > summary");
      const content = d.locator(":scope > :not(summary)").first();
      const isOpen = () => d.evaluate((el) => el.open);
      if (await isOpen()) problems.push(`${name} is open before any click`);
      if (!(await summary.isVisible())) {
        problems.push(`${name}: its summary is not visible`);
        continue;
      }
      if (await content.isVisible()) problems.push(`${name}: what it folds shows before the click`);
      await summary.click();
      if (!(await isOpen())) problems.push(`${name}: a click on it did not open it`);
      else if (!(await content.isVisible())) problems.push(`${name}: open, but what it folds is not visible`);
      // A fold of several sections holds one fold per section: open one too.
      const inner = d.locator("details").first();
      if ((await d.locator("details").count()) > 0 && (await isOpen())) {
        const innerName = `${name} › ${await inner.getAttribute("id")}`;
        await inner.locator(":scope > summary").click();
        if (!(await inner.evaluate((el) => el.open))) problems.push(`${innerName}: a click did not open it`);
        const text = inner.locator(":scope > :not(summary)").first();
        if ((await text.count()) && (await text.textContent()).trim() && !(await text.isVisible())) {
          problems.push(`${innerName}: open, but its text is not visible`);
        }
        await inner.locator(":scope > summary").click();
      }
      await summary.click();
      if (await isOpen()) problems.push(`${name}: a second click did not close it`);
    }
  }

  for (const r of REPORTS) {
    describe(r.name, () => {
      test("toggles, anchors, keys and folds, with JavaScript", { timeout: TIMEOUT }, async () => {
        const rep = reports.get(r.name);
        const { context, page, errors } = await open(rep);
        const problems = [];
        try {
          const formattingOnly = await checkToggles(page, rep, problems);
          if (r.name === "borrador-3-4" && formattingOnly.length === 0) {
            problems.push("borrador-3 → borrador-4 should have formatting-only changes (the sample's own claim)");
          }
          await checkAnchors(page, rep, problems);
          await checkKeys(page, rep, problems, formattingOnly);
          // Following links opened folds: start again from the page as it loads.
          await page.goto(rep.url, { waitUntil: "load" });
          await checkFolded(page, problems);

          // Opening report.html#id goes to that section.
          const target = rep.model.sections.find((e) => e.new && e.new.id === "objetivos-especificos")
            ? "objetivos-especificos"
            : anchorOf(rep.model.sections.at(-1).new ?? rep.model.sections.at(-1).old);
          const direct = await open(rep, { hash: `#${target}` });
          const at = await scrolledTo(direct.page, target);
          if (!at.ok) problems.push(`opening ${rep.url}#${target} did not show that section: ${at.why}`);
          errors.push(...direct.errors);
          await direct.context.close();

          if (r.name === "borrador-2-3") {
            // 2.1.2 merged into 2.1.1: its text is marked as moved, told apart
            // from words written here by more than colour, and named aloud.
            const moved = await page.evaluate(() => {
              const m = document.querySelector("ins.moved");
              const i = document.querySelector("ins:not(.moved)");
              if (!m || !i) return null;
              return {
                line: getComputedStyle(m).textDecorationStyle,
                colour: getComputedStyle(m).color,
                insColour: getComputedStyle(i).color,
                said: getComputedStyle(m, "::before").content,
              };
            });
            if (!moved) problems.push("borrador-2 → borrador-3: no moved text (ins.moved) beside inserted text");
            else {
              if (moved.line !== "double") problems.push(`moved text's line is ${moved.line}, not double`);
              if (moved.colour === moved.insColour) problems.push("moved text has the inserted text's colour");
              if (!moved.said.includes("otra sección")) problems.push(`a screen reader hears ${moved.said} before moved text`);
            }
            await page.evaluate(() => window.scrollTo(0, 0));
            await page.screenshot({ path: join(WORK, `${r.name}.png`), fullPage: true, timeout: 60000 });
            await labelOf(page, "view-side").click();
            await page.screenshot({ path: join(WORK, `${r.name}-side.png`), fullPage: true, timeout: 60000 });
          }
          problems.push(...errors);
        } finally {
          await context.close();
        }
        fail(`${rep.file} with JavaScript`, problems);
      });

      test("without JavaScript the toggles work and all the content is there", { timeout: TIMEOUT }, async () => {
        const rep = reports.get(r.name);
        const { context, page, errors } = await open(rep, { javaScriptEnabled: false });
        const problems = [];
        try {
          await checkToggles(page, rep, problems);
          await checkAnchors(page, rep, problems);
          const n = await page.locator("main .section").count();
          if (n !== rep.model.sections.length) {
            problems.push(`${n} sections in the page, ${rep.model.sections.length} in the model`);
          }
          // Every heading of both versions is in the page's text (folded sections included).
          const text = (await page.locator("main").textContent()).replace(/\s+/g, " ");
          const norm = (s) => s.replace(/\s+/g, " ").trim();
          for (const e of rep.model.sections) {
            for (const side of [e.new, e.old]) {
              if (!side) continue;
              const title = norm(side.heading.slice(side.number ? side.heading.indexOf(side.number) + side.number.length : 0))
                .replace(/^[.:)\-–—\s]+/, "");
              if (title && !text.includes(title)) problems.push(`the heading «${side.heading}» is not in the page`);
            }
          }
          // Every changed body shows its text (the model's tokens say which are not blank).
          const blank = await page.evaluate(() =>
            [...document.querySelectorAll("main .section")]
              .filter((s) => !(s.querySelector(".redline")?.textContent ?? "").trim())
              .map((s) => s.id),
          );
          for (const e of rep.model.sections) {
            if ((e.diff ?? []).some((t) => t.text.trim()) && blank.includes(anchorOf(e.new ?? e.old))) {
              problems.push(`#${anchorOf(e.new ?? e.old)} shows none of its text`);
            }
          }
          // The script adds and removes nothing: the same text as with JavaScript.
          const withJs = await open(rep);
          const jsText = (await withJs.page.locator("body").textContent()).replace(/\s+/g, " ");
          await withJs.context.close();
          const noJsText = (await page.locator("body").textContent()).replace(/\s+/g, " ");
          if (jsText !== noJsText) problems.push("the page's text differs with and without JavaScript");
          // The "…" folds open without the script (links above opened some: start again).
          await page.goto(rep.url, { waitUntil: "load" });
          await checkFolded(page, problems);
          problems.push(...errors);
        } finally {
          await context.close();
        }
        fail(`${rep.file} without JavaScript`, problems);
      });

      test("axe-core: no serious or critical violation", { timeout: TIMEOUT }, async () => {
        const rep = reports.get(r.name);
        const { context, page } = await open(rep);
        const serious = [];
        const lesser = [];
        try {
          await page.addScriptTag({ path: AXE });
          // Each state of the page a reader can reach: the redline; the cuadro
          // comparativo with every fold open.
          const states = [
            ["redline view", async () => {}],
            [
              "side-by-side view, folds open",
              async () => {
                await labelOf(page, "view-side").click();
                await page.evaluate(() => document.querySelectorAll("details").forEach((d) => (d.open = true)));
              },
            ],
          ];
          for (const [state, enter] of states) {
            await enter();
            const result = await page.evaluate(() =>
              window.axe.run(document, { resultTypes: ["violations"] }).then((res) =>
                res.violations.map((v) => ({
                  id: v.id,
                  impact: v.impact,
                  help: v.help,
                  nodes: v.nodes.map((n) => ({
                    impact: n.impact,
                    target: n.target.join(" "),
                    summary: n.failureSummary,
                    html: n.html.slice(0, 200),
                  })),
                })),
              ),
            );
            for (const v of result) {
              const nodes = v.nodes
                .slice(0, 8)
                .map((n) => `\n      ${n.target}  ${n.html}\n        ${(n.summary ?? "").replace(/\n\s*/g, " ")}`)
                .join("");
              const line = `[${state}] ${v.id} (${v.impact}): ${v.help}; ${v.nodes.length} node(s)${nodes}`;
              (v.impact === "serious" || v.impact === "critical" ? serious : lesser).push(line);
            }
          }
        } finally {
          await context.close();
        }
        if (lesser.length) console.log(`axe, minor or moderate, in ${rep.file}:\n  - ${lesser.join("\n  - ")}`);
        fail(`axe on ${rep.file}`, serious);
      });
    });
  }
});
