"""Evidence for a reader: quoted sentences grouped by theme and partner, and the
disagreements with the reference labels, built from :mod:`healthdiplomacy.report.html`'s
escaped pieces and worded in the edition's language.
"""
from __future__ import annotations

import pandas as pd

from .html import EVIDENCE_CSS, escape_text, inline_html, quote_html
from .i18n import Strings


def evidence_html(evidence: pd.DataFrame, lang: str = "en", limit: int | None = None,
                  full: str | None = None) -> str:
    """Quoted evidence grouped by theme and partner, as an HTML fragment.

    ``evidence`` is :func:`healthdiplomacy.results.tables.evidence_table` output. Each
    theme gets a heading (its ``theme_label``); under it, a ``<details>`` block per
    partner, or per set of partners when one sentence is the evidence for several: the
    sentence is quoted once, the partners it is evidence for named above it (a sentence
    listing ten partners is not quoted ten times). Each block holds, per article, its
    sentences as :func:`quote_html` quotes, every partner's and the theme's matched terms
    highlighted. The words around the quotes are in the edition's language ``lang``.

    With ``limit``, a block quotes its first ``limit`` articles and says how many more there
    are, linking to ``full`` (the whole evidence table beside the report,
    :meth:`healthdiplomacy.report.budget.Beside.write`): the size budget of a large corpus.

    >>> from healthdiplomacy.results.tables import evidence_table, example_links, example_themes
    >>> page = evidence_html(evidence_table(example_links(), example_themes()))
    >>> page.count("<blockquote"), page.count("<mark>") > 0, page.count("<details")
    (3, True, 3)
    >>> shared = page.split("<details")[2]  # the medicine sentence naming both partners, once
    >>> "Azerbaijan" in shared and "Iraq" in shared, shared.count("<blockquote")
    (True, 1)
    >>> "۱ مقاله" in evidence_html(evidence_table(example_links(), example_themes()), "fa")
    True
    >>> capped = evidence_html(evidence_table(example_links(), example_themes()), limit=0, full="t/e.csv")
    >>> capped.count("<blockquote"), capped.count('href="t/e.csv"')
    (0, 3)
    """
    strings = Strings(lang)
    parts = [f"<style>{EVIDENCE_CSS}</style>"]
    for _, theme in evidence.groupby("theme_id", sort=False):
        parts.append(f'<h4 class="hd-theme">{escape_text(theme.iloc[0]["theme_label"])}</h4>')
        for partners, quotes in _shared_sentences(theme):
            parts.append(_evidence_group(partners, quotes, strings, limit, full))
    return "\n".join(parts)


def disagreements_html(table: pd.DataFrame, strings: Strings) -> str:
    """A list of disagreements between tagger and reference labels, with quoted evidence.

    ``table`` is :func:`healthdiplomacy.report.trust.disagreement_table` output: ``kind``
    (a ``trust.kind`` key), ``article_id``, ``partner``, ``theme``, ``evidence``
    and its ``language``. Names and quotes are escaped and isolated like
    everything else from an article.

    >>> row = {"kind": "triple false positive", "article_id": "a1", "partner": "Iraq",
    ...        "theme": "Medicine", "evidence": "<b>Iraq</b>", "language": "en"}
    >>> out = disagreements_html(pd.DataFrame([row]), Strings("en"))
    >>> "&lt;b&gt;Iraq&lt;/b&gt;" in out, "<b>" in out, "theme the reference does not accept" in out
    (True, False, True)
    """
    items = []
    for row in table.itertuples(index=False):
        kind = strings.get(f"trust.kind.{row.kind}", str(row.kind))
        where = [f"<strong>{escape_text(kind)}</strong>",
                 f'{escape_text(strings("evidence.article"))} <code>{escape_text(row.article_id)}</code>',
                 inline_html(row.partner)] + ([inline_html(row.theme)] if row.theme else [])
        quotes = [quote_html(s, (), row.language) for s in str(row.evidence).split("\n") if s.strip()]
        items.append(f'<li class="hd-disagreement">{" · ".join(where)}{"".join(quotes)}</li>')
    return f'<style>{EVIDENCE_CSS}</style><ul class="hd-disagreements">{"".join(items)}</ul>'


def source_html(article_id: object, terms: object, language: str, strings: Strings) -> str:
    """The line above a quote: which article, which terms matched.

    >>> source_html("a1", "Iraq", "en", Strings("en"))
    '<p class="hd-source">Article <code>a1</code> · terms: <bdi dir="ltr" lang="en">Iraq</bdi></p>'
    """
    return (f'<p class="hd-source">{escape_text(strings("evidence.article"))} '
            f'<code>{escape_text(article_id)}</code> · {escape_text(strings("evidence.terms"))}: '
            f'{inline_html(terms, language)}</p>')


def _shared_sentences(theme: pd.DataFrame) -> list[tuple[list, dict]]:
    """A theme's evidence regrouped: [(partner rows, {(article_id, sentence): (terms, language)})],
    one entry per set of partners that share the same sentences, in order of first appearance."""
    sentences: dict[tuple[str, str], dict] = {}
    # (the columns read, as lists: a row dict of every column cost seconds at 5,000 articles)
    columns = [c for c in ("article_id", "evidence", "language", "partner_id", "terms", "partner_name_en",
                           "partner_name_fa") if c in theme.columns]
    for row in (dict(zip(columns, values)) for values in zip(*(theme[c].tolist() for c in columns))):
        for sentence in str(row["evidence"]).split("\n"):
            if not sentence.strip():
                continue
            entry = sentences.setdefault((str(row["article_id"]), sentence),
                                         {"partners": {}, "terms": [], "language": row["language"]})
            entry["partners"].setdefault(row["partner_id"], row)
            entry["terms"].extend(t.strip() for t in str(row["terms"] or "").split(";") if t.strip())
    groups: dict[tuple, tuple[list, dict]] = {}
    for key, entry in sentences.items():
        ids = tuple(entry["partners"])
        group = groups.setdefault(ids, (list(entry["partners"].values()), {}))
        group[1][key] = ("; ".join(dict.fromkeys(entry["terms"])), entry["language"])
    return list(groups.values())


def _evidence_group(partners: list, quotes: dict, strings: Strings, limit: int | None = None,
                    full: str | None = None) -> str:
    """One <details> (readable without JavaScript): the partners named, then their shared quotes
    (of the first ``limit`` articles, and a line saying how many more, linking to ``full``)."""
    every = list(dict.fromkeys(article for article, _ in quotes))
    articles = every if limit is None else every[:limit]
    names = escape_text(strings("findings.list_separator")).join(_partner_name(p, strings.lang) for p in partners)
    parts = [f'<details class="hd-evidence"><summary>{names}'
             f' <small>({escape_text(strings.count("evidence.articles", len(every)))})</small></summary>']
    for article in articles:
        mine = [(sentence, terms, language) for (a, sentence), (terms, language) in quotes.items() if a == article]
        every_term = "; ".join(dict.fromkeys(t.strip() for _, terms, _ in mine for t in terms.split(";") if t.strip()))
        parts.append(source_html(article, every_term, mine[0][2], strings))
        parts.extend(quote_html(sentence, terms, language) for sentence, terms, language in mine)
    if len(every) > len(articles):
        left = len(every) - len(articles)
        if full:
            more = escape_text(strings("budget.quotes", more=left, link="{link}"))
            link = f'<a href="{escape_text(full)}">{escape_text(full.rsplit("/", 1)[-1])}</a>'
            parts.append(f'<p class="hd-more">{more.replace("{link}", link)}</p>')
        else:
            parts.append(f'<p class="hd-more">{escape_text(strings("budget.quotes_unlinked", more=left))}</p>')
    parts.append("</details>")
    return "".join(parts)


def _partner_name(row, lang: str) -> str:
    # The reader's own language first; the other one isolated, so it cannot reorder the line.
    english, persian = escape_text(row["partner_name_en"]), inline_html(row["partner_name_fa"], "fa")
    if lang == "fa":
        return f'{persian} {inline_html(row["partner_name_en"], "en")}'
    return f"{english} {persian}"
