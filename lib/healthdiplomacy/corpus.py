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

Not entries: ``metadata.csv`` (read as metadata for the files beside it, see
:func:`_metadata_for`), hidden files and folders (name starting with ".",
like ``ls``), blank lines of a ``.jsonl``. A malformed ``metadata.csv`` raises
:class:`MetadataError` even with ``errors="skip"``: it would mislabel every
article, not just one.

>>> articles = load_corpus(SEEDS)
>>> list(articles["language"])
['fa', 'fa', 'en', 'fa']
>>> list(articles["source"])
['Aran News', 'IRIB News Agency', '', 'Aran News']
"""

from __future__ import annotations

import codecs
import csv
import hashlib
import html.parser
import io
import json
import os
import re
import stat
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .encoding import BOMS, DecodeError, decode_bytes
from .language import detect_language
from .normalize import compact, normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
METADATA_FILE = "metadata.csv"
# A news article is a few KB; 10 MB in one text/HTML file is a dump, not an
# article. Tables (.csv/.jsonl) are streamed row by row and have no limit.
MAX_BYTES = 10_000_000

COLUMNS = ["article_id", "path", "title", "text", "language", "source", "url", "published",
           "encoding", "chars", "content_hash", "duplicate_of", "removed"]

# Column names accepted in tabular corpora, first match wins.
TEXT_COLUMNS = ("text", "body", "content", "article", "متن")
ID_COLUMNS = ("article_id", "id", "doc_id", "uid")
OPTIONAL_COLUMNS = ("title", "url", "published", "source")


class CorpusError(Exception):
    """A file (or the corpus as a whole) cannot be read as articles.

    ``path`` names the file (``file:line`` for a row of a table), ``reason``
    says why, in words a user can act on.

    >>> str(CorpusError("a.txt", "empty file (0 bytes)"))
    'a.txt: empty file (0 bytes)'
    """

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class MetadataError(CorpusError):
    """``metadata.csv`` is malformed; raised whatever ``errors`` says."""


class DataFileError(CorpusError):
    """A CSV shipped in the package (``data/boilerplate.csv``, ``data/sources.csv``) is malformed."""


@dataclass
class Skipped:
    """An entry (file or table row) that was seen but not loaded, and why."""

    path: str
    reason: str


@dataclass
class CorpusReport:
    """What a load saw, filled in while :func:`iter_corpus` runs.

    ``entries_seen == loaded + len(skipped)`` always holds (see the module docstring).
    """

    files_seen: int = 0
    entries_seen: int = 0
    loaded: int = 0
    skipped: list[Skipped] = field(default_factory=list)

    def balanced(self) -> bool:
        """True when every entry seen is accounted for (loaded or skipped).

        >>> skipped = [Skipped("t.csv:3", "row has no text")]
        >>> CorpusReport(files_seen=1, entries_seen=2, loaded=1, skipped=skipped).balanced()
        True
        """
        return self.entries_seen == self.loaded + len(self.skipped)


@dataclass
class _Load:
    """The state of one :func:`iter_corpus` call."""

    errors: str
    report: CorpusReport
    metadata: dict[Path, dict[str, dict]] = field(default_factory=dict)

    def skip(self, exc: CorpusError) -> None:
        """Record a skipped entry; re-raise with ``errors="raise"``."""
        if isinstance(exc, (MetadataError, DataFileError)):  # not the entry's fault
            raise exc
        self.report.skipped.append(Skipped(exc.path, exc.reason))
        if self.errors == "raise":
            raise exc


# --- public API --------------------------------------------------------------------


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
    load = _Load(errors, report if report is not None else CorpusReport())
    _boilerplate_patterns(), _source_terms()  # a malformed package CSV fails before any entry
    seen_hashes: dict[str, str] = {}
    seen_ids: set[str] = set()
    for file, root in _expand(path):
        for row in _rows_of(file, root, load):
            row["article_id"] = _unique_id(row["article_id"], seen_ids)
            first = seen_hashes.setdefault(row["content_hash"], row["article_id"])
            row["duplicate_of"] = "" if first == row["article_id"] else first
            load.report.loaded += 1
            yield row
    if load.report.files_seen == 0:
        raise CorpusError(_describe(path), "no files found (expected .txt, .md, .html, .csv or .jsonl)")


def article_from_text(raw: str, article_id: str = "article", **metadata) -> dict:
    """Build one article row from a raw text (title on the first line).

    Raises :class:`CorpusError` when nothing is left to read: an empty text,
    only boilerplate, or no letters at all. A ``title`` in ``metadata`` is
    used instead of the first line, and then the text itself must have words.

    >>> row = article_from_text("Iran and Iraq\\n\\nIran and Iraq\\nThey met.\\nLeave a Reply")
    >>> row["title"], row["text"], row["removed"]
    ('Iran and Iraq', 'They met.', ['Iran and Iraq', 'Leave a Reply'])
    >>> article_from_text("Leave a Reply\\nSimilar Posts")
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.CorpusError: article: only boilerplate
    """
    given_title = metadata.get("title") or ""
    title, body, removed = split_title_body(raw, title=given_title)
    # A title from metadata is not the text's own content, unless the text repeats it.
    title_in_text = not given_title or any(_title_key(line) == _title_key(title) for line in removed)
    own_text = f"{title}\n{body}" if title_in_text else body
    if not any(char.isalpha() for char in own_text):
        reason = ("only boilerplate" if removed else
                  "empty article" if not _VISIBLE.search(own_text) else "no words (no letters in the text)")
        raise CorpusError(article_id, reason)
    language = detect_language(title + "\n" + body)
    source = metadata.get("source") or detect_source(body)
    return {
        "article_id": article_id,
        "path": metadata.get("path", ""),
        "title": title,
        "text": body,
        "language": language,
        "source": source,
        "url": metadata.get("url") or "",
        "published": metadata.get("published") or "",
        "encoding": metadata.get("encoding", ""),
        "chars": len(body),
        "content_hash": content_hash(title + "\n" + body),
        "duplicate_of": "",
        "removed": removed,
    }


_WHITESPACE = re.compile(r"\s+")
# Anything a reader can see: not whitespace, ZW(N)J, bidi controls, BOM.
_VISIBLE = re.compile(r"[^\s\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def content_hash(text: str) -> str:
    """A short hash of the normalized text: equal for texts that differ only in
    ZWNJ/space, Arabic/Persian letters, digits, diacritics or whitespace
    (line breaks included).

    >>> content_hash("همکاری‌ها ۱۴۰۰") == content_hash("همكاري ها 1400")
    True
    >>> content_hash("Iran and\\nIraq") == content_hash("Iran and Iraq")
    True
    """
    return hashlib.sha256(_WHITESPACE.sub("", compact(text)).encode("utf-8", "surrogatepass")).hexdigest()[:16]


# --- title, body and boilerplate ---------------------------------------------------


def read_data_csv(text: str, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, row)`` from a CSV of package data, or raise :class:`DataFileError`
    naming ``name:line`` when a column, a field or a value is missing.

    >>> list(read_data_csv("lang,pattern\\nen,x\\n", "boilerplate.csv", ("pattern",)))
    [(2, {'lang': 'en', 'pattern': 'x'})]
    >>> list(read_data_csv("lang,pattern\\nen\\n", "boilerplate.csv", ("pattern",)))
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.DataFileError: boilerplate.csv:2: no value for 'pattern'
    """
    try:
        reader, header = _csv_reader(io.StringIO(text, newline=""))
        missing = [c for c in required if c not in header]
        if missing:
            raise DataFileError(f"{name}:1", f"missing column(s) {', '.join(missing)} (header: {','.join(header)})")
        for line, row in _numbered_rows(reader):
            if None in row:
                raise DataFileError(f"{name}:{line}", f"{len(header) + len(row[None])} fields, "
                                                      f"the header has {len(header)} (quote values with commas)")
            for column in required:
                if not (row.get(column) or "").strip():
                    raise DataFileError(f"{name}:{line}", f"no value for {column!r}")
            yield line, row
    except _BrokenCsv as exc:
        raise DataFileError(f"{name}:{exc.line}", exc.reason) from None


class _BrokenCsv(Exception):
    """CSV the csv module cannot parse, at a line."""

    def __init__(self, line: int, reason: str):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason = line, reason


def _csv_reader(lines: Iterable[str]) -> tuple[csv.DictReader, list[str]]:
    # strict: an unterminated quote is an error on its line, not the rest of
    # the file swallowed into one field.
    reader = csv.DictReader(lines, strict=True)
    try:
        return reader, list(reader.fieldnames or [])
    except csv.Error as exc:
        raise _BrokenCsv(1, f"malformed CSV ({exc})") from None


def _numbered_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """``(first line, row)`` per record (a quoted field may span lines; blank lines are not rows)."""
    end = reader.reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            raise _BrokenCsv(end + 1, f"malformed CSV ({exc})") from None
        end = reader.reader.line_num
        values = [v for v in row.values() if isinstance(v, str)] + list(row.get(None) or [])
        yield end - sum(v.count("\n") for v in values), row


def _package_csv(name: str) -> str:
    return resources.files("healthdiplomacy").joinpath(f"data/{name}").read_text("utf-8")


def compile_boilerplate(text: str, name: str = "healthdiplomacy/data/boilerplate.csv") -> tuple[re.Pattern, ...]:
    """Compile the ``pattern`` column of a boilerplate table; a bad regex names its line.

    >>> compile_boilerplate("lang,pattern,note\\nen,(?i)share( this)?,\\nen,(unclosed,\\n", "b.csv")
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.DataFileError: b.csv:3: invalid regular expression '(unclosed' (missing ), unterminated subpattern at position 0)
    """
    patterns = []
    for line, row in read_data_csv(text, name, ("pattern",)):
        try:
            patterns.append(re.compile(row["pattern"]))
        except re.error as exc:
            raise DataFileError(f"{name}:{line}", f"invalid regular expression {row['pattern']!r} ({exc})") from None
    return tuple(patterns)


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern, ...]:
    return compile_boilerplate(_package_csv("boilerplate.csv"))


_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


@lru_cache(maxsize=1)
def _boilerplate_matcher() -> re.Pattern | None:
    """All patterns as one alternation: one fullmatch a line instead of one per pattern.

    Leading flags become scoped (``(?i)x`` -> ``(?i:x)``); ``None`` when a
    pattern refers to a group, whose number would change in the alternation.
    """
    parts = []
    for pattern in _boilerplate_patterns():
        if re.search(r"\\[1-9]|\(\?P=", pattern.pattern):
            return None
        parts.append(_LEADING_FLAGS.sub(r"(?\1:", pattern.pattern) + ")" if _LEADING_FLAGS.match(pattern.pattern)
                     else f"(?:{pattern.pattern})")
    try:
        return re.compile("|".join(parts))
    except re.error:  # pragma: no cover - each part compiled on its own
        return None


def is_boilerplate(line: str) -> bool:
    """True for a whole line of site furniture (comment forms, share buttons ...).

    >>> is_boilerplate("Leave a Reply"), is_boilerplate("Leave a reply to the minister")
    (True, False)
    """
    candidate = normalize(line).strip(" *:-|•")
    matcher = _boilerplate_matcher()
    if matcher is not None:
        return matcher.fullmatch(candidate) is not None
    return any(p.fullmatch(candidate) for p in _boilerplate_patterns())


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")


def _title_key(line: str) -> str:
    return compact(_MARKDOWN_HEADING.sub("", line))


def split_title_body(raw: str, title: str = "") -> tuple[str, str, list[str]]:
    """Split a raw article into (title, body, removed lines).

    The title is ``title`` if given, else the first visible line that is not
    boilerplate (Markdown ``#`` stripped). Repeats of the title and
    boilerplate lines are removed from the body and returned, so a reader
    can see what was cut.

    >>> split_title_body("Share this\\n# Iran and Iraq\\nThey met.")
    ('Iran and Iraq', 'They met.', ['Share this'])
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[str] = []
    while not title and lines:
        # The title is the first line a reader would call one: site furniture
        # above it (a "Share" bar) is removed, not promoted to title.
        line = lines.pop(0).strip()
        heading = _MARKDOWN_HEADING.sub("", line).strip()
        if not _VISIBLE.search(heading):
            continue
        if is_boilerplate(heading):
            removed.append(line)
        else:
            title = heading
    title_key = _title_key(title) or None  # an invisible title repeats nothing
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
        elif _title_key(stripped) == title_key or is_boilerplate(stripped):
            removed.append(stripped)
        else:
            kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return title, body, removed


# --- source ("به گزارش ...") --------------------------------------------------------

_CREDIT = re.compile(r"(?:به\s+گزارش|according\s+to|reported\s+by|\bquoted\s+by)\s+(.{2,80}?)(?=[:：،,؛;(]|\s*به\s+نقل|$)",
                     re.I | re.S)


def parse_source_terms(text: str, name: str = "healthdiplomacy/data/sources.csv") -> tuple[tuple[str, str], ...]:
    """``(compact term, English name)`` pairs from a sources table.

    >>> parse_source_terms("name_en,lang,term\\nIRNA,fa,ایرنا\\n", "s.csv")
    (('ایرنا', 'IRNA'),)
    """
    return tuple((compact(row["term"]).casefold(), row["name_en"].strip())
                 for _, row in read_data_csv(text, name, ("name_en", "term")))


@lru_cache(maxsize=1)
def _source_terms() -> tuple[tuple[str, str], ...]:
    return parse_source_terms(_package_csv("sources.csv"))


def detect_source(text: str) -> str:
    """The news agency an article credits ("به گزارش ..." / "according to ..."), or ''.

    Known agencies get their English name; an unknown credited name is returned as written.

    >>> detect_source("به گزارش خبرنگار\\nخبرگزاری صدا و سیما به نقل از روابط عمومی")
    'IRIB News Agency'
    >>> detect_source("به گزارش آران نیوزبه نقل از پایگاه")
    'Aran News'
    >>> detect_source("No credit here.")
    ''
    """
    match = _CREDIT.search(text[:3000])
    if not match:
        return ""
    credited = match.group(1)
    key = compact(credited).casefold()
    # A short window after the credit, so substrings are safe here; the earliest
    # name wins ("آران نیوز به نقل از پایگاه اطلاع رسانی دولت" is Aran News).
    found = [(key.find(term), -len(term), name) for term, name in _source_terms() if term in key]
    if found:
        return min(found)[2]
    credited = re.sub(r"^(?:خبرنگار|the)\s+", "", normalize(credited).replace("\n", " "), flags=re.I)
    return credited.strip(" .")


# --- reading files -------------------------------------------------------------------


def _describe(path) -> str:
    return str(path) if isinstance(path, (str, Path)) else ", ".join(map(str, path))


def _expand(path) -> Iterator[tuple[Path, Path]]:
    """Yield (file, root) pairs; root is the folder the user named (or the file's own).

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
            yield from ((f, item) for f in _files_under(item))
        else:
            yield item, item.parent


def _files_under(folder: Path) -> list[Path]:
    # os.walk does not follow symlinked folders (no loops); hidden entries are
    # pruned like `ls` does (.git, .DS_Store); metadata.csv is not an article.
    found = []
    for top, dirs, files in os.walk(folder):
        dirs[:] = [d for d in dirs if not d.startswith(".")]
        found.extend(Path(top, f) for f in files if not f.startswith(".") and f != METADATA_FILE)
    return sorted(found)


def _unique_id(article_id: str, seen: set[str]) -> str:
    candidate, n = article_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{article_id}~{n}"
    seen.add(candidate)
    return candidate


def _rows_of(path: Path, root: Path, load: _Load) -> Iterator[dict]:
    load.report.files_seen += 1
    suffix = path.suffix.lower()
    if suffix in TABLE_SUFFIXES and path.name != METADATA_FILE:
        yield from _table_rows(path, load)
        return
    metadata = _metadata_for(path, root, load) if suffix in TEXT_SUFFIXES | HTML_SUFFIXES else {}
    load.report.entries_seen += 1
    try:
        if path.name == METADATA_FILE:  # named on its own: say what it is
            raise CorpusError(path, "metadata file: read for the articles beside it, not an article")
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            raise CorpusError(path, f"unsupported file type '{suffix or path.name}' "
                                    "(expected .txt, .md, .html, .csv or .jsonl)")
        row = _file_row(path, metadata)
    except CorpusError as exc:
        load.skip(exc)
        return
    yield row


def _read_bytes(path: Path, limit: int) -> bytes:
    try:
        info = path.stat()
        if not stat.S_ISREG(info.st_mode):  # a FIFO or device would block or never end
            raise CorpusError(path, "not a regular file")
        size = info.st_size
        if size > limit:
            raise CorpusError(path, f"file too large ({size:,} bytes; limit {limit:,}): "
                                    "split it, or put the articles in a .jsonl table")
        with open(path, "rb") as handle:
            data = handle.read(limit + 1)
    except OSError as exc:
        raise CorpusError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if len(data) > limit:  # grew since stat: still too large
        raise CorpusError(path, f"file too large (over {limit:,} bytes)")
    return data


def _decode(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    if not data:
        raise CorpusError(path, "empty file (0 bytes)")
    try:
        text, encoding = decode_bytes(data, declared)
    except DecodeError as exc:
        raise CorpusError(path, str(exc)) from None
    if not _VISIBLE.search(text):
        raise CorpusError(path, "empty file (whitespace only)")
    return text, encoding


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def _file_row(path: Path, metadata: dict) -> dict:
    data = _read_bytes(path, MAX_BYTES)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    declared = _META_CHARSET.search(data[:4096]) if is_html else None
    raw, encoding = _decode(path, data, declared.group(1).decode("ascii") if declared else None)
    meta = metadata.get(path.stem) or metadata.get(path.name) or {}
    title = meta.get("title", "")
    if is_html:
        html_title, raw = html_to_text(raw)
        title = title or html_title
        if not _VISIBLE.search(raw):
            raise CorpusError(path, "no visible text in the HTML (only markup, scripts or styles)")
    try:
        return article_from_text(raw, path.stem, path=str(path), encoding=encoding,
                                 **{**meta, "title": title})
    except CorpusError as exc:
        raise CorpusError(path, exc.reason) from None


# --- metadata.csv ----------------------------------------------------------------------


def _metadata_for(path: Path, root: Path, load: _Load) -> dict[str, dict]:
    """The ``metadata.csv`` nearest to ``path``: in its folder, else in the parents up to ``root``.

    Read once per folder and load (not cached across loads: an edited
    metadata.csv counts at the next load). Columns: an id (one of
    :data:`ID_COLUMNS`, matched against the file name with or without its
    extension) and any of ``title, url, published, source``.
    """
    folder = path.parent
    while True:
        if folder not in load.metadata:
            meta_path = folder / METADATA_FILE
            load.metadata[folder] = read_metadata(meta_path) if meta_path.is_file() else None
        if load.metadata[folder] is not None:
            return load.metadata[folder]
        if folder == root or folder == folder.parent or root not in folder.parents:
            return {}
        folder = folder.parent


def read_metadata(path: str | Path) -> dict[str, dict]:
    """Read a ``metadata.csv``: ``{article id: {title, url, published, source}}``.

    Raises :class:`MetadataError` naming the file and line of the first problem:
    no id column, a row with more fields than the header, an empty or repeated
    id, or CSV that cannot be parsed.

    >>> import tempfile
    >>> meta = Path(tempfile.mkdtemp()) / "metadata.csv"
    >>> _ = meta.write_text("id,url,published\\nx,https://example.org/x,\\n", encoding="utf-8")
    >>> read_metadata(meta)
    {'x': {'url': 'https://example.org/x'}}
    >>> _ = meta.write_text("id,url\\nx,u\\nx,v\\n", encoding="utf-8")
    >>> read_metadata(meta)  # doctest: +ELLIPSIS
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.MetadataError: ...metadata.csv:3: id 'x' repeats line 2
    """
    path = Path(path)
    text, _ = _decode_metadata(path)
    try:
        reader, fieldnames = _csv_reader(io.StringIO(text, newline=""))
        header = [c.strip().lower() for c in fieldnames]
        id_column = next((c for c in ID_COLUMNS if c in header), None)
        if id_column is None:
            raise MetadataError(f"{path}:1", f"needs an id column (one of: {', '.join(ID_COLUMNS)}); "
                                             f"the header is {','.join(fieldnames)!r}")
        reader.fieldnames = header
        found: dict[str, dict] = {}
        first_line: dict[str, int] = {}
        for line, row in _numbered_rows(reader):
            if None in row:
                raise MetadataError(f"{path}:{line}", f"{len(header) + len(row[None])} fields but the header "
                                                      f"has {len(header)} (quote values that contain commas)")
            key = (row.get(id_column) or "").strip()
            if not key:
                raise MetadataError(f"{path}:{line}", f"no {id_column} in this row")
            if key in found:
                raise MetadataError(f"{path}:{line}", f"{id_column} {key!r} repeats line {first_line[key]}")
            first_line[key] = line
            found[key] = {k: (row.get(k) or "").strip() for k in OPTIONAL_COLUMNS if (row.get(k) or "").strip()}
    except _BrokenCsv as exc:
        raise MetadataError(f"{path}:{exc.line}", exc.reason) from None
    return found


def _decode_metadata(path: Path) -> tuple[str, str]:
    try:
        return _decode(path, _read_bytes(path, MAX_BYTES))
    except CorpusError as exc:
        raise MetadataError(exc.path, exc.reason) from None


# --- tables ----------------------------------------------------------------------------


def _table_rows(path: Path, load: _Load) -> Iterator[dict]:
    """Articles of a .csv/.jsonl table: each row is an entry, and so is a table
    (or the rest of one) that cannot be read."""
    for item in _table_records(path):
        load.report.entries_seen += 1
        if isinstance(item, CorpusError):
            load.skip(item)
            continue
        number, where, record, encoding = item
        try:
            row = _table_article(path, number, where, record, encoding)
        except CorpusError as exc:
            load.skip(CorpusError(where, exc.reason))
            continue
        yield row


def _table_records(path: Path) -> Iterator[tuple | CorpusError]:
    """Yield (number, ``file:line``, record, encoding) per row; a failure to read
    the table is yielded last, as a :class:`CorpusError`."""
    number = 0
    try:
        with _open_table(path) as (stream, encoding):
            jsonl = path.suffix.lower() in (".jsonl", ".ndjson")
            for number, where, record in (_jsonl_records if jsonl else _csv_records)(path, stream):
                yield number, where, record, encoding
    except CorpusError as exc:
        yield CorpusError(exc.path, f"{exc.reason}; the rest of the table was not read") if number else exc
        return
    if number == 0:
        yield CorpusError(path, "table has no rows")


def _table_article(path: Path, number: int, where: str, record: dict | CorpusError, encoding: str) -> dict:
    if isinstance(record, CorpusError):  # a line that is not a JSON object with a text
        raise record
    text = record.get("_text")
    text = "" if text is None else str(text)
    if not text.strip():
        raise CorpusError(where, "row has no text")
    article_id = str(record.get("_id") or f"{path.stem}-{number}")
    meta = {k: str(record.get(k) or "") for k in OPTIONAL_COLUMNS}
    return article_from_text(text, article_id, path=where, encoding=encoding, **meta)


@contextmanager
def _open_table(path: Path) -> Iterator[tuple[Iterable[str], str]]:
    """Open a table as lines of text, with the encoding's name.

    Up to :data:`MAX_BYTES` it is decoded whole, like any file; past that it
    is streamed in the encoding its first 64 KB show, so a 100k-article
    .jsonl is never held in memory.
    """
    try:
        size = path.stat().st_size
    except OSError as exc:
        raise CorpusError(path, f"cannot read the file ({exc.strerror or exc})") from None
    if size <= MAX_BYTES:
        text, encoding = _decode(path, _read_bytes(path, MAX_BYTES))
        yield io.StringIO(text, newline=""), encoding
        return
    with open(path, "rb") as handle:
        head = handle.read(65536)
    encoding, codec = _stream_encoding(path, head)
    yield _stream_lines(path, codec), encoding


def _stream_encoding(path: Path, head: bytes) -> tuple[str, str]:
    """(label, codec to stream with) for a large table, judged from its head."""
    for bom, label in BOMS:
        if head.startswith(bom):
            return label, label.replace("-le", "").replace("-be", "")  # utf-16/32 read the BOM
    if b"\x00" in head:  # UTF-16 without a BOM, or binary: cut on a code unit, maybe mid-pair
        even = head[: len(head) - len(head) % 2]
        try:
            _, label = _decode(path, even)
        except CorpusError:
            _, label = _decode(path, even[:-2])
        return label, label
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    cut = head[: head.rfind(b"\n") + 1] or head  # a single-byte code page can be cut anywhere
    _, label = _decode(path, cut)
    return label, label


_LINE_END = re.compile(r"(?<=\n)|(?<=\r)(?!\n|$)")  # a final \r may be half of a \r\n


def _stream_lines(path: Path, codec: str) -> Iterator[str]:
    """The text lines of a file (ends kept), decoded strictly one line at a time,
    so that every line before a bad byte is read and only the rest is lost."""
    decoder = codecs.getincrementaldecoder(codec)(errors="strict")
    pending = ""
    with open(path, "rb") as handle:
        try:
            for chunk in handle:
                text = pending + decoder.decode(chunk)
                if "\r" in text:
                    *lines, pending = _LINE_END.split(text)
                    yield from lines
                elif text.endswith("\n") and text.count("\n") == 1:  # the usual case: one line
                    pending = ""
                    yield text
                else:
                    *lines, pending = text.split("\n")
                    yield from (line + "\n" for line in lines)
            pending += decoder.decode(b"", final=True)
        except UnicodeDecodeError as exc:
            raise CorpusError(path, f"undecodable bytes half-way ({codec}: {exc.reason})") from None
    if pending:
        yield pending


def _pick(columns: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    lower = {str(c).strip().lower(): c for c in columns}
    return next((lower[w] for w in wanted if w in lower), None)


def _with_standard_keys(record: dict, text_col: str, id_col: str | None) -> dict:
    out = {str(k).strip().lower(): v for k, v in record.items() if k is not None}
    out["_text"] = record.get(text_col)
    out["_id"] = record.get(id_col) if id_col else None
    return out


def _csv_records(path: Path, stream) -> Iterator[tuple[int, str, dict]]:
    """Yield (record number, ``file:line``, record); a text column is required."""
    try:
        reader, header = _csv_reader(iter(stream))
        text_col = _pick(header, TEXT_COLUMNS)
        if text_col is None:
            raise CorpusError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
        id_col = _pick(header, ID_COLUMNS)
        for number, (line, record) in enumerate(_numbered_rows(reader), start=1):
            yield number, f"{path}:{line}", _with_standard_keys(record, text_col, id_col)
    except _BrokenCsv as exc:
        raise CorpusError(f"{path}:{exc.line}", exc.reason) from None


def _jsonl_records(path: Path, stream) -> Iterator[tuple[int, str, dict | CorpusError]]:
    """Yield (line number, ``file:line``, record or the error that line is); blank lines are not rows."""
    for number, line in enumerate(stream, start=1):
        if not line.strip():
            continue
        where = f"{path}:{number}"
        try:
            record = json.loads(line)
        except (json.JSONDecodeError, RecursionError) as exc:
            yield number, where, CorpusError(where, f"invalid JSON ({getattr(exc, 'msg', 'nested too deep')})")
            continue
        if not isinstance(record, dict):
            yield number, where, CorpusError(where, "each line must be a JSON object")
            continue
        text_col = _pick(record, TEXT_COLUMNS)
        if text_col is None:
            yield number, where, CorpusError(where, f"no text field (expected one of: {', '.join(TEXT_COLUMNS)})")
            continue
        yield number, where, _with_standard_keys(record, text_col, _pick(record, ID_COLUMNS))


# --- HTML ----------------------------------------------------------------------------


class _TextExtractor(html.parser.HTMLParser):
    """Collect visible text; script, style and page furniture are dropped, never run."""

    SKIP = {"script", "style", "noscript", "template", "nav", "footer", "header", "aside",
            "form", "svg", "math", "iframe", "object", "button", "select", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "blockquote", "pre", "ul", "ol", "table", "hr", "dd", "dt", "figcaption"}
    # Elements that never have an end tag: kept off the stack, or it grows forever.
    VOID = {"area", "base", "br", "col", "embed", "hr", "img", "input", "link", "meta",
            "param", "source", "track", "wbr"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self._skip_depth = 0
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        if "title" in self._in:  # a title holds no tags: an unclosed one ends here
            self._close("title")
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in self.VOID:
            return
        if tag in self.SKIP and tag != "head":
            self._skip_depth += 1
        self._in.append(tag)

    def handle_startendtag(self, tag, attrs):  # <br/>, <script/>: nothing inside
        if tag in self.BLOCK:
            self.parts.append("\n")

    def handle_endtag(self, tag):
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in self._in:
            self._close(tag)

    def _close(self, tag):
        while self._in:
            opened = self._in.pop()
            if opened in self.SKIP and opened != "head" and self._skip_depth:
                self._skip_depth -= 1
            if opened == tag:
                break

    def handle_data(self, data):
        if "title" in self._in:
            self.title.append(data)
        elif self._skip_depth == 0:
            if "h1" in self._in:
                self.h1.append(data)
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Extract (title, visible text) from an HTML page, without running anything.

    Entities are decoded once (``&amp;lt;`` stays ``&lt;``); comments, scripts,
    styles, forms and navigation are dropped; the title is the first ``<h1>``,
    else ``<title>``.

    >>> html_to_text("<title>T</title><h1>Iran</h1><script>alert(1)</script><p>Met Iraq.</p>")
    ('Iran', 'Iran\\n\\nMet Iraq.')
    >>> html_to_text("<title>A &amp;lt; B<p>Iran &amp; Oman<!-- <p>hidden</p> -->")
    ('A &lt; B', 'Iran & Oman')
    """
    parser = _TextExtractor()
    try:
        parser.feed(markup)
        parser.close()
    except (AssertionError, ValueError):  # pragma: no cover - old parsers on odd declarations
        pass  # keep what was read up to the oddity
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    text = re.sub(r"\s*\n\s*(\n\s*)*", lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text).strip()
    title = " ".join("".join(parser.h1 or parser.title).split())
    return title, text
