"""Years for a reader: links per year as a chart, and each article's year with the sentence it
was read from, labelled for one edition.
"""
from __future__ import annotations

from collections.abc import Mapping

import pandas as pd
from matplotlib.figure import Figure
from matplotlib.patches import Patch

from ..coding.years import year_label, year_mentions_in
from ..results.tables import label, theme_codebook
from ..results.years import by_year_table, timeline_table
from ..text.language import detect_language
from ..text.shaping import display_text
from .charts import chart_style, digit_formatter, right_to_left
from .html import EVIDENCE_CSS, escape_text, inline_html, quote_html
from .i18n import Strings


def timeline_chart(links: pd.DataFrame, years: pd.DataFrame, lang: str = "en"):
    """Bars of events per year, published and inferred years apart.

    Returns ``(figure, data)`` like :mod:`healthdiplomacy.report.charts`; ``data`` is
    :func:`timeline_table` (events, with the articles and (article, partner) links beside
    them). Inferred years are hatched and said so in the legend; the Persian edition runs
    right to left, in Persian digits.

    >>> from healthdiplomacy.results.years import article_years
    >>> links = pd.DataFrame({"article_id": ["a"], "partner_id": ["AZ"]})
    >>> fig, data = timeline_chart(links, article_years([{"article_id": "a", "text": "year 2020"}]))
    >>> data["year_label"].tolist()
    ['2020']
    """
    strings = Strings(lang)
    table = timeline_table(links, years)
    labels = list(dict.fromkeys(table["year_label"]))
    with chart_style():
        fig = Figure(figsize=(max(5.0, 1.2 + 0.9 * len(labels)), 3.8), layout="constrained")
        ax = fig.add_subplot()
        _stacked_bars(ax, table, labels)
        ax.set_xticks(range(len(labels)), [_shown_year(lb, strings) for lb in labels])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(display_text(strings("stages.charts.timeline.ylabel")))
        ax.set_title(display_text(strings("stages.charts.timeline.title")), fontsize=10)
        _timeline_legend(ax, table, strings)
        if strings.dir == "rtl":
            ax.invert_xaxis()  # the earliest year on the right, where a Persian reader starts
            ax.yaxis.set_major_formatter(digit_formatter(lang))
            ax.yaxis.set_label_position("right")
            right_to_left(ax)
    return fig, table


_SOURCE_STYLES = {"published": ("#2b6f8a", ""), "inferred": ("#9cc3d5", "///"), "": ("#bbbbbb", "")}


def _stacked_bars(ax, table: pd.DataFrame, labels: list[str]) -> None:
    bottom = [0] * len(labels)
    for source, (color, hatch) in _SOURCE_STYLES.items():
        counts = [int(table.loc[(table.year_label == lb) & (table.year_source == source), "events"].sum())
                  for lb in labels]
        if any(counts):
            ax.bar(range(len(labels)), counts, bottom=bottom, color=color, hatch=hatch, edgecolor="white")
            bottom = [b + c for b, c in zip(bottom, counts)]


def _timeline_legend(ax, table: pd.DataFrame, strings) -> None:
    handles = [Patch(facecolor=color, hatch=hatch, edgecolor="white",
                     label=display_text(strings(f"stages.sources.{source or 'none'}")))
               for source, (color, hatch) in _SOURCE_STYLES.items() if (table.year_source == source).any()]
    if handles:
        ax.legend(handles=handles, frameon=False, fontsize=9)


def _shown_year(label: str, strings) -> str:
    return display_text(strings("stages.undated")) if label == "undated" else strings.digits(label)


def year_table(years: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`article_years` for reading in the ``lang`` edition: one ``year`` label per article
    ("2014/2015", "undated"), the source in words, headers from the i18n files.

    >>> from healthdiplomacy.results.years import article_years
    >>> year_table(article_years([{"article_id": "a", "text": "سال ۱۳۹۳"}])).values.tolist()
    [['a', '2014/2015', 'year inferred from the text', 'سال ۱۳۹۳']]
    """
    strings = Strings(lang)
    out = pd.DataFrame({
        "article_id": years["article_id"],
        "year": [_year_words(year_label(s, e), strings) for s, e in zip(years["year_start"], years["year_end"])],
        "year_source": [strings(f"stages.sources.{v or 'none'}") for v in years["year_source"]],
        "year_evidence": years["year_evidence"],
    }).sort_values("article_id").reset_index(drop=True)
    return out.rename(columns={c: strings(f"stages.columns.{c}") for c in out.columns})


def _year_words(label: str, strings) -> str:
    return strings("stages.undated") if label == "undated" else strings.digits(label)


def year_html(years: pd.DataFrame, lang: str = "en", languages: Mapping[str, str] | None = None) -> str:
    """:func:`year_table` as an escaped HTML table (:mod:`healthdiplomacy.report.html`), with each
    inferred year's sentence quoted in its own direction and the date that gave the year marked.

    ``languages`` maps article ids to their language (the corpus's ``language``
    column); an article missing from it has its sentence's language detected.
    A publication date is shown as given, not as a quote.

    >>> from healthdiplomacy.results.years import article_years
    >>> years = article_years([{"article_id": "a", "text": "در سال ۱۳۹۳ <b>دیدار</b> شد"}])
    >>> page = year_html(years, "fa")
    >>> "<mark>سال ۱۳۹۳</mark>" in page, "&lt;b&gt;" in page, '<blockquote class="hd-quote" dir="rtl"' in page
    (True, True, True)
    """
    strings = Strings(lang)
    languages = dict(languages) if languages is not None else {}
    columns = ["article_id", "year", "year_source", "year_evidence"]
    head = "".join(f"<th>{escape_text(strings(f'stages.columns.{c}'))}</th>" for c in columns)
    rows = []
    for row in years.sort_values("article_id", kind="stable").itertuples(index=False):
        source = row.year_source if isinstance(row.year_source, str) else ""  # NaN: no date
        evidence = row.year_evidence if isinstance(row.year_evidence, str) else ""
        if source == "inferred" and evidence:
            language = languages.get(row.article_id) or detect_language(evidence)
            dates = [m.token for m in year_mentions_in([evidence])]
            evidence_cell = quote_html(evidence, dates, language)
        else:
            evidence_cell = inline_html(evidence) if evidence else ""
        source_words = strings(f"stages.sources.{source or 'none'}")
        cells = [f'<td dir="auto">{escape_text(row.article_id)}</td>',
                 f"<td>{escape_text(_year_words(year_label(row.year_start, row.year_end), strings))}</td>",
                 f"<td>{escape_text(source_words)}</td>",
                 f"<td>{evidence_cell}</td>"]
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<style>{EVIDENCE_CSS}</style><table class="hd-table hd-years"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


def by_year_html(links: pd.DataFrame, years: pd.DataFrame, lang: str = "en", column: str = "theme_id",
                 themes: pd.DataFrame | None = None, top: int = 8) -> str:
    """:func:`~healthdiplomacy.results.years.by_year_table` for the ``lang`` edition: themes or
    partners by name, every year of the period a row, a gap year's counts left empty.

    >>> links = pd.DataFrame({"article_id": ["a", "b"], "partner_id": ["IQ", "IQ"],
    ...                       "partner_name_en": ["Iraq"] * 2, "partner_name_fa": ["عراق"] * 2,
    ...                       "theme_id": ["medicine", "medicine"]})
    >>> years = pd.DataFrame({"article_id": ["a", "b"], "year_start": [2018, 2020],
    ...                       "year_source": ["published", "inferred"]})
    >>> page = by_year_html(links, years, "fa", "partner_id")
    >>> "<th>عراق: رویدادها</th>" in page, '<td dir="auto">۲۰۱۹</td><td>۰</td><td>۰</td><td>۰</td><td></td>' in page
    (True, True)
    """
    if column == "theme_id":
        book = theme_codebook(themes)
        names = dict(zip(book["theme_id"], book["label_fa" if lang == "fa" else "label_en"]))
    else:
        named = links.drop_duplicates("partner_id")
        names = {pid: label(en, fa, lang) or pid
                 for pid, en, fa in zip(named["partner_id"], named["partner_name_en"], named["partner_name_fa"])}
    return year_counts_html(by_year_table(links, years, column, top, {k: v for k, v in names.items() if v}), lang)


def year_counts_html(table: pd.DataFrame, lang: str = "en") -> str:
    """A :func:`~healthdiplomacy.results.years.by_year_table` (its value columns already named) as
    an escaped table for the ``lang`` edition: years and counts in the edition's digits, every
    count's heading saying what it counts (the value columns count events, the basis columns
    articles), a gap year's counts empty; a sentence when no article is dated.

    >>> table = pd.DataFrame({"year": [2020, 2021], "events": [1, 0], "published": [1, 0], "inferred": [0, 0],
    ...                       "Medicine": pd.array([1, None], dtype="Int64")})
    >>> year_counts_html(table, "fa").count("<td></td>"), "<th>Medicine: events</th>" in year_counts_html(table)
    (1, True)
    >>> "<th>مقاله‌ها (سال انتشار)</th>" in year_counts_html(table, "fa")
    True
    >>> year_counts_html(table.iloc[:0])
    '<p>No linked article carries a year.</p>'
    """
    strings = Strings(lang)
    if not len(table):
        return f"<p>{escape_text(strings('stages.by_year_empty'))}</p>"
    table = table.assign(year=[strings.digits(str(y)) for y in table["year"]])
    basis = {"year": strings("stages.columns.year"), **{c: strings(f"stages.by_year_columns.{c}")
                                                        for c in ("events", "published", "inferred")}}
    table = table.rename(columns={c: basis.get(c) or strings("stages.by_year_columns.value", name=c)
                                  for c in table.columns})
    return strings.table(table)
