#!/usr/bin/env python3
"""The command line on a large batch: how --jobs scales, and whether memory stays flat.

    python bench/batch.py [PAGES_DIR ...] [--pages N] [--jobs 1,2] [--rounds R]

Builds a directory of N pages (default 10,000) out of the pages given (default
../shared/corpus/scrapinghub/pages), as links under distinct names, and runs
`newsparse -f jsonl --jobs J DIR` over it for each J, the settings taking turns for
R rounds (default 3). For each run: the wall time, pages per second, and the
proportional set size (PSS: shared pages split between the processes that share
them) of the whole process tree, sampled every 50 ms; reported are its peak and its
mean over each tenth of the run, so growth over the batch shows. Linux only (PSS
comes from /proc). The newsparse run is the one on PATH, or --cmd.
"""
from __future__ import annotations

import argparse
import os
import shlex
import statistics
import subprocess
import sys
import tempfile
import time
from pathlib import Path

DEFAULT_PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "scrapinghub" / "pages"
SAMPLE_SECONDS = 0.05


def build_batch(sources: list[Path], count: int, folder: Path) -> None:
    for n in range(count):
        source = sources[n % len(sources)]
        suffix = "".join(source.suffixes[-2:]) if source.suffix == ".gz" else source.suffix
        os.symlink(source, folder / f"{n:06d}{suffix}")


def tree_pss_kib(root: int) -> int:
    """The PSS of `root` and every process below it, in KiB (0 when it has gone)."""
    children: dict[int, list[int]] = {}
    for entry in os.scandir("/proc"):
        if entry.name.isdigit():
            try:
                with open(f"/proc/{entry.name}/stat") as stat:
                    parent = int(stat.read().rsplit(")", 1)[1].split()[1])
            except (OSError, IndexError, ValueError):
                continue
            children.setdefault(parent, []).append(int(entry.name))
    total, todo = 0, [root]
    while todo:
        pid = todo.pop()
        todo.extend(children.get(pid, ()))
        try:
            with open(f"/proc/{pid}/smaps_rollup") as rollup:
                for line in rollup:
                    if line.startswith("Pss:"):
                        total += int(line.split()[1])
                        break
        except OSError:
            pass
    return total


def run(command: list[str]) -> tuple[float, list[int]]:
    start = time.perf_counter()
    process = subprocess.Popen(command, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
    samples = []
    while process.poll() is None:
        samples.append(tree_pss_kib(process.pid))
        time.sleep(SAMPLE_SECONDS)
    wall = time.perf_counter() - start
    if process.returncode not in (0, 1):  # 1: some inputs failed, as a corpus may have
        sys.exit(f"{shlex.join(command)} failed with exit {process.returncode}: {process.stderr.read()[-500:]!r}")
    return wall, [s for s in samples if s]


def tenths(samples: list[int]) -> list[float]:
    size = max(1, len(samples) // 10)
    return [statistics.mean(samples[i:i + size]) / 1024 for i in range(0, size * 10, size) if samples[i:i + size]]


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--pages", type=int, default=10_000)
    parser.add_argument("--jobs", default="1,2", help="comma-separated --jobs values")
    parser.add_argument("--rounds", type=int, default=3)
    parser.add_argument("--cmd", default="newsparse", help="the newsparse command (default: on PATH)")
    args = parser.parse_args(argv)
    sources = sorted(p for folder in (args.paths or [DEFAULT_PAGES]) for p in folder.rglob("*") if p.is_file())
    jobs = [int(j) for j in args.jobs.split(",")]
    walls: dict[int, list[float]] = {j: [] for j in jobs}
    peaks: dict[int, list[int]] = {j: [] for j in jobs}
    profiles: dict[int, list[float]] = {}
    with tempfile.TemporaryDirectory() as folder:
        build_batch(sources, args.pages, Path(folder))
        for _ in range(args.rounds):
            for j in jobs:
                wall, samples = run([*shlex.split(args.cmd), "-f", "jsonl", "--jobs", str(j), "--quiet", folder])
                walls[j].append(wall)
                peaks[j].append(max(samples, default=0))
                profiles[j] = tenths(samples)
    print(f"{args.pages} pages from {len(sources)} files, {args.rounds} rounds, medians")
    base = statistics.median(walls[jobs[0]])
    for j in jobs:
        wall = statistics.median(walls[j])
        print(f"--jobs {j}: {wall:7.1f} s  {args.pages / wall:6.1f} pages/s  x{base / wall:4.2f} of --jobs {jobs[0]}"
              f"  peak PSS {statistics.median(peaks[j]) / 1024:6.1f} MiB")
        print("    PSS by tenth of the run (MiB, last round): " + " ".join(f"{m:.0f}" for m in profiles[j]))
    return 0


if __name__ == "__main__":
    raise SystemExit(main())
