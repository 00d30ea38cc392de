#!/usr/bin/env python3
"""The cliffs of issue 12: hostile inputs that once took quadratic time or
memory, each timed (median wall time, peak RSS) against its bound.

    bench/cliffs.py [COTEJO_BIN [BEFORE_BIN]] [--runs N]

COTEJO_BIN defaults to target/release/cotejo (build it first:
`cargo build --release`). With BEFORE_BIN the two binaries are alternated run
by run (ABBA) and the ratio is printed. The inputs are generated here, into a
temporary folder removed on exit; `git diff --no-index --word-diff=porcelain`
is timed beside cotejo where the bound is relative to git.

| input | bound |
|---|---|
| 10,000 sections titled alike, one body changed | 0.2 s |
| a manifest listing 16,000 files, one changed | 1 s |
| `report` of a draft with 100,000 nested `<div>` | 2 s |
| `report` of 60,000 headings whose levels shift | 3 s |
| a 5 MB section rewritten (two generators) | peak RSS 10x the input |
| 100,000 unique headings, every body changed | 2x git's word diff |
"""
import os
import random
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

root = Path(__file__).resolve().parent.parent

WORDS = ("datos abiertos política pública gobierno transparencia institución portal "
         "calidad apertura federal estatal municipio información acceso sujetos "
         "obligados evaluación indicador meta plazo").split()


def run(argv, cwd):
    """Wall seconds and peak RSS (MiB) of one run; fails loudly."""
    start = time.perf_counter()
    p = subprocess.Popen(argv, cwd=cwd, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    _, status, usage = os.wait4(p.pid, 0)
    err = p.stderr.read().decode(errors="replace")
    code = os.waitstatus_to_exitcode(status)
    if code not in (0, 1) or (code == 1 and argv[0] != "git"):
        sys.exit(f"{' '.join(map(str, argv))} failed ({code}):\n{err}")
    return time.perf_counter() - start, usage.ru_maxrss / 1024


def write(path: Path, text: str):
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(text, encoding="utf-8")


def sentences(rng, size, sep):
    out, n = [], 0
    while n < size:
        s = " ".join(rng.choice(WORDS) for _ in range(12)) + "."
        out.append(s)
        n += len(s) + len(sep)
    return sep.join(out)


def cases(tmp: Path):
    """(name, bound text, bound check, argv builder, folder, input bytes)."""
    rng = random.Random(1)

    d = tmp / "alike"
    body = "".join(f"## Disposiciones\n\nTexto {i} del artículo.\n\n" for i in range(10_000))
    write(d / "old.md", body)
    write(d / "new.md", body.replace("Texto 5000 del", "Texto cinco mil del"))
    yield ("10,000 sections titled alike", "≤ 0.2 s", lambda t, m, g: t <= 0.2,
           lambda b: [b, "diff", "old.md", "new.md", "--format", "json"], d)

    d = tmp / "files"
    names = [f"p/f{i:05d}.md" for i in range(16_000)]
    for i, f in enumerate(names):
        write(d / "policy" / f, f"Texto del archivo {i}.\n\n## Sección {i}\n\nCuerpo {i}.\n")
    write(d / "policy" / "m.yaml", "title: X\nfiles:\n" + "".join(f"  - {f}\n" for f in names)
          + "drafts:\n  - id: b1\n    title: B1\n    date: 2022-01-01\n    stage: x\n    ref: HEAD\n")
    git = ["git", "-C", str(d), "-c", "user.email=b@e", "-c", "user.name=bench"]
    subprocess.run(git[:3] + ["init", "-q"], check=True)
    subprocess.run(git + ["add", "-A"], check=True)
    subprocess.run(git + ["commit", "-qm", "bench"], check=True)
    write(d / "policy" / names[8000], "Texto cambiado.\n\n## Sección 8000\n\nCuerpo.\n")
    yield ("manifest of 16,000 files", "≤ 1 s", lambda t, m, g: t <= 1.0,
           lambda b: [b, "diff", "b1", "WORKTREE", "--manifest", "policy/m.yaml",
                      "--format", "json"], d)

    d = tmp / "divs"
    write(d / "old.md", "# A\n\nTexto.\n")
    write(d / "new.md", "# A\n\nTexto.\n\n" + "<div>" * 100_000 + "x" + "</div>" * 100_000 + "\n")
    yield ("report, 100,000 nested <div>", "≤ 2 s", lambda t, m, g: t <= 2.0,
           lambda b: [b, "report", "old.md", "new.md", "-o", "r.html"], d)

    d = tmp / "levels"
    write(d / "old.md", "\n".join("#" * (1 + i % 4) + f" Sección {i}\n\nTexto {i}.\n" for i in range(60_000)))
    write(d / "new.md", "\n".join("#" * (1 + (i + 1) % 4) + f" Sección {i}\n\nTexto {i}.\n" for i in range(60_000)))
    yield ("report, 60,000 headings shift level", "≤ 3 s", lambda t, m, g: t <= 3.0,
           lambda b: [b, "report", "old.md", "new.md", "-o", "r.html"], d)

    for name, sep in (("5 MB section rewritten, one paragraph", " "),
                      ("5 MB section rewritten, short lines", "\n")):
        d = tmp / name.replace(" ", "-").replace(",", "")
        write(d / "old.md", "# Sección\n\n" + sentences(rng, 5_000_000, sep) + "\n")
        write(d / "new.md", "# Sección\n\n" + sentences(rng, 5_000_000, sep) + "\n")
        size = ((d / "old.md").stat().st_size + (d / "new.md").stat().st_size) / 2**20
        yield (name, f"RSS ≤ {10 * size:.0f} MiB", lambda t, m, g, s=size: m <= 10 * s,
               lambda b: [b, "diff", "old.md", "new.md", "--format", "json"], d)

    d = tmp / "unique"
    old = "".join(f"## Artículo único {i}\n\n{sentences(rng, 60, ' ')}\n\n" for i in range(100_000))
    new = "".join(f"## Artículo único {i}\n\n{sentences(rng, 60, ' ')}\n\n" for i in range(100_000))
    write(d / "old.md", old)
    write(d / "new.md", new)
    yield ("100,000 headings, every body changed", "≤ 2× git", lambda t, m, g: g and t <= 2 * g,
           lambda b: [b, "diff", "old.md", "new.md", "--format", "json"], d)


def main():
    args = [a for a in sys.argv[1:] if not a.startswith("--")]
    runs = 5
    if "--runs" in sys.argv:
        runs = int(sys.argv[sys.argv.index("--runs") + 1])
        args = [a for a in args if a != str(runs)]
    after = args[0] if args else str(root / "target" / "release" / "cotejo")
    before = args[1] if len(args) > 1 else None
    print(f"# {time.strftime('%Y-%m-%d')}, {os.cpu_count()} cores, median of {runs} runs"
          + (", ABBA against the before binary" if before else ""))
    print("| input | bound | cotejo s | peak MiB | git s | met |" + (" before s | ratio |" if before else ""))
    print("|---|---|---|---|---|---|" + ("---|---|" if before else ""))
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        for name, bound, met, argv, d in cases(Path(tmp)):
            binaries = [after] + ([before] if before else [])
            times = {b: [] for b in binaries}
            rss = {b: [] for b in binaries}
            for k in range(runs):
                for b in (binaries if k % 2 == 0 else binaries[::-1]):
                    t, m = run(argv(b), d)
                    times[b].append(t)
                    rss[b].append(m)
            git_s = None
            if "git" in bound:
                git_s = statistics.median(
                    run(["git", "diff", "--no-index", "--word-diff=porcelain", "old.md", "new.md"], d)[0]
                    for _ in range(runs))
            t, m = statistics.median(times[after]), statistics.median(rss[after])
            ok = met(t, m, git_s)
            failed |= not ok
            row = (f"| {name} | {bound} | {t:.2f} | {m:.0f} | "
                   f"{'' if git_s is None else f'{git_s:.2f}'} | {'yes' if ok else 'NO'} |")
            if before:
                tb = statistics.median(times[before])
                row += f" {tb:.2f} | {t / tb:.2f}× |"
            print(row, flush=True)
    sys.exit(1 if failed else 0)


main()
