#!/usr/bin/env bash
# cotejo against git's word diff on generated policy drafts of ~1 MB and ~5 MB,
# and on the German federal laws concatenated (26 MB a side) from
# ../shared/corpora/big-concat when it is there (CONCAT=DIR elsewhere,
# NO_CONCAT=1 to skip it). The table is printed and written to
# bench/results/vs-git.md (OUT_DIR=DIR elsewhere), with the date and machine.
#
#   bench/vs-git.sh            # from anywhere; see bench/README.md
#
# Environment: SEED (default 1) for the generator; RUNS (default 10) timed runs
# per command (hyperfine: at least RUNS); RSS_RUNS (default 5) runs whose median
# peak RSS is reported; SIZES (default "1000000 5000000");
# NO_ALTERNATE=1, NO_HYPERFINE=1 and NO_GNU_TIME=1 force the fallbacks
# (hyperfine, a timing loop, python3's rusage).
#
# Times `cotejo diff OLD NEW --format json > /dev/null` and
# `git diff --no-index --word-diff=porcelain OLD NEW > /dev/null` in the same run,
# the two commands alternated run by run (cotejo, git, git, cotejo, ..., with
# python3: on a machine whose speed drifts, both see the same drift), else
# with hyperfine (one command's runs, then the other's) or a loop of RUNS runs
# timed with EPOCHREALTIME or `date +%s%N`; medians either way; and the peak RSS of both (`/usr/bin/time
# -f %M`, else wait4's rusage through python3). Both commands run inside the
# temporary folder, so no manifest is found and the files are read as plain files.
set -euo pipefail

SEED="${SEED:-1}"
RUNS="${RUNS:-10}"
RSS_RUNS="${RSS_RUNS:-5}"
SIZES="${SIZES:-1000000 5000000}"
NO_HYPERFINE="${NO_HYPERFINE:-}"
NO_GNU_TIME="${NO_GNU_TIME:-}"

have_hyperfine() { [[ -z "$NO_HYPERFINE" ]] && command -v hyperfine >/dev/null; }
have_alternate() { [[ -z "${NO_ALTERNATE:-}" ]] && command -v python3 >/dev/null; }

# The two commands of a pair alternated (ABBA) over RUNS rounds after two
# rounds of warm-up, output discarded: prints the median wall ms and the
# median user + system ms of each, "cot_ms git_ms cot_cpu git_cpu".
# Arguments: the number of words of cotejo's command, then both commands.
time_alternated() {
    python3 - "$RUNS" "$@" <<'EOF'
import os, statistics, sys, time
runs, n = int(sys.argv[1]), int(sys.argv[2])
commands = [sys.argv[3:3 + n], sys.argv[3 + n:]]
devnull = os.open(os.devnull, os.O_WRONLY)
wall, cpu = ([], []), ([], [])
for k in range(runs + 2):
    for c in ((0, 1) if k % 2 == 0 else (1, 0)):
        start = time.perf_counter()
        pid = os.posix_spawnp(commands[c][0], commands[c], os.environ,
                              file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1),
                                            (os.POSIX_SPAWN_DUP2, devnull, 2)])
        _, status, usage = os.wait4(pid, 0)
        elapsed = time.perf_counter() - start
        if k >= 2:
            wall[c].append(elapsed * 1000)
            cpu[c].append((usage.ru_utime + usage.ru_stime) * 1000)
m = statistics.median
print(f"{m(wall[0]):.1f} {m(wall[1]):.1f} {m(cpu[0]):.1f} {m(cpu[1]):.1f}")
EOF
}

root="$(cd "$(dirname "${BASH_SOURCE[0]}")/.." && pwd)"
tmp="$(mktemp -d "${TMPDIR:-/tmp}/cotejo-vs-git.XXXXXX")"
trap 'rm -rf "$tmp"' EXIT

echo "== building (release)" >&2
# Two builds: with an example in the same build, cargo unifies the features
# of the dev-dependencies into the binary's dependencies, which gives another
# binary than the one `cargo build --release` makes (other symbol names, so
# none of link/hot-functions.txt would be found in it).
(cd "$root" && cargo build --release --quiet --example gen_bench_pair)
(cd "$root" && cargo build --release --quiet --bin cotejo)
target="${CARGO_TARGET_DIR:-$root/target}"
[[ "$target" == /* ]] || target="$root/$target"
gen="$target/release/examples/gen_bench_pair"
cotejo="$target/release/cotejo"
export GIT_PAGER=cat GIT_CONFIG_NOSYSTEM=1 NO_COLOR=1

# Median of the numbers on stdin (one per line).
median() {
    sort -n | awk '{ v[NR] = $1 } END {
        if (NR == 0) { print "nan"; exit }
        if (NR % 2) print v[(NR + 1) / 2]; else print (v[NR / 2] + v[NR / 2 + 1]) / 2 }'
}

# Runs "$@" once in the current folder, output discarded; fails unless its exit
# status is at most $1 (git diff exits 1 when the files differ).
run_ok() {
    local max="$1"
    shift
    local rc=0
    "$@" >/dev/null || rc=$?
    if ((rc > max)); then
        echo "vs-git: \`$*\` exited with $rc" >&2
        return 1
    fi
}

# Microseconds since the epoch: bash 5's EPOCHREALTIME costs no process, else
# `date +%s%N` (whose own fork and exec then count in every run).
now_us() {
    if [[ -n "${EPOCHREALTIME:-}" ]]; then
        now=${EPOCHREALTIME/[.,]/}
    else
        now=$(($(date +%s%N) / 1000))
    fi
}

# Median wall time in ms of "$@" over RUNS runs (after one warm-up run).
time_loop() {
    local max="$1"
    shift
    run_ok "$max" "$@"
    local i start now
    for ((i = 0; i < RUNS; i++)); do
        now_us
        start=$now
        run_ok "$max" "$@"
        now_us
        echo $((now - start))
    done | median | awk '{ printf "%.1f", $1 / 1000 }'
}

# Peak RSS in KiB of "$@" (output discarded).
peak_rss_kib() {
    local max="$1"
    shift
    if [[ -z "$NO_GNU_TIME" && -x /usr/bin/time ]]; then
        local rc=0
        /usr/bin/time -f %M -o "$tmp/rss" "$@" >/dev/null || rc=$?
        ((rc <= max)) || { echo "vs-git: \`$*\` exited with $rc" >&2; return 1; }
        tail -n 1 "$tmp/rss"
    elif command -v python3 >/dev/null; then
        python3 - "$max" "$@" <<'EOF'
# wait4 gives the rusage of that one child. Linux folds the high-water mark of
# the address space a process execs from into its ru_maxrss, and a spawned child
# execs from this interpreter's, so the figure is max(~10-13 MB, the command's):
# fine for the large pairs, a floor for small ones. GNU time's floor is ~2 MB.
import os, sys
devnull = os.open(os.devnull, os.O_WRONLY)
pid = os.posix_spawnp(sys.argv[2], sys.argv[2:], os.environ,
                      file_actions=[(os.POSIX_SPAWN_DUP2, devnull, 1)])
_, status, usage = os.wait4(pid, 0)
rc = os.waitstatus_to_exitcode(status)
if rc < 0 or rc > int(sys.argv[1]):
    sys.exit(f"vs-git: {sys.argv[2:]} exited with {rc}")
print(usage.ru_maxrss)  # KiB on Linux
EOF
    else
        echo nan
    fi
}

if have_alternate; then
    timer="the two commands alternated (ABBA) over $RUNS rounds after 2 of warm-up, medians"
elif have_hyperfine; then
    timer="hyperfine $(hyperfine --version | awk '{ print $2 }'), median of >= $RUNS runs"
else
    clock="date +%s%N"
    [[ -n "${EPOCHREALTIME:-}" ]] && clock=EPOCHREALTIME
    timer="loop of $RUNS runs timed with $clock, median (install hyperfine for more)"
fi

# How the binary was linked (build.rs): how many of link/hot-functions.txt's
# functions it has (a list made with another compiler names none), and
# whether its relocations are packed.
layout() {
    local list="$root/link/hot-functions.txt"
    if ! command -v nm >/dev/null || ! command -v readelf >/dev/null; then
        echo "unknown (no nm or readelf)"
        return
    fi
    local listed=0 found=0 relr=no
    if [[ -f "$list" ]]; then
        listed=$(grep -vc '^#' "$list" || true)
        found=$(grep -v '^#' "$list" | sort -u |
            comm -12 - <(nm --defined-only "$cotejo" | awk '{ print $3 }' | sort -u) | wc -l)
    fi
    readelf -d "$cotejo" | grep -q '(RELR)' && relr=yes
    echo "$found of $listed hot functions found (link/hot-functions.txt); packed relocations: $relr"
    if ((found * 100 < listed * 95)); then
        echo "vs-git: only $found of $listed hot functions are in the binary: its memory figures" \
            "are above what it would take with a fresh list (bench/hot-functions.py)" >&2
    fi
}

rows=()
# Times one pair in "$dir" (old.md, new.md) and adds its row.
bench_pair() {
    local label="$1" dir="$2"
    cd "$dir"
    input=$(($(wc -c <old.md) + $(wc -c <new.md)))
    cot=("$cotejo" diff old.md new.md --format json)
    git=(git --no-pager diff --no-index --word-diff=porcelain old.md new.md)
    # Both must work before anything is timed: cotejo exits 0, git 0 or 1.
    run_ok 0 "${cot[@]}"
    run_ok 1 "${git[@]}"

    echo "== timing the ${label} pair" >&2
    cot_cpu=nan git_cpu=nan
    if have_alternate; then
        read -r cot_ms git_ms cot_cpu git_cpu < <(time_alternated "${#cot[@]}" "${cot[@]}" "${git[@]}")
    elif have_hyperfine; then
        # -i: git exits 1 on differences; both exit codes were checked above.
        # hyperfine alternates nothing: it runs one command's runs, then the
        # other's; on a shared machine compare the CPU columns too.
        hyperfine -N -i --warmup 2 --min-runs "$RUNS" --style basic \
            --export-csv "$tmp/$label.csv" \
            -n cotejo "$(printf '%q ' "${cot[@]}")" -n git "$(printf '%q ' "${git[@]}")" >&2
        # CSV: command,mean,stddev,median,user,system,min,max (seconds).
        cot_ms=$(awk -F, '$1 == "cotejo" { printf "%.1f", $4 * 1000 }' "$tmp/$label.csv")
        git_ms=$(awk -F, '$1 == "git" { printf "%.1f", $4 * 1000 }' "$tmp/$label.csv")
        cot_cpu=$(awk -F, '$1 == "cotejo" { printf "%.1f", ($5 + $6) * 1000 }' "$tmp/$label.csv")
        git_cpu=$(awk -F, '$1 == "git" { printf "%.1f", ($5 + $6) * 1000 }' "$tmp/$label.csv")
    else
        cot_ms=$(time_loop 0 "${cot[@]}")
        git_ms=$(time_loop 1 "${git[@]}")
    fi
    # Peak RSS moves by a few hundred KiB from run to run (how much of the
    # binary the kernel maps at a fault): the median of RSS_RUNS, alternated.
    : >"$tmp/cot_rss"
    : >"$tmp/git_rss"
    for ((i = 0; i < RSS_RUNS; i++)); do
        peak_rss_kib 0 "${cot[@]}" >>"$tmp/cot_rss"
        peak_rss_kib 1 "${git[@]}" >>"$tmp/git_rss"
    done
    cot_rss=$(median <"$tmp/cot_rss")
    git_rss=$(median <"$tmp/git_rss")
    cd "$tmp"
    rows+=("$(awk -v l="$label" -v in_b="$input" -v c="$cot_ms" -v g="$git_ms" \
        -v cc="$cot_cpu" -v gc="$git_cpu" -v cr="$cot_rss" -v gr="$git_rss" 'BEGIN {
        mb = 1024 * 1024
        printf "| %-4s | %6.2f | %9.1f | %6.1f | %16.2f | %7s | %7s | %18.1f | %9.1f | %10.1f | %9.2f |",
            l, in_b / 1e6, c, g, c / g, cc, gc, cr * 1024 / mb, cr * 1024 / in_b, gr * 1024 / mb,
            cr / gr }')")
}

for size in $SIZES; do
    if ((size >= 1000000)); then label="$((size / 1000000))MB"; else label="$((size / 1000))kB"; fi
    dir="$tmp/$label"
    echo "== generating the ${label} pair (seed $SEED)" >&2
    "$gen" "$size" "$dir" "$SEED" >&2
    bench_pair "$label" "$dir"
done

# The German federal laws concatenated (26 MB a side), when shared/ is beside
# the repository: real text, 22,400 headings, 30 laws changed.
concat="${CONCAT:-$root/../shared/corpora/big-concat}"
if [[ -z "${NO_CONCAT:-}" && -f "$concat/old.md.gz" && -f "$concat/new.md.gz" ]]; then
    mkdir -p "$tmp/26MB"
    gunzip -c "$concat/old.md.gz" >"$tmp/26MB/old.md"
    gunzip -c "$concat/new.md.gz" >"$tmp/26MB/new.md"
    bench_pair 26MB "$tmp/26MB"
else
    echo "== no $concat/{old,new}.md.gz: the 26 MB pair is skipped" >&2
fi

{
    echo "date: $(date -u '+%Y-%m-%d %H:%M UTC'); machine: $(uname -sm), $(nproc) CPUs" \
        "($(awk -F': ' '/model name/ { print $2; exit }' /proc/cpuinfo 2>/dev/null || echo unknown CPU));" \
        "load average at the end: $(cut -d' ' -f1-3 /proc/loadavg 2>/dev/null || echo unknown)"
    echo "cotejo: $(cd "$root" && git rev-parse --short HEAD 2>/dev/null || echo unknown)$(cd "$root" && git diff --quiet 2>/dev/null || echo ' (uncommitted changes)'); $(rustc --version 2>/dev/null || echo rustc unknown)"
    echo "timer: $timer; seed $SEED; $(git --version)"
    echo "layout: $(layout)"
    echo "size: old.md + new.md in MB (10^6 bytes); ms: median wall time; CPU: user + system ms (median alternated, mean with hyperfine)"
    echo "(cotejo uses two threads: its CPU time is above its wall time on a quiet machine);"
    echo "RSS in MiB (median of $RSS_RUNS runs, alternated); RSS/input = cotejo peak RSS / (old + new bytes); RSS ratio = cotejo / git"
    echo
    echo "| pair | size   | cotejo ms | git ms | ratio cotejo/git | cotejo CPU | git CPU | cotejo peak RSS MB | RSS/input | git RSS MB | RSS ratio |"
    echo "|------|--------|-----------|--------|------------------|------------|---------|--------------------|-----------|------------|-----------|"
    printf '%s\n' "${rows[@]}"
} | tee "$tmp/summary"
out_dir="${OUT_DIR:-$root/bench/results}"
mkdir -p "$out_dir"
cp "$tmp/summary" "$out_dir/vs-git.md"
echo "(written to $out_dir/vs-git.md)" >&2
exit 0
