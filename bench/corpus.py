#!/usr/bin/env python3
"""Score newsparse on benchmark corpora and time it, in one process.

    python bench/corpus.py [CORPUS_ROOT] [--corpus NAME ...] [--keep DIR]

CORPUS_ROOT (default ../shared/corpus) holds one folder per corpus with
`pages/` and `truth.jsonl`; the scorer is the corpus's own
(`CORPUS_ROOT/../tools/score.py`), so the figures are the ones reviews use.
Prints, per corpus, the quality scores and pages per second of extraction
(bytes in memory -> Article -> JSON, parse and render only: no disk, no
process start-up).
"""
from __future__ import annotations

import argparse
import importlib.util
import json
import statistics
import sys
import tempfile
import time
from pathlib import Path

import newsparse

DEFAULT_ROOT = Path(__file__).resolve().parent.parent.parent / "shared" / "corpus"


def load_scorer(root: Path):
    path = root.parent / "tools" / "score.py"
    if not path.exists():
        sys.exit(f"bench: no scorer at {path}; the corpus folder should sit beside tools/score.py")
    spec = importlib.util.spec_from_file_location("corpus_score", path)
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    return module


def run_corpus(corpus: Path, scorer) -> tuple[list[dict], list[float]]:
    predictions, timings = [], []
    for truth in scorer.load_truth(corpus):
        data = (corpus / truth["file"]).read_bytes()
        start = time.perf_counter()
        try:
            record = json.loads(newsparse.render(newsparse.parse(data, path=truth["file"]), "jsonl"))
        except newsparse.NewsparseError as error:
            record = {"error": str(error)}
        timings.append(time.perf_counter() - start)
        predictions.append({
            "id": truth["id"], "text": record.get("text") or "", "title": record.get("title"),
            "authors": [a["name"] for a in record.get("authors") or []], "published": record.get("published"),
            "lang": record.get("language"), "site_name": record.get("site_name"), "error": record.get("error"),
        })
    return predictions, timings


def summary_line(name: str, result: dict, timings: list[float]) -> str:
    parts = [f"{name:<12} {len(timings):>4} pages"]
    if "body" in result:
        parts.append(f"body F1 {result['body']['f1']:.3f} (acc {result['body']['accuracy']:.3f})")
    if "snippets" in result:
        parts.append(f"snippet F {result['snippets']['f1']:.3f}")
    for key, field in (("title", "exact"), ("authors", "exact"), ("published", "accuracy"), ("lang", "accuracy")):
        if key in result and field in result[key]:
            parts.append(f"{key} {result[key][field]:.3f}")
    total = sum(timings)
    ms = sorted(t * 1000 for t in timings)
    parts.append(f"| {len(timings) / total:.0f} pages/s, median {statistics.median(ms):.1f} ms, "
                 f"p95 {ms[int(len(ms) * 0.95) - 1]:.1f} ms")
    return "  ".join(parts)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT, help="folder of corpora")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--keep", type=Path, help="write predictions as <corpus>.jsonl into DIR")
    args = parser.parse_args(argv)

    scorer = load_scorer(args.root)
    names = args.corpus or sorted(p.name for p in args.root.iterdir() if (p / "truth.jsonl").exists())
    for name in names:
        corpus = args.root / name
        predictions, timings = run_corpus(corpus, scorer)
        with tempfile.TemporaryDirectory() as tmp:
            pred_path = Path(args.keep or tmp) / f"{name}.jsonl"
            pred_path.parent.mkdir(parents=True, exist_ok=True)
            pred_path.write_text("".join(json.dumps(p) + "\n" for p in predictions), encoding="utf-8")
            result = scorer.score(scorer.load_truth(corpus), scorer.read_jsonl(pred_path), n_bootstrap=0)
        print(summary_line(name, result, timings), flush=True)
    return 0


if __name__ == "__main__":
    sys.exit(main())
