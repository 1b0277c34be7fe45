"""Filters an analyst sets once for the CLI, the notebooks and the Python API: years, partners,
themes, article languages and sources.

One :class:`Filters` value travels everywhere: ``healthdiplomacy report --since 2020
--partner IQ,AF`` passes it to the notebooks as their ``filters`` parameter (a dict), and
:meth:`Filters.apply` narrows a coded corpus's tables the same way in each of them. The
report states the filter it was built with.

>>> f = Filters.parse(since="2020", partner="IQ, af", theme="medicine")
>>> f.since, f.partners, f.themes, f.describe()
(2020, ('AF', 'IQ'), ('medicine',), 'years 2020 and after; partners AF, IQ; themes medicine')
>>> Filters.parse(**f.as_parameters()) == f
True
"""

from __future__ import annotations

from dataclasses import dataclass, fields

import pandas as pd

from ..coding.tagger import Tagging


class FilterError(ValueError):
    """A filter that cannot be applied (a year that is not a year, since after until)."""


@dataclass(frozen=True)
class Filters:
    """What to keep. Empty (the default) keeps everything.

    ``since``/``until``: years, inclusive, of the article's year (its publication year, else
    the year read from its text); with either set, undated articles are left out.
    ``partners``/``themes``: ids; an article stays when it links one of them, and only those
    links (and mentions and stages of those partners) are kept. ``languages``/``sources``:
    the article's language code and source name.
    """

    since: int | None = None
    until: int | None = None
    partners: tuple[str, ...] = ()
    themes: tuple[str, ...] = ()
    languages: tuple[str, ...] = ()
    sources: tuple[str, ...] = ()

    @classmethod
    def parse(cls, since: object = None, until: object = None, partner: object = "", theme: object = "",
              language: object = "", source: object = "") -> "Filters":
        """Filters from text as a command line or a notebook gives them: years as numbers or
        digits, lists as comma-separated text or lists. Raises :class:`FilterError`.

        >>> Filters.parse(until=2021, language=["fa"]).describe()
        'years up to 2021; languages fa'
        >>> Filters.parse(since="twenty")
        Traceback (most recent call last):
        ...
        healthdiplomacy.results.filters.FilterError: since: 'twenty' is not a year
        """
        found = cls(since=_year(since, "since"), until=_year(until, "until"),
                    partners=_items(partner, upper=True), themes=_items(theme),
                    languages=_items(language), sources=_items(source, keep_case=True))
        if found.since is not None and found.until is not None and found.since > found.until:
            raise FilterError(f"since {found.since} is after until {found.until}")
        return found

    def __bool__(self) -> bool:
        return any(getattr(self, f.name) not in (None, ()) for f in fields(self))

    def as_parameters(self) -> dict:
        """The filters as a notebook's ``filters`` parameter (plain values papermill can write).

        >>> Filters(since=2020, partners=("IQ",)).as_parameters()
        {'since': 2020, 'partner': 'IQ'}
        """
        out = {"since": self.since, "until": self.until, "partner": ",".join(self.partners),
               "theme": ",".join(self.themes), "language": ",".join(self.languages),
               "source": ",".join(self.sources)}
        return {k: v for k, v in out.items() if v not in (None, "")}

    def describe(self) -> str:
        """The filters in one line of English (the report words them in each edition).

        >>> Filters(since=2019, until=2021, themes=("covid19",)).describe()
        'years 2019-2021; themes covid19'
        """
        parts = []
        if self.since is not None and self.until is not None:
            parts.append(f"years {self.since}-{self.until}")
        elif self.since is not None:
            parts.append(f"years {self.since} and after")
        elif self.until is not None:
            parts.append(f"years up to {self.until}")
        for name in ("partners", "themes", "languages", "sources"):
            if getattr(self, name):
                parts.append(f"{name} {', '.join(getattr(self, name))}")
        return "; ".join(parts) or "none"

    def apply(self, articles: pd.DataFrame, tagging: Tagging) -> tuple[pd.DataFrame, Tagging]:
        """``articles`` and ``tagging`` narrowed to what the filters keep.

        >>> from healthdiplomacy import load_corpus, tag_articles
        >>> articles = load_corpus()
        >>> kept, tagging = Filters(partners=("AZ",)).apply(articles, tag_articles(articles))
        >>> len(articles), len(kept), sorted(set(tagging.links["partner_id"]))
        (4, 2, ['AZ'])
        """
        if not self:
            return articles, tagging
        keep = set(articles["article_id"].astype(str))
        if self.languages:
            keep &= set(articles.loc[articles["language"].isin(self.languages), "article_id"].astype(str))
        if self.sources:
            keep &= set(articles.loc[articles["source"].fillna("").isin(self.sources), "article_id"].astype(str))
        if self.since is not None or self.until is not None:
            keep &= self._in_years(tagging.years)
        links = tagging.links[tagging.links["article_id"].astype(str).isin(keep)]
        mentions, stages = tagging.mentions, tagging.stages
        if self.partners:
            wanted = self.partner_ids(set(tagging.links["partner_id"]) | set(tagging.mentions["partner_id"]))
            links = links[links["partner_id"].isin(wanted)]
            mentions = mentions[mentions["partner_id"].isin(wanted)]
            stages = stages[stages["partner_id"].isin(wanted)] if stages is not None else None
        if self.themes:
            links = links[links["theme_id"].isin(self.themes)]
        if self.partners or self.themes:  # the articles that say so, and no other
            keep &= set(links["article_id"].astype(str))
            mentions = mentions[mentions["partner_id"].isin(set(links["partner_id"]))]
            if stages is not None:
                stages = stages[stages["partner_id"].isin(set(links["partner_id"]))]

        def only(frame: pd.DataFrame | None) -> pd.DataFrame | None:
            if frame is None:
                return None
            return frame[frame["article_id"].astype(str).isin(keep)].reset_index(drop=True)

        kept = articles[articles["article_id"].astype(str).isin(keep)].reset_index(drop=True)
        kept.attrs = dict(articles.attrs)  # (what the load skipped is still what it skipped)
        return kept, Tagging(only(links), only(mentions), only(stages), only(tagging.sentences), only(tagging.years))

    def partner_ids(self, known: set[str]) -> set[str]:
        """The ids of ``known`` the partner filter means: an id as written when it exists, else
        the ids that match it without case ("who" finds the WHO; "CIS" is not the region "cis").

        >>> sorted(Filters(partners=("CIS", "who")).partner_ids({"CIS", "cis", "WHO", "IQ"}))
        ['CIS', 'WHO']
        """
        chosen = set()
        for partner in self.partners:
            chosen |= {partner} if partner in known else {k for k in known if k.lower() == partner.lower()}
        return chosen

    def _in_years(self, years: pd.DataFrame | None) -> set[str]:
        if years is None:
            return set()
        kept = set()
        for article_id, year in zip(years["article_id"], years["year_start"]):
            if pd.isna(year) or not str(year).strip():
                continue
            year = int(year)
            if (self.since is None or year >= self.since) and (self.until is None or year <= self.until):
                kept.add(str(article_id))
        return kept


def _year(value: object, name: str) -> int | None:
    if value is None or (isinstance(value, str) and not value.strip()):
        return None
    try:
        year = int(str(value).strip())
    except ValueError:
        raise FilterError(f"{name}: {value!r} is not a year") from None
    if not 1000 <= year <= 9999:
        raise FilterError(f"{name}: {value!r} is not a year")
    return year


def _items(value: object, upper: bool = False, keep_case: bool = False) -> tuple[str, ...]:
    if value is None:
        return ()
    parts = value.split(",") if isinstance(value, str) else [str(v) for v in value]
    cleaned = {p.strip() for p in parts if p and p.strip()}
    # Country codes are written upper case ("iq" -> "IQ"); partners are matched without case
    # anyway (Filters.apply), themes and languages are lower case.
    if upper:
        cleaned = {p.upper() if len(p) == 2 else p for p in cleaned}
    elif not keep_case:
        cleaned = {p.lower() for p in cleaned}
    return tuple(sorted(cleaned))
