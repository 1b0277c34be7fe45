"""Events: the articles that report one thing that happened, counted once.

One ministerial meeting reported by several agencies, in Persian and in English, is
one event. Articles are grouped per partner: two reports of the same partner join
one event when

* their dates are at most :data:`EVENT_WINDOW_DAYS` apart (the published date; an
  article without one stays an event of its own: a year alone cannot tell two
  meetings of one year apart),
* their themes overlap (Jaccard of the theme sets at least :data:`THEME_OVERLAP`;
  a report that names no theme is compatible with any), and
* their stages are compatible: the furthest stage each reports is the same or next
  to it in the stage order ("will sign" and "signed" are often one signing
  reported on two days); a report with no stage is compatible with any.

Languages are never compared: a Persian and an English report of one meeting join
when partner, date and themes agree. Grouping is transitive within a partner
(reports sorted by date, each compared with the one before it), so it costs a sort.
An article that names several partners belongs to one event per partner. Copies
(``duplicate_of``) are not coded and count with their original's events.

>>> import pandas as pd
>>> links = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "partner_id": ["IQ"] * 3,
...                       "theme_id": ["medicine"] * 3, "stages": ["agreement_signed"] * 3})
>>> articles = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "language": ["fa", "en", "en"],
...                          "published": ["2024-05-01", "2024-05-02", "2024-09-30"], "source": ["", "", ""]})
>>> find_events(links, articles)[["event_id", "n_articles", "languages", "article_ids"]].values.tolist()
[['IQ-2024-05-01-1', 2, 'en;fa', 'en1;fa1'], ['IQ-2024-09-30-1', 1, 'en', 'en2']]
"""

from __future__ import annotations

import datetime as dt

import pandas as pd

from ..codebook.tables import load_stagebook

EVENT_WINDOW_DAYS = 3  # reports of a meeting follow it within a few days
THEME_OVERLAP = 0.3  # Jaccard of the theme sets; reports of one event stress different themes
SEPARATOR = ";"  # between the items of a list cell (partners, themes, languages, sources, article_ids)
EVENT_COLUMNS = ["event_id", "date", "partners", "themes", "stage", "n_articles", "languages", "sources",
                 "article_ids", "evidence"]


def _date(value) -> dt.date | None:
    text = str(value or "").strip()[:10]
    try:
        return dt.date.fromisoformat(text)
    except ValueError:
        return None


class _Report:
    """One article's report about one partner."""

    def __init__(self, article: str, partner: str, themes: set[str], stage: int, date: dt.date | None,
                 language: str, source: str):
        self.article, self.partner, self.themes, self.stage = article, partner, themes, stage
        self.date, self.language, self.source = date, language, source

    def joins(self, other: "_Report", window: int, overlap: float) -> bool:
        if self.date is None or other.date is None or abs((self.date - other.date).days) > window:
            return False
        if self.themes and other.themes and len(self.themes & other.themes) / len(self.themes | other.themes) < overlap:
            return False
        return self.stage < 0 or other.stage < 0 or abs(self.stage - other.stage) <= 1


def find_events(links: pd.DataFrame, articles: pd.DataFrame, window: int = EVENT_WINDOW_DAYS,
                overlap: float = THEME_OVERLAP, stage_order: tuple[str, ...] | None = None) -> pd.DataFrame:
    """The events of a corpus (:data:`EVENT_COLUMNS`), one row each, by date then id.

    ``links`` are the links of a tagging (article_id, partner_id, theme_id, stages);
    ``articles`` the corpus (article_id, language, published, source). ``event_id``
    is the partner, the date of the first report (``undated`` without one) and a
    number; ``evidence`` says what tied the reports.

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
    info = articles.set_index(articles["article_id"].astype(str))
    reports: dict[tuple[str, str], _Report] = {}
    for article, partner, theme, stages in links[["article_id", "partner_id", "theme_id", "stages"]].itertuples(
            index=False):
        key = (str(article), str(partner))
        if key not in reports:
            row = info.loc[key[0]] if key[0] in info.index else {}
            ranks = [order.index(s) for s in str(stages or "").split(";") if s in order]
            reports[key] = _Report(key[0], key[1], set(), max(ranks, default=-1), _date(row.get("published")),
                                   str(row.get("language", "") or ""), str(row.get("source", "") or ""))
        if theme:
            reports[key].themes.add(str(theme))
    groups: list[list[_Report]] = []
    by_partner: dict[str, list[_Report]] = {}
    for report in reports.values():
        by_partner.setdefault(report.partner, []).append(report)
    for partner, found in sorted(by_partner.items()):
        dated = sorted((r for r in found if r.date), key=lambda r: (r.date, r.article))
        for report in dated:
            if groups and groups[-1][0].partner == partner and report.joins(groups[-1][-1], window, overlap) \
                    and (report.date - groups[-1][0].date).days <= window:
                groups[-1].append(report)
            else:
                groups.append([report])
        groups.extend([r] for r in sorted((r for r in found if not r.date), key=lambda r: r.article))
    rows, numbers = [], {}
    for group in sorted(groups, key=lambda g: (str(g[0].date or "9999"), g[0].partner, g[0].article)):
        first = group[0]
        day = first.date.isoformat() if first.date else "undated"
        numbers[(first.partner, day)] = numbers.get((first.partner, day), 0) + 1
        themes = sorted(set().union(*(r.themes for r in group)))
        stage = max((r.stage for r in group), default=-1)
        rows.append({"event_id": f"{first.partner}-{day}-{numbers[(first.partner, day)]}",
                     "date": first.date.isoformat() if first.date else "", "partners": first.partner,
                     "themes": SEPARATOR.join(themes), "stage": order[stage] if stage >= 0 else "",
                     "n_articles": len(group), "languages": SEPARATOR.join(sorted({r.language for r in group} - {""})),
                     "sources": SEPARATOR.join(sorted({r.source for r in group} - {""})),
                     "article_ids": SEPARATOR.join(sorted(r.article for r in group)),
                     "evidence": _evidence(group, themes)})
    return pd.DataFrame(rows, columns=EVENT_COLUMNS)


def _evidence(group: list[_Report], themes: list[str]) -> str:
    if len(group) == 1:
        return "one report" + ("" if group[0].date else " (no published date: not compared)")
    dates = sorted(r.date for r in group)
    shared = set.intersection(*(r.themes for r in group if r.themes)) if any(r.themes for r in group) else set()
    return (f"partner {group[0].partner}; published {dates[0].isoformat()} to {dates[-1].isoformat()}; "
            f"themes in common: {SEPARATOR.join(sorted(shared)) or 'none stated by all'}")


def link_events(links: pd.DataFrame, events: pd.DataFrame) -> pd.DataFrame:
    """``links`` with the ``event_id`` of each (article, partner) added.

    >>> import pandas as pd
    >>> links = pd.DataFrame({"article_id": ["a"], "partner_id": ["IQ"], "theme_id": ["medicine"], "stages": [""]})
    >>> events = find_events(links, pd.DataFrame({"article_id": ["a"], "published": ["2020-01-02"]}))
    >>> link_events(links, events)["event_id"].tolist()
    ['IQ-2020-01-02-1']
    """
    owner = {(article, partner): event
             for event, partner, ids in events[["event_id", "partners", "article_ids"]].itertuples(index=False)
             for article in str(ids).split(SEPARATOR)}
    out = links.copy()
    out["event_id"] = [owner.get((str(a), str(p)), "") for a, p in zip(out["article_id"], out["partner_id"])]
    return out
