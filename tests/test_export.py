"""Exports round-trip: what is written reads back equal."""

import pandas as pd
import pytest

from healthdiplomacy import load_corpus, tag_articles
from healthdiplomacy.results.outputs import export_tables, read_export, result_tables


@pytest.fixture(scope="module")
def tagged():
    articles = load_corpus()
    return articles, tag_articles(articles)


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_export_round_trip(tmp_path, tagged, suffix):
    articles, tagging = tagged
    export_tables(articles, tagging, tmp_path / f"results{suffix}")
    back = read_export(tmp_path / f"results{suffix}")
    for name, frame in result_tables(articles, tagging).items():
        expected = _as_text(frame)
        assert list(back[name].columns) == list(expected.columns), name
        pd.testing.assert_frame_equal(_as_text(back[name]), expected, check_dtype=False, obj=name)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as the text a spreadsheet shows: a missing value (a year the text does not give) is ''."""
    return frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)


def test_csv_has_a_byte_order_mark_for_excel(tmp_path, tagged):
    export_tables(*tagged, tmp_path / "r.csv")
    raw = (tmp_path / "r-links.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "آذربایجان".encode() in raw


def test_unknown_format_is_a_clear_error(tmp_path, tagged):
    with pytest.raises(ValueError, match="export to"):
        export_tables(*tagged, tmp_path / "r.json")


def test_the_column_dictionary_documents_every_exported_column(tagged):
    from healthdiplomacy.results.outputs import COLUMN_DOCS

    for name, frame in result_tables(*tagged).items():
        if name in ("readme", "theme_by_partner"):  # (the matrix has one column per partner)
            continue
        assert list(COLUMN_DOCS[name]) == list(frame.columns), name
