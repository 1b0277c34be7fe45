"""Quantities stated for a link (healthdiplomacy.coding.quantities): the case table
tests/data/quantity_cases.csv, the term file's errors, and the realtext count."""

from __future__ import annotations

import math

import pandas as pd
import pytest

import healthdiplomacy as hd
from conftest import REPO, cases, rows_of
from healthdiplomacy.cli import main

REALTEXT = REPO.parent / "shared" / "realtext" / "articles"


def _quantities(text: str):
    tagging = hd.tag_articles([{"article_id": "case", "text": text}])
    return hd.quantities_table(tagging)


def _expected_by_text() -> list:
    """One case per text: the set of rows (partner, value, value_max, unit, n_partners) its
    quantities table must hold exactly (the rows of the case file with that text)."""
    grouped: dict[str, list[dict]] = {}
    for row in rows_of("quantity_cases.csv"):
        grouped.setdefault(row["text"], []).append(row)
    params = []
    for text, rows in grouped.items():
        expected = {(r["partner"], float(r["value"]), float(r["value_max"]) if r["value_max"] else None, r["unit"],
                     int(r["n_partners"] or 1)) for r in rows if r["value"]}
        params.append(pytest.param(text, expected, id=rows[0]["comment"]))
    return params


@pytest.mark.parametrize("text,expected", _expected_by_text())
def test_quantity_cases(text, expected):
    table = _quantities(text)
    found = {(r.partner_id, round(float(r.value), 6), None if math.isnan(r.value_max) else round(float(r.value_max), 6),
              r.unit, int(r.n_partners)) for r in table.itertuples()}
    assert found == {(p, round(v, 6), None if m is None else round(m, 6), u, n) for p, v, m, u, n in expected}
    assert len(table) == len(found)  # no row twice


def test_the_case_table_covers_both_languages_and_forty_quantities():
    rows = [c.values for c in cases("quantity_cases.csv")]
    with_value = [r for r in rows if r[2]]
    assert len(with_value) >= 40
    assert any(hd.detect_language(r[0]) == "fa" for r in with_value)
    assert any(hd.detect_language(r[0]) == "en" for r in with_value)


def test_a_quantity_quotes_its_sentence_and_text_as_written():
    table = _quantities("خبر کوتاه\n\nایران ۱۰ تن دارو به عراق ارسال کرد. سپس ۲ میلیون دوز واکسن به سوریه فرستاد.")
    row = table[table.unit == "ton"].iloc[0]
    assert row.text == "۱۰ تن" and row.text in row.evidence and row.unit_kind == "weight"
    assert list(table.columns[:len(hd.QUANTITY_COLUMNS)]) == hd.QUANTITY_COLUMNS


def test_units_are_never_merged():
    table = _quantities("Iran exported medicine worth 5 million dollars and 3 million euros to Iraq.")
    assert sorted(table.unit) == ["dollar", "euro"] and set(table.unit_kind) == {"money"}


def test_a_bad_term_file_names_its_line(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("kind,lang,term,unit,unit_kind,value,note\nunit,en,doses,dose,doses,,\nscale,en,lakh,,,many,\n",
                    encoding="utf-8")
    with pytest.raises(hd.QuantityError, match=r"terms\.csv:3: value 'many' is not a number"):
        hd.load_quantity_terms(path)


def test_a_term_file_line_counts_multi_line_notes(tmp_path):
    # a quoted note over two lines: the bad row after it is on line 4 (it was reported as 3)
    path = tmp_path / "terms.csv"
    path.write_text('kind,lang,term,unit,unit_kind,value,note\nunit,en,doses,dose,doses,,"a note\non two lines"\n'
                    "scale,en,lakh,,,many,\n", encoding="utf-8")
    with pytest.raises(hd.QuantityError, match=r"terms\.csv:4: value 'many' is not a number"):
        hd.load_quantity_terms(path)


def test_a_term_file_of_ones_own_changes_what_is_read(tmp_path):
    path = tmp_path / "terms.csv"
    path.write_text("kind,lang,term,unit,unit_kind,value,note\nunit,en,vials,vial,doses,,\n", encoding="utf-8")
    terms = hd.load_quantity_terms(path)
    assert [q.unit for q in hd.find_quantities("12 vials and 3 tons", terms)] == ["vial"]


def test_realtext_yields_quantities_with_their_evidence():
    if not REALTEXT.is_dir():
        pytest.skip("../shared/realtext is not beside this checkout")
    articles = hd.load_corpus(REALTEXT)
    table = hd.quantities_table(hd.tag_articles(articles))
    assert len(table) >= 5, len(table)
    assert all(text in evidence for text, evidence in zip(table.text, table.evidence))
    assert set(table.article_id) <= set(articles.article_id)


def test_tag_writes_the_quantities(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Aid to Iraq\n\nIran sent 10 tons of medicine to Iraq.\n", encoding="utf-8")
    out = tmp_path / "quantities.csv"
    assert main(["tag", str(folder), "--out", str(tmp_path / "links.csv"), "--quantities", str(out)]) == 0
    table = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(table.columns) == hd.QUANTITY_COLUMNS
    assert table[["partner_id", "value", "unit"]].values.tolist() == [["IQ", "10.0", "ton"]]
