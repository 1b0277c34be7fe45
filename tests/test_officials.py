"""Officials and places (healthdiplomacy.coding.officials): what ties reports of one event,
read off the tagger's one pass. The cases are data: tests/data/official_cases.csv."""

from __future__ import annotations

import pytest

from conftest import cases
from healthdiplomacy.codebook.tables import CodebookError, load_codebook
from healthdiplomacy.coding.tagger import Tagger, default_tagger


@pytest.mark.parametrize("text, officials, places", cases("official_cases.csv"))
def test_official_cases(text, officials, places):
    coded = default_tagger().code("a", "", text)
    assert coded.links, "each case states a link: only the sentences of links are read"
    assert (coded.years[0]["officials"], coded.years[0]["places"]) == (officials, places)


def test_an_article_without_links_names_no_one():
    coded = default_tagger().code("a", "", "Iraq's health minister arrived in Baghdad.")
    assert not coded.links
    assert (coded.years[0]["officials"], coded.years[0]["places"]) == ("", "")


def test_a_title_does_not_reach_into_the_next_sentence():
    coded = default_tagger().code("a", "", "Iran sent medicine to Syria on behalf of the health minister.\n"
                                           "Iraq also received medicine from Iran.")
    assert coded.years[0]["officials"] == ""


def test_the_analysts_codebook_extends_titles_and_places(tmp_path):
    (tmp_path / "places.csv").write_text("place_id,country,lang,term,note\n"
                                         "Homs,SY,en,Homs,a Syrian city\n", encoding="utf-8")
    (tmp_path / "officials.csv").write_text("role,lang,term,note\n"
                                            "health_minister,en,minister for health,another wording\n",
                                            encoding="utf-8")
    text = "Syria's minister for health discussed medicine exports from Iran to Syria in Homs."
    assert (default_tagger().code("a", "", text).years[0]["officials"],
            default_tagger().code("a", "", text).years[0]["places"]) == ("", "")  # (the shipped codebook)
    coded = Tagger(load_codebook(tmp_path)).code("a", "", text)
    assert (coded.years[0]["officials"], coded.years[0]["places"]) == ("health_minister:SY", "Homs")


def test_a_place_of_an_unknown_country_is_refused(tmp_path):
    (tmp_path / "places.csv").write_text("place_id,country,lang,term,note\nAtlantis,XX,en,Atlantis,\n",
                                         encoding="utf-8")
    with pytest.raises(CodebookError, match=r"places\.csv:2: unknown country"):
        load_codebook(tmp_path)
