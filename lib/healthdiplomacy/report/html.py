"""The one way article text gets into HTML.

Article text is data, never markup. Every string that came from an article -
title, sentence, source, partner name - reaches the report through
:func:`escape_text`, and everything else here (quotes with highlighted terms,
tables, evidence lists) is built from its output. The notebooks show HTML only
through these functions: no ``Markdown(...)`` of article text, no pandas
Styler, no ``to_html(escape=False)``.

>>> escape_text('<img src=x onerror=alert(1)>')
'&lt;img src=x onerror=alert(1)&gt;'
"""
from __future__ import annotations

import html
import html.parser
import re
from collections.abc import Iterable
from functools import lru_cache

import pandas as pd

from ..text.normalize import BIDI_CONTROLS, normalize
from .numbers import number


# Bidi controls could reorder the page around a quote; the other C0/C1 controls
# have no business in HTML text (NUL, backspace...). Newline and tab are kept.
_UNSAFE_CHARS = re.compile(
    f"[{BIDI_CONTROLS}\u0000-\u0008\u000b\u000c\u000e-\u001f\u007f-\u009f]")


_RTL_LANGUAGES = {"fa", "ar"}


_LANG_CODE = re.compile(r"[a-z]{2,3}")


# Harakat and the like: kept inside a highlight when they follow its last letter.
_COMBINING = re.compile("[\u064b-\u065f\u0670\u06d6-\u06ed]")


def escape_text(text: object) -> str:
    """Escape any value for HTML text or a quoted attribute value.

    Removes bidi override/embedding/isolate marks and control characters,
    then escapes ``& < > " '``. ``None`` and NaN become the empty string.

    >>> escape_text('"a" & \\u202eb')
    '&quot;a&quot; &amp; b'
    >>> escape_text(None)
    ''
    """
    if text is None or (isinstance(text, float) and text != text):
        return ""
    return html.escape(_UNSAFE_CHARS.sub("", str(text)), quote=True)


def quote_html(sentence: str, terms: str | Iterable[str] = (), lang: str = "fa") -> str:
    """A quoted sentence as an isolated ``<blockquote>``, matched terms in ``<mark>``.

    ``terms`` is a list or a "; "-joined string. Terms are found in the
    sentence as written, tolerant of ZWNJ/space/nothing between word parts,
    Arabic vs Persian ``ي ك``, diacritics, case and punctuation; a match must
    start at a word start. The sentence is cut at the match boundaries and
    each piece escaped on its own, so no HTML is ever built from raw text.

    >>> quote_html("همکاری دارويي با <b>عراق</b>", "دارویی; عراق")
    '<blockquote class="hd-quote" dir="rtl" lang="fa"><bdi>همکاری <mark>دارويي</mark> \
با &lt;b&gt;<mark>عراق</mark>&lt;/b&gt;</bdi></blockquote>'
    >>> quote_html("Iran & Iraq", ["iraq"], "en")
    '<blockquote class="hd-quote" dir="ltr" lang="en"><bdi>Iran &amp; <mark>Iraq</mark>\
</bdi></blockquote>'
    """
    dir_attr, lang_attr = _direction(lang)
    body = _marked(sentence, _term_list(terms))
    return (f'<blockquote class="hd-quote" dir="{dir_attr}"{lang_attr}>'
            f"<bdi>{body}</bdi></blockquote>")


def inline_html(text: object, lang: str = "und") -> str:
    """Escaped text in a ``<bdi>``, so a Persian name cannot flip its neighbours.

    >>> inline_html("آذربایجان", "fa")
    '<bdi dir="rtl" lang="fa">آذربایجان</bdi>'
    """
    dir_attr, lang_attr = _direction(lang)
    return f'<bdi dir="{dir_attr}"{lang_attr}>{escape_text(text)}</bdi>'


def table_html(df: pd.DataFrame, rtl_columns: Iterable[str] = (), index: bool = False,
               lang: str = "en", decimals: int | None = None) -> str:
    """An HTML table of ``df``; every header and cell through :func:`escape_text`.

    Text cells are isolated (``dir="auto"``, so a Persian title aligns right);
    cells of ``rtl_columns`` are always right-to-left Persian. Numbers are
    written in the digits of ``lang`` (the edition's language, see
    :func:`healthdiplomacy.report.numbers.number`), fractions with ``decimals`` places
    when given; text cells are never changed; a missing number is an empty cell.

    >>> table_html(pd.DataFrame({"name": ["<i>x</i>"], "n": [1]}))
    '<table class="hd-table"><thead><tr><th>name</th><th>n</th></tr></thead>\
<tbody><tr><td dir="auto">&lt;i&gt;x&lt;/i&gt;</td><td>1</td></tr></tbody></table>'
    >>> table_html(pd.DataFrame({"n": [12], "f1": [0.5]}), lang="fa", decimals=2).count("<td>۱۲</td><td>۰٫۵۰</td>")
    1
    """
    frame = df.reset_index() if index else df
    rtl = set(rtl_columns)
    head = "".join(f"<th>{escape_text(c)}</th>" for c in frame.columns)
    rows = []
    for values in frame.itertuples(index=False, name=None):
        cells = (_cell(v, c in rtl, lang, decimals) for c, v in zip(frame.columns, values))
        rows.append("<tr>" + "".join(cells) + "</tr>")
    return (f'<table class="hd-table"><thead><tr>{head}</tr></thead>'
            f'<tbody>{"".join(rows)}</tbody></table>')


# Styles for the fragments above; inline so the report needs no stylesheet file.
EVIDENCE_CSS = (
    ".hd-quote{margin:.3em 0 .6em;padding:.4em .8em;border-inline-start:4px solid #8aa;"
    "background:#f6f8f8;font-family:Vazirmatn,'DejaVu Sans',Tahoma,sans-serif;line-height:1.9}"
    ".hd-quote mark{background:#ffe08a;padding:0 .1em}"
    ".hd-theme{margin:1.2em 0 .3em}.hd-evidence{margin-block:.2em;margin-inline-start:1em}"
    ".hd-evidence summary{cursor:pointer}.hd-source{margin:.4em 0 .2em;color:#555;font-size:.9em}"
)


def _direction(lang: str) -> tuple[str, str]:
    """The ``dir`` value and the ``lang`` attribute (from a whitelist: never echoed raw)."""
    code = str(lang or "").lower()
    if not _LANG_CODE.fullmatch(code) or code == "und":
        return "auto", ""
    return ("rtl" if code in _RTL_LANGUAGES else "ltr"), f' lang="{code}"'


def _cell(value: object, rtl: bool, lang: str = "en", decimals: int | None = None) -> str:
    # dir on the cell both isolates the text and aligns it to its own start edge.
    if isinstance(value, str):
        direction = ' dir="rtl" lang="fa"' if rtl else ' dir="auto"'
        return f"<td{direction}>{escape_text(value)}</td>"
    if value is None or value is pd.NA or (isinstance(value, float) and value != value):
        return "<td></td>"  # a missing number (NaN, a nullable column's NA) is an empty cell
    places = decimals if isinstance(value, float) else None  # counts stay whole
    return f"<td>{escape_text(number(value, lang, places))}</td>"


def _term_list(terms: str | Iterable[str]) -> list[str]:
    if isinstance(terms, str):
        terms = terms.split(";")
    return [t.strip() for t in terms if t and str(t).strip()]


def _marked(sentence: str, terms: list[str]) -> str:
    """Escape ``sentence`` piece by piece, wrapping matched spans in ``<mark>``."""
    sentence = str(sentence)
    out, pos = [], 0
    for start, end in _match_spans(sentence, terms):
        out.append(escape_text(sentence[pos:start]))
        out.append(f"<mark>{escape_text(sentence[start:end])}</mark>")
        pos = end
    out.append(escape_text(sentence[pos:]))
    return "".join(out)


def _match_spans(sentence: str, terms: list[str]) -> list[tuple[int, int]]:
    """Non-overlapping (start, end) spans of the terms in ``sentence``, in order."""
    folded, origin = _fold_with_offsets(sentence)
    spans = []
    for term in sorted(set(terms), key=len, reverse=True):  # longest first wins overlaps
        key = "".join(_fold_char(ch) for ch in term)
        if not key:
            continue
        for found in re.finditer(re.escape(key), folded):
            start = origin[found.start()]
            if _word_start(sentence, start):
                spans.append((start, _extend_end(sentence, origin[found.end() - 1] + 1)))
    return _merge(spans)


def _fold_with_offsets(sentence: str) -> tuple[str, list[int]]:
    """The comparison form of ``sentence`` and, per folded char, its index in the original."""
    chars, origin = [], []
    for index, ch in enumerate(sentence):
        for folded in _fold_char(ch):
            chars.append(folded)
            origin.append(index)
    return "".join(chars), origin


@lru_cache(maxsize=4096)
def _fold_char(ch: str) -> str:
    # The tagger's normalization, one character at a time so offsets survive;
    # separators (space, ZWNJ, punctuation) fold to nothing, hence "space,
    # ZWNJ or nothing" between word parts all match.
    return "".join(c for c in normalize(ch).casefold() if c.isalnum())


def _word_start(sentence: str, start: int) -> bool:
    # Checked in the original: a space, ZWNJ or punctuation before the match is a
    # word break, a letter is not - so India "هند" is not marked inside "می‌دهند".
    before = sentence[:start].rstrip("".join(BIDI_CONTROLS))
    return not before or not (before[-1].isalnum() or _COMBINING.match(before[-1]))


def _extend_end(sentence: str, end: int) -> int:
    while end < len(sentence) and _COMBINING.match(sentence[end]):
        end += 1
    return end


def _merge(spans: list[tuple[int, int]]) -> list[tuple[int, int]]:
    merged: list[tuple[int, int]] = []
    for start, end in sorted(spans):
        if merged and start < merged[-1][1]:
            merged[-1] = (merged[-1][0], max(end, merged[-1][1]))
        else:
            merged.append((start, end))
    return merged


# --- what a page would load -----------------------------------------------------------


def network_references(page: str) -> list[str]:
    """Every URL in ``page`` that a browser would fetch from the network on load.

    Looks at ``src``/``href``/``data``/``poster``/``srcset`` of loading elements and
    at CSS ``url(...)``/``@import``. Links a reader may click (``<a href>``) are
    not fetched and not reported.

    >>> network_references('<link href="//x.org/a.css"><style>b{background:url(http://y/z)}</style>')
    ['//x.org/a.css', 'http://y/z']
    """
    finder = _ResourceFinder()
    finder.feed(page)
    finder.close()
    return [u for u in finder.urls if _REMOTE.match(u)]


_REMOTE = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*:)?//|(?:https?|ftp|wss?):")
_CSS_URL = re.compile(r"""(?i)(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
_LOADING_TAGS = {"script", "link", "img", "iframe", "frame", "embed", "object", "source",
                 "video", "audio", "track", "input", "image", "use", "base", "meta"}
_URL_ATTRS = {"src", "href", "data", "poster", "srcset", "xlink:href", "content"}


class _ResourceFinder(html.parser.HTMLParser):
    """Collects URLs from loading attributes, style attributes and <style> blocks only:
    escaped article text that happens to read "url(http://…)" is not a reference."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.urls.extend(u.strip() for u in _CSS_URL.findall(value))
            elif tag in _LOADING_TAGS and name in _URL_ATTRS:
                # srcset lists "url size, url size"
                self.urls.extend(p.split()[0] for p in value.split(",") if p.split())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(u.strip() for u in _CSS_URL.findall(data))
