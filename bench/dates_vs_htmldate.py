#!/usr/bin/env python3
"""newsparse's published date beside htmldate's, on the corpora with a reference date.

    python bench/dates_vs_htmldate.py [CORPUS_ROOT] [--corpus NAME ...] [--fast] [--list]

Needs the bench extra (`pip install -e '.[bench]'`, which brings htmldate). For each
corpus (default: readability, trafilatura, wcxb) and each page whose reference has a
published date, both tools read the same bytes with no URL given; a date is right when
its YYYY-MM-DD equals the reference's, the rule of the corpus's own scorer (score.py's
norm_date). htmldate runs as `find_date(html, original_date=True,
extensive_search=True)` (`--fast`: extensive_search=False).

Prints per corpus: each tool's accuracy; the pages where htmldate is right and newsparse
wrong, grouped by what newsparse did (found none / gave another date) and by the source
newsparse's date came from; and the other way round. Then, for each metadata field with a
reference (title, authors, published), newsparse's accuracy at each confidence level the
record gives: it should rise from low to high. `--list` prints the disagreeing pages.
"""
from __future__ import annotations

import argparse
import gzip
import json
import sys
import warnings
from collections import Counter, defaultdict
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent))
from corpus import DEFAULT_ROOT, load_scorer  # noqa: E402

import newsparse  # noqa: E402

CORPORA = ("readability", "trafilatura", "wcxb")
LEVELS = ("high", "medium", "low")


def htmldate_published(data: bytes, extensive: bool) -> str | None:
    from htmldate import find_date

    if data[:2] == b"\x1f\x8b":
        data = gzip.decompress(data)
    try:
        with warnings.catch_warnings():
            warnings.simplefilter("ignore")
            return find_date(data, original_date=True, extensive_search=extensive)
    except Exception:  # a failure on one page is that page's miss, not the run's end
        return None


def newsparse_record(data: bytes, path: str) -> dict:
    try:
        return json.loads(newsparse.render(newsparse.parse(data, path=path), "jsonl"))
    except newsparse.NewsparseError:
        return {}


def field_correct(scorer, field: str, truth: dict, record: dict) -> bool | None:
    """Whether the record's field matches the reference, by the scorer's rules (None: no reference)."""
    if field == "published":
        reference = scorer.norm_date(truth.get("published"))
        return None if not reference else scorer.norm_date(record.get("published")) == reference
    if field == "title":
        return None if not truth.get("title") else bool(scorer.title_match(truth["title"], record.get("title"))[0])
    if field == "authors":
        names = [a["name"] for a in record.get("authors") or []]
        if not truth.get("authors"):
            return None
        reference = scorer.author_set(truth["authors"])
        return bool(reference) and reference == scorer.author_set(names)
    return None


def compare_corpus(corpus: Path, scorer, extensive: bool, show: bool) -> dict[str, dict[str, list[bool]]]:
    """Prints the date comparison for one corpus; returns field -> level -> [correct, ...]."""
    counts = Counter()
    newsparse_only: Counter = Counter()
    htmldate_only: Counter = Counter()
    listing: list[str] = []
    by_level: dict[str, dict[str, list[bool]]] = defaultdict(lambda: defaultdict(list))
    for truth in scorer.load_truth(corpus):
        data = (corpus / truth["file"]).read_bytes()
        record = newsparse_record(data, truth["file"])
        confidence = record.get("confidence") or {}
        for field in ("title", "authors", "published"):
            correct = field_correct(scorer, field, truth, record)
            if correct is not None and confidence.get(field):
                by_level[field][confidence[field]].append(correct)
        reference = scorer.norm_date(truth.get("published"))
        if not reference:
            continue
        ours = scorer.norm_date(record.get("published"))
        theirs = scorer.norm_date(htmldate_published(data, extensive))
        source = (record.get("provenance") or {}).get("published", "-")
        counts["pages"] += 1
        counts["newsparse"] += ours == reference
        counts["htmldate"] += theirs == reference
        if theirs == reference and ours != reference:
            newsparse_only["none found" if ours is None else f"other date ({source})"] += 1
        elif ours == reference and theirs != reference:
            htmldate_only["none found" if theirs is None else f"other date ({source})"] += 1
        if show and (ours == reference) != (theirs == reference):
            listing.append(f"    {truth['id']:<40} ref {reference}  newsparse {ours} ({source})  htmldate {theirs}")
    pages = counts["pages"] or 1
    print(f"{corpus.name}: {counts['pages']} pages with a date; accuracy newsparse "
          f"{counts['newsparse'] / pages:.3f}, htmldate {counts['htmldate'] / pages:.3f}")
    print(f"  htmldate right, newsparse wrong: {sum(newsparse_only.values())}")
    for what, n in sorted(newsparse_only.items(), key=lambda item: (-item[1], item[0])):
        print(f"    {n:>4}  newsparse {what}")
    print(f"  newsparse right, htmldate wrong: {sum(htmldate_only.values())}")
    for what, n in sorted(htmldate_only.items(), key=lambda item: (-item[1], item[0])):
        print(f"    {n:>4}  htmldate {what.split(' (')[0]}" + (f" (newsparse: {what.split(' (')[1]}"
                                                             if " (" in what else ""))
    for line in listing:
        print(line)
    return by_level


def print_confidence_table(name: str, by_level: dict[str, dict[str, list[bool]]]) -> None:
    if not by_level:
        return
    print(f"  {name}: accuracy by confidence (pages)")
    for field in ("title", "authors", "published"):
        cells = []
        for level in LEVELS:
            results = by_level.get(field, {}).get(level, [])
            cells.append(f"{level} {sum(results) / len(results):.3f} ({len(results)})" if results
                         else f"{level}    -  (0)")
        print(f"    {field:<10} " + "   ".join(cells))


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__, formatter_class=argparse.RawDescriptionHelpFormatter)
    parser.add_argument("root", nargs="?", type=Path, default=DEFAULT_ROOT, help="folder of corpora")
    parser.add_argument("--corpus", action="append", help="only this corpus (repeatable)")
    parser.add_argument("--fast", action="store_true", help="htmldate without extensive_search")
    parser.add_argument("--list", action="store_true", help="print the pages where the two disagree")
    args = parser.parse_args(argv)
    try:
        import htmldate  # noqa: F401
    except ImportError:
        sys.exit("bench: htmldate is not installed; pip install -e '.[bench]'")
    scorer = load_scorer(args.root)
    tables = {}
    for name in args.corpus or CORPORA:
        tables[name] = compare_corpus(args.root / name, scorer, not args.fast, args.list)
    if any(tables.values()):
        print("\nnewsparse's confidence against the references")
        for name, by_level in tables.items():
            print_confidence_table(name, by_level)
    return 0


if __name__ == "__main__":
    sys.exit(main())
