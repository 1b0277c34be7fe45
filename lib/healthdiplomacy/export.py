"""Export the result tables for spreadsheets and data tools.

One sheet (xlsx) or one file (csv, parquet) per table: ``articles``,
``links``, ``mentions`` and ``theme_by_partner``, plus a ``readme`` that
explains every column. CSV files are UTF-8 *with* a byte-order mark, so Excel
shows Persian text correctly when it opens them.

>>> import tempfile, pathlib
>>> from healthdiplomacy import load_corpus, tag_articles
>>> articles = load_corpus()
>>> folder = pathlib.Path(tempfile.mkdtemp())
>>> paths = export_tables(articles, tag_articles(articles), folder / "results.csv")
>>> sorted(p.name for p in paths)[:2]
['results-articles.csv', 'results-links.csv']
"""

from __future__ import annotations

from pathlib import Path

import pandas as pd

from .tables import theme_partner_table
from .tagging import Tagging

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
        "partner_name_en": "partner name in English",
        "partner_name_fa": "partner name in Persian",
        "partner_kind": "country, region or organization",
        "theme_id": "cooperation theme (empty: a partner with no theme stated)",
        "theme_label": "theme label in English",
        "evidence": "the sentence(s) that state the link, quoted exactly (several: one per line)",
        "terms": "the codebook terms matched, joined by '; '",
        "language": "language of the article",
    },
    "mentions": {
        "article_id": "the article",
        "partner_id": "the place or organization named",
        "partner_name_en": "name in English",
        "partner_name_fa": "name in Persian",
        "partner_kind": "country, region, organization or home (Iran)",
        "role": "partner (cooperates with Iran), mentioned (named only), home (Iran)",
        "sentence": "the sentence that names it",
        "term": "the codebook term matched",
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


def readme_table() -> pd.DataFrame:
    """The column dictionary as a table (table, column, meaning).

    >>> readme_table().iloc[0].tolist()
    ['articles', 'article_id', 'file name without extension, or the id column of a table']
    """
    rows = [(table, column, meaning) for table, columns in COLUMN_DOCS.items() for column, meaning in columns.items()]
    return pd.DataFrame(rows, columns=["table", "column", "meaning"])


def result_tables(articles: pd.DataFrame, tagging: Tagging) -> dict[str, pd.DataFrame]:
    """The tables an export writes, in order, keyed by sheet name."""
    matrix = theme_partner_table(tagging.links).reset_index()
    matrix.columns = [str(c) for c in matrix.columns]
    return {"readme": readme_table(), "articles": _flat(articles), "links": tagging.links,
            "mentions": tagging.mentions, "theme_by_partner": matrix}


def export_tables(articles: pd.DataFrame, tagging: Tagging, to: str | Path) -> list[Path]:
    """Write the result tables to ``to`` (.xlsx: one sheet each; .csv/.parquet: one file each,
    named ``STEM-TABLE.ext``). Returns the paths written."""
    to = Path(to)
    suffix = to.suffix.lower()
    if suffix not in EXPORT_FORMATS:
        raise ValueError(f"{to}: export to {', '.join(EXPORT_FORMATS)}, not {suffix or 'no extension'}")
    to.parent.mkdir(parents=True, exist_ok=True)
    tables = result_tables(articles, tagging)
    if suffix == ".xlsx":
        with pd.ExcelWriter(to, engine="openpyxl") as writer:
            for name, frame in tables.items():
                frame.to_excel(writer, sheet_name=name, index=False)
        return [to]
    paths = []
    for name, frame in tables.items():
        path = to.with_name(f"{to.stem}-{name}{suffix}")
        if suffix == ".csv":
            frame.to_csv(path, index=False, encoding="utf-8-sig", lineterminator="\n")
        else:
            frame.to_parquet(path, index=False)
        paths.append(path)
    return paths


def read_export(path: str | Path) -> dict[str, pd.DataFrame]:
    """Read back what :func:`export_tables` wrote (for checks and round trips)."""
    path = Path(path)
    if path.suffix.lower() == ".xlsx":
        return pd.read_excel(path, sheet_name=None, dtype=str, keep_default_na=False)
    frames = {}
    for name in ("readme", "articles", "links", "mentions", "theme_by_partner"):
        part = path.with_name(f"{path.stem}-{name}{path.suffix}")
        if path.suffix.lower() == ".csv":
            frames[name] = pd.read_csv(part, dtype=str, keep_default_na=False, encoding="utf-8-sig")
        else:
            frames[name] = pd.read_parquet(part)
    return frames
