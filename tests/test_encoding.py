"""Encodings: every way a Persian article reaches us decodes to the same text, and
bytes that are not text are refused with a reason (never decoded with replacement)."""

from __future__ import annotations

import codecs

import pytest
from hypothesis import example, given, settings
from hypothesis import strategies as st

from conftest import SEEDS, cases
from healthdiplomacy import load_corpus, normalize
from healthdiplomacy.text.encoding import BOMS, DecodeError, decode_bytes, is_plausible_text

PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def as_cp1256(text: str) -> str:
    """What a Windows-1256 tool saves: Arabic ي for Persian ی, ASCII for Persian digits."""
    return text.replace("ی", "ي").translate(PERSIAN_DIGITS)


# How a file is written: (label expected back, bytes from the text).
WRITERS = {
    "utf-8": ("utf-8", lambda t: t.encode("utf-8")),
    "utf-8 with BOM": ("utf-8-sig", lambda t: t.encode("utf-8-sig")),
    "utf-16-le with BOM": ("utf-16-le", lambda t: codecs.BOM_UTF16_LE + t.encode("utf-16-le")),
    "utf-16-be with BOM": ("utf-16-be", lambda t: codecs.BOM_UTF16_BE + t.encode("utf-16-be")),
    "utf-16-le without BOM": ("utf-16-le", lambda t: t.encode("utf-16-le")),
    "utf-16-be without BOM": ("utf-16-be", lambda t: t.encode("utf-16-be")),
    "cp1256": ("cp1256", lambda t: as_cp1256(t).encode("cp1256", errors="strict")),
    "cp1256 with CRLF": ("cp1256", lambda t: as_cp1256(t).replace("\n", "\r\n").encode("cp1256", errors="strict")),
}


@pytest.fixture(scope="module")
def seeds_in_every_encoding(tmp_path_factory):
    """Each seed written in each encoding, one folder per encoding."""
    root = tmp_path_factory.mktemp("encoded_seeds")
    for name, (_, write) in WRITERS.items():
        folder = root / name.replace(" ", "_")
        folder.mkdir()
        for seed in SEEDS.glob("*.txt"):
            (folder / seed.name).write_bytes(write(seed.read_text("utf-8")))
    return root


@pytest.mark.parametrize("writer", list(WRITERS))
def test_seeds_read_the_same_in_every_encoding(seed_articles, seeds_in_every_encoding, writer):
    label, _ = WRITERS[writer]
    articles = load_corpus(seeds_in_every_encoding / writer.replace(" ", "_"))
    # The English seed's few non-ASCII characters (’ – …) have the same bytes in
    # cp1256 and cp1252: Western text, so it is named cp1252.
    expected = [("cp1252" if language == "en" and label == "cp1256" else label)
                for language in seed_articles["language"]]
    assert list(articles["encoding"]) == expected
    for original, decoded in zip(seed_articles.itertuples(), articles.itertuples()):
        assert normalize(decoded.text).split() == normalize(original.text).split()
        assert normalize(decoded.title) == normalize(original.title)
        assert (decoded.language, decoded.source) == (original.language, original.source)
        assert decoded.content_hash == original.content_hash


def test_all_encodings_of_a_seed_are_duplicates_of_the_first(seeds_in_every_encoding, tmp_path):
    seed = "001_65c222a9231903fb.txt"
    paths = [seeds_in_every_encoding / w.replace(" ", "_") / seed for w in WRITERS]
    articles = load_corpus(paths)
    assert articles["content_hash"].nunique() == 1
    assert list(articles["duplicate_of"]) == [""] + [seed[:-4]] * (len(WRITERS) - 1)


@pytest.mark.parametrize("text, written_as, expected", cases("encoding_cases.csv"))
def test_decode(text, written_as, expected):
    source = as_cp1256(text) if written_as == "cp1256" else text
    decoded, encoding = decode_bytes(source.encode(written_as, errors="strict"))
    assert encoding == expected
    assert normalize(decoded) == normalize(text.lstrip("\ufeff"))


@pytest.mark.parametrize("hex_bytes, reason", cases("undecodable_cases.csv"))
def test_refused(hex_bytes, reason):
    with pytest.raises(DecodeError) as caught:
        decode_bytes(bytes.fromhex(hex_bytes))
    assert reason in str(caught.value)


def test_html_declared_charset_is_a_hint_not_an_order():
    persian = as_cp1256("همکاری بهداشتی").encode("cp1256")
    assert decode_bytes(persian, declared="windows-1256") == (as_cp1256("همکاری بهداشتی"), "cp1256")
    # a page that says latin-1 but is cp1256 Persian: the claim fails the check
    assert decode_bytes(persian, declared="iso-8859-1")[1] == "cp1256"
    assert decode_bytes(b"Iran", declared="no-such-charset") == ("Iran", "utf-8")


def test_valid_utf8_never_reaches_charset_normalizer(monkeypatch):
    import charset_normalizer

    def refuse(*args, **kwargs):
        raise AssertionError("charset-normalizer was called")
    monkeypatch.setattr(charset_normalizer, "from_bytes", refuse)
    for seed in SEEDS.glob("*.txt"):
        assert decode_bytes(seed.read_bytes())[1] == "utf-8"
    assert decode_bytes(as_cp1256("همکاری ها").encode("cp1256"))[1] == "cp1256"


@pytest.mark.parametrize("text, script, plausible", [
    ("همکاری بهداشتی ایران و عراق", None, True),
    ("¡", None, False),  # what "آ،" in cp1256 reads as in UTF-8
    ("2021-03-20", None, True),
    ("Iran\x01\x02\x03 and\x04 Iraq", None, False),
    ("Été à Paris", None, True),
    ("ضsterreich", "arabic", False),
    ("ط³ظ„ط§ظ…", "arabic", False),  # UTF-8 Persian read as cp1256
    ("سلام بر شما", "arabic", True),
    ("ÓáÇã Èå ÔãÇ", "latin", False),  # cp1256 Persian read as cp1252
    ("Le ministre a déclaré", "latin", True),
    ("樍国栔 暷", "one", False),  # short Persian read as big5
], ids=lambda v: repr(v)[:30])
def test_is_plausible_text(text, script, plausible):
    assert is_plausible_text(text, script) is plausible


def _encoded_back(text: str, encoding: str) -> set[bytes]:
    """The bytes ``text`` came from: with or without a BOM (UTF-16/32 labels do not say)."""
    plain = text.encode(encoding.replace("-sig", ""))
    bom = dict((label, bom) for bom, label in BOMS).get(encoding, b"")
    return {bom + plain} if encoding == "utf-8-sig" else {plain, bom + plain}


@settings(max_examples=500, deadline=None)
@given(st.one_of(st.binary(max_size=200),
                 st.text(max_size=100).map(lambda t: t.encode("utf-8", "surrogatepass")),
                 st.text(alphabet="ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهي ،؟«»", max_size=60).map(
                     lambda t: t.encode("cp1256"))))
# Found by this test: charset-normalizer's cp875 (EBCDIC Greek) reads 0xFC as 0xFD does.
@example(b"\xf0\xc0\xfc")
def test_decoding_is_lossless_or_refused(data):
    """Whatever is decoded encodes back to the very same bytes: nothing replaced or dropped."""
    try:
        text, encoding = decode_bytes(data)
    except DecodeError:
        return
    assert data in _encoded_back(text, encoding)

