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
