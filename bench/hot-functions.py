#!/usr/bin/env python3
"""Writes link/hot-functions.txt: the functions `cotejo diff` runs, for the
linker to place side by side (build.rs says why).

    bench/hot-functions.py            # about two minutes after a release build

Two passes over the same runs of `cotejo diff` (JSON and text, on a tiny pair,
the 1 MB and 5 MB generated pairs, outside a repository, and on the sample's
drafts by name inside this one):

1. callgrind lists the functions each run executes (its names are the
   mangled symbols the linker wants). It misses some: code valgrind's CPU
   does not take (SHA-NI, for one) and functions it files under others.
2. Then, in rounds: link with the list, run each command under perf's
   page-fault tracepoint, and add every function whose code faulted outside
   the listed ones; until a round adds nothing (or ten rounds).

Needs valgrind, perf with permission to record tracepoints (root, or
kernel.perf_event_paranoid <= 1), nm, git and cargo. Leaves the binary linked
with the new list.
"""

import bisect
import os
import re
import subprocess
import sys
import tempfile

ROOT = os.path.dirname(os.path.dirname(os.path.abspath(__file__)))
LIST = os.path.join(ROOT, "link", "hot-functions.txt")
BIN = os.path.join(ROOT, "target", "release", "cotejo")
HEADER = """\
# The functions `cotejo diff` runs, sorted by name: the linker places them
# first (build.rs). Written by bench/hot-functions.py;
# names the linker does not find are skipped.
"""


def run(cmd, **kw):
    return subprocess.run(cmd, check=True, **kw)


def build(order=None):
    """The release binary; with `order`, linked with that list instead of
    link/hot-functions.txt. The linker takes the last ordering file it is
    given, and arguments after `cargo rustc --` come after build.rs's; a new
    file name each time makes cargo link again, without recompiling the
    library (a changed link/hot-functions.txt reruns build.rs, which does)."""
    if order is None:
        run(["cargo", "build", "--release", "--quiet", "--bin", "cotejo"], cwd=ROOT)
    else:
        run(["cargo", "rustc", "--release", "--quiet", "--bin", "cotejo", "--",
             "-C", f"link-arg=-Wl,--symbol-ordering-file={order}"], cwd=ROOT)


def workloads(tmp):
    """(folder, arguments) of every run the list is made from."""
    tiny = os.path.join(tmp, "tiny")
    os.makedirs(tiny, exist_ok=True)
    with open(os.path.join(tiny, "old.md"), "w") as f:
        f.write("# Política\n\n## 1. Objeto\n\nUno dos tres.\n")
    with open(os.path.join(tiny, "new.md"), "w") as f:
        f.write("# Política\n\n## 1. Objeto\n\nUno tres cuatro.\n\n## 2. Alcance\n\nNuevo.\n")
    dirs = [tiny]
    for size in (1_000_000, 5_000_000):
        d = os.path.join(tmp, f"pair{size}")
        run(["cargo", "run", "--release", "--quiet", "--example", "gen_bench_pair", "--",
             str(size), d, "1"], cwd=ROOT, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        dirs.append(d)
    runs = []
    for d in dirs:
        for fmt in ("json", "text"):
            runs.append((d, ["diff", "old.md", "new.md", "--format", fmt]))
    for fmt in ("json", "text"):
        runs.append((ROOT, ["diff", "borrador-1", "borrador-2", "--format", fmt]))
    return runs


def callgrind_names(runs, tmp):
    seen, order = set(), []
    for i, (cwd, args) in enumerate(runs):
        out = os.path.join(tmp, f"callgrind.{i}")
        run(["valgrind", "--tool=callgrind", "--demangle=no", f"--callgrind-out-file={out}",
             BIN] + args, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        with open(out, errors="replace") as f:
            for line in f:
                m = re.match(r"^c?fn=\(\d+\) (.+)$", line.rstrip("\n"))
                if m and m.group(1) not in seen:
                    seen.add(m.group(1))
                    order.append(m.group(1))
    return order


def symbols():
    """The binary's symbols by address (nm), for mapping fault addresses."""
    out = run(["nm", "-n", "--defined-only", BIN], capture_output=True, text=True).stdout
    syms = []
    for line in out.splitlines():
        parts = line.split()
        if len(parts) == 3:
            syms.append((int(parts[0], 16), parts[2]))
    return syms


def faulting_names(runs, tmp):
    """The functions whose code page-faulted in any of the runs."""
    syms = symbols()
    addrs = [a for a, _ in syms]
    real = os.path.realpath(BIN)
    # Virtual address = file offset + (first executable segment's address -
    # its offset), from the program headers.
    phdrs = run(["readelf", "-lW", BIN], capture_output=True, text=True).stdout
    seg = next(line.split() for line in phdrs.splitlines()
               if line.strip().startswith("LOAD") and "R E" in line)
    shift = int(seg[2], 16) - int(seg[1], 16)
    names = []
    data = os.path.join(tmp, "faults.data")
    for cwd, args in runs:
        run(["perf", "record", "-q", "-e", "exceptions:page_fault_user", "-o", data, BIN] + args,
            cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        script = run(["perf", "script", "-i", data, "--show-mmap-events"],
                     stdout=subprocess.PIPE, stderr=subprocess.DEVNULL, text=True).stdout
        maps = []
        for m in re.finditer(r"\[0x([0-9a-f]+)\(0x([0-9a-f]+)\) @ 0x([0-9a-f]+) [^\]]*\]: r-xp (\S+)",
                             script):
            if os.path.realpath(m.group(4)) == real:
                maps.append(tuple(int(x, 16) for x in m.groups()[:3]))
        for a in re.findall(r"address=0x([0-9a-f]+)", script):
            a = int(a, 16)
            for start, length, offset in maps:
                if start <= a < start + length:
                    i = bisect.bisect_right(addrs, a - start + offset + shift) - 1
                    if i >= 0:
                        names.append(syms[i][1])
    return names


def write(order, path=LIST):
    os.makedirs(os.path.dirname(path), exist_ok=True)
    with open(path, "w") as f:
        f.write(HEADER)
        for name in order:
            f.write(name + "\n")


def main():
    with tempfile.TemporaryDirectory(prefix="cotejo-hot-") as tmp:
        build()
        runs = workloads(tmp)
        order = callgrind_names(runs, tmp)
        print(f"callgrind: {len(order)} functions", file=sys.stderr)
        for round_ in range(1, 11):
            round_list = os.path.join(tmp, f"round-{round_}.txt")
            write(order, round_list)
            build(round_list)
            known = set(order)
            new = [n for n in dict.fromkeys(faulting_names(runs, tmp)) if n not in known]
            print(f"round {round_}: {len(new)} functions faulted outside the list", file=sys.stderr)
            if not new:
                break
            order.extend(new)
        # Sorted: callgrind's order of first mention moves with the threads'
        # timing, and the hot functions all land in the same few hundred
        # kilobytes whatever their order; a sorted list changes only where
        # the functions do.
        present = {name for _, name in symbols()}
        order = sorted(n for n in set(order) if n in present)
        write(order)
        build()
        print(f"wrote {os.path.relpath(LIST, ROOT)}: {len(order)} functions", file=sys.stderr)


if __name__ == "__main__":
    main()
