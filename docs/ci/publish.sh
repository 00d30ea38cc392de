#!/usr/bin/env bash
# Builds what the public and the council read — the site, the changelog's PDF
# and the review dossier (HTML and PDF) — from the repository this script runs
# in, and publishes them: into a folder (GitHub Actions Pages, GitLab Pages)
# and/or as the tip of a branch pushed to a remote (hosts that serve a
# branch). The CI recipes beside it (github-pages.yml, gitlab-pages.yml) only
# install cotejo and Chromium and call this script, so they cannot drift.
#
#   docs/ci/publish.sh [--out DIR] [--branch NAME [--remote NAME]] [--lang es|en] [--paper letter|a4]
#
#   --out DIR       the folder to publish into (default: public, when no --branch)
#   --branch NAME   commit the published files as the tip of branch NAME and push it
#   --remote NAME   the remote to push --branch to (default: origin)
#   --lang es|en    the labels' language (default: es)
#   --paper letter|a4   the PDFs' paper (default: letter)
#
# Environment: COTEJO, the cotejo binary (default: cotejo on PATH); CHROMIUM,
# the browser that prints the PDFs (cotejo also looks for chromium,
# chromium-browser, google-chrome and google-chrome-stable on PATH).
#
# What is published (DIR or the branch's tree):
#   index.html, borradores/, comparaciones/, secciones/, …   the site (`cotejo site`)
#   descargas/historial.pdf      every transition, for paper (`cotejo changelog`)
#   descargas/expediente.html    the review dossier of the last draft (`cotejo expediente --pdf`)
#   descargas/expediente.pdf
#   .nojekyll                    so that a host running Jekyll serves every file as is
#
# Everything is built in a temporary folder first: when a step fails (a
# broken note, no Chromium), nothing is published and DIR is left as it was.
# DIR is replaced only when it is empty or was written by this script (it
# holds .cotejo-publish). The repository's working tree, index and HEAD are
# never touched; --branch adds objects and pushes the branch, nothing else.
# A shallow clone (CI's default) is deepened first: the drafts are commits.
#
# Standard output: the folder published into, and "REMOTE BRANCH" when pushed;
# the steps and cotejo's own messages go to standard error.
# Exit status: 0 published; 2 a wrong argument; else a step's own status
# (1, or cotejo's 2 when it refuses: a broken note, no Chromium).
set -euo pipefail

say() { printf '==> %s\n' "$*" >&2; }
die() { printf 'publish.sh: %s\n' "$1" >&2; exit "${2:-1}"; }

out="" branch="" remote=origin lang=es paper=letter
while [ $# -gt 0 ]; do
  case $1 in
    --out) [ $# -ge 2 ] || die "--out needs a folder" 2; out=$2; shift 2 ;;
    --branch) [ $# -ge 2 ] || die "--branch needs a name" 2; branch=$2; shift 2 ;;
    --remote) [ $# -ge 2 ] || die "--remote needs a name" 2; remote=$2; shift 2 ;;
    --lang) [ $# -ge 2 ] || die "--lang needs es or en" 2; lang=$2; shift 2 ;;
    --paper) [ $# -ge 2 ] || die "--paper needs letter or a4" 2; paper=$2; shift 2 ;;
    -h|--help) sed -n '2,/^set -euo/p' "$0" | sed '$d; s/^# \{0,1\}//'; exit 0 ;;
    *) die "unknown argument «$1» (see --help)" 2 ;;
  esac
done
case $lang in es|en) ;; *) die "--lang is es or en, not «$lang»" 2 ;; esac
case $paper in letter|a4) ;; *) die "--paper is letter or a4, not «$paper»" 2 ;; esac
[ -n "$out" ] || [ -n "$branch" ] || out=public

cotejo=${COTEJO:-cotejo}
command -v "$cotejo" >/dev/null 2>&1 || die "cotejo not found (set COTEJO to the binary, or: cargo install --locked --path .)"
command -v git >/dev/null 2>&1 || die "git not found"
top=$(git rev-parse --show-toplevel 2>/dev/null) || die "$(pwd) is not in a git repository"
case $out in "" | /*) ;; *) out=$PWD/$out ;; esac
cd "$top"

# Checked before any work: DIR is replaced whole, so it must be ours.
if [ -n "$out" ] && [ -e "$out" ] && [ ! -e "$out/.cotejo-publish" ] && [ -n "$(ls -A "$out" 2>/dev/null)" ]; then
  die "$out is not empty and was not written by publish.sh: choose another --out, or empty it"
fi
if [ -n "$branch" ]; then
  git check-ref-format --branch "$branch" >/dev/null 2>&1 || die "«$branch» is not a branch name" 2
  git remote get-url "$remote" >/dev/null 2>&1 || die "no remote «$remote» (see git remote -v)"
fi

if [ "$(git rev-parse --is-shallow-repository)" = true ]; then
  say "a shallow clone: git fetch --unshallow (the drafts are commits)"
  git fetch --quiet --unshallow --tags || die "git fetch --unshallow failed: the drafts' commits are needed"
fi

stage=$(mktemp -d "${TMPDIR:-/tmp}/cotejo-publish.XXXXXX")
trap 'rm -rf "$stage"' EXIT
pub=$stage/public
mkdir -p "$stage/descargas"

say "cotejo check"
"$cotejo" check >&2
# The PDFs first: without a browser cotejo refuses them before any work.
say "cotejo changelog → descargas/historial.pdf"
"$cotejo" changelog -o "$stage/descargas/historial.pdf" --lang "$lang" --paper "$paper" >&2
say "cotejo expediente --pdf → descargas/expediente.html, expediente.pdf"
"$cotejo" expediente -o "$stage/descargas/expediente.html" --pdf --lang "$lang" --paper "$paper" >&2
say "cotejo site"
"$cotejo" site -o "$pub" --lang "$lang" >&2
mv "$stage/descargas" "$pub/descargas"
: >"$pub/.nojekyll"
: >"$pub/.cotejo-publish"

if [ -n "$out" ]; then
  mkdir -p "$(dirname "$out")"
  # Beside the old folder, then swapped in: never a half-written folder.
  next=$(mktemp -d "$out.new.XXXXXX")
  cp -a "$pub/." "$next/"
  if [ -e "$out" ]; then
    old=$(mktemp -d "$out.old.XXXXXX")
    rmdir "$old"
    mv "$out" "$old"
    mv "$next" "$out"
    rm -rf "$old"
  else
    mv "$next" "$out"
  fi
  say "published into $out"
  printf '%s\n' "$out"
fi

if [ -n "$branch" ]; then
  parent=""
  if git fetch --quiet "$remote" "refs/heads/$branch" 2>/dev/null; then
    parent=$(git rev-parse FETCH_HEAD)
  fi
  # A private index: the repository's own index and working tree stay as they are.
  gitdir=$(git rev-parse --absolute-git-dir)
  export GIT_INDEX_FILE=$stage/index
  git --git-dir="$gitdir" --work-tree="$pub" -C "$pub" add --all --force -- .
  tree=$(git write-tree)
  unset GIT_INDEX_FILE
  # Chromium stamps each PDF with the time it printed it; they are printed
  # from HTML that is the same bytes from the same commits, so the other
  # files decide whether anything changed.
  without_pdfs() { git ls-tree -r "$1" | grep -v '\.pdf$' || true; }
  if [ -n "$parent" ] && [ "$(without_pdfs "$parent")" = "$(without_pdfs "$tree")" ]; then
    say "$remote/$branch already holds these files: nothing to push"
  else
    head=$(git rev-parse --short HEAD)
    # A CI machine has no identity configured: the commit is the tool's.
    git config user.name >/dev/null 2>&1 || export GIT_AUTHOR_NAME=cotejo GIT_COMMITTER_NAME=cotejo
    git config user.email >/dev/null 2>&1 || export GIT_AUTHOR_EMAIL=cotejo@localhost GIT_COMMITTER_EMAIL=cotejo@localhost
    commit=$(git commit-tree "$tree" ${parent:+-p "$parent"} -m "Publish the site, changelog and dossier of $head")
    git push --quiet "$remote" "$commit:refs/heads/$branch"
    say "pushed $commit to $remote/$branch"
  fi
  printf '%s %s\n' "$remote" "$branch"
fi
