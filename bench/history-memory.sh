#!/usr/bin/env bash
# Peak memory of cotejo's history commands against the number of commits
# (issue 12: `history`/`site --all-commits` of 1,000 commits × 1 MB held 2 GB).
#
#   bench/history-memory.sh                     # N = 100, 300, 1000 commits of ~1 MB
#   BEFORE=/path/to/old/cotejo bench/history-memory.sh   # the same for another binary beside
#
# For each N, generates (bench/gen_history_repo.py, seed 1) a repository of N commits to a
# document of SIZE bytes, its four drafts DRAFT_SPACING commits apart at the end of the
# history (so the drafts' pages cost the same whatever N), then runs once each, under GNU time:
#   cotejo history "Conjuntos de datos prioritarios" --all-commits
#   cotejo site --all-commits -o DIR
# and prints the wall time, the CPU time (user + system: what load on the machine does not
# change much), the peak RSS, and the RSS per commit above the smallest N.
# Output: the same folder's bytes for both binaries are compared (`diff -r`) when BEFORE is set.
#
# Environment:
#   COUNTS ("100 300 1000")   the numbers of commits
#   SIZE (1000000)            the document's size in bytes
#   SEED (1)
#   DRAFT_SPACING (25)        commits between the drafts, the last one at N; "quarters" puts
#                             them at N/4, N/2, 3N/4 and N (the placement before the sixth
#                             round: a longer history then also compared drafts further apart)
#   KEEP=DIR                  generate the repositories into DIR and reuse them next time
#   BEFORE=BIN                another cotejo binary to measure beside this one
#   COMMANDS ("history site")
set -euo pipefail

COUNTS="${COUNTS:-100 300 1000}"
SIZE="${SIZE:-1000000}"
SEED="${SEED:-1}"
DRAFT_SPACING="${DRAFT_SPACING:-25}"
COMMANDS="${COMMANDS:-history site}"
root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
gen="$root/bench/gen_history_repo.py"

die() {
    echo "history-memory: $*" >&2
    exit 2
}
for tool in python3 git cargo; do
    command -v "$tool" >/dev/null || die "$tool is needed and not on PATH"
done
[[ -x /usr/bin/time ]] || die "GNU time is needed at /usr/bin/time (apt-get install time)"
spacing_args=()
case "$DRAFT_SPACING" in
quarters) ;;
'' | *[!0-9]*) die "DRAFT_SPACING=$DRAFT_SPACING: a number of commits, or \"quarters\"" ;;
*) spacing_args=(--draft-spacing "$DRAFT_SPACING") ;;
esac

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cotejo-history-memory.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
store="${KEEP:-$tmp/repos}"
mkdir -p "$store"
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null

echo "== building cotejo (release)" >&2
(cd "$root" && cargo build --release --quiet --bin cotejo)
after="${CARGO_TARGET_DIR:-$root/target}/release/cotejo"
[[ "$after" == /* ]] || after="$root/$after"
cp "$after" "$tmp/cotejo"
bins=("$tmp/cotejo")
names=("this")
if [[ -n "${BEFORE:-}" ]]; then
    [[ -x "$BEFORE" ]] || die "BEFORE=$BEFORE is not an executable"
    cp "$BEFORE" "$tmp/cotejo-before"
    bins+=("$tmp/cotejo-before")
    names+=("before")
fi

key="$(sha256sum "$gen" | cut -c1-16) size=$SIZE seed=$SEED drafts=$DRAFT_SPACING"
repo_for() {
    local n="$1" repo="$store/h$1"
    if [[ ! -f "$repo/.git/cotejo-bench.key" || "$(cat "$repo/.git/cotejo-bench.key")" != "$key" ]]; then
        rm -rf "$repo"
        echo "== generating $n commits of ~$SIZE bytes into $repo" >&2
        python3 "$gen" "$repo" --commits "$n" --seed "$SEED" --size "$SIZE" "${spacing_args[@]}" >/dev/null
        echo "$key" >"$repo/.git/cotejo-bench.key"
    fi
    echo "$repo"
}

measure() { # BIN ARGS... → "wall-seconds cpu-seconds KiB"
    /usr/bin/time -f "%e %U %S %M" -o "$tmp/time" "$@" >/dev/null 2>"$tmp/stderr" ||
        { tail -n 20 "$tmp/stderr" >&2; die "\`$*\` failed"; }
    awk '{ printf "%s %.2f %s\n", $1, $2 + $3, $4 }' "$tmp/time"
}

echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs; load average $(cut -d' ' -f1-3 /proc/loadavg)"
echo "cotejo at $(git -C "$root" rev-parse --short HEAD); document ~$SIZE bytes, seed $SEED; drafts: $DRAFT_SPACING; one run each, GNU time"
echo
echo "| command | binary | commits | wall s | CPU s | peak RSS MiB | MiB per 100 commits above the first N |"
echo "|---|---|---|---|---|---|---|"
for cmd in $COMMANDS; do
    for b in "${!bins[@]}"; do
        base_n=
        base_rss=
        for n in $COUNTS; do
            repo="$(repo_for "$n")"
            section="$(python3 -c 'import json,sys; print(json.load(open(sys.argv[1]))["section"])' "$repo/.git/cotejo-bench.json")"
            cd "$repo"
            case "$cmd" in
            history) read -r secs cpu kib < <(measure "${bins[$b]}" history "$section" --all-commits) ;;
            site)
                read -r secs cpu kib < <(measure "${bins[$b]}" site --all-commits -o "$tmp/site-${names[$b]}-$n")
                ;;
            *) die "unknown command $cmd (history, site)" ;;
            esac
            mib=$(awk -v k="$kib" 'BEGIN { printf "%.0f", k / 1024 }')
            slope=
            if [[ -z "$base_n" ]]; then
                base_n=$n
                base_rss=$mib
            else
                slope=$(awk -v a="$base_rss" -v b="$mib" -v m="$base_n" -v n="$n" 'BEGIN { printf "%.1f", (b - a) * 100 / (n - m) }')
            fi
            echo "| $cmd | ${names[$b]} | $n | $secs | $cpu | $mib | $slope |"
        done
    done
done
if [[ -n "${BEFORE:-}" ]] && [[ " $COMMANDS " == *" site "* ]]; then
    echo
    for n in $COUNTS; do
        if diff -r "$tmp/site-this-$n" "$tmp/site-before-$n" >/dev/null; then
            echo "site of $n commits: the same bytes from both binaries"
        else
            echo "site of $n commits: the two binaries' sites DIFFER"
        fi
    done
fi
