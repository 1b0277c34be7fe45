"""Processed tables: a corpus coded once, kept as Parquet beside a manifest, read back by
every notebook and every edition of the report.

``data/processed/`` (git-ignored) holds ``articles``, ``links``, ``mentions``,
``stages``, ``sentences`` and ``years`` as Parquet, and ``manifest.json`` saying what they were
made from: the corpus fingerprint (every file's path, size and modification time), the
codebook fingerprint (every table's content) and the coder's (the source of the layers
that code: text, corpus, codebook, coding). :func:`coded_corpus` reads the tables when
all three still match, and codes the corpus (once) when they do not or are missing.

The folder is replaced whole: the tables are written to a temporary folder beside it
and swapped in, so a reader sees the old set or the new one, never a mix.

>>> import tempfile
>>> from healthdiplomacy.corpus import SEEDS
>>> folder = Path(tempfile.mkdtemp()) / "processed"
>>> first = coded_corpus(SEEDS, folder)
>>> again = coded_corpus(SEEDS, folder)
>>> first.coded, again.coded, again.tagging.links.equals(first.tagging.links)
(True, False, True)
"""

from __future__ import annotations

import dataclasses
import hashlib
import json
import os
import shutil
import warnings
from importlib.metadata import version
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..codebook.tables import Codebook, load_codebook, load_stagebook
from ..coding.tagger import STORED_COLUMNS, Tagging, tag_articles
from ..corpus import COLUMNS, load_corpus
from .corrections import CorrectionWarning, apply_corrections
from .events import find_events, link_events
from .filters import Filters
from .outputs import staging_path, swap_folder

TABLES = ("articles", *STORED_COLUMNS)
MANIFEST = "manifest.json"
# What the load saw (skipped files with their reasons, counts): the corpus notebook lists them.
LOAD_FILE = "load.json"
LOAD_ATTRS = ("skipped", "files_seen", "entries_seen", "loaded", "warnings")
# Set to a file name, every coding of a corpus appends a line to it: how a test (or a
# curious user) counts that `make report` codes its corpus once.
CODING_LOG = "HEALTHDIPLOMACY_CODING_LOG"
_CODER_LAYERS = ("text", "corpus", "codebook", "coding")


@dataclass
class CodedCorpus:
    """A corpus and its coding, and whether they were coded now (or read back)."""

    articles: pd.DataFrame
    tagging: Tagging
    folder: Path
    coded: bool
    filters: Filters = Filters()
    applied: pd.DataFrame | None = None  # the analyst's corrections and what became of each
    events: pd.DataFrame | None = None  # :meth:`with_events`: the events of these links (EVENT_COLUMNS)

    def with_events(self) -> "CodedCorpus":
        """This corpus with its articles grouped into events
        (:func:`~healthdiplomacy.results.events.find_events`): ``events`` holds them and every
        link gets its ``event_id``, so the tables count events. Called after
        :meth:`corrected` and :meth:`filtered`, it groups the links they leave; called before,
        they group again.

        >>> import tempfile
        >>> from healthdiplomacy.corpus import SEEDS
        >>> coded = coded_corpus(SEEDS, Path(tempfile.mkdtemp()) / "p").with_events()
        >>> reports = coded.tagging.links[["article_id", "partner_id"]].drop_duplicates()
        >>> bool((coded.tagging.links["event_id"] != "").all()), 0 < len(coded.events) <= len(reports)
        (True, True)
        """
        events = _grouped_events(self.tagging.links, self.articles, self.tagging.years)
        tagging = dataclasses.replace(self.tagging, links=link_events(self.tagging.links, events))
        return dataclasses.replace(self, tagging=tagging, events=events)

    def corrected(self, corrections: str | Path | None = None) -> "CodedCorpus":
        """This corpus with an analyst's corrections file applied after coding
        (:func:`~healthdiplomacy.results.corrections.apply_corrections`); ``None`` or ``""``:
        as it is. What became of each correction is in ``applied`` (its ``status`` says why one
        was not applied), not in warnings: a report lists them.

        >>> import tempfile
        >>> from healthdiplomacy.corpus import SEEDS
        >>> folder = Path(tempfile.mkdtemp())
        >>> _ = (folder / "fixes.csv").write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\\n"
        ...                                      "nowhere,IQ,,remove,,,me,2026-01-01\\n")
        >>> coded = coded_corpus(SEEDS, folder / "p").corrected(folder / "fixes.csv")
        >>> coded.applied[["line", "action", "status"]].values.tolist()[0][:2]
        [2, 'remove']
        """
        if not corrections:
            return self
        with warnings.catch_warnings():
            warnings.simplefilter("ignore", CorrectionWarning)  # (each one is in `applied`, with why)
            tagging, applied = apply_corrections(self.tagging, self.articles, corrections)
        return self._regrouped(dataclasses.replace(self, tagging=tagging, applied=applied))

    def filtered(self, filters: Filters | dict | None = None) -> "CodedCorpus":
        """This corpus narrowed by ``filters`` (a :class:`~healthdiplomacy.results.filters.Filters`,
        or a notebook's ``filters`` parameter: a dict of :meth:`Filters.parse` arguments).

        >>> import tempfile
        >>> from healthdiplomacy.corpus import SEEDS
        >>> coded = coded_corpus(SEEDS, Path(tempfile.mkdtemp()) / "p").filtered({"language": "en"})
        >>> len(coded.articles), coded.filters.describe()
        (1, 'languages en')
        """
        filters = filters if isinstance(filters, Filters) else Filters.parse(**(filters or {}))
        articles, tagging = filters.apply(self.articles, self.tagging)
        return self._regrouped(dataclasses.replace(self, articles=articles, tagging=tagging, filters=filters))

    def _regrouped(self, changed: "CodedCorpus") -> "CodedCorpus":
        # Grouped before its links changed: the events are grouped again, so ``events`` and
        # every link's ``event_id`` hold for the links it has now (a link a correction added
        # has an event too), whatever order the steps were called in.
        return changed.with_events() if self.events is not None else changed


def coded_corpus(corpus: str | Path, folder: str | Path = "data/processed",
                 codebook: Codebook | str | Path | None = None, refresh: bool = False) -> CodedCorpus:
    """The articles and tagging of ``corpus``: read from ``folder`` when its manifest
    matches the corpus, the codebook and the coder, else coded now and written there.

    ``refresh`` codes even when the tables are current. Unreadable files are skipped
    (and listed in ``articles.attrs["skipped"]``), as in the report.
    """
    folder = Path(folder)
    book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    manifest = expected_manifest(corpus, book)
    if not refresh and read_manifest(folder) == manifest:
        articles, tagging = _read_again(folder, book, manifest)
        return CodedCorpus(articles, tagging, folder, coded=False)
    return _code(corpus, folder, book, manifest)


def _code(corpus: str | Path, folder: Path, book: Codebook, manifest: dict) -> CodedCorpus:
    """Code ``corpus`` now and write it to ``folder`` with ``manifest``."""
    articles = load_corpus(corpus, errors="skip")
    tagging = tag_articles(articles, book)
    _log_coding(corpus)
    write_processed(articles, tagging, folder, manifest)
    return CodedCorpus(articles, tagging, folder, coded=True)


def ensure_coded(corpus: str | Path, folder: str | Path = "data/processed",
                 codebook: Codebook | str | Path | None = None) -> bool:
    """Code ``corpus`` into ``folder`` unless the tables there are current; True when it
    coded. Cheaper than :func:`coded_corpus` when they are: only the manifest is read.

    >>> import tempfile
    >>> from healthdiplomacy.corpus import SEEDS
    >>> folder = Path(tempfile.mkdtemp()) / "processed"
    >>> ensure_coded(SEEDS, folder), ensure_coded(SEEDS, folder), load_info(folder)["loaded"]
    (True, False, 4)
    """
    book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
    manifest = expected_manifest(corpus, book)
    if read_manifest(folder) == manifest:
        return False
    return _code(corpus, Path(folder), book, manifest).coded


def load_info(folder: str | Path) -> dict:
    """What the load of the processed corpus in ``folder`` saw: ``loaded`` (articles),
    ``skipped`` (path and reason of each), ``files_seen``, ``entries_seen``; empty when none."""
    return _read_json(Path(folder) / LOAD_FILE) or {}


def expected_manifest(corpus: str | Path, codebook: Codebook) -> dict:
    """What a current manifest for ``corpus`` coded with ``codebook`` says.

    >>> from healthdiplomacy.corpus import SEEDS
    >>> sorted(expected_manifest(SEEDS, load_codebook()))
    ['codebook', 'coder', 'corpus', 'corpus_path', 'tables', 'version']
    """
    return {"version": version("healthdiplomacy"), "corpus_path": str(Path(corpus).resolve()),
            "corpus": corpus_fingerprint(corpus), "codebook": codebook_fingerprint(codebook),
            "coder": coder_fingerprint(), "tables": list(TABLES)}


def corpus_fingerprint(corpus: str | Path) -> str:
    """A hash of every file under ``corpus`` (relative path, size, modification time):
    it changes when a file is added, removed or edited, without reading any of them.

    >>> from healthdiplomacy.corpus import SEEDS
    >>> corpus_fingerprint(SEEDS) == corpus_fingerprint(SEEDS), len(corpus_fingerprint(SEEDS))
    (True, 16)
    """
    root = Path(corpus)
    files = [root] if root.is_file() else sorted(p for p in root.rglob("*") if p.is_file())
    digest = hashlib.sha256()
    for path in files:
        info = path.stat()
        name = path.name if path == root else path.relative_to(root).as_posix()
        digest.update(f"{name}\0{info.st_size}\0{info.st_mtime_ns}\n".encode("utf-8", "surrogatepass"))
    return digest.hexdigest()[:16]


def codebook_fingerprint(codebook: Codebook) -> str:
    """A hash of every codebook table's content (an edited term makes the tables stale).

    >>> codebook_fingerprint(load_codebook()) == codebook_fingerprint(load_codebook())
    True
    """
    digest = hashlib.sha256()
    for name in sorted(vars(codebook)):
        value = getattr(codebook, name)
        if isinstance(value, pd.DataFrame):
            digest.update(name.encode() + value.drop(columns="source", errors="ignore").to_csv(index=False).encode())
    return digest.hexdigest()[:16]


def coder_fingerprint() -> str:
    """A hash of the source of the layers that code (text, corpus, codebook, coding) and of
    their data files: a changed rule makes the tables stale, even at the same version.

    >>> len(coder_fingerprint())
    16
    """
    package = Path(__file__).resolve().parents[1]
    digest = hashlib.sha256()
    for layer in _CODER_LAYERS:
        for path in sorted((package / layer).rglob("*.py")):
            digest.update(path.relative_to(package).as_posix().encode() + path.read_bytes())
    for path in sorted((package / "data").glob("*.csv")):
        digest.update(path.name.encode() + path.read_bytes())
    return digest.hexdigest()[:16]


def read_manifest(folder: str | Path) -> dict | None:
    """The manifest in ``folder``, or None when there is none (or it cannot be read)."""
    return _read_json(Path(folder) / MANIFEST)


def _read_json(path: Path) -> dict | None:
    try:
        return json.loads(path.read_text(encoding="utf-8"))
    except (OSError, ValueError):
        return None


def write_processed(articles: pd.DataFrame, tagging: Tagging, folder: str | Path, manifest: dict) -> Path:
    """Write the tables and the manifest into ``folder``, replacing it whole."""
    folder = Path(folder)
    folder.parent.mkdir(parents=True, exist_ok=True)
    staging = staging_path(folder)  # (what a killed run left is removed here)
    shutil.rmtree(staging, ignore_errors=True)
    staging.mkdir()
    try:
        tables = {"articles": _articles_for_parquet(articles), **tagging.stored()}
        for name in TABLES:
            tables[name].to_parquet(staging / f"{name}.parquet", index=False)
        load = {key: articles.attrs.get(key) for key in LOAD_ATTRS}
        (staging / LOAD_FILE).write_text(json.dumps(load, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        # The manifest last: a folder without one is never taken for current.
        (staging / MANIFEST).write_text(json.dumps(manifest, indent=1, sort_keys=True) + "\n", encoding="utf-8")
        swap_folder(staging, folder)
    finally:
        shutil.rmtree(staging, ignore_errors=True)
    return folder


def read_processed(folder: str | Path, codebook: Codebook | str | Path | None = None
                   ) -> tuple[pd.DataFrame, Tagging]:
    """(articles, tagging) from a processed folder, names and quotes joined back."""
    folder = Path(folder)
    tables = {name: pd.read_parquet(folder / f"{name}.parquet") for name in TABLES}
    articles = tables.pop("articles")
    articles["removed"] = [list(v) for v in articles["removed"]]
    articles.attrs = load_info(folder)
    return articles, Tagging.from_stored(tables, codebook)


# The tables this process read last, and what they were read from. Every notebook of a
# report reads the same folder in one kernel: Parquet is read (and names and quotes joined)
# once, and each reader gets a copy of its own (a notebook may add a column).
_LAST_READ: dict = {}


def _read_again(folder: Path, book: Codebook, manifest: dict) -> tuple[pd.DataFrame, Tagging]:
    """:func:`read_processed`, from memory when this process last read the same tables
    (same folder and manifest, every file as it was: a folder replaced since has new files)."""
    key = (str(folder.resolve()), json.dumps(manifest, sort_keys=True), _file_stamps(folder))
    if _LAST_READ.get("key") != key:
        _LAST_READ.clear()  # one set held, not one per folder ever read
        _LAST_READ.update(key=key, tables=read_processed(folder, book))
    articles, tagging = _LAST_READ["tables"]
    copied = {field.name: value.copy() for field in dataclasses.fields(tagging)
              if isinstance(value := getattr(tagging, field.name), pd.DataFrame)}
    articles = articles.copy()
    # (a frame's copy shares the Python lists a cell holds: each reader its own lists too)
    articles["removed"] = [list(v) for v in articles["removed"]]
    return articles, dataclasses.replace(tagging, **copied)


# The events this process grouped last, and a digest of what they were grouped from: every
# notebook of a report groups the same links (a second each at 5,000 articles).
_LAST_EVENTS: dict = {}
# What find_events reads of each table.
_EVENT_INPUTS = {"links": ("article_id", "partner_id", "theme_id", "stages", "year_start", "year_source"),
                 "articles": ("article_id", "published", "language", "source", "content_hash"),
                 "years": ("article_id", "year_start", "year_source", "date_stated", "officials", "places")}


def _grouped_events(links: pd.DataFrame, articles: pd.DataFrame, years: pd.DataFrame | None) -> pd.DataFrame:
    """:func:`~healthdiplomacy.results.events.find_events` of these tables, from memory when
    this process grouped the same contents last (a copy: the caller may change it)."""
    order = load_stagebook().order
    key = (order, *(_digest(frame, _EVENT_INPUTS[name])
                    for name, frame in (("links", links), ("articles", articles), ("years", years))))
    if _LAST_EVENTS.get("key") != key or None in key:
        _LAST_EVENTS.clear()
        _LAST_EVENTS.update(key=key, events=find_events(links, articles, stage_order=order, years=years))
    return _LAST_EVENTS["events"].copy()


def _digest(frame: pd.DataFrame | None, columns: tuple[str, ...]) -> tuple | None:
    """The columns' names, the rows' count and a hash of their contents (None: not hashable)."""
    if frame is None:
        return ()
    present = [c for c in columns if c in frame.columns]
    try:
        hashed = pd.util.hash_pandas_object(frame[present], index=False).to_numpy().tobytes()
    except TypeError:
        return None
    return tuple(present), len(frame), hashlib.sha256(hashed).hexdigest()


def _file_stamps(folder: Path) -> tuple:
    stamps = []
    for name in (*(f"{table}.parquet" for table in TABLES), LOAD_FILE, MANIFEST):
        try:
            info = (folder / name).stat()
        except OSError:
            return ()  # (read_processed says what is missing)
        stamps.append((name, info.st_ino, info.st_size, info.st_mtime_ns))
    return tuple(stamps)


def _articles_for_parquet(articles: pd.DataFrame) -> pd.DataFrame:
    frame = articles[COLUMNS].copy()
    frame["removed"] = [list(map(str, v)) for v in frame["removed"]]
    frame.attrs = {}
    return frame


def _log_coding(corpus: str | Path) -> None:
    log = os.environ.get(CODING_LOG)
    if log:
        with open(log, "a", encoding="utf-8") as handle:
            handle.write(f"{os.getpid()}\t{Path(corpus).resolve()}\n")
