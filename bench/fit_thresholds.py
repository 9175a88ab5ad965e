#!/usr/bin/env python3
"""Fit body-extraction thresholds of newsparse/rules.py on the dev corpora, with a
site-grouped cross-validated figure beside the in-sample one.

    python bench/fit_thresholds.py [--grid NAME=V1,V2,... ...] [--folds K] [--corpus-root DIR]

Every point of the grid (default: the content-region thresholds) is run over every
page of the four dev corpora, in process, with the rules module's constants set to
the point's values. Each point is scored with the project's scorer (shared/tools/
score.py): the objective is the mean of the four headline figures (scrapinghub and
readability body F1, trafilatura snippet F, WCXB word F1).

In sample: the best point on all pages. Cross-validated: pages are grouped by site
(web domain), the groups split into K folds; for each fold the best point on the
other folds is chosen and scored on the fold. A cross-validated objective well below
the in-sample one means the thresholds fit the pages rather than the pattern.
The script prints both, and which point each fold chose.
"""
from __future__ import annotations

import argparse
import hashlib
import itertools
import json
import statistics
import sys
import time
from pathlib import Path
from urllib.parse import urlsplit

ROOT = Path(__file__).resolve().parent.parent
sys.path.insert(0, str(ROOT))
DEFAULT_CORPORA = ROOT.parent / "shared" / "corpus"
CORPORA = ("scrapinghub", "readability", "trafilatura", "wcxb")
DEFAULT_GRID = {
    "REGION_MIN_PICK_SHARE": [0.3, 0.4, 0.5],
    "REGION_MAX_PICK_PROSE": [1000, 1500, 2500],
}


def load_scorer(corpus_root: Path):  # type: ignore[no-untyped-def]
    sys.path.insert(0, str(corpus_root.parent / "tools"))
    import score  # the project's scorer, beside devscore

    return score


def load_pages(corpus_root: Path, score) -> dict[str, list[tuple[dict, bytes]]]:  # type: ignore[no-untyped-def]
    pages = {}
    for corpus in CORPORA:
        truth = score.load_truth(corpus_root / corpus)
        pages[corpus] = [(row, (corpus_root / corpus / row["file"]).read_bytes()) for row in truth]
    return pages


def site_of(corpus: str, row: dict) -> str:
    """The page's web domain: pages of one site share templates, so they must fall in
    the same fold. Readability's fixtures have no URL: their id names the site."""
    if row.get("domain"):
        return row["domain"]
    if row.get("url"):
        return urlsplit(row["url"]).netloc.lower().removeprefix("www.")
    return f"{corpus}:{row['id'].split('-')[0].split('.')[0]}"


def fold_of(site: str, folds: int) -> int:
    return hashlib.sha256(site.encode()).digest()[0] % folds


def predictions(pages: dict[str, list[tuple[dict, bytes]]], point: dict[str, float]) -> dict[str, dict[str, dict]]:
    import newsparse
    from newsparse import rules

    saved = {name: getattr(rules, name) for name in point}
    for name, value in point.items():
        setattr(rules, name, value)
    try:
        out: dict[str, dict[str, dict]] = {}
        for corpus, rows in pages.items():
            out[corpus] = {}
            for row, data in rows:
                try:
                    article = newsparse.parse(data, path=row["file"])
                    out[corpus][row["id"]] = {"id": row["id"], "text": article.text}
                except newsparse.NewsparseError as error:
                    out[corpus][row["id"]] = {"id": row["id"], "text": "", "error": str(error)}
        return out
    finally:
        for name, value in saved.items():
            setattr(rules, name, value)


def headline(score, corpus: str, truth: list[dict], preds: dict[str, dict]) -> float:  # type: ignore[no-untyped-def]
    result = score.score(truth, [preds[t["id"]] for t in truth], n_bootstrap=0)
    if corpus == "trafilatura":
        return result["snippets"]["f1"]
    if corpus == "wcxb":
        return result["body"]["word_f1"]
    return result["body"]["f1"]


def objective(score, pages, preds, keep) -> float:  # type: ignore[no-untyped-def]
    """Mean of the four corpora's headline figures over the pages `keep` accepts."""
    figures = []
    for corpus, rows in pages.items():
        truth = [row for row, _ in rows if keep(corpus, row)]
        if truth:
            figures.append(headline(score, corpus, truth, preds[corpus]))
    return statistics.fmean(figures)


def parse_grid(items: list[str]) -> dict[str, list[float]]:
    if not items:
        return DEFAULT_GRID
    grid = {}
    for item in items:
        name, _, values = item.partition("=")
        grid[name] = [float(v) if "." in v else int(v) for v in values.split(",")]
    return grid


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--grid", nargs="*", default=[], help="NAME=V1,V2,... (a rules.py constant)")
    parser.add_argument("--folds", type=int, default=5)
    parser.add_argument("--corpus-root", type=Path, default=DEFAULT_CORPORA)
    args = parser.parse_args()
    score = load_scorer(args.corpus_root)
    pages = load_pages(args.corpus_root, score)
    grid = parse_grid(args.grid)
    points = [dict(zip(grid, values)) for values in itertools.product(*grid.values())]
    sites = {(corpus, row["id"]): fold_of(site_of(corpus, row), args.folds)
             for corpus, rows in pages.items() for row, _ in rows}

    runs = []
    for point in points:
        start = time.perf_counter()
        preds = predictions(pages, point)
        whole = objective(score, pages, preds, lambda corpus, row: True)
        runs.append((point, preds))
        print(f"{point}  objective {whole:.4f}  ({time.perf_counter() - start:.0f} s)", flush=True)

    in_sample = max(runs, key=lambda run: objective(score, pages, run[1], lambda c, r: True))
    print(f"\nin sample: best {in_sample[0]}  objective "
          f"{objective(score, pages, in_sample[1], lambda c, r: True):.4f}")
    held_out = []
    for fold in range(args.folds):
        def train(corpus: str, row: dict, fold: int = fold) -> bool:
            return sites[(corpus, row["id"])] != fold

        def test(corpus: str, row: dict, fold: int = fold) -> bool:
            return sites[(corpus, row["id"])] == fold

        chosen = max(runs, key=lambda run: objective(score, pages, run[1], train))
        figure = objective(score, pages, chosen[1], test)
        best_here = max(objective(score, pages, run[1], test) for run in runs)
        held_out.append(figure)
        print(f"fold {fold}: chose {chosen[0]}  held-out objective {figure:.4f} (best possible {best_here:.4f})")
    same_folds = [objective(score, pages, in_sample[1], lambda c, r, f=fold: sites[(c, r["id"])] == f)
                  for fold in range(args.folds)]
    print(f"in-sample point, fold by fold: mean objective {statistics.fmean(same_folds):.4f}")
    print(f"cross-validated (site-grouped, {args.folds} folds): mean held-out objective {statistics.fmean(held_out):.4f}")
    print(json.dumps({"in_sample_point": in_sample[0]}))


if __name__ == "__main__":
    main()
