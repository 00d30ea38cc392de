#!/usr/bin/env python3
"""Two builds of cotejo side by side: `cotejo diff OLD NEW --format json`,
the two binaries alternated run by run (ABBA), median wall time and peak RSS.

    bench/before-after.py BEFORE_BIN AFTER_BIN [RUNS]

Pairs: the generator's ~1 MB and ~5 MB policy drafts (examples/gen_bench_pair,
built by the AFTER tree's cargo), and, when ../shared/corpora is beside the
project, real law: SGB V with a small diff, SGB V rewritten (1.1 -> 2.2 MB) and
all German federal laws concatenated (26 MB). Used to hold a change to its cost
(issue 10: block alignment and moved text within 20% of the engine's time).
"""
import os
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

root = Path(__file__).resolve().parent.parent
shared = root.parent / "shared" / "corpora"


def pairs(tmp: Path):
    target = Path(os.environ.get("CARGO_TARGET_DIR", root / "target"))
    subprocess.run(["cargo", "build", "--release", "--quiet", "--example", "gen_bench_pair"],
                   cwd=root, check=True)
    gen = target / "release" / "examples" / "gen_bench_pair"
    for size in (1_000_000, 5_000_000):
        d = tmp / f"gen{size}"
        d.mkdir()
        subprocess.run([str(gen), str(size), str(d), "1"], check=True, stdout=subprocess.DEVNULL)
        yield f"generated {size // 1_000_000} MB", d / "old.md", d / "new.md"
    if not shared.is_dir():
        print(f"({shared} is missing: the real-law pairs are skipped)", file=sys.stderr)
        return
    big = shared / "big"
    yield "SGB V 2.2 MB, small diff", big / "old.md", big / "new.md"
    yield "SGB V rewritten 1.1->2.2 MB", big / "rewrite-old.md", big / "rewrite-new.md"
    concat = shared / "big-concat"
    for side in ("old", "new"):
        with open(tmp / f"concat-{side}.md", "wb") as out:
            subprocess.run(["gunzip", "-c", str(concat / f"{side}.md.gz")], stdout=out, check=True)
    yield "German federal law 26 MB", tmp / "concat-old.md", tmp / "concat-new.md"


def run(binary: str, old: Path, new: Path):
    start = time.perf_counter()
    p = subprocess.Popen([binary, "diff", str(old), str(new), "--format", "json"],
                         stdout=subprocess.DEVNULL)
    _, status, usage = os.wait4(p.pid, 0)
    if status != 0:
        sys.exit(f"{binary} failed on {old} {new}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def main():
    if len(sys.argv) < 3:
        sys.exit(__doc__)
    before, after = sys.argv[1], sys.argv[2]
    runs = int(sys.argv[3]) if len(sys.argv) > 3 else 7
    print(f"# {time.strftime('%Y-%m-%d')} on {os.uname().nodename}, {os.cpu_count()} cores, {runs} runs each, ABBA")
    with tempfile.TemporaryDirectory() as tmp:
        for name, old, new in pairs(Path(tmp)):
            times = {before: [], after: []}
            rss = {before: [], after: []}
            for k in range(runs):
                for b in ((before, after) if k % 2 == 0 else (after, before)):
                    t, m = run(b, old, new)
                    times[b].append(t)
                    rss[b].append(m)
            tb, ta = statistics.median(times[before]), statistics.median(times[after])
            print(f"{name:30s} before {tb * 1000:7.0f} ms {statistics.median(rss[before]):5.0f} MB"
                  f" | after {ta * 1000:7.0f} ms {statistics.median(rss[after]):5.0f} MB | {ta / tb:.2f}x")


main()
