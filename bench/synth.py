"""A deterministic synthetic corpus: seed sentences recombined into new articles.

Article ``i`` depends only on ``(SEED, i)``, so the 10k corpus is the first
tenth of the 100k one and every run builds byte-identical files. About 1 in
100 articles repeats an earlier one under a new id, so the loader's duplicate
detection and the tagger's skipping of duplicates are exercised too.

>>> a, b = synthetic_articles(3), synthetic_articles(3)
>>> a == b, len(a), sorted(a[0])
(True, 3, ['id', 'published', 'text', 'title'])
"""

from __future__ import annotations

import json
import os
import random
from functools import lru_cache
from pathlib import Path

from healthdiplomacy.corpus import SEEDS, article_from_text
from healthdiplomacy.text.sentences import split_sentences

SEED = 20240601
DUPLICATE_EVERY = 100  # about 1% of the articles repeat an earlier one
PARAGRAPHS = (2, 7)  # paragraphs per article (inclusive range)
SENTENCES_PER_PARAGRAPH = (1, 4)
# The seeds' mix: three Persian articles to one English.
LANGUAGE_WEIGHTS = (("fa", 3), ("en", 1))


@lru_cache(maxsize=1)
def sentence_pools() -> dict[str, dict[str, tuple[str, ...]]]:
    """Titles and body sentences of the seed articles, by language.

    >>> pools = sentence_pools(); sorted(pools), len(pools["fa"]["titles"])
    (['en', 'fa'], 3)
    """
    pools: dict[str, dict[str, list[str]]] = {}
    for path in sorted(SEEDS.glob("*.txt")):
        row = article_from_text(path.read_text(encoding="utf-8"), path.stem)
        pool = pools.setdefault(row["language"], {"titles": [], "sentences": []})
        pool["titles"].append(row["title"])
        pool["sentences"].extend(s.text for s in split_sentences(row["text"]) if len(s.text) > 20)
    return {lang: {k: tuple(v) for k, v in pool.items()} for lang, pool in pools.items()}


def synthetic_article(index: int) -> dict:
    """The ``index``-th article of the synthetic corpus (a JSONL record).

    >>> synthetic_article(7)["id"]
    'bench-0000007'
    """
    rng = random.Random(SEED * 1_000_003 + index)
    if index and index % DUPLICATE_EVERY == 0:
        original = synthetic_article(rng.randrange(index))
        return {**original, "id": f"bench-{index:07d}"}
    languages, weights = zip(*LANGUAGE_WEIGHTS)
    pool = sentence_pools()[rng.choices(languages, weights)[0]]
    paragraphs = [" ".join(rng.choice(pool["sentences"]) for _ in range(rng.randint(*SENTENCES_PER_PARAGRAPH)))
                  for _ in range(rng.randint(*PARAGRAPHS))]
    day = rng.randrange(3650)
    return {"id": f"bench-{index:07d}", "title": rng.choice(pool["titles"]),
            "published": f"{2015 + day // 365}-{day % 365 // 31 + 1:02d}-{day % 31 % 28 + 1:02d}",
            "text": "\n\n".join(paragraphs)}


def synthetic_articles(count: int) -> list[dict]:
    """The first ``count`` articles (small counts only: a list)."""
    return [synthetic_article(i) for i in range(count)]


def write_jsonl(path: Path, count: int) -> Path:
    """Write ``count`` articles to ``path`` (UTF-8 JSONL, Persian unescaped), unless
    a complete file is already there. Written to a temporary name, then renamed,
    so an interrupted run never leaves a truncated corpus behind."""
    path = Path(path)
    if path.is_file():
        return path
    path.parent.mkdir(parents=True, exist_ok=True)
    partial = path.with_suffix(".partial")
    with open(partial, "w", encoding="utf-8", newline="\n") as handle:
        for i in range(count):
            handle.write(json.dumps(synthetic_article(i), ensure_ascii=False) + "\n")
    os.replace(partial, path)
    return path
