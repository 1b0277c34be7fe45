"""Years as tables: each article's year and the links per year.

The years come from :func:`healthdiplomacy.coding.years.infer_year`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..coding.years import YEAR_FIELDS, infer_year, year_label


def article_years(articles: pd.DataFrame | Iterable[Mapping]) -> pd.DataFrame:
    """One row per article: ``article_id`` and :data:`YEAR_FIELDS` (years as nullable ints).

    >>> article_years([{"article_id": "a", "title": "", "text": "in 2019, Iran sent aid"}]).to_dict("records")
    [{'article_id': 'a', 'year_start': 2019, 'year_end': 2019, 'year_source': 'inferred', 'year_evidence': 'in 2019, Iran sent aid'}]
    """
    records = articles.to_dict("records") if isinstance(articles, pd.DataFrame) else list(articles)
    rows = [{"article_id": str(a.get("article_id", "")),
             **infer_year(str(a.get("title") or ""), str(a.get("text") or ""), a.get("published", ""))}
            for a in records]
    frame = pd.DataFrame(rows, columns=["article_id", *YEAR_FIELDS])
    return frame.astype({"year_start": "Int64", "year_end": "Int64"})


def coded_years(years: pd.DataFrame) -> pd.DataFrame:
    """:func:`article_years`'s table from a tagging's ``years`` (read in the same pass as
    the links, not again from the text): years as nullable ints.

    >>> from healthdiplomacy import tag_articles
    >>> tagging = tag_articles([{"article_id": "a", "title": "", "text": "in 2019, Iran sent aid"}])
    >>> coded_years(tagging.years).equals(article_years([{"article_id": "a", "text": "in 2019, Iran sent aid"}]))
    True
    """
    frame = years[["article_id", *YEAR_FIELDS]].copy()
    for column in ("year_start", "year_end"):
        frame[column] = pd.array([int(v) if str(v).strip() else None for v in frame[column]], dtype="Int64")
    return frame.reset_index(drop=True)


def timeline_table(links: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    """Links per year: distinct articles, (article, partner) links and partners per year and source.

    Rows are ordered by year; articles without a year come last as "undated".

    >>> links = pd.DataFrame({"article_id": ["a", "a", "b"], "partner_id": ["AZ", "IQ", "AZ"]})
    >>> years = article_years([{"article_id": "a", "text": "سال ۱۳۹۳"}, {"article_id": "b", "text": ""}])
    >>> timeline_table(links, years)[["year_label", "year_source", "articles", "links"]].values.tolist()
    [['2014/2015', 'inferred', 1, 2], ['undated', '', 1, 1]]
    """
    pairs = links[["article_id", "partner_id"]].drop_duplicates()
    dated = pairs.merge(years, on="article_id", how="left")
    dated["year_source"] = dated["year_source"].fillna("")
    dated["year_label"] = [year_label(s, e) for s, e in zip(dated["year_start"], dated["year_end"])]
    keys = ["year_label", "year_source"]
    table = dated.groupby(keys, dropna=False).agg(
        year_start=("year_start", "min"), year_end=("year_end", "max"),
        articles=("article_id", "nunique"), links=("partner_id", "size"),
        partners=("partner_id", "nunique")).reset_index()
    table["order"] = table["year_start"].fillna(10**6)
    table = table.sort_values(["order", "year_label", "year_source"]).drop(columns="order")
    columns = ["year_label", "year_start", "year_end", "year_source", "articles", "links", "partners"]
    return table[columns].astype({"articles": "int64", "links": "int64", "partners": "int64"}).reset_index(drop=True)


def by_year_table(links: pd.DataFrame, years: pd.DataFrame, column: str = "theme_id",
                  top: int = 8, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Distinct articles per year for the ``top`` values of ``column`` (``theme_id`` or
    ``partner_id``, most articles first), one row per year from the first to the last.

    An article's year is ``year_start``: its publication year, else the year read from its
    text. ``published`` and ``inferred`` count the linked articles dated each way that year,
    so the basis of every row is stated. A year in which no linked article is dated is a
    gap: its counts are missing (NA), not zero. Undated articles are left out. ``labels``
    renames the value columns (id -> name).

    >>> links = pd.DataFrame({"article_id": ["a", "b", "c"], "partner_id": ["IQ", "IQ", "SY"],
    ...                       "theme_id": ["medicine", "vaccines", "medicine"]})
    >>> years = pd.DataFrame({"article_id": ["a", "b", "c"], "year_start": [2018, 2021, 2021],
    ...                       "year_source": ["published", "inferred", "published"]})
    >>> table = by_year_table(links, years)
    >>> list(table.columns)
    ['year', 'published', 'inferred', 'medicine', 'vaccines']
    >>> [[None if pd.isna(v) else v for v in row] for row in table.values.tolist()]
    [[2018, 1, 0, 1, 0], [2019, 0, 0, None, None], [2020, 0, 0, None, None], [2021, 1, 1, 1, 1]]
    """
    columns = ["year", "published", "inferred"]
    dated = links[["article_id", column]].merge(years[["article_id", "year_start", "year_source"]],
                                                on="article_id", how="inner")
    dated = dated[dated[column].fillna("") != ""]
    dated = dated[[not pd.isna(y) and str(y).strip() != "" for y in dated["year_start"]]]
    if not len(dated):
        return pd.DataFrame(columns=columns)
    dated = dated.assign(year=[int(y) for y in dated["year_start"]])
    totals = dated.groupby(column)["article_id"].nunique()
    values = sorted(totals.index, key=lambda v: (-totals[v], str(v)))[:top]
    counts = (dated[dated[column].isin(values)].groupby(["year", column])["article_id"].nunique()
              .unstack(fill_value=0).reindex(columns=values, fill_value=0))
    span = range(dated["year"].min(), dated["year"].max() + 1)
    basis = (dated.drop_duplicates("article_id").groupby(["year", "year_source"])["article_id"].nunique()
             .unstack(fill_value=0).reindex(index=span, columns=["published", "inferred"], fill_value=0))
    # A year with dated articles counts 0 for a value it lacks; a year with none stays NA: a gap.
    counts = counts.reindex(sorted(set(dated["year"])), fill_value=0)
    table = counts.reindex(span).astype("Int64")
    table = basis.astype("int64").join(table).rename(columns=dict(labels or {}))
    table = table.reset_index(names="year")
    table.columns.name = None
    return table
