"""Near-duplicate articles: republished copies found with MinHash and LSH.

A site that republishes an agency's story changes its header line, puts its own name
before the lead ("به گزارش ..."), cuts a footer or edits a few words; the exact
:func:`~healthdiplomacy.corpus.articles.content_hash` no longer matches. Such a copy
is found here by the *Jaccard similarity of its word 3-shingles* (sequences of three
words of the text in match form, so spelling variants agree), estimated by MinHash
(128 permutations, ``datasketch``) and looked up with locality-sensitive hashing: each
article is compared only with the few that share an LSH band, never with every other
(near-linear in the corpus size; ``bench/duplicates.py`` measures it). The bands and
rows are those datasketch's ``MinHashLSH`` chooses for the candidate threshold; the
bands are matched by sorting one array of keys a band rather than in its tables of
buckets, so the memory is the signature array (``bench/duplicates.py``: peak RSS).

The threshold, :data:`NEAR_DUPLICATE_THRESHOLD` = 0.5: a copy with a new header line,
an agency prefix and a handful of edited words keeps well above 0.7 (an edited word
changes at most three shingles); two different stories, even on the same event and
from the same agency, share a few stock phrases and stay below 0.2. Half the shingles
shared is far from both. A short item (some 40 words) loses too much to a header, a
footer and a few edits to stay above 0.5, and a copy cut short shares only its part:
so two articles also match when the shorter one's shingles are at least
:data:`CONTAINMENT_THRESHOLD` = 0.6 contained in the longer (estimated from the
MinHash Jaccard and the two shingle counts), provided the shorter has at least
:data:`CONTAINMENT_MIN_SHINGLES` = 20 shingles (a headline alone is in many stories);
the LSH looks for candidates down to :data:`CANDIDATE_THRESHOLD` = 0.25 for this.
Articles are compared within their language only (a translation is an event, not a
copy).

The matches form groups (a copy of a copy belongs to its original's group), and each
group's original is its earliest published article, then the longest text, then the
smallest id: never whichever the frame lists first. Signatures are kept as one array of
hash values per language, not as MinHash objects (bounded memory at 100,000 articles).

>>> import pandas as pd
>>> story = "the minister of health met his counterpart and they signed a memorandum on medicine " * 3
>>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "language": ["en"] * 3, "duplicate_of": ["", "", ""],
...     "text": [story, "Tehran Times - " + story.replace("signed", "inked", 1), "a different story on beds " * 9],
...     "published": ["2024-05-01", "2024-05-02", "2024-05-01"]})
>>> mark_near_duplicates(articles)["duplicate_of"].tolist()   # the copy is a day later
['', 'a', '']
"""

from __future__ import annotations

import re
import zlib
from functools import lru_cache
from typing import TYPE_CHECKING

import numpy as np
import pandas as pd

from ..text.normalize import match_form

if TYPE_CHECKING:  # (datasketch itself is imported where it is used: it pulls in scipy, ~1.4 s)
    from datasketch import MinHash

NEAR_DUPLICATE_THRESHOLD = 0.5  # estimated Jaccard of word 3-shingles (see the module's note)
CONTAINMENT_THRESHOLD = 0.6  # the share of the shorter text's shingles found in the longer
CONTAINMENT_MIN_SHINGLES = 20  # below this, containment is not used (a headline is in many stories)
CANDIDATE_THRESHOLD = 0.25  # the LSH looks this low, so that short copies reach the containment test
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
    return _minhash(shingle_hashes(text, words), num_perm)


def _minhash(hashes: np.ndarray, num_perm: int = NUM_PERM) -> "MinHash":
    permutations, scheme = _permutations(num_perm)
    from datasketch import MinHash

    minhash = MinHash(num_perm=num_perm, hashfunc=_identity, permutations=permutations, scheme=scheme)
    if len(hashes):
        minhash.update_batch(hashes.tolist())
    return minhash


MAX_RUN = 64  # the members of one band bucket each compared with at most this many before it


def _candidates(values: np.ndarray, sizes: np.ndarray, bands: int, rows: int):
    """Pairs (row, earlier row) that agree on all the hash values of at least one band:
    LSH by sorting each band's keys (one array a band), not by a table of buckets, so
    the memory is the signature array and one column. Empty rows are left out; a bucket
    of many members compares each with the :data:`MAX_RUN` before it."""
    seen: set[tuple[int, int]] = set()
    live = np.flatnonzero(sizes > 0)
    if len(live) < 2:
        return []
    mix = np.uint64(0x9E3779B97F4A7C15)
    for band in range(bands):
        key = np.zeros(len(live), dtype=np.uint64)
        for column in range(band * rows, min((band + 1) * rows, values.shape[1])):
            key = key * mix + values[live, column].astype(np.uint64)
        order = np.argsort(key, kind="stable")
        ordered = key[order]
        starts = np.flatnonzero(np.r_[True, ordered[1:] != ordered[:-1]])
        ends = np.r_[starts[1:], len(ordered)]
        for start, end in zip(starts[ends - starts > 1], ends[ends - starts > 1]):
            members = sorted(live[order[start:end]].tolist())
            for k, row in enumerate(members):
                for other in members[max(0, k - MAX_RUN):k]:
                    seen.add((row, other))
    return sorted(seen)


def _published(articles: pd.DataFrame) -> list[str]:
    """Each article's published day as ``YYYY-MM-DD`` ("~" when unknown: after any date)."""
    if "published" not in articles:
        return ["~"] * len(articles)
    days = []
    for value in articles["published"].tolist():
        text = "" if value is None or (not isinstance(value, str) and pd.isna(value)) else str(value)[:10]
        days.append(text if re.fullmatch(r"\d{4}-\d{2}-\d{2}", text) else "~")
    return days


def near_duplicates(articles: pd.DataFrame, threshold: float = NEAR_DUPLICATE_THRESHOLD,
                    num_perm: int = NUM_PERM, containment: float = CONTAINMENT_THRESHOLD) -> pd.DataFrame:
    """The copies in ``articles`` (columns article_id, text, language; ``duplicate_of``
    and ``published`` if present), one row each: the original of its group, the
    estimated similarity of the match that put it there, the language
    (:data:`NEAR_DUPLICATE_COLUMNS`).

    Two articles match when the Jaccard similarity of their shingles is at least
    ``threshold``, or when the shorter (of at least :data:`CONTAINMENT_MIN_SHINGLES`
    shingles) is at least ``containment`` contained in the longer (a short item with
    a header, a footer and a few edits; a copy cut short). The matches form groups (a
    copy of a copy is in its original's group); each group's original is its earliest
    published article, then the longest text, then the smallest id, whatever the order
    of the frame, and every other member names it in ``duplicate_of``. Exact
    duplicates already flagged in ``duplicate_of`` are kept with similarity 1, through
    the original of their original's group.

    Signatures are kept as one array of hash values per language (``num_perm`` values
    an article), not as MinHash objects.

    >>> import pandas as pd
    >>> text = "وزیر بهداشت ایران با همتای عراقی خود در تهران دیدار و درباره دارو گفتگو کرد " * 2
    >>> frame = pd.DataFrame({"article_id": ["x", "y"], "language": ["fa", "fa"],
    ...                       "text": [text, "به گزارش ایرنا، " + text]})
    >>> near_duplicates(frame)[["article_id", "duplicate_of"]].values.tolist()   # undated: the longer text
    [['x', 'y']]
    >>> frame["published"] = ["2024-05-01", "2024-05-02"]
    >>> near_duplicates(frame)[["article_id", "duplicate_of"]].values.tolist()   # the earlier one
    [['y', 'x']]
    """
    if not 0 < threshold <= 1 or not 0 < containment <= 1:
        raise ValueError(f"threshold must be in (0, 1], not {threshold!r} (containment {containment!r})")
    from datasketch import MinHashLSH

    ids = articles["article_id"].astype(str).tolist() if "article_id" in articles else []
    flagged = articles["duplicate_of"].fillna("").astype(str).tolist() if "duplicate_of" in articles else \
        [""] * len(ids)
    languages = articles["language"].fillna("").astype(str).tolist() if "language" in articles else [""] * len(ids)
    texts = articles["text"].fillna("").astype(str).tolist() if "text" in articles else [""] * len(ids)
    days = _published(articles)
    parent = list(range(len(ids)))

    def find(i: int) -> int:
        while parent[i] != i:
            parent[i] = parent[parent[i]]
            i = parent[i]
        return i

    score = [0.0] * len(ids)  # the similarity of the match that grouped each article
    # the banding datasketch's MinHashLSH would use at the candidate threshold (its
    # optimal bands and rows); the bands are then matched by sorting (see _candidates)
    lsh = MinHashLSH(threshold=min(threshold, CANDIDATE_THRESHOLD), num_perm=num_perm)
    bands, rows_a_band = lsh.b, lsh.r
    del lsh
    words: dict[str, int] = {}
    for language in sorted(set(languages)):
        todo = [i for i in range(len(ids)) if languages[i] == language and not flagged[i]]
        if not todo:
            continue
        values = None  # one row of hash values an article (the dtype of datasketch's scheme)
        sizes = np.zeros(len(todo), dtype=np.int64)
        for row, i in enumerate(todo):
            hashes = shingle_hashes(texts[i], words)
            sizes[row] = len(hashes)
            if len(hashes):  # (an empty text repeats nothing: its row stays empty)
                computed = _minhash(hashes, num_perm).hashvalues
                if values is None:
                    values = np.zeros((len(todo), num_perm), dtype=computed.dtype)
                values[row] = computed
        if values is None:
            continue
        for row, other in _candidates(values, sizes, bands, rows_a_band):
            jaccard = float(np.mean(values[row] == values[other]))
            similarity = jaccard
            small = min(sizes[row], sizes[other])
            if small >= CONTAINMENT_MIN_SHINGLES and jaccard > 0:
                # |A & B| = J / (1 + J) * (|A| + |B|), over the smaller set
                similarity = max(jaccard, min(1.0, jaccard / (1 + jaccard) * (sizes[row] + sizes[other]) / small))
                matched = jaccard >= threshold or similarity >= containment
            else:
                matched = jaccard >= threshold
            if matched:
                i, j = todo[row], todo[other]
                score[i], score[j] = max(score[i], similarity), max(score[j], similarity)
                parent[find(i)] = find(j)
    index = {a: i for i, a in reversed(list(enumerate(ids)))}
    members: dict[int, list[int]] = {}
    for i in range(len(ids)):
        if not flagged[i]:
            members.setdefault(find(i), []).append(i)
    original = {}
    for group in members.values():
        if len(group) > 1:
            first = min(group, key=lambda i: (days[i], -len(texts[i]), ids[i]))
            original.update({i: first for i in group})
    rows = []
    for i in range(len(ids)):
        if flagged[i]:  # an exact copy: through its original's group (a copy of a copy counts for the original)
            target, seen = flagged[i], set()
            while target in index and flagged[index[target]] and target not in seen:
                seen.add(target)
                target = flagged[index[target]]
            root = ids[original[index[target]]] if target in index and index[target] in original else target
            rows.append((ids[i], root, 1.0, languages[i]))
        elif i in original and original[i] != i:
            rows.append((ids[i], ids[original[i]], round(score[i], 3), languages[i]))
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
