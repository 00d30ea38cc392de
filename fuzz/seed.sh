#!/usr/bin/env bash
# Seeds fuzz/corpus/TARGET from the repository's own texts: the test
# fixtures, the sample policy (its drafts read from git history), the hostile
# payloads of tests/untrusted.rs, and, when shared/ is beside the clone, the
# CommonMark spec examples. Small inputs only (each cut at 8 KiB): libFuzzer
# mutates them, it needs their shapes, not their bulk.
#
# Two-text targets (compare, worddiff, redline) take OLD 0xFF NEW.
set -euo pipefail
cd "$(dirname "$0")/.."
out=fuzz/corpus
max=8192
mkdir -p "$out"/{sections,compare,worddiff,redline,manifest,yaml}

n=0
# one TARGET FILE: the file, cut at $max bytes, as a seed.
one() {
  n=$((n + 1))
  head -c "$max" "$2" >"$out/$1/seed-$n"
}
# pair OLD NEW: OLD 0xFF NEW into each two-text target.
pair() {
  local f
  f=$(mktemp)
  { head -c $((max / 2)) "$1"; printf '\377'; head -c $((max / 2)) "$2"; } >"$f"
  for t in compare worddiff redline; do
    n=$((n + 1))
    cp "$f" "$out/$t/seed-$n"
  done
  rm -f "$f"
}

tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT

# The fixtures' pairs.
for d in tests/fixtures/*/; do
  if [ -f "$d/old.md" ] && [ -f "$d/new.md" ]; then
    one sections "$d/old.md"
    one sections "$d/new.md"
    pair "$d/old.md" "$d/new.md"
  fi
done
for f in tests/fixtures/real/*.md; do one sections "$f"; done

# The sample policy: each file, and each file between consecutive drafts.
refs=$(sed -n 's/^ *ref: *\([0-9a-f]\{40\}\).*/\1/p' policy/pnda.yaml)
for f in policy/pnda/*.md; do
  one sections "$f"
  prev=""
  for r in $refs; do
    cur="$tmp/$(basename "$f").$r"
    git show "$r:$f" >"$cur" 2>/dev/null || continue
    [ -n "$prev" ] && pair "$prev" "$cur"
    prev=$cur
  done
done

# The hostile payloads, one per seed, alone and against a plain paragraph.
printf 'Un párrafo de texto.\n' >"$tmp/plain"
k=0
while IFS= read -r line; do
  case "$line" in '%%'* | '') continue ;; esac
  k=$((k + 1))
  printf '%b\n' "$line" >"$tmp/payload-$k"
  one sections "$tmp/payload-$k"
  pair "$tmp/plain" "$tmp/payload-$k"
done < <(cat tests/fixtures/untrusted/payloads.txt tests/fixtures/untrusted/structure.txt)

# The manifest and YAML readers.
one manifest policy/pnda.yaml
printf 'title: T\nfiles: [a.md]\ndrafts:\n  - {id: b1, title: B, date: d, stage: s, ref: abc}\n' >"$tmp/m"
one manifest "$tmp/m"
for f in policy/notas/*.yaml policy/consulta/*.yaml; do one yaml "$f"; done
one yaml policy/pnda.yaml

# The CommonMark spec examples (shared/corpora/commonmark), alone and paired
# with the next one.
cm=../shared/corpora/commonmark
[ -d "$cm" ] || cm=/work/shared/corpora/commonmark
if [ -d "$cm" ]; then
  prev=""
  for f in "$cm"/*.md; do
    one sections "$f"
    [ -n "$prev" ] && pair "$prev" "$f"
    prev=$f
  done
else
  echo "seed.sh: no shared/corpora/commonmark beside the clone: seeding without the spec examples" >&2
fi

for t in sections compare worddiff redline manifest yaml; do
  echo "$t: $(find "$out/$t" -type f | wc -l) seeds"
done
