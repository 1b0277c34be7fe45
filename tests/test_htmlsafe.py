"""Article text reaches HTML only as escaped text; hostile input stays inert."""

import html.parser
from pathlib import Path

import pandas as pd
import pytest
import yaml
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdiplomacy.report.evidence import evidence_html
from healthdiplomacy.report.html import escape_text, inline_html, quote_html, table_html
from healthdiplomacy.text.normalize import BIDI_CONTROLS

CASES = yaml.safe_load((Path(__file__).parent / "data" / "hostile_cases.yaml").read_text("utf-8"))
ALLOWED = {"blockquote": {"class", "dir", "lang"}, "bdi": {"dir", "lang"}, "mark": set()}
STRIPPED = set(BIDI_CONTROLS) | {chr(c) for c in [*range(0, 9), 11, 12, *range(14, 32),
                                                  *range(0x7f, 0xa0)]}

# Term matching, tolerant as the tagger is. (sentence, terms, marked texts, why)
MATCHING = [
    ("همکاری دارويي با عراق", "دارویی", ["دارويي"], "Arabic yeh in the text, Persian in the term"),
    ("كشور عراق", "کشور", ["كشور"], "Arabic kaf in the text"),
    ("بین‌المللی", "بین الملل", ["بین‌الملل"], "ZWNJ in the text, space in the term"),
    ("بینالمللی", "بین‌الملل", ["بینالملل"], "nothing in the text, ZWNJ in the term"),
    ("بین الملل", "بینالملل", ["بین الملل"], "space in the text, nothing in the term"),
    ("دارُوی ایران", "دارو", ["دارُو"], "diacritics in the text"),
    ("داروَ", "دارو", ["داروَ"], "a trailing diacritic stays inside the mark"),
    ("وزارت بهداشت، درمان", "وزارت بهداشت درمان", ["وزارت بهداشت، درمان"], "punctuation"),
    ("The WHO said", "who", ["WHO"], "case"),
    ("آنها می‌دهند", "هند", [], "India is not marked inside a word (after ZWNJ+letters)"),
    ("کشورهای عربی", "کشور", ["کشور"], "a suffix after the term is fine"),
    ("عراق و عراق", "عراق", ["عراق", "عراق"], "every occurrence"),
    ("Iran", "", [], "no terms, no marks"),
]


class Parsed(html.parser.HTMLParser):
    """Tags, attributes, visible text and marked texts of a fragment."""

    def __init__(self, fragment):
        super().__init__(convert_charrefs=True)
        self.tags, self.text, self.marks, self._in_mark = [], [], [], False
        self.feed(fragment)
        self.close()

    def handle_starttag(self, tag, attrs):
        self.tags.append((tag, dict(attrs)))
        if tag == "mark":
            self._in_mark = True
            self.marks.append("")

    def handle_endtag(self, tag):
        if tag == "mark":
            self._in_mark = False

    def handle_data(self, data):
        self.text.append(data)
        if self._in_mark:
            self.marks[-1] += data

    def handle_comment(self, data):
        raise AssertionError(f"live comment in output: {data!r}")

    handle_decl = handle_pi = unknown_decl = handle_comment


def assert_inert(fragment, sentence):
    parsed = Parsed(fragment)
    for tag, attrs in parsed.tags:
        assert tag in ALLOWED, f"unexpected tag <{tag}>"
        assert set(attrs) <= ALLOWED[tag], f"unexpected attributes {attrs} on <{tag}>"
    assert not STRIPPED & set(fragment), "control characters survived"
    # What the reader sees is exactly the article's text, controls removed.
    assert "".join(parsed.text) == "".join(ch for ch in sentence if ch not in STRIPPED)
    return parsed


@pytest.mark.parametrize("case", CASES, ids=[c["id"] for c in CASES])
def test_hostile_sentence_stays_text(case):
    out = quote_html(case["sentence"], case["terms"], case["lang"])
    parsed = assert_inert(out, case["sentence"])
    for expected in case.get("contains", []):
        assert expected in out
    if "marks" in case:
        assert [escape_text(m) for m in parsed.marks] == case["marks"]


@pytest.mark.parametrize("sentence, terms, marks, why", MATCHING, ids=[m[3] for m in MATCHING])
def test_terms_are_found_as_written(sentence, terms, marks, why):
    assert Parsed(quote_html(sentence, terms)).marks == marks


@pytest.mark.parametrize("lang, direction", [("fa", "rtl"), ("ar", "rtl"), ("en", "ltr"),
                                             ("und", "auto"), ("FA", "rtl"), ("x y", "auto")])
def test_direction_follows_language(lang, direction):
    (tag, attrs), *_ = Parsed(quote_html("متن", "", lang)).tags
    assert tag == "blockquote" and attrs["dir"] == direction
    assert attrs.get("lang") in {lang.lower(), None}


def test_table_escapes_cells_and_labels():
    evil = "<script>alert(1)</script>"
    df = pd.DataFrame({evil: [evil, "عراق\u202e"], "n": [1, 2]}, index=[evil, "x"])
    out = table_html(df, rtl_columns=[evil], index=True)
    assert "<script" not in out and "\u202e" not in out
    assert out.count("&lt;script&gt;") == 3  # column label, index label, cell


def test_evidence_html_escapes_every_field():
    evil = "<img src=x onerror=alert(1)>"
    evidence = pd.DataFrame([{
        "theme_id": "medicine", "theme_label": evil, "partner_id": "iraq",
        "partner_name_en": evil, "partner_name_fa": "عراق" + evil, "partner_kind": "country",
        "article_id": evil, "language": "fa", "evidence": "عراق\n" + evil, "terms": "عراق"}])
    out = evidence_html(evidence)
    assert "<img" not in out
    assert out.count("&lt;img src=x onerror=alert(1)&gt;") == 5


def test_inline_html_isolates():
    assert inline_html("<b>عراق</b>", "fa") == '<bdi dir="rtl" lang="fa">&lt;b&gt;عراق&lt;/b&gt;</bdi>'


@settings(max_examples=300, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>&\"'/= ab{}") + list("عراقیيكک\u200c\u064e")
                                        + list(BIDI_CONTROLS) + ["\x00", "\n"]), max_size=40),
       st.lists(st.text(alphabet=st.sampled_from(list("<>&\"ab عراقیي\u200c")), max_size=6),
                max_size=3))
def test_any_text_and_terms_stay_inert(sentence, terms):
    assert_inert(quote_html(sentence, terms, "fa"), sentence)
