#!/usr/bin/env bash
# The project's one test command, for this machine and a fresh one alike:
#
#   bash tests/run.sh
#
# 1. Installs what the tests need and the machine lacks: Debian's chromium
#    (the browser tests drive it; tests/pdf.rs and tests/publish.rs, which
#    runs docs/ci/publish.sh, print with it), poppler-utils (pdftotext, pdftoppm,
#    pdftohtml) and a Java runtime for the Nu HTML Checker, pandoc
#    (tests/import.rs converts a Word draft with it, as `cotejo import` does),
#    each only when its command is missing; fonts-dejavu-core, when fontconfig knows no DejaVu font
#    (tests/pdf.rs prints the changelog again with a fontconfig that knows
#    only DejaVu, a machine without Liberation, and compares the layouts: the
#    printed HTML carries its own typefaces, so no other font is needed);
#    libreoffice-writer-nogui, when `soffice` is missing (tests/docx.rs opens
#    the Word redline in it, prints it, and accepts and rejects its changes);
#    mdBook 0.5.4
#    (tests/book.rs builds the book with it), with cargo install into cargo's
#    bin folder, when no mdbook 0.5 is found; and
#    tests/browser's npm packages, when node_modules is missing or
#    package-lock.json changed since they were installed. No browser or JDK is
#    ever downloaded by a package's own script (npm runs with --ignore-scripts).
# 2. cargo test --locked. The tests that read ../shared (the corpora beside
#    the clone on CI) skip, saying so, when it is absent; with
#    COTEJO_REQUIRE_SHARED=1, as .ci/run sets, its absence fails them.
# 3. cargo build --locked, then the browser and validator tests of the HTML
#    report, of the review dossier and of the site, at a desktop's width and
#    at a phone's 360 px (node --test tests/browser/*.test.mjs) with
#    COTEJO_BIN set.
# 4. cargo doc without warnings (RUSTDOCFLAGS="-D warnings"): a doc link
#    to a private item fails CI, so the local suite says so too.
#
# Runs every step even when one fails, and exits non-zero if any did.
set -uo pipefail
cd "$(dirname "$0")/.."
ROOT=$PWD
TARGET=${CARGO_TARGET_DIR:-$ROOT/target}
case $TARGET in /*) ;; *) TARGET=$ROOT/$TARGET ;; esac

say() { printf '\n==> %s\n' "$*"; }
die() { printf 'tests/run.sh: %s\n' "$*" >&2; exit 2; }

# --- 1. What the tests need -------------------------------------------------

as_root=()
if [ "$(id -u)" -ne 0 ]; then
  command -v sudo >/dev/null 2>&1 && as_root=(sudo)
fi

missing=()
chromium_bin=${CHROMIUM:-/usr/bin/chromium}
[ -x "$chromium_bin" ] || missing+=(chromium)
{ command -v pdftotext && command -v pdftoppm && command -v pdftohtml; } >/dev/null 2>&1 || missing+=(poppler-utils)
command -v "${JAVA:-java}" >/dev/null 2>&1 || missing+=(default-jre-headless)
command -v pandoc >/dev/null 2>&1 || missing+=(pandoc)
command -v fc-list >/dev/null 2>&1 || missing+=(fontconfig)
command -v soffice >/dev/null 2>&1 || missing+=(libreoffice-writer-nogui)
[ -n "$(fc-list 'DejaVu Sans' family 2>/dev/null)" ] || missing+=(fonts-dejavu-core)

if [ ${#missing[@]} -gt 0 ]; then
  say "installing Debian packages: ${missing[*]}"
  command -v apt-get >/dev/null 2>&1 || die "apt-get not found: install ${missing[*]} by hand"
  export DEBIAN_FRONTEND=noninteractive
  # Another install running (a second test run, the system's updates):
  # wait for its lock rather than fail.
  wait_lock=(-o DPkg::Lock::Timeout=600)
  "${as_root[@]}" apt-get "${wait_lock[@]}" update -q || die "apt-get update failed"
  "${as_root[@]}" apt-get "${wait_lock[@]}" install -y -q --no-install-recommends "${missing[@]}" \
    || die "apt-get install ${missing[*]} failed"
fi

# tests/book.rs finds mdbook on PATH or in cargo's bin folder, as here.
mdbook_version=0.5.4
cargo_bin=${CARGO_HOME:-$HOME/.cargo}/bin
mdbook_bin=$(command -v mdbook 2>/dev/null || echo "$cargo_bin/mdbook")
case $("$mdbook_bin" --version 2>/dev/null) in
  "mdbook v0.5."*) ;;
  *)
    say "cargo install mdbook $mdbook_version"
    cargo install mdbook --locked --no-default-features --features search \
      --version "$mdbook_version" || die "cargo install mdbook failed"
    ;;
esac

command -v node >/dev/null 2>&1 || die "node not found (Node.js 20 or later is needed for tests/browser)"
command -v npm >/dev/null 2>&1 || die "npm not found"

browser_dir=$ROOT/tests/browser
stamp=$browser_dir/node_modules/.cotejo-package-lock.sha256
lock_sum=$(sha256sum "$browser_dir/package-lock.json" | cut -d' ' -f1)
if [ ! -d "$browser_dir/node_modules" ] || [ "$(cat "$stamp" 2>/dev/null)" != "$lock_sum" ]; then
  say "npm ci --prefix tests/browser"
  npm ci --prefix "$browser_dir" --ignore-scripts --no-audit --no-fund || die "npm ci failed"
  echo "$lock_sum" >"$stamp"
fi

# --- 2, 3, 4. The tests ---------------------------------------------------------

failed=()

say "cargo test --locked"
cargo test --locked --no-fail-fast || failed+=("cargo test")

say "cargo build --locked"
if cargo build --locked; then
  say "node --test tests/browser/"
  COTEJO_BIN="$TARGET/debug/cotejo" node --test "$browser_dir"/*.test.mjs || failed+=("browser tests")
else
  failed+=("cargo build")
fi

say "cargo doc --no-deps --locked (warnings are errors)"
RUSTDOCFLAGS="-D warnings" cargo doc --no-deps --locked || failed+=("cargo doc")

if [ ${#failed[@]} -gt 0 ]; then
  printf '\ntests/run.sh: failed: %s\n' "$(IFS=,; echo "${failed[*]}" | sed 's/,/, /g')" >&2
  exit 1
fi
