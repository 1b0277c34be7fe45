"""Tag a corpus of any size in bounded memory: stream, chunk, tag on every core, write as it goes.

The flow: :func:`~healthdiplomacy.corpus.iter_corpus` reads one article at a
time; :func:`tag_stream` groups articles into chunks and tags them in worker
processes (each holds a :class:`~healthdiplomacy.coding.tagger.Tagger`, rebuilt from
the pickled codebook), at most a few chunks in flight, results in input order;
:func:`tag_to_files` writes each chunk's rows at once (CSV, JSONL, or Parquet
row groups). Memory thus depends on the chunk size and the number of workers,
not on the corpus; what does grow is the loader's table of content hashes
(duplicate detection, about 100 bytes an article).

Output order: articles in corpus order, each article's rows sorted as
:func:`~healthdiplomacy.coding.tagger.tag_articles` sorts them (partner, then
theme; mentions by partner, then role). For a folder of files (read in name
order) that is exactly the order of ``tag_articles``; a table whose ids are
not sorted keeps its own order. Duplicates (``duplicate_of``) are skipped.

Per-article tagging is a pure function of (article, codebook), so the same
code runs as a map over partitions: :func:`tag_records` for ``dask.bag``,
:func:`tag_frame` for ``dask.dataframe.map_partitions``.

>>> from healthdiplomacy import iter_corpus
>>> [t.article_id for t in tag_stream(iter_corpus())][:2]
['000_5a71c811ddcef313', '001_65c222a9231903fb']
"""
from __future__ import annotations

import contextlib
import gc
import itertools
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from operator import itemgetter
from pathlib import Path
from typing import IO

import pandas as pd

from .codebook.tables import Codebook
from .coding.tagger import LINK_COLUMNS, STORED_COLUMNS, ArticleCoding, Tagger, article_fields, tagger_for
from .corpus import CorpusReport, iter_corpus, nothing_read
from .report.progress import progress
from .results.outputs import Rendered, TableSink, format_for, render


# Articles per task sent to a worker: large enough that inter-process traffic is
# noise next to tagging (~1 ms an article), small enough to keep every core busy.
DEFAULT_CHUNKSIZE = 128


# Chunks in flight per worker: one being tagged, one queued, so no worker waits.
IN_FLIGHT_PER_JOB = 2


# The tables a run writes, and their stored columns (no quoted text: see SENTENCE_COLUMNS).
TABLES = STORED_COLUMNS

_LINK_ORDER = itemgetter("partner_id", "theme_id")
_MENTION_ORDER = itemgetter("partner_id", "role")


def default_jobs() -> int:
    """The number of cores this process may use (``--jobs`` default).

    >>> default_jobs() >= 1
    True
    """
    try:
        return len(os.sched_getaffinity(0)) or 1
    except AttributeError:  # not on Linux
        return os.cpu_count() or 1


def tag_stream(rows: pd.DataFrame | Iterable[dict], codebook: Codebook | Tagger | str | None = None,
               jobs: int | None = 1, chunksize: int = DEFAULT_CHUNKSIZE) -> Iterator[ArticleCoding]:
    """Tag articles one chunk at a time; yield an :class:`~healthdiplomacy.coding.tagger.ArticleCoding`
    per article, in order.

    ``rows`` is what :func:`~healthdiplomacy.corpus.iter_corpus` yields (or a
    frame from ``load_corpus``); articles with ``duplicate_of`` are skipped.
    ``jobs`` worker processes tag in parallel (``None`` or 0: every core; 1: in
    this process). Workers start only when there is more than one chunk.

    >>> from healthdiplomacy import load_corpus
    >>> tagged = list(tag_stream(load_corpus(), jobs=1))
    >>> len(tagged), all(t.links and t.mentions for t in tagged)
    (4, True)
    """
    for chunk in map_chunks(rows, tag_chunk, codebook, jobs, chunksize):
        yield from chunk


def map_chunks(rows: pd.DataFrame | Iterable[dict], function, codebook: Codebook | Tagger | str | None = None,
               jobs: int | None = 1, chunksize: int = DEFAULT_CHUNKSIZE, *args) -> Iterator:
    """``function(tagger, chunk, *args)`` for each chunk of (article_id, title, text,
    language) tuples, results in input order; duplicates are left out. In worker
    processes when ``jobs`` > 1 and there is more than one chunk; ``function``
    must then be importable (a module-level function).

    >>> list(map_chunks([{"article_id": "a", "text": "x"}] * 3, lambda tagger, chunk: len(chunk), chunksize=2))
    [2, 1]
    """
    tagger = _as_tagger(codebook)
    chunks = _chunks((article_fields(r) for r in _records(rows) if not r.get("duplicate_of")), chunksize)
    head = list(itertools.islice(chunks, 2))
    chunks = itertools.chain(head, chunks)
    jobs = jobs or default_jobs()
    if len(head) < 2 or jobs == 1:  # one chunk: starting workers would cost more than it saves
        return _frozen(function(tagger, chunk, *args) for chunk in chunks)
    return _frozen(_in_workers(tagger, chunks, jobs, function, args))


def _frozen(results: Iterator) -> Iterator:
    """``results``, with what this process holds before the first (the modules, the codebook,
    the automata's terms) kept out of the garbage collector's passes until the last, as a worker
    keeps it (:func:`_start_worker`): a run allocates millions of short-lived objects, and every
    full pass would walk the long-lived ones again. (Nothing changes when something is frozen
    already: a worker, or a caller that froze its own.)"""
    if gc.get_freeze_count():
        yield from results
        return
    gc.freeze()
    try:
        yield from results
    finally:
        gc.unfreeze()


def _as_tagger(codebook: Codebook | Tagger | str | None) -> Tagger:
    return codebook if isinstance(codebook, Tagger) else tagger_for(codebook)


def _records(rows: pd.DataFrame | Iterable[dict]) -> Iterable[dict]:
    return rows.to_dict("records") if isinstance(rows, pd.DataFrame) else rows


def _chunks(items: Iterable, size: int) -> Iterator[list]:
    iterator = iter(items)
    while chunk := list(itertools.islice(iterator, size)):
        yield chunk


def tag_chunk(tagger: Tagger, chunk: list[tuple[str, str, str, str]], mentions: bool = True,
              joined: bool = True) -> list[ArticleCoding]:
    """Code (article_id, title, text, language, published) tuples; rows sorted within each
    article as :func:`~healthdiplomacy.tag_articles` sorts them (no mention rows with
    ``mentions=False``: cheaper; ``joined=False``: the stored columns only, see
    :meth:`~healthdiplomacy.coding.tagger.Tagger.code`).

    >>> tagged = tag_chunk(_as_tagger(None), [("a", "Iran and Iraq", "Iraq buys medicine from Iran.", "en")])
    >>> tagged[0].article_id, {row["partner_id"] for row in tagged[0].links}
    ('a', {'IQ'})
    """
    tagged = []
    for fields in chunk:
        coded = tagger.code(*fields, mentions=mentions, joined=joined)
        coded.links.sort(key=_LINK_ORDER)  # = tag_articles' sort, within one article
        coded.mentions.sort(key=_MENTION_ORDER)
        tagged.append(coded)
    return tagged


def tag_chunk_columns(tagger: Tagger, chunk: list[tuple[str, str, str, str]],
                      tables: Iterable[str] = tuple(TABLES)) -> tuple[int, dict[str, list[list]]]:
    """(articles, {table: column lists}) of :func:`tag_chunk`, for the stored columns of
    ``tables`` (:data:`TABLES`): the cheap form to send between processes (no dict keys,
    no quoted text but in the sentences table).

    >>> n, columns = tag_chunk_columns(_as_tagger(None), [("a", "Iran", "Iraq buys medicine from Iran.", "en")])
    >>> n, sorted(columns), sorted(set(columns["links"][LINK_COLUMNS.index("partner_id")]))
    (1, ['links', 'mentions', 'sentences', 'stages', 'years'], ['IQ'])
    """
    tables = list(tables)
    tagged = tag_chunk(tagger, chunk, mentions="mentions" in tables, joined=False)  # (it keeps the stored columns)
    return len(tagged), {name: [[row[c] for t in tagged for row in getattr(t, name)] for c in TABLES[name]]
                         for name in tables}


def tag_chunk_rendered(tagger: Tagger, chunk: list[tuple[str, str, str, str]],
                       formats: dict[str, str]) -> tuple[int, dict[str, Rendered]]:
    """(articles, {table: rows in its format}) for the tables of ``formats`` (table ->
    csv/jsonl/parquet, see :func:`render`): formatting runs in the workers, and the
    process that writes the files only appends what it receives.

    >>> n, rendered = tag_chunk_rendered(_as_tagger(None), [("a", "Iran", "Iraq buys medicine from Iran.", "en")],
    ...                                  {"links": "csv"})
    >>> n, rendered["links"].rows, rendered["links"].data.decode().split(",")[:2]
    (1, 1, ['a', 'IQ'])
    """
    count, columns = tag_chunk_columns(tagger, chunk, formats)
    return count, {name: render(columns[name], TABLES[name], fmt) for name, fmt in formats.items()}


_WORKER_TAGGER: Tagger | None = None


def _start_worker(tagger: Tagger) -> None:
    global _WORKER_TAGGER
    _WORKER_TAGGER = tagger  # unpickled from the codebook: automata built once per worker
    # All a worker holds now (the modules, the codebook, the automata's terms) lives as long as
    # it does: kept out of the garbage collector's full passes, which otherwise walk it again
    # as long-lived objects pile up (a sentence cache, when one is asked for, most of all).
    gc.freeze()


def _call_in_worker(function, chunk: list, args: tuple):
    return function(_WORKER_TAGGER, chunk, *args)


def _worker_context():
    # "spawn": never a fork of this process, which may hold threads (notebooks,
    # tqdm's monitor); each worker imports the package (~1 s, once per run).
    # Not "forkserver": its workers start faster, but on Linux results came back
    # through it at 10-30 MB/s instead of ~350 MB/s (bench/), and a tag run sends
    # ~40 KB of rows back per article.
    return multiprocessing.get_context("spawn")


def _in_workers(tagger: Tagger, chunks: Iterator[list], jobs: int, function, args: tuple) -> Iterator:
    # Not Pool.imap: its feeder thread reads the whole input ahead, so memory would
    # grow with the corpus whenever loading outpaces tagging. Here at most
    # IN_FLIGHT_PER_JOB chunks per worker are pending, and they come back in order.
    context = _worker_context()
    with context.Pool(jobs, initializer=_start_worker, initargs=(tagger,)) as pool:
        pending: deque = deque()
        for chunk in chunks:
            pending.append(pool.apply_async(_call_in_worker, (function, chunk, args)))
            if len(pending) >= IN_FLIGHT_PER_JOB * jobs:
                yield pending.popleft().get()
        while pending:
            yield pending.popleft().get()


@dataclass
class TagRun:
    """What :func:`tag_to_files` did: articles tagged, rows written per table, the loader's report."""

    articles: int = 0
    rows: dict[str, int] = field(default_factory=dict)
    report: CorpusReport = field(default_factory=CorpusReport)

    @property
    def links(self) -> int:
        return self.rows.get("links", 0)

    @property
    def mentions(self) -> int:
        return self.rows.get("mentions", 0)


def tag_to_files(paths, out: str | Path | IO[str] | None, fmt: str | None = None,
                 mentions_out: str | Path | None = None, codebook: Codebook | Tagger | str | None = None,
                 jobs: int | None = None, chunksize: int = DEFAULT_CHUNKSIZE, errors: str = "skip",
                 show_progress: bool | None = None, stages_out: str | Path | None = None,
                 sentences_out: str | Path | None = None, years_out: str | Path | None = None) -> TagRun:
    """Load, tag and write a corpus in one streaming pass (the ``tag`` command).

    ``out`` gets the links; ``mentions_out``, ``stages_out``, ``sentences_out`` and ``years_out``
    (each optional) the other tables of :data:`TABLES`, each in the format its name
    implies. ``paths`` is anything :func:`~healthdiplomacy.corpus.iter_corpus` takes;
    ``fmt`` defaults to what ``out``'s name implies. Raises
    :class:`~healthdiplomacy.corpus.errors.CorpusError` before writing anything when
    no article can be read.

    >>> import io
    >>> buffer = io.StringIO()
    >>> from healthdiplomacy.corpus import SEEDS
    >>> run = tag_to_files(SEEDS, buffer, "csv", jobs=1, show_progress=False)
    >>> run.articles, buffer.getvalue().splitlines()[0].split(",")[:3]
    (4, ['article_id', 'partner_id', 'theme_id'])
    """
    run = TagRun()
    rows = iter_corpus(paths, errors=errors, report=run.report)
    first = next(rows, None)
    if first is None:
        raise nothing_read(_describe(paths), run.report.skipped)
    targets = {"links": out, "mentions": mentions_out, "stages": stages_out, "sentences": sentences_out,
               "years": years_out}
    targets = {name: target for name, target in targets.items() if name == "links" or target is not None}
    formats = {name: (fmt or format_for(out)) if name == "links" else format_for(target)
               for name, target in targets.items()}
    chunks = map_chunks(itertools.chain([first], rows), tag_chunk_rendered, codebook, jobs, chunksize, formats)
    with contextlib.ExitStack() as stack:
        sinks = {name: stack.enter_context(TableSink(target, formats[name], TABLES[name]))
                 for name, target in targets.items()}
        for count, rendered in progress(chunks, enabled=show_progress, count=itemgetter(0),
                                        desc="tag", unit=" articles"):
            run.articles += count
            for name, sink in sinks.items():
                sink.write_rendered(rendered[name])
        run.rows = {name: sink.rows_written for name, sink in sinks.items()}
    return run


def _describe(paths) -> str:
    return str(paths) if isinstance(paths, (str, Path)) else " ".join(map(str, paths))


#: An empty links frame: the ``meta`` of ``dask.dataframe.map_partitions(tag_frame)``.
LINKS_META = pd.DataFrame({c: pd.Series(dtype="str") for c in LINK_COLUMNS})


def tag_records(records: Iterable[dict], codebook: Codebook | Tagger | str | None = None) -> list[dict]:
    """The link rows of some articles (dicts with article_id, title, text, language):
    a pure function of its inputs, for ``dask.bag.map_partitions``. Duplicates
    are skipped as everywhere; finding them across partitions is a separate step
    (e.g. drop repeated ``content_hash`` first).

    >>> rows = tag_records([{"article_id": "a", "title": "Iran and Iraq", "text": "Iraq buys medicine from Iran."}])
    >>> sorted({r["partner_id"] for r in rows})
    ['IQ']
    """
    return [{c: row[c] for c in LINK_COLUMNS} for tagged in tag_stream(records, codebook, jobs=1)
            for row in tagged.links]


def tag_frame(frame: pd.DataFrame, codebook: Codebook | Tagger | str | None = None) -> pd.DataFrame:
    """The links (columns :data:`~healthdiplomacy.coding.tagger.LINK_COLUMNS`) of a frame of
    articles, for ``dask.dataframe.map_partitions(tag_frame, meta=LINKS_META)``.

    >>> frame = pd.DataFrame({"article_id": ["a"], "title": ["Iran and Iraq"],
    ...                       "text": ["Iraq buys medicine from Iran."], "language": ["en"]})
    >>> tag_frame(frame)["partner_id"].unique().tolist()
    ['IQ']
    """
    links = pd.DataFrame(tag_records(frame.to_dict("records"), codebook), columns=LINK_COLUMNS)
    return links.astype(LINKS_META.dtypes.to_dict())  # string columns, even when empty (as the meta says)


__all__ = ["DEFAULT_CHUNKSIZE", "LINKS_META", "TABLES", "TagRun", "default_jobs",
           "map_chunks", "tag_chunk", "tag_chunk_columns", "tag_chunk_rendered", "tag_frame",
           "tag_records", "tag_stream", "tag_to_files"]
