"""The officials and places an article names: what ties two reports of one meeting.

Two reports of one meeting, one Persian and one English, share little wording but
name the same people by their titles and the same city: "Iraq's health minister ...
in Baghdad" and «وزیر بهداشت عراق ... در بغداد». Both are read here, language-neutral,
off the tagger's one match pass (the titles and cities are terms of the same automaton,
:func:`detail_terms`):

* an **official** is a title (``data/officials.csv``: ``health_minister``,
  ``foreign_minister``, ``ambassador``, ``representative``, ``president`` ...) with the
  country or organization the text says it belongs to, ``role:partner_id``. English
  names it right before the title ("Iraq's health minister", "the Iraqi health
  minister", "the WHO representative") or after a link word ("Minister of Health of
  Iraq"); Persian right after it (the ezafe: «وزیر بهداشت عراق») or after a link word
  («سفیر جمهوری آذربایجان»). A title with no country stated ("the minister's office",
  "the university president") is not read: "president" alone would tie two reports of
  two different presidents. Personal names are not read (their spelling differs across
  scripts: Einollahi, عین‌اللهی).
* a **place** is a city of ``data/places.csv`` named as where something happened: right
  after "in"/"at"/«در» (the ``in`` cues of ``cues.csv``), or after a link word ("in the
  city of Mashhad", «در شهر مشهد»). "Tehran" is a place even in an article where Iran
  is no partner; "Baghdad and Tehran agreed" (a capital standing for its government)
  is not; a longer partner name wins over a city inside it («اسلام آباد غرب» is Iranian,
  not Islamabad).

>>> from healthdiplomacy.coding.tagger import default_tagger
>>> coded = default_tagger().code("a", "", "Iraq's health minister met his Iranian counterpart in Baghdad "
...                               "and signed an agreement on medicine with Iran.")
>>> coded.years[0]["officials"], coded.years[0]["places"]
('health_minister:IQ', 'Baghdad')
"""

from __future__ import annotations

from collections.abc import Iterable

from ..codebook.tables import OFFICIAL_LINKS, Codebook
from ..text.normalize import match_form
from .matching import Hit, Term, resolve_overlaps

SEPARATOR = ";"  # between the officials (or places) of an article


def detail_terms(codebook: Codebook) -> list[Term]:
    """The titles (kind ``official``) and cities (kind ``place``) as matcher terms.

    >>> from healthdiplomacy.codebook.tables import load_codebook
    >>> terms = detail_terms(load_codebook())
    >>> sorted({t.kind for t in terms}), any(t.id == "link_country" for t in terms)
    (['official', 'place'], False)
    """
    terms = [Term("official", r.role, r.term, r.lang) for r in codebook.officials.itertuples(index=False)
             if r.role not in OFFICIAL_LINKS]
    return terms + [Term("place", r.place_id, r.term, r.lang) for r in codebook.places.itertuples(index=False)]


class DetailReader:
    """Reads officials and places off an article's hits (built once per codebook).

    >>> from healthdiplomacy.codebook.tables import load_codebook
    >>> "of" in DetailReader(load_codebook()).links["link_country"]
    True
    """

    def __init__(self, codebook: Codebook):
        self.links: dict[str, frozenset[str]] = {
            kind: frozenset(match_form(t) for t in codebook.officials.loc[codebook.officials["role"] == kind, "term"])
            for kind in OFFICIAL_LINKS}

    def officials(self, form: str, hits: Iterable[Hit], partners: list[Hit]) -> list[str]:
        """``role:partner_id`` of every title among ``hits`` whose country ``partners`` names
        (sorted, once each). ``form`` is the text the hits index (its match form).

        >>> from healthdiplomacy.codebook.tables import load_codebook
        >>> iq, title = Term("partner", "IQ", "iraqi", "en"), Term("official", "ambassador", "ambassador", "en")
        >>> DetailReader(load_codebook()).officials("the iraqi ambassador", [Hit(10, 20, 20, title)],
        ...                                          [Hit(4, 9, 9, iq)])
        ['ambassador:IQ']
        """
        found = set()
        for title in resolve_overlaps([h for h in hits if h.entry.kind == "official"]):
            owner = self._owner(form, title, partners)
            if owner:
                found.add(f"{title.entry.id}:{owner}")
        return sorted(found)

    def _owner(self, form: str, title: Hit, partners: list[Hit]) -> str:
        persian = title.entry.lang in ("fa", "ar")
        linked = self.links["link_country"]
        for partner in partners:  # (in text order: the nearest after the title comes first)
            if not persian and partner.word_end <= title.start:
                gap = _gap(form, partner.word_end, title.start)
                # (English marks a country owning the title after it with a genitive: "Iraq's")
                if gap is not None and (not gap or gap in self.links["link_genitive"]):
                    return partner.entry.id
            if partner.start >= title.word_end:
                gap = _gap(form, title.word_end, partner.start)
                if gap is not None and (gap in linked or persian and not gap):
                    return partner.entry.id
        return ""

    def places(self, form: str, hits: Iterable[Hit], partners: list[Hit]) -> list[str]:
        """The place ids among ``hits`` named right after an ``in`` cue (or a link word after
        it), sorted, once each; a longer name in ``partners`` over a city wins.

        >>> from healthdiplomacy.codebook.tables import load_codebook
        >>> cue, city = Term("cue", "in", "in", "en"), Term("place", "Baghdad", "baghdad", "en")
        >>> DetailReader(load_codebook()).places("met in baghdad", [Hit(4, 6, 6, cue), Hit(7, 14, 14, city)], [])
        ['Baghdad']
        """
        hits = list(hits)
        ins = [h for h in hits if h.entry.kind == "cue" and h.entry.id == "in"]
        names = resolve_overlaps([h for h in hits if h.entry.kind == "place"] + partners)
        found, between = set(), self.links["link_place"] | {""}
        for place in (h for h in names if h.entry.kind == "place"):
            if any(cue.word_end <= place.start and _gap(form, cue.word_end, place.start) in between for cue in ins):
                found.add(place.entry.id)
        return sorted(found)


def _gap(form: str, start: int, end: int) -> str | None:
    """The words between two hits, or None when a line (a sentence) ends between them."""
    text = form[start:end]
    return None if "\n" in text else " ".join(text.split())
