"""Tables from the tagger's links: who cooperates with Iran on what, and the proof.

Pure functions: a links DataFrame in (one row per article x partner x theme,
see :func:`healthdiplomacy.tag_articles`), a new DataFrame out, always in the
same order for the same input. The partner and theme tables count *events* (the
links' ``event_id``, :mod:`healthdiplomacy.results.counts`) with the *distinct articles*
beside them, so an article that names a partner ten times still counts once, and a
meeting three agencies report counts one event (three articles).

Every example below uses this small links table:

>>> links = example_links()
>>> links[["article_id", "partner_id", "theme_id"]]  # doctest: +NORMALIZE_WHITESPACE
  article_id  partner_id        theme_id
0         a1  azerbaijan        medicine
1         a1  azerbaijan  health_tourism
2         a2  azerbaijan        medicine
3         a2        iraq        medicine
4         a3        iraq
"""

from __future__ import annotations

from collections.abc import Iterable

import pandas as pd

from .counts import COUNT_COLUMNS, count_events

PARTNER_COLUMNS = ["partner_id", "partner_name_en", "partner_name_fa", "partner_kind"]

# The longest quote a reader is shown: a sentence is rarely over 300 characters, and a
# "sentence" of a megabyte (a file without punctuation) must not fill the report.
QUOTE_CHARS = 500


def theme_partner_table(links: pd.DataFrame, themes: pd.DataFrame | None = None,
                        all_themes: bool = True, count: str = "events") -> pd.DataFrame:
    """Theme x partner matrix of distinct events (``count="events"``) or distinct articles
    (``count="articles"``).

    Rows are theme ids in codebook order (every codebook theme when
    ``all_themes``, so gaps show; otherwise only themes with links); columns are
    partner ids with at least one themed link, by total events, then articles (desc), then id.

    >>> t = theme_partner_table(example_links(), example_themes(), all_themes=False)
    >>> t  # doctest: +NORMALIZE_WHITESPACE
    partner_id      azerbaijan  iraq
    theme_id
    medicine                 2     1
    health_tourism           1     0
    >>> one = example_links().assign(event_id=["ev-1", "ev-1", "ev-1", "ev-2", "ev-3"])  # a1, a2: one event
    >>> theme_partner_table(one, example_themes(), False).loc["medicine"].to_dict()
    {'iraq': 1, 'azerbaijan': 1}
    >>> theme_partner_table(one, example_themes(), False, "articles").loc["medicine"].to_dict()
    {'iraq': 1, 'azerbaijan': 2}
    >>> int(theme_partner_table(example_links(), example_themes()).loc["vaccines"].sum())
    0
    """
    if count not in COUNT_COLUMNS:
        raise ValueError(f"count must be one of {COUNT_COLUMNS}, not {count!r}")
    themed = _themed(links)
    order = theme_order(themes, themed["theme_id"])
    counts = count_events(themed, ["theme_id", "partner_id"]).pivot(
        index="theme_id", columns="partner_id", values=count)
    rows = order if all_themes else [t for t in order if t in counts.index]
    partners = [p for p in _partner_order(links) if p in counts.columns]
    table = counts.reindex(index=rows, columns=partners).fillna(0).astype("int64")
    table.index.name, table.columns.name = "theme_id", "partner_id"
    return table


def partner_ranking(links: pd.DataFrame, by: str = "events") -> pd.DataFrame:
    """Partners with their number of distinct events, distinct articles and distinct themes.

    ``by="events"`` ranks by events, then articles, then themes; ``by="articles"`` by
    articles, then events, then themes; ``by="themes"`` by themes, then events, then articles;
    ties go by partner id. Events and articles count every link of the partner, including
    articles where no theme was found.

    >>> partner_ranking(example_links())[["partner_id", "events", "articles", "themes"]]
       partner_id  events  articles  themes
    0  azerbaijan       2         2       2
    1        iraq       2         2       1
    >>> list(partner_ranking(example_links(), by="themes")["partner_id"])
    ['azerbaijan', 'iraq']
    """
    keys = {"events": ["events", "articles", "themes"], "articles": ["articles", "events", "themes"],
            "themes": ["themes", "events", "articles"]}
    if by not in keys:
        raise ValueError(f"by must be 'events', 'articles' or 'themes', not {by!r}")
    names = links[PARTNER_COLUMNS].drop_duplicates("partner_id")
    stats = count_events(links, "partner_id").set_index("partner_id")
    stats["themes"] = _themed(links).groupby("partner_id")["theme_id"].nunique()
    stats = stats.fillna(0).astype("int64").reset_index(names="partner_id")
    ranked = names.merge(stats, on="partner_id", how="left")
    ranked = ranked.sort_values([*keys[by], "partner_id"], ascending=[False, False, False, True])
    return ranked.reset_index(drop=True)


def theme_ranking(links: pd.DataFrame, themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Themes with their number of distinct partners, distinct events and distinct articles.

    Ranked by partners, then events, then articles (all desc), ties in codebook order.
    Labels come from the codebook, in English and Persian.

    >>> theme_ranking(example_links(), example_themes())[["theme_id", "partners", "events", "articles"]]
             theme_id  partners  events  articles
    0        medicine         2       2         2
    1  health_tourism         1       1         1
    """
    themed = _themed(links)
    codebook = theme_codebook(themes)
    order = theme_order(codebook, themed["theme_id"])
    stats = count_events(themed, "theme_id").set_index("theme_id")
    stats.insert(0, "partners", themed.groupby("theme_id")["partner_id"].nunique())
    stats = stats.astype("int64")
    stats["rank_key"] = [order.index(t) for t in stats.index]
    stats = stats.sort_values(["partners", "events", "articles", "rank_key"], ascending=[False, False, False, True])
    labels = codebook.set_index("theme_id")[["label_en", "label_fa"]]
    ranked = stats.drop(columns="rank_key").join(labels).reset_index(names="theme_id")
    # A theme the codebook does not know keeps the tagger's own label.
    fallback = themed.drop_duplicates("theme_id").set_index("theme_id")["theme_label"]
    ranked["label_en"] = ranked["label_en"].fillna(ranked["theme_id"].map(fallback))
    ranked["label_fa"] = ranked["label_fa"].fillna("")
    return ranked[["theme_id", "label_en", "label_fa", "partners", "events", "articles"]]


def evidence_table(links: pd.DataFrame, themes: pd.DataFrame | None = None,
                   lang: str = "en", rules: Iterable[str] | None = None) -> pd.DataFrame:
    """The quoted evidence for every theme x partner cell, one row per article.

    Sorted by theme (codebook order), partner id, article id. ``evidence``
    holds the quoted sentence(s) joined by newlines, exactly as in the
    article but for a sentence over :data:`QUOTE_CHARS` characters, which is
    cut with an ellipsis (:func:`capped_quote`); ``terms`` the matched terms joined by "; "; ``rule`` and
    ``partner_rule`` say how the link was made (see
    :mod:`healthdiplomacy.coding.tagger`). ``rules`` keeps only the links made by
    those rules (theme or partner rules: ``["stated_for", "iran_and_partner"]``).
    With ``lang="fa"``, ``theme_label`` is the codebook's Persian label.

    >>> links = example_links().assign(rule="stated_for", partner_rule="implicit_iran")
    >>> len(evidence_table(links, rules=["implicit_iran"])), len(evidence_table(links, rules=["previous_sentence"]))
    (4, 0)

    >>> ev = evidence_table(example_links(), example_themes())
    >>> ev[["theme_id", "partner_id", "article_id"]].values.tolist()
    [['medicine', 'azerbaijan', 'a1'], ['medicine', 'azerbaijan', 'a2'], ['medicine', 'iraq', 'a2'], ['health_tourism', 'azerbaijan', 'a1']]
    >>> ev.loc[3, "terms"]
    'آذربایجان; گردشگری سلامت'
    >>> evidence_table(example_links(), example_themes(), lang="fa").loc[3, "theme_label"]
    'گردشگری سلامت'
    """
    themed = _themed(links)
    for column in ("rule", "partner_rule"):
        if column not in themed.columns:
            themed = themed.assign(**{column: ""})
    if rules is not None:
        wanted = set(rules)
        themed = themed[themed["rule"].isin(wanted) | themed["partner_rule"].isin(wanted)]
    if lang == "fa":
        persian = theme_codebook(themes).set_index("theme_id")["label_fa"].dropna()
        themed = themed.assign(theme_label=themed["theme_id"].map(persian).fillna(themed["theme_label"]))
    order = theme_order(themes, themed["theme_id"])
    columns = ["theme_id", "theme_label", *PARTNER_COLUMNS, "article_id", "language",
               "evidence", "terms", "rule", "partner_rule"]
    out = themed[columns].assign(rank_key=themed["theme_id"].map(order.index))
    out = out.sort_values(["rank_key", "partner_id", "article_id"])
    out["evidence"] = out["evidence"].map(capped_quote)  # a 1 MB sentence is not shown whole
    return out.drop(columns="rank_key").reset_index(drop=True)


def capped_quote(text: object, limit: int = QUOTE_CHARS) -> str:
    """A quote of at most ``limit`` characters: each line (one sentence) longer than that is
    cut at the last space before it, with an ellipsis, so a reader sees where it was cut.

    >>> capped_quote("Iran and Iraq met.\\n" + "word " * 300, limit=20)
    'Iran and Iraq met.\\nword word word …'
    >>> len(capped_quote("x" * 10**6))
    500
    >>> capped_quote("short")
    'short'
    """
    lines = str(text).split("\n")
    return "\n".join(line if len(line) <= limit else _cut(line, limit) for line in lines)


def _cut(line: str, limit: int) -> str:
    head = line[:limit - 2]  # room for " …": the quote stays within the limit
    space = head.rfind(" ")
    return (head[:space] if space > limit // 2 else head).rstrip() + " …"


def labelled(table: pd.DataFrame, links: pd.DataFrame, themes: pd.DataFrame | None = None,
             lang: str = "en") -> pd.DataFrame:
    """:func:`theme_partner_table` with readable labels instead of ids.

    English edition: bilingual labels; Persian edition: Persian labels (see :func:`label`).

    >>> table = theme_partner_table(example_links(), example_themes())
    >>> labelled(table, example_links(), example_themes()).columns.tolist()
    ['Azerbaijan · آذربایجان', 'Iraq · عراق']
    >>> labelled(table, example_links(), example_themes(), "fa").index.tolist()[:2]
    ['دارو', 'واکسن']
    """
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    codebook = theme_codebook(themes).set_index("theme_id")
    out = table.copy()
    out.columns = [label(names.loc[p, "partner_name_en"], names.loc[p, "partner_name_fa"], lang)
                   for p in table.columns]
    out.index = [label(*codebook.loc[t, ["label_en", "label_fa"]], lang) if t in codebook.index
                 else t for t in table.index]
    out.index.name, out.columns.name = "theme", "partner"
    return out


# --- the corpus -----------------------------------------------------------------------


def corpus_summary(articles: pd.DataFrame) -> pd.DataFrame:
    """What was read, in one small table (measure, value).

    >>> corpus_summary(example_articles()).values.tolist()[:3]
    [['articles', 3], ['languages', 'en 1, fa 2'], ['characters', 69]]
    """
    languages = articles["language"].value_counts().sort_index()
    duplicates = articles.get("duplicate_of", pd.Series(dtype=object)).fillna("")
    rows = [
        ("articles", len(articles)),
        ("languages", ", ".join(f"{k} {v}" for k, v in languages.items())),
        ("characters", int(articles["chars"].sum())),
        ("sources", len(set(articles["source"].fillna("")) - {""})),
        ("duplicates", int((duplicates != "").sum())),
        ("files skipped", len(articles.attrs.get("skipped", []))),
    ]
    return pd.DataFrame(rows, columns=["measure", "value"])


def codebook_table(summary: dict[str, int]) -> pd.DataFrame:
    """The codebook's sizes (``Codebook.summary()``) as a table (part, entries).

    >>> codebook_table({"themes": 14, "theme_terms": 376}).values.tolist()
    [['themes', 14], ['theme terms', 376]]
    """
    return pd.DataFrame([(k.replace("_", " "), int(v)) for k, v in summary.items()],
                        columns=["part", "entries"])


def article_table(articles: pd.DataFrame) -> pd.DataFrame:
    """One row per article read: id, language, source, size, boilerplate lines removed, title.

    >>> article_table(example_articles()).columns.tolist()
    ['article_id', 'language', 'source', 'chars', 'removed_lines', 'title']
    """
    removed = articles["removed"].map(lambda lines: len(lines) if _is_list(lines) else 0)
    out = articles.assign(removed_lines=removed)
    columns = ["article_id", "language", "source", "chars", "removed_lines", "title"]
    return out[columns].sort_values("article_id").reset_index(drop=True)


def count_table(articles: pd.DataFrame, column: str) -> pd.DataFrame:
    """Articles and characters per value of ``column`` (e.g. language, source), most first.

    >>> count_table(example_articles(), "language").values.tolist()
    [['fa', 2, 44], ['en', 1, 25]]
    """
    values = articles[column].fillna("").replace("", "(unknown)")
    grouped = articles.assign(**{column: values}).groupby(column)
    out = pd.DataFrame({"articles": grouped.size(), "chars": grouped["chars"].sum()}).reset_index()
    out = out.sort_values(["articles", column], ascending=[False, True])
    return out.astype({"articles": "int64", "chars": "int64"}).reset_index(drop=True)


def removed_table(articles: pd.DataFrame) -> pd.DataFrame:
    """The boilerplate lines removed from each article, one row per line.

    >>> removed_table(example_articles()).values.tolist()
    [['e1', 'Share this story'], ['f1', 'کد خبر: ۱۲۳']]
    """
    rows = [(a, line) for a, lines in zip(articles["article_id"], articles["removed"])
            if _is_list(lines) for line in lines]
    out = pd.DataFrame(rows, columns=["article_id", "line"])
    return out.sort_values(["article_id"], kind="mergesort").reset_index(drop=True)


def skipped_table(articles: pd.DataFrame) -> pd.DataFrame:
    """Files the corpus loader skipped, with the reason (``articles.attrs["skipped"]``).

    >>> skipped_table(example_articles()).values.tolist()
    [['broken.pdf', 'not a text file']]
    """
    skipped = articles.attrs.get("skipped", [])
    out = pd.DataFrame([{"path": str(s["path"]), "reason": s["reason"]} for s in skipped],
                       columns=["path", "reason"])
    return out.sort_values("path").reset_index(drop=True)


def label(en: object, fa: object, lang: str = "en") -> str:
    """A name for the edition in ``lang``: both languages in English, Persian alone in Persian.

    Either falls back to the name that exists.

    >>> label("Iraq", "عراق"), label("Iraq", "عراق", "fa"), label("Eswatini", "", "fa")
    ('Iraq · عراق', 'عراق', 'Eswatini')
    """
    if lang == "fa":
        return _pair("", fa) or _pair(en, "")
    return _pair(en, fa)


def partner_names(lang: str = "en", links: pd.DataFrame | None = None) -> dict[str, str]:
    """Partner id -> its name for the ``lang`` edition (:func:`label`), for every partner of the
    codebook, and for those of ``links`` the codebook lacks (names as the tagger gave them).

    >>> partner_names("fa")["IQ"], partner_names("en")["IQ"]
    ('عراق', 'Iraq · عراق')
    """
    from ..codebook.tables import load_partners  # lazy: the codebook reads a data file

    book = load_partners()
    names = {p: label(en, fa, lang) for p, en, fa in book[["partner_id", "name_en", "name_fa"]].itertuples(index=False)}
    if links is not None and len(links):
        for p, en, fa in links[["partner_id", "partner_name_en", "partner_name_fa"]].itertuples(index=False):
            names.setdefault(p, label(en, fa, lang))
    return names


def theme_names(lang: str = "en", themes: pd.DataFrame | None = None) -> dict[str, str]:
    """Theme id -> its label for the ``lang`` edition (:func:`label`), from ``themes`` or the
    shipped codebook.

    >>> theme_names("fa")["medicine"]
    'دارو'
    """
    book = theme_codebook(themes)
    return {t: label(en, fa, lang) for t, en, fa in book[["theme_id", "label_en", "label_fa"]].itertuples(index=False)}


# --- helpers ------------------------------------------------------------------------


def _pair(en: object, fa: object) -> str:
    en, fa = ("" if pd.isna(v) else str(v).strip() for v in (en, fa))
    return f"{en} · {fa}" if en and fa else en or fa


def _is_list(value: object) -> bool:
    return isinstance(value, (list, tuple)) or hasattr(value, "tolist")


def _themed(links: pd.DataFrame) -> pd.DataFrame:
    # '' marks a partner seen without any theme: it counts for the partner, not a cell.
    return links[links["theme_id"].fillna("") != ""]


def theme_codebook(themes: pd.DataFrame | None) -> pd.DataFrame:
    """``themes`` if given, else the shipped theme table.

    >>> theme_codebook(None)["theme_id"].iloc[0], len(theme_codebook(example_themes()))
    ('medicine', 3)
    """
    if themes is not None:
        return themes
    from ..codebook.tables import load_themes  # lazy: the codebook reads a data file

    return load_themes()


def theme_order(themes: pd.DataFrame | None, seen: pd.Series) -> list[str]:
    """Codebook order, then any theme id the codebook lacks, alphabetically.

    >>> theme_order(example_themes(), pd.Series(["zz", "medicine"]))
    ['medicine', 'vaccines', 'health_tourism', 'zz']
    """
    order = list(theme_codebook(themes)["theme_id"])
    return order + sorted(set(seen) - set(order))


def _partner_order(links: pd.DataFrame) -> list[str]:
    totals = count_events(links, "partner_id")
    return totals.sort_values(["events", "articles", "partner_id"], ascending=[False, False, True])["partner_id"].tolist()


# --- example data, for the doctests and for trying things out ----------------------


def example_themes() -> pd.DataFrame:
    """A three-theme codebook in the shape of :func:`healthdiplomacy.load_themes`.

    >>> list(example_themes()["theme_id"])
    ['medicine', 'vaccines', 'health_tourism']
    """
    return pd.DataFrame({
        "theme_id": ["medicine", "vaccines", "health_tourism"],
        "label_en": ["Medicine", "Vaccines", "Health tourism"],
        "label_fa": ["دارو", "واکسن", "گردشگری سلامت"],
        "description": ["", "", ""],
    })


def example_links() -> pd.DataFrame:
    """Five links over three articles, in the shape the tagger returns.

    >>> example_links().shape
    (5, 10)
    """
    az = ("azerbaijan", "Azerbaijan", "آذربایجان", "country")
    iq = ("iraq", "Iraq", "عراق", "country")
    rows = [
        ("a1", *az, "medicine", "Medicine", "ایران و آذربایجان در حوزه دارو همکاری می‌کنند.",
         "آذربایجان; دارو", "fa"),
        ("a1", *az, "health_tourism", "Health tourism",
         "بیماران آذربایجان برای گردشگری سلامت به ایران می‌آیند.",
         "آذربایجان; گردشگری سلامت", "fa"),
        ("a2", *az, "medicine", "Medicine", "صادرات دارو به آذربایجان و عراق افزایش یافت.",
         "آذربایجان; دارو", "fa"),
        ("a2", *iq, "medicine", "Medicine", "صادرات دارو به آذربایجان و عراق افزایش یافت.",
         "عراق; دارو", "fa"),
        ("a3", *iq, "", "", "وزیر بهداشت عراق به تهران آمد.", "عراق", "fa"),
    ]
    columns = ["article_id", *PARTNER_COLUMNS, "theme_id", "theme_label", "evidence",
               "terms", "language"]
    return pd.DataFrame(rows, columns=columns)


def example_articles() -> pd.DataFrame:
    """Three articles in the shape of :func:`healthdiplomacy.load_corpus` (a few columns).

    >>> example_articles().attrs["skipped"][0]["reason"]
    'not a text file'
    """
    articles = pd.DataFrame({
        "article_id": ["f1", "e1", "f2"],
        "language": ["fa", "en", "fa"],
        "source": ["Aran News", "", "IRNA"],
        "chars": [20, 25, 24],
        "removed": [["کد خبر: ۱۲۳"], ["Share this story"], []],
        "title": ["همکاری دارویی با عراق", "Iran and Iraq sign a deal", "سفر وزیر بهداشت به باکو"],
    })
    articles.attrs["skipped"] = [{"path": "broken.pdf", "reason": "not a text file"}]
    return articles
