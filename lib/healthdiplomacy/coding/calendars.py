"""The words and arithmetic of the two calendars Iranian news dates by.

The words are data, ``data/date_terms.csv``: month names (Solar Hijri months, the
Gregorian months in English and as Persian transliterates them: «مه»، «ژوئن») and
the relative day words ("yesterday", «دیروز»). :mod:`healthdiplomacy.coding.years`
reads a year with them and :mod:`healthdiplomacy.coding.dates` a day.

>>> terms = default_date_terms()
>>> terms.month("solar_hijri", "اردیبهشت"), terms.month("gregorian", "Sept"), terms.relative["دیروز"]
(2, 9, -1)
>>> sorted(terms.ranges), "tuesday" in terms.leads
(['and', 'to', 'تا', 'و'], True)
>>> gregorian_day("solar_hijri", 1403, 2, 22), gregorian_day("gregorian", 2024, 2, 30)
('2024-05-11', None)
"""
from __future__ import annotations

import datetime as dt
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path

import jdatetime

from ..corpus.datafiles import package_csv, read_data_csv
from ..corpus.errors import DataFileError
from ..text.normalize import normalize

CALENDARS = ("solar_hijri", "gregorian")
TERM_COLUMNS = ("kind", "calendar", "value", "lang", "term", "alone", "note")


@dataclass
class DateTerms:
    """The date words: month names per calendar (lower case), which may stand without a
    year, and relative day words with their offset from the publication day."""

    months: dict[str, dict[str, int]] = field(default_factory=lambda: {c: {} for c in CALENDARS})
    alone: dict[str, set[str]] = field(default_factory=lambda: {c: set() for c in CALENDARS})
    relative: dict[str, int] = field(default_factory=dict)
    ranges: set[str] = field(default_factory=set)  # the words of a day range: «۲۰ تا ۲۲», "12 to 14"
    leads: set[str] = field(default_factory=set)  # what may stand before "May 12": on, a weekday

    def month(self, calendar: str, name: str) -> int:
        """The number of a month name (any case), 0 when it is none.

        >>> default_date_terms().month("gregorian", "MAY"), default_date_terms().month("gregorian", "Mehr")
        (5, 0)
        """
        return self.months[calendar].get(name.lower(), 0)

    def names(self, calendar: str, alone: bool = False) -> list[str]:
        """The month names of a calendar (those that may stand without a year, with
        ``alone``), longest first, so that a regex alternation prefers "sept" to "sep".

        >>> default_date_terms().names("solar_hijri")[:2]
        ['اردیبهشت', 'فروردین']
        """
        found = self.alone[calendar] if alone else self.months[calendar]
        return sorted(found, key=lambda name: (-len(name), name))


def load_date_terms(path: str | Path | None = None) -> DateTerms:
    """The date words of ``data/date_terms.csv`` (or ``path``).

    Raises :class:`~healthdiplomacy.corpus.errors.DataFileError` naming the line of a bad row.

    >>> len(load_date_terms().months["solar_hijri"])
    12
    """
    name = "date_terms.csv" if path is None else str(path)
    text = package_csv("date_terms.csv") if path is None else Path(path).read_text("utf-8-sig")
    terms = DateTerms()
    for line, row in read_data_csv(text, name, ()):  # () : a comment line has no term
        if (row.get("kind") or "").startswith("#"):
            continue
        term = normalize(row.get("term") or "").lower()  # as the text is: «ژوئن» is read «ژوین»
        if not term:
            raise DataFileError(f"{name}:{line}", "no value for 'term'")
        try:
            value = int(row.get("value") or "")
        except ValueError:
            raise DataFileError(f"{name}:{line}", f"value {row.get('value')!r} is not a whole number") from None
        calendar = (row.get("calendar") or "").strip()
        if row["kind"] == "month":
            if calendar not in CALENDARS or not 1 <= value <= 12:
                raise DataFileError(f"{name}:{line}", f"a month needs a calendar of {CALENDARS} and a value 1-12")
            terms.months[calendar][term] = value
            if (row.get("alone") or "").strip() == "1":
                terms.alone[calendar].add(term)
        elif row["kind"] == "relative":
            terms.relative[term] = value
        elif row["kind"] == "range":
            terms.ranges.add(term)
        elif row["kind"] == "lead":
            terms.leads.add(term)
        else:
            raise DataFileError(f"{name}:{line}", f"kind must be month, relative, range or lead, not {row['kind']!r}")
    return terms


@lru_cache(maxsize=1)
def default_date_terms() -> DateTerms:
    """The shipped date words, read once.

    >>> default_date_terms() is default_date_terms()
    True
    """
    return load_date_terms()


def any_of(words: Iterable[str]) -> re.Pattern:
    """A search for any of ``words`` as written: one regex pass over a text, not one scan of it per
    word (dates and years ask it whether a sentence may hold a month name or a relative day before
    they try their patterns). With no words it matches nothing.

    >>> bool(any_of(["Mehr", "Aban"]).search("15 Mehr 1402")), bool(any_of([]).search("Mehr"))
    (True, False)
    """
    words = list(words)
    return re.compile("|".join(map(re.escape, words)) if words else "(?!)")


def gregorian_day(calendar: str, year: int, month: int, day: int) -> str | None:
    """The ISO Gregorian date of a day in a calendar, None when there is no such day
    (31 Esfand in a common year, 30 February).

    >>> gregorian_day("solar_hijri", 1403, 12, 30), gregorian_day("gregorian", 2024, 5, 12)
    ('2025-03-20', '2024-05-12')
    """
    try:
        if calendar == "solar_hijri":
            return jdatetime.date(year, month, day).togregorian().isoformat()
        return dt.date(year, month, day).isoformat()
    except ValueError:
        return None


def calendar_year(calendar: str, day: dt.date) -> int:
    """The year of a Gregorian day in a calendar.

    >>> calendar_year("solar_hijri", dt.date(2024, 3, 19)), calendar_year("solar_hijri", dt.date(2024, 3, 20))
    (1402, 1403)
    """
    return jdatetime.date.fromgregorian(date=day).year if calendar == "solar_hijri" else day.year
