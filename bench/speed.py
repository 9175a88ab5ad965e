#!/usr/bin/env python3
"""newsparse against trafilatura on the same pages: pages/s, latency, peak memory.

    python bench/speed.py [PAGES_DIR ...] [--repeat N] [--rounds R] [--tools newsparse,trafilatura]

PAGES_DIR defaults to ../shared/corpus/scrapinghub/pages. Each tool runs in a
process of its own (so peak memory is its own) over the same files, read into
memory (and inflated, where gzipped) first: the time is extraction only (HTML
bytes -> record as JSON), no disk, no start-up. trafilatura is optional:
`pip install -e '.[bench]'`. This script installs nothing.

The tools take turns, R rounds (default 3), and each is reported by its median
round: on a shared or virtual machine, a burst of load during one tool's run
would otherwise decide the ratio.
"""
from __future__ import annotations

import argparse
import gzip
import json
import resource
import statistics
import subprocess
import sys
import time
from pathlib import Path

DEFAULT_PAGES = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus" / "scrapinghub" / "pages"


def page_files(folders: list[Path]) -> list[Path]:
    return sorted(p for folder in folders for p in folder.rglob("*") if p.is_file())


def run_newsparse(pages: list[bytes]) -> list[float]:
    import newsparse

    timings = []
    for data in pages:
        start = time.perf_counter()
        try:
            newsparse.render(newsparse.parse(data), "jsonl")
        except newsparse.NewsparseError:
            pass
        timings.append(time.perf_counter() - start)
    return timings


def run_trafilatura(pages: list[bytes]) -> list[float]:
    import trafilatura

    timings = []
    for data in pages:
        start = time.perf_counter()
        trafilatura.extract(data, output_format="json", with_metadata=True)
        timings.append(time.perf_counter() - start)
    return timings


def gunzipped(data: bytes) -> bytes:
    return gzip.decompress(data) if data[:2] == b"\x1f\x8b" else data


RUNNERS = {"newsparse": run_newsparse, "trafilatura": run_trafilatura}


def child(tool: str, files: list[str], repeat: int) -> None:
    # Both tools get the same HTML bytes: gzipped corpus files are inflated before
    # timing (trafilatura does not read gzip), so neither is charged for it.
    pages = [gunzipped(Path(f).read_bytes()) for f in files] * repeat
    timings = RUNNERS[tool](pages)
    peak_kib = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss
    print(json.dumps({"timings": timings, "peak_mib": peak_kib / 1024}))


def measure(tool: str, files: list[Path], repeat: int) -> dict | None:
    command = [sys.executable, __file__, "--child", tool, "--repeat", str(repeat), *map(str, files)]
    proc = subprocess.run(command, capture_output=True, text=True)
    if proc.returncode != 0:
        print(f"{tool}: not measured ({proc.stderr.strip().splitlines()[-1] if proc.stderr.strip() else 'failed'})")
        return None
    return json.loads(proc.stdout)


def median_round(results: list[dict]) -> dict:
    return sorted(results, key=lambda result: sum(result["timings"]))[len(results) // 2]


def report(tool: str, result: dict) -> float:
    timings = result["timings"]
    ms = sorted(t * 1000 for t in timings)
    rate = len(timings) / sum(timings)
    print(f"{tool:<12} {len(timings):>6} pages  {rate:8.1f} pages/s  median {statistics.median(ms):6.2f} ms  "
          f"p95 {ms[max(0, int(len(ms) * 0.95) - 1)]:7.2f} ms  peak {result['peak_mib']:6.1f} MiB")
    return rate


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("paths", nargs="*", type=Path)
    parser.add_argument("--repeat", type=int, default=1, help="run over the pages this many times")
    parser.add_argument("--rounds", type=int, default=3, help="alternate the tools this many times")
    parser.add_argument("--tools", default="newsparse,trafilatura")
    parser.add_argument("--child", help=argparse.SUPPRESS)
    args = parser.parse_args(argv)
    if args.child:
        child(args.child, [str(p) for p in args.paths], args.repeat)
        return 0
    files = page_files(args.paths or [DEFAULT_PAGES])
    if not files:
        parser.error(f"no pages found in {', '.join(map(str, args.paths or [DEFAULT_PAGES]))}")
    rounds: dict[str, list[dict]] = {}
    for _ in range(max(1, args.rounds)):
        for tool in args.tools.split(","):
            result = measure(tool, files, args.repeat)
            if result is not None:
                rounds.setdefault(tool, []).append(result)
    rates = {tool: report(tool, median_round(results)) for tool, results in rounds.items()}
    if "newsparse" in rates and "trafilatura" in rates:
        print(f"newsparse is {rates['newsparse'] / rates['trafilatura']:.1f}x trafilatura's pages/s")
    return 0


if __name__ == "__main__":
    sys.exit(main())
