"""The report counts events, with the articles beside them (issue 17, point 3), and a partner
profile lists its events in date order with the first report's quote and its quantities with
their sentences, never summed across units (point 5).

The counting cases are data: tests/data/event_count_cases.csv (a comment per case)."""

from __future__ import annotations

from pathlib import Path

import pandas as pd
import pytest

import healthdiplomacy as hd
from conftest import rows_of
from healthdiplomacy.report.budget import Beside
from healthdiplomacy.report.charts import partners_chart, theme_partner_cells
from healthdiplomacy.report.findings import findings_html
from healthdiplomacy.report.profiles import profile_html, write_profile_pages
from healthdiplomacy.results.counts import count_events
from healthdiplomacy.results.findings import findings, top_partners, top_themes
from healthdiplomacy.results.profiles import partner_events, partner_profiles
from healthdiplomacy.results.tables import partner_ranking, theme_partner_table, theme_ranking
from healthdiplomacy.results.years import by_year_table

CASES = rows_of("event_count_cases.csv")
NAMES = {"partner_name_en": "Iraq", "partner_name_fa": "عراق", "partner_kind": "country"}


def case_links(case: str) -> pd.DataFrame:
    rows = [r for r in CASES if r["case"] == case]
    return pd.DataFrame([{"article_id": r["article_id"], "partner_id": r["partner_id"], **NAMES,
                          "theme_id": r["theme_id"], "theme_label": r["theme_id"], "event_id": r["event"],
                          "evidence": f"Iraq and Iran on {r['theme_id']}.", "terms": "Iraq", "language": "en"}
                         for r in rows])


def expected(case: str) -> tuple[int, int]:
    row = next(r for r in CASES if r["case"] == case)
    return int(row["expect_events"]), int(row["expect_articles"])


@pytest.mark.parametrize("case", sorted({r["case"] for r in CASES}))
def test_every_partner_count_says_events_and_articles(case):
    links, (events, articles) = case_links(case), expected(case)
    assert count_events(links, "partner_id")[["events", "articles"]].values.tolist() == [[events, articles]]
    ranked = partner_ranking(links).iloc[0]
    assert (ranked["events"], ranked["articles"]) == (events, articles)
    top = top_partners(links).iloc[0]
    assert (top["events"], top["articles"]) == (events, articles)
    chart = partners_chart(links)[1].iloc[0]  # the chart plots events; its CSV keeps the articles beside
    assert (chart["events"], chart["articles"]) == (events, articles)


def test_two_articles_of_one_event_count_one_event_and_two_articles_in_every_table():
    links = case_links("two_reports_one_event")
    assert theme_partner_table(links).loc["medicine", "IQ"] == 1
    assert theme_partner_table(links, count="articles").loc["medicine", "IQ"] == 2
    assert theme_ranking(links).iloc[0][["events", "articles"]].tolist() == [1, 2]
    assert top_themes(links).iloc[0][["events", "articles"]].tolist() == [1, 2]
    years = pd.DataFrame({"article_id": ["fa1", "en1"], "year_start": [2024, 2024],
                          "year_source": ["published", "published"]})
    assert by_year_table(links, years).iloc[0][["year", "events", "published", "medicine"]].tolist() == [2024, 1, 2, 1]
    assert theme_partner_cells(links, lang="fa").iloc[0].tolist()[1:] == ["۱ (۲)"]


def test_the_years_table_picks_its_top_values_by_events_not_articles():
    # IQ: three articles of one event; SY: three articles of three events. Ranked by articles
    # they tie (and IQ sorts first); by events SY leads.
    links = pd.DataFrame({"article_id": ["a", "b", "c", "d", "e", "f"], "partner_id": ["IQ"] * 3 + ["SY"] * 3,
                          "theme_id": ["medicine"] * 6, "event_id": ["ev-1"] * 3 + ["ev-2", "ev-3", "ev-4"]})
    years = pd.DataFrame({"article_id": list("abcdef"), "year_start": [2024] * 6, "year_source": ["published"] * 6})
    table = by_year_table(links, years, "partner_id", top=1)
    assert list(table.columns) == ["year", "events", "published", "inferred", "SY"]
    assert table[["events", "SY"]].values.tolist() == [[4, 3]]


@pytest.mark.parametrize("lang, said", [("en", ["Partners in the most events:", "(1 event, 2 articles)"]),
                                        ("fa", ["شریکانی که در بیشترین رویدادها آمده‌اند", "(۱ رویداد، ۲ مقاله)"])])
def test_the_first_screen_names_events_with_the_articles_beside(lang, said):
    links = case_links("two_reports_one_event")
    articles = pd.DataFrame({"article_id": ["fa1", "en1"], "language": ["fa", "en"], "source": ["", ""]})
    partners = findings_html(findings(articles, links), lang).split('id="findings-partners">')[1].split("</p>")[0]
    assert all(text in partners for text in said), partners


def test_grouping_then_counting_from_the_corpus_tables():
    """Reports grouped by find_events (the same partner, days and theme) count once."""
    links = case_links("three_reports_two_events").drop(columns="event_id").assign(stages="")
    articles = pd.DataFrame({"article_id": ["fa1", "en1", "en2"], "language": ["fa", "en", "en"],
                             "published": ["2024-05-01", "2024-05-02", "2024-09-30"], "source": ["", "", ""]})
    grouped = hd.link_events(links, hd.find_events(links, articles))
    assert count_events(grouped, "partner_id")[["events", "articles"]].values.tolist() == [[2, 3]]


def profile_links() -> tuple[pd.DataFrame, pd.DataFrame]:
    """Iraq: a visit reported by an English agency a day after the Persian one, then a shipment
    reported once earlier in the table (the table's order is not the date order)."""
    links = pd.DataFrame([
        {"article_id": "b-ship", "event_id": "ev-ship", "theme_id": "medicine", "language": "en",
         "evidence": "Iran shipped medicine to Iraq."},
        {"article_id": "a-visit-en", "event_id": "ev-visit", "theme_id": "medicine", "language": "en",
         "evidence": "Iraq's health minister visited Tehran."},
        {"article_id": "z-visit-fa", "event_id": "ev-visit", "theme_id": "medicine", "language": "fa",
         "evidence": "وزیر بهداشت عراق به تهران آمد."},
    ]).assign(partner_id="IQ", **NAMES, theme_label="Medicine", terms="Iraq; عراق", rule="stated_for",
              partner_rule="iran_and_partner")
    articles = pd.DataFrame({"article_id": ["b-ship", "a-visit-en", "z-visit-fa"],
                             "published": ["2023-08-10", "2023-03-02", "2023-03-01"], "source": ["", "", ""]})
    return links, articles


def test_a_profile_lists_its_events_in_date_order_with_the_first_reports_quote():
    links, articles = profile_links()
    stages = pd.DataFrame({"article_id": ["a-visit-en", "b-ship"], "partner_id": ["IQ", "IQ"],
                           "stage": ["talks", "delivered"]})
    listed = partner_events(links, "IQ", stages, articles=articles)
    assert listed["event_id"].tolist() == ["ev-visit", "ev-ship"]  # by date, not by id or table order
    assert listed["date"].tolist() == ["2023-03-01", "2023-08-10"]
    # the first report is the earliest article (the Persian one, a day before), not the first id
    assert listed.iloc[0][["first_article", "quote", "n_articles", "languages", "stage"]].tolist() == [
        "z-visit-fa", "وزیر بهداشت عراق به تهران آمد.", 2, "en;fa", "talks"]
    profile = partner_profiles(links, stages, articles=articles)[0]
    assert (profile.events, profile.articles) == (2, 3)
    html = profile_html(profile, "en")
    table = html.split('<table class="hd-table hd-events">')[1].split("</table>")[0]
    assert table.index("2023-03-01") < table.index("وزیر بهداشت") < table.index("2023-08-10")
    assert "in 2 events, reported by 3 articles." in html


def test_an_event_without_a_published_date_shows_its_stated_year_and_comes_after_that_years_dates():
    links, articles = profile_links()
    articles = articles.assign(published=["2023-08-10", "", ""])
    years = pd.DataFrame({"article_id": ["a-visit-en", "z-visit-fa"], "year_start": [2023, 2023],
                          "year_source": ["inferred", "inferred"]})
    listed = partner_events(links, "IQ", years=years, articles=articles)
    assert listed[["event_id", "date"]].values.tolist() == [["ev-ship", "2023-08-10"], ["ev-visit", "2023"]]


def test_a_long_list_of_events_shows_its_first_rows_and_links_the_whole_beside(tmp_path):
    links, articles = profile_links()
    profile = partner_profiles(links, articles=articles)[0]
    beside = Beside.of(tmp_path / "staged", tmp_path / "figures", tmp_path)
    html = profile_html(profile, "en", beside=beside, limit=1)
    table = html.split('<table class="hd-table hd-events">')[1].split("</table>")[0]
    assert table.count("<tr>") == 2  # the header and the first event
    assert 'href="figures/tables/events_IQ.csv"' in html and "first 1 of 2 rows" in html
    written = pd.read_csv(tmp_path / "staged" / "tables" / "events_IQ.csv", encoding="utf-8-sig")
    assert written["event_id"].tolist() == ["ev-visit", "ev-ship"]
    # the page of its own links the same file from where it will be (figures/partners/)
    pages = write_profile_pages([profile], tmp_path / "staged" / "partners", "en", beside=beside, limit=1)
    page = Path(pages["IQ"]).read_text(encoding="utf-8")
    assert 'href="../tables/events_IQ.csv"' in page


def test_the_reports_profile_section_shows_fewer_events_than_the_partners_page(tmp_path, monkeypatch):
    # The report holds ten profiles: each shows budget.PROFILE_ROWS events, its page budget.ROWS.
    from healthdiplomacy.report import budget, profiles as profile_module
    monkeypatch.setattr(profile_module, "PROFILE_ROWS", 1)
    links, articles = profile_links()
    profile = partner_profiles(links, articles=articles)[0]
    beside = Beside.of(tmp_path / "staged", tmp_path / "figures", tmp_path)
    section = profile_module.profiles_html([profile], "en", beside=beside)
    table = section.split('<table class="hd-table hd-events">')[1].split("</table>")[0]
    assert table.count("<tr>") == 2 and "first 1 of 2 rows" in section
    assert budget.PROFILE_ROWS < budget.ROWS


MONEY = ("Iran gave Iraq $5 million for medicine. Iran also gave Iraq €2 million for medicine. "
         "Iran sent Iraq 10 tons of medicine.")


@pytest.mark.parametrize("lang", ["en", "fa"])
def test_quantities_appear_with_their_sentences_and_different_currencies_are_not_added(lang):
    tagging = hd.tag_articles([{"article_id": "m1", "language": "en", "published": "2022-01-05", "text": MONEY}])
    quantities = hd.quantities_table(tagging)
    profile = partner_profiles(tagging.links, articles=pd.DataFrame({"article_id": ["m1"]}),
                               quantities=quantities)[0]
    table = profile.quantities
    assert sorted(zip(table["unit"], table["value"])) == [("dollar", 5e6), ("euro", 2e6), ("ton", 10.0)]
    assert set(table["evidence"]) == {"Iran gave Iraq $5 million for medicine.",
                                      "Iran also gave Iraq €2 million for medicine.",
                                      "Iran sent Iraq 10 tons of medicine."}
    html = profile_html(profile, lang).split('<table class="hd-table hd-quantities">')[1].split("</table>")[0]
    digits = str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹٬") if lang == "fa" else str.maketrans("", "")
    assert "5,000,000".translate(digits) in html and "2,000,000".translate(digits) in html
    assert "7,000,000".translate(digits) not in html  # dollars and euros are never added together
    assert html.count("<tr>") == 4 and html.count("<blockquote") == 3  # each with its sentence
    assert "$<mark>5 million</mark>" in html and "<mark>10 tons</mark>" in html  # marked in its sentence


def test_a_profile_dates_its_events_as_the_events_table_does():
    # One report dated only by the day its text states, one published in the Solar Hijri
    # calendar: the profile's event list shows the same days as find_events, not the years.
    links = pd.DataFrame({"article_id": ["a", "b"], "partner_id": ["IQ", "IQ"], "theme_id": ["medicine", "vaccines"],
                          "stages": ["", ""], "language": ["en", "fa"],
                          "evidence": ["Iraq got medicine.", "واکسن به عراق رسید."]})
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": ["", "1403/02/22"], "language": ["en", "fa"],
                             "source": ["", ""]})
    years = pd.DataFrame({"article_id": ["a", "b"], "year_start": [2023, 2024], "year_source": ["inferred", "published"],
                          "date_stated": ["2023-11-02", ""]})
    events = hd.find_events(links, articles, years=years)
    listed = partner_events(hd.link_events(links, events), "IQ", years=years, articles=articles)
    assert sorted(events["date"]) == ["2023-11-02", "2024-05-11"]
    assert listed["date"].tolist() == ["2023-11-02", "2024-05-11"]


def test_an_events_quote_is_ranked_among_every_partners_links():
    # The first report quotes two sentences for Iraq: one listing five partners, one about
    # Iraq alone. The event's quote is the one about Iraq, as in the profile's quotes.
    listing = "Iran sent medicine to Iraq, Syria, Lebanon, Yemen and Oman."
    alone = "Iraq received the medicine in Basra."
    rows = [{"article_id": "a", "partner_id": p, "theme_id": "medicine", "event_id": f"ev-{p}",
             "evidence": listing, "terms": "medicine", "language": "en", "rule": "stated_for",
             "partner_rule": "iran_and_partner"} for p in ("SY", "LB", "YE", "OM")]
    rows.append({"article_id": "a", "partner_id": "IQ", "theme_id": "medicine", "event_id": "ev-IQ",
                 "evidence": f"{listing}\n{alone}", "terms": "medicine", "language": "en", "rule": "stated_for",
                 "partner_rule": "iran_and_partner"})
    assert partner_events(pd.DataFrame(rows), "IQ")["quote"].tolist() == [alone]
