"""Near-duplicate detection (healthdiplomacy.corpus.duplicates) at 10k and 100k articles.

Run from the repository root::

    .venv/bin/python bench/duplicates.py                 # 10,000 and 100,000 articles
    .venv/bin/python bench/duplicates.py --sizes 2000    # quicker

The corpus is made here, not by ``bench/synth.py``: its articles recombine the few
sentences of the seeds, so any two share whole sentences and would all be near
each other. Here every article is a fresh sequence of seed *words* (unrelated
stories share stock words, not runs of three), and one in :data:`COPY_EVERY` is a
republished copy of an earlier article: a new header line, an agency prefix, a few
edited words. The run checks that every copy is found with its original and counts
the originals wrongly grouped, then writes its table into ``bench/results.md``
(the section between the two markers; ``bench/run.py`` rewrites the rest).

>>> articles, planted = corpus(30)
>>> len(articles), planted
(30, {'dup-0000020': 'dup-0000015'})
"""

from __future__ import annotations

import argparse
import datetime as dt
import os
import platform
import random
import re
import resource
import sys
import time
from functools import lru_cache
from pathlib import Path

import pandas as pd

sys.path.insert(0, str(Path(__file__).parent))
from synth import sentence_pools  # noqa: E402  (bench/ is not a package)

from healthdiplomacy import NEAR_DUPLICATE_THRESHOLD, near_duplicates  # noqa: E402
from healthdiplomacy.corpus.duplicates import CANDIDATE_THRESHOLD, CONTAINMENT_THRESHOLD  # noqa: E402

COPY_EVERY = 20  # 5% of the articles are republished copies
WORDS = (120, 500)  # words an article
SEED = 17
RESULTS = Path(__file__).parent / "results.md"
BEGIN, END = "<!-- duplicates: begin (bench/duplicates.py) -->", "<!-- duplicates: end -->"


@lru_cache(maxsize=1)
def vocabulary() -> dict[str, tuple[str, ...]]:
    """The words of the seed sentences, by language."""
    return {lang: tuple(sorted({w for s in pool["sentences"] for w in s.split()}))
            for lang, pool in sentence_pools().items()}


def _day(index: int) -> str:
    """A published date a day per article: a copy is always published after its original
    (the original of a group is its earliest article; a copy, with its header, is longer)."""
    return (dt.date(2000, 1, 1) + dt.timedelta(days=index)).isoformat()


def corpus(count: int) -> tuple[pd.DataFrame, dict[str, str]]:
    """(articles, {copy id: original id}) of ``count`` synthetic articles."""
    words = vocabulary()
    rows, planted = [], {}
    for index in range(count):
        rng = random.Random(SEED * 1_000_003 + index)
        article_id = f"dup-{index:07d}"
        if index and index % COPY_EVERY == 0:
            source = rows[rng.randrange(index)]
            if source["article_id"] in planted:  # copy an original: the expected answer is then plain
                source = rows[int(planted[source["article_id"]][4:])]
            text = source["text"].split(" ")
            for spot in rng.sample(range(len(text)), k=4):
                text[spot] = "edited"
            prefix = "به گزارش خبرگزاری نمونه، " if source["language"] == "fa" else "TEHRAN (Agency) - "
            rows.append({"article_id": article_id, "language": source["language"], "title": "Republished",
                         "text": prefix + " ".join(text) + "\nAll rights reserved.", "duplicate_of": "",
                         "published": _day(index)})
            planted[article_id] = source["article_id"]
            continue
        language = "fa" if rng.random() < 0.75 else "en"
        text = " ".join(rng.choice(words[language]) for _ in range(rng.randint(*WORDS)))
        rows.append({"article_id": article_id, "language": language, "title": "", "text": text, "duplicate_of": "",
                     "published": _day(index)})
    return pd.DataFrame(rows), planted


def run(count: int) -> dict:
    articles, planted = corpus(count)
    started = time.perf_counter()
    cpu = time.process_time()
    found = near_duplicates(articles)
    wall, cpu = time.perf_counter() - started, time.process_time() - cpu
    pairs = dict(zip(found.article_id, found.duplicate_of))
    return {"articles": count, "copies planted": len(planted),
            "copies found with their original": sum(pairs.get(c) == o for c, o in planted.items()),
            "originals grouped wrongly": sum(1 for a in pairs if a not in planted),
            "wall s": round(wall, 1), "CPU s": round(cpu, 1),
            "µs an article": round(wall / count * 1e6),
            "peak RSS MB": resource.getrusage(resource.RUSAGE_SELF).ru_maxrss // 1024}


def table(results: list[dict]) -> str:
    header = list(results[0])
    lines = ["| " + " | ".join(header) + " |", "|" + "---:|" * len(header)]
    lines += ["| " + " | ".join(f"{r[k]:,}" if isinstance(r[k], int) else str(r[k]) for k in header) + " |"
              for r in results]
    return "\n".join(lines)


def record(results: list[dict]) -> None:
    first, last = results[0], results[-1]
    scale = last["articles"] / first["articles"]
    growth = {k: (last[k] / max(first[k], 1e-9)) / scale for k in ("CPU s", "wall s")}
    section = "\n".join([
        BEGIN, "## Near-duplicate articles (bench/duplicates.py)", "",
        f"MinHash (128 permutations) of word 3-shingles and LSH, threshold {NEAR_DUPLICATE_THRESHOLD} "
        f"(or containment {CONTAINMENT_THRESHOLD}; LSH candidates from {CANDIDATE_THRESHOLD}), signatures kept as "
        "hash value arrays, "
        f"each language apart; one article in {COPY_EVERY} a republished copy (header line, agency prefix, "
        f"4 edited words). {time.strftime('%Y-%m-%d %H:%M UTC', time.gmtime())}, Python "
        f"{platform.python_version()}, {platform.machine()}, {os.cpu_count()} cores, load average "
        f"{' '.join(f'{x:.2f}' for x in os.getloadavg())} at the end (a shared machine: wall time varies, "
        "CPU time less).", "",
        table(results), "",
        f"CPU time per article grows {growth['CPU s']:.2f}x (wall time {growth['wall s']:.2f}x) from "
        f"{first['articles']:,} to {last['articles']:,} articles (1.00 is linear; a pairwise loop would grow "
        f"{scale:.0f}x).", END])
    text = RESULTS.read_text(encoding="utf-8") if RESULTS.is_file() else ""
    pattern = re.compile(re.escape(BEGIN) + ".*?" + re.escape(END), re.S)
    text = pattern.sub(lambda _: section, text) if pattern.search(text) else text.rstrip("\n") + "\n\n" + section
    RESULTS.write_text(text.rstrip("\n") + "\n", encoding="utf-8")


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--sizes", default="10000,100000", help="comma-separated corpus sizes")
    parser.add_argument("--no-record", action="store_true", help="print only; leave bench/results.md alone")
    args = parser.parse_args(argv)
    results = []
    for size in (int(s) for s in args.sizes.split(",")):
        results.append(run(size))
        print(results[-1], flush=True)
    if not args.no_record:
        record(results)
    return 0


if __name__ == "__main__":
    sys.exit(main())
