"""Decode the bytes of an article, and refuse what is not text.

Order: byte-order marks, strict UTF-8, UTF-16 without a BOM, then the legacy
code pages Persian text is found in (Windows-1256 first), then
charset-normalizer's guess. Every candidate must pass a plausibility check:
cp1256 decodes *any* byte string (a PNG too) and a few cp1256 byte pairs are
valid UTF-8, so "it decoded" proves nothing. Nothing is ever decoded with
``errors="replace"``: a file that no candidate explains is reported, not mangled.

>>> decode_bytes("سلام بر شما".encode("cp1256"))
('سلام بر شما', 'cp1256')
>>> decode_bytes("\\ufeffIran".encode("utf-8"))
('Iran', 'utf-8-sig')
"""

from __future__ import annotations

import unicodedata

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
}

LEGACY_ENCODINGS = ("cp1256", "iso-8859-6", "cp720", "mac-arabic", "cp1252")


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


def decode_bytes(data: bytes) -> tuple[str, str]:
    """Return ``(text, encoding)`` or raise :class:`DecodeError` with the reason."""
    kind = binary_kind(data)
    if kind:
        raise DecodeError(f"binary file ({kind})")
    for bom, encoding in ((b"\xef\xbb\xbf", "utf-8-sig"), (b"\xff\xfe", "utf-16-le"),
                          (b"\xfe\xff", "utf-16-be")):
        if data.startswith(bom):
            try:
                text = data[len(bom):].decode(encoding.replace("-sig", ""))
            except UnicodeDecodeError as exc:
                raise DecodeError(f"{encoding} byte-order mark but invalid bytes ({exc.reason})") from None
            return text, (encoding if encoding == "utf-8-sig" else "utf-16")
    for text, encoding in _candidates(data):
        if is_plausible_text(text):
            return text, encoding
    if b"\x00" in data:
        raise DecodeError("binary file (NUL bytes)")
    raise DecodeError("undecodable bytes: not UTF-8, UTF-16 or a Persian/Arabic code page")


def _candidates(data: bytes):
    try:
        yield data.decode("utf-8"), "utf-8"
    except UnicodeDecodeError:
        pass
    utf16 = _utf16_without_bom(data)
    if utf16:
        yield utf16
    for encoding in LEGACY_ENCODINGS:
        try:
            yield data.decode(encoding), encoding
        except UnicodeDecodeError:
            continue
    guess = _charset_normalizer_guess(data)
    if guess:
        yield guess


def _utf16_without_bom(data: bytes):
    # Text in UTF-16 has a NUL in every other byte for ASCII; for Persian the
    # high byte is 0x06. Either way one byte column is nearly constant.
    if len(data) < 4 or len(data) % 2:
        return None
    for encoding, column in (("utf-16-le", data[1::2]), ("utf-16-be", data[0::2])):
        common = max(column.count(0), column.count(6))
        if common > 0.6 * len(column):
            try:
                return data.decode(encoding), "utf-16"
            except UnicodeDecodeError:
                return None
    return None


def _charset_normalizer_guess(data: bytes):
    try:
        from charset_normalizer import from_bytes
    except ImportError:  # pragma: no cover - it is a declared dependency
        return None
    best = from_bytes(data).best()
    if best is None or best.encoding is None:
        return None
    return str(best), best.encoding


def is_plausible_text(text: str) -> bool:
    """True when ``text`` looks like prose in one script, not decoded noise.

    Mostly letters, spaces and punctuation; few control characters; and the
    letters come from one or two scripts (an article may mix Persian and Latin,
    but noise from a wrong code page scatters over many).

    >>> is_plausible_text("همکاری بهداشتی ایران و عراق")
    True
    >>> is_plausible_text("آ،".encode("cp1256").decode("utf-8"))  # valid UTF-8, wrong text
    False
    """
    if not text:
        return True
    sample = text[:20000]
    controls = sum(1 for c in sample if unicodedata.category(c) in ("Cc", "Co", "Cs", "Cn")
                   and c not in "\n\r\t\f")
    if controls > max(2, len(sample) // 200):
        return False
    letters = [c for c in sample if c.isalpha()]
    if not letters:
        return sum(c.isdigit() or c.isspace() for c in sample) > len(sample) // 2
    scripts: dict[str, int] = {}
    for char in letters:
        name = unicodedata.name(char, "?")
        script = name.split(" ", 1)[0]
        scripts[script] = scripts.get(script, 0) + 1
    top_two = sum(sorted(scripts.values(), reverse=True)[:2])
    if top_two < 0.95 * len(letters):
        return False
    # Latin-1 look-alikes (¡ ¢ Ç Ø ...) are what wrong code pages produce from Persian.
    odd = sum(1 for c in letters if 0x00C0 <= ord(c) <= 0x00FF or 0x00A1 <= ord(c) <= 0x00BF)
    return odd <= max(1, len(letters) // 10) or scripts.get("LATIN", 0) < len(letters) // 2
