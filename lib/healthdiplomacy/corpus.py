"""Load articles from a folder, a file or a table, one row per article.

Every file seen is either loaded or skipped with a reason: ``errors="raise"``
stops at the first bad file with a :class:`CorpusError`; ``errors="skip"``
goes on and records each skipped file (``df.attrs["skipped"]``).

>>> articles = load_corpus(SEEDS)
>>> list(articles["language"])
['fa', 'fa', 'en', 'fa']
>>> list(articles["source"])
['Aran News', 'IRIB News Agency', '', 'Aran News']
"""

from __future__ import annotations

import csv
import hashlib
import html
import html.parser
import io
import json
import re
from collections.abc import Iterable, Iterator
from dataclasses import dataclass, field
from functools import lru_cache
from importlib import resources
from pathlib import Path

import pandas as pd

from .encoding import DecodeError, decode_bytes
from .language import detect_language
from .normalize import compact, normalize

SEEDS = Path(__file__).resolve().parents[2] / "seeds"

TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}
HTML_SUFFIXES = {".html", ".htm", ".xhtml"}
TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson"}
METADATA_FILE = "metadata.csv"
MAX_BYTES = 10_000_000  # a news article is a few KB; 10 MB is a dump, not an article

COLUMNS = ["article_id", "path", "title", "text", "language", "source", "url", "published",
           "encoding", "chars", "content_hash", "duplicate_of", "removed"]

# Column names accepted in tabular corpora, first match wins.
TEXT_COLUMNS = ("text", "body", "content", "article", "متن")
ID_COLUMNS = ("article_id", "id", "doc_id", "uid")
OPTIONAL_COLUMNS = ("title", "url", "published", "source")


class CorpusError(Exception):
    """A file (or the corpus as a whole) cannot be read as articles.

    ``path`` names the file, ``reason`` says why, in words a user can act on.
    """

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


@dataclass
class Skipped:
    """A file (or table row) that was seen but not loaded, and why."""

    path: str
    reason: str


@dataclass
class CorpusReport:
    """What a load saw: filled in while :func:`iter_corpus` runs."""

    files_seen: int = 0
    skipped: list[Skipped] = field(default_factory=list)


# --- public API --------------------------------------------------------------------


def load_corpus(path: str | Path | Iterable[str | Path] = SEEDS, errors: str = "raise") -> pd.DataFrame:
    """Load a corpus into a DataFrame, one row per article (columns: :data:`COLUMNS`).

    ``path`` is a folder (read recursively), a text/HTML file, a ``.csv`` or
    ``.jsonl`` table, or a list of these. ``df.attrs`` carries ``skipped``
    (a list of ``{"path", "reason"}``) and ``files_seen``.

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
    return frame


def iter_corpus(path: str | Path | Iterable[str | Path] = SEEDS, errors: str = "raise",
                report: CorpusReport | None = None) -> Iterator[dict]:
    """Yield the rows of :func:`load_corpus` one at a time, for corpora too big for memory.

    Pass a :class:`CorpusReport` to learn what was skipped. Duplicates are
    detected by content hash and flagged in ``duplicate_of`` (the hashes of
    everything seen are kept: 16 bytes an article).

    >>> next(iter_corpus(SEEDS))["article_id"]
    '000_5a71c811ddcef313'
    """
    if errors not in ("raise", "skip"):
        raise ValueError(f"errors must be 'raise' or 'skip', not {errors!r}")
    report = report if report is not None else CorpusReport()
    seen_hashes: dict[str, str] = {}
    seen_ids: set[str] = set()
    for source_path, root in _expand(path):
        for row in _rows_of(source_path, root, errors, report):
            row["article_id"] = _unique_id(row["article_id"], seen_ids)
            row["duplicate_of"] = seen_hashes.setdefault(row["content_hash"], row["article_id"])
            if row["duplicate_of"] == row["article_id"]:
                row["duplicate_of"] = ""
            yield row
    if report.files_seen == 0:
        raise CorpusError(_describe(path), "no files found (expected .txt, .md, .html, .csv or .jsonl)")


def article_from_text(raw: str, article_id: str = "article", **metadata) -> dict:
    """Build one article row from a raw text (title on the first line).

    >>> row = article_from_text("Iran and Iraq\\n\\nIran and Iraq\\nThey met.\\nLeave a Reply")
    >>> row["title"], row["text"], row["removed"]
    ('Iran and Iraq', 'They met.', ['Iran and Iraq', 'Leave a Reply'])
    """
    title, body, removed = split_title_body(raw, title=metadata.get("title") or "")
    if not (title or body).strip():
        raise CorpusError(article_id, "only boilerplate" if removed else "empty article")
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


def content_hash(text: str) -> str:
    """A short hash of the normalized text: equal for texts that differ only in
    ZWNJ/space, Arabic/Persian letters, digits or whitespace.

    >>> content_hash("همکاری‌ها ۱۴۰۰") == content_hash("همكاري ها 1400")
    True
    """
    return hashlib.sha256(compact(text).encode("utf-8")).hexdigest()[:16]


# --- title, body and boilerplate ---------------------------------------------------


@lru_cache(maxsize=1)
def _boilerplate_patterns() -> tuple[re.Pattern, ...]:
    text = resources.files("healthdiplomacy").joinpath("data/boilerplate.csv").read_text("utf-8")
    return tuple(re.compile(row["pattern"]) for row in csv.DictReader(io.StringIO(text)))


def is_boilerplate(line: str) -> bool:
    """True for a whole line of site furniture (comment forms, share buttons ...).

    >>> is_boilerplate("Leave a Reply"), is_boilerplate("Leave a reply to the minister")
    (True, False)
    """
    candidate = normalize(line).strip(" *:-|•")
    return any(p.fullmatch(candidate) for p in _boilerplate_patterns())


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")


def split_title_body(raw: str, title: str = "") -> tuple[str, str, list[str]]:
    """Split a raw article into (title, body, removed lines).

    The title is ``title`` if given, else the first non-empty line (Markdown
    ``#`` stripped). Repeats of the title and boilerplate lines are removed
    from the body and returned, so a reader can see what was cut.
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[str] = []
    if not title:
        while lines and not lines[0].strip():
            lines.pop(0)
        title = _MARKDOWN_HEADING.sub("", lines.pop(0)).strip() if lines else ""
    title_key = compact(title)
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
        elif compact(_MARKDOWN_HEADING.sub("", stripped)) == title_key or is_boilerplate(stripped):
            removed.append(stripped)
        else:
            kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return title, body, removed


# --- source ("به گزارش ...") --------------------------------------------------------

_CREDIT = re.compile(r"(?:به\s+گزارش|according\s+to|reported\s+by|\bquoted\s+by)\s+(.{2,80}?)(?=[:：،,؛;(]|\s*به\s+نقل|$)",
                     re.I | re.S)


@lru_cache(maxsize=1)
def _source_terms() -> tuple[tuple[str, str], ...]:
    text = resources.files("healthdiplomacy").joinpath("data/sources.csv").read_text("utf-8")
    terms = [(compact(row["term"]).casefold(), row["name_en"]) for row in csv.DictReader(io.StringIO(text))]
    return tuple(terms)


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
    """Yield (file, root) pairs; root is what ids and metadata.csv are relative to."""
    paths = [path] if isinstance(path, (str, Path)) else list(path)
    if not paths:
        raise CorpusError("(no path)", "no corpus path given")
    for item in paths:
        item = Path(item)
        if item.is_dir():
            files = sorted(p for p in item.rglob("*") if p.is_file() and p.name != METADATA_FILE)
            yield from ((f, item) for f in files)
        elif item.is_file():
            yield item, item.parent
        else:
            raise CorpusError(item, "no such file or folder")


def _unique_id(article_id: str, seen: set[str]) -> str:
    candidate, n = article_id, 1
    while candidate in seen:
        n += 1
        candidate = f"{article_id}~{n}"
    seen.add(candidate)
    return candidate


def _rows_of(path: Path, root: Path, errors: str, report: CorpusReport) -> Iterator[dict]:
    report.files_seen += 1
    try:
        if path.stat().st_size > MAX_BYTES:
            raise CorpusError(path, f"file too large ({path.stat().st_size:,} bytes; limit {MAX_BYTES:,})")
        suffix = path.suffix.lower()
        if path.name.startswith("."):
            raise CorpusError(path, "hidden file")
        if suffix in TABLE_SUFFIXES:
            yield from _table_rows(path, errors, report)
            return
        if suffix not in TEXT_SUFFIXES | HTML_SUFFIXES:
            raise CorpusError(path, f"unsupported file type '{suffix or path.name}'")
        yield _file_row(path, root)
    except CorpusError as exc:
        if errors == "raise":
            raise
        report.skipped.append(Skipped(str(path), exc.reason))


def _read_text(path: Path) -> tuple[str, str]:
    data = path.read_bytes()
    if not data.strip():
        raise CorpusError(path, "empty file")
    try:
        return decode_bytes(data)
    except DecodeError as exc:
        raise CorpusError(path, str(exc)) from None


def _file_row(path: Path, root: Path) -> dict:
    raw, encoding = _read_text(path)
    metadata = _metadata_for(root).get(path.stem, {})
    title = metadata.get("title", "")
    if path.suffix.lower() in HTML_SUFFIXES:
        html_title, raw = html_to_text(raw)
        title = title or html_title
    if not raw.strip():
        raise CorpusError(path, "empty file (whitespace only)")
    try:
        return article_from_text(raw, path.stem, path=str(path), encoding=encoding,
                                 **{**metadata, "title": title})
    except CorpusError as exc:
        raise CorpusError(path, exc.reason) from None


@lru_cache(maxsize=64)
def _metadata_for(root: Path) -> dict[str, dict]:
    """Read ``metadata.csv`` beside the text files: url/published/source by article id."""
    meta_path = root / METADATA_FILE
    if not meta_path.is_file():
        return {}
    text, _ = decode_bytes(meta_path.read_bytes())
    reader = csv.DictReader(io.StringIO(text))
    id_column = next((c for c in ID_COLUMNS if c in (reader.fieldnames or [])), None)
    if id_column is None:
        raise CorpusError(meta_path, f"needs an id column (one of {', '.join(ID_COLUMNS)})")
    return {row[id_column].strip(): {k: (row.get(k) or "").strip() for k in OPTIONAL_COLUMNS}
            for row in reader if row.get(id_column)}


def _table_rows(path: Path, errors: str, report: CorpusReport) -> Iterator[dict]:
    raw, encoding = _read_text(path)
    records = _jsonl_records(path, raw) if path.suffix.lower() in (".jsonl", ".ndjson") else _csv_records(path, raw)
    for number, record in records:
        where = f"{path}#{number}"
        try:
            text = str(record.get("_text") or "")
            if not text.strip():
                raise CorpusError(where, "row has no text")
            article_id = str(record.get("_id") or f"{path.stem}-{number}")
            meta = {k: str(record.get(k) or "") for k in OPTIONAL_COLUMNS}
            yield article_from_text(text, article_id, path=where, encoding=encoding, **meta)
        except CorpusError as exc:
            if errors == "raise":
                raise CorpusError(where, exc.reason) from None
            report.skipped.append(Skipped(where, exc.reason))


def _pick(columns: Iterable[str], wanted: tuple[str, ...]) -> str | None:
    lower = {c.strip().lower(): c for c in columns}
    return next((lower[w] for w in wanted if w in lower), None)


def _with_standard_keys(record: dict, text_col: str, id_col: str | None) -> dict:
    out = {k.strip().lower(): v for k, v in record.items() if k is not None}
    out["_text"] = record.get(text_col)
    out["_id"] = record.get(id_col) if id_col else None
    return out


def _csv_records(path: Path, raw: str) -> Iterator[tuple[int, dict]]:
    reader = csv.DictReader(io.StringIO(raw))
    text_col = _pick(reader.fieldnames or [], TEXT_COLUMNS)
    if text_col is None:
        raise CorpusError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
    id_col = _pick(reader.fieldnames or [], ID_COLUMNS)
    for number, record in enumerate(reader, start=1):
        yield number, _with_standard_keys(record, text_col, id_col)


def _jsonl_records(path: Path, raw: str) -> Iterator[tuple[int, dict]]:
    for number, line in enumerate(raw.splitlines(), start=1):
        if not line.strip():
            continue
        try:
            record = json.loads(line)
        except json.JSONDecodeError as exc:
            raise CorpusError(f"{path}:{number}", f"invalid JSON ({exc.msg})") from None
        if not isinstance(record, dict):
            raise CorpusError(f"{path}:{number}", "each line must be a JSON object")
        text_col = _pick(record, TEXT_COLUMNS)
        if text_col is None:
            raise CorpusError(f"{path}:{number}", f"no text field (expected one of: {', '.join(TEXT_COLUMNS)})")
        yield number, _with_standard_keys(record, text_col, _pick(record, ID_COLUMNS))


# --- HTML ----------------------------------------------------------------------------


class _TextExtractor(html.parser.HTMLParser):
    """Collect visible text; script, style and page furniture are dropped, never run."""

    SKIP = {"script", "style", "noscript", "template", "nav", "footer", "header", "aside",
            "form", "svg", "iframe", "object", "head"}
    BLOCK = {"p", "div", "br", "li", "h1", "h2", "h3", "h4", "h5", "h6", "tr", "section",
             "article", "blockquote", "pre", "ul", "ol", "table"}

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.parts: list[str] = []
        self.title: list[str] = []
        self.h1: list[str] = []
        self._skip_depth = 0
        self._in: list[str] = []

    def handle_starttag(self, tag, attrs):
        if tag in self.SKIP and tag != "head":
            self._skip_depth += 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        self._in.append(tag)

    def handle_endtag(self, tag):
        if tag in self.SKIP and tag != "head" and self._skip_depth:
            self._skip_depth -= 1
        if tag in self.BLOCK:
            self.parts.append("\n")
        if tag in self._in:
            while self._in and self._in.pop() != tag:
                pass

    def handle_data(self, data):
        if "title" in self._in:
            self.title.append(data)
        elif self._skip_depth == 0:
            if "h1" in self._in:
                self.h1.append(data)
            self.parts.append(data)


def html_to_text(markup: str) -> tuple[str, str]:
    """Extract (title, visible text) from an HTML page, without running anything.

    >>> html_to_text("<title>T</title><h1>Iran</h1><script>alert(1)</script><p>Met Iraq.</p>")
    ('Iran', 'Iran\\n\\nMet Iraq.')
    """
    parser = _TextExtractor()
    parser.feed(markup)
    parser.close()
    text = re.sub(r"[ \t]+", " ", "".join(parser.parts))
    text = re.sub(r"\s*\n\s*(\n\s*)*", lambda m: "\n\n" if m.group().count("\n") > 1 else "\n", text).strip()
    title = " ".join("".join(parser.h1 or parser.title).split())
    return html.unescape(title), text
