"""Reading one file: size limits, regular files only, the encoding decided, HTML turned to text."""
from __future__ import annotations

import re
import stat
from pathlib import Path

from ..text.encoding import DecodeError, decode_bytes
from .articles import article_from_text
from .boilerplate import VISIBLE
from .errors import CorpusError
from .html import html_to_text


TEXT_SUFFIXES = {".txt", ".md", ".markdown", ".text"}


HTML_SUFFIXES = {".html", ".htm", ".xhtml"}


TABLE_SUFFIXES = {".csv", ".jsonl", ".ndjson"}


# A news article is a few KB; 10 MB in one text/HTML file is a dump, not an
# article. Tables (.csv/.jsonl) are streamed row by row and have no limit.
MAX_BYTES = 10_000_000


def read_bytes(path: Path, limit: int) -> bytes:
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


def decode_file(path: Path, data: bytes, declared: str | None = None) -> tuple[str, str]:
    if not data:
        raise CorpusError(path, "empty file (0 bytes)")
    try:
        text, encoding = decode_bytes(data, declared)
    except DecodeError as exc:
        raise CorpusError(path, str(exc)) from None
    if not VISIBLE.search(text):
        raise CorpusError(path, "empty file (whitespace only)")
    return text, encoding


_META_CHARSET = re.compile(rb"""<meta[^>]{0,200}?charset\s*=\s*["']?\s*([A-Za-z0-9_.:-]{1,40})""", re.I)


def article_from_file(path: Path, metadata: dict) -> dict:
    data = read_bytes(path, MAX_BYTES)
    is_html = path.suffix.lower() in HTML_SUFFIXES
    declared = _META_CHARSET.search(data[:4096]) if is_html else None
    raw, encoding = decode_file(path, data, declared.group(1).decode("ascii") if declared else None)
    meta = metadata.get(path.stem) or metadata.get(path.name) or {}
    title = meta.get("title", "")
    if is_html:
        html_title, raw = html_to_text(raw)
        title = title or html_title
        if not VISIBLE.search(raw):
            raise CorpusError(path, "no visible text in the HTML (only markup, scripts or styles)")
    try:
        return article_from_text(raw, path.stem, path=str(path), encoding=encoding,
                                 **{**meta, "title": title})
    except CorpusError as exc:
        raise CorpusError(path, exc.reason) from None
