"""Partner profiles: results.profiles (tables), report.profiles (the section and a page per partner)."""

import re

import pandas as pd
import pytest

import healthdiplomacy as hd
from healthdiplomacy.report.html import network_references
from healthdiplomacy.report.i18n import Strings
from healthdiplomacy.report.profiles import page_name, profile_page, profiles_html, write_profile_pages
from healthdiplomacy.results.findings import top_partners
from healthdiplomacy.results.profiles import partner_profiles, strongest_quotes
from healthdiplomacy.results.years import coded_years

from conftest import SEEDS

LANGS = ["en", "fa"]


@pytest.fixture(scope="module")
def seeds_profiles(coded_seeds):
    tagging = coded_seeds.tagging
    return partner_profiles(tagging.links, tagging.stages, coded_years(tagging.years), coded_seeds.articles,
                            top=10, mentions=tagging.mentions)


def link(article, partner, theme, rule, partner_rule, sentence, terms="x"):
    return {"article_id": article, "partner_id": partner, "partner_name_en": partner, "partner_name_fa": "",
            "partner_kind": "country", "theme_id": theme, "theme_label": theme, "rule": rule,
            "partner_rule": partner_rule, "evidence": sentence, "terms": terms, "language": "en"}


# (why, links as (article, partner, theme, rule, partner_rule, sentence), the quotes for IQ in order)
QUOTE_CASES = [
    ("a stated theme outranks one from the same sentence",
     [("a", "IQ", "medicine", "same_sentence", "iran_and_partner", "S1"),
      ("b", "IQ", "medicine", "stated_for", "iran_and_partner", "S2")], ["S2", "S1"]),
    ("Iran and the partner together outrank an implicit Iran",
     [("a", "IQ", "medicine", "stated_for", "implicit_iran", "S1"),
      ("b", "IQ", "medicine", "stated_for", "iran_and_partner", "S2")], ["S2", "S1"]),
    ("a sentence naming only the partner outranks one listing others too",
     [("a", "IQ", "medicine", "stated_for", "iran_and_partner", "S1"),
      ("a", "SY", "medicine", "stated_for", "iran_and_partner", "S1"),
      ("b", "IQ", "medicine", "stated_for", "iran_and_partner", "S2")], ["S2", "S1"]),
    ("one quote per article before a second from any",
     [("a", "IQ", "medicine", "stated_for", "iran_and_partner", "S1"),
      ("a", "IQ", "vaccines", "stated_for", "iran_and_partner", "S2"),
      ("b", "IQ", "medicine", "nearest_in_clause", "iran_and_partner", "S3")], ["S1", "S3", "S2"]),
    ("a sentence holding two themes is one quote, and outranks one holding one",
     [("a", "IQ", "medicine", "stated_for", "iran_and_partner", "S1"),
      ("b", "IQ", "medicine", "stated_for", "iran_and_partner", "S2"),
      ("b", "IQ", "vaccines", "stated_for", "iran_and_partner", "S2")], ["S2", "S1"]),
    ("at most three", [(a, "IQ", "medicine", "stated_for", "iran_and_partner", f"S{a}") for a in "abcd"],
     ["Sa", "Sb", "Sc"]),
]


@pytest.mark.parametrize("rows, expected", [c[1:] for c in QUOTE_CASES], ids=[c[0] for c in QUOTE_CASES])
def test_strongest_quotes_come_first(rows, expected):
    links = pd.DataFrame([link(*row) for row in rows])
    assert strongest_quotes(links, "IQ")["sentence"].tolist() == expected


def test_profiles_follow_the_first_screen_and_stop_at_top(coded_seeds, seeds_profiles):
    links = coded_seeds.tagging.links
    assert [p.partner_id for p in seeds_profiles] == top_partners(links, 10)["partner_id"].tolist()
    assert len(partner_profiles(links, top=2)) == 2 and partner_profiles(links, top=0) == []


def test_profiles_quote_as_strongest_quotes_does(coded_seeds, seeds_profiles):
    # The profiles share one pass over the quoted sentences; each partner's quotes are still
    # what strongest_quotes picks for it alone.
    tagging = coded_seeds.tagging
    for profile in seeds_profiles:
        alone = strongest_quotes(tagging.links, profile.partner_id, mentions=tagging.mentions)
        pd.testing.assert_frame_equal(profile.quotes, alone, obj=profile.partner_id)


def test_profile_tables_hold_what_the_tables_say(coded_seeds, seeds_profiles):
    tagging = coded_seeds.tagging
    for profile in seeds_profiles:
        own = tagging.links[tagging.links["partner_id"] == profile.partner_id]
        assert profile.articles == own["article_id"].nunique()
        assert set(profile.themes["theme_id"]) == set(own["theme_id"]) - {""}
        stages = tagging.stages[tagging.stages["partner_id"] == profile.partner_id]
        assert set(profile.stages["stage"]) == set(stages["stage"])
        assert (profile.furthest_stage == "") == stages.empty
        sources = coded_seeds.articles.set_index("article_id").loc[sorted(set(own["article_id"])), "source"]
        assert sorted(profile.sources["source"]) == sorted(set(sources.fillna("")))
        assert 1 <= len(profile.quotes) <= 3
        evidence = {s for e in own["evidence"] for s in str(e).split("\n")}
        assert set(profile.quotes["sentence"]) <= evidence  # quoted as the tables quote them


def test_themes_over_time_leave_a_gap_year_empty():
    links = pd.DataFrame([link("a", "IQ", "medicine", "stated_for", "iran_and_partner", "S1"),
                          link("b", "IQ", "medicine", "stated_for", "iran_and_partner", "S2")])
    years = pd.DataFrame({"article_id": ["a", "b"], "year_start": pd.array([2018, 2021], dtype="Int64"),
                          "year_source": ["published", "inferred"]})
    table = partner_profiles(links, years=years)[0].by_year
    assert table["year"].tolist() == [2018, 2019, 2020, 2021]
    assert table["medicine"].isna().tolist() == [False, True, True, False]
    html = profile_page(partner_profiles(links, years=years)[0])
    assert "<td>2019</td><td>0</td><td>0</td><td>0</td><td></td>" in html.replace(' dir="auto"', "")


@pytest.mark.parametrize("lang", LANGS)
def test_quotes_mark_the_partner_and_the_themes(coded_seeds, seeds_profiles, lang):
    tagging = coded_seeds.tagging
    page = profiles_html(seeds_profiles, lang)
    for profile in seeds_profiles:
        section = page.split(f'id="profile-section-{page_name(profile.partner_id)}"')[1].split("</section>")[0]
        strongest = section.split(Strings(lang)("profiles.quotes"))[1]  # (after the events' first reports)
        quotes = re.findall(r"<blockquote.*?</blockquote>", strongest.split("<h4>")[0])  # (before the quantities)
        assert len(quotes) == len(profile.quotes)
        marked = {hd.normalize(m) for q in quotes for m in re.findall(r"<mark>([^<]*)</mark>", q)}
        # the partner's name, as its articles write it, and the theme terms matched
        names = {hd.normalize(t) for t in tagging.mentions.loc[tagging.mentions["partner_id"] == profile.partner_id,
                                                                 "term"]}
        theme_terms = {hd.normalize(t.strip()) for t in tagging.links.loc[
            tagging.links["partner_id"] == profile.partner_id, "terms"] for t in str(t).split(";")}
        assert marked & names, (profile.partner_id, marked, names)
        if len(profile.themes):  # (a partner named with no theme has no theme term to mark)
            assert marked & (theme_terms - names), (profile.partner_id, marked)


@pytest.mark.parametrize("lang", LANGS)
def test_partner_pages_stand_alone(seeds_profiles, tmp_path, lang):
    pages = write_profile_pages(seeds_profiles, tmp_path / "partners", lang)
    suffix = "" if lang == "en" else ".fa"
    assert sorted(p.name for p in pages.values()) == sorted(f"{p.partner_id}{suffix}.html" for p in seeds_profiles)
    assert sorted(tmp_path.joinpath("partners").iterdir()) == sorted(pages.values())  # nothing half-written left
    direction = {"en": "ltr", "fa": "rtl"}[lang]
    for path in pages.values():
        page = path.read_text("utf-8")
        assert f'<html dir="{direction}" lang="{lang}">' in page and "<style>" in page
        assert network_references(page) == [] and "<script" not in page and "<link" not in page
        assert page.count("<blockquote") >= 1
    again = write_profile_pages(seeds_profiles, tmp_path / "again", lang)
    assert [p.read_bytes() for p in again.values()] == [p.read_bytes() for p in pages.values()]


def test_report_links_each_page_relative_to_the_report(seeds_profiles, tmp_path):
    pages = write_profile_pages(seeds_profiles[:2], tmp_path / "figures" / "partners")
    page = profiles_html(seeds_profiles[:2], "en", pages, tmp_path)
    hrefs = re.findall(r'<a href="([^"]+)">', page)
    assert hrefs == [f"figures/partners/{p.partner_id}.html" for p in seeds_profiles[:2]]
    assert all((tmp_path / h).is_file() for h in hrefs)


def test_hostile_names_and_quotes_stay_text(tmp_path):
    evil = "<script>alert(1)</script>"
    row = link("a/../b", "../x" + evil, "medicine", "stated_for", "iran_and_partner", "Iran and " + evil, evil)
    row["partner_name_fa"] = "عراق\u202e" + evil
    profiles = partner_profiles(pd.DataFrame([row]), articles=pd.DataFrame({"article_id": ["a/../b"],
                                                                            "source": [evil]}))
    pages = write_profile_pages(profiles, tmp_path, "fa")
    [path] = pages.values()
    assert path.parent == tmp_path and path.name == "x_script_alert_1_script.fa.html"
    page = path.read_text("utf-8")
    assert "<script" not in page and "\u202e" not in page and "&lt;script&gt;" in page


def test_profiles_option_reaches_the_report(monkeypatch, tmp_path):
    from healthdiplomacy import cli
    from healthdiplomacy.report import build

    assert cli.build_parser().parse_args(["report", "--profiles", "3"]).profiles == 3
    assert cli.build_parser().parse_args(["report"]).profiles == 10
    seen = {}
    monkeypatch.setattr(build, "build_editions", lambda *a, **options: seen.update(options) or [])
    assert cli.main(["report", "--corpus", str(SEEDS), "--out", str(tmp_path / "r.html"), "--profiles", "4",
                     "--processed", str(tmp_path / "p")]) == 0
    assert seen["profiles"] == 4
    with pytest.raises(ValueError, match="profiles"):
        build.build_report(SEEDS, tmp_path / "x.html", tmp_path / "f", profiles=-1)
    assert not (tmp_path / "x.html").exists()


def test_pages_of_partners_no_longer_profiled_are_removed(seeds_profiles, tmp_path):
    folder = tmp_path / "partners"
    english = write_profile_pages(seeds_profiles, folder, "en")
    persian = write_profile_pages(seeds_profiles, folder, "fa")
    (folder / "notes.txt").write_text("the analyst's own file", "utf-8")
    kept = write_profile_pages(seeds_profiles[:2], folder, "en")
    left = sorted(p.name for p in folder.iterdir())
    assert left == sorted([*(p.name for p in kept.values()), *(p.name for p in persian.values()), "notes.txt"])
    assert len(english) > 2 and len(kept) == 2
