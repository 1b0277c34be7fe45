"""Dates stated in the text, to the day (healthdiplomacy.coding.dates), and the events they date."""

from __future__ import annotations

import pytest
from conftest import cases

import healthdiplomacy as hd
from healthdiplomacy.coding.calendars import load_date_terms
from healthdiplomacy.coding.dates import stated_date
from healthdiplomacy.corpus.errors import DataFileError


@pytest.mark.parametrize("text, published, iso, calendar", cases("date_cases.csv"))
def test_date_cases(text, published, iso, calendar):
    date = stated_date("", text, published)
    assert (date["date_stated"], date["date_calendar"]) == (iso, calendar)
    if iso and calendar != "relative":
        assert date["date_text"]  # the words it was read from


def test_the_tagging_records_the_date_and_quotes_its_sentence():
    tagging = hd.tag_articles([{"article_id": "a", "language": "fa", "title": "همکاری دارویی ایران و عراق",
                                "text": "وزیر بهداشت ایران روز ۲۲ اردیبهشت\u200cماه ۱۴۰۳ با همتای عراقی دیدار کرد. "
                                        "دو کشور تفاهم‌نامه همکاری دارویی امضا کردند."}])
    row = tagging.years.iloc[0]
    assert (row.date_stated, row.date_calendar) == ("2024-05-11", "solar_hijri")
    assert row.date_evidence.startswith("وزیر بهداشت ایران روز ۲۲ اردیبهشت")
    again = hd.Tagging.from_stored(tagging.stored())  # the stored tables keep it, the sentence too
    assert again.years.equals(tagging.years)


def test_a_bad_date_terms_row_names_its_line(tmp_path):
    path = tmp_path / "date_terms.csv"
    path.write_text("kind,calendar,value,lang,term,alone,note\nmonth,gregorian,13,en,smarch,1,\n", encoding="utf-8")
    with pytest.raises(DataFileError, match=":2"):
        load_date_terms(path)


def test_the_words_of_ignore_case_patterns_are_found_in_the_case_folded_text():
    """The relative day words and the Gregorian month names are looked for ignoring case; dates and
    years try those patterns only on a sentence whose case_folded text holds one of the words
    folded. So every character that matches a word's character ignoring case must fold to what
    that character folds to. Checked over every code point."""
    import re

    from healthdiplomacy.coding.calendars import default_date_terms
    from healthdiplomacy.text.normalize import case_folded

    terms = default_date_terms()
    every = "".join(chr(i) for i in range(0x110000) if not 0xD800 <= i < 0xE000)
    for char in sorted(set("".join([*terms.relative, *terms.names("gregorian")]))):
        for match in re.finditer(re.escape(char), every, re.IGNORECASE):
            assert case_folded(match.group()) == case_folded(char), (char, match.group())
    assert case_folded("In İzmir, ſome YESTERDAY") == "in izmir, some yesterday"
