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
