"""Sentences: where one ends, with its offsets in the text it was cut from.

A full stop after an abbreviation (Dr., Mr.) does not end a sentence; Persian and
Arabic marks (؟ ؛ …) and line breaks do.

>>> [s.text for s in split_sentences("Dr. Ali met them. They agreed.")]
['Dr. Ali met them.', 'They agreed.']
"""

from __future__ import annotations

import re
from collections.abc import Iterator
from dataclasses import dataclass


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with its offsets into the original text.

    ``text == original[start:end]`` always holds, so evidence can be quoted exactly.
    """

    start: int
    end: int
    text: str

    def __init__(self, start: int, end: int, text: str):
        # The generated __init__ of a frozen class sets each field through
        # object.__setattr__; an article has dozens of sentences.
        fields = self.__dict__
        fields["start"], fields["end"], fields["text"] = start, end, text


# A sentence ends at . ! ? ؟ ؛ (and the ellipsis), unless the full stop sits between
# digits (3.5) or after a single Latin capital (U.S.); a line break always ends one. A full
# stop after a number ends one: news often ends a sentence with a year or a count ("... in
# 2021. The deal ...").
_SENTENCE_END = re.compile(
    r"""(?:
        (?<!\b[A-Z])\.(?![0-9])            # full stop, not in 3.5 nor after an initial
        | [!?\u061f\u061b\u2026]            # ! ? ؟ ؛ …
    )+["'\u201d\u2019)\]»]*                 # closing quotes stay with their sentence
    (?=\s|$)
    |\n""",
    re.X,
)
_BULLET = re.compile(r"\s*(?:[\u2022\u25cf\u25aa\u2023\u2043\u25e6*\-\u2013\u2014]|\d{1,2}[.)])\s+")


def split_sentences(text: str) -> list[Sentence]:
    """Split ``text`` into sentences, keeping offsets into the original.

    Splits at ``. ! ? ؟ ؛``, at line breaks and before bullets; strips the
    bullet itself and surrounding whitespace from each sentence.

    >>> [s.text for s in split_sentences("Iran met Iraq. Talks went well!\\n• Medicine")]
    ['Iran met Iraq.', 'Talks went well!', 'Medicine']
    >>> s = split_sentences("سلام؟ خوب")[1]; "سلام؟ خوب"[s.start:s.end]
    'خوب'
    """
    sentences = []
    start = 0
    for end in _sentence_ends(text):
        _append_sentence(text, start, end, sentences)
        start = end
    _append_sentence(text, start, len(text), sentences)
    return sentences


def article_sentences(title: str, text: str) -> list[Sentence]:
    """An article's sentences in reading order: the title first (whole, when it is not
    blank; its offsets are into the title), then the text's. A sentence's index here is
    its ``sentence_id`` in the tables.

    >>> [s.text for s in article_sentences("Iran and Iraq", "They met. They agreed.")]
    ['Iran and Iraq', 'They met.', 'They agreed.']
    >>> len(article_sentences("  ", "They met."))
    1
    """
    return ([Sentence(0, len(title), title)] if title.strip() else []) + split_sentences(text)


# Every match of _SENTENCE_END starts with one of these characters.
_SENTENCE_END_FIRST = re.compile("[.!?\u061f\u061b\u2026\n]")
# Abbreviations of titles that stand before a name and (almost) never end a sentence:
# "H.E. Dr. S. Namaki" is one sentence. (Initials are caught by the pattern itself.)
ABBREVIATIONS = frozenset("Dr Mr Mrs Ms Prof Gen Col Lt Capt Sgt Hon Rev St Jr Sr Messrs Amb Sen Rep Gov "
                          "Dept No Nos vs Vol".split())
_WORD_BEFORE = re.compile(r"([A-Za-z]+)$")
# A month's abbreviation before a day ("RIYADH, Feb. 12 (Xinhua) --", "on Sept. 3"): a date, not an end.
# (The codebook's date_terms.csv lists them too, for dates; the text layer reads no codebook.)
MONTH_ABBREVIATIONS = frozenset("Jan Feb Mar Apr Jun Jul Aug Sep Sept Oct Nov Dec".split())
_DAY_AFTER = re.compile(r"[^\S\n]+[0-9]")


def _sentence_ends(text: str) -> Iterator[int]:
    """The ends of ``_SENTENCE_END.finditer(text)``, found faster: the pattern opens
    with look-behinds, so the engine would try it at every character; here it is
    tried only where a sentence-ending character stands."""
    search, match = _SENTENCE_END_FIRST.search, _SENTENCE_END.match
    position = 0
    while (candidate := search(text, position)) is not None:
        at = candidate.start()
        found = match(text, at)
        position = found.end() if found else at + 1
        if found and not (text[at] == "." and (_after_abbreviation(text, at) or _after_list_number(text, at)
                                               or _month_before_day(text, at))):
            yield position


_LIST_NUMBER = re.compile(r"[^\S\n]*[0-9]{1,2}")
_LIST_NUMBER_WIDTH = 8  # a line's start to its number's full stop, at most (indent and digits)


def _after_list_number(text: str, dot: int) -> bool:
    """The full stop of a numbered line's number ("1. Iran met Iraq."): a bullet, not an end.
    The same at the text's start as after a line break; only the last few characters are read."""
    newline = text.rfind("\n", max(0, dot - _LIST_NUMBER_WIDTH - 1), dot)
    if newline < 0 and dot > _LIST_NUMBER_WIDTH:
        return False  # the line started further back: a longer line than a number's
    return _LIST_NUMBER.fullmatch(text, newline + 1, dot) is not None


def _month_before_day(text: str, dot: int) -> bool:
    """The full stop of a month's abbreviation with a day after it: "Feb. 12" (one sentence)."""
    return _word_before_dot(text, dot) in MONTH_ABBREVIATIONS and _DAY_AFTER.match(text, dot + 1) is not None


def _after_abbreviation(text: str, dot: int) -> bool:
    return _word_before_dot(text, dot) in ABBREVIATIONS


def _word_before_dot(text: str, dot: int) -> str | None:
    """The Latin word that a full stop ends, a whole word (not the end of "iDr"), of 8 letters at
    most; None when there is none."""
    word = _WORD_BEFORE.search(text, max(0, dot - 8), dot)
    if word is None:
        return None
    before = text[word.start() - 1] if word.start() else " "
    return None if before.isalnum() or before == "_" else word.group(1)


def _append_sentence(text: str, start: int, end: int, out: list[Sentence]) -> None:
    bullet = _BULLET.match(text, start, end)
    if bullet:
        start = bullet.end()
    while start < end and text[start].isspace():
        start += 1
    while end > start and text[end - 1].isspace():
        end -= 1
    if end > start:
        out.append(Sentence(start, end, text[start:end]))
