#!/usr/bin/env bash
# Whether two builds of cotejo give the same bytes: `cotejo diff --format json`
# and `--format text` (and the exit status) of the same pairs through both
# binaries, compared by SHA-256. A change meant to be faster only (issue 14:
# "outputs unchanged") must leave every one alike.
#
#   bench/same-output.sh BEFORE_BIN AFTER_BIN
#
# Pairs: every ordered pair of the sample's drafts (run in this repository),
# the generator's ~1 MB and ~5 MB pairs (examples/gen_bench_pair, seed 1), and,
# when ../shared/corpora is beside the repository, the first and last and the
# second and third versions of each corpus document, and `big` with its
# rewrite. Prints each pair that differs and a count; exits 1 if any did, 2
# if it could not compare (a binary missing, or both the same bytes).
#
# The two binaries are copied first, so a build meanwhile cannot swap one
# mid-run, and each is named with its SHA-256. The only thing the script
# builds, the generator, goes to SAME_OUTPUT_TARGET_DIR (default: this
# checkout's own `target/`), never to the shell's CARGO_TARGET_DIR: a target
# folder shared with another worktree can hand back that tree's build.
set -uo pipefail
root=$(cd "$(dirname "$0")/.." && pwd)
before=${1:?usage: bench/same-output.sh BEFORE_BIN AFTER_BIN}
after=${2:?usage: bench/same-output.sh BEFORE_BIN AFTER_BIN}
gen_target=${SAME_OUTPUT_TARGET_DIR:-$root/target}
[[ "$gen_target" == /* ]] || gen_target="$PWD/$gen_target"
corpora="$root/../shared/corpora"
for bin in "$before" "$after"; do
    if [[ ! -f "$bin" || ! -x "$bin" ]]; then
        echo "same-output.sh: $bin is not an executable file: build it, or name the binary to compare" >&2
        exit 2
    fi
done
if cmp -s "$before" "$after"; then
    echo "same-output.sh: $before and $after are the same bytes, so nothing would be compared:" \
        "name the build before the change and the build after it" >&2
    exit 2
fi
tmp=$(mktemp -d)
trap 'rm -rf "$tmp"' EXIT
cp "$before" "$tmp/before" && cp "$after" "$tmp/after" || exit 2
echo "before: $before ($(sha256sum <"$tmp/before" | cut -c1-12))"
echo "after:  $after ($(sha256sum <"$tmp/after" | cut -c1-12))"
before="$tmp/before" after="$tmp/after"

compared=0 differed=0
# Runs one comparison through both binaries, in both formats.
same() {
    for format in json text; do
        a=$("$before" "$@" --format "$format" --color never 2>/dev/null | sha256sum)
        ra=${PIPESTATUS[0]}
        b=$("$after" "$@" --format "$format" --color never 2>/dev/null | sha256sum)
        rb=${PIPESTATUS[0]}
        compared=$((compared + 1))
        if [[ "$a" != "$b" || "$ra" != "$rb" ]]; then
            echo "differs: --format $format $*"
            differed=$((differed + 1))
        fi
    done
}

drafts=$(cd "$root" && "$after" drafts 2>/dev/null | awk 'NR > 2 && $1 != "" { print $1 }')
for o in $drafts; do
    for n in $drafts; do
        [[ "$o" == "$n" ]] || same -C "$root" diff "$o" "$n"
    done
done

echo "generator: built into $gen_target (SAME_OUTPUT_TARGET_DIR)"
cargo build --release --quiet --example gen_bench_pair --manifest-path "$root/Cargo.toml" \
    --target-dir "$gen_target" || exit 2
gen="$gen_target/release/examples/gen_bench_pair"
for size in 1000000 5000000; do
    "$gen" "$size" "$tmp/$size" 1 >/dev/null
    same diff "$tmp/$size/old.md" "$tmp/$size/new.md"
done

if [[ -d "$corpora" ]]; then
    for d in "$corpora"/*/* "$corpora"/*/*/*; do
        [[ -d "$d" ]] || continue
        mapfile -t files < <(ls "$d"/v*.md 2>/dev/null)
        ((${#files[@]} >= 2)) || continue
        same diff "${files[0]}" "${files[-1]}"
        ((${#files[@]} >= 3)) && same diff "${files[1]}" "${files[2]}"
    done
    [[ -f "$corpora/big/old.md" ]] && same diff "$corpora/big/old.md" "$corpora/big/new.md"
    [[ -f "$corpora/big/rewrite-old.md" ]] &&
        same diff "$corpora/big/rewrite-old.md" "$corpora/big/rewrite-new.md"
else
    echo "no $corpora: only the sample and the generated pairs were compared"
fi
echo "compared $compared outputs; $differed differed"
((differed == 0))
