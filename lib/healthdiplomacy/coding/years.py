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

A mention also keeps the month and day it states, in its calendar (``YearMention.iso``:
the Gregorian day), so that :mod:`healthdiplomacy.coding.dates` reads the day the text
states from the same scan. The month names are data (``data/date_terms.csv``).

>>> infer_year("", "در سال 1393 وزیر بهداشت با 40 تن از سفرا دیدار کرد.")["year_end"]
2015
"""
from __future__ import annotations

import re
from collections.abc import Sequence
from dataclasses import dataclass

import datetime as dt

import jdatetime
import pandas as pd

from ..text.normalize import case_folded, normalize
from ..text.sentences import article_sentences
from .calendars import default_date_terms, gregorian_day


YEAR_FIELDS = ["year_start", "year_end", "year_source", "year_evidence"]  # what infer_year gives


SOLAR_HIJRI_RANGE = (1300, 1420)


GREGORIAN_RANGE = (1900, 2100)


_TERMS = default_date_terms()  # the month names: data/date_terms.csv


_Y = r"(?<![\d/.\-])(?P<y>\d{4})(?![\d/\-])"  # four digits, not part of a longer number or a date


_SH_MONTH = "|".join(map(re.escape, _TERMS.names("solar_hijri")))


_G_MONTH = "|".join(map(re.escape, _TERMS.names("gregorian")))


_MAH = "(?:[\\s\u200c]*ماه)?"  # «اردیبهشت ماه», «اردیبهشت‌ماه» (ZWNJ) and «اردیبهشتماه»


_ORDINAL = "(?:st|nd|rd|th)?"  # "12th May", "May 12th"


_PATTERNS = [
    # (kind, regex); group names: y (year), m (month number or name), d (day)
    ("ymd", re.compile(r"(?<!\d)(?P<y>\d{4})[/\-.](?P<m>\d{1,2})[/\-.](?P<d>\d{1,2})(?!\d)")),
    ("dmy", re.compile(r"(?<!\d)(?P<d>\d{1,2})[/\-.](?P<m>\d{1,2})[/\-.](?P<y>\d{4})(?!\d)")),
    ("sh_month", re.compile(rf"(?:(?<![\d/.:])(?P<d>\d{{1,2}})\s+)?(?<!\w)(?P<m>{_SH_MONTH}){_MAH}(?:\s+سال)?\s+{_Y}")),
    ("g_month", re.compile(rf"(?:(?<![\d/.:])(?P<d>\d{{1,2}}){_ORDINAL}\s+(?:of\s+)?)?(?<!\w)(?P<m>{_G_MONTH})\.?"
                           rf"(?:\s+(?P<d2>\d{{1,2}}){_ORDINAL},?)?{_MAH}(?:\s+سال)?\s+{_Y}", re.I)),
    ("year_word", re.compile(rf"(?<!\w)(?:سال|year)\s+{_Y}", re.I)),
    ("year_short", re.compile(r"(?<!\w)سال\s+(?P<short>\d{2})(?![\d/\-])")),
    ("sh_suffix", re.compile(rf"{_Y}\s*(?:هجری\s+شمسی|شمسی|خورشیدی|ه\s*\.?\s*ش\b\.?|ش\b\.?)")),
    ("g_suffix", re.compile(rf"{_Y}\s*(?:میلادی|م\b\.?|AD\b|CE\b|A\.D\.)")),
    ("en_preposition", re.compile(rf"\b(?i:in|since|during|from|of|by|until|till|before|after)\s+{_Y}"
                                  r"(?!\s+(?:[a-z]+s|people|children|staff|personnel|men|women)\b)")),
]


_PATTERN_OF = dict(_PATTERNS)


_LUNAR = re.compile(r"^\s*(?:هجری\s+قمری|قمری|ه\s*\.?\s*ق\b|ق\b)")


# A year right after these is a target ("until 2025", "افق ۱۴۰۴"), not when the article happened.
_FUTURE_BEFORE = re.compile(r"(?:\b(?:until|till|by|before)|(?<!\w)(?:تا|افق|چشم\s*انداز))\s+(?:سال\s+)?$",
                            re.I)


def is_target(before: str) -> bool:
    """Whether a date after this text is a target ("until", "by", «تا», «افق»), not when
    the article happened.

    >>> is_target("a plan until "), is_target("برنامه تا سال "), is_target("signed in ")
    (True, True, False)
    """
    return bool(_FUTURE_BEFORE.search(before))


@dataclass(frozen=True)
class YearMention:
    """One date found in an article: its Gregorian span, calendar and sentence."""

    year_start: int
    year_end: int
    calendar: str  # "solar_hijri" or "gregorian"
    token: str
    evidence: str
    target: bool = False  # after "until/by/تا": a plan's horizon, not the article's time
    sentence: int = 0  # the index of its sentence (the title first, when there is one)
    written: int = 0  # the year as written, in its calendar (1393 for «سال ۹۳»)
    month: int = 0  # the month and day in that calendar, when stated (0: not stated, or
    day: int = 0  # a numeric date whose day/month order is ambiguous: "05/06/2024")
    position: int = 0  # where it starts in its (normalized) sentence

    @property
    def iso(self) -> str | None:
        """The Gregorian day (ISO) of a mention that states month and day, else None.

        >>> [m.iso for m in year_mentions("", "On May 12, 2024 and 05/06/2024 and ۲۲ اردیبهشت‌ماه ۱۴۰۳")]
        ['2024-05-12', None, '2024-05-11']
        """
        return gregorian_day(self.calendar, self.written, self.month, self.day) if self.day else None


def year_mentions(title: str, text: str) -> list[YearMention]:
    """Every date with calendar context in the title and text, in reading order.

    >>> [(m.year_start, m.year_end, m.calendar) for m in year_mentions("", "با تبریک فرارسیدن سال ۱۴۰۰ و ۷ شهروند")]
    [(2021, 2022, 'solar_hijri')]
    >>> year_mentions("", "40 ambassadors met 1400 patients; in 2000 patients")
    []
    """
    return year_mentions_in([s.text for s in article_sentences(title, text)])


def year_mentions_in(sentences: Sequence[str], normalized: Sequence[str] | None = None) -> list[YearMention]:
    """:func:`year_mentions` of sentences already split; ``normalized`` holds them
    normalized (:func:`~healthdiplomacy.text.normalize.normalize`), when the caller has
    done so already (the tagger has: an article is normalized once).

    >>> [(m.sentence, m.token) for m in year_mentions_in(["Iran.", "In 2019 Iraq bought vaccines."])]
    [(1, 'In 2019')]
    """
    found = []
    for index, sentence in enumerate(sentences):
        if _TWO_DIGITS.search(sentence):  # most sentences hold no number at all: skip the patterns
            text = normalized[index] if normalized is not None else normalize(sentence)
            found += _sentence_mentions(sentence, text, index)
    return found


_TWO_DIGITS = re.compile(r"[0-9\u06f0-\u06f9\u0660-\u0669]{2}")


# Four digits in a row: every pattern but year_short reads a year so written (year_short
# needs «سال»). Most sentences with a number hold no year: they skip those patterns.
_FOUR_DIGITS = re.compile(r"\d{4}")


# What a pattern's match must hold, without its look-arounds and optional parts: a search that
# starts with a character (class) or words, which the regex engine skips ahead to, where a pattern
# opening with a look-behind or an optional part is tried at every position. Most sentences with a
# year hold none of them (a year after «سال», "in" or a month): they skip the pattern. (The month
# patterns' hints say more than the month names alone, which occur inside Persian words: «دی».)
_NUMERIC_DATE_HINT = re.compile(r"\d[/\-.]\d")  # a number, a separator, a number
_HINTS = {
    "ymd": _NUMERIC_DATE_HINT,  # the year, a separator, the month
    "dmy": _NUMERIC_DATE_HINT,  # the day, a separator, the month
    "sh_month": re.compile(rf"(?:{_SH_MONTH}){_MAH}(?:\s+سال)?\s+\d{{4}}"),
    "sh_suffix": re.compile(r"\d\s*[هشخ]"),  # the year, then هجری، شمسی، خورشیدی، ه ش، ش
    "g_suffix": re.compile(r"\d\s*[مAC]"),  # the year, then میلادی، م، AD, CE, A.D.
    # the last letter of in, since, during, from, of, by, until, till, before, after (either case)
    "en_preposition": re.compile(r"[nNeEgGmMfFyYlLrR]\s+\d{4}"),
}
# The Gregorian month pattern ignores case: its hint is searched in the case-folded text (see
# case_folded), with the month names and ordinals folded.
_G_MONTH_HINT_FOLDED = re.compile(
    "(?:" + "|".join(map(re.escape, sorted({case_folded(name) for name in _TERMS.names("gregorian")})))
    + rf")\.?(?:\s+\d{{1,2}}(?:st|nd|rd|th)?,?)?{_MAH}(?:\s+سال)?\s+\d{{4}}")


def _sentence_mentions(sentence: str, text: str, index: int) -> list[YearMention]:
    taken: list[tuple[int, int]] = []
    mentions: list[tuple[int, YearMention]] = []
    four_digits = _FOUR_DIGITS.search(text) is not None
    for kind, pattern in _PATTERNS:
        if not (("سال" in text) if kind == "year_short" else four_digits):
            continue  # (the pattern cannot match)
        hint = _HINTS.get(kind)
        if hint is not None and not hint.search(text):
            continue  # (nothing its match must hold; for sh_month: no month name before a year)
        if kind == "g_month" and not _G_MONTH_HINT_FOLDED.search(case_folded(text)):
            continue
        for match in pattern.finditer(text):
            span = match.span()
            if any(a < span[1] and span[0] < b for a, b in taken):
                continue  # a more specific pattern already read these digits
            years = _years(kind, match)
            if years is None or _LUNAR.match(text[span[1]:]):
                continue
            taken.append(span)
            year_at = match.start("y") if match.groupdict().get("y") else span[0]
            target = is_target(text[:year_at])
            month, day = _month_day(kind, match, years[2])
            mentions.append((span[0], YearMention(*years, match.group(0).strip(), sentence, target, index,
                                                  _written(kind, match), month, day, span[0])))
    return [m for _, m in sorted(mentions, key=lambda pm: pm[0])]


def _written(kind: str, match: re.Match) -> int:
    """The year of a match as written, in its own calendar."""
    if kind == "year_short":
        short = int(match.group("short"))
        return 1300 + short if short >= 60 else 1400 + short
    return int(match.group("y"))


def _month_day(kind: str, match: re.Match, calendar: str) -> tuple[int, int]:
    """(month, day) a match states in its calendar; (0, 0) when it states no day, or when
    a numeric date could be day/month or month/day ("05/06/2024": not guessed)."""
    groups = match.groupdict()
    day = groups.get("d") or groups.get("d2")
    if not day:
        return 0, 0
    if kind in ("sh_month", "g_month"):
        return _TERMS.month(calendar, groups["m"]), int(day)
    if kind == "ymd":
        return int(groups["m"]), int(day)  # year first: always year/month/day (ISO, «۱۴۰۳/۰۲/۲۲»)
    first, second = int(day), int(groups["m"])
    if first == second or first > 12 >= second:
        return second, first  # day/month/year: "22/05/2024"
    if second > 12 >= first:
        return first, second  # month/day/year: "05/22/2024"
    return 0, 0


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
        return _solar_hijri(year, _TERMS.month("solar_hijri", groups["m"]), _int(groups.get("d")))
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


def _published_date(published: object) -> tuple[str, re.Match, tuple[int, int, str]] | str | None:
    """(kind, match, years) of the numeric date a publication date holds; else its text
    (normalized) to look for a year in; None when there is no publication date."""
    if published is None or (isinstance(published, float) and published != published):
        return None
    text = normalize(str(published))
    for kind in ("ymd", "dmy"):
        match = _PATTERN_OF[kind].search(text)
        if match and (years := _years(kind, match)):
            return kind, match, years
    return text


def published_day(published: object) -> dt.date | None:
    """The Gregorian day of a publication date (ISO, d/m/Y, or Solar Hijri ``1400/01/15``),
    None when it is no full date or its day/month order is ambiguous.

    >>> published_day("2021-03-20T10:00:00Z"), published_day("1403/02/22"), published_day("05/06/2024")
    (datetime.date(2021, 3, 20), datetime.date(2024, 5, 11), None)
    """
    found = _published_date(published)
    if not isinstance(found, tuple):
        return None
    kind, match, years = found
    month, day = _month_day(kind, match, years[2])
    iso = gregorian_day(years[2], _written(kind, match), month, day) if day else None
    return dt.date.fromisoformat(iso) if iso else None


def published_year(published: object) -> tuple[int, int] | None:
    """The Gregorian year(s) of a publication date: ISO, d/m/Y, or Solar Hijri (``1400/01/15``).

    >>> published_year("2021-03-20T10:00:00Z"), published_year("1400/01/15"), published_year("")
    ((2021, 2021), (2021, 2021), None)
    """
    found = _published_date(published)
    if isinstance(found, tuple):
        return found[2][0], found[2][1]
    for match in re.finditer(r"(?<!\d)(\d{4})(?!\d)", found or ""):
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
    year = infer_year_in([s.text for s in article_sentences(title, text)], published)
    del year["year_sentence"]
    return year


def infer_year_in(sentences: Sequence[str], published: object = "",
                  normalized: Sequence[str] | None = None, mentions: list[YearMention] | None = None) -> dict:
    """:func:`infer_year` of an article already split into sentences (the title first, if
    any), plus ``year_sentence``: the index of the sentence the year was read from (None
    for a publication date or no year). ``mentions``: its :func:`year_mentions_in`, when
    the caller has them already.

    >>> infer_year_in(["Title", "It began in 2019."])["year_sentence"]
    1
    """
    years = published_year(published)
    if years:
        return {"year_start": years[0], "year_end": years[1], "year_source": "published",
                "year_evidence": str(published).strip(), "year_sentence": None}
    best = stated_year(year_mentions_in(sentences, normalized) if mentions is None else mentions)
    if best is None:
        return {"year_start": None, "year_end": None, "year_source": "", "year_evidence": "", "year_sentence": None}
    return {"year_start": best.year_start, "year_end": best.year_end, "year_source": "inferred",
            "year_evidence": best.evidence, "year_sentence": best.sentence}


def stated_year(mentions: Sequence[YearMention]) -> YearMention | None:
    """The mention that gives an article's year: the latest that is no target (news
    reports its newest events), among equally late ones the narrowest.

    >>> stated_year(year_mentions("", "Begun in 2019, the plan runs until 2030; 2021 saw a rise.")).token
    'in 2019'
    """
    usable = [m for m in mentions if not m.target]
    return max(usable, key=lambda m: (m.year_start, -(m.year_end - m.year_start), m.year_end), default=None)


def year_label(start: object, end: object) -> str:
    """"2021", "2014/2015", or "undated".

    >>> year_label(2014, 2015), year_label(2021, 2021), year_label(None, None)
    ('2014/2015', '2021', 'undated')
    """
    if start is None or pd.isna(start):
        return "undated"
    return str(int(start)) if start == end else f"{int(start)}/{int(end)}"
