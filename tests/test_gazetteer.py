"""The partner gazetteer is what tools/make_gazetteer.py makes from CLDR, pycountry and the
hand-kept rows: regenerated here and compared byte for byte with the committed file."""

from __future__ import annotations

import sys

import pytest

from conftest import REPO

sys.path.insert(0, str(REPO / "tools"))
make_gazetteer = pytest.importorskip("make_gazetteer")


def test_the_committed_gazetteer_is_the_generated_one():
    rows, problems = make_gazetteer.build()
    assert problems == []
    committed = (REPO / "lib" / "healthdiplomacy" / "data" / "partner_terms.csv").read_text(encoding="utf-8")
    assert make_gazetteer.to_csv(rows) == committed, "run `make lexicon` (tools/make_gazetteer.py)"


def test_every_hand_row_says_why():
    for row in make_gazetteer.read_csv(make_gazetteer.HAND / "terms.csv"):
        assert row["note"].strip(), row
    for row in make_gazetteer.read_csv(make_gazetteer.HAND / "refused.csv"):
        assert row["reason"].strip(), row


@pytest.mark.parametrize("code, lang, term, why", [
    ("ML", "fa", "مالی", "also 'financial'"),
    ("CZ", "fa", "چک", "also 'cheque'"),
    ("TJ", "fa", "دوشنبه", "also 'Monday'"),
    ("OM", "ar", "عمان", "also Amman, unvocalised"),
    ("JO", "en", "Jordan", "also a first name"),
    ("GE", "en", "Georgia", "also the US state"),
])
def test_homographs_are_marked_ambiguous_with_their_other_sense(code, lang, term, why):
    rows = make_gazetteer.read_csv(make_gazetteer.DATA / "partner_terms.csv")
    row = next(r for r in rows if (r["partner_id"], r["lang"], r["term"]) == (code, lang, term))
    assert row["ambiguous"] == "1" and "ambiguous" in row["note"], why


def test_a_name_two_countries_claim_is_refused(monkeypatch):
    # pycountry's Persian catalogue gives Gambia's official name as «جمهوری زامبیا»: were
    # Zambia to be named so too, the generator must stop rather than pick one.
    real = make_gazetteer.source_rows

    def with_collision(ids):
        rows = real(ids)
        return rows + [{"partner_id": "GM", "lang": "fa", "term": "زامبیا", "ambiguous": "0",
                        "note": "pycountry translation"}]

    monkeypatch.setattr(make_gazetteer, "source_rows", with_collision)
    _, problems = make_gazetteer.build()
    assert any("زامبیا" in p and "GM" in p and "ZM" in p for p in problems)


def test_cldr_forms_are_opened_up():
    assert make_gazetteer.cldr_forms("Congo - Kinshasa", "en") == []
    assert make_gazetteer.cldr_forms("Bosnia & Herzegovina", "en") == ["Bosnia and Herzegovina"]
    assert make_gazetteer.cldr_forms("سوئیس", "fa") == ["سوئیس"]
    assert make_gazetteer.cldr_forms("اسرای\u0654یل", "fa") == ["اسرائیل"]


def test_a_hand_kept_row_with_an_unquoted_comma_is_refused(tmp_path):
    """A note holding an unquoted comma would lose its tail (the csv reader keeps the extra field
    apart): the generator stops at that line instead."""
    bad = tmp_path / "terms.csv"
    bad.write_text("partner_id,lang,term,ambiguous,note\n# a comment\nXX,en,Foo,0,one, two\n", encoding="utf-8")
    with pytest.raises(SystemExit, match=r"terms\.csv:3: more fields than the header"):
        make_gazetteer.read_csv(bad)
