"""Years as tables: each article's year and the links per year.

The years come from :func:`healthdiplomacy.coding.years.infer_year`.
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping

import pandas as pd

from ..coding.years import YEAR_FIELDS, infer_year, year_label
from .counts import count_events, event_keys


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
    >>> coded_years(tagging.years)[["article_id", *YEAR_FIELDS]].equals(
    ...     article_years([{"article_id": "a", "text": "in 2019, Iran sent aid"}]))
    True

    The day the text states (``date_stated``) is kept where the tagging has it: events and
    profiles date an article without a published date by it.
    """
    frame = years[["article_id", *YEAR_FIELDS, *(["date_stated"] if "date_stated" in years.columns else [])]].copy()
    for column in ("year_start", "year_end"):
        frame[column] = pd.array([int(v) if str(v).strip() else None for v in frame[column]], dtype="Int64")
    return frame.reset_index(drop=True)


def timeline_table(links: pd.DataFrame, years: pd.DataFrame) -> pd.DataFrame:
    """Links per year: distinct events, distinct articles, (article, partner) links and partners
    per year and source (:mod:`healthdiplomacy.results.counts`).

    Rows are ordered by year; articles without a year come last as "undated". An event
    counts once in a year: under ``published`` when one of its articles of that year is dated
    by publication, else under the basis its articles have (so a year's rows add up to its
    events; articles, links and partners count per basis).

    >>> links = pd.DataFrame({"article_id": ["a", "a", "b"], "partner_id": ["AZ", "IQ", "AZ"]})
    >>> years = article_years([{"article_id": "a", "text": "سال ۱۳۹۳"}, {"article_id": "b", "text": ""}])
    >>> timeline_table(links, years)[["year_label", "year_source", "events", "articles", "links"]].values.tolist()
    [['2014/2015', 'inferred', 1, 1, 2], ['undated', '', 1, 1, 1]]
    """
    pairs = links[["article_id", "partner_id"]].assign(event_key=event_keys(links)).drop_duplicates(
        ["article_id", "partner_id"])
    dated = pairs.merge(years, on="article_id", how="left")
    dated["year_source"] = dated["year_source"].fillna("")
    dated["year_label"] = [year_label(s, e) for s, e in zip(dated["year_start"], dated["year_end"])]
    keys = ["year_label", "year_source"]
    table = dated.groupby(keys, dropna=False).agg(
        year_start=("year_start", "min"), year_end=("year_end", "max"),
        articles=("article_id", "nunique"), links=("partner_id", "size"),
        partners=("partner_id", "nunique")).reset_index()
    basis = {"published": 0, "inferred": 1}  # (an event dated both ways in a year: published)
    once = (dated.assign(rank=dated["year_source"].map(basis).fillna(2)).sort_values("rank", kind="mergesort")
            .drop_duplicates(["year_label", "event_key"]))
    events = once.groupby(keys, dropna=False)["event_key"].nunique().rename("events").reset_index()
    table = table.merge(events, on=keys, how="left").fillna({"events": 0})
    table["order"] = table["year_start"].fillna(10**6)
    table = table.sort_values(["order", "year_label", "year_source"]).drop(columns="order")
    columns = ["year_label", "year_start", "year_end", "year_source", "events", "articles", "links", "partners"]
    counts = {c: "int64" for c in ("events", "articles", "links", "partners")}
    return table[columns].astype(counts).reset_index(drop=True)


def by_year_table(links: pd.DataFrame, years: pd.DataFrame, column: str = "theme_id",
                  top: int = 8, labels: Mapping[str, str] | None = None) -> pd.DataFrame:
    """Distinct events per year for the ``top`` values of ``column`` (``theme_id`` or
    ``partner_id``, most events, then most articles first), one row per year from the first
    to the last.

    An article's year is ``year_start``: its publication year, else the year read from its
    text; an event counts in the year of each of its articles (:mod:`healthdiplomacy.results.counts`).
    ``events`` counts the events of the linked articles dated that year; ``published`` and
    ``inferred`` count those articles dated each way, so the articles behind every row and
    its basis are stated. A year in which no linked article is dated is a gap: its value
    counts are missing (NA), not zero. Undated articles are left out. ``labels`` renames the
    value columns (id -> name).

    >>> links = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "partner_id": ["IQ", "IQ", "SY", "SY"],
    ...                       "theme_id": ["medicine", "vaccines", "medicine", "medicine"],
    ...                       "event_id": ["ev-1", "ev-2", "ev-3", "ev-3"]})
    >>> years = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "year_start": [2018, 2021, 2021, 2021],
    ...                       "year_source": ["published", "inferred", "published", "published"]})
    >>> table = by_year_table(links, years)
    >>> list(table.columns)
    ['year', 'events', 'published', 'inferred', 'medicine', 'vaccines']
    >>> [[None if pd.isna(v) else v for v in row] for row in table.values.tolist()]
    [[2018, 1, 1, 0, 1, 0], [2019, 0, 0, 0, None, None], [2020, 0, 0, 0, None, None], [2021, 2, 2, 1, 1, 1]]
    """
    columns = ["year", "events", "published", "inferred"]
    # (event_id holds each link's event key, never empty: count_events ranks the values by it)
    dated = links[["article_id", column]].assign(event_id=event_keys(links)).merge(
        years[["article_id", "year_start", "year_source"]], on="article_id", how="inner")
    dated = dated[dated[column].fillna("") != ""]
    dated = dated[[not pd.isna(y) and str(y).strip() != "" for y in dated["year_start"]]]
    if not len(dated):
        return pd.DataFrame(columns=columns)
    dated = dated.assign(year=[int(y) for y in dated["year_start"]])
    totals = count_events(dated, column).set_index(column)
    values = sorted(totals.index, key=lambda v: (-totals.loc[v, "events"], -totals.loc[v, "articles"], str(v)))[:top]
    counts = (dated[dated[column].isin(values)].groupby(["year", column])["event_id"].nunique()
              .unstack(fill_value=0).reindex(columns=values, fill_value=0))
    span = range(dated["year"].min(), dated["year"].max() + 1)
    basis = (dated.drop_duplicates("article_id").groupby(["year", "year_source"])["article_id"].nunique()
             .unstack(fill_value=0).reindex(index=span, columns=["published", "inferred"], fill_value=0))
    basis.insert(0, "events", dated.groupby("year")["event_id"].nunique().reindex(span, fill_value=0))
    # A year with dated articles counts 0 for a value it lacks; a year with none stays NA: a gap.
    counts = counts.reindex(sorted(set(dated["year"])), fill_value=0)
    table = counts.reindex(span).astype("Int64")
    table = basis.astype("int64").join(table).rename(columns=dict(labels or {}))
    table = table.reset_index(names="year")
    table.columns.name = None
    return table
