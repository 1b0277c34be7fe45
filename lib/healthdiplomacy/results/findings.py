"""The findings an analyst reads first: the corpus in one line, the partners and themes
in the most events, and what changed between the first and second half of the period.

Computed from the coded tables only (articles, links, years); the report words them
(:mod:`healthdiplomacy.report.findings`). The partners, themes and changes count distinct
events (the links' ``event_id``; :mod:`healthdiplomacy.results.counts`), with the distinct
articles beside them; the corpus line counts articles.

>>> from healthdiplomacy.results.tables import example_articles, example_links
>>> years = pd.DataFrame({"article_id": ["f1", "e1", "f2"], "year_start": [2018, 2019, 2023]})
>>> found = findings(example_articles().assign(article_id=["a1", "a2", "a3"]), example_links(),
...                  years.assign(article_id=["a1", "a2", "a3"]))
>>> found.articles, found.languages, (found.first_year, found.last_year), found.sources
(3, {'fa': 2, 'en': 1}, (2018, 2023), 2)
>>> found.partners[["partner_id", "events", "articles"]].values.tolist()
[['azerbaijan', 2, 2], ['iraq', 2, 2]]
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from .counts import COUNT_COLUMNS, count_events, event_keys, total_counts
from .tables import PARTNER_COLUMNS, theme_codebook

TOP = 5  # partners and themes named on the first screen
CHANGE_COLUMNS = ["kind", "id", "name_en", "name_fa", "first", "second", "change"]


@dataclass(frozen=True)
class Findings:
    """What the first screen of the report says, as numbers and tables.

    ``partners`` (``partner_id``, names, ``events``, ``articles``) and ``themes``
    (``theme_id``, ``label_en``, ``label_fa``, ``events``, ``articles``) hold the ``top``
    entries by events, then articles (ties by id); ``change`` the partner and the theme whose
    events rose most and fell most between the two halves of the period
    (:data:`CHANGE_COLUMNS`, counts of events; empty when the dated articles do not span two
    years); ``halves`` the years of each half.
    """

    articles: int  # distinct articles (exact duplicates set aside)
    duplicates: int
    languages: dict[str, int]  # language -> articles, most first
    sources: int
    first_year: int | None
    last_year: int | None
    dated: int  # articles with a year (published, or read from the text)
    partners: pd.DataFrame
    themes: pd.DataFrame
    change: pd.DataFrame
    halves: tuple[tuple[int, int], tuple[int, int]] | None
    linked: int  # articles that name at least one partner
    linked_events: int = 0  # the events those articles report


def findings(articles: pd.DataFrame, links: pd.DataFrame, years: pd.DataFrame | None = None,
             themes: pd.DataFrame | None = None, top: int = TOP) -> Findings:
    """The :class:`Findings` of a coded corpus.

    ``years`` has one row per article with ``year_start`` (the publication year, else the
    year read from the text; :func:`healthdiplomacy.results.years.coded_years`); without
    it nothing is dated and no change is computed.

    >>> from healthdiplomacy.results.tables import example_articles, example_links
    >>> found = findings(example_articles(), example_links().assign(article_id=["f1", "f1", "e1", "e1", "f2"]))
    >>> found.themes[["theme_id", "articles"]].values.tolist(), found.change.empty
    ([['medicine', 2], ['health_tourism', 1]], True)
    """
    duplicates = articles.get("duplicate_of", pd.Series("", index=articles.index)).fillna("") != ""
    kept = articles[~duplicates]
    languages = kept["language"].fillna("").replace("", "unknown").value_counts()
    languages = dict(sorted(languages.items(), key=lambda item: (-item[1], item[0])))
    sources = len(set(kept.get("source", pd.Series(dtype=object)).fillna("")) - {""})
    year_of = _years(years, set(kept["article_id"]))
    first, last = (min(year_of.values()), max(year_of.values())) if year_of else (None, None)
    halves = _halves(first, last)
    return Findings(
        articles=len(kept), duplicates=int(duplicates.sum()), languages=languages, sources=sources,
        first_year=first, last_year=last, dated=len(year_of),
        partners=top_partners(links, top), themes=top_themes(links, themes, top),
        change=_change(links, themes, year_of, halves), halves=halves,
        linked=int(links["article_id"].nunique()) if len(links) else 0, linked_events=total_counts(links)[0])


def top_partners(links: pd.DataFrame, top: int = TOP) -> pd.DataFrame:
    """The ``top`` partners by distinct events, then distinct articles (ties by id), with their
    names (:func:`~healthdiplomacy.results.counts.count_events`).

    >>> from healthdiplomacy.results.tables import example_links
    >>> top_partners(example_links(), 1)[["partner_id", "partner_name_en", "events", "articles"]].values.tolist()
    [['azerbaijan', 'Azerbaijan', 2, 2]]
    >>> one = example_links().assign(event_id=["ev-1", "ev-1", "ev-1", "ev-2", "ev-3"])  # a1, a2: one event
    >>> top_partners(one)[["partner_id", "events", "articles"]].values.tolist()
    [['iraq', 2, 2], ['azerbaijan', 1, 2]]
    """
    columns = ["partner_id", "partner_name_en", "partner_name_fa", *COUNT_COLUMNS]
    if not len(links):
        return pd.DataFrame(columns=columns)
    counts = count_events(links, "partner_id")
    names = links[PARTNER_COLUMNS].drop_duplicates("partner_id")
    ranked = counts.merge(names, on="partner_id").sort_values(["events", "articles", "partner_id"],
                                                              ascending=[False, False, True])
    return ranked[columns].head(top).reset_index(drop=True)


def top_themes(links: pd.DataFrame, themes: pd.DataFrame | None = None, top: int = TOP) -> pd.DataFrame:
    """The ``top`` themes by distinct events, then distinct articles (ties in codebook order),
    with their labels.

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> top_themes(example_links(), example_themes())[["theme_id", "label_en", "events", "articles"]].values.tolist()
    [['medicine', 'Medicine', 2, 2], ['health_tourism', 'Health tourism', 1, 1]]
    """
    columns = ["theme_id", "label_en", "label_fa", *COUNT_COLUMNS]
    themed = links[links["theme_id"].fillna("") != ""] if len(links) else links
    if not len(themed):
        return pd.DataFrame(columns=columns)
    book = theme_codebook(themes)
    order = {t: i for i, t in enumerate(book["theme_id"])}
    counts = count_events(themed, "theme_id")
    counts["order"] = [order.get(t, len(order)) for t in counts["theme_id"]]
    counts = counts.sort_values(["events", "articles", "order", "theme_id"], ascending=[False, False, True, True])
    labels = book.set_index("theme_id")[["label_en", "label_fa"]]
    counts = counts.join(labels, on="theme_id")
    counts["label_en"] = counts["label_en"].fillna(counts["theme_id"])  # a theme the codebook lacks
    counts["label_fa"] = counts["label_fa"].fillna("")
    return counts[columns].head(top).reset_index(drop=True)


# --- helpers ------------------------------------------------------------------------


def _years(years: pd.DataFrame | None, kept: set[str]) -> dict[str, int]:
    if years is None or not len(years):
        return {}
    out = {}
    for article_id, year in zip(years["article_id"], years["year_start"]):
        if str(article_id) in kept and not pd.isna(year) and str(year).strip():
            out[str(article_id)] = int(year)
    return out


def _halves(first: int | None, last: int | None) -> tuple[tuple[int, int], tuple[int, int]] | None:
    """The period cut in two halves of equal length: 2014-2021 -> (2014-2017, 2018-2021); an odd
    number of years leaves the middle one out (2019-2021 -> 2019 against 2021), so raw counts
    compare like with like. None for a period of one year (nothing to compare)."""
    if first is None or last is None or first == last:
        return None
    length = (last - first + 1) // 2
    return (first, first + length - 1), (last - length + 1, last)


def _change(links: pd.DataFrame, themes: pd.DataFrame | None, year_of: dict[str, int],
            halves: tuple | None) -> pd.DataFrame:
    """For partners and for themes: the one whose events rose most, and the one that fell most
    (only when they did rise or fall), between the two halves. An event counts in the half of
    each of its articles' years (one that spans both halves, rare, counts in both)."""
    if halves is None or not len(links):
        return pd.DataFrame(columns=CHANGE_COLUMNS)
    dated = links.assign(year=links["article_id"].map(year_of), event_key=event_keys(links)).dropna(subset=["year"])
    dated = dated[[y <= halves[0][1] or y >= halves[1][0] for y in dated["year"]]]  # (the middle year out)
    dated = dated.assign(half=["first" if y <= halves[0][1] else "second" for y in dated["year"]])
    book = theme_codebook(themes).set_index("theme_id")
    names = {"partner": links.drop_duplicates("partner_id").set_index("partner_id")[["partner_name_en", "partner_name_fa"]]}
    rows = []
    for kind, column in (("partner", "partner_id"), ("theme", "theme_id")):
        frame = dated[dated[column].fillna("") != ""]
        counts = frame.groupby([column, "half"])["event_key"].nunique().unstack(fill_value=0)
        for half in ("first", "second"):
            if half not in counts:
                counts[half] = 0
        counts["change"] = counts["second"] - counts["first"]
        ordered = counts.reset_index().sort_values(["change", column], ascending=[False, True])
        picks = []
        if len(ordered) and ordered.iloc[0]["change"] > 0:
            picks.append(ordered.iloc[0])
        falling = ordered.sort_values(["change", column], ascending=[True, True])
        if len(falling) and falling.iloc[0]["change"] < 0:
            picks.append(falling.iloc[0])
        for pick in picks:
            key = pick[column]
            if kind == "partner":
                en, fa = names["partner"].loc[key] if key in names["partner"].index else (key, "")
            else:
                en, fa = (book.loc[key, "label_en"], book.loc[key, "label_fa"]) if key in book.index else (key, "")
            rows.append((kind, key, en, fa, int(pick["first"]), int(pick["second"]), int(pick["change"])))
    return pd.DataFrame(rows, columns=CHANGE_COLUMNS)
