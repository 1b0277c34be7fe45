"""When: each article's year, from its publication date or from explicit dates in its text.

``published`` wins when the corpus gives it (``year_source = "published"``).
Otherwise the year is *inferred* from explicit mentions in the title and text
(``year_source = "inferred"``), with the sentence quoted as evidence. Nothing
is guessed: an article without a usable date has no year.

A number counts as a year only with calendar context:

* a full date: ``1400/01/15``, ``2021-03-20``, ``20/03/2021``;
* a month name next to it: ``۱۵ فروردین ۱۴۰۰``, ``تیر ماه ۱۳۹۹``, ``March 2021``, ``مارس ۲۰۲۱``;
* a year word before it: ``سال ۱۴۰۰``, ``year 2019`` (and ``سال ۹۳`` for 1393:
  two digits after سال are an abbreviated Solar Hijri year, 60-99 -> 13xx, 00-09 -> 14xx);
* a calendar word after it: ``۱۳۹۳ ش``, ``هجری شمسی``, ``خورشیدی``, ``2019 میلادی``, ``AD``;
* in English, a preposition before a Gregorian year (``in 2019``, ``since 2015``)
  unless a counted noun follows (``in 2000 patients``).

and only in a plausible range: Solar Hijri 1300-1420, Gregorian 1900-2100. A
Lunar Hijri year (``۱۴۴۲ قمری``) is not used. A bare number ("40 ambassadors",
"۷ شهروند", "1400 patients") is never a year. A Solar Hijri year spans two
Gregorian years (1 Farvardin falls in March), so ``سال ۱۳۹۳`` gives
2014-2015; a Solar Hijri date with a month gives the exact Gregorian year
(jdatetime). Years after "until/by/تا/افق" are targets, not the article's time.
When the text has several, the latest wins (news reports its newest events),
and among equally late ones the narrowest.

>>> infer_year("", "در سال 1393 وزیر بهداشت با 40 تن از سفرا دیدار کرد.")["year_end"]
2015
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

import jdatetime
import pandas as pd

from .normalize import normalize, split_sentences

YEAR_COLUMNS = ["year_start", "year_end", "year_source", "year_evidence"]
SOLAR_HIJRI_RANGE = (1300, 1420)
GREGORIAN_RANGE = (1900, 2100)

_SH_MONTHS = ["فروردین", "اردیبهشت", "خرداد", "تیر", "مرداد", "شهریور", "مهر", "آبان", "آذر", "دی",
              "بهمن", "اسفند"]
_G_MONTHS_EN = ["january", "february", "march", "april", "may", "june", "july", "august", "september",
                "october", "november", "december"]
_G_MONTHS_FA = ["ژانویه", "فوریه", "مارس", "آوریل", "مه", "ژوئن", "ژوئیه", "اوت", "سپتامبر", "اکتبر",
                "نوامبر", "دسامبر", "جولای", "آگوست", "می"]
_MONTH_ABBREVIATIONS = ["jan", "feb", "mar", "apr", "jun", "jul", "aug", "sep", "sept", "oct", "nov", "dec"]

_Y = r"(?<![\d/.\-])(?P<y>\d{4})(?![\d/\-])"  # four digits, not part of a longer number or a date
_SH_MONTH = "|".join(_SH_MONTHS)
_G_MONTH = "|".join(_G_MONTHS_EN + _MONTH_ABBREVIATIONS + _G_MONTHS_FA)
_PATTERNS = [
    # (kind, regex); group names: y (year), m (month number or name), d (day)
    ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})[/\-.](?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(?P<d>\d{1,2})[/\-.](?P<m>\d{1,2})[/\-.](?P<y>\d{4})(?!\d)")),
    ("sh_month", re.compile(rf"(?:(?<!\d)(?P<d>\d{{1,2}})\s+)?(?<!\w)(?P<m>{_SH_MONTH})(?:\s*ماه)?(?:\s+سال)?\s+{_Y}")),
    ("g_month", re.compile(rf"(?:(?<!\d)(?P<d>\d{{1,2}})\s+)?(?<!\w)(?P<m>{_G_MONTH})\.?(?:\s+(?P<d2>\d{{1,2}}),?)?"
                           rf"(?:\s*ماه)?(?:\s+سال)?\s+{_Y}", re.I)),
    ("year_word", re.compile(rf"(?<!\w)(?:سال|year)\s+{_Y}", re.I)),
    ("year_short", re.compile(r"(?<!\w)سال\s+(?P<short>\d{2})(?![\d/\-])")),
    ("sh_suffix", re.compile(rf"{_Y}\s*(?:هجری\s+شمسی|شمسی|خورشیدی|ه\s*\.?\s*ش\b\.?|ش\b\.?)")),
    ("g_suffix", re.compile(rf"{_Y}\s*(?:میلادی|م\b\.?|AD\b|CE\b|A\.D\.)")),
    ("en_preposition", re.compile(rf"\b(?i:in|since|during|from|of|by|until|till|before|after)\s+{_Y}"
                                  r"(?!\s+(?:[a-z]+s|people|children|staff|personnel|men|women)\b)")),
]
_LUNAR = re.compile(r"^\s*(?:هجری\s+قمری|قمری|ه\s*\.?\s*ق\b|ق\b)")
# A year right after these is a target ("until 2025", "افق ۱۴۰۴"), not when the article happened.
_FUTURE_BEFORE = re.compile(r"(?:\b(?:until|till|by|before)|(?<!\w)(?:تا|افق|چشم\s*انداز))\s+(?:سال\s+)?$",
                            re.I)


@dataclass(frozen=True)
class YearMention:
    """One date found in an article: its Gregorian span, calendar and sentence."""

    year_start: int
    year_end: int
    calendar: str  # "solar_hijri" or "gregorian"
    token: str
    evidence: str
    target: bool = False  # after "until/by/تا": a plan's horizon, not the article's time


def year_mentions(title: str, text: str) -> list[YearMention]:
    """Every date with calendar context in the title and text, in reading order.

    >>> [(m.year_start, m.year_end, m.calendar) for m in year_mentions("", "با تبریک فرارسیدن سال ۱۴۰۰ و ۷ شهروند")]
    [(2021, 2022, 'solar_hijri')]
    >>> year_mentions("", "40 ambassadors met 1400 patients; in 2000 patients")
    []
    """
    sentences = ([title] if title.strip() else []) + [s.text for s in split_sentences(text)]
    found = []
    for sentence in sentences:
        found += _sentence_mentions(sentence)
    return found


_TWO_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]{2}")


def _sentence_mentions(sentence: str) -> list[YearMention]:
    if not _TWO_DIGITS.search(sentence):
        return []  # most sentences hold no number at all: skip the patterns
    text = normalize(sentence)
    taken: list[tuple[int, int]] = []
    mentions: list[tuple[int, YearMention]] = []
    for kind, pattern in _PATTERNS:
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # a more specific pattern already read these digits
            years = _years(kind, match)
            if years is None or _LUNAR.match(text[span[1]:]):
                continue
            taken.append(span)
            year_at = match.start("y") if match.groupdict().get("y") else span[0]
            target = bool(_FUTURE_BEFORE.search(text[:year_at]))
            mentions.append((span[0], YearMention(*years, match.group(0).strip(), sentence, target)))
    return [m for _, m in sorted(mentions, key=lambda pm: pm[0])]


def _years(kind: str, match: re.Match) -> tuple[int, int, str] | None:
    """(start, end, calendar) for one match, or None when it is no plausible year."""
    groups = match.groupdict()
    if kind == "year_short":
        short = int(groups["short"])
        if 60 <= short <= 99:
            return _solar_hijri(1300 + short)
        return _solar_hijri(1400 + short) if short <= 9 else None
    year = int(groups["y"])
    if kind in ("ymd", "dmy"):
        return _dated(year, int(groups["m"]), int(groups["d"]))
    if kind == "sh_month":
        return _solar_hijri(year, _SH_MONTHS.index(groups["m"]) + 1, _int(groups.get("d")))
    if kind in ("g_month", "g_suffix", "en_preposition"):
        return (year, year, "gregorian") if _in(year, GREGORIAN_RANGE) else None
    if kind == "sh_suffix":
        return _solar_hijri(year)
    return _plain(year)  # "سال N" / "year N": the range says which calendar


def _in(year: int, bounds: tuple[int, int]) -> bool:
    return bounds[0] <= year <= bounds[1]


def _int(value: str | None) -> int | None:
    return int(value) if value else None


def _plain(year: int) -> tuple[int, int, str] | None:
    if _in(year, SOLAR_HIJRI_RANGE):
        return _solar_hijri(year)
    return (year, year, "gregorian") if _in(year, GREGORIAN_RANGE) else None


def _dated(year: int, month: int, day: int) -> tuple[int, int, str] | None:
    if _in(year, SOLAR_HIJRI_RANGE):
        return _solar_hijri(year, month, day)
    if _in(year, GREGORIAN_RANGE) and (1 <= month <= 12 or 1 <= day <= 12):
        return year, year, "gregorian"
    return None


def _solar_hijri(year: int, month: int | None = None, day: int | None = None) -> tuple[int, int, str] | None:
    """The Gregorian year(s) a Solar Hijri year, month or day falls in (jdatetime).

    1 Farvardin falls on 20/21 March, so a year spans two Gregorian years; so does Dey.
    """
    if not _in(year, SOLAR_HIJRI_RANGE):
        return None
    try:
        if day is not None and month is not None:
            exact = jdatetime.date(year, month, day).togregorian().year
            return exact, exact, "solar_hijri"
        first, last = ((month, 1), (month, 29)) if month else ((1, 1), (12, 1))
        return (jdatetime.date(year, *first).togregorian().year,
                jdatetime.date(year, *last).togregorian().year, "solar_hijri")
    except ValueError:
        return None  # no such date (month 13, day 32): not a date after all


def published_year(published: object) -> tuple[int, int] | None:
    """The Gregorian year(s) of a publication date: ISO, d/m/Y, or Solar Hijri (``1400/01/15``).

    >>> published_year("2021-03-20T10:00:00Z"), published_year("1400/01/15"), published_year("")
    ((2021, 2021), (2021, 2021), None)
    """
    if published is None or (isinstance(published, float) and published != published):
        return None
    text = normalize(str(published))
    for kind in ("ymd", "dmy"):
        match = dict(_PATTERNS)[kind].search(text)
        if match and (years := _years(kind, match)):
            return years[0], years[1]
    for match in re.finditer(r"(?<!\d)(\d{4})(?!\d)", text):
        if years := _plain(int(match.group(1))):
            return years[0], years[1]
    return None


def infer_year(title: str, text: str, published: object = "") -> dict:
    """The article's year: ``year_start, year_end, year_source, year_evidence``.

    ``year_source`` is "published", "inferred" or "" (no usable date; the years
    are then None). The evidence is the publication date as given, or the
    sentence holding the date.

    >>> infer_year("", "", "2019-05-01")
    {'year_start': 2019, 'year_end': 2019, 'year_source': 'published', 'year_evidence': '2019-05-01'}
    >>> infer_year("", "سال ۱۴۰۰ مبارک")["year_start"], infer_year("", "7 citizens")["year_source"]
    (2021, '')
    """
    years = published_year(published)
    if years:
        return {"year_start": years[0], "year_end": years[1], "year_source": "published",
                "year_evidence": str(published).strip()}
    usable = [m for m in year_mentions(title, text) if not m.target]
    if not usable:
        return {"year_start": None, "year_end": None, "year_source": "", "year_evidence": ""}
    best = max(usable, key=lambda m: (m.year_start, -(m.year_end - m.year_start), m.year_end))
    return {"year_start": best.year_start, "year_end": best.year_end, "year_source": "inferred",
            "year_evidence": best.evidence}


def year_label(start: object, end: object) -> str:
    """"2021", "2014/2015", or "undated".

    >>> year_label(2014, 2015), year_label(2021, 2021), year_label(None, None)
    ('2014/2015', '2021', 'undated')
    """
    if start is None or pd.isna(start):
        return "undated"
    return str(int(start)) if start == end else f"{int(start)}/{int(end)}"


def article_years(articles: pd.DataFrame | Iterable[Mapping]) -> pd.DataFrame:
    """One row per article: ``article_id`` and :data:`YEAR_COLUMNS` (years as nullable ints).

    >>> article_years([{"article_id": "a", "title": "", "text": "in 2019, Iran sent aid"}]).to_dict("records")
    [{'article_id': 'a', 'year_start': 2019, 'year_end': 2019, 'year_source': 'inferred', 'year_evidence': 'in 2019, Iran sent aid'}]
    """
    records = articles.to_dict("records") if isinstance(articles, pd.DataFrame) else list(articles)
    rows = [{"article_id": str(a.get("article_id", "")),
             **infer_year(str(a.get("title") or ""), str(a.get("text") or ""), a.get("published", ""))}
            for a in records]
    frame = pd.DataFrame(rows, columns=["article_id", *YEAR_COLUMNS])
    return frame.astype({"year_start": "Int64", "year_end": "Int64"})


# --- the timeline ------------------------------------------------------------------------------


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


def timeline_chart(links: pd.DataFrame, years: pd.DataFrame, lang: str = "en"):
    """Bars of (article, partner) links per year, published and inferred years apart.

    Returns ``(figure, data)`` like :mod:`healthdiplomacy.charts`; ``data`` is
    :func:`timeline_table`. Inferred years are hatched and said so in the legend;
    the Persian edition runs right to left, in Persian digits.

    >>> links = pd.DataFrame({"article_id": ["a"], "partner_id": ["AZ"]})
    >>> fig, data = timeline_chart(links, article_years([{"article_id": "a", "text": "year 2020"}]))
    >>> data["year_label"].tolist()
    ['2020']
    """
    from matplotlib.figure import Figure

    from .charts import _style
    from .i18n import Strings

    strings = Strings(lang)
    table = timeline_table(links, years)
    labels = list(dict.fromkeys(table["year_label"]))
    with _style():
        fig = Figure(figsize=(max(5.0, 1.2 + 0.9 * len(labels)), 3.8), layout="constrained")
        ax = fig.add_subplot()
        _stacked_bars(ax, table, labels)
        ax.set_xticks(range(len(labels)), [_shown_year(lb, strings) for lb in labels])
        ax.yaxis.get_major_locator().set_params(integer=True)
        ax.set_ylabel(_shown(strings("stages.charts.timeline.ylabel")))
        ax.set_title(_shown(strings("stages.charts.timeline.title")), fontsize=10)
        _timeline_legend(ax, table, strings)
        if strings.dir == "rtl":
            from .charts import _digits, _right_to_left

            ax.invert_xaxis()  # the earliest year on the right, where a Persian reader starts
            ax.yaxis.set_major_formatter(_digits(lang))
            ax.yaxis.set_label_position("right")
            _right_to_left(ax)
    return fig, table


_SOURCE_STYLES = {"published": ("#2b6f8a", ""), "inferred": ("#9cc3d5", "///"), "": ("#bbbbbb", "")}


def _stacked_bars(ax, table: pd.DataFrame, labels: list[str]) -> None:
    bottom = [0] * len(labels)
    for source, (color, hatch) in _SOURCE_STYLES.items():
        counts = [int(table.loc[(table.year_label == lb) & (table.year_source == source), "links"].sum())
                  for lb in labels]
        if any(counts):
            ax.bar(range(len(labels)), counts, bottom=bottom, color=color, hatch=hatch, edgecolor="white")
            bottom = [b + c for b, c in zip(bottom, counts)]


def _timeline_legend(ax, table: pd.DataFrame, strings) -> None:
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=color, hatch=hatch, edgecolor="white",
                     label=_shown(strings(f"stages.sources.{source or 'none'}")))
               for source, (color, hatch) in _SOURCE_STYLES.items() if (table.year_source == source).any()]
    if handles:
        ax.legend(handles=handles, frameon=False, fontsize=9)


def _shown_year(label: str, strings) -> str:
    return _shown(strings("stages.undated")) if label == "undated" else strings.digits(label)


def _shown(text: str) -> str:
    from .shaping import display_text

    return display_text(text)


def year_table(years: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """:func:`article_years` for reading in the ``lang`` edition: one ``year`` label per article
    ("2014/2015", "undated"), the source in words, headers from the i18n files.

    >>> year_table(article_years([{"article_id": "a", "text": "سال ۱۳۹۳"}])).values.tolist()
    [['a', '2014/2015', 'year inferred from the text', 'سال ۱۳۹۳']]
    """
    from .i18n import Strings

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
    """:func:`year_table` as an escaped HTML table (:mod:`healthdiplomacy.htmlsafe`), with each
    inferred year's sentence quoted in its own direction and the date that gave the year marked.

    ``languages`` maps article ids to their language (the corpus's ``language``
    column); an article missing from it has its sentence's language detected.
    A publication date is shown as given, not as a quote.

    >>> years = article_years([{"article_id": "a", "text": "در سال ۱۳۹۳ <b>دیدار</b> شد"}])
    >>> page = year_html(years, "fa")
    >>> "<mark>سال ۱۳۹۳</mark>" in page, "&lt;b&gt;" in page, '<blockquote class="hd-quote" dir="rtl"' in page
    (True, True, True)
    """
    from .htmlsafe import EVIDENCE_CSS, escape_text, inline_html, quote_html
    from .i18n import Strings
    from .language import detect_language

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
            dates = [m.token for m in year_mentions("", evidence)]
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
