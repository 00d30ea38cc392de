// What the browser tests share: where the binary, the work folder, Chromium,
// Java, the Nu HTML Checker and axe-core are; how Chromium is launched; the
// failure message of a list of problems. Not a test file itself (node --test
// runs tests/browser/*.test.mjs).
//
// Environment: COTEJO_BIN (default target/debug/cotejo), COTEJO_TEST_DIR
// (default target/browser-tests), CHROMIUM (default /usr/bin/chromium), JAVA.

import assert from "node:assert/strict";
import { execFile } from "node:child_process";
import { createRequire } from "node:module";
import { dirname, join, resolve } from "node:path";
import { fileURLToPath } from "node:url";
import { promisify } from "node:util";

const require = createRequire(import.meta.url);

export const run = promisify(execFile);
export const HERE = dirname(fileURLToPath(import.meta.url));
export const ROOT = resolve(HERE, "..", "..");
export const BIN = resolve(process.env.COTEJO_BIN || join(ROOT, "target", "debug", "cotejo"));
export const WORK = resolve(process.env.COTEJO_TEST_DIR || join(ROOT, "target", "browser-tests"));
export const CHROMIUM = process.env.CHROMIUM || "/usr/bin/chromium";
export const JAVA = process.env.JAVA || "java";
export const VNU_JAR = join(HERE, "node_modules", "vnu-jar", "build", "dist", "vnu.jar");
export const AXE = require.resolve("axe-core/axe.min.js");

export const LAUNCH = {
  executablePath: CHROMIUM,
  headless: true,
  // Debian's Chromium as root, on a machine whose only network is loopback.
  args: [
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
  ],
};
export const VIEWPORT = { width: 1280, height: 900 };
// No test may hang a CI run: each has this long (ms).
export const TIMEOUT = 5 * 60 * 1000;
// How long an action (a click, a wait for an element) may take: 5 s failed
// now and then when two suites shared the machine's two cores.
export const ACTION_TIMEOUT = 20_000;

/** Fails with every problem listed, when there is any. */
export function fail(what, problems) {
  if (problems.length) {
    assert.fail(`${what}: ${problems.length} problem(s)\n  - ${problems.join("\n  - ")}`);
  }
}
