#!/usr/bin/env bash
# cotejo's history commands against `git log -p --word-diff` on a generated repository
# of 1,000 commits to a ~200 KB policy document (issue 5, "Speed").
#
#   bench/vs-git-log.sh            # from anywhere; see bench/README.md
#
# Needs hyperfine (apt-get install hyperfine, or cargo install hyperfine), python3,
# git and cargo. The peak RSS column needs GNU time at /usr/bin/time (apt-get install
# time); without it that column is skipped, with a message.
#
# In ONE hyperfine run (-N, outputs discarded, each command in the repository's folder):
#   git log -p --word-diff -- policy/pnda/politica.md
#   cotejo history "Conjuntos de datos prioritarios" --all-commits
#   cotejo site --all-commits -o DIR
# then the peak RSS of each, and the ratios cotejo/git of the median wall times (the
# targets' measure) and of the mean CPU times (user + system: steadier on a shared machine,
# and it shows what cotejo's threads cost). Exports hyperfine's JSON and Markdown and the
# printed summary to OUT_DIR.
#
# Environment:
#   COMMITS (1000), SEED (1), SIZE (200000)  the repository (bench/gen_history_repo.py)
#   REPO=DIR      generate into DIR and keep it; later runs reuse it while the generator
#                 and COMMITS, SEED, SIZE are unchanged (default: a temporary folder)
#   RUNS (5), WARMUP (1)                     hyperfine --min-runs, --warmup
#   OUT_DIR (bench/results)                  vs-git-log.{json,md,txt} go there
#   SECTION       the section for `cotejo history` (default: the generator's)
#   COMMANDS      which to time (default "git history site"); git is always timed
#   GIT_ONLY=1    the same as COMMANDS=git: no cotejo build (where cotejo lacks the commands)
set -euo pipefail

COMMITS="${COMMITS:-1000}"
SEED="${SEED:-1}"
SIZE="${SIZE:-200000}"
RUNS="${RUNS:-5}"
WARMUP="${WARMUP:-1}"
COMMANDS="${COMMANDS:-git history site}"
[[ -z "${GIT_ONLY:-}" ]] || COMMANDS=git
want() { [[ " $COMMANDS " == *" $1 "* ]]; }
cotejo_cmds=()
for c in history site; do want "$c" && cotejo_cmds+=("$c"); done
no_cotejo=
((${#cotejo_cmds[@]})) || no_cotejo=1

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
OUT_DIR="${OUT_DIR:-$root/bench/results}"
gen="$root/bench/gen_history_repo.py"

die() {
    echo "vs-git-log: $*" >&2
    exit 2
}

for tool in hyperfine python3 git; do
    command -v "$tool" >/dev/null ||
        die "$tool is needed and not on PATH (hyperfine: apt-get install hyperfine, or cargo install hyperfine)"
done
[[ -n "$no_cotejo" ]] || command -v cargo >/dev/null || die "cargo is needed to build cotejo"

tmp="$(mktemp -d "${TMPDIR:-/tmp}/cotejo-vs-git-log.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT
mkdir -p "$OUT_DIR"
OUT_DIR="$(cd "$OUT_DIR" && pwd)"

# git as it comes: no system or user configuration (pager, colours, diff options).
export GIT_CONFIG_NOSYSTEM=1 GIT_CONFIG_GLOBAL=/dev/null GIT_PAGER=cat NO_COLOR=1

# --- The repository -------------------------------------------------------------------

key="$(sha256sum "$gen" | cut -c1-16) commits=$COMMITS seed=$SEED size=$SIZE"
if [[ -n "${REPO:-}" ]]; then
    repo="$(mkdir -p "$REPO" && cd "$REPO" && pwd)"
    if [[ -f "$repo/.git/cotejo-bench.key" && "$(cat "$repo/.git/cotejo-bench.key")" == "$key" ]]; then
        echo "== reusing the repository in $repo" >&2
        fresh=
    elif [[ -z "$(ls -A "$repo")" || -f "$repo/.git/cotejo-bench.key" ]]; then
        rm -rf "$repo"
        fresh=1
    else
        die "REPO=$repo is not empty and was not made by this script: give an empty or new folder"
    fi
else
    repo="$tmp/repo"
    fresh=1
fi
if [[ -n "$fresh" ]]; then
    echo "== generating $COMMITS commits (seed $SEED, ~$SIZE bytes) into $repo" >&2
    start=$(date +%s)
    python3 "$gen" "$repo" --commits "$COMMITS" --seed "$SEED" --size "$SIZE" >/dev/null
    echo "$key" >"$repo/.git/cotejo-bench.key"
    echo "   done in $(($(date +%s) - start)) s" >&2
fi
info="$repo/.git/cotejo-bench.json"
field() { python3 -c 'import json, sys; print(json.load(open(sys.argv[1]))[sys.argv[2]])' "$info" "$1"; }
file="$(field file)"
SECTION="${SECTION:-$(field section)}"

cd "$repo"
doc_commits=$(git rev-list --count HEAD -- "$file")
doc_bytes=$(wc -c <"$file")

# --- The commands -----------------------------------------------------------------------

git_cmd=(git --no-pager log -p --word-diff -- "$file")
names=("git log -p --word-diff")
cmds=("$(printf '%q ' "${git_cmd[@]}")")

# The git side must work before anything is timed.
git_out=$("${git_cmd[@]}" | wc -c) || die "\`${git_cmd[*]}\` failed in $repo"
((git_out > 0)) || die "\`${git_cmd[*]}\` printed nothing in $repo"

if [[ -z "$no_cotejo" ]]; then
    echo "== building cotejo (release)" >&2
    (cd "$root" && cargo build --release --quiet --bin cotejo)
    cotejo="${CARGO_TARGET_DIR:-$root/target}/release/cotejo"
    [[ "$cotejo" == /* ]] || cotejo="$root/$cotejo"
    [[ -x "$cotejo" ]] || die "no cotejo binary at $cotejo after the build"
    # A copy, so that another build into a shared CARGO_TARGET_DIR cannot swap it mid-run.
    cp "$cotejo" "$tmp/cotejo"
    cotejo="$tmp/cotejo"

    site_dir="$tmp/site"
    hist_cmd=("$cotejo" history "$SECTION" --all-commits)
    site_cmd=("$cotejo" site --all-commits -o "$site_dir")

    # Each cotejo command must exist, take --all-commits and succeed once, or the
    # script stops here and says which.
    check_cotejo() {
        local sub="$1"
        shift
        local help
        help=$("$cotejo" "$sub" --help 2>&1) ||
            die "this cotejo ($cotejo) has no \`$sub\` subcommand; it is being written on main for issue 5: merge main once it lands (COMMANDS=\"git ...\" times the others alone)"
        grep -q -- '--all-commits' <<<"$help" ||
            die "\`cotejo $sub\` takes no --all-commits in this build ($cotejo); merge main once it does (COMMANDS=\"git ...\" times the others alone)"
        local rc=0
        "$@" >/dev/null 2>"$tmp/stderr" || rc=$?
        if ((rc != 0)); then
            if grep -q 'not yet implemented\|not implemented' "$tmp/stderr"; then
                die "\`cotejo $sub\` is only a stub in this build (exit $rc: $(grep -m1 -o 'not yet implemented.*\|not implemented.*' "$tmp/stderr")); it is being written on main for issue 5: merge main once it lands (COMMANDS=\"git ...\" times the others alone)"
            fi
            echo "vs-git-log: \`$*\` exited with $rc in $repo:" >&2
            tail -n 20 "$tmp/stderr" >&2
            exit 2
        fi
    }
    if want history; then
        check_cotejo history "${hist_cmd[@]}"
        names+=("cotejo history SECTION --all-commits")
        cmds+=("$(printf '%q ' "${hist_cmd[@]}")")
    fi
    if want site; then
        check_cotejo site "${site_cmd[@]}"
        [[ -d "$site_dir" ]] || die "\`cotejo site -o $site_dir\` exited 0 but wrote no folder"
        site_files=$(find "$site_dir" -type f | wc -l)
        site_bytes=$(du -sb "$site_dir" | cut -f1)
        names+=("cotejo site --all-commits")
        cmds+=("$(printf '%q ' "${site_cmd[@]}")")
    fi
fi

# --- Timing: one hyperfine run ------------------------------------------------------------

args=()
for i in "${!cmds[@]}"; do
    args+=(-n "${names[$i]}" "${cmds[$i]}")
done
loadavg() { cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo '?'; }
load_before="$(loadavg)"
echo "== timing in $repo ($(nproc) CPUs, load average $load_before)" >&2
hyperfine -N --warmup "$WARMUP" --min-runs "$RUNS" --style basic \
    --export-json "$OUT_DIR/vs-git-log.json" --export-markdown "$OUT_DIR/vs-git-log.md" \
    "${args[@]}" >&2

# --- Peak RSS ---------------------------------------------------------------------------------

rss=()
# (Not a pipe into grep -q: under pipefail, grep closing early fails the test.)
if [[ -x /usr/bin/time ]] && [[ $(/usr/bin/time -v true 2>&1) == *'Maximum resident set size'* ]]; then
    rss_note="peak RSS: GNU time -v, one run each"
    peak_rss() {
        /usr/bin/time -v -o "$tmp/time" "$@" >/dev/null 2>&1 || die "\`$*\` failed under /usr/bin/time"
        awk -F': ' '/Maximum resident set size/ { printf "%.1f", $2 / 1024 }' "$tmp/time"
    }
    rss+=("$(peak_rss "${git_cmd[@]}")")
    if want history && [[ -z "$no_cotejo" ]]; then rss+=("$(peak_rss "${hist_cmd[@]}")"); fi
    if want site && [[ -z "$no_cotejo" ]]; then rss+=("$(peak_rss "${site_cmd[@]}")"); fi
else
    rss_note="peak RSS: skipped (no GNU time at /usr/bin/time; apt-get install time)"
    echo "vs-git-log: $rss_note" >&2
fi

# --- Summary ------------------------------------------------------------------------------------

{
    echo
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); $(nproc) CPUs ($(grep -m1 'model name' /proc/cpuinfo 2>/dev/null | cut -d: -f2 | sed 's/^ //' || echo '?')); load average $load_before before timing, $(loadavg) after"
    echo "tools: $(git --version); $(hyperfine --version)${cotejo:+; $("$cotejo" --version) at $(git -C "$root" rev-parse --short HEAD)}"
    echo "repository: $doc_commits commits to $file ($doc_bytes bytes at HEAD, $(field sections_at_head) sections; seed $SEED); section \"$SECTION\" ($(field section_versions) versions, numbers $(field section_numbers | tr -d "[]'"))"
    if [[ -n "${site_files:-}" ]]; then
        echo "site: $site_files files, $((site_bytes / 1024)) KiB"
    fi
    echo "timer: hyperfine -N, --warmup $WARMUP, --min-runs $RUNS; $rss_note"
    echo
    python3 - "$OUT_DIR/vs-git-log.json" "${rss[@]}" <<'EOF'
import json, sys
results = json.load(open(sys.argv[1]))["results"]
rss = sys.argv[2:]
git = results[0]["median"]
git_cpu = results[0]["user"] + results[0]["system"]
print("| command | median s | mean ± σ s | runs | ratio to git (median) | CPU s (user+sys) | CPU ratio | peak RSS MiB |")
print("|---|---|---|---|---|---|---|---|")
for i, r in enumerate(results):
    cpu = r["user"] + r["system"]
    print("| `%s` | %.3f | %.3f ± %.3f | %d | %.2f× | %.3f | %.2f× | %s |" % (
        r["command"], r["median"], r["mean"], r["stddev"] or 0, len(r["times"]),
        r["median"] / git, cpu, cpu / git_cpu, rss[i] if i < len(rss) else "–"))
if len(results) > 1:
    print()
for r in results[1:]:
    ratio = r["median"] / git
    cpu = (r["user"] + r["system"]) / git_cpu
    if r["command"].startswith("cotejo history"):
        print("history of one section / git log of the file: %.2f× wall, %.2f× CPU (target < 1×: %s)"
              % (ratio, cpu, "met" if ratio < 1 else "NOT met"))
    else:
        print("full site, every commit / git log of the file: %.2f× wall, %.2f× CPU (target <= 5×: %s)"
              % (ratio, cpu, "met" if ratio <= 5 else "NOT met"))
EOF
} | tee "$OUT_DIR/vs-git-log.txt"
cp "$info" "$OUT_DIR/vs-git-log.repo.json"
echo >&2
echo "== wrote $OUT_DIR/vs-git-log.{json,md,txt,repo.json}" >&2
