"""Counting events and articles: the report's counts say which they count.

An *event* is one thing that happened (a signing, a visit, a shipment), however many
articles report it (:mod:`healthdiplomacy.results.events`); an *article* is one report.
Three agencies reporting one meeting are 1 event and 3 articles: the main tables count
events, with the articles beside them, so a much-reported meeting does not outweigh
three meetings reported once.

A link's event is its ``event_id`` (:func:`~healthdiplomacy.results.events.link_events`).
A link without one (links never grouped, such as a hand-made table, or an empty id) is
an event of its own article: it counts one event per article, as if no other article
reported the same thing, which is what grouping would find for a report it cannot match.

>>> import pandas as pd
>>> links = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "partner_id": ["IQ", "IQ", "IQ"],
...                       "theme_id": ["medicine"] * 3, "event_id": ["ev-1", "ev-1", "ev-2"]})
>>> count_events(links, "partner_id").values.tolist()
[['IQ', 2, 3]]
"""

from __future__ import annotations

import pandas as pd

COUNT_COLUMNS = ["events", "articles"]  # what every count table adds after its keys
_OWN = "article:"  # the key of an article's own event, when its link has no event_id


def event_keys(links: pd.DataFrame) -> pd.Series:
    """The event each link counts for: its ``event_id``, else its article's own event.

    >>> import pandas as pd
    >>> event_keys(pd.DataFrame({"article_id": ["a", "b"], "event_id": ["ev-1", ""]})).tolist()
    ['ev-1', 'article:b']
    >>> event_keys(pd.DataFrame({"article_id": ["a"]})).tolist()
    ['article:a']
    """
    own = _OWN + links["article_id"].astype(str)
    if "event_id" not in links.columns:
        return own.rename("event_key")
    ids = links["event_id"].fillna("").astype(str).str.strip()
    return ids.where(ids != "", own).rename("event_key")


def count_events(links: pd.DataFrame, by: str | list[str]) -> pd.DataFrame:
    """Distinct events and distinct articles per value of ``by`` (a column or columns of
    ``links``, e.g. ``partner_id``, ``theme_id``, ``["theme_id", "partner_id"]``), one row per
    value, sorted by the keys. A link with an empty key (``theme_id`` ``""``: a partner named
    without a theme) is left out of that count.

    Two articles reporting one event count 1 event and 2 articles:

    >>> import pandas as pd
    >>> links = pd.DataFrame({"article_id": ["a", "b", "c"], "partner_id": ["IQ", "IQ", "SY"],
    ...                       "theme_id": ["medicine", "medicine", ""], "event_id": ["ev-1", "ev-1", "ev-2"]})
    >>> count_events(links, "partner_id").values.tolist()
    [['IQ', 1, 2], ['SY', 1, 1]]
    >>> count_events(links, "theme_id").values.tolist()
    [['medicine', 1, 2]]
    """
    keys = [by] if isinstance(by, str) else list(by)
    if not len(links):
        return pd.DataFrame(columns=[*keys, *COUNT_COLUMNS]).astype({c: "int64" for c in COUNT_COLUMNS})
    frame = links[[*keys, "article_id"]].assign(event_key=event_keys(links))
    for key in keys:
        frame = frame[frame[key].fillna("").astype(str) != ""]
    grouped = frame.groupby(keys)
    out = pd.DataFrame({"events": grouped["event_key"].nunique(), "articles": grouped["article_id"].nunique()})
    return out.astype("int64").reset_index().sort_values(keys, kind="mergesort").reset_index(drop=True)


def total_counts(links: pd.DataFrame) -> tuple[int, int]:
    """(events, articles) over all of ``links``.

    >>> import pandas as pd
    >>> total_counts(pd.DataFrame({"article_id": ["a", "b", "c"], "event_id": ["ev-1", "ev-1", ""]}))
    (2, 3)
    """
    if not len(links):
        return 0, 0
    return int(event_keys(links).nunique()), int(links["article_id"].nunique())
