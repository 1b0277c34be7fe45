"""normalize, compact, match_form and the sentence splitter."""

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import cases
from healthdiplomacy import compact, match_form, split_sentences, normalize


@pytest.mark.parametrize("text, expected", cases("normalize_cases.csv"))
def test_normalize(text, expected):
    assert normalize(text) == expected


@pytest.mark.parametrize("a, b, equal", cases("compact_cases.csv"))
def test_compact_makes_spelling_variants_equal(a, b, equal):
    assert (compact(a) == compact(b)) is (equal == "1")


@pytest.mark.parametrize("text, expected", cases("sentence_cases.csv"))
def test_split_sentences(text, expected):
    sentences = split_sentences(text)
    assert [s.text for s in sentences] == expected.split("|")
    for s in sentences:  # offsets quote the original exactly
        assert text[s.start:s.end] == s.text


def test_match_form_turns_zwnj_into_a_word_break():
    # "می‌دهند" must not contain the word "هند" (India) once matched.
    assert match_form("می\u200cدهند").split() == ["می", "دهند"]


# Persian and Arabic letters, ZWNJ/ZWJ, bidi controls, combining marks, digits and spaces,
# mixed with arbitrary Unicode: the tricky inputs the real corpora hold.
TRICKY = st.sampled_from(list("ابپتثجچحخدذرزژسشصضطظعغفقکگلمنوهیيكىۀةأإؤ‌‍ ‏‎‪‫‬‭‮⁦⁧⁨⁩َُِّْـ۰۱۲٣٤\n\t.،؟!"))
ANY_TEXT = st.text(st.one_of(TRICKY, st.characters()), max_size=200)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_normalize_is_idempotent_and_total(text):
    once = normalize(text)
    assert normalize(once) == once
    assert compact(compact(text)) == compact(text)
    assert match_form(match_form(text)) == match_form(text)


@settings(max_examples=300, deadline=None)
@given(ANY_TEXT)
def test_sentence_offsets_always_quote_the_original(text):
    for s in split_sentences(text):
        assert text[s.start:s.end] == s.text and s.text.strip()
