"""Every table leaves through here: one table to a file or a stream (:func:`write_table`),
rows chunk by chunk as a run goes (:class:`TableSink`), and all result tables for
spreadsheets (:func:`export_tables`).

Formats that diff cleanly (CSV, JSONL) or load fast (Parquet).

>>> import pandas as pd, io
>>> buffer = io.StringIO()
>>> write_table(pd.DataFrame({"a": [2, 1], "b": ["y", "x"]}), buffer, "csv")
>>> buffer.getvalue()
'a,b\\n2,y\\n1,x\\n'
"""

from __future__ import annotations

import contextlib
import csv
import datetime
import glob
import hashlib
import io
import json
import logging
import os
import re
import shutil
import sys
import tempfile
from pathlib import Path
from collections.abc import Iterator
from typing import IO, NamedTuple

import pandas as pd

from ..coding.quantities import QUANTITY_COLUMNS, quantities_table
from ..coding.tagger import Tagging
from .events import EVENT_COLUMNS, find_events, link_events
from .tables import theme_partner_table


FORMATS = ("csv", "jsonl", "parquet")

_LOG = logging.getLogger(__name__)


def format_for(path: str | Path | None, default: str = "csv") -> str:
    """The output format a file name implies (``links.jsonl`` -> ``jsonl``).

    >>> format_for("out/links.parquet"), format_for(None)
    ('parquet', 'csv')
    """
    if path is None:
        return default
    suffix = Path(path).suffix.lower().lstrip(".")
    return suffix if suffix in FORMATS else default


def check_format(fmt: str) -> None:
    """Stop with the formats there are when ``fmt`` is not one of them.

    >>> check_format("xls")
    Traceback (most recent call last):
    ...
    ValueError: unknown format 'xls' (use csv, jsonl, parquet)
    """
    if fmt not in FORMATS:
        raise ValueError(f"unknown format {fmt!r} (use {', '.join(FORMATS)})")


def write_table(frame: pd.DataFrame, out: str | Path | IO[str] | None, fmt: str = "csv") -> None:
    """Write ``frame`` to a path, an open text stream, or stdout (``None``).

    CSV is UTF-8 with ``\\n`` line endings; JSONL keeps Persian readable
    (no ``\\u`` escapes); Parquet needs a path.
    """
    check_format(fmt)
    if fmt == "parquet":
        if out is None or not isinstance(out, (str, Path)):
            raise ValueError("parquet output needs --out FILE")
        frame.to_parquet(out, index=False)
        return
    handle, close = _open(out)
    try:
        if fmt == "csv":
            handle.write(csv_text(frame))
        else:
            for record in frame.to_dict("records"):
                handle.write(json.dumps(record, ensure_ascii=False, default=str) + "\n")
    finally:
        if close:
            handle.close()


def _open(out) -> tuple[IO[str], bool]:
    if out is None:
        return sys.stdout, False
    if isinstance(out, (str, Path)):
        Path(out).parent.mkdir(parents=True, exist_ok=True)
        return open(out, "w", encoding="utf-8", newline=""), True
    return out, False


# --- a table written chunk by chunk ----------------------------------------------------------

# Rows per Parquet row group: big enough for good compression and fast scans.
PARQUET_ROWS = 65_536


class Rendered(NamedTuple):
    """Rows in an output format: UTF-8 bytes (CSV lines without the header, JSONL
    lines) or a pyarrow Table (Parquet). Pickled (sent from a worker) compressed."""

    rows: int
    data: object

    def __reduce__(self):
        # A chunk's rows are ~10x its articles (each link quotes its sentences),
        # and they compress ~20x: LZ4 costs less CPU than moving the bytes.
        return (_unpack, (self.rows, *_pack(self.data)))


def _pack(data) -> tuple[str, int, bytes]:
    import pyarrow as pa
    if isinstance(data, bytes):
        return "bytes", len(data), pa.Codec("lz4").compress(data, asbytes=True)
    sink = pa.BufferOutputStream()
    with pa.ipc.new_stream(sink, data.schema, options=pa.ipc.IpcWriteOptions(compression="lz4")) as stream:
        stream.write_table(data)
    return "arrow", 0, sink.getvalue().to_pybytes()


def _unpack(rows: int, kind: str, size: int, packed: bytes) -> Rendered:
    import pyarrow as pa
    if kind == "bytes":
        return Rendered(rows, pa.Codec("lz4").decompress(packed, decompressed_size=size, asbytes=True))
    return Rendered(rows, pa.ipc.open_stream(packed).read_all())


def render(columns: list[list], names: list[str], fmt: str) -> Rendered:
    """Rows given as column lists, in ``fmt`` (see :class:`TableSink` for the layouts).

    >>> render([["x", "y"], ["1, 2", "3"]], ["a", "b"], "csv")
    Rendered(rows=2, data=b'x,"1, 2"\\ny,3\\n')
    >>> render([["=1+1"], [-1]], ["a", "n"], "csv").data  # CSV: safe cells; numbers stay numbers
    b"'=1+1,-1\\n"
    >>> render([["x"]], ["a"], "jsonl").data.decode()
    '{"a": "x"}\\n'
    >>> import pickle; pickle.loads(pickle.dumps(render([["x"]], ["a"], "parquet"))).data.to_pydict()
    {'a': ['x']}
    """
    rows = len(columns[0]) if columns else 0
    if fmt == "csv":  # a CSV is opened in spreadsheets: safe cells, as write_table and export write them
        text = io.StringIO()
        safe = [safe_column(column) for column in columns]
        quoting = csv.QUOTE_ALL if any("\r" in "".join(map(str, column)) for column in safe) else csv.QUOTE_MINIMAL
        cells = list(zip(*safe))
        csv.writer(text, lineterminator="\n", quoting=quoting).writerows(cells)
        return Rendered(rows, text.getvalue().encode("utf-8"))
    if fmt == "jsonl":
        return Rendered(rows, "".join(json.dumps(dict(zip(names, values)), ensure_ascii=False, default=str) + "\n"
                                      for values in zip(*columns)).encode("utf-8"))
    if fmt == "parquet":
        import pyarrow as pa
        return Rendered(rows, pa.table(dict(zip(names, columns)), schema=_string_schema(names)))
    check_format(fmt)
    raise AssertionError(fmt)  # (every format is handled above)


def _string_schema(names: list[str]):
    import pyarrow as pa
    return pa.schema([(name, pa.string()) for name in names])


class TableSink:
    """Write rows to a file chunk by chunk, in the format and layout of
    :func:`~healthdiplomacy.results.outputs.write_table` (CSV: the same bytes as pandas
    ``to_csv``; JSONL: one object a line; Parquet: string columns, one row group
    per :data:`PARQUET_ROWS` rows). A path is written under a temporary name
    (``NAME.PID.partial``) and renamed when :meth:`close` succeeds, so a failed run
    leaves no half file.
    ``out=None`` writes to standard output (not Parquet).

    >>> buffer = io.StringIO()
    >>> with TableSink(buffer, "csv", ["a", "b"]) as sink:
    ...     sink.write([{"a": "x", "b": "1, 2"}])
    ...     sink.write_columns([["y"], ["3"]])
    >>> buffer.getvalue()
    'a,b\\nx,"1, 2"\\ny,3\\n'
    """

    def __init__(self, out: str | Path | IO[str] | None, fmt: str, columns: list[str]):
        check_format(fmt)
        if fmt == "parquet" and not isinstance(out, (str, Path)):
            raise ValueError("parquet output needs --out FILE")
        self.fmt, self.columns, self.rows_written = fmt, columns, 0
        self._final = Path(out) if isinstance(out, (str, Path)) else None
        if self._final:
            self._final.parent.mkdir(parents=True, exist_ok=True)
        self._path = staging_path(self._final) if self._final else None
        self._handle, self._tables, self._buffered, self._parquet = None, [], 0, None
        if fmt != "parquet":
            self._handle = open(self._path, "wb") if self._path else _binary(out)
            if fmt == "csv":
                self._handle.write(render([[c] for c in columns], columns, "csv").data)

    def write(self, rows: list[dict]) -> None:
        """Append rows (dicts holding at least :attr:`columns`)."""
        self.write_columns([[row[c] for row in rows] for c in self.columns])

    def write_columns(self, columns: list[list]) -> None:
        """Append rows given as one list per column, in :attr:`columns` order."""
        self.write_rendered(render(columns, self.columns, self.fmt))

    def write_rendered(self, rendered: Rendered) -> None:
        """Append rows already in this sink's format (from :func:`render`)."""
        self.rows_written += rendered.rows
        if self.fmt != "parquet":
            self._handle.write(rendered.data)
        elif rendered.rows:
            self._tables.append(rendered.data)  # Arrow columns wait for the row group
            self._buffered += rendered.rows
            if self._buffered >= PARQUET_ROWS:
                self._flush_parquet()

    def close(self) -> None:
        """Finish the file (and move it into place)."""
        if self.fmt == "parquet":
            self._flush_parquet(final=True)
            self._parquet.close()
        elif self._path:
            self._handle.close()
        else:
            self._handle.flush()
        if self._path:
            os.replace(self._path, self._final)

    def abort(self) -> None:
        """Drop a half-written file."""
        if self._parquet is not None:
            self._parquet.close()
        if self._handle is not None and self._path:
            self._handle.close()
        if self._path and self._path.exists():
            self._path.unlink()

    def __enter__(self) -> "TableSink":
        return self

    def __exit__(self, kind, value, traceback) -> None:
        self.abort() if kind else self.close()

    def _flush_parquet(self, final: bool = False) -> None:
        import pyarrow as pa
        import pyarrow.parquet as pq

        schema = _string_schema(self.columns)
        if self._parquet is None:
            self._parquet = pq.ParquetWriter(self._path, schema)
        if self._tables:
            self._parquet.write_table(pa.concat_tables(self._tables))
        elif final and self.rows_written == 0:
            self._parquet.write_table(schema.empty_table())  # a file with its columns
        self._tables, self._buffered = [], 0


class _TextWriter:
    """Bytes in, text out: for a text stream given as the output (io.StringIO ...)."""

    def __init__(self, stream: IO[str]):
        self.stream = stream

    def write(self, data: bytes) -> None:
        self.stream.write(data.decode("utf-8"))

    def flush(self) -> None:
        self.stream.flush()


def _binary(out: IO | None):
    """Where bytes go for ``out`` (None: standard output)."""
    stream = sys.stdout if out is None else out
    if isinstance(stream, io.TextIOBase) and hasattr(stream, "buffer"):
        stream.flush()  # whatever was printed before comes first
        return stream.buffer
    return _TextWriter(stream) if isinstance(stream, io.TextIOBase) else stream


# --- export: all result tables for spreadsheets -----------------------------------------------
# One sheet (xlsx) or one file (csv, parquet) per table, plus a ``readme`` that explains
# every column. CSV files are UTF-8 *with* a byte-order mark, so Excel shows Persian
# text correctly when it opens them.

EXPORT_FORMATS = (".xlsx", ".csv", ".parquet")

# The column dictionary: also printed in README.md and the report.
COLUMN_DOCS = {
    "articles": {
        "article_id": "file name without extension, or the id column of a table",
        "path": "where the article was read from (file, or file#row for tables)",
        "title": "the title (first line, or the table's title column)",
        "text": "the body: title repeats and site boilerplate removed",
        "language": "fa, en, ar, another ISO 639-1 code, or und (undetermined)",
        "source": "the news agency the text credits ('به گزارش ...'), or the source column",
        "url": "from the table or metadata.csv",
        "published": "from the table or metadata.csv",
        "encoding": "the encoding the file was decoded with",
        "chars": "characters in the body",
        "content_hash": "hash of the normalized text: equal for spelling-variant copies",
        "duplicate_of": "the article this one repeats (not tagged again), or empty",
        "removed": "boilerplate lines removed from the body, joined by ' | '",
    },
    "links": {
        "article_id": "the article",
        "partner_id": "ISO 3166-1 alpha-2 (countries), snake_case (regions), acronym (organizations)",
        "theme_id": "cooperation theme (empty: a partner with no theme stated)",
        "rule": "how the theme reached the partner: stated_for, nearest_in_clause, listed_together, "
                "same_sentence, previous_sentence, single_partner_article, title_partner; no_theme_stated",
        "partner_rule": "how the place became a partner: iran_and_partner, stated_with_iran, implicit_iran, "
                        "same_partner",
        "sentence_ids": "the sentences that state the link (ids in the sentences table, joined by ';')",
        "terms": "the codebook terms matched, joined by '; '",
        "language": "language of the article",
        "partner_name_en": "partner name in English (from the codebook)",
        "partner_name_fa": "partner name in Persian (from the codebook)",
        "partner_kind": "country, region or organization",
        "theme_label": "theme label in English",
        "evidence": "the sentence(s) of sentence_ids, quoted exactly (several: one per line)",
        "stages": "how far the partnership got in the article (from the stages table, in order, joined by ';')",
        "year_start": "the article's year (first Gregorian year; empty: undated; from the years table)",
        "year_end": "the article's year (last Gregorian year: a Solar Hijri year spans two)",
        "year_source": "published (the article's date), inferred (a date in its text) or empty",
        "year_sentence_id": "the sentence an inferred year was read from",
        "year_evidence": "the sentence of year_sentence_id",
        "event_id": "the event this article's report about the partner belongs to (the events sheet)",
    },
    "mentions": {
        "article_id": "the article",
        "partner_id": "the place or organization named",
        "role": "partner, home (Iran), venue, occasion, third_party, adversary, comparison, "
                "origin_or_transit, title, negated or mentioned",
        "cue": "the cue that decided the role ('kind: term'), or why",
        "rule": "for a partner: how it became one (see links.partner_rule)",
        "sentence_id": "the sentence that names it (id in the sentences table)",
        "term": "the codebook term matched",
        "partner_name_en": "name in English",
        "partner_name_fa": "name in Persian",
        "partner_kind": "country, region, organization or home (Iran)",
        "sentence": "the sentence of sentence_id, quoted exactly",
    },
    "stages": {
        "article_id": "the article",
        "partner_id": "the partner",
        "stage": "intent, talks, agreement_proposed, agreement_signed or delivered",
        "cameo_code": "the CAMEO event code of the stage",
        "sentence_ids": "the sentences that say so (ids in the sentences table)",
        "terms": "the stage cues matched, joined by '; '",
        "evidence": "the sentence(s) of sentence_ids, quoted exactly",
    },
    "events": {
        "event_id": "ev- and a hash of the event's articles (stable when an article is added to another event)",
        "date": "the first report's date: published, else the day its text states, else the year it states "
                "(empty: undated, an event of its own)",
        "partners": "the partner the reports are about",
        "themes": "every theme the reports state, joined by ';'",
        "stage": "the furthest stage reported",
        "n_articles": "how many articles report it (copies not included)",
        "languages": "the reports' languages, joined by ';'",
        "sources": "the agencies credited, joined by ';'",
        "article_ids": "the reports, joined by ';'",
        "evidence": "what tied the reports: partner, dates (published, or stated in the text and by which "
                    "report), themes in common, and the officials and places they all name",
    },
    "quantities": {
        "article_id": "the article",
        "partner_id": "the partner the quantity is stated for",
        "theme_id": "the partner's theme whose term stands nearest the number",
        "value": "the number (the lower end of a range)",
        "value_max": "the upper end of a range, else empty",
        "unit": "dose, ton, kilogram, piece, patient, bed, rial, toman, dollar, euro, ... as written",
        "unit_kind": "doses, weight, pieces, shipments, patients, beds, money: never summed across units",
        "text": "the quantity as written",
        "sentence_id": "the sentence it is stated in",
        "n_partners": "how many partners the same quantity went to (above 1: a total for several)",
        "language": "language of the article",
        "evidence": "the sentence, quoted exactly",
    },
    "theme_by_partner": {
        "theme_id": "cooperation theme (rows)",
        "<partner_id>": "number of distinct articles linking that partner to the theme",
    },
}


def _flat(frame: pd.DataFrame) -> pd.DataFrame:
    """Lists (the ``removed`` column) become text, so every format can hold them."""
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].map(lambda v: isinstance(v, (list, tuple))).any():
            frame[column] = frame[column].map(lambda v: " | ".join(map(str, v)) if isinstance(v, (list, tuple)) else v)
    return frame


_ISO_DATE = re.compile(r"\d{4}-\d{2}-\d{2}")


def typed(frame: pd.DataFrame) -> pd.DataFrame:
    """Years as nullable integers and ``published`` (and an event's ``date``) as dates, for a spreadsheet or Parquet
    reader; a column is converted only when every value in it converts (an irregular date is
    kept as written, never dropped).

    >>> out = typed(pd.DataFrame({"year_start": ["2019", ""], "published": ["2019-05-01", ""]}))
    >>> out["year_start"].tolist(), str(out["year_start"].dtype), out["published"].tolist()
    ([2019, <NA>], 'Int64', [datetime.date(2019, 5, 1), None])
    >>> typed(pd.DataFrame({"published": ["2019-05-01", "May 2019"]}))["published"].tolist()
    ['2019-05-01', 'May 2019']
    """
    frame = frame.copy()
    for column in frame.columns:
        values = ["" if _missing(v) else str(v).strip() for v in frame[column]]
        given = [v for v in values if v]
        if column in ("year_start", "year_end", "year") and all(v.isdigit() for v in given):
            frame[column] = pd.array([int(v) if v else None for v in values], dtype="Int64")
        elif column in ("published", "date") and given and all(_ISO_DATE.fullmatch(v) for v in given):
            try:
                frame[column] = [datetime.date.fromisoformat(v) if v else None for v in values]
            except ValueError:  # 2019-02-30: kept as written
                pass
    return frame


def csv_text(frame: pd.DataFrame, float_format: str | None = None) -> str:
    """``frame`` as the CSV every writer of the package writes: safe cells (:func:`safe_text`:
    a spreadsheet opens it), ``\\n`` line ends, no index; a cell holding a carriage return
    quotes every field, so it reads back as written.

    >>> csv_text(pd.DataFrame({"a": ["=1", "x"], "n": [1.5, 2.0]}), "%.2f")
    "a,n\\n'=1,1.50\\nx,2.00\\n"
    """
    if float_format is None and len(frame.columns) and all(
            pd.api.types.is_string_dtype(frame[c]) and frame[c].dtype != object for c in frame.columns):
        return _string_csv(frame)
    safe = safe_frame(frame)
    return safe.to_csv(index=False, lineterminator="\n", quoting=_csv_quoting(safe), float_format=float_format)


def _string_csv(frame: pd.DataFrame) -> str:
    """:func:`csv_text` of a frame of string columns, written by the csv module from column
    lists, as pandas writes it (a missing value empty) in a fraction of the time (a table of
    100,000 quotes took seconds).

    >>> frame = pd.DataFrame({"a": ["=1", None, "x,y"], "b": ["1", "2", 'say "hi"']}, dtype="str")
    >>> _string_csv(frame) == safe_frame(frame).to_csv(index=False, lineterminator="\\n")
    True
    >>> na = frame.astype("string")  # (missing as pd.NA)
    >>> _string_csv(na) == safe_frame(na).to_csv(index=False, lineterminator="\\n")
    True
    """
    # (a string column holds text or a missing value: None, NaN or NA, each written empty)
    columns = [safe_column([v if isinstance(v, str) else "" for v in frame[c].tolist()]) for c in frame.columns]
    header = [str(c) for c in frame.columns]
    quoting = csv.QUOTE_ALL if any("\r" in "".join(values) for values in [header, *columns]) else csv.QUOTE_MINIMAL
    text = io.StringIO()
    writer = csv.writer(text, lineterminator="\n", quoting=quoting)
    writer.writerow(header)
    writer.writerows(zip(*columns))
    return text.getvalue()


def _csv_quoting(frame: pd.DataFrame) -> int:
    """Every field quoted when a cell holds a carriage return: written unquoted with "\\n"
    line ends (csv quotes only the line terminator's characters), "'\\r" reads back as "'".

    >>> _csv_quoting(pd.DataFrame({"a": ["x\\r"]})) == csv.QUOTE_ALL, _csv_quoting(pd.DataFrame({"a": ["x"]}))
    (True, 0)
    """
    for column in frame.columns:
        if "\r" in "".join(v for v in frame[column].tolist() if isinstance(v, str)):  # (one search a column)
            return csv.QUOTE_ALL
    return csv.QUOTE_MINIMAL


def readme_table() -> pd.DataFrame:
    """The column dictionary as a table (table, column, meaning).

    >>> readme_table().iloc[0].tolist()
    ['articles', 'article_id', 'file name without extension, or the id column of a table']
    """
    rows = [(table, column, meaning) for table, columns in COLUMN_DOCS.items() for column, meaning in columns.items()]
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def result_tables(articles: pd.DataFrame, tagging: Tagging) -> dict[str, pd.DataFrame]:
    """The tables an export writes, in order, keyed by sheet name."""
    matrix = theme_partner_table(tagging.links, count="articles").reset_index()  # (the export: articles)
    matrix.columns = [str(c) for c in matrix.columns]
    events = find_events(tagging.links, articles, years=tagging.years)  # as corrections find them
    quantities = quantities_table(tagging)[QUANTITY_COLUMNS + ["evidence"]]
    tables = {"readme": readme_table(), "articles": _flat(articles), "links": link_events(tagging.links, events),
              "mentions": tagging.mentions, "stages": tagging.stages, "events": events[EVENT_COLUMNS],
              "quantities": quantities, "theme_by_partner": matrix}
    return {name: typed(frame) for name, frame in tables.items()}


def export_tables(articles: pd.DataFrame, tagging: Tagging, to: str | Path) -> list[Path]:
    """Write the result tables to ``to`` (.xlsx: one sheet each; .csv/.parquet: one file each,
    named ``STEM-TABLE.ext``). Returns the paths written.

    Safe for spreadsheets: characters XML forbids are removed (XLSX), a text cell that a
    spreadsheet would take for a formula is written as text (:func:`safe_text`), and an
    XLSX cell is never a formula. Written to temporary files beside the targets and renamed
    into place once all are complete: an interrupted export leaves the previous files.

    >>> import tempfile, pathlib
    >>> from healthdiplomacy import load_corpus, tag_articles
    >>> articles = load_corpus()
    >>> folder = pathlib.Path(tempfile.mkdtemp())
    >>> paths = export_tables(articles, tag_articles(articles), folder / "results.csv")
    >>> sorted(p.name for p in paths)[:3]
    ['results-articles.csv', 'results-events.csv', 'results-links.csv']
    """
    to = Path(to)
    suffix = to.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise ValueError(f"{to}: export to {', '.join(EXPORT_FORMATS)}, not {suffix or 'no extension'}")
    to.parent.mkdir(parents=True, exist_ok=True)
    tables = result_tables(articles, tagging)
    dropped = xml_illegal_count(tables.values())
    if dropped and suffix != ".parquet":  # (Parquet keeps every character)
        _LOG.warning("%s: %d character(s) XML forbids (NUL, \\v, other C0 controls) dropped from text cells",
                     to, dropped)
    targets = {name: to if suffix == ".xlsx" else to.with_name(f"{to.stem}-{name}{suffix}") for name in tables}
    staged: dict[Path, Path] = {}
    try:
        if suffix == ".xlsx":
            staged[to] = staging_path(to)
            _write_xlsx(tables, staged[to])
        else:
            for name, frame in tables.items():
                staged[targets[name]] = staging_path(targets[name])
                if suffix == ".csv":  # (with a BOM: a spreadsheet then reads Persian right)
                    staged[targets[name]].write_text(csv_text(frame), encoding="utf-8-sig", newline="")
                else:
                    frame.to_parquet(staged[targets[name]], index=False)
        for target, temporary in staged.items():  # every file is complete: now into place
            os.replace(temporary, target)
    finally:
        for temporary in staged.values():
            Path(temporary).unlink(missing_ok=True)
    return list(dict.fromkeys(targets.values()))


# A formula's first character, in a spreadsheet (OWASP's list for CSV injection).
FORMULA_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")
# What XML 1.0 forbids (openpyxl refuses it): C0 controls but tab, newline, carriage return.
_XML_ILLEGAL = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f]")


def xml_illegal_count(frames) -> int:
    """How many characters XML forbids the text cells of ``frames`` hold (what
    :func:`safe_text` drops): the count an export logs.

    >>> xml_illegal_count([pd.DataFrame({"a": ["Iran\\x0bIraq\\x00", "x"], "n": [1, 2]})])
    2
    """
    return sum(len(_XML_ILLEGAL.findall(value)) for frame in frames for column in frame.columns
               for value in frame[column] if isinstance(value, str))


def safe_text(value: object, quote: bool = True) -> object:
    """A text cell as a spreadsheet should show it: a leading formula trigger is escaped
    with ``'`` (OWASP), characters XML forbids are dropped. Other values pass unchanged.
    ``quote=False`` (XLSX, where the cell is typed as a string instead) drops only.

    >>> safe_text('=HYPERLINK("http://x","y")'), safe_text("-1+1"), safe_text("Iran\x0bIraq"), safe_text(3)
    ('\\'=HYPERLINK("http://x","y")', "'-1+1", 'IranIraq', 3)
    >>> safe_text("=1+1", quote=False)
    '=1+1'
    """
    if not isinstance(value, str):
        return value
    value = _XML_ILLEGAL.sub("", value)
    return "'" + value if quote and value.startswith(FORMULA_TRIGGERS) else value


def safe_column(values: list) -> list:
    """:func:`safe_text` of every value of a column. The characters it drops are all but
    absent from news, so one search over the whole column usually shows there is nothing
    to drop, and only the formula triggers are left to check (a regex per cell was the
    costliest step of writing a CSV).

    >>> safe_column(["=1+1", "Iran", 3, "Iran\x0bIraq"])
    ["'=1+1", 'Iran', 3, 'IranIraq']
    """
    if _XML_ILLEGAL.search("\n".join(v for v in values if isinstance(v, str))) is not None:
        return [safe_text(v) for v in values]
    return ["'" + v if isinstance(v, str) and v.startswith(FORMULA_TRIGGERS) else v for v in values]


def safe_frame(frame: pd.DataFrame) -> pd.DataFrame:
    """:func:`safe_text` on every text column of ``frame`` (numbers stay numbers).

    >>> safe_frame(pd.DataFrame({"a": ["=1+1", "x"], "n": [-1, 2]})).to_dict("list")
    {'a': ["'=1+1", 'x'], 'n': [-1, 2]}
    """
    frame = frame.copy()
    for column in frame.columns:
        if frame[column].dtype == object or pd.api.types.is_string_dtype(frame[column]):
            # (a column at a time: safe_text per cell cost seconds for a table of 100,000 quotes)
            frame[column] = pd.Series(safe_column(frame[column].tolist()), index=frame.index,
                                      dtype=frame[column].dtype)
    return frame


def _write_xlsx(tables: dict[str, pd.DataFrame], path: Path) -> None:
    """One sheet per table: every text cell a string (never a formula), characters XML
    forbids dropped, the header frozen, with filters and readable column widths."""
    from openpyxl import Workbook
    from openpyxl.utils import get_column_letter

    book = Workbook()
    book.remove(book.active)
    for name, frame in tables.items():
        sheet = book.create_sheet(name)
        sheet.append([str(c) for c in frame.columns])
        for values in frame.itertuples(index=False):
            sheet.append([None if _missing(v) else safe_text(v, quote=False) for v in values])
        for row in sheet.iter_rows(min_row=2):
            for cell in row:
                if cell.data_type == "f":  # openpyxl reads "=..." as a formula: it is text here
                    cell.data_type = "s"
        sheet.freeze_panes = "A2"
        if frame.shape[1]:
            sheet.auto_filter.ref = sheet.dimensions
        for index, column in enumerate(frame.columns, start=1):
            longest = max([len(str(column))] + [len(str(v)) for v in frame[column].head(200)])
            sheet.column_dimensions[get_column_letter(index)].width = min(max(longest, 8) + 2, 60)
    book.save(path)


def _missing(value: object) -> bool:
    return value is None or (isinstance(value, float) and value != value) or value is pd.NA


def staging_path(target: str | Path) -> Path:
    """Where to write ``target`` before renaming it into place: ``NAME.PID.partial`` beside
    it (same folder, so the rename is atomic; the process id keeps two runs apart). Files
    that a killed run left for ``target`` (their process is gone) are removed first.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> stale = folder / "links.csv.999999999.partial"; _ = stale.write_text("half")
    >>> staging_path(folder / "links.csv").name == f"links.csv.{os.getpid()}.partial", stale.exists()
    (True, False)
    """
    target = Path(target)
    for leftover in target.parent.glob(f"{glob.escape(target.name)}.*.partial"):
        pid = leftover.name[len(target.name) + 1:-len(".partial")]
        if pid.isdigit() and int(pid) != os.getpid() and not _alive(int(pid)):
            shutil.rmtree(leftover, ignore_errors=True) if leftover.is_dir() else leftover.unlink(missing_ok=True)
    return target.with_name(f"{target.name}.{os.getpid()}.partial")


def _alive(pid: int) -> bool:
    try:
        os.kill(pid, 0)
    except ProcessLookupError:
        return False
    except PermissionError:  # someone else's process: alive
        return True
    return True


def swap_folder(staging: Path, folder: Path) -> None:
    """Replace ``folder`` by the complete ``staging`` folder: the old one renamed aside, the new
    one renamed in, the old one removed. A reader finds the old set or the new one, never a mix.

    >>> import tempfile
    >>> base = Path(tempfile.mkdtemp())
    >>> (base / "new").mkdir(); _ = (base / "new" / "a.txt").write_text("new")
    >>> (base / "out").mkdir(); _ = (base / "out" / "a.txt").write_text("old")
    >>> swap_folder(base / "new", base / "out")
    >>> (base / "out" / "a.txt").read_text(), sorted(p.name for p in base.iterdir())
    ('new', ['out'])
    """
    old = None
    if folder.exists():
        old = staging_path(folder.with_name(f"{folder.name}.old"))
        shutil.rmtree(old, ignore_errors=True)
        os.replace(folder, old)
    os.replace(staging, folder)
    if old is not None:
        shutil.rmtree(old, ignore_errors=True)


# A folder the report build owns (it writes this file in it): staged and swapped in whole.
# A folder without it that holds other files (the report written to ~/Desktop) is not: only
# the files of the build are moved into it, each atomically, and nothing else is touched.
OWNED_MARKER = ".healthdiplomacy-output"


@contextlib.contextmanager
def staged_folder(folder: str | Path) -> Iterator[Path]:
    """A copy of ``folder`` to write a set of files into, swapped in whole when the block ends
    without an error (and removed when it fails): the folder is all old or all new.

    Files the block does not rewrite are kept (the copy starts as the folder's content). Two
    builds into one folder take turns (a lock), so neither loses the other's files. What a
    killed run left is removed by the next (:func:`staging_path`), and a swap killed halfway
    (the old folder renamed aside, the new one not yet in) is undone. A folder that is not
    the build's own (:data:`OWNED_MARKER`) and holds other files only receives the block's
    files, one by one.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp()) / "figures"
    >>> with staged_folder(folder) as staging:
    ...     _ = (staging / "chart.svg").write_text("<svg/>")
    ...     folder.exists()
    False
    >>> sorted(p.name for p in folder.iterdir())
    ['.healthdiplomacy-output', 'chart.svg']
    >>> desktop = Path(tempfile.mkdtemp()); _ = (desktop / "notes.txt").write_text("mine")
    >>> with staged_folder(desktop) as staging:
    ...     _ = (staging / "report.html").write_text("<html/>")
    >>> sorted(p.name for p in desktop.iterdir())
    ['notes.txt', 'report.html']
    """
    folder = Path(folder).resolve()
    folder.parent.mkdir(parents=True, exist_ok=True)
    with _lock(folder):
        _undo_interrupted_swap(folder)
        owned = not folder.exists() or (folder / OWNED_MARKER).exists() or not any(folder.iterdir())
        staging = staging_path(folder)
        shutil.rmtree(staging, ignore_errors=True)
        if owned and folder.is_dir():
            shutil.copytree(folder, staging, symlinks=True)
        else:
            staging.mkdir()
        try:
            yield staging
            if owned:
                (staging / OWNED_MARKER).write_text("Written by healthdiplomacy: this folder is rebuilt whole by "
                                                    "`healthdiplomacy report`.\n", encoding="utf-8")
                swap_folder(staging, folder)
            else:
                for path in sorted(p for p in staging.rglob("*") if p.is_file()):
                    target = folder / path.relative_to(staging)
                    target.parent.mkdir(parents=True, exist_ok=True)
                    os.replace(path, target)
        finally:
            shutil.rmtree(staging, ignore_errors=True)


@contextlib.contextmanager
def _lock(folder: Path) -> Iterator[None]:
    # In the temporary folder, not beside the target: nothing for git or the user to see.
    key = hashlib.sha1(str(folder).encode("utf-8")).hexdigest()[:16]
    path = Path(tempfile.gettempdir()) / f"healthdiplomacy-{key}.lock"
    try:
        import fcntl
    except ImportError:  # (not POSIX: builds into one folder are not serialised)
        yield
        return
    with open(path, "a") as handle:
        fcntl.flock(handle, fcntl.LOCK_EX)
        try:
            yield
        finally:
            fcntl.flock(handle, fcntl.LOCK_UN)


def _undo_interrupted_swap(folder: Path) -> None:
    """With the lock held, an ``NAME.old.PID.partial`` beside a missing ``folder`` is a swap
    that was killed between its two renames: the old set goes back in place."""
    if folder.exists():
        return
    aside = sorted(folder.parent.glob(f"{glob.escape(folder.name)}.old.*.partial"), key=lambda p: p.stat().st_mtime)
    if aside:
        os.replace(aside[-1], folder)


def write_atomically(target: str | Path, data: bytes) -> Path:
    """Write ``data`` to ``target`` through :func:`staging_path`: the old file or the new one,
    never half of either.

    >>> import tempfile
    >>> path = write_atomically(Path(tempfile.mkdtemp()) / "a.html", b"<p>")
    >>> path.read_bytes()
    b'<p>'
    """
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    staged = staging_path(target)
    try:
        staged.write_bytes(data)
        os.replace(staged, target)
    finally:
        staged.unlink(missing_ok=True)
    return target


def read_export(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read back what :func:`export_tables` wrote (for checks and round trips)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    frames = {}
    for name in ("readme", *COLUMN_DOCS):
        part = path.with_name(f"{path.stem}-{name}{path.suffix}")
        if path.suffix.lower() == ".csv":
            frames[name] = pd.read_csv(part, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            frames[name] = pd.read_parquet(part)
    return frames
