"""Articles in a ``.csv`` or ``.jsonl`` table, one row each, streamed when the table is large."""
from __future__ import annotations

import codecs
import io
import json
import re
from collections.abc import Iterable, Iterator
from contextlib import contextmanager
from pathlib import Path

from ..text.encoding import BOMS
from .articles import article_from_text
from .datafiles import BrokenCsv, csv_reader, numbered_rows
from .errors import CorpusError, LoadState
from .files import MAX_BYTES, decode_file, read_bytes
from .metadata import ID_COLUMNS, OPTIONAL_COLUMNS


# Column names accepted in tabular corpora, first match wins.
TEXT_COLUMNS = ("text", "body", "content", "article", "متن")


class TableCut(CorpusError):
    """A table that breaks part-way; the reason says which lines were lost."""


def articles_in_table(path: Path, load: LoadState) -> Iterator[dict]:
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
    except TableCut as exc:  # its reason says what was lost
        yield exc
        return
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
        text, encoding = decode_file(path, read_bytes(path, MAX_BYTES))
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
            _, label = decode_file(path, even)
        except CorpusError:
            _, label = decode_file(path, even[:-2])
        return label, label
    try:
        codecs.getincrementaldecoder("utf-8")().decode(head, final=False)
        return "utf-8", "utf-8"
    except UnicodeDecodeError:
        pass
    cut = head[: head.rfind(b"\n") + 1] or head  # a single-byte code page can be cut anywhere
    _, label = decode_file(path, cut)
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
        reader, header = csv_reader(iter(stream))
        text_col = _pick(header, TEXT_COLUMNS)
        if text_col is None:
            raise CorpusError(path, f"no text column (expected one of: {', '.join(TEXT_COLUMNS)})")
        id_col = _pick(header, ID_COLUMNS)
        for number, (line, record) in enumerate(numbered_rows(reader), start=1):
            where = f"{path}:{line}"
            if None in record:  # more fields than the header: which value goes where is a guess
                yield number, where, CorpusError(where, f"{len(header) + len(record[None])} fields, the header "
                                                        f"has {len(header)} (quote values that contain commas)")
                continue
            yield number, where, _with_standard_keys(record, text_col, id_col)
    except BrokenCsv as exc:
        unread = [bool(line.strip()) for line in stream]  # lines the parser never reached
        lost = exc.last - exc.line + 1 + sum(unread)  # one row a line: what a table of articles holds
        raise TableCut(f"{path}:{exc.line}", f"{exc.reason}; {lost} row(s) lost (lines {exc.line}-"
                                             f"{exc.last + len(unread)} not read)") from None


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
