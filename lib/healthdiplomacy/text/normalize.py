"""Text normalization for matching: the form terms and text are *compared* in.

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
    "\u0626": "\u06cc",  # yeh with hamza: رئیس and رییس are one word
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

# --- the fast path ----------------------------------------------------------------
# The patterns above are the specification; normalize() runs equivalent, cheaper
# steps (tests/test_pipeline.py checks that they agree). Why: str.translate looks
# every non-ASCII character up in a dict (~100 ns each), and the regex engine
# skips quickly only to where a pattern's first character (class) can match; a
# pattern opening with a look-behind, \s* or X+ is tried at every position.
# So one scan finds the runs of characters that change and only those are
# translated. Presentation forms, diacritics and horizontal spaces join it
# (folded / deleted / turned into " "): each is a change of single characters,
# and no step in between their own passes could tell the difference.
_FAST_MAP = {**_CHAR_MAP, **{c: "" for c in map(chr, range(0x064B, 0x0660))}, "\u0670": "",
             **{c: "" for c in map(chr, range(0x06D6, 0x06EE))},
             **{c: " " for c in "\t\f\v\u3000" + "".join(map(chr, range(0x2000, 0x200B)))}}
_FAST_TRANSLATE = str.maketrans(_FAST_MAP)
_CHANGING = "".join(sorted(map(re.escape, _FAST_MAP))) + "\ufb50-\ufdff\ufe70-\ufeff"
_TO_CHANGE = re.compile(f"[{_CHANGING}][{_CHANGING}]*")
_ZWNJ_RUN_FAST = re.compile(f"{ZWNJ}{ZWNJ}+")
# = _ZWNJ_EDGE, written to start with the ZWNJ itself.
_ZWNJ_EDGE_FAST = re.compile(f"{ZWNJ}{ZWNJ}*(?!\\S)|{ZWNJ}(?<!\\S{ZWNJ}){ZWNJ}*")
_SPACE_RUN = re.compile("  +")
# A hamza after a word-final alef is optional in Persian spelling: اعضاء = اعضا, امضاء = امضا.
_FINAL_HAMZA = re.compile("\u0627\u0621(?![\u0600-\u06ff])")


def _change_run(match: re.Match) -> str:
    run = match.group()
    if _PRESENTATION_FORMS.search(run):
        run = _fold_presentation_forms(run)
    return run.translate(_FAST_TRANSLATE)


def _normalize_in_lines(text: str) -> str:
    """normalize() but its last step (line breaks and the ends are left as they are)."""
    text = _TO_CHANGE.sub(_change_run, text)
    if "\u0621" in text:
        text = _FINAL_HAMZA.sub("\u0627", text)
    if ZWNJ in text:
        text = _ZWNJ_RUN_FAST.sub(ZWNJ, text)
        text = _ZWNJ_EDGE_FAST.sub("", text)
    if "  " in text:
        text = _SPACE_RUN.sub(" ", text)
    return text


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
    text = _normalize_in_lines(text)
    if "\n" not in text:
        return text.strip()
    # = _BLANK_LINES.sub("\n", text).strip(): whitespace around a line break goes,
    # and so do blank lines.
    return "\n".join(filter(None, map(str.strip, text.split("\n"))))


_SEPARATORS = re.compile(f"[ {ZWNJ}]+")


# Ignoring case, an ASCII letter also matches four other letters (Python's re documents them).
_CASE_EXTRAS = (("\u0130", "i"), ("\u0131", "i"), ("\u017f", "s"), ("\u212a", "k"))


def case_folded(text: str) -> str:
    """``text`` lower-cased, with the letters that match an ASCII letter ignoring case made that
    letter. Where an ignore-case pattern of ASCII or caseless words (English, Persian) matches
    ``text``, the words lower-cased stand in the result: a plain search of it, much faster than
    one ignoring case, tells whether the pattern may match at all.

    >>> case_folded("Yesterday \u0130T \u017fee \u212aabul")
    'yesterday it see kabul'
    """
    for extra, letter in _CASE_EXTRAS:
        text = text.replace(extra, letter)
    return text.lower()


def compact(text: str) -> str:
    """Normalize and drop the spaces and ZWNJs *between* words.

    Persian writes the parts of a compound with a ZWNJ, a space or nothing;
    the compact form makes all three equal. It is a comparison key, not a
    text to show or to search for word boundaries.

    >>> compact("همکاری‌ها") == compact("همکاری ها") == compact("همکاریها")
    True
    """
    return normalize(text).replace(" ", "").replace(ZWNJ, "")  # = _SEPARATORS.sub("", ...), faster


# --- the form the tagger matches in -------------------------------------------------

# List separators (، , ; ؛ :) become a "," token: the tagger reads list structure
# from them. Other punctuation becomes a space, so "COVID-19" reads "covid 19".
_MATCH_SEPARATORS = re.compile(r"\s*[\u060c,;\u061b:]+\s*")
_MATCH_PUNCT = re.compile(r"[^\w\n,]+|_")
_MATCH_LINES = re.compile(r" *\n[ \n]*")
_MATCH_COMMAS = re.compile(r"(?: , )+")
# Fast equivalents (see match_base): separators away from line breaks, punctuation
# other than single spaces.
_MATCH_SEPARATOR_RUN = re.compile(r"[\u060c,;\u061b:][\u060c,;\u061b:]*")
_SEPARATOR_AT_BREAK = re.compile(r"[\u060c,;\u061b:][^\S\n]*\n")
_BREAK_AT_SEPARATOR = re.compile(r"\n[^\S\n]*[\u060c,;\u061b:]")
_MATCH_PUNCT_FAST = re.compile(r"[^\w\n, ][^\w\n, ]*")


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
    if _SEPARATOR_AT_BREAK.search(text) or _BREAK_AT_SEPARATOR.search(text):
        text = _MATCH_SEPARATORS.sub(" , ", text)  # it takes the line break too
    else:
        text = _MATCH_SEPARATOR_RUN.sub(" , ", text)
    text = _punctuation_to_spaces(text)
    # _MATCH_COMMAS would come here: after the collapse of spaces it never finds
    # two " , " in a row, so it changes nothing and is skipped.
    if "\n" not in text:
        return text.strip(" ")
    # = _MATCH_LINES.sub("\n", text).strip(" \n"), and a "," token left at a line's
    # edge (punctuation between it and the break became a space) is dropped: it
    # separates nothing, and a second pass would otherwise join the lines.
    return "\n".join(filter(None, (line.strip(" ,") for line in text.split("\n"))))


def normalize_lines(text: str) -> str:
    """:func:`normalize` of every line of ``text``, lines kept (even empty ones), in one
    pass: an article normalized once, one sentence a line.

    >>> normalize_lines("كشور  ۱۴۰۰\\n\\n عَلِي ") == "\\n".join(map(normalize, ["كشور  ۱۴۰۰", "", " عَلِي "]))
    True
    """
    return "\n".join(map(str.strip, _normalize_in_lines(text).split("\n")))


def match_base_lines(text: str, normalized: bool = False) -> str:
    """:func:`match_base` of every line of ``text``, lines kept (even empty ones),
    in one pass: the tagger's form of an article, one sentence a line.
    ``normalized``: ``text`` is :func:`normalize_lines` output already.

    >>> match_base_lines("Iran، Iraq\\n...\\nوزارت‌بهداشت")
    'Iran , Iraq\\n\\nوزارت بهداشت'
    >>> text = "Iran، Iraq\\n...\\nوزارت‌بهداشت"
    >>> match_base_lines(text) == "\\n".join(match_base(line) for line in text.split("\\n"))
    True
    """
    text = (text if normalized else normalize_lines(text)).replace(ZWNJ, " ")
    if "_" in text:  # rare: the general steps, line by line
        return "\n".join(match_base(line) for line in text.split("\n"))
    # Lines now hold no double spaces (normalize), so each run of non-word
    # characters, with the one space that may precede it, is replaced at once.
    text = _NON_WORD_RUN.sub(_non_word_run, text)
    return "\n".join(line.strip(" ") for line in text.split("\n"))


# A run of characters that match_base turns into spaces or a "," token, found from
# its first character that is not a space (single spaces between words stay).
_NON_WORD_RUN = re.compile(r"[^\w\n ][^\w\n]*")
_SEPARATOR_CHARS = frozenset("\u060c,;\u061b:")


def _non_word_run(match: re.Match) -> str:
    # What _MATCH_SEPARATORS, _MATCH_PUNCT and the collapse of spaces make of a
    # run within a line: one space, holding a "," for each run of separators.
    run = match.group()
    if len(run) == 1:
        out = " , " if run in _SEPARATOR_CHARS else " "
    else:
        out = " " + ", " * len(_MATCH_SEPARATOR_RUN.findall(run))
    start = match.start()
    return out[1:] if start and match.string[start - 1] == " " else out


def _punctuation_to_spaces(text: str) -> str:
    # = _MATCH_PUNCT.sub(" ", text) then re.sub(" {2,}", " ", ...): single spaces
    # are left alone (no replacement between every two words) and "_" goes first
    # (a pattern of one class is found faster than an alternation).
    text = _MATCH_PUNCT_FAST.sub(" ", text.replace("_", " "))
    return _SPACE_RUN.sub(" ", text) if "  " in text else text
