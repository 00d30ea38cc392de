#!/usr/bin/env python3
"""Alternates cotejo binaries (and git's word diff) on one pair, run by run.

    bench/alternate.py RUNS DIR BIN... [git]

Runs `BIN diff old.md new.md --format json` for each BIN, and with `git` in the
list `git diff --no-index --word-diff=porcelain old.md new.md`, inside DIR (a
folder holding old.md and new.md: e.g. one of bench/vs-git.sh's pairs), RUNS
rounds, the order reversed every other round so that a machine whose speed
drifts slows every command alike. Prints, for each, the minimum and median CPU
time (user + system, from wait4) and wall time, in milliseconds.

CPU time is what to compare two builds by on a shared machine: other work
changes it far less than it changes wall time. `PIN=1` runs every command on
one CPU (taskset -c 1), which gives each its single-core time, the figure a
second thread cannot hide.
"""
import os
import statistics
import subprocess
import sys
import time


def command(binary):
    if binary == "git":
        return ["git", "diff", "--no-index", "--word-diff=porcelain", "old.md", "new.md"]
    return [binary, "diff", "old.md", "new.md", "--format", "json"]


def main():
    if len(sys.argv) < 4:
        sys.exit(__doc__)
    runs, folder, binaries = int(sys.argv[1]), sys.argv[2], sys.argv[3:]
    pin = ["taskset", "-c", "1"] if os.environ.get("PIN") else []
    env = dict(os.environ, GIT_PAGER="cat", GIT_CONFIG_NOSYSTEM="1", NO_COLOR="1")
    cpu = {b: [] for b in binaries}
    wall = {b: [] for b in binaries}
    for k in range(runs):
        for b in binaries if k % 2 == 0 else binaries[::-1]:
            start = time.perf_counter()
            child = subprocess.Popen(pin + command(b), cwd=folder, env=env,
                                     stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
            _, status, usage = os.wait4(child.pid, 0)
            elapsed = time.perf_counter() - start
            if os.waitstatus_to_exitcode(status) not in (0, 1):
                sys.exit(f"{b} failed in {folder}")
            cpu[b].append((usage.ru_utime + usage.ru_stime) * 1000)
            wall[b].append(elapsed * 1000)
    width = max(len(b) for b in binaries)
    for b in binaries:
        c, w = cpu[b], wall[b]
        print(f"{b:{width}}  cpu min {min(c):8.1f} med {statistics.median(c):8.1f}"
              f"  | wall min {min(w):8.1f} med {statistics.median(w):8.1f}")


if __name__ == "__main__":
    main()
