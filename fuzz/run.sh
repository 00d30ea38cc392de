#!/usr/bin/env bash
# Runs every fuzz target in turn for SECONDS each (default 600), one process
# at a time, on stable Rust (RUSTC_BOOTSTRAP=1 lets cargo-fuzz pass its
# nightly flags) with AddressSanitizer. Logs go to fuzz/logs/TARGET.log; a
# crash is saved under fuzz/artifacts/TARGET/ and the next target runs.
# Usage: bash fuzz/run.sh [SECONDS] [TARGET...]
set -uo pipefail
cd "$(dirname "$0")/.."
seconds=${1:-600}
shift || true
targets=${*:-sections compare worddiff manifest yaml redline}
[ -d fuzz/corpus ] || bash fuzz/seed.sh
mkdir -p fuzz/logs
export RUSTC_BOOTSTRAP=1
for t in $targets; do
  echo "== $t: $seconds s"
  cargo fuzz run "$t" -a --sanitizer address -- \
    -max_total_time="$seconds" -max_len=8192 -timeout=10 -rss_limit_mb=4096 \
    >"fuzz/logs/$t.log" 2>&1
  echo "exit $?"
  grep -E '^#[0-9]+ +DONE|^Done|SUMMARY|panicked at|Test unit written' "fuzz/logs/$t.log" | tail -5
done
