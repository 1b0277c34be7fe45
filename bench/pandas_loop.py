"""The obvious pandas approach, timed: for every term, ``Series.str.count(term)``.

Usage: ``python bench/pandas_loop.py CORPUS.jsonl TERMS.txt --articles K``

Reads the first K articles' title and text (raw, as grep sees them) into one
Series, then counts every term in it (regex-escaped: terms hold dots and
brackets). Prints one JSON line: the seconds spent counting (not loading),
the bytes of JSONL those K articles take, and the total count.
"""

from __future__ import annotations

import argparse
import json
import re
import sys
import time

import pandas as pd


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus")
    parser.add_argument("terms")
    parser.add_argument("--articles", type=int, default=1000)
    args = parser.parse_args(argv)
    texts, size = [], 0
    with open(args.corpus, "rb") as handle:
        for line in handle:
            if len(texts) == args.articles:
                break
            size += len(line)
            record = json.loads(line)
            texts.append(f"{record.get('title', '')}\n{record['text']}")
    with open(args.terms, encoding="utf-8") as handle:
        terms = [t for t in handle.read().split("\n") if t]
    series = pd.Series(texts)
    start = time.perf_counter()
    total = 0
    for term in terms:
        total += int(series.str.count(re.escape(term)).sum())
    seconds = time.perf_counter() - start
    json.dump({"seconds": seconds, "bytes": size, "articles": len(texts), "terms": len(terms),
               "count": total, "dtype": str(series.dtype)}, sys.stdout)
    print()
    return 0


if __name__ == "__main__":
    sys.exit(main())
