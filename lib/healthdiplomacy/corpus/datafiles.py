"""CSV files of package data (boilerplate, sources, codebook tables): each row with its line, each problem naming ``file:line``.
"""
from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Iterator
from importlib import resources

from .errors import DataFileError


def read_data_csv(text: str, name: str, required: tuple[str, ...]) -> Iterator[tuple[int, dict]]:
    """Yield ``(line, row)`` from a CSV of package data, or raise :class:`DataFileError`
    naming ``name:line`` when a column, a field or a value is missing.

    >>> list(read_data_csv("lang,pattern\\nen,x\\n", "boilerplate.csv", ("pattern",)))
    [(2, {'lang': 'en', 'pattern': 'x'})]
    >>> list(read_data_csv("lang,pattern\\nen\\n", "boilerplate.csv", ("pattern",)))
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.errors.DataFileError: boilerplate.csv:2: no value for 'pattern'
    """
    try:
        reader, header = csv_reader(io.StringIO(text, newline=""))
        missing = [c for c in required if c not in header]
        if missing:
            raise DataFileError(f"{name}:1", f"missing column(s) {', '.join(missing)} (header: {','.join(header)})")
        for line, row in numbered_rows(reader):
            if None in row:
                raise DataFileError(f"{name}:{line}", f"{len(header) + len(row[None])} fields, "
                                                      f"the header has {len(header)} (quote values with commas)")
            for column in required:
                if not (row.get(column) or "").strip():
                    raise DataFileError(f"{name}:{line}", f"no value for {column!r}")
            yield line, row
    except BrokenCsv as exc:
        raise DataFileError(f"{name}:{exc.line}", exc.reason) from None


class BrokenCsv(Exception):
    """CSV the csv module cannot parse, at a line; ``last`` is the last line the parser read
    (past ``line`` when a quote that never closes swallowed the rest of the file)."""

    def __init__(self, line: int, reason: str, last: int | None = None):
        super().__init__(f"line {line}: {reason}")
        self.line, self.reason, self.last = line, reason, line if last is None else last


def csv_reader(lines: Iterable[str]) -> tuple[csv.DictReader, list[str]]:
    # strict: an unterminated quote is an error on its line, not the rest of
    # the file swallowed into one field.
    reader = csv.DictReader(lines, strict=True)
    try:
        return reader, list(reader.fieldnames or [])
    except csv.Error as exc:
        raise BrokenCsv(1, f"malformed CSV ({exc})") from None


def numbered_rows(reader: csv.DictReader) -> Iterator[tuple[int, dict]]:
    """``(first line, row)`` per record (a quoted field may span lines; blank lines are not rows)."""
    end = reader.reader.line_num
    while True:
        try:
            row = next(reader)
        except StopIteration:
            return
        except csv.Error as exc:
            last = reader.reader.line_num
            if "unexpected end of data" in str(exc):
                # strict csv reads an unclosed quote to the end of the file, then fails: say
                # where the quote opened, which is where the user has to look.
                raise BrokenCsv(end + 1, f"unterminated quote: the quoted field opened on line {end + 1} "
                                         "never closes", last) from None
            raise BrokenCsv(end + 1, f"malformed CSV ({exc})", last) from None
        end = reader.reader.line_num
        values = [v for v in row.values() if isinstance(v, str)] + list(row.get(None) or [])
        yield end - sum(v.count("\n") for v in values), row


def package_csv(name: str) -> str:
    return resources.files("healthdiplomacy").joinpath(f"data/{name}").read_text("utf-8")
