"""The report's size budget: long tables and long lists of quotes are cut, the whole of them
written beside the report and linked (issue 15: a report an analyst opens at 5,000 articles)."""

import csv

import pandas as pd
import pytest

from healthdiplomacy.report import budget
from healthdiplomacy.report.evidence import evidence_html
from healthdiplomacy.report.i18n import Strings
from healthdiplomacy.results.tables import evidence_table


def many_links(articles: int) -> pd.DataFrame:
    """One partner, one theme, stated in ``articles`` articles, each its own sentence."""
    return pd.DataFrame([{"article_id": f"a{i:03d}", "partner_id": "IQ", "partner_name_en": "Iraq",
                          "partner_name_fa": "عراق", "partner_kind": "country", "theme_id": "medicine",
                          "theme_label": "Medicine", "evidence": f"Iran sent medicine to Iraq, shipment {i}.",
                          "terms": "Iraq; medicine", "language": "en"} for i in range(articles)])


@pytest.mark.parametrize("report_dir, expected_href", [
    (".", "figures/tables/evidence.csv"),  # the report beside the figures folder
    ("figures", "tables/evidence.csv"),  # the report inside it (make report)
])
def test_quotes_beyond_the_budget_are_linked_not_inlined(tmp_path, report_dir, expected_href):
    beside = budget.Beside(tmp_path / "staged", tmp_path / "figures", tmp_path / report_dir, "en")
    quotes = evidence_table(many_links(60))
    page = evidence_html(quotes, "en", budget.QUOTES, beside.write(quotes, "evidence"))
    assert page.count("<blockquote") == budget.QUOTES
    assert "57 more article(s) state this" in page and f'href="{expected_href}"' in page
    with open(tmp_path / "staged" / "tables" / "evidence.csv", encoding="utf-8-sig") as handle:
        assert len(list(csv.DictReader(handle))) == 60  # every quote, beside the report


def test_a_short_table_is_shown_whole_and_writes_nothing(tmp_path):
    beside = budget.Beside.of(tmp_path, None, tmp_path, "fa")
    html = beside.table_html(Strings("fa"), pd.DataFrame({"n": range(5)}), "small")
    assert html.count("<tr>") == 6 and "hd-more" not in html and not (tmp_path / "tables").exists()


def test_a_long_table_shows_its_first_rows_in_each_edition(tmp_path):
    beside = budget.Beside.of(tmp_path, None, tmp_path, "fa")
    html = beside.table_html(Strings("fa"), pd.DataFrame({"n": range(120)}), "long")
    assert html.count("<tr>") == budget.ROWS + 1
    assert "۵۰ سطر نخست از ۱۲۰ سطر" in html and 'href="tables/long.fa.csv"' in html


def test_a_wide_table_keeps_its_first_partner_columns(tmp_path):
    beside = budget.Beside.of(tmp_path, None, tmp_path)
    wide = pd.DataFrame({"theme": ["medicine"], **{f"P{i:02d}": [i] for i in range(40)}})
    shown, more = beside.columns(wide, "theme_by_partner", index_columns=1)
    assert list(shown.columns) == ["theme", *[f"P{i:02d}" for i in range(budget.COLUMNS)]]
    assert "30 of 40 partners" in more
    assert pd.read_csv(tmp_path / "tables" / "theme_by_partner.csv").shape == (1, 41)
