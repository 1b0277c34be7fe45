"""Decode the bytes of an article, and refuse what is not text.

Order: known binary signatures are refused; byte-order marks (UTF-8, UTF-16,
UTF-32) are trusted; bytes with NULs are UTF-16 without a BOM or binary;
then strict UTF-8; then an encoding the file declares (HTML ``<meta
charset>``); then the legacy code pages Persian is found in (Windows-1256
first, then ISO-8859-6 and DOS 720), then Windows-1252 for Western
text; charset-normalizer's guesses come last.

"It decoded" proves nothing: cp1256 decodes *any* byte string (a PNG too),
and a few cp1256 byte pairs are valid UTF-8 (``"آ،"`` is ``"¡"``). So every
candidate must pass :func:`is_plausible_text`, which checks that the letters
are in the script the encoding claims. Detectors are not trusted first: they
misread short Persian (a 9-character cp1256 string comes back as big5).
Nothing is ever decoded with ``errors="replace"``: a file that no candidate
explains is reported, not mangled.

>>> decode_bytes("سلام بر شما".encode("cp1256"))
('سلام بر شما', 'cp1256')
>>> decode_bytes("\\ufeffIran".encode("utf-8"))
('Iran', 'utf-8-sig')
>>> decode_bytes("Été à Paris".encode("cp1252"))
('Été à Paris', 'cp1252')
"""

from __future__ import annotations

import codecs
import re
import unicodedata
from collections.abc import Iterator

# File signatures of formats people rename to .txt by accident.
BINARY_SIGNATURES = {
    b"\x89PNG\r\n\x1a\n": "PNG image",
    b"\xff\xd8\xff": "JPEG image",
    b"GIF87a": "GIF image",
    b"GIF89a": "GIF image",
    b"%PDF-": "PDF document",
    b"PK\x03\x04": "ZIP archive (docx/xlsx?)",
    b"\xd0\xcf\x11\xe0": "old Office document",
    b"\x1f\x8b": "gzip archive",
    b"RIFF": "RIFF media",
    b"\x7fELF": "executable",
    b"MZ": "Windows executable",
    b"{\\rtf": "RTF document",
    b"SQLite format 3\x00": "SQLite database",
}

# UTF-32 first: its little-endian BOM starts with the UTF-16 one.
BOMS = ((b"\xff\xfe\x00\x00", "utf-32-le"), (b"\x00\x00\xfe\xff", "utf-32-be"),
        (b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"), (b"\xfe\xff", "utf-16-be"))

# Mac Arabic is not tried: it is obsolete, and it reads two bytes as one
# character (0x20 and 0xA0 are both a space), so it cannot round-trip.
ARABIC_CODE_PAGES = ("cp1256", "iso-8859-6", "cp720")
LATIN_CODE_PAGES = ("cp1252",)
LEGACY_ENCODINGS = ARABIC_CODE_PAGES + LATIN_CODE_PAGES

# Which script a legacy encoding's high half is for (Python codec names).
_CLAIMS = {**{codecs.lookup(e).name: "arabic" for e in ARABIC_CODE_PAGES + ("cp864", "mac-arabic")},
           **{codecs.lookup(e).name: "latin" for e in LATIN_CODE_PAGES + (
               "latin-1", "iso-8859-15", "cp850", "cp437", "mac-roman")}}

SAMPLE_CHARS = 20_000  # plausibility looks at the head only: cost stays flat per file


class DecodeError(ValueError):
    """The bytes are not text in any encoding we can vouch for."""


def binary_kind(data: bytes) -> str | None:
    """Name the binary format of ``data``, or ``None`` if it may be text.

    >>> binary_kind(b"\\x89PNG\\r\\n\\x1a\\n....")
    'PNG image'
    >>> binary_kind("متن".encode()) is None
    True
    """
    for signature, kind in BINARY_SIGNATURES.items():
        if data.startswith(signature):
            return kind
    return None


def decode_bytes(data: bytes, declared: str | None = None) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`DecodeError` with the reason.

    ``encoding`` is a Python codec name: ``utf-8``, ``utf-8-sig`` (with BOM),
    ``utf-16-le``/``utf-16-be`` (with or without BOM), ``utf-32-le``/``-be``
    (with BOM), ``cp1256``, ``iso8859-6``, ``cp720``, ``cp1252``, or what
    charset-normalizer found (checked like the rest). Whatever is returned
    encodes back to ``data`` (less a BOM): nothing is replaced or dropped. Pure ASCII is reported as ``utf-8``.
    ``declared`` is an encoding the file names itself (HTML ``<meta charset>``);
    it is tried after UTF-8 and must pass the same plausibility check.

    >>> decode_bytes("همکاری".encode("utf-16-le"))
    ('همکاری', 'utf-16-le')
    >>> decode_bytes(b"\\x89PNG\\r\\n\\x1a\\n\\x00\\x00")
    Traceback (most recent call last):
    ...
    healthdiplomacy.text.encoding.DecodeError: binary file (PNG image)
    """
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"binary file ({kind})")
    decoded = _decode_with_bom(data)
    if decoded:
        return decoded
    if b"\x00" in data:
        # Text never holds NUL bytes, except UTF-16/32 written without a BOM.
        decoded = _utf16_without_bom(data)
        if decoded:
            return decoded
        raise DecodeError("binary file (NUL bytes)")
    for text, encoding, script in _candidates(data, declared):
        if is_plausible_text(text, script):
            return text, encoding
    raise DecodeError(_why_undecodable(data))


def _why_undecodable(data: bytes) -> str:
    try:
        data.decode("utf-8")
    except UnicodeDecodeError as exc:
        if exc.reason == "unexpected end of data" and exc.end == len(data):
            return "undecodable bytes: UTF-8 text that ends in the middle of a character (truncated?)"
        before = data[:exc.start].decode("utf-8")
        if sum(ord(c) > 0x7F for c in before) >= 4:  # UTF-8 text up to there: say where it breaks
            return f"undecodable bytes: UTF-8 text that has an invalid byte at offset {exc.start:,}"
    else:
        return "binary file (valid UTF-8, but mostly control characters)"
    return "undecodable bytes: not UTF-8, UTF-16 or a Persian/Arabic/Western code page"


def _decode_with_bom(data: bytes) -> tuple[str, str] | None:
    for bom, encoding in BOMS:
        if data.startswith(bom):
            codec = encoding.replace("-sig", "")
            try:
                text = data[len(bom):].decode(codec)
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{encoding} byte-order mark but invalid bytes ({exc.reason})") from None
            if not is_plausible_text(text):
                raise DecodeError(f"{encoding} byte-order mark but no plausible text follows")
            return text, encoding
    return None


def _candidates(data: bytes, declared: str | None) -> Iterator[tuple[str, str, str | None]]:
    """Yield (text, encoding, claimed script) in the order they are believed."""
    tried: set[str] = set()
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError:
        pass
    else:
        if _utf8_may_be_cp1256(text):
            yield from _decoded(data, "cp1256", tried)
        yield text, "utf-8", None
        if not text.isascii():
            # Multi-byte UTF-8 is no accident: if it is not text, no code page
            # would make it text (it would only hide the control characters).
            return
        tried.add("utf-8")
    if declared:
        yield from _decoded(data, declared, tried)
    utf16 = _utf16_without_bom(data)  # Persian-only UTF-16 has no NUL byte
    if utf16:
        yield (*utf16, None)
    for encoding in LEGACY_ENCODINGS:
        yield from _decoded(data, encoding, tried)
    yield from _charset_normalizer_guesses(data, tried)


def _decoded(data: bytes, encoding: str, tried: set[str]) -> Iterator[tuple[str, str, str | None]]:
    try:
        name = codecs.lookup(encoding).name
    except LookupError:  # a <meta charset> naming nothing Python knows
        return
    if name in tried:
        return
    tried.add(name)
    try:
        text = data.decode(name)
    except UnicodeDecodeError:
        return
    # A codec that maps two bytes to one character (cp875 reads 0xFC and 0xFD alike) would
    # lose a byte: a reading is only taken when it encodes back to the very same bytes.
    if not name.startswith("utf"):  # (UTF codecs are lossless; utf-16 would add a BOM on the way back)
        try:
            if text.encode(name) != data:
                return
        except UnicodeEncodeError:
            return
    yield text, name, _CLAIMS.get(name, "one")


_UNEXPECTED_2BYTE = re.compile(r"[\u0080-\u00bf\u0250-\u05ff\u0700-\u07ff]")
_EXPECTED_LETTER = re.compile(r"[A-Za-z\u00c0-\u024f\u0621-\u064a\u066e-\u06d3]")


def _utf8_may_be_cp1256(text: str) -> bool:
    # Short cp1256 Persian can be valid UTF-8 ("سگ" is "Ӑ"): then the UTF-8
    # reading has no Latin or Persian letter, only 2-byte characters from
    # scripts this corpus does not expect. Only then is cp1256 asked first.
    return (len(text) <= 200 and not text.isascii() and _UNEXPECTED_2BYTE.search(text) is not None
            and _EXPECTED_LETTER.search(text) is None and all(ord(c) < 0x800 for c in text))


# UTF-16 high bytes of the text we expect: ASCII and Latin-1 (00), Arabic (06),
# punctuation and ZWNJ (20), Arabic presentation forms (FB-FE).
_UTF16_HIGH_BYTES = (0x00, 0x06, 0x20, 0xFB, 0xFC, 0xFD, 0xFE)


def _utf16_without_bom(data: bytes) -> tuple[str, str] | None:
    if len(data) < 2 or len(data) % 2:
        return None
    half = len(data) // 2
    for encoding, high, low in (("utf-16-le", data[1::2], data[0::2]), ("utf-16-be", data[0::2], data[1::2])):
        high_share = sum(high.count(b) for b in _UTF16_HIGH_BYTES) / half
        low_share = sum(low.count(b) for b in _UTF16_HIGH_BYTES) / half
        if high_share >= 0.9 and low_share < 0.6:
            try:
                text = data.decode(encoding)
            except UnicodeDecodeError:
                return None
            return (text, encoding) if is_plausible_text(text) else None
    return None


def _charset_normalizer_guesses(data: bytes, tried: set[str]) -> Iterator[tuple[str, str, str | None]]:
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return
    for match in from_bytes(data):
        # UTF-16/32 have their own, stricter detection above; a BOM-less UTF-16
        # guess for bytes that failed it is CJK noise.
        if match.encoding and not match.encoding.startswith("utf"):
            yield from _decoded(data, match.encoding, tried)


# --- plausibility ----------------------------------------------------------------------

_CONTROL = re.compile(r"[\x00-\x08\x0b\x0e-\x1f\x7f-\x9f\ud800-\udfff\ue000-\uf8ff\ufffd\ufffe\uffff]")
_LETTER = re.compile(r"[^\W\d_]")
_NON_ASCII_LATIN = re.compile(r"[\u00aa\u00b5\u00ba\u00c0-\u00d6\u00d8-\u00f6\u00f8-\u024f\u1e00-\u1eff]")
# The Persian/Arabic alphabet proper (no Urdu-only letters: cp1256 decodes ں ٹ ڈ
# ڑ ہ ھ ے from bytes that are UTF-8 continuation bytes and symbols in noise).
_PERSIAN_ARABIC = "\u0621-\u063a\u0641-\u064a\u067e\u0686\u0698\u06a9\u06af\u06cc\u06c0"
_PERSIAN_ARABIC_LETTER = re.compile(f"[{_PERSIAN_ARABIC}]")
# A Latin letter touching an Arabic letter or mark inside one word: never in
# real text, everywhere when a Latin-1 file is read as cp1256 ("ضsterreich").
_LATIN, _ARABIC_WORD = "A-Za-z\u00c0-\u024f", "\u0621-\u065f\u066e-\u06d3"
_JUNCTION = re.compile(f"[{_LATIN}][{_ARABIC_WORD}]|[{_ARABIC_WORD}][{_LATIN}]")
# Non-ASCII characters that real text holds besides letters.
_PUNCTUATION = ("\u00a0\u00ab\u00bb\u00b7\u00d7\u00f7\u200c\u200d\u200e\u200f"
                "\u2013\u2014\u2018\u2019\u201c\u201d\u2022\u2026")
_ARABIC_EXTRA = "\u060c\u061b\u061f\u0640\u066a\u066b\u066c\u064b-\u0652\u0670\u0660-\u0669\u06f0-\u06f9"
_LATIN_EXTRA = ("\u00a1-\u00bf\u00d7\u00f7\u0152\u0153\u0160\u0161\u0178\u017d\u017e\u0192"
                "\u02c6\u02dc\u2020\u2021\u2030\u2039\u203a\u20ac\u2122")
_ODD = {"arabic": re.compile(f"[^\x00-\x7f{_PUNCTUATION}{_ARABIC_EXTRA}{_PERSIAN_ARABIC}\u00c0-\u024f]"),
        "latin": re.compile(f"[^\x00-\x7f{_PUNCTUATION}{_LATIN_EXTRA}\u00c0-\u024f]")}


def is_plausible_text(text: str, script: str | None = None) -> bool:
    """True when ``text`` looks like prose, not bytes decoded with the wrong table.

    Always: few control characters; and a text without a single letter must
    not hold the symbols cp1256 byte pairs turn into when read as UTF-8
    (``"¡"``, U+0080-U+00BF and the 2-byte scripts). ``script`` is what the
    encoding claims:

    - ``None`` (UTF-8/16/32, which are self-checking): nothing more.
    - ``"arabic"`` (cp1256 ...): at least 90% of the non-ASCII letters are
      Persian/Arabic, Latin letters never touch Arabic ones inside a word,
      and at most 1 in 20 non-ASCII characters is a stray symbol.
    - ``"latin"`` (cp1252): at most half the letters are accented (a Persian
      file read as cp1252 is *all* accented letters: ``ÓáÇã``).
    - ``"one"`` (charset-normalizer's other guesses): at least 16 non-ASCII
      letters, 90% of them in one script (short Persian read as big5 is a
      scatter of CJK and Hangul; too short to tell is refused).

    >>> is_plausible_text("همکاری بهداشتی ایران و عراق")
    True
    >>> is_plausible_text("آ،".encode("cp1256").decode("utf-8"))  # valid UTF-8, wrong text
    False
    >>> is_plausible_text("Österreich".encode("latin-1").decode("cp1256"), "arabic")
    False
    >>> is_plausible_text("سلام".encode("utf-8").decode("cp1256"), "arabic")
    False
    """
    sample = text[:SAMPLE_CHARS]
    if len(_CONTROL.findall(sample)) > max(2, len(sample) // 200):
        return False
    if not _LETTER.search(sample):
        # No letter to judge by: refuse only the 2-byte range cp1256 pairs land in.
        return _UNEXPECTED_2BYTE.search(sample) is None
    if script == "arabic":
        return _reads_as_arabic(sample)
    if script == "latin":
        return _reads_as_latin(sample, len(_LETTER.findall(sample)))
    if script == "one":
        return _mostly_one_script(sample, len(_LETTER.findall(sample)))
    return True


def _reads_as_arabic(sample: str) -> bool:
    arabic = len(_PERSIAN_ARABIC_LETTER.findall(sample))
    latin = len(_NON_ASCII_LATIN.findall(sample))
    odd = len(_ODD["arabic"].findall(sample))
    junctions = len(_JUNCTION.findall(sample))
    return (arabic > 0 and arabic >= 9 * latin and 20 * odd <= arabic and 10 * junctions <= arabic)


def _reads_as_latin(sample: str, letters: int) -> bool:
    accented = len(_NON_ASCII_LATIN.findall(sample))
    odd = len(_ODD["latin"].findall(sample))
    return 2 * accented <= letters and 20 * odd <= letters


def _mostly_one_script(sample: str, letters: int) -> bool:
    # Only for charset-normalizer's guesses, a rare path: unicodedata is slow.
    scripts: dict[str, int] = {}
    for char in _LETTER.findall(sample):
        if not char.isascii():
            script = unicodedata.name(char, "?").split(" ", 1)[0]
            scripts[script] = scripts.get(script, 0) + 1
    non_ascii = sum(scripts.values())
    odd = sum(1 for c in sample if not c.isascii() and unicodedata.category(c)[0] in "SC"
              and c not in _PUNCTUATION)
    return non_ascii >= 16 and max(scripts.values()) >= 0.9 * non_ascii and 20 * odd <= letters
