"""The report's first screen: findings computed from the tables, worded in both editions."""

import pandas as pd
import pytest

from healthdiplomacy.results.filters import Filters
from healthdiplomacy.report.findings import TOC_PLACEHOLDER, findings_html, with_contents
from healthdiplomacy.results.findings import findings, top_partners, top_themes
from healthdiplomacy.results.tables import PARTNER_COLUMNS


def links_table(rows):
    """(article, partner, theme) triples as a links table with names."""
    names = {"IQ": ("Iraq", "عراق"), "AF": ("Afghanistan", "افغانستان"), "SY": ("Syria", "سوریه"),
             "X": ("<script>alert(1)</script>", "\u202eevil")}
    return pd.DataFrame([{"article_id": a, "partner_id": p, "partner_name_en": names[p][0],
                          "partner_name_fa": names[p][1], "partner_kind": "country", "theme_id": t,
                          "theme_label": t} for a, p, t in rows],
                        columns=["article_id", *PARTNER_COLUMNS, "theme_id", "theme_label"])


def articles_table(ids, languages=None, sources=None, duplicate_of=None):
    n = len(ids)
    return pd.DataFrame({"article_id": ids, "language": languages or ["fa"] * n,
                         "source": sources or [""] * n, "duplicate_of": duplicate_of or [""] * n})


def years_table(years: dict):
    return pd.DataFrame({"article_id": list(years), "year_start": pd.array(list(years.values()), dtype="Int64")})


# (years of articles a..d, expected halves): the period cut at its middle year.
HALVES = [
    ({"a": 2014, "b": 2021}, ((2014, 2017), (2018, 2021))),  # eight years: four and four
    ({"a": 2019, "b": 2021}, ((2019, 2019), (2021, 2021))),  # three years: the middle one is left out
    ({"a": 2020, "b": 2021}, ((2020, 2020), (2021, 2021))),
    ({"a": 2020, "b": 2020}, None),  # one year: nothing to compare
    ({"a": None, "b": None}, None),  # undated
]


@pytest.mark.parametrize("years, halves", HALVES)
def test_the_period_is_cut_at_its_middle_year(years, halves):
    found = findings(articles_table(["a", "b"]), links_table([("a", "IQ", "medicine"), ("b", "IQ", "medicine")]),
                     years_table(years))
    assert found.halves == halves


def test_counts_are_distinct_articles_and_copies_are_set_aside():
    links = links_table([("a", "IQ", "medicine"), ("a", "IQ", "vaccines"), ("a", "AF", "medicine"),
                         ("b", "IQ", "medicine"), ("c", "SY", "")])
    found = findings(articles_table(["a", "b", "c", "d"], ["fa", "en", "fa", "fa"], ["IRNA", "IRNA", "", ""],
                                    ["", "", "", "a"]), links)
    assert (found.articles, found.duplicates, found.languages, found.sources) == (3, 1, {"fa": 2, "en": 1}, 1)
    assert found.partners[["partner_id", "articles"]].values.tolist() == [["IQ", 2], ["AF", 1], ["SY", 1]]
    # A partner named without a theme counts for the partner, never as a theme.
    assert found.themes[["theme_id", "articles"]].values.tolist() == [["medicine", 2], ["vaccines", 1]]
    assert found.linked == 3


def test_change_names_the_riser_and_the_faller_of_partners_and_themes():
    links = links_table([("a", "AF", "medicine"), ("b", "AF", "medicine"), ("c", "IQ", "vaccines"),
                         ("d", "IQ", "vaccines"), ("e", "IQ", "vaccines")])
    years = years_table({"a": 2015, "b": 2016, "c": 2020, "d": 2021, "e": 2022})
    change = findings(articles_table(list("abcde")), links, years).change
    assert change[["kind", "id", "first", "second", "change"]].values.tolist() == [
        ["partner", "IQ", 0, 3, 3], ["partner", "AF", 2, 0, -2],
        ["theme", "vaccines", 0, 3, 3], ["theme", "medicine", 2, 0, -2]]


def test_no_change_is_reported_when_nothing_moved():
    links = links_table([("a", "IQ", "medicine"), ("b", "IQ", "medicine")])
    found = findings(articles_table(["a", "b"]), links, years_table({"a": 2015, "b": 2022}))
    assert found.change.empty and found.halves
    assert "no partner or theme rose or fell" in findings_html(found)


def test_top_n_and_ties_by_id():
    links = links_table([("a", "SY", ""), ("b", "IQ", ""), ("c", "AF", "")])
    assert top_partners(links, 2)["partner_id"].tolist() == ["AF", "IQ"]
    assert top_themes(links).empty and top_partners(links.iloc[0:0]).empty


@pytest.mark.parametrize("lang, expected", [
    ("en", ["The corpus: 2 articles (Persian 2)", "Iraq", "(2 events, 2 articles)", "Medicine", "F1 0.85"]),
    ("fa", ["پیکره: ۲ مقاله (فارسی ۲)", "عراق", "(۲ رویداد، ۲ مقاله)", "دارو", "۰٫۸۵"]),
])
def test_sentences_come_from_the_tables_in_each_language(lang, expected):
    links = links_table([("a", "IQ", "medicine"), ("b", "IQ", "medicine")])
    accuracy = pd.DataFrame([{"set": "heldout", "role": "held_out", "articles": 30, "partner_f1": 0.851,
                              "triple_f1": 0.71}])
    page = findings_html(findings(articles_table(["a", "b"]), links), lang, accuracy)
    for text in expected:
        assert text in page, (text, page)
    assert f'dir="{"rtl" if lang == "fa" else "ltr"}" lang="{lang}"' in page


def test_an_empty_corpus_still_gives_every_sentence():
    page = findings_html(findings(articles_table([]), links_table([])))
    for part in ("corpus", "partners", "themes", "change", "caveat"):
        assert f'id="findings-{part}"' in page
    assert "No article names a partner" in page and "cannot be read" in page


def test_names_are_escaped_and_isolated():
    links = links_table([("a", "X", "medicine")])
    for lang in ("en", "fa"):
        page = findings_html(findings(articles_table(["a"]), links), lang)
        assert "<script>" not in page and "\u202e" not in page
        assert "&lt;script&gt;" in page or lang == "fa"
        partners = page.split('id="findings-partners">')[1].split("</p>")[0]
        assert partners.count("<bdi") == 1  # the one name, isolated


def test_contents_list_every_section_after_the_findings():
    page = ('<h2 id="before">Not listed</h2>' + TOC_PLACEHOLDER
            + '<h2 id="1.-Themes">1. Themes<a class="anchor-link" href="#1.-Themes">¶</a></h2><h3 id="s">Sub</h3>'
            + '<h2 id="Trust-&amp;-more">Trust &amp; more<a class="anchor-link" href="#x">¶</a></h2>')
    nav = with_contents(page).split("<nav", 1)[1].split("</nav>")[0]
    assert '<a href="#1.-Themes">1. Themes</a>' in nav and '<a href="#Trust-&amp;-more">Trust &amp; more</a>' in nav
    assert "Not listed" not in nav and "Sub" not in nav
    assert with_contents("<p>no placeholder</p>") == "<p>no placeholder</p>"


@pytest.mark.parametrize("lang, filters, expected", [
    ("en", None, "The whole corpus, no filter."),
    ("en", Filters(since=2020, until=2023, partners=("IQ",), languages=("fa",)),
     "Filtered to years 2020–2023; partners Iraq · عراق; articles in Persian"),
    ("en", Filters(since=2020), "years 2020 and after"),
    ("fa", Filters(until=2021, themes=("medicine",)), "پالایه‌شده به سال‌های تا ۲۰۲۱؛ موضوعات دارو"),
])
def test_the_first_screen_states_the_filter(lang, filters, expected):
    import re
    links = links_table([("a", "IQ", "medicine")])
    page = findings_html(findings(articles_table(["a"]), links), lang, filters=filters)
    stated = re.search(r'id="findings-filter">(.*?)</p>', page).group(1)
    assert expected in re.sub(r"<[^>]+>", "", stated), stated
    if filters is not None and (filters.partners or filters.themes):
        assert "<bdi" in stated  # names isolated: a Persian one cannot reorder the English line


@pytest.mark.parametrize("lang, expected", [("en", "1 of 2 corrections by the analyst applied"),
                                            ("fa", "۱ اصلاح از ۲ اصلاحِ تحلیلگر")])
def test_the_first_screen_says_how_many_corrections_were_applied(lang, expected):
    applied = pd.DataFrame({"status": ["applied", "unknown article 'x'"]})
    links = links_table([("a", "IQ", "medicine")])
    page = findings_html(findings(articles_table(["a"]), links), lang, corrections=applied)
    assert expected in page and 'id="findings-corrections"' in page
    assert 'id="findings-corrections"' not in findings_html(findings(articles_table(["a"]), links), lang)


def test_a_steady_partner_over_an_odd_number_of_years_does_not_rise():
    # One article a year, 2019-2021: the middle year is left out, so nothing rose or fell.
    links = links_table([("a", "IQ", "medicine"), ("b", "IQ", "medicine"), ("c", "IQ", "medicine")])
    found = findings(articles_table(["a", "b", "c"]), links, years_table({"a": 2019, "b": 2020, "c": 2021}))
    assert found.halves == ((2019, 2019), (2021, 2021)) and found.change.empty


def test_a_year_with_dated_articles_counts_zero_and_a_year_without_is_a_gap():
    from healthdiplomacy.results.years import by_year_table

    links = pd.DataFrame({"article_id": ["a", "b", "c"], "theme_id": ["medicine", "vaccines", "other"]})
    years = pd.DataFrame({"article_id": ["a", "b", "c"], "year_start": [2018, 2021, 2019],
                          "year_source": ["published"] * 3})
    table = by_year_table(links, years, top=2).set_index("year")  # medicine and other; vaccines left out
    assert list(table.columns) == ["events", "published", "inferred", "medicine", "other"]
    assert table.loc[2021, "medicine"] == 0 and table.loc[2021, "other"] == 0  # dated (vaccines), none of these
    assert pd.isna(table.loc[2020, "medicine"])  # nothing dated in 2020: a gap
