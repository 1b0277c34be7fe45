"""Text normalization for matching, and a sentence splitter that keeps offsets.

The displayed text always stays as written; these functions build the form that
terms are *compared* in. Ideas borrowed from hazm's Normalizer (character
unification, affix spacing), without its heavy dependencies.

>>> normalize("كشورهاي عربي ۱۴۰۰")
'کشورهای عربی 1400'
>>> compact("بین‌الملل") == compact("بین الملل") == compact("بینالملل")
True
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

ZWNJ = "\u200c"

# Characters that only steer display direction: removed for matching (and, in
# htmlsafe, from quotes) so they can neither hide a term nor reorder a page.
BIDI_CONTROLS = "\u200e\u200f\u061c\u202a\u202b\u202c\u202d\u202e\u2066\u2067\u2068\u2069"

_CHAR_MAP = {
    "\u064a": "\u06cc",  # Arabic yeh -> Persian yeh
    "\u0649": "\u06cc",  # alef maksura -> Persian yeh
    "\u0643": "\u06a9",  # Arabic kaf -> keheh
    "\u06c0": "\u0647",  # heh with yeh above: the ezafe is dropped, as hazm does
    "\u0629": "\u0647",  # teh marbuta, common in Arabic loans written either way
    "\u0623": "\u0627",  # alef with hamza above
    "\u0625": "\u0627",  # alef with hamza below
    "\u0671": "\u0627",  # alef wasla
    "\u0624": "\u0648",  # waw with hamza
    "\u200d": "",  # ZWJ carries no meaning in Persian words
    "\u00a0": " ",
    "\u202f": ZWNJ,  # narrow no-break space is used as a ZWNJ stand-in by some editors
    "\u2019": "'",
    "\u2018": "'",
    "\u00ab": '"',
    "\u00bb": '"',
}
_CHAR_MAP.update({c: "" for c in BIDI_CONTROLS})
_CHAR_MAP["\u0640"] = ""  # tatweel
# Persian (U+06F0..) and Arabic-Indic (U+0660..) digits to ASCII.
_CHAR_MAP.update({chr(0x06F0 + d): str(d) for d in range(10)})
_CHAR_MAP.update({chr(0x0660 + d): str(d) for d in range(10)})
_TRANSLATE = str.maketrans(_CHAR_MAP)

# Harakat, superscript alef, Quranic marks: optional in writing, so never compared.
_DIACRITICS = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")
_ZWNJ_RUN = re.compile(f"{ZWNJ}{{2,}}")
# A ZWNJ only means something between two letters; beside a space or an edge it is noise.
_ZWNJ_EDGE = re.compile(rf"(?:(?<=\s){ZWNJ}+|{ZWNJ}+(?=\s)|^{ZWNJ}+|{ZWNJ}+$)", re.M)
_SPACES = re.compile(r"[ \t\f\v\u2000-\u200a\u3000]+")
_BLANK_LINES = re.compile(r"\s*\n\s*")
_PRESENTATION_FORMS = re.compile("[\ufb50-\ufdff\ufe70-\ufeff]")


def _fold_presentation_forms(text: str) -> str:
    # NFKC only on the Arabic presentation-form blocks: folding the whole text
    # would also rewrite things like superscripts and ligatures in English.
    if not _PRESENTATION_FORMS.search(text):
        return text
    return _PRESENTATION_FORMS.sub(lambda m: unicodedata.normalize("NFKC", m.group()), text)


def normalize(text: str) -> str:
    """Return ``text`` in the canonical form used for matching.

    Arabic ``ي ك ى`` become Persian ``ی ک ی``; Persian and Arabic-Indic digits
    become ASCII; diacritics, tatweel and bidi controls are removed; Arabic
    presentation forms are folded; stray ZWNJs are dropped and whitespace is
    collapsed (line breaks are kept, as single newlines). Idempotent.

    >>> normalize("ﻛﺘﺎب  ‌ عَلِي")
    'کتاب علی'
    >>> normalize("۱۲۳ و ٤٥٦")
    '123 و 456'
    >>> normalize(normalize("بين‌‌الملل")) == normalize("بين‌‌الملل") == "بین‌الملل"
    True
    """
    text = _fold_presentation_forms(text)
    text = text.translate(_TRANSLATE)
    text = _DIACRITICS.sub("", text)
    text = _ZWNJ_RUN.sub(ZWNJ, text)
    text = _ZWNJ_EDGE.sub("", text)
    text = _SPACES.sub(" ", text)
    text = _BLANK_LINES.sub("\n", text)
    return text.strip()


_SEPARATORS = re.compile(f"[ {ZWNJ}]+")


def compact(text: str) -> str:
    """Normalize and drop the spaces and ZWNJs *between* words.

    Persian writes the parts of a compound with a ZWNJ, a space or nothing;
    the compact form makes all three equal. It is a comparison key, not a
    text to show or to search for word boundaries.

    >>> compact("همکاری‌ها") == compact("همکاری ها") == compact("همکاریها")
    True
    """
    return _SEPARATORS.sub("", normalize(text))


# --- the form the tagger matches in -------------------------------------------------

# List separators (، , ; ؛ :) become a "," token: the tagger reads list structure
# from them. Other punctuation becomes a space, so "COVID-19" reads "covid 19".
_MATCH_SEPARATORS = re.compile(r"\s*[\u060c,;\u061b:]+\s*")
_MATCH_PUNCT = re.compile(r"[^\w\n,]+|_")
_MATCH_LINES = re.compile(r" *\n[ \n]*")
_MATCH_COMMAS = re.compile(r"(?: , )+")


def match_form(text: str) -> str:
    """Return the form terms are matched in: normalized, lower-cased, ZWNJ and
    punctuation turned into single spaces, list separators into a ``,`` token.

    Because a ZWNJ becomes a word break, ``دهند`` is a separate word in
    ``می‌دهند`` but not in ``میدهند``; both are safe from matching ``هند``.

    >>> match_form("Iran’s  Ministry؛ وزارت‌بهداشت، درمان")
    'iran s ministry , وزارت بهداشت , درمان'
    """
    return match_base(text).lower()


def match_base(text: str) -> str:
    """:func:`match_form` before lower-casing (the tagger checks acronyms' case on it).

    >>> match_base("WHO (EMRO)")
    'WHO EMRO'
    """
    text = normalize(text).replace(ZWNJ, " ")
    text = _MATCH_SEPARATORS.sub(" , ", text)
    text = _MATCH_PUNCT.sub(" ", text)
    text = re.sub(" {2,}", " ", text)
    text = _MATCH_COMMAS.sub(" , ", text)
    return _MATCH_LINES.sub("\n", text).strip(" \n")


# --- sentences ----------------------------------------------------------------------


@dataclass(frozen=True)
class Sentence:
    """A sentence of an article, with its offsets into the original text.

    ``text == original[start:end]`` always holds, so evidence can be quoted exactly.
    """

    start: int
    end: int
    text: str


# A sentence ends at . ! ? ؟ ؛ (and the ellipsis), unless the full stop sits between
# digits (3.5) or after a single Latin capital (U.S.); a line break always ends one.
_SENTENCE_END = re.compile(
    r"""(?:
        (?<![0-9])(?<!\b[A-Z])\.(?![0-9])   # full stop, not in 3.5 nor after an initial
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
    for match in _SENTENCE_END.finditer(text):
        _append_sentence(text, start, match.end(), sentences)
        start = match.end()
    _append_sentence(text, start, len(text), sentences)
    return sentences


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
