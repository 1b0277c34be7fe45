"""Partner profiles as tables: for each of the partners in the most events, its events in date
order (each with the quote of its first report), its themes over time, the furthest stage
reached, the sources that report it, its strongest quotes and the quantities stated for it.

Tables only (ids and codebook names); :mod:`healthdiplomacy.report.profiles` words them for
an edition and writes one page per partner. The partner's total and its themes per year count
events (:mod:`healthdiplomacy.results.counts`) with the articles beside them; its themes,
stages and sources count distinct articles, and say so.

>>> from healthdiplomacy.results.tables import example_links, example_articles
>>> links = example_links().assign(rule="stated_for", partner_rule="iran_and_partner")
>>> articles = example_articles().assign(article_id=["a1", "a2", "a3"])
>>> [p.partner_id for p in partner_profiles(links, articles=articles)]
['azerbaijan', 'iraq']
"""

from __future__ import annotations

import dataclasses
from dataclasses import dataclass

import pandas as pd

from ..codebook.tables import StageBook, load_stagebook
from .counts import event_keys
from .events import date_key, report_dates
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
# A partner's events, in date order: the event's date (or year, or ""), the themes and furthest
# stage its reports state for the partner, how many articles in which languages, and the first
# report (the earliest article) with its strongest sentence for the partner.
EVENT_LIST_COLUMNS = ["event_id", "date", "themes", "stage", "n_articles", "languages", "first_article",
                      "language", "quote", "terms"]
# A partner's quantities, each with its sentence: as stated, never converted nor summed (a ton
# is not a kilogram, a dollar not a rial); n_partners > 1 is one total stated for several partners.
PROFILE_QUANTITY_COLUMNS = ["article_id", "theme_id", "value", "value_max", "unit", "unit_kind", "text",
                            "n_partners", "language", "evidence"]


@dataclass(frozen=True)
class PartnerProfile:
    """One partner's profile (tables of ids; the report names them).

    ``themes``: ``theme_id``, ``label_en``, ``label_fa``, ``articles`` (codebook order within
    equal counts); ``by_year``: :func:`~healthdiplomacy.results.years.by_year_table` of its
    themes (events; a gap year is NA); ``stages``: ``stage``, ``articles`` for every stage
    reached, in stage order; ``sources``: ``source`` (``""`` unnamed), ``articles``; ``quotes``:
    :data:`QUOTE_COLUMNS`, strongest first; ``events_list``: :func:`partner_events`;
    ``quantities``: :func:`partner_quantities`.
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
    events: int = 0  # distinct events (the articles above report them)
    events_list: pd.DataFrame = dataclasses.field(default_factory=lambda: pd.DataFrame(columns=EVENT_LIST_COLUMNS))
    quantities: pd.DataFrame = dataclasses.field(
        default_factory=lambda: pd.DataFrame(columns=PROFILE_QUANTITY_COLUMNS))


def partner_profiles(links: pd.DataFrame, stages: pd.DataFrame | None = None, years: pd.DataFrame | None = None,
                     articles: pd.DataFrame | None = None, themes: pd.DataFrame | None = None,
                     top: int = TOP_PROFILES, quotes: int = QUOTES, book: StageBook | None = None,
                     mentions: pd.DataFrame | None = None, quantities: pd.DataFrame | None = None
                     ) -> list[PartnerProfile]:
    """A :class:`PartnerProfile` for each of the ``top`` partners in the most events (the
    first screen's order: events, then articles, then id).

    ``links`` carry ``event_id`` when grouped into events (a link without one is an event of its
    own article); ``stages`` is a tagging's stage rows, ``years``
    :func:`~healthdiplomacy.results.years.coded_years` output and ``articles`` the corpus (its
    ``source`` and ``published`` columns); any may be None. ``mentions`` (a tagging's) adds the
    words each article names the partner by to its quotes' terms; ``quantities``
    (:func:`~healthdiplomacy.coding.quantities.quantities_table`) gives each profile its
    quantities.

    >>> from healthdiplomacy.results.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a2"], "partner_id": ["iraq"], "stage": ["talks"]})
    >>> years = pd.DataFrame({"article_id": ["a2", "a3"], "year_start": [2019, 2021],
    ...                       "year_source": ["published", "published"]})
    >>> iraq = partner_profiles(example_links(), stages, years, top=2)[1]
    >>> iraq.events, iraq.articles, iraq.furthest_stage, iraq.themes["theme_id"].tolist()
    (2, 2, 'talks', ['medicine'])
    >>> [[None if pd.isna(v) else v for v in row] for row in iraq.by_year.values.tolist()]
    [[2019, 1, 1, 0, 1]]
    >>> iraq.events_list[["date", "stage", "first_article"]].values.tolist()
    [['2019', 'talks', 'a2'], ['2021', '', 'a3']]
    >>> partner_profiles(example_links(), top=0)
    []
    """
    if top <= 0 or not len(links):
        return []
    book = book or load_stagebook()
    ranked = top_partners(links, top)
    # Once for every profile, not once per partner: each link's quoted sentences, the dates of
    # the reports, the stages each article reached.
    shared = _Shared(_quoted_sentences(links), report_dates(articles, years), _reached(stages))
    return [_profile(row, links, stages, years, articles, themes, quotes, book, mentions, quantities, shared)
            for row in ranked.to_dict("records")]


def partner_events(links: pd.DataFrame, partner_id: str, stages: pd.DataFrame | None = None,
                   years: pd.DataFrame | None = None, articles: pd.DataFrame | None = None,
                   mentions: pd.DataFrame | None = None, book: StageBook | None = None) -> pd.DataFrame:
    """The events of ``partner_id`` in date order (:data:`EVENT_LIST_COLUMNS`), each with the
    strongest sentence of its first report for the partner (:func:`strongest_quotes`).

    An event's date is its earliest article's date as :func:`find_events` dates it
    (:func:`~healthdiplomacy.results.events.report_dates`: published, else the day or the
    year its text states), else empty (listed last); its first
    report is that earliest article (ties by id). ``themes`` and ``stage`` (the furthest, from
    ``stages``) are those its reports state for this partner.

    >>> links = pd.DataFrame({"article_id": ["en1", "fa1", "en2"], "partner_id": ["IQ"] * 3,
    ...     "theme_id": ["medicine"] * 3, "event_id": ["ev-b", "ev-b", "ev-a"], "language": ["en", "fa", "en"],
    ...     "evidence": ["Iraq got medicine.", "دارو به عراق رسید.", "Iraq and Iran met."]})
    >>> articles = pd.DataFrame({"article_id": ["en1", "fa1", "en2"],
    ...                          "published": ["2024-05-02", "2024-05-01", "2023-01-09"]})
    >>> partner_events(links, "IQ", articles=articles)[["event_id", "date", "n_articles", "first_article",
    ...                                                  "quote"]].values.tolist()
    [['ev-a', '2023-01-09', 1, 'en2', 'Iraq and Iran met.'], ['ev-b', '2024-05-01', 2, 'fa1', 'دارو به عراق رسید.']]
    """
    shared = _Shared(_quoted_sentences(links), report_dates(articles, years), _reached(stages))
    own = links[links["partner_id"] == partner_id]
    return _partner_events(own, partner_id, _ranked_quotes(links, partner_id, mentions, shared.quoted), book, shared)


def _partner_events(own: pd.DataFrame, partner_id: str, ranked: list[dict], book: StageBook | None,
                    shared: _Shared) -> pd.DataFrame:
    """:func:`partner_events` from the partner's links (``own``) and its quotes ranked as the
    profile's are (:func:`_ranked_quotes`: among all the links, a sentence naming five partners
    says less about each than one naming one); the first quote of each article is its strongest.
    (One ranking per partner, not per event: at thousands of articles a ranking per event took
    minutes; the events grouped in plain Python, not a pandas group each: seconds at 2,000.)"""
    if not len(own):
        return pd.DataFrame(columns=EVENT_LIST_COLUMNS)
    book = book or load_stagebook()
    best: dict[str, dict] = {}
    for quote in ranked:
        best.setdefault(str(quote["article_id"]), quote)
    dates, reached = shared.dates, shared.reached.get(partner_id, {})
    events: dict[str, dict] = {}  # event -> its articles, languages and themes, in order of first link
    languages = own["language"] if "language" in own.columns else [None] * len(own)
    for key, article, language, theme in zip(event_keys(own), own["article_id"].astype(str), languages,
                                             own["theme_id"]):
        event = events.setdefault(key, {"articles": set(), "languages": set(), "themes": {}})
        event["articles"].add(article)
        event["languages"].add(_text(language))
        if _text(theme):
            event["themes"][_text(theme)] = None
    rows = []
    for key, event in events.items():
        ids = sorted(event["articles"])
        first = min(ids, key=lambda a: (date_key(dates.get(a, "")), a))
        ranks = [book.order.index(s) for a in ids for s in reached.get(a, ()) if s in book.order]
        quote = best.get(first, {})
        rows.append({"event_id": key, "date": dates.get(first, ""), "themes": ";".join(event["themes"]),
                     "stage": book.order[max(ranks)] if ranks else "", "n_articles": len(ids),
                     "languages": ";".join(sorted(event["languages"] - {""})), "first_article": first,
                     "language": quote.get("language", ""), "quote": quote.get("sentence", ""),
                     "terms": quote.get("terms", "")})
    rows.sort(key=lambda r: (date_key(r["date"]), r["first_article"], r["event_id"]))
    return pd.DataFrame(rows, columns=EVENT_LIST_COLUMNS)


def partner_quantities(quantities: pd.DataFrame | None, partner_id: str) -> pd.DataFrame:
    """The quantities stated for ``partner_id`` (:data:`PROFILE_QUANTITY_COLUMNS`), each with its
    sentence as evidence: by kind of unit, unit, article, then value. Each row is a quantity as
    stated: none is converted, and none is added to another.

    >>> q = pd.DataFrame({"article_id": ["a", "b", "a"], "partner_id": ["IQ", "IQ", "SY"], "theme_id": ["", "", ""],
    ...                   "value": [5e6, 2e6, 1.0], "value_max": [None] * 3, "unit": ["USD", "EUR", "ton"],
    ...                   "unit_kind": ["money"] * 2 + ["weight"], "text": ["$5 million", "€2 million", "1 ton"],
    ...                   "n_partners": [1, 1, 1], "language": ["en"] * 3, "evidence": ["s1", "s2", "s3"]})
    >>> partner_quantities(q, "IQ")[["unit", "value", "evidence"]].values.tolist()
    [['EUR', 2000000.0, 's2'], ['USD', 5000000.0, 's1']]
    """
    if quantities is None or not len(quantities):
        return pd.DataFrame(columns=PROFILE_QUANTITY_COLUMNS)
    own = quantities[quantities["partner_id"] == partner_id]
    own = own.assign(**{c: "" for c in PROFILE_QUANTITY_COLUMNS if c not in own.columns})
    own = own.sort_values(["unit_kind", "unit", "article_id", "value"], kind="mergesort")
    return own[PROFILE_QUANTITY_COLUMNS].reset_index(drop=True)


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
    return _quote_table(_ranked_quotes(links, partner_id, mentions, _quoted_sentences(links))[:max(n, 0)])


# --- helpers ------------------------------------------------------------------------


@dataclass(frozen=True)
class _QuotedSentences:
    """Every link's quoted sentences (:func:`_sentence_rows`), by partner in the links' order,
    and how many partners each (article, sentence) is quoted for."""

    by_partner: dict
    width: dict


@dataclass(frozen=True)
class _Shared:
    """What every profile starts from: the quoted sentences, each report's date
    (:func:`~healthdiplomacy.results.events.report_dates`) and, per partner, the stages each
    article reached (:func:`_reached`)."""

    quoted: _QuotedSentences
    dates: dict
    reached: dict


def _quoted_sentences(links: pd.DataFrame) -> _QuotedSentences:
    by_partner: dict = {}
    partners: dict[tuple[str, str], set] = {}
    for row in _sentence_rows(links):
        by_partner.setdefault(row["partner_id"], []).append(row)
        partners.setdefault((row["article_id"], row["sentence"]), set()).add(row["partner_id"])
    return _QuotedSentences(by_partner, {key: len(ids) for key, ids in partners.items()})


def _reached(stages: pd.DataFrame | None) -> dict:
    """Partner -> article -> the stages it reached there."""
    reached: dict = {}
    if stages is not None and len(stages):
        for partner, article, stage in zip(stages["partner_id"], stages["article_id"].astype(str), stages["stage"]):
            reached.setdefault(partner, {}).setdefault(article, set()).add(str(stage))
    return reached


def _ranked_quotes(links: pd.DataFrame, partner_id: str, mentions: pd.DataFrame | None,
                   quoted: _QuotedSentences) -> list[dict]:
    """Every distinct sentence quoted for ``partner_id`` (:data:`QUOTE_COLUMNS`), strongest
    first as :func:`strongest_quotes` orders them, one per article before a second from any."""
    groups: dict[tuple[str, str], dict] = {}  # (article, sentence) -> its quote, in order of first row
    for row in quoted.by_partner.get(partner_id, ()):
        key = (row["article_id"], row["sentence"])
        group = groups.get(key)
        if group is None:
            groups[key] = {**row, "terms": [row["terms"]], "themes": {row["theme_id"]: None}}
            continue
        group["terms"].append(row["terms"])
        group["themes"][row["theme_id"]] = None
        for rank in ("rule_rank", "partner_rank", "position"):
            group[rank] = min(group[rank], row[rank])
    if not groups:
        return []
    names = _partner_terms(links, mentions, partner_id)
    for key, group in groups.items():
        group["terms"] = _join_terms([*names.get(group["article_id"], names[""]), _join_terms(group["terms"])])
        group["themes"] = ";".join(t for t in group["themes"] if t)
        group["theme_count"] = len([t for t in group["themes"].split(";") if t])
        group["partners_in_sentence"] = quoted.width[key]
    ranked = sorted(groups.values(), key=lambda g: (g["rule_rank"], g["partner_rank"], g["partners_in_sentence"],
                                                    -g["theme_count"], g["article_id"], g["position"]))
    seen: set[str] = set()
    first, rest = [], []  # one quote per article before a second from any
    for group in ranked:
        (rest if group["article_id"] in seen else first).append(group)
        seen.add(group["article_id"])
    return first + rest


def _quote_table(quotes: list[dict]) -> pd.DataFrame:
    if not quotes:
        return pd.DataFrame(columns=QUOTE_COLUMNS)
    table = pd.DataFrame([{c: q[c] for c in QUOTE_COLUMNS} for q in quotes], columns=QUOTE_COLUMNS)
    return table.assign(partners_in_sentence=table["partners_in_sentence"].astype("int64"))


def _profile(row: dict, links, stages, years, articles, themes, quotes: int, book: StageBook,
             mentions, quantities, shared: _Shared) -> PartnerProfile:
    pid = row["partner_id"]
    own = links[links["partner_id"] == pid]
    kind = own["partner_kind"].iloc[0] if "partner_kind" in own.columns else ""
    ranked = _ranked_quotes(links, pid, mentions, shared.quoted)  # for the quotes and the events
    return PartnerProfile(
        partner_id=str(pid), name_en=_text(row["partner_name_en"]), name_fa=_text(row["partner_name_fa"]),
        kind=_text(kind), articles=int(row["articles"]), themes=_themes(own, themes),
        by_year=by_year_table(own, years, "theme_id", top=10**6) if years is not None
        else pd.DataFrame(columns=["year", "published", "inferred"]),
        stages=_stages(stages, pid, book), furthest_stage=_furthest(stages, pid, book),
        sources=_sources(articles, own), quotes=_quote_table(ranked[:max(quotes, 0)]),
        events=int(row["events"]), events_list=_partner_events(own, pid, ranked, book, shared),
        quantities=partner_quantities(quantities, pid))


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


def _sentence_rows(links: pd.DataFrame) -> list[dict]:
    """One row per (link, quoted sentence), with the rules' ranks."""
    def column(name: str) -> list:  # (plain lists: a row dict of every column costs seconds at 50,000 links)
        return links[name].tolist() if name in links.columns else [None] * len(links)

    records = []
    for article, partner, evidence, language, terms, theme, rule, partner_rule in zip(
            column("article_id"), column("partner_id"), column("evidence"), column("language"), column("terms"),
            column("theme_id"), column("rule"), column("partner_rule")):
        sentences = [s for s in str(evidence or "").split("\n") if s.strip()]
        for position, sentence in enumerate(sentences):
            records.append({
                "article_id": str(article), "partner_id": partner, "sentence": sentence,
                "position": position, "language": _text(language), "terms": _text(terms),
                "theme_id": _text(theme), "rule": _text(rule), "partner_rule": _text(partner_rule),
                "rule_rank": _rank(THEME_RULES, rule), "partner_rank": _rank(PARTNER_RULES, partner_rule)})
    return records


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
