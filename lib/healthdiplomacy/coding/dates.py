"""The date an article's text states, to the day.

A news report usually says when its event happened: "on 12 May 2024", "May 12, 2024",
«۲۲ اردیبهشت ۱۴۰۳», «۲۲ اردیبهشت‌ماه ۱۴۰۳», «۱۴۰۳/۰۲/۲۲»; often with a weekday, often
without the year ("on Tuesday, 12 May", «۲۲ اردیبهشت»), sometimes only relative to the
publication day ("yesterday", «دیروز»). Three kinds of mention are read:

* a *full date*: day, month and year in one calendar. These are the year mentions of
  :mod:`healthdiplomacy.coding.years` that state a day (the same scan of the same
  normalized sentences). A numeric date whose day/month order cannot be told
  ("05/06/2024") gives no day; "22/05/2024" and "05/22/2024" do;
* a *day and month* with no year (a month name of ``date_terms.csv`` with ``alone = 1``;
  an English month capitalized, so "12 may attend" is no date). Its year is the one
  that puts the day nearest the publication date, or, with no publication date, the
  one that puts it inside the year the article states (:func:`~healthdiplomacy.coding.years.stated_year`)
  up to that sentence: a news report states its story first and its background after, so
  a year that only comes later ("the society, founded in 1922, ...") is history, not the
  day's year; with neither, it is not read;
* a *relative day* ("yesterday", «دیروز»), read only when the publication day is known.

**The article's date** (:func:`stated_date_in`) is the first date in reading order (the
title first) that is a full date or a day and month, is no target ("until 12 May",
«تا ۲۲ اردیبهشت») and is not after the publication day when that is known; failing
that, the first such relative day. A report names its event's date first, in the lead;
later dates are background ("the first case, on 3 March 2020, ...").

>>> date = stated_date_in(["Iran and Iraq signed a medical MoU on Tuesday, 12 May."], published="2026-05-14")
>>> date["date_stated"], date["date_calendar"], date["date_text"]
('2026-05-12', 'gregorian', '12 May')
>>> stated_date_in(["وزیر بهداشت روز ۲۲ اردیبهشت‌ماه ۱۴۰۳ با همتای عراقی دیدار کرد."])["date_stated"]
'2024-05-11'
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Sequence
from typing import NamedTuple

from ..text.normalize import case_folded, normalize
from ..text.sentences import article_sentences
from .calendars import any_of, calendar_year, default_date_terms, gregorian_day
from .years import YearMention, is_target, published_day, stated_year, year_mentions_in

_TERMS = default_date_terms()


def _persian_names(calendar: str) -> list[str]:
    return [n for n in _TERMS.names(calendar, alone=True) if not n.isascii()]


# A day number that is no part of a longer number, a time ("10:30") or a numeric date.
_DAY = r"(?<![\d/.:,\-])(?P<d>[12]\d|3[01]|0?[1-9])(?![\d/:]|\.\d)"  # "May 8." ends a sentence
# «۲۰ تا ۲۲ اردیبهشت», "12-14 May": the first day (the words are data: kind range)
_RANGE = r"(?:\s*(?:-|–|" + "|".join(map(re.escape, sorted(_TERMS.ranges, key=lambda t: (-len(t), t)))) + r")\s*\d{1,2})?"
_ORDINAL = r"(?:st|nd|rd|th)?"
# Persian: a day before a solar or a transliterated Gregorian month, a whole word
# (ZWNJ may follow: «اردیبهشت‌ماه»; «مهرداد» is a name, not Mehr).
_FA_MONTH_NAMES = {calendar: _persian_names(calendar) for calendar in ("solar_hijri", "gregorian")}
_FA_DAY_MONTH = [(calendar, re.compile(rf"{_DAY}{_RANGE}\s+(?P<m>{any_of(names).pattern})(?![^\W\d_])"))
                 for calendar, names in _FA_MONTH_NAMES.items()]
# English: "12 May", "12th of May", "on May 12", "Tuesday, May 12th". The month is
# capitalized as English writes it (not "may" the verb); a month first needs "on" or a
# weekday before it ("May 12 countries" is no date).
_EN_MONTH_NAMES = sorted((n.capitalize() for n in _TERMS.names("gregorian", alone=True) if n.isascii()),
                         key=lambda n: (-len(n), n))
_EN_MONTHS = "|".join(_EN_MONTH_NAMES)
_EN_DAY_MONTH = re.compile(rf"{_DAY}{_ORDINAL}{_RANGE}\s+(?:of\s+)?(?P<m>{_EN_MONTHS})\b")
_LEADS = "|".join(f"{re.escape(t)}|{re.escape(t.capitalize())}" for t in sorted(_TERMS.leads, key=lambda t: (-len(t), t))
                  if t.isascii())
_EN_MONTH_DAY = re.compile(rf"\b(?:{_LEADS}),?\s+(?P<m>{_EN_MONTHS})\.?\s+{_DAY}{_ORDINAL}\b(?!\s*,?\s*\d)")
# The words first, so the regex engine skips ahead to their first letters (a lookbehind
# first would make it try every position); what may stand before them is checked after.
_RELATIVE = re.compile("(?:" + "|".join(map(re.escape, sorted(_TERMS.relative, key=lambda t: (-len(t), t))))
                       + r")(?![^\W\d_])", re.I)
# Most sentences hold no relative day: a plain search of their case-folded text (fast: the regex
# engine skips to the words' first letters, which it cannot do ignoring case) finds those that may.
_RELATIVE_HINT = any_of(sorted({case_folded(t) for t in _TERMS.relative}))
# not inside a word, nor after a number: «۲۰ روز گذشته» is "the past 20 days", not yesterday
_NOT_BEFORE_RELATIVE = re.compile(r"(?:\w|\d\s)$")
_DIGIT = re.compile(r"\d")


# Each day-and-month pattern (in reading order of calendars) with a search for the month names it
# needs, written as it matches them (no pattern ignores case): a sentence with none of them (an
# English sentence has no Persian month, most have no English one) skips the pattern.
# (A Persian pattern's search is for a digit, spaces and a month name: the names alone occur inside
# Persian words, «دی», «مه»; a day's last digit, or its range's, stands before the name it states.)
_DAY_MONTH_PATTERNS = [(calendar, re.compile(rf"\d\s+(?:{any_of(_FA_MONTH_NAMES[calendar]).pattern})"), pattern)
                       for calendar, pattern in _FA_DAY_MONTH] + [
    ("gregorian", any_of(_EN_MONTH_NAMES), pattern) for pattern in (_EN_DAY_MONTH, _EN_MONTH_DAY)]


class DateMention(NamedTuple):
    """One day an article states: ISO Gregorian, its calendar ("solar_hijri",
    "gregorian", "relative"), the words, where (sentence, position) and whether it is a
    target ("until 12 May")."""

    iso: str
    calendar: str
    token: str
    sentence: int
    position: int
    target: bool


def date_mentions_in(sentences: Sequence[str], normalized: Sequence[str] | None = None, published: object = "",
                     mentions: Sequence[YearMention] | None = None) -> list[DateMention]:
    """Every day the sentences state, in reading order. ``normalized`` and ``mentions``
    (:func:`~healthdiplomacy.coding.years.year_mentions_in`) when the caller has them: an
    article is normalized and scanned for years once.

    >>> [(m.iso, m.calendar) for m in date_mentions_in(["Talks began yesterday, ahead of 14 May."], published="2024-05-10")]
    [('2024-05-09', 'relative'), ('2024-05-14', 'gregorian')]
    >>> date_mentions_in(["Resolution 2231, 1403 beds, Covid-19 and 2019-2020; call 0912-345-6789."])
    []
    """
    texts = list(normalized) if normalized is not None else [normalize(s) for s in sentences]
    mentions = year_mentions_in(sentences, texts) if mentions is None else mentions
    day = published_day(published)
    # full dates: a target also when "until" stands before the day ("until 12 May 2030")
    full = {(m.sentence, m.position): DateMention(m.iso, m.calendar, m.token, m.sentence, m.position,
                                                  m.target or is_target(texts[m.sentence][:m.position]))
            for m in mentions if m.iso}
    found: list[DateMention] = []
    by_sentence: dict[int, list[YearMention]] = {}  # (once, not a scan of every mention per sentence)
    for m in mentions:
        by_sentence.setdefault(m.sentence, []).append(m)
    # One search of the whole article for a relative day's words: most articles hold none, and
    # then no sentence is searched for them (none of the words spans a line break).
    relative = day is not None and _RELATIVE_HINT.search(case_folded("\n".join(texts))) is not None
    for index, text in enumerate(texts):
        if relative:
            found += _relative(text, index, day)
        if not _DIGIT.search(text):
            continue
        here = by_sentence.get(index, [])
        for calendar, match in _day_months(text):
            over = [m for m in here if m.position < match.end() and match.start() < m.position + len(m.token)]
            if over:  # a year mention (with its year) read these words already
                _first_day_of_range(full, over[0], match, text)
                continue
            iso = _complete(calendar, _TERMS.month(calendar, match.group("m")), int(match.group("d")), day,
                            stated_year([m for m in mentions if m.sentence <= index]))
            if iso:
                found.append(DateMention(iso, calendar, match.group(0).strip(), index, match.start(),
                                         is_target(text[:match.start()])))
    return sorted(found + list(full.values()), key=lambda m: (m.sentence, m.position))


def _first_day_of_range(full: dict, mention: YearMention, match: re.Match, text: str) -> None:
    """"from 12 to 14 May 2024", «۲۰ تا ۲۲ اردیبهشت ۱۴۰۳»: the year mention read the last
    day; the event began on the first."""
    key = (mention.sentence, mention.position)
    if key in full and match.start() < mention.position and \
            _TERMS.month(mention.calendar, match.group("m")) == mention.month:
        first = gregorian_day(mention.calendar, mention.written, mention.month, int(match.group("d")))
        if first:
            end = mention.position + len(mention.token)
            full[key] = full[key]._replace(iso=first, token=text[match.start():end], position=match.start(),
                                           target=is_target(text[:match.start()]))  # «۲۰ تا ۲۲»: no «تا» target


def _day_months(text: str):
    for calendar, names, pattern in _DAY_MONTH_PATTERNS:
        if names.search(text):
            for match in pattern.finditer(text):
                yield calendar, match


def _relative(text: str, index: int, day: dt.date | None) -> list[DateMention]:
    if day is None or not _RELATIVE_HINT.search(case_folded(text)):
        return []  # "yesterday" means nothing without the day it was written (and most sentences hold none)
    return [DateMention((day + dt.timedelta(days=_TERMS.relative[m.group(0).lower()])).isoformat(), "relative",
                        m.group(0), index, m.start(), False) for m in _RELATIVE.finditer(text)
            if not _NOT_BEFORE_RELATIVE.search(text, max(0, m.start() - 2), m.start())]


def _complete(calendar: str, month: int, day: int, published: dt.date | None, year: YearMention | None) -> str | None:
    """The ISO day of a day and month with no year: in the year that puts it nearest the
    publication day, else inside the year the article states (one candidate only)."""
    if published is not None:
        near = calendar_year(calendar, published)
        candidates = [d for y in (near - 1, near, near + 1) if (d := gregorian_day(calendar, y, month, day))]
        return min(candidates, key=lambda d: (abs((dt.date.fromisoformat(d) - published).days), d), default=None)
    if year is None:
        return None
    # inside the stated year: one Solar Hijri year overlaps two Gregorian ones, and back
    start = gregorian_day(year.calendar, year.written, 1, 1)
    end = gregorian_day(year.calendar, year.written + 1, 1, 1)
    if start is None or end is None:
        return None
    near = calendar_year(calendar, dt.date.fromisoformat(start))
    inside = [d for y in (near, near + 1) if (d := gregorian_day(calendar, y, month, day)) and start <= d < end]
    return inside[0] if len(inside) == 1 else None


def stated_date(title: str, text: str, published: object = "") -> dict:
    """:func:`stated_date_in` of an article's title and text (split into sentences here).

    >>> stated_date("", "Iran sent medicines to Syria yesterday.", "2024-05-12")["date_stated"]
    '2024-05-11'
    """
    return stated_date_in([s.text for s in article_sentences(title, text)], published=published)


def stated_date_in(sentences: Sequence[str], normalized: Sequence[str] | None = None, published: object = "",
                   mentions: Sequence[YearMention] | None = None) -> dict:
    """The article's date as its text states it (the rule: see the module):
    ``date_stated`` (ISO), ``date_calendar``, ``date_text`` (the words, normalized) and
    ``date_sentence`` (its sentence's index; None when no date is stated).

    >>> stated_date_in(["Iran and Iraq met on 9 May 2024.", "The first case was found on 3 March 2020."],
    ...                published="2024-05-10")["date_stated"]
    '2024-05-09'
    >>> stated_date_in(["The two will meet on 20 May 2024."], published="2024-05-10")["date_stated"]
    ''
    """
    mentions = list(date_mentions_in(sentences, normalized, published, mentions))
    day = published_day(published)
    usable = [m for m in mentions if not m.target and (day is None or m.iso <= day.isoformat())]
    best = next((m for m in usable if m.calendar != "relative"), None) or next(iter(usable), None)
    if best is None:
        return {"date_stated": "", "date_calendar": "", "date_text": "", "date_sentence": None}
    return {"date_stated": best.iso, "date_calendar": best.calendar, "date_text": best.token,
            "date_sentence": best.sentence}
