"""Find codebook terms in text: one Aho-Corasick pass per article, whole words only.

Terms and text are compared in :func:`~healthdiplomacy.text.normalize.match_form`.
A Persian term also matches with inflectional suffixes (ها، های، ی، ای، ان ...)
but never inside another word; the parts of a multiword Persian term match
across a space, a ZWNJ or nothing; English is case-insensitive (all-capital
acronyms such as ``WHO`` keep their case) with plural ``s``/``es``.

>>> matcher = TermMatcher([Term("partner", "CN", "چین", "fa"), Term("partner", "IN", "هند", "fa")])
>>> [h.entry.id for h in matcher.find(match_form("همچنین هیات چینی به هند رفت و می‌دهند"))]
['CN', 'IN']
"""

from __future__ import annotations

import bisect
import itertools
import operator
import re
from collections.abc import Iterable
from dataclasses import dataclass, field
from typing import NamedTuple

import ahocorasick

from ..text.normalize import match_base, match_form

# Inflectional suffixes a Persian term may carry (plural, ezafe/indefinite/adjectival
# ی, possessives). Not ش: "چینش" (arrangement) must not read as China. ایی is the adjective of
# a name ending in ی: "اندونزیایی", "رومانیایی", "شیلیایی" (Indonesian, Romanian, Chilean).
PERSIAN_SUFFIXES = frozenset(
    "ها های هایی هایم هایت هایش هایمان هایتان هایشان ی ای یی ایی ان ات یان مان تان شان".split()
)
ENGLISH_SUFFIXES = frozenset({"s", "es"})
_ACRONYM = re.compile(r"[A-Z][A-Z0-9]+")
MAX_JOIN_VARIANTS = 4  # a term with more spaces gets only its spaced and joined forms


@dataclass(frozen=True, slots=True)
class Term:
    """One codebook term: ``kind`` (partner/theme/exclusion/cue), the id it stands for.

    With slots: every hit's term is asked for its kind and id, a few million times per 2,000
    articles, and a slot is read without the look-up in an instance dict.
    """

    kind: str
    id: str
    term: str
    lang: str
    ambiguous: bool = False
    demonym: bool = False  # a partner's demonym ("Chinese", "چینی"): "Chinese-made" is an origin
    # All-capital Latin acronyms (WHO, ECO, NAM) must match in capitals: "who" is a pronoun. Set
    # once, as the term is made (asked for every hit; a regex each time showed in profiles); not
    # compared, hashed or shown: it follows from the term.
    case_sensitive: bool = field(init=False, repr=False, compare=False)

    def __post_init__(self):
        object.__setattr__(self, "case_sensitive", bool(_ACRONYM.fullmatch(self.term)))


class Hit(NamedTuple):
    """A term found in the match form: ``start:end`` covers the term, ``word_end`` its suffix too.

    A named tuple, not a class instance: a tagger makes hundreds of hits per article (most
    of them cues), and a tuple is made in one C call (:meth:`TermMatcher.find` calls
    ``tuple.__new__`` directly) and its fields read without a dict lookup.

    >>> Hit(3, 7, 9, Term("partner", "IQ", "iraq", "en")).length
    4
    """

    start: int
    end: int
    word_end: int
    entry: Term

    @property
    def length(self) -> int:
        return self.end - self.start


def term_keys(term: Term) -> set[str]:
    """The match-form keys a term is searched under.

    >>> sorted(term_keys(Term("theme", "health_tourism", "گردشگری سلامت", "fa")))
    ['گردشگری سلامت', 'گردشگریسلامت']
    """
    key = match_form(term.term)
    if not key:
        return set()
    keys = {key}
    if _is_arabic_script(key) or any(ch.isdigit() for ch in key):
        parts = key.split(" ")
        gaps = len(parts) - 1
        if 0 < gaps <= MAX_JOIN_VARIANTS:
            for joins in itertools.product((" ", ""), repeat=gaps):
                keys.add(parts[0] + "".join(j + p for j, p in zip(joins, parts[1:])))
        elif gaps:
            keys.add("".join(parts))
    return keys


def _is_arabic_script(text: str) -> bool:
    return any("\u0600" <= ch <= "\u06ff" for ch in text)


class TermMatcher:
    """An Aho-Corasick automaton over every term of a codebook.

    ``bucket`` (a term -> 0 .. ``buckets`` - 1) says in which list :meth:`find_split` puts
    a term's hits (by default all in one).
    """

    def __init__(self, terms: list[Term], bucket=None, buckets: int = 1):
        self.automaton = ahocorasick.Automaton()
        self.buckets = buckets
        entries: dict[str, list[Term]] = {}
        for term in terms:
            for key in term_keys(term):
                entries.setdefault(key, []).append(term)
        for key, found in entries.items():
            suffixes = PERSIAN_SUFFIXES if _is_arabic_script(key) else ENGLISH_SUFFIXES
            # Each entry with the list it goes to; and with its case check, only when an acronym is
            # among them: for most keys the walk makes their hits with no check at all.
            placed = tuple((bucket(entry) if bucket else 0, entry) for entry in found)
            checks = tuple((b, e, e.case_sensitive) for b, e in placed) \
                if any(entry.case_sensitive for entry in found) else None
            self.automaton.add_word(key, (len(key), suffixes, placed, checks))
        self.automaton.make_automaton()
        self.size = len(entries)
        # The same keys written after a space or a line break (their values, and so the offsets the
        # walk computes, unchanged): in a match form every word starts after one of them, and a walk
        # of this automaton meets only the matches that start a word (see find_split's ``spaced``).
        # Most matches that do not start one are cues inside longer words ("با" in "بازار").
        self.word_starts = ahocorasick.Automaton()
        for key, value in self.automaton.items():
            self.word_starts.add_word(" " + key, value)
            self.word_starts.add_word("\n" + key, value)
        self.word_starts.make_automaton()

    def find(self, text: str, base: str | None = None, within: tuple[int, int] | None = None) -> list[Hit]:
        """Every whole-word occurrence of every term in ``text`` (a match form).

        ``base`` is the same text before lower-casing, used to check acronyms' case.
        Overlaps are kept: :func:`resolve_overlaps` chooses among them. ``within`` =
        (start, end) finds only the terms inside ``text[start:end]``, at their offsets in
        ``text``: one line of an article (the text around it is a line break), found where
        it stands, as if it were found alone and its hits moved there.

        >>> matcher = TermMatcher([Term("partner", "IQ", "iraq", "en")])
        >>> [(h.start, h.end) for h in matcher.find("iraq\\niraqi\\niraq", within=(5, 15))]
        [(11, 15)]
        """
        hits: list[Hit] = []
        start, end = within or (0, len(text))
        self._walk(text, base, start, end, [hits.append] * self.buckets)  # (every list is the one list)
        return hits

    def find_split(self, text: str, base: str | None, start: int, end: int,
                   spaced: bool = False) -> list[list[Hit]]:
        """The hits :meth:`find` finds in ``text[start:end]`` (``within``), each in the list of its
        term's bucket (see the class): as if each list were ``find``'s hits of those terms alone,
        in the same order, but made in one walk over the matches.

        ``spaced``: the caller vouches that ``text`` is a match form made by
        :func:`~healthdiplomacy.text.normalize.match_base_lines` (or its lower case, of the same
        length), where every character is a letter or digit, a space, a line break or a comma
        standing as a word of its own, and that a line break or a space stands before ``start``
        (when it is not 0). Then a word starts exactly where a space or a line break stands before
        it, and the walk reads only the matches that start one (the same hits, found faster).

        >>> iraq, ministry = Term("partner", "IQ", "iraq", "en"), Term("cue", "agent", "ministry", "en")
        >>> matcher = TermMatcher([iraq, ministry], lambda t: t.kind == "cue", 2)
        >>> [[h.entry.id for h in hits] for hits in matcher.find_split("iraq ministry", None, 0, 13)]
        [['IQ'], ['agent']]
        """
        lists: list[list[Hit]] = [[] for _ in range(self.buckets)]
        self._walk(text, base, start, end, [hits.append for hits in lists], spaced)
        return lists

    def _walk(self, text: str, base: str | None, start: int, end: int, adds: list, spaced: bool = False) -> None:
        """The one walk over the automaton's matches in ``text[start:end]`` that :meth:`find` and
        :meth:`find_split` share: each whole-word hit given to ``adds[its term's bucket]``."""
        if base is not None and len(base) != len(text):
            # lower() changed the length (rare: e.g. 'İ'): skip case checks, and walk plainly (the
            # lower case may hold marks that are no letters, 'i̇')
            base, spaced = None, False
        make = tuple.__new__  # Hit(...) without the Python-level __new__ of a named tuple
        size = len(text)
        # A spaced text is walked with the keys after a space or a line break, from the one before
        # ``start`` (see find_split): every match starts a word. (Not from the text's start, where
        # no character stands before the first word: the plain walk and its check there.)
        spaced = spaced and start > 0
        matches = self.word_starts.iter(text, start - 1, end) if spaced else self.automaton.iter(text, start, end)
        # This loop runs for every match in the corpus: _word_end is inlined for the
        # common case (the match ends the word) and lookups are kept local.
        for last, (length, suffixes, placed, checks) in matches:
            first, stop = last - length + 1, last + 1
            if not spaced and first and text[first - 1].isalnum():
                continue
            if stop < size and text[stop].isalnum():
                word_end = _word_end(text, stop, size, suffixes)
                if word_end < 0:
                    continue
            else:
                word_end = stop
            if checks is None:
                for bucket, entry in placed:
                    adds[bucket](make(Hit, (first, stop, word_end, entry)))
                continue
            for bucket, entry, case_sensitive in checks:
                if case_sensitive and base is not None and not _same_case(base, first, stop, word_end, entry.term):
                    continue
                adds[bucket](make(Hit, (first, stop, word_end, entry)))


def _same_case(base: str, start: int, end: int, word_end: int, term: str) -> bool:
    """An acronym as written: the very letters, and a suffix after it in lower case only ("PRCs",
    not "PRCS", the Pakistan Red Crescent Society, which is no "PRC").

    >>> _same_case("PRCS", 0, 3, 4, "PRC"), _same_case("PRCs", 0, 3, 4, "PRC"), _same_case("prc", 0, 3, 3, "PRC")
    (False, True, False)
    """
    return base[start:end] == term and (word_end == end or not any(ch.isupper() for ch in base[end:word_end]))


def _word_end(text: str, end: int, size: int, suffixes: frozenset[str]) -> int:
    """Where the word that a match ends in stops, or -1 if the rest is no suffix."""
    if end >= size or not text[end].isalnum():
        return end
    stop = end
    while stop < size and text[stop].isalnum():
        stop += 1
    return stop if text[end:stop] in suffixes else -1


_START, _END = operator.itemgetter(0), operator.itemgetter(1)  # Hit.start, Hit.end


def resolve_overlaps(hits: list[Hit]) -> list[Hit]:
    """Leftmost-longest: among overlapping hits keep the longer, then the earlier.

    An exclusion phrase thus swallows every term inside it, and "South Sudan"
    wins over "Sudan". Hits on the very same span all survive (one term may
    stand for two entries).

    >>> a, b = Term("partner", "SD", "sudan", "en"), Term("partner", "SS", "south sudan", "en")
    >>> [h.entry.id for h in resolve_overlaps([Hit(6, 11, 11, a), Hit(0, 11, 11, b)])]
    ['SS']
    """
    # By start, then longest first (end descending): two stable sorts on C-level keys, not a
    # Python key function per hit (the tagger resolves every sentence's names and cues).
    ordered = sorted(sorted(hits, key=_END, reverse=True), key=_START)
    kept: list[Hit] = []
    taken_until = -1
    for hit in ordered:
        if hit.start >= taken_until:
            kept.append(hit)
            taken_until = hit.end
        elif kept and (hit.start, hit.end) == (kept[-1].start, kept[-1].end):
            kept.append(hit)
    return kept


class Spans:
    """Spans of text, asked whether one of them holds a given span (not the span itself).

    A question costs a binary search, not a scan of every span: the tagger asks it
    for every cue of an article against every name and theme.

    >>> spans = Spans([(0, 10), (20, 25)])
    >>> spans.contain(2, 5), spans.contain(20, 25), spans.contain(8, 12), spans.contain(21, 22)
    (True, False, False, True)
    >>> 2 in spans.covered, 10 in spans.covered, 15 in spans.covered
    (True, False, False)
    """

    def __init__(self, spans: Iterable[tuple[int, int]]):
        self.spans = sorted(spans)
        # Every offset inside a span (its end excluded). A span with text in it that another
        # holds starts at one of them: for most hits of a sentence one set look-up says no.
        # (range over each span by starmap: no Python-level loop over the spans)
        self.covered = frozenset(itertools.chain.from_iterable(itertools.starmap(range, self.spans)))
        # The spans' starts, and the furthest end among the spans up to each one (past it, nothing
        # can hold): built at the first question the covered offsets do not answer (most sentences
        # ask none).
        self._starts: list[int] | None = None
        self._reach: list[int] = []

    def contain(self, start: int, end: int) -> bool:
        """Whether a span other than ``(start, end)`` itself covers ``start..end``."""
        # Every span before index i starts at or before ``start``; walking back from i - 1,
        # once the furthest end so far falls short of ``end`` no earlier span can hold it.
        # (Most questions stop at the first step: no copy of the spans, no scan of them all.)
        if self._starts is None:
            self._starts = [s for s, _ in self.spans]
            self._reach = list(itertools.accumulate((e for _, e in self.spans), max))
        spans, reach = self.spans, self._reach
        i = bisect.bisect_right(self._starts, start) - 1
        while i >= 0 and reach[i] >= end:
            s, e = spans[i]
            if e >= end and (s, e) != (start, end):
                return True
            i -= 1
        return False


__all__ = ["Hit", "Spans", "Term", "TermMatcher", "match_base", "match_form", "resolve_overlaps", "term_keys"]
