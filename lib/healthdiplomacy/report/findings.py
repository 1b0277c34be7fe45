"""The report's first screen: the findings (:mod:`healthdiplomacy.results.findings`) written
as sentences in the edition's language, and the table of contents that follows them.

Every name and number is escaped and isolated (a Persian name cannot flip the English
sentence around it); the sentences are templates in the i18n files (``findings.*``).
"""

from __future__ import annotations

import html
import re

import pandas as pd

from ..results.filters import Filters
from ..results.findings import Findings
from ..results.tables import label, partner_names, theme_names
from ..results.validation import load_accuracy
from .html import escape_text, inline_html
from .i18n import Strings

TOC_PLACEHOLDER = '<nav class="hd-toc" id="contents"></nav>'
# A section heading as nbconvert writes it: <h2 id="...">Text<a class="anchor-link" ...>¶</a></h2>
_HEADING = re.compile(r'<h2 id="([^"]+)">(.*?)(?:<a class="anchor-link"[^>]*>[^<]*</a>)?</h2>', re.S)


def findings_html(found: Findings, lang: str = "en", accuracy: pd.DataFrame | None = None,
                  filters: Filters | None = None, corrections: pd.DataFrame | None = None) -> str:
    """The findings as a ``<section id="findings">`` of short paragraphs, then the place the
    table of contents goes (:func:`with_contents` fills it in the finished page).

    ``accuracy`` is the measured-accuracy table (default: the shipped one); the caveat
    quotes its held-out row. ``filters`` (those the tables were narrowed by) are stated
    first, "none" included, then how many of the analyst's ``corrections`` (the applied table
    of :meth:`~healthdiplomacy.results.processed.CodedCorpus.corrected`) were applied.

    >>> from healthdiplomacy.results.findings import findings
    >>> from healthdiplomacy.results.tables import example_articles, example_links
    >>> links = example_links().assign(article_id=["f1", "f1", "e1", "e1", "f2"])
    >>> page = findings_html(findings(example_articles(), links))
    >>> 'id="findings-corpus"' in page, "Azerbaijan" in page, 'id="contents"' in page
    (True, True, True)
    >>> "آذربایجان" in findings_html(findings(example_articles(), links), "fa")
    True
    """
    s = Strings(lang)
    parts = [_paragraph("filter", _filter_sentence(filters or Filters(), s, found))]
    if corrections is not None:
        applied = int((corrections["status"] == "applied").sum()) if len(corrections) else 0
        parts.append(_paragraph("corrections", escape_text(s("findings.corrected", applied=applied,
                                                              given=len(corrections)))))
    parts += [_paragraph("corpus", _corpus_sentence(found, s)),
              _paragraph("partners", _ranked_sentence(s, "partners", found.partners, "partner_id",
                                                      "partner_name_en", "partner_name_fa", found.linked)),
              _paragraph("themes", _ranked_sentence(s, "themes", found.themes, "theme_id",
                                                    "label_en", "label_fa", found.linked)),
              _paragraph("change", _change_sentence(found, s)),
              _paragraph("caveat", _caveat_sentence(s, load_accuracy() if accuracy is None else accuracy))]
    return (f'<section class="hd-findings" id="findings" dir="{s.dir}" lang="{lang}">'
            f'<h2 id="findings-title">{escape_text(s("findings.title"))}</h2>{"".join(parts)}</section>'
            f"{TOC_PLACEHOLDER}")


def with_contents(page: str, lang: str = "en") -> str:
    """``page`` with its table of contents: a link to every section (``<h2>``) after the
    findings, put where :func:`findings_html` left its place (a page without one is returned
    as it is).

    >>> page = TOC_PLACEHOLDER + '<h2 id="A-b">A b<a class="anchor-link" href="#A-b">¶</a></h2>'
    >>> with_contents(page)
    '<nav class="hd-toc" id="contents"><h2>Contents</h2><ul><li><a href="#A-b">A b</a></li></ul></nav><h2 id="A-b">A b<a class="anchor-link" href="#A-b">¶</a></h2>'
    """
    if TOC_PLACEHOLDER not in page:
        return page
    after = page.split(TOC_PLACEHOLDER, 1)[1]
    items = [f'<li><a href="#{anchor}">{escape_text(_text(title))}</a></li>'
             for anchor, title in _HEADING.findall(after)]
    nav = (f'<nav class="hd-toc" id="contents"><h2>{escape_text(Strings(lang)("findings.contents"))}</h2>'
           f'<ul>{"".join(items)}</ul></nav>')
    return page.replace(TOC_PLACEHOLDER, nav, 1)


# --- the sentences ------------------------------------------------------------------


def _filter_sentence(filters: Filters, s: Strings, found: Findings) -> str:
    if not filters:
        return escape_text(s("findings.unfiltered"))
    parts = []
    if filters.since is not None or filters.until is not None:
        if filters.since is not None and filters.until is not None:
            years = _years(s, filters.since, filters.until)
        else:
            key = "findings.filter_since" if filters.since is not None else "findings.filter_until"
            years = s(key, year=s.digits(str(filters.since if filters.since is not None else filters.until)))
        parts.append(escape_text(s("findings.filter_years", years=years)))
    names = {("partners", k.lower()): v for k, v in partner_names(s.lang).items()}
    names.update({("themes", k.lower()): v for k, v in theme_names(s.lang).items()})
    for kind, values in (("partners", filters.partners), ("themes", filters.themes),
                         ("languages", filters.languages), ("sources", filters.sources)):
        if values:
            shown = []
            for value in values:  # each isolated: a Persian name cannot reorder the sentence around it
                if kind == "languages":
                    shown.append(escape_text(s.get(f"findings.language.{value}", value)))
                else:
                    text = names.get((kind, value.lower()), value)
                    shown.append(inline_html(text))  # (dir="auto": the name's own script decides)
            parts.append(escape_text(s(f"findings.filter_{kind}", values="{values}")).replace(
                "{values}", escape_text(s("findings.list_separator")).join(shown)))
    return escape_text(s("findings.filtered", parts="{parts}")).replace(
        "{parts}", escape_text(s("findings.filter_separator")).join(parts))


def _corpus_sentence(found: Findings, s: Strings) -> str:
    languages = s("findings.list_separator").join(
        f"{escape_text(s.get(f'findings.language.{code}', code))} {s.number(n)}" for code, n in found.languages.items())
    if found.first_year is None:
        period = escape_text(s("findings.undated"))
    elif found.first_year == found.last_year:
        period = escape_text(s("findings.one_year", year=s.digits(str(found.first_year)), dated=found.dated))
    else:
        period = escape_text(s("findings.period", years=_years(s, found.first_year, found.last_year),
                               dated=found.dated))
    text = escape_text(s("findings.corpus", articles=found.articles, sources=s.count("findings.sources", found.sources),
                         languages="{languages}", period="{period}"))
    text = text.replace("{languages}", languages).replace("{period}", period)
    if found.duplicates:
        text += " " + escape_text(s("findings.duplicates", n=found.duplicates))
    return text


def _ranked_sentence(s: Strings, kind: str, table: pd.DataFrame, id_column: str, en: str, fa: str,
                     linked: int) -> str:
    if not len(table):
        return escape_text(s(f"findings.no_{kind}"))
    names = [f"<strong>{inline_html(label(row[en], row[fa], s.lang) or row[id_column], _name_lang(row, en, fa, s.lang))}"
             f"</strong> ({escape_text(events_and_articles(s, int(row['events']), int(row['articles'])))})"
             for _, row in table.iterrows()]
    return escape_text(s(f"findings.{kind}", linked=linked, names="{names}")).replace(
        "{names}", s("findings.list_separator").join(names))


def _change_sentence(found: Findings, s: Strings) -> str:
    if found.halves is None:
        return escape_text(s("findings.no_change", dated=found.dated, articles=found.articles))
    (a, b), (c, d) = found.halves
    span = {"first": _years(s, a, b), "second": _years(s, c, d)}
    if not len(found.change):
        return escape_text(s("findings.steady", **span))
    pieces = []
    for _, row in found.change.iterrows():
        name = inline_html(label(row["name_en"], row["name_fa"], s.lang) or row["id"],
                           "fa" if s.lang == "fa" and str(row["name_fa"]).strip() else "en")
        key = "findings.rose" if row["change"] > 0 else "findings.fell"
        pieces.append(escape_text(s(key, name="{name}", before=int(row["first"]),
                                    counted=s.count("evidence.events", int(row["second"]))))
                      .replace("{name}", f"<strong>{name}</strong>"))
    return escape_text(s("findings.change", **span)) + " " + s("findings.list_separator").join(pieces) + "."


def events_and_articles(s: Strings, events: int, articles: int) -> str:
    """"3 events, 5 articles": a count of events with its articles beside, in the edition's words.

    >>> events_and_articles(Strings("en"), 1, 2), events_and_articles(Strings("fa"), 1, 2)
    ('1 event, 2 articles', '۱ رویداد، ۲ مقاله')
    """
    return s("evidence.events_articles", events=s.count("evidence.events", events),
             articles=s.count("evidence.articles", articles))


def _caveat_sentence(s: Strings, accuracy: pd.DataFrame) -> str:
    held = accuracy[accuracy["role"] == "held_out"]
    if not len(held):
        return escape_text(s("findings.caveat_unmeasured"))
    # Every held-out set, as a range: one set's figure would hide how much it depends on the news
    # (ordinary reports against articles crowded with other countries' dealings).
    text = escape_text(s("findings.caveat", articles=int(held["articles"].astype(int).sum()),
                         partner_score=_score_range(s, held["partner_f1"]),
                         link_score=_score_range(s, held["triple_f1"])))
    return f'{text} <a href="#trust-accuracy">{escape_text(s("findings.caveat_link"))}</a>'


def _score_range(s: Strings, scores: pd.Series) -> str:
    """"0.58–0.89" (one number when the sets agree), in the edition's digits and words.

    >>> _score_range(Strings("en"), pd.Series(["0.89", "0.58"])), _score_range(Strings("fa"), pd.Series(["0.5"]))
    ('0.58–0.89', '۰٫۵۰')
    """
    low, high = (s.number(float(v), 2) for v in (scores.astype(float).min(), scores.astype(float).max()))
    return low if low == high else s("findings.range", first=low, last=high)


def _years(s: Strings, first: int, last: int) -> str:
    # In Persian "۲۰۱۴–۲۰۲۱" would show its years swapped (the dash takes the paragraph's
    # direction): the range is written with words there ("findings.range").
    if first == last:
        return s.digits(str(first))
    return s("findings.range", first=s.digits(str(first)), last=s.digits(str(last)))


def _paragraph(name: str, body: str) -> str:
    return f'<p class="hd-finding" id="findings-{name}">{body}</p>'


def _name_lang(row, en: str, fa: str, lang: str) -> str:
    persian = row[fa]
    return "fa" if lang == "fa" and isinstance(persian, str) and persian.strip() else "en"


def _text(fragment: str) -> str:
    return html.unescape(re.sub(r"<[^>]+>", "", fragment)).strip()
