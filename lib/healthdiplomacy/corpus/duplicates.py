"""Near-duplicate articles: republished copies found with MinHash and LSH.

A site that republishes an agency's story changes its header line, puts its own name
before the lead ("به گزارش ..."), cuts a footer or edits a few words; the exact
:func:`~healthdiplomacy.corpus.articles.content_hash` no longer matches. Such a copy
is found here by the *Jaccard similarity of its word 3-shingles* (sequences of three
words of the text in match form, so spelling variants agree), estimated by MinHash
(128 permutations) and looked up with locality-sensitive hashing (``datasketch``):
each article is compared only with the few that share an LSH band, never with every
other (near-linear in the corpus size; ``bench/duplicates.py`` measures it).

The threshold, :data:`NEAR_DUPLICATE_THRESHOLD` = 0.5: a copy with a new header line,
an agency prefix and a handful of edited words keeps well above 0.7 (an edited word
changes at most three shingles); two different stories, even on the same event and
from the same agency, share a few stock phrases and stay below 0.2. Half the shingles
shared is far from both. Articles are compared within their language only (a
translation is an event, not a copy).

>>> import pandas as pd
>>> story = "the minister of health met his counterpart and they signed a memorandum on medicine " * 3
>>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "language": ["en"] * 3, "duplicate_of": ["", "", ""],
...     "text": [story, "Tehran Times - " + story.replace("signed", "inked", 1), "a different story on beds " * 9]})
>>> mark_near_duplicates(articles)["duplicate_of"].tolist()
['', 'a', '']
"""

from __future__ import annotations

import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..text.normalize import match_form

if TYPE_CHECKING:  # (datasketch itself is imported where it is used: it pulls in scipy, ~1.4 s)
    from datasketch import MinHash

NEAR_DUPLICATE_THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles (see the module's note)
NUM_PERM = 128  # MinHash permutations: the estimate's standard error is about 0.04
SHINGLE_WORDS = 3
NEAR_DUPLICATE_COLUMNS = ["article_id", "duplicate_of", "similarity", "language"]


def _identity(value: int) -> int:
    return value


def shingle_hashes(text: str, words: dict[str, int] | None = None, size: int = SHINGLE_WORDS) -> np.ndarray:
    """The 32-bit hashes of the text's word ``size``-grams (its words in match form, so
    spelling variants agree; the words themselves when the text is shorter), distinct.

    Each word is hashed once (crc32: in C, and the same in every process, as Python's
    ``hash()`` of a string is not); a shingle's hash mixes its words' hashes with
    numpy, so no shingle string is built. ``words`` caches word hashes across texts.

    >>> shingle_hashes("Iran Iraq MoU") .tolist() == shingle_hashes("iran  iraq MoU").tolist()
    True
    >>> len(shingle_hashes("a b c d")), len(shingle_hashes("a b"))
    (2, 2)
    """
    cache = {} if words is None else words
    tokens = match_form(text).split()
    hashes = np.fromiter((cache[w] if w in cache else cache.setdefault(w, zlib.crc32(w.encode("utf-8")))
                          for w in tokens), dtype=np.uint64, count=len(tokens))
    if len(hashes) < size:
        return np.unique(hashes)
    mixed = np.zeros(len(hashes) - size + 1, dtype=np.uint64)
    for offset in range(size):  # (h0 * M + h1) * M + h2, modulo 2**64, folded to 32 bits
        mixed = mixed * np.uint64(0x9E3779B1) + hashes[offset:len(hashes) - size + 1 + offset]
    return np.unique((mixed ^ (mixed >> np.uint64(32))) & np.uint64(0xFFFFFFFF))


@lru_cache(maxsize=4)
def _permutations(num_perm: int):
    # made once: datasketch draws them again for every MinHash otherwise (a third of the time)
    from datasketch import MinHash

    template = MinHash(num_perm=num_perm, hashfunc=_identity)
    return template.permutations, template.scheme


def signature(text: str, num_perm: int = NUM_PERM, words: dict[str, int] | None = None) -> "MinHash":
    """The MinHash of a text's shingles.

    >>> signature("Iran and Iraq signed a memorandum").jaccard(signature("Iran and Iraq signed a memorandum"))
    1.0
    """
    permutations, scheme = _permutations(num_perm)
    from datasketch import MinHash

    minhash = MinHash(num_perm=num_perm, hashfunc=_identity, permutations=permutations, scheme=scheme)
    hashes = shingle_hashes(text, words)
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    return minhash


def near_duplicates(articles: pd.DataFrame, threshold: float = NEAR_DUPLICATE_THRESHOLD,
                    num_perm: int = NUM_PERM) -> pd.DataFrame:
    """The copies in ``articles`` (columns article_id, text, language; ``duplicate_of``
    if present), one row each: the original it repeats (the first of its group in the
    frame's order), the estimated similarity, the language (:data:`NEAR_DUPLICATE_COLUMNS`).

    Exact duplicates already flagged in ``duplicate_of`` are kept with similarity 1.
    A copy of a copy goes to the first original.

    >>> import pandas as pd
    >>> text = "وزیر بهداشت ایران با همتای عراقی خود در تهران دیدار و درباره دارو گفتگو کرد " * 2
    >>> frame = pd.DataFrame({"article_id": ["x", "y"], "language": ["fa", "fa"],
    ...                       "text": [text, "به گزارش ایرنا، " + text]})
    >>> near_duplicates(frame)[["article_id", "duplicate_of"]].values.tolist()
    [['y', 'x']]
    """
    if not 0 < threshold <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r}")
    flagged = articles["duplicate_of"].fillna("").astype(str) if "duplicate_of" in articles else \
        pd.Series("", index=articles.index)
    rows = []
    root: dict[str, str] = {}
    languages = articles["language"].fillna("").astype(str) if "language" in articles else \
        pd.Series("", index=articles.index)
    for language in sorted(set(languages)):
        part = articles[languages == language]
        exact = flagged[languages == language]
        from datasketch import MinHashLSH

        lsh = MinHashLSH(threshold=threshold, num_perm=num_perm)
        stored: dict[tuple[int, str], "MinHash"] = {}
        ids = part["article_id"].astype(str).tolist()
        todo = [i for i, e in zip(range(len(ids)), exact) if not e]
        texts = part["text"].fillna("").astype(str).tolist()
        words: dict[str, int] = {}
        hashes = (signature(texts[i], num_perm, words) for i in todo)
        for i, first in zip(range(len(ids)), exact):
            if first:
                rows.append((ids[i], root.get(first, first), 1.0, language))
                root[ids[i]] = root.get(first, first)
        for i, minhash in zip(todo, hashes):
            article = ids[i]
            if minhash.is_empty():
                continue  # an empty text repeats nothing
            best, similarity = None, 0.0
            for candidate in lsh.query(minhash):
                estimate = minhash.jaccard(stored[candidate])
                # the earliest original wins a tie: the order of the frame is the order read
                if estimate >= threshold and (estimate > similarity or
                                              estimate == similarity and candidate[0] < best[0]):
                    best, similarity = candidate, estimate
            if best is not None:
                original = root.get(ids[best[0]], ids[best[0]])
                root[article] = original
                rows.append((article, original, round(similarity, 3), language))
            # every article goes in, copies too: a copy of a copy is still found
            lsh.insert((i, article), minhash, check_duplication=False)
            stored[(i, article)] = minhash
    return pd.DataFrame(rows, columns=NEAR_DUPLICATE_COLUMNS)


def mark_near_duplicates(articles: pd.DataFrame, threshold: float = NEAR_DUPLICATE_THRESHOLD) -> pd.DataFrame:
    """A copy of ``articles`` whose ``duplicate_of`` also names near-duplicates (see
    :func:`near_duplicates`). Tagging skips an article with ``duplicate_of``, so each
    story is coded once; :func:`copies_per_article` gives the counts with copies.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": ["Iran and Iraq"]})
    >>> mark_near_duplicates(frame)["duplicate_of"].tolist()
    ['']
    """
    found = near_duplicates(articles, threshold)
    out = articles.copy()
    originals = dict(zip(found["article_id"], found["duplicate_of"]))
    out["duplicate_of"] = [originals.get(str(a), "") for a in out["article_id"]]
    return out


def copies_per_article(articles: pd.DataFrame) -> pd.Series:
    """How many articles each original stands for, itself included (index: the
    originals' ids): multiply a count by it to count copies, use 1 to leave them out.

    >>> import pandas as pd
    >>> frame = pd.DataFrame({"article_id": ["a", "b", "c"], "duplicate_of": ["", "a", ""]})
    >>> copies_per_article(frame).to_dict()
    {'a': 2, 'c': 1}
    """
    duplicate_of = articles["duplicate_of"].fillna("").astype(str)
    originals = articles.loc[duplicate_of == "", "article_id"].astype(str)
    counts = duplicate_of[duplicate_of != ""].value_counts()
    return pd.Series([1 + int(counts.get(a, 0)) for a in originals], index=originals.tolist(), name="articles")
