"""Events: the articles that report one thing that happened, counted once.

One ministerial meeting reported by several agencies, in Persian and in English, is
one event. Articles are grouped per partner: two reports of the same partner join
one event when

* their dates are at most :data:`EVENT_WINDOW_DAYS` apart. The date is the published
  date; without one, the day the text states (the tagging's years: ``date_stated``,
  see :mod:`healthdiplomacy.coding.dates`), compared like a published date (a report
  published on the 13th and one that states the 12th are a day apart); without
  that, the year the text states (``year_start`` with ``year_source = "inferred"``).
  A year-only date groups more coarsely: such a
  report joins only other year-only reports of the same partner and year (the window
  is then the year: a year cannot tell two meetings of one year apart, so the
  grouping is coarser and is said so in ``evidence``); it never joins a dated report.
  A report with neither stays an event of its own;
* their themes overlap (Jaccard of the theme sets at least :data:`THEME_OVERLAP`;
  a report that names no theme is compatible with any), and
* their stages are compatible: the furthest stage each reports is the same or next
  to it in the stage order ("will sign" and "signed" are often one signing
  reported on two days); a report with no stage is compatible with any.

A report (in date order) is compared with every group of its partner still open (the
group's first report at most the window before it) and joins the open group whose
every report it is compatible with (the one with most themes in common, then the one
whose reports all name most of its officials and places, then the earliest); otherwise
it opens a group. Languages are never compared: a Persian and an
English report of one meeting join when partner, date and themes agree; ``evidence``
then also names the officials and places every report of the group names (the years
table's ``officials`` and ``places``, :mod:`healthdiplomacy.coding.officials`: "officials
in common: health_minister:IQ; places in common: Baghdad"). They never make reports
join that would not join without them. An article
that names several partners has a report per partner; when the groups of several
partners hold the same articles (a trilateral signing reported once, or by the same
reports) they are one event, its ``partners`` joined by ``;``. Copies
(``duplicate_of``) are not coded and count with their original's events.

``event_id`` is stable: ``ev-`` and a hash of the event's sorted content hashes (the
article ids where the corpus gives none), so adding an article to the corpus changes
no other event's id.

>>> import pandas as pd
>>> links = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "partner_id": ["IQ"] * 3,
...                       "theme_id": ["medicine"] * 3, "stages": ["agreement_signed"] * 3})
>>> articles = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "language": ["fa", "en", "en"],
...                          "published": ["2024-05-01", "2024-05-02", "2024-09-30"], "source": ["", "", ""]})
>>> find_events(links, articles)[["event_id", "n_articles", "languages", "article_ids"]].values.tolist()
[['ev-8adcf549e149', 2, 'en;fa', 'en1;fa1'], ['ev-427bc7539d94', 1, 'en', 'en2']]
"""

from __future__ import annotations

import datetime as dt
import hashlib

import pandas as pd

from ..codebook.tables import load_stagebook
from ..coding.years import published_day

EVENT_WINDOW_DAYS = 3  # reports of a meeting follow it within a few days
THEME_OVERLAP = 0.3  # Jaccard of the theme sets; reports of one event stress different themes
SEPARATOR = ";"  # between the items of a list cell (partners, themes, languages, sources, article_ids)
EVENT_COLUMNS = ["event_id", "date", "partners", "themes", "stage", "n_articles", "languages", "sources",
                 "article_ids", "evidence"]


def _text(value) -> str:
    """A cell as text: NaN, None and NaT are empty."""
    if isinstance(value, str):  # (the common case first: pd.isna is slow)
        text = value.strip()
    elif value is None or pd.isna(value):
        return ""
    else:
        text = str(value).strip()
    return "" if text.lower() in ("nan", "nat", "none") else text


def _column(frame: pd.DataFrame, name: str, length: int | None = None) -> list:
    """``frame[name]`` as a list (None for each of ``length`` rows, else of the frame's, when it lacks it)."""
    return frame[name].tolist() if name in frame.columns else [None] * (len(frame) if length is None else length)


def _date(value) -> dt.date | None:
    if isinstance(value, (dt.date, pd.Timestamp)) and not pd.isna(value):
        return value.date() if isinstance(value, dt.datetime) else value
    try:
        return dt.date.fromisoformat(_text(value)[:10])
    except ValueError:
        return None


def _published(value) -> dt.date | None:
    """A publication date as a day: ISO first, then what the loader keeps as written
    (d/m/Y, Solar Hijri ``1403/02/22``: :func:`~healthdiplomacy.coding.years.published_day`)."""
    return _date(value) or (published_day(_text(value)) if _text(value) else None)


def _year(value) -> int | None:
    try:
        year = int(float(_text(value)))
    except ValueError:
        return None
    return year if 1000 <= year <= 9999 else None


class _Report:
    """One article's report about one partner."""

    def __init__(self, article: str, partner: str, themes: set[str], stage: int, date: dt.date | None,
                 language: str, source: str, year: int | None = None, stated: dt.date | None = None,
                 details: tuple[frozenset[str], frozenset[str]] = (frozenset(), frozenset())):
        self.article, self.partner, self.themes, self.stage = article, partner, themes, stage
        self.officials, self.places = details  # named in its article (see healthdiplomacy.coding.officials)
        self.language, self.source = language, source
        self.stated = date is None and stated is not None  # its date is the day its text states
        self.date = date or stated
        self.year = None if self.date else year  # the year stated in the text, when no day is known

    def overlap(self, other: "_Report") -> float:
        if not self.themes or not other.themes:
            return 1.0
        return len(self.themes & other.themes) / len(self.themes | other.themes)

    def joins(self, other: "_Report", window: int, overlap: float) -> bool:
        if self.date is not None and other.date is not None:
            if abs((self.date - other.date).days) > window:
                return False
        elif self.year is None or self.year != other.year:  # year-only: the same year, never a dated one
            return False
        if self.overlap(other) < overlap:
            return False
        return self.stage < 0 or other.stage < 0 or abs(self.stage - other.stage) <= 1

    def shared_details(self, group: list["_Report"]) -> int:
        """How many of its officials and places every report of ``group`` names too."""
        return len(self.officials.intersection(*(r.officials for r in group))) \
            + len(self.places.intersection(*(r.places for r in group)))


def event_id(keys) -> str:
    """The stable id of the event of these articles (content hashes, or ids).

    >>> event_id(["b", "a"]) == event_id(["a", "b"])
    True
    """
    return "ev-" + hashlib.sha1(SEPARATOR.join(sorted(set(keys))).encode("utf-8")).hexdigest()[:12]


def find_events(links: pd.DataFrame, articles: pd.DataFrame, window: int = EVENT_WINDOW_DAYS,
                overlap: float = THEME_OVERLAP, stage_order: tuple[str, ...] | None = None,
                years: pd.DataFrame | None = None) -> pd.DataFrame:
    """The events of a corpus (:data:`EVENT_COLUMNS`), one row each, by date then id.

    ``links`` are the links of a tagging (article_id, partner_id, theme_id, stages; and
    year_start, year_source when it has them); ``articles`` the corpus (article_id,
    language, published, source, content_hash); ``years`` the tagging's years table
    (``date_stated``, the day stated in the text, else the year: used when an article has no
    published date; ``officials`` and ``places``: named in the evidence, and breaking ties).
    ``event_id`` is ``ev-`` and a hash of the event's articles (see the module);
    ``evidence`` says what tied the reports. An article id given twice in ``articles``
    counts once (its first row).

    >>> import pandas as pd
    >>> links = pd.DataFrame({"article_id": ["a", "b"], "partner_id": ["CU", "CU"], "theme_id": ["vaccines", "research"],
    ...                       "stages": ["", ""]})
    >>> articles = pd.DataFrame({"article_id": ["a", "b"], "published": ["2021-03-01", "2021-03-02"]})
    >>> find_events(links, articles)["n_articles"].tolist()   # the same partner and days, no theme in common
    [1, 1]
    """
    if window < 0 or not 0 <= overlap <= 1:
        raise ValueError(f"window must be >= 0 days and overlap in [0, 1], not {window!r}, {overlap!r}")
    order = list(stage_order or load_stagebook().order)
    # (columns as lists, only those read: a row dict of every column, the text too, or a tuple
    # per row of an Arrow-backed frame, cost seconds at 5,000 articles)
    ids = [str(a) for a in articles["article_id"].tolist()] if "article_id" in articles.columns else []
    info: dict[str, dict] = {}
    fields = ("published", "language", "source", "content_hash")
    for article, *values in zip(ids, *(_column(articles, c, len(ids)) for c in fields)):
        info.setdefault(article, dict(zip(fields, values)))  # a repeated id: its first row
    stated, days = _stated(years, links)
    details: dict[str, tuple[frozenset[str], frozenset[str]]] = {}  # article -> (officials, places)
    if years is not None and {"officials", "places"} <= set(years.columns):
        for article, officials, places in zip(*(_column(years, c) for c in ("article_id", "officials", "places"))):
            details.setdefault(str(article), (_items(officials), _items(places)))
    reports: dict[tuple[str, str], _Report] = {}
    for article, partner, theme, stages in zip(*(_column(links, c) for c in ("article_id", "partner_id", "theme_id",
                                                                           "stages"))):
        key = (str(article), str(partner))
        if key not in reports:
            row = info.get(key[0], {})
            ranks = [order.index(s) for s in _text(stages).split(";") if s in order]
            reports[key] = _Report(key[0], key[1], set(), max(ranks, default=-1), _published(row.get("published")),
                                   _text(row.get("language")), _text(row.get("source")), stated.get(key[0]),
                                   days.get(key[0]), details.get(key[0], (frozenset(), frozenset())))
        if _text(theme):
            reports[key].themes.add(_text(theme))
    by_partner: dict[str, list[_Report]] = {}
    for report in reports.values():
        by_partner.setdefault(report.partner, []).append(report)
    groups: list[list[_Report]] = []
    for partner, found in sorted(by_partner.items()):
        groups.extend(_group(sorted((r for r in found if r.date), key=lambda r: (r.date, r.article)),
                             lambda g, r: (r.date - g[0].date).days <= window, window, overlap))
        groups.extend(_group(sorted((r for r in found if not r.date and r.year), key=lambda r: (r.year, r.article)),
                             lambda g, r: g[0].year == r.year, window, overlap))
        groups.extend([r] for r in sorted((r for r in found if not r.date and not r.year), key=lambda r: r.article))
    # the groups of several partners that hold the same articles are one event
    merged: dict[tuple[str, ...], list[list[_Report]]] = {}
    for group in groups:
        merged.setdefault(tuple(sorted({r.article for r in group})), []).append(group)
    rows = []
    for members, parts in merged.items():
        group = [r for part in parts for r in part]
        first = min(group, key=lambda r: (r.date or dt.date.max, r.year or 9999, r.article))
        themes = sorted(set().union(*(r.themes for r in group)))
        stage = max((r.stage for r in group), default=-1)
        hashes = [_text(info.get(a, {}).get("content_hash")) or a for a in members]
        rows.append({"event_id": event_id(hashes),
                     "date": first.date.isoformat() if first.date else str(first.year) if first.year else "",
                     "partners": SEPARATOR.join(sorted({r.partner for r in group})),
                     "themes": SEPARATOR.join(themes), "stage": order[stage] if stage >= 0 else "",
                     "n_articles": len(members),
                     "languages": SEPARATOR.join(sorted({r.language for r in group} - {""})),
                     "sources": SEPARATOR.join(sorted({r.source for r in group} - {""})),
                     "article_ids": SEPARATOR.join(members),
                     "evidence": " | ".join(_evidence(part) for part in parts)})
    rows.sort(key=lambda r: (date_key(r["date"]), r["partners"], r["article_ids"]))
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _stated(years: pd.DataFrame | None, links: pd.DataFrame | None = None
            ) -> tuple[dict[str, int], dict[str, dt.date]]:
    """(article -> the year its text states, article -> the day its text states)."""
    stated: dict[str, int] = {}
    for table in (links, years):
        if table is not None and {"year_start", "year_source"} <= set(table.columns):
            for article, year, source in zip(*(_column(table, c) for c in ("article_id", "year_start",
                                                                            "year_source"))):
                if _text(source) == "inferred" and _year(year) is not None:
                    stated.setdefault(str(article), _year(year))
    days: dict[str, dt.date] = {}
    if years is not None and "date_stated" in years.columns:
        for article, day in zip(_column(years, "article_id"), _column(years, "date_stated")):
            if (day := _date(day)) is not None:
                days.setdefault(str(article), day)
    return stated, days


def report_dates(articles: pd.DataFrame | None, years: pd.DataFrame | None = None) -> dict[str, str]:
    """Article id -> the date :func:`find_events` dates its reports by, as text: the published
    day, else the day its text states (``years``: ``date_stated``), else the year its text
    states or it was published in (``year_start``), else nothing.

    >>> articles = pd.DataFrame({"article_id": ["a", "b", "c"], "published": ["2024-05-01", "", "1403/02/22"]})
    >>> years = pd.DataFrame({"article_id": ["b"], "year_start": [2023], "year_source": ["inferred"],
    ...                       "date_stated": ["2023-11-02"]})
    >>> report_dates(articles, years)
    {'a': '2024-05-01', 'c': '2024-05-11', 'b': '2023-11-02'}
    """
    dates: dict[str, str] = {}
    if articles is not None and {"article_id", "published"} <= set(articles.columns):
        for article, published in zip(articles["article_id"].astype(str), articles["published"]):
            if (day := _published(published)) is not None:
                dates.setdefault(article, day.isoformat())
    stated, days = _stated(years)
    for article, day in days.items():
        dates.setdefault(article, day.isoformat())
    if years is not None and {"year_start", "year_source"} <= set(years.columns):
        for article, year, source in zip(years["article_id"].astype(str), years["year_start"], years["year_source"]):
            if _text(source) in ("inferred", "published") and _year(year) is not None:
                dates.setdefault(article, str(_year(year)))
    return dates


def date_key(date: str) -> str:
    """The sort key of an event's ``date``: a full date as it is, a year alone after every full
    date of that year, no date last.

    >>> sorted(["", "2021", "2021-12-31", "2020-01-02"], key=date_key)
    ['2020-01-02', '2021-12-31', '2021', '']
    """
    date = _text(date)
    return date if len(date) == 10 else f"{date}-99" if date else "9999"


def _group(reports: list[_Report], is_open, window: int, overlap: float) -> list[list[_Report]]:
    """Reports (in date order) into groups: each joins the open group it is compatible with
    throughout (most themes in common, then the earliest), or opens one."""
    groups: list[list[_Report]] = []
    open_groups: list[list[_Report]] = []  # in the order opened; a group once closed stays closed (date order)
    for report in reports:
        open_groups = [g for g in open_groups if is_open(g, report)]
        fits = [(k, g) for k, g in enumerate(open_groups) if all(report.joins(r, window, overlap) for r in g)]
        if fits:
            max(fits, key=lambda kg: (min(report.overlap(r) for r in kg[1]), report.shared_details(kg[1]),
                                      -kg[0]))[1].append(report)
        else:
            groups.append([report])
            open_groups.append(groups[-1])
    return groups


def _evidence(group: list[_Report]) -> str:
    first = group[0]
    if len(group) == 1:
        if first.stated:
            return f"one report (partner {first.partner}; no published date, {first.date.isoformat()} stated in the text)"
        if first.date:
            return f"one report (partner {first.partner})"
        if first.year:
            return f"one report (partner {first.partner}; no published date, year {first.year} stated in the text)"
        return f"one report (partner {first.partner}; no published date nor stated year: not compared)"
    shared = set.intersection(*(r.themes for r in group if r.themes)) if any(r.themes for r in group) else set()
    if first.date:
        dates = sorted(r.date for r in group)
        when = f"published {dates[0].isoformat()} to {dates[-1].isoformat()}"
        if any(r.stated for r in group):  # which reports are dated by their text, and to which day
            when = (f"dated {dates[0].isoformat()} to {dates[-1].isoformat()} (stated in the text: "
                    + ", ".join(f"{r.article} {r.date.isoformat()}" for r in group if r.stated) + ")")
    else:
        when = f"no published dates, year {first.year} stated in the texts (grouped by year only: coarser)"
    said = f"partner {first.partner}; {when}; themes in common: {SEPARATOR.join(sorted(shared)) or 'none stated by all'}"
    officials = frozenset.intersection(*(r.officials for r in group))
    places = frozenset.intersection(*(r.places for r in group))
    return said + "".join(f"; {what} in common: {SEPARATOR.join(sorted(items))}"
                          for what, items in (("officials", officials), ("places", places)) if items)


def _items(cell) -> frozenset[str]:
    """The items of a ``;``-joined cell."""
    return frozenset(item for item in _text(cell).split(SEPARATOR) if item)


def link_events(links: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """``links`` with the ``event_id`` of each (article, partner) added.

    >>> import pandas as pd
    >>> links = pd.DataFrame({"article_id": ["a"], "partner_id": ["IQ"], "theme_id": ["medicine"], "stages": [""]})
    >>> events = find_events(links, pd.DataFrame({"article_id": ["a"], "published": ["2020-01-02"]}))
    >>> link_events(links, events)["event_id"].tolist()
    ['ev-86f7e437faa5']
    """
    owner = {(article, partner): event
             for event, partners, ids in zip(*(_column(events, c) for c in ("event_id", "partners", "article_ids")))
             for partner in str(partners).split(SEPARATOR) for article in str(ids).split(SEPARATOR)}
    out = links.copy()
    out["event_id"] = [owner.get((str(a), str(p)), "") for a, p in zip(_column(out, "article_id"),
                                                                      _column(out, "partner_id"))]
    return out
