"""Partner profiles as tables: for each of the partners in the most articles, its themes over
time, the furthest stage reached, the sources that report it and its strongest quotes.

Tables only (ids and codebook names); :mod:`healthdiplomacy.report.profiles` words them for
an edition and writes one page per partner. Every count is a number of distinct articles.

>>> from healthdiplomacy.results.tables import example_links, example_articles
>>> links = example_links().assign(rule="stated_for", partner_rule="iran_and_partner")
>>> articles = example_articles().assign(article_id=["a1", "a2", "a3"])
>>> [p.partner_id for p in partner_profiles(links, articles=articles)]
['azerbaijan', 'iraq']
"""

from __future__ import annotations

from dataclasses import dataclass

import pandas as pd

from ..codebook.tables import StageBook, load_stagebook
from .findings import top_partners
from .tables import theme_codebook, theme_order
from .years import by_year_table

TOP_PROFILES = 10  # partners profiled by default
QUOTES = 3  # quotes per profile
# How firmly a link is stated, strongest first (coding.tagger's rules); an unknown rule ranks last.
THEME_RULES = ("stated_for", "nearest_in_clause", "listed_together", "title_partner", "same_sentence",
               "single_partner_article", "previous_sentence", "correction", "no_theme_stated")
PARTNER_RULES = ("iran_and_partner", "stated_with_iran", "same_partner", "implicit_iran")
QUOTE_COLUMNS = ["article_id", "language", "sentence", "terms", "themes", "partners_in_sentence", "rule",
                 "partner_rule"]


@dataclass(frozen=True)
class PartnerProfile:
    """One partner's profile (tables of ids; the report names them).

    ``themes``: ``theme_id``, ``label_en``, ``label_fa``, ``articles`` (codebook order within
    equal counts); ``by_year``: :func:`~healthdiplomacy.results.years.by_year_table` of its
    themes (a gap year is NA); ``stages``: ``stage``, ``articles`` for every stage reached, in
    stage order; ``sources``: ``source`` (``""`` unnamed), ``articles``; ``quotes``:
    :data:`QUOTE_COLUMNS`, strongest first.
    """

    partner_id: str
    name_en: str
    name_fa: str
    kind: str
    articles: int
    themes: pd.DataFrame
    by_year: pd.DataFrame
    stages: pd.DataFrame
    furthest_stage: str  # "" when no stage is stated
    sources: pd.DataFrame
    quotes: pd.DataFrame


def partner_profiles(links: pd.DataFrame, stages: pd.DataFrame | None = None, years: pd.DataFrame | None = None,
                     articles: pd.DataFrame | None = None, themes: pd.DataFrame | None = None,
                     top: int = TOP_PROFILES, quotes: int = QUOTES, book: StageBook | None = None,
                     mentions: pd.DataFrame | None = None) -> list[PartnerProfile]:
    """A :class:`PartnerProfile` for each of the ``top`` partners in the most articles (the
    first screen's order: articles, then id).

    ``stages`` is a tagging's stage rows, ``years`` :func:`~healthdiplomacy.results.years.coded_years`
    output and ``articles`` the corpus (its ``source`` column); any may be None. ``mentions``
    (a tagging's) adds the words each article names the partner by to its quotes' terms.

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a2"], "partner_id": ["iraq"], "stage": ["talks"]})
    >>> years = pd.DataFrame({"article_id": ["a2", "a3"], "year_start": [2019, 2021],
    ...                       "year_source": ["published", "published"]})
    >>> iraq = partner_profiles(example_links(), stages, years, top=2)[1]
    >>> iraq.articles, iraq.furthest_stage, iraq.themes["theme_id"].tolist()
    (2, 'talks', ['medicine'])
    >>> [[None if pd.isna(v) else v for v in row] for row in iraq.by_year.values.tolist()]
    [[2019, 1, 0, 1]]
    >>> partner_profiles(example_links(), top=0)
    []
    """
    if top <= 0 or not len(links):
        return []
    book = book or load_stagebook()
    ranked = top_partners(links, top)
    quoted = _quoted_sentences(links)  # once for every profile, not once per partner
    return [_profile(row, links, stages, years, articles, themes, quotes, book, mentions, quoted)
            for row in ranked.to_dict("records")]


def strongest_quotes(links: pd.DataFrame, partner_id: str, n: int = QUOTES,
                     mentions: pd.DataFrame | None = None) -> pd.DataFrame:
    """The ``n`` strongest distinct sentences quoted for ``partner_id``, one per article first.

    Stronger: the firmer theme rule (:data:`THEME_RULES`), then the firmer partner rule
    (:data:`PARTNER_RULES`), then fewer partners named for the same sentence (a sentence
    listing ten partners says less about each), then more themes, then article id. ``terms``
    joins the partner's names (its codebook names, and the words ``mentions`` shows each
    article naming it by) and its themes' matched terms, for highlighting.

    >>> from healthdiplomacy.results.tables import example_links
    >>> links = example_links().assign(rule=["stated_for", "same_sentence", "stated_for", "stated_for",
    ...                                      "no_theme_stated"], partner_rule="iran_and_partner")
    >>> strongest_quotes(links, "azerbaijan")[["article_id", "partners_in_sentence", "themes"]].values.tolist()
    [['a1', 1, 'medicine'], ['a2', 2, 'medicine'], ['a1', 1, 'health_tourism']]
    >>> strongest_quotes(links, "iraq", 1)[["sentence", "terms"]].values.tolist()
    [['صادرات دارو به آذربایجان و عراق افزایش یافت.', 'عراق; Iraq; دارو']]
    """
    return _strongest(links, partner_id, n, mentions, _quoted_sentences(links))


# --- helpers ------------------------------------------------------------------------


def _quoted_sentences(links: pd.DataFrame) -> tuple[pd.DataFrame, pd.Series]:
    """Every link's quoted sentences (:func:`_sentence_rows`) and how many partners each
    sentence is quoted for: what every partner's :func:`strongest_quotes` starts from."""
    rows = _sentence_rows(links)
    if not len(rows):
        return rows, pd.Series(dtype="int64")
    return rows, rows.groupby(["article_id", "sentence"])["partner_id"].nunique().rename("partners_in_sentence")


def _strongest(links: pd.DataFrame, partner_id: str, n: int, mentions: pd.DataFrame | None,
               quoted: tuple[pd.DataFrame, pd.Series]) -> pd.DataFrame:
    rows, width = quoted
    if not len(rows):
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    own = rows[rows["partner_id"] == partner_id]
    if not len(own):
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    grouped = own.groupby(["article_id", "sentence"], sort=False).agg(
        language=("language", "first"), terms=("terms", _join_terms),
        themes=("theme_id", lambda v: ";".join(dict.fromkeys(t for t in v if t))),
        rule_rank=("rule_rank", "min"), partner_rank=("partner_rank", "min"),
        rule=("rule", "first"), partner_rule=("partner_rule", "first"), position=("position", "min"))
    grouped = grouped.join(width).reset_index()
    names = _partner_terms(links, mentions, partner_id)
    grouped["terms"] = [_join_terms([*names.get(a, names[""]), t])
                        for a, t in zip(grouped["article_id"], grouped["terms"])]
    grouped["theme_count"] = [len([t for t in v.split(";") if t]) for v in grouped["themes"]]
    grouped = grouped.sort_values(["rule_rank", "partner_rank", "partners_in_sentence", "theme_count",
                                   "article_id", "position"],
                                  ascending=[True, True, True, False, True, True], kind="mergesort")
    first = ~grouped["article_id"].duplicated()  # one quote per article before a second from any
    picked = pd.concat([grouped[first], grouped[~first]]).head(max(n, 0))
    picked = picked.assign(partners_in_sentence=picked["partners_in_sentence"].astype("int64"))
    return picked[QUOTE_COLUMNS].reset_index(drop=True)


def _profile(row: dict, links, stages, years, articles, themes, quotes: int, book: StageBook,
             mentions, quoted: tuple[pd.DataFrame, pd.Series]) -> PartnerProfile:
    pid = row["partner_id"]
    own = links[links["partner_id"] == pid]
    kind = own["partner_kind"].iloc[0] if "partner_kind" in own.columns else ""
    return PartnerProfile(
        partner_id=str(pid), name_en=_text(row["partner_name_en"]), name_fa=_text(row["partner_name_fa"]),
        kind=_text(kind), articles=int(row["articles"]), themes=_themes(own, themes),
        by_year=by_year_table(own, years, "theme_id", top=10**6) if years is not None
        else pd.DataFrame(columns=["year", "published", "inferred"]),
        stages=_stages(stages, pid, book), furthest_stage=_furthest(stages, pid, book),
        sources=_sources(articles, own), quotes=_strongest(links, pid, quotes, mentions, quoted))


def _themes(own: pd.DataFrame, themes: pd.DataFrame | None) -> pd.DataFrame:
    columns = ["theme_id", "label_en", "label_fa", "articles"]
    themed = own[own["theme_id"].fillna("") != ""]
    if not len(themed):
        return pd.DataFrame(columns=columns)
    book = theme_codebook(themes).set_index("theme_id")
    order = theme_order(themes, themed["theme_id"])
    counts = themed.groupby("theme_id")["article_id"].nunique()
    ids = sorted(counts.index, key=lambda t: (-counts[t], order.index(t)))
    return pd.DataFrame({
        "theme_id": ids,
        "label_en": [book.loc[t, "label_en"] if t in book.index else t for t in ids],
        "label_fa": [book.loc[t, "label_fa"] if t in book.index else "" for t in ids],
        "articles": [int(counts[t]) for t in ids]}, columns=columns)


def _stages(stages: pd.DataFrame | None, pid: str, book: StageBook) -> pd.DataFrame:
    if stages is None or not len(stages):
        return pd.DataFrame(columns=["stage", "articles"])
    counts = stages[stages["partner_id"] == pid].groupby("stage")["article_id"].nunique()
    reached = [s for s in book.order if counts.get(s, 0)]
    return pd.DataFrame({"stage": reached, "articles": [int(counts[s]) for s in reached]},
                        columns=["stage", "articles"])


def _furthest(stages: pd.DataFrame | None, pid: str, book: StageBook) -> str:
    reached = _stages(stages, pid, book)["stage"].tolist()
    return reached[-1] if reached else ""


def _sources(articles: pd.DataFrame | None, own: pd.DataFrame) -> pd.DataFrame:
    columns = ["source", "articles"]
    if articles is None or "source" not in articles.columns:
        return pd.DataFrame(columns=columns)
    ids = set(own["article_id"])
    chosen = articles[articles["article_id"].isin(ids)]
    sources = chosen["source"].fillna("").astype(str).str.strip()
    counts = chosen.assign(source=sources).groupby("source")["article_id"].nunique()
    # Named sources by articles, then name; the unnamed ones last.
    ordered = sorted(counts.index, key=lambda s: (s == "", -counts[s], s))
    return pd.DataFrame({"source": ordered, "articles": [int(counts[s]) for s in ordered]}, columns=columns)


def _sentence_rows(links: pd.DataFrame) -> pd.DataFrame:
    """One row per (link, quoted sentence), with the rules' ranks."""
    records = []
    for row in links.to_dict("records"):
        sentences = [s for s in str(row.get("evidence") or "").split("\n") if s.strip()]
        for position, sentence in enumerate(sentences):
            records.append({
                "article_id": str(row["article_id"]), "partner_id": row["partner_id"], "sentence": sentence,
                "position": position, "language": _text(row.get("language")), "terms": _text(row.get("terms")),
                "theme_id": _text(row.get("theme_id")), "rule": _text(row.get("rule")),
                "partner_rule": _text(row.get("partner_rule")),
                "rule_rank": _rank(THEME_RULES, row.get("rule")),
                "partner_rank": _rank(PARTNER_RULES, row.get("partner_rule"))})
    return pd.DataFrame(records)


def _partner_terms(links: pd.DataFrame, mentions: pd.DataFrame | None, pid: str) -> dict[str, list[str]]:
    """Article id -> the words naming the partner there ("" -> its codebook names alone)."""
    own = links[links["partner_id"] == pid]
    names = [_text(own[c].iloc[0]) for c in ("partner_name_fa", "partner_name_en") if c in own.columns]
    names = [n for n in names if n]
    found: dict[str, list[str]] = {"": names}
    if mentions is not None and len(mentions):
        chosen = mentions[mentions["partner_id"] == pid]
        for article_id, terms in chosen.groupby("article_id")["term"]:
            found[str(article_id)] = [*dict.fromkeys(_text(t) for t in terms if _text(t)), *names]
    return found


def _rank(order: tuple[str, ...], value: object) -> int:
    value = _text(value)
    return order.index(value) if value in order else len(order)


def _join_terms(values) -> str:
    terms = [t.strip() for v in values for t in str(v).split(";") if t.strip()]
    return "; ".join(dict.fromkeys(terms))


def _text(value: object) -> str:
    return "" if value is None or (isinstance(value, float) and value != value) or value is pd.NA else str(value)
