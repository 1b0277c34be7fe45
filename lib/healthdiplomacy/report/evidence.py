"""Evidence for a reader: quoted sentences grouped by theme and partner, and the
disagreements with the reference labels, built from :mod:`healthdiplomacy.report.html`'s
escaped pieces and worded in the edition's language.
"""
from __future__ import annotations

import pandas as pd

from .html import EVIDENCE_CSS, escape_text, inline_html, quote_html
from .i18n import Strings


def evidence_html(evidence: pd.DataFrame, lang: str = "en") -> str:
    """Quoted evidence grouped by theme and partner, as an HTML fragment.

    ``evidence`` is :func:`healthdiplomacy.results.tables.evidence_table` output. Each
    theme gets a heading (its ``theme_label``); each of its partners a
    ``<details>`` block holding, per article, its sentences as
    :func:`quote_html` quotes with the matched terms highlighted. The words
    around the quotes are in the edition's language ``lang``.

    >>> from healthdiplomacy.results.tables import evidence_table, example_links, example_themes
    >>> page = evidence_html(evidence_table(example_links(), example_themes()))
    >>> page.count("<blockquote"), page.count("<mark>") > 0
    (4, True)
    >>> "۲ مقاله" in evidence_html(evidence_table(example_links(), example_themes()), "fa")
    True
    """
    strings = Strings(lang)
    parts = [f"<style>{EVIDENCE_CSS}</style>"]
    for _, theme in evidence.groupby("theme_id", sort=False):
        parts.append(f'<h4 class="hd-theme">{escape_text(theme.iloc[0]["theme_label"])}</h4>')
        for _, cell in theme.groupby("partner_id", sort=False):
            parts.append(_evidence_cell(cell, strings))
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


def _evidence_cell(cell: pd.DataFrame, strings: Strings) -> str:
    """One theme x partner cell: a <details> (readable without JavaScript) of quotes."""
    first, count = cell.iloc[0], len(cell)
    parts = ['<details class="hd-evidence"><summary>'
             f'{_partner_name(first, strings.lang)}'
             f' <small>({escape_text(strings.count("evidence.articles", count))})</small></summary>']
    for row in cell.itertuples(index=False):
        parts.append(source_html(row.article_id, row.terms, row.language, strings))
        parts.extend(quote_html(s, row.terms, row.language)
                     for s in str(row.evidence).split("\n") if s.strip())
    parts.append("</details>")
    return "".join(parts)


def _partner_name(row, lang: str) -> str:
    # The reader's own language first; the other one isolated, so it cannot reorder the line.
    english, persian = escape_text(row["partner_name_en"]), inline_html(row["partner_name_fa"], "fa")
    if lang == "fa":
        return f'{persian} {inline_html(row["partner_name_en"], "en")}'
    return f"{english} {persian}"
