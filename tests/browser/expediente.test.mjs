// The review dossier (`cotejo expediente`) of the sample, in Spanish and in
// English: valid HTML (the Nu HTML Checker), and in headless Chromium a page
// that asks for nothing but itself, whose contents' links all land, and that
// axe-core finds no serious or critical violation in.
//
//   node --test tests/browser/*.test.mjs    (after `cargo build`; `bash tests/run.sh` does both)
//
// Environment: as tests/browser/common.mjs says (COTEJO_BIN, COTEJO_TEST_DIR,
// CHROMIUM, JAVA).

import { after, before, describe, test } from "node:test";
import assert from "node:assert/strict";
import { existsSync, mkdirSync } from "node:fs";
import { join } from "node:path";
import { pathToFileURL } from "node:url";

import { chromium } from "playwright-core";
import { run, ROOT, BIN, WORK, JAVA, VNU_JAR, AXE, LAUNCH, VIEWPORT, TIMEOUT, fail, ACTION_TIMEOUT } from "./common.mjs";

const DOSSIERS = [
  { name: "expediente-es", lang: "es" },
  { name: "expediente-en", lang: "en" },
];

const made = new Map();

before(async () => {
  assert.ok(existsSync(BIN), `no cotejo binary at ${BIN}: run \`cargo build\` or set COTEJO_BIN`);
  mkdirSync(WORK, { recursive: true });
  await Promise.all(
    DOSSIERS.map(async (d) => {
      const file = join(WORK, `${d.name}.html`);
      await run(BIN, ["expediente", "-o", file, "--lang", d.lang], { cwd: ROOT, maxBuffer: 64 * 1024 * 1024 });
      made.set(d.name, { ...d, file, url: pathToFileURL(file).href });
    }),
  );
}, { timeout: TIMEOUT });

describe("the dossier through the Nu HTML Checker (vnu.jar)", { concurrency: 2 }, () => {
  for (const d of DOSSIERS) {
    test(`${d.name}: no validation error`, { timeout: TIMEOUT }, async () => {
      assert.ok(existsSync(VNU_JAR), `no ${VNU_JAR}: run \`npm ci --ignore-scripts\` in tests/browser`);
      const { file } = made.get(d.name);
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
      const problems = output
        .split(/\n(?=(?:Error|Warning|Info|Fatal Error)(?: \(\w+\))?: )/)
        .filter((block) => /^(?:Error|Fatal Error)/.test(block.trim()))
        .map((block) => block.trim().replace(/\s*\n\s*/g, " | "));
      if (!problems.length && /Error/.test(output)) problems.push(output.trim());
      fail(`vnu on ${file}`, problems);
    });
  }
});

describe("the dossier in headless Chromium", { concurrency: 2 }, () => {
  let browser;
  before(async () => {
    browser = await chromium.launch(LAUNCH);
  }, { timeout: 60_000 });
  after(async () => {
    await browser?.close();
  });

  for (const d of DOSSIERS) {
    test(`${d.name}: self-contained, its links land, axe finds nothing serious`, { timeout: TIMEOUT }, async () => {
      const dossier = made.get(d.name);
      const context = await browser.newContext({ viewport: VIEWPORT });
      context.setDefaultTimeout(ACTION_TIMEOUT);
      const page = await context.newPage();
      const problems = [];
      page.on("pageerror", (e) => problems.push(`page error: ${e.message}`));
      page.on("request", (req) => {
        const url = req.url().split("#")[0];
        if (url !== dossier.url && !url.startsWith("data:")) problems.push(`the dossier asked for ${req.url()}`);
      });
      try {
        await page.goto(dossier.url, { waitUntil: "load" });
        // Every part, and every in-page link (contents, gaps, folios) lands on an element.
        const missing = await page.evaluate(() => {
          const out = [];
          for (const id of ["_portada", "_texto", "_cuadro", "_traza", "_respuesta"]) {
            if (!document.getElementById(id)) out.push(`no #${id}`);
          }
          for (const a of document.querySelectorAll('a[href^="#"]')) {
            const id = decodeURIComponent(a.getAttribute("href").slice(1));
            if (!document.getElementById(id)) out.push(`a link to #${id} lands nowhere`);
          }
          return out;
        });
        problems.push(...missing);
        const folios = await page.locator("#_respuesta table.respuestas tbody tr").count();
        if (folios < 100) problems.push(`${folios} rows in the response table`);

        await page.addScriptTag({ path: AXE });
        const violations = await page.evaluate(() =>
          window.axe.run(document, { resultTypes: ["violations"] }).then((res) =>
            res.violations.map((v) => ({
              id: v.id,
              impact: v.impact,
              help: v.help,
              nodes: v.nodes.slice(0, 5).map((n) => `${n.target.join(" ")}  ${n.html.slice(0, 160)}`),
            })),
          ),
        );
        for (const v of violations) {
          const line = `${v.id} (${v.impact}): ${v.help}\n      ${v.nodes.join("\n      ")}`;
          if (v.impact === "serious" || v.impact === "critical") problems.push(line);
          else console.log(`axe, minor or moderate, in ${dossier.file}: ${line}`);
        }
      } finally {
        await context.close();
      }
      fail(`${d.name}`, problems);
    });
  }
});
