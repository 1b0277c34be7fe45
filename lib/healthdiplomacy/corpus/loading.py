"""Load articles from a folder, a file or a table, one row per article.

Accounting: an *entry* is a text/HTML file (one article), a data row of a
``.csv``/``.jsonl`` table, or a table that cannot be read at all (one entry,
or one for the unread rest of a table that breaks half-way). Every entry
seen is either loaded (yielded, duplicates included) or skipped with a
reason, so ``report.entries_seen == report.loaded + len(report.skipped)``
holds whenever :func:`iter_corpus` yields, returns or raises a
:class:`CorpusError` (with ``errors="raise"`` the failing entry is recorded
in ``skipped`` too, then raised). ``files_seen`` counts the files examined;
for a corpus of text/HTML files only, files and entries are the same.

Hidden files and folders (name starting with ".", like ``ls``; also names such
as ``..%2f..%2fevil.txt``) are not read, but each is an entry listed as skipped
with its reason (a hidden folder once, not walked into). Not entries:
``metadata.csv`` (read as metadata for the files beside it, see
:func:`_metadata_for`), blank lines of a ``.jsonl``. A malformed ``metadata.csv`` raises
:class:`MetadataError` even with ``errors="skip"``: it would mislabel every
article, not just one.

>>> articles = load_corpus(SEEDS)
>>> list(articles["language"])
['fa', 'fa', 'en', 'fa']
>>> list(articles["source"])
['Aran News', 'IRIB News Agency', '', 'Aran News']
"""
from __future__ import annotations

import os
from collections.abc import Iterable, Iterator
from pathlib import Path

import pandas as pd

from .articles import COLUMNS
from .boilerplate import boilerplate_patterns
from .errors import CorpusError, CorpusReport, LoadState
from .files import HTML_SUFFIXES, TABLE_SUFFIXES, TEXT_SUFFIXES, article_from_file
from .metadata import METADATA_FILE, metadata_for
from .sources import source_terms
from .tables import articles_in_table


SEEDS = Path(__file__).resolve().parents[3] / "seeds"


def load_corpus(path: str | Path | Iterable[str | Path] = SEEDS, errors: str = "raise") -> pd.DataFrame:
    """Load a corpus into a DataFrame, one row per article (columns: :data:`COLUMNS`).

    ``path`` is a folder (read recursively), a text/HTML file, a ``.csv`` or
    ``.jsonl`` table, or a list of these. ``errors="raise"`` stops at the
    first bad entry with a :class:`CorpusError` naming it and the reason;
    ``errors="skip"`` goes on and records it. ``df.attrs`` carries
    ``skipped`` (a list of ``{"path", "reason"}``), ``files_seen``,
    ``entries_seen`` and ``loaded`` (see the module docstring). A folder whose
    files are all unreadable gives an empty frame with ``errors="skip"``.

    >>> df = load_corpus(SEEDS)
    >>> len(df), df.attrs["files_seen"], df.attrs["skipped"]
    (4, 4, [])
    >>> df.loc[2, "title"]
    'Iran and Uzbekistan Strengthen Bilateral Cooperation in Health and Medicine'
    """
    report = CorpusReport()
    rows = list(iter_corpus(path, errors=errors, report=report))
    frame = pd.DataFrame(rows, columns=COLUMNS)
    frame.attrs["skipped"] = [{"path": s.path, "reason": s.reason} for s in report.skipped]
    frame.attrs["files_seen"] = report.files_seen
    frame.attrs["entries_seen"] = report.entries_seen
    frame.attrs["loaded"] = report.loaded
    frame.attrs["warnings"] = list(report.warnings)
    return frame


def iter_corpus(path: str | Path | Iterable[str | Path] = SEEDS, errors: str = "raise",
                report: CorpusReport | None = None) -> Iterator[dict]:
    """Yield the rows of :func:`load_corpus` one at a time, for corpora too big for memory.

    Pass a :class:`CorpusReport` to learn what was seen and skipped. Duplicates
    are detected by :func:`content_hash` and flagged in ``duplicate_of`` (the
    id of the first article with that text; the hashes of everything seen are
    kept: about 100 bytes an article). Missing paths are reported before
    anything is read.

    >>> next(iter_corpus(SEEDS))["article_id"]
    '000_5a71c811ddcef313'
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    load = LoadState(errors, report if report is not None else CorpusReport())
    boilerplate_patterns(), source_terms()  # a malformed package CSV fails before any entry
    seen_hashes: dict[str, str] = {}
    seen_ids: dict[str, str] = {}
    for file, root, walked in _expand(path):
        for row in _rows_of(file, root, load, walked):
            given = row["article_id"]
            row["article_id"] = unique_id(given, row["path"], seen_ids)
            if row["article_id"] != given:
                load.report.warnings.append(
                    f"{row['path']}: article id {given!r} repeats {seen_ids[given]}; the first keeps the id, "
                    f"this one is read as {row['article_id']!r}")
            first = seen_hashes.setdefault(row["content_hash"], row["article_id"])
            row["duplicate_of"] = "" if first == row["article_id"] else first
            load.report.loaded += 1
            yield row
    if load.report.files_seen == 0:
        raise CorpusError(_describe(path), "no files found (expected .txt, .md, .html, .csv or .jsonl)")


def _describe(path) -> str:
    return str(path) if isinstance(path, (str, Path)) else ", ".join(map(str, path))


def _expand(path) -> Iterator[tuple[Path, Path, bool]]:
    """Yield (file, root, walked); root is the folder the user named (or the file's own),
    ``walked`` says the file was found in it (not named by the user).

    Every path is checked before the first is read: a typo fails at once.
    """
    paths = [Path(path)] if isinstance(path, (str, Path)) else [Path(p) for p in path]
    if not paths:
        raise CorpusError("(no path)", "no corpus path given")
    for item in paths:
        if not item.exists():
            raise CorpusError(item, "no such file or folder")
    for item in paths:
        if item.is_dir():
            yield from ((f, item, True) for f in _files_under(item))
        else:
            yield item, item.parent, False


def _files_under(folder: Path) -> list[Path]:
    # os.walk does not follow symlinked folders (no loops); hidden entries are
    # not read, like `ls` (.git, .DS_Store), but returned so that each is listed as
    # skipped (a hidden folder once: not walked into); metadata.csv is not an article.
    found = []
    for top, dirs, files in os.walk(folder):
        found.extend(Path(top, d) for d in dirs if d.startswith("."))
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top, f) for f in files if f != METADATA_FILE)
    return sorted(found)


def unique_id(article_id: str, where: str, seen: dict[str, str]) -> str:
    """The id an article is read under: its own, or, when an earlier article (in ``seen``,
    id -> where it was read) holds it, ``ID~2``, ``ID~3`` ...: the first keeps the id.

    >>> seen = {}
    >>> unique_id("x", "a.csv:2", seen), unique_id("x", "b.csv:2", seen), seen["x"]
    ('x', 'x~2', 'a.csv:2')
    """
    candidate, n = article_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{article_id}~{n}"
    seen[candidate] = where
    return candidate


def _rows_of(path: Path, root: Path, load: LoadState, walked: bool = False) -> Iterator[dict]:
    load.report.files_seen += 1
    if walked and path.name.startswith("."):  # (a hidden file the user names is read)
        load.report.entries_seen += 1
        kind = "folder: not read, nor anything in it" if path.is_dir() else "file: not read"
        load.skip(CorpusError(path, f"hidden {kind} (the name starts with '.')"))
        return
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES and path.name != METADATA_FILE:
        yield from articles_in_table(path, load)
        return
    metadata = metadata_for(path, root, load) if suffix in TEXT_SUFFIXES | HTML_SUFFIXES else {}
    load.report.entries_seen += 1
    try:
        if path.name == METADATA_FILE:  # named on its own: say what it is
            raise CorpusError(path, "metadata file: read for the articles beside it, not an article")
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            raise CorpusError(path, f"unsupported file type '{suffix or path.name}' "
                                    "(expected .txt, .md, .html, .csv or .jsonl)")
        row = article_from_file(path, metadata)
    except CorpusError as exc:
        load.skip(exc)
        return
    yield row
