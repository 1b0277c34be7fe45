"""Years: published dates first, else explicit dates in the text; never a guess."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import cases

from healthdiplomacy.report import charts
from healthdiplomacy.coding.years import infer_year
from healthdiplomacy.report.years import timeline_chart, year_table
from healthdiplomacy.results.years import article_years, timeline_table


def _int_or_none(value: str):
    return int(value) if value else None


@pytest.mark.parametrize("text, published, start, end, source", cases("year_cases.csv"))
def test_year_cases(text, published, start, end, source):
    year = infer_year("", text, published)
    assert (year["year_start"], year["year_end"], year["year_source"]) == \
        (_int_or_none(start), _int_or_none(end), source)
    if source == "inferred":
        assert year["year_evidence"] in text  # the sentence, quoted exactly
    if source == "published":
        assert year["year_evidence"] == published


def test_the_title_counts_too():
    year = infer_year("سفر وزیر بهداشت به بغداد در سال ۱۳۹۸", "دیدار با وزیر بهداشت عراق")
    assert (year["year_start"], year["year_end"]) == (2019, 2020)


def test_seed_years(seed_articles):
    years = article_years(seed_articles).set_index("article_id")
    by_prefix = {aid[:3]: row for aid, row in years.iterrows()}
    assert (by_prefix["001"].year_start, by_prefix["001"].year_end) == (2014, 2015)
    assert "1393" in by_prefix["001"].year_evidence and "40 تن" in by_prefix["001"].year_evidence
    assert (by_prefix["003"].year_start, by_prefix["003"].year_end) == (2021, 2022)
    assert {by_prefix[k].year_source for k in ("001", "003")} == {"inferred"}
    for undated in ("000", "002"):  # "ابتدای سال جاری" has no number: nothing to infer
        assert pd.isna(by_prefix[undated].year_start) and by_prefix[undated].year_source == ""
    assert str(years["year_start"].dtype) == "Int64"


def test_published_column_wins(seed_articles):
    articles = seed_articles.assign(published=["2015-08-24", "", "", ""])
    years = article_years(articles)
    first = years.iloc[0]
    assert (first.year_start, first.year_source, first.year_evidence) == (2015, "published", "2015-08-24")


def test_timeline_table_says_which_years_are_inferred(seed_articles, seed_tagging):
    links = seed_tagging.links
    table = timeline_table(links, article_years(seed_articles))
    assert table["year_label"].tolist() == ["2014/2015", "2021/2022", "undated"]
    assert table["year_source"].tolist() == ["inferred", "inferred", ""]
    assert table.loc[0, "links"] == links[links.article_id.str.startswith("001")].partner_id.nunique()


def test_timeline_chart_is_deterministic(seed_articles, seed_tagging, tmp_path):
    links = seed_tagging.links
    years = article_years(seed_articles)
    first = charts.save_chart(*timeline_chart(links, years), tmp_path / "a", "timeline")
    second = charts.save_chart(*timeline_chart(links, years), tmp_path / "b", "timeline")
    for ext in ("png", "svg", "csv"):
        assert first[ext].read_bytes() == second[ext].read_bytes()


def test_no_links_give_an_empty_timeline():
    links = pd.DataFrame(columns=["article_id", "partner_id"])
    years = article_years([])
    fig, data = timeline_chart(links, years)
    assert data.empty and fig is not None


def test_year_table_in_persian(seed_articles):
    table = year_table(article_years(seed_articles), "fa")
    assert list(table.columns) == ["مقاله", "سال", "منبع سال", "شاهد"]
    assert "۲۰۱۴/۲۰۱۵" in set(table["سال"]) and "بی‌تاریخ" in set(table["سال"])


def test_an_event_counts_once_in_its_year_whatever_the_basis_of_its_articles():
    # ev-1 is reported by an article dated by publication and one dated by its text, in the
    # same year: one event in that year (under published), so the stacked bars add up to 2.
    links = pd.DataFrame({"article_id": ["a", "b", "c"], "partner_id": ["IQ", "IQ", "SY"],
                          "event_id": ["ev-1", "ev-1", "ev-2"]})
    years = pd.DataFrame({"article_id": ["a", "b", "c"], "year_start": [2024, 2024, 2024],
                          "year_end": [2024, 2024, 2024], "year_source": ["published", "inferred", "inferred"],
                          "year_evidence": ["", "", ""]})
    table = timeline_table(links, years).set_index("year_source")
    assert table.loc["published", "events"] == 1 and table.loc["inferred", "events"] == 1
    assert table["events"].sum() == 2 and table["articles"].sum() == 3
