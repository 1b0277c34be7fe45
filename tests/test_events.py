"""Events (healthdiplomacy.results.events): Persian and English reports of one event,
written as test data (tests/data/event_cases.csv), become one event; other reports do not."""

from __future__ import annotations

import itertools

import pandas as pd
import pytest

import healthdiplomacy as hd
from conftest import rows_of
from healthdiplomacy.cli import main


@pytest.fixture(scope="module")
def coded():
    rows = rows_of("event_cases.csv")
    articles = pd.DataFrame([{k: r[k] for k in ("article_id", "language", "published", "title", "text")}
                             | {"source": "", "duplicate_of": ""} for r in rows])
    tagging = hd.tag_articles(articles)
    return rows, articles, tagging, hd.find_events(tagging.links, articles, years=tagging.years)


def test_each_report_is_coded(coded):
    rows, _, tagging, _ = coded
    assert set(tagging.links.article_id) == {r["article_id"] for r in rows}


def test_reports_of_one_event_group_and_no_others(coded):
    rows, _, tagging, events = coded
    linked = hd.link_events(tagging.links, events)
    assert (linked.event_id != "").all()
    event_of = {a: set(linked.loc[linked.article_id == a, "event_id"]) for a in linked.article_id}
    pairs = 0
    for first, second in itertools.combinations(rows, 2):
        shared = event_of[first["article_id"]] & event_of[second["article_id"]]
        if first["event"] == second["event"]:
            assert shared, (first["comment"], second["comment"])
            assert first["language"] != second["language"]
            pairs += 1
        else:
            assert not shared, (first["comment"], second["comment"])
    assert pairs >= 3
    joined = events[events.n_articles == 2]
    assert set(joined.languages) == {"en;fa"}
    assert all(e.startswith("partner ") and "themes in common" in e for e in joined.evidence)


# The officials and places both reports of an event name (their years row's officials and
# places, healthdiplomacy.coding.officials): a Persian and an English report are tied by them.
@pytest.mark.parametrize("event, said", [
    ("tm_equipment", "officials in common: ambassador:IR;health_minister:TM; places in common: Ashgabat"),
    ("iq_medicine", "officials in common: health_minister:IR"),  # "visit to Baghdad": no place after "to"
])
def test_the_evidence_names_the_shared_officials_and_places(coded, event, said):
    rows, _, _, events = coded
    ids = ";".join(sorted(r["article_id"] for r in rows if r["event"] == event))
    found = events[events.article_ids == ids]
    assert len(found) == 1 and found.languages.iloc[0] == "en;fa"
    assert found.evidence.iloc[0].endswith(said)


def test_officials_and_places_break_ties_but_join_nothing():
    # b fits both open groups alike by partner, day and themes; it joins the one naming its minister
    # a1 and a2 cannot join (stages two apart): two open groups; b states no stage, so fits both
    links = _links(["a1", "a2", "b"], ["medicine"] * 3, stages=["intent", "agreement_signed", ""])
    articles = _articles(["a1", "a2", "b"], ["2024-05-01", "2024-05-01", "2024-05-02"])
    years = pd.DataFrame({"article_id": ["a1", "a2", "b"], "places": ["", "", ""],
                          "officials": ["", "health_minister:IQ", "health_minister:IQ"]})
    found = hd.find_events(links, articles, years=years)
    assert sorted(found.article_ids) == ["a1", "a2;b"]
    assert "officials in common: health_minister:IQ" in found.set_index("article_ids").at["a2;b", "evidence"]
    assert sorted(hd.find_events(links, articles).article_ids) == ["a1;b", "a2"]  # without them: the earliest
    # sharing an official never joins reports whose themes differ
    apart = hd.find_events(_links(["a", "b"], ["medicine", "vaccines"]), _articles(["a", "b"], ["2024-05-01"] * 2),
                           years=pd.DataFrame({"article_id": ["a", "b"], "officials": ["health_minister:IQ"] * 2,
                                               "places": ["Baghdad"] * 2}))
    assert apart.n_articles.tolist() == [1, 1]


def test_an_undated_report_stays_alone():
    links = pd.DataFrame({"article_id": ["a", "b"], "partner_id": ["IQ", "IQ"], "theme_id": ["medicine"] * 2,
                          "stages": ["", ""]})
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": ["2024-05-01", ""]})
    events = hd.find_events(links, articles)
    assert events.n_articles.tolist() == [1, 1] and events.date.tolist() == ["2024-05-01", ""]
    assert "not compared" in events.evidence.iloc[1]


def _links(ids, themes, partners=None, stages=None):
    return pd.DataFrame({"article_id": ids, "partner_id": partners or ["IQ"] * len(ids), "theme_id": themes,
                         "stages": stages or [""] * len(ids)})


def _articles(ids, published):
    return pd.DataFrame({"article_id": ids, "published": published, "content_hash": [f"h{a}" for a in ids]})


def _groups(events):
    return sorted(events.article_ids)


def test_event_ids_are_stable_when_an_article_is_added():
    # a running number per partner and day shifted when an earlier article came in
    before = hd.find_events(_links(["b"], ["medicine"]), _articles(["b"], ["2024-05-01"]))
    after = hd.find_events(_links(["a", "b"], ["vaccines", "medicine"]),
                           _articles(["a", "b"], ["2024-05-01", "2024-05-01"]))
    assert before.event_id.iloc[0] in set(after.event_id)
    assert set(after.event_id) == {hd.event_id(["ha"]), hd.event_id(["hb"])}  # from content hashes


@pytest.mark.parametrize("ids,themes,published,expected", [
    # each report is compared with every open group of the partner, not only the last one:
    # a0 (vaccines) opens a group, m1 (medicine) another; v1 (vaccines) joins a0's
    (["m1", "v1", "a0"], ["medicine", "vaccines", "vaccines"], ["2024-05-01"] * 3, ["a0;v1", "m1"]),
    # a group stays open for the window from its first report only
    (list("ABCD"), ["medicine"] * 4, ["2024-05-01", "2024-05-03", "2024-05-05", "2024-05-05"], ["A;B", "C;D"]),
    # a theme read from a CSV as NaN is no theme (compatible with any), not the theme "nan"
    (["A", "B"], [float("nan"), "medicine"], ["2024-05-01"] * 2, ["A;B"]),
    # a published date given as a Timestamp, or missing as NaN
    (["A", "B"], ["medicine"] * 2, [pd.Timestamp("2024-05-01"), "2024-05-02"], ["A;B"]),
    (["A", "B"], ["medicine"] * 2, [float("nan"), "2024-05-02"], ["A", "B"]),
])
def test_grouping_cases(ids, themes, published, expected):
    events = hd.find_events(_links(ids, themes), _articles(ids, published))
    assert _groups(events) == expected
    assert "nan" not in ";".join(events.themes).split(";")


def test_a_repeated_article_id_does_not_crash():
    articles = pd.DataFrame({"article_id": ["A", "A"], "published": ["2024-05-01", "2024-06-01"]})
    events = hd.find_events(_links(["A"], ["medicine"]), articles)
    assert events.date.tolist() == ["2024-05-01"]  # its first row


def test_the_year_stated_in_the_text_stands_in_for_a_missing_date():
    links = _links(["A", "B", "C", "D"], ["medicine"] * 4)
    years = pd.DataFrame({"article_id": ["A", "B", "C", "D"], "year_start": [2019, 2019, 2020, 2019],
                          "year_source": ["inferred", "inferred", "inferred", ""]})
    events = hd.find_events(links, _articles(list("ABCD"), ["", "", "", "2019-03-01"]), years=years)
    # A and B state 2019 (grouped by year: coarser than a date); C states 2020; D is
    # dated and a year alone never joins a dated report
    assert _groups(events) == ["A;B", "C", "D"]
    row = events.set_index("article_ids").loc["A;B"]
    assert row.date == "2019" and "year only" in row.evidence


def _meeting(article: str, language: str, text: str) -> dict:
    return {"article_id": article, "language": language, "published": "", "text": text}


def test_reports_of_one_meeting_with_no_published_date_join_on_the_stated_day():
    articles = [
        _meeting("fa1", "fa", "وزیر بهداشت ایران روز ۲۲ اردیبهشت ۱۴۰۳ در بغداد با همتای عراقی دیدار کرد و "
                              "دو کشور تفاهم‌نامه همکاری دارویی امضا کردند."),
        _meeting("en1", "en", "Iran and Iraq signed a memorandum of understanding on medicine in Baghdad "
                              "on 11 May 2024."),
        _meeting("en2", "en", "Iran and Iraq signed a memorandum of understanding on medicine in Baghdad "
                              "on 11 June 2024."),
    ]
    tagging = hd.tag_articles(articles)
    events = hd.find_events(tagging.links, pd.DataFrame(articles), years=tagging.years)
    assert sorted(events.article_ids) == ["en1;fa1", "en2"]  # a month later: another meeting
    joined = events.set_index("article_ids").loc["en1;fa1"]
    assert joined.date == "2024-05-11"
    assert "stated in the text" in joined.evidence and "fa1 2024-05-11" in joined.evidence
    alone = events.set_index("article_ids").loc["en2"]
    assert "2024-06-11 stated in the text" in alone.evidence


def test_a_stated_day_is_compared_with_a_published_one_by_days():
    links = pd.DataFrame({"article_id": ["a", "b", "c"], "partner_id": ["IQ"] * 3, "theme_id": ["medicine"] * 3,
                          "stages": [""] * 3})
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "published": ["2024-05-12", "", ""]})
    years = pd.DataFrame({"article_id": ["a", "b", "c"], "year_start": ["2024", "2024", "2024"],
                          "year_source": ["published", "inferred", "inferred"],
                          "date_stated": ["", "2024-05-11", "2024-05-30"]})
    events = hd.find_events(links, articles, years=years)
    # b states the day before a's publication: one event; c, weeks later, is another
    assert sorted(events.article_ids) == ["a;b", "c"]


def test_a_signing_of_several_partners_reported_once_is_one_event():
    tagging = hd.tag_articles([{"article_id": "x", "language": "en", "published": "2024-05-01",
                                "text": "Iran, Iraq and Syria signed a trilateral memorandum on medicine in Tehran."}])
    events = hd.find_events(tagging.links, pd.DataFrame({"article_id": ["x"], "published": ["2024-05-01"]}))
    assert events[["partners", "n_articles"]].values.tolist() == [["IQ;SY", 1]]
    linked = hd.link_events(tagging.links, events)
    assert set(linked.event_id) == {events.event_id.iloc[0]}


def test_tag_writes_the_events(tmp_path):
    folder = tmp_path / "corpus"
    folder.mkdir()
    for row in rows_of("event_cases.csv")[:2]:
        (folder / f"{row['article_id']}.txt").write_text(row["title"] + "\n\n" + row["text"], encoding="utf-8")
    (folder / "metadata.csv").write_text("id,published\n" + "".join(
        f"{r['article_id']},{r['published']}\n" for r in rows_of("event_cases.csv")[:2]), encoding="utf-8")
    out, events = tmp_path / "links.csv", tmp_path / "events.csv"
    assert main(["tag", str(folder), "--out", str(out), "--events", str(events)]) == 0
    table = pd.read_csv(events, dtype=str, keep_default_na=False)
    assert list(table.columns) == hd.EVENT_COLUMNS and table.n_articles.tolist() == ["2"]
    links = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert set(links.event_id) == set(table.event_id)


def test_an_event_id_stands_in_for_its_articles_in_a_correction(coded, tmp_path):
    rows, articles, tagging, events = coded
    event = events[events.n_articles == 2].iloc[0]
    fixes = tmp_path / "fixes.csv"
    fixes.write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\n"
                     f"{event.event_id},{event.partners},,remove,,not a cooperation,mr,2026-12-06\n", encoding="utf-8")
    corrected, applied = hd.apply_corrections(tagging, articles, fixes)
    reports = event.article_ids.split(";")
    assert applied.status.tolist() == ["applied"] and applied.article_id.iloc[0] == event.article_ids
    assert not corrected.links[corrected.links.article_id.isin(reports)
                               & (corrected.links.partner_id == event.partners)].shape[0]
    assert len(corrected.links) < len(tagging.links)


def test_corrections_find_events_as_the_outputs_list_them(coded, tmp_path):
    # The outputs find the events of the corrected links; an event id they list must be one a
    # later correction can name (it used to be looked up among the machine's events only).
    rows, articles, tagging, events = coded
    pair = events[events.n_articles == 2].iloc[0]
    partner = pair.partners.split(";")[0]
    first, second = pair.article_ids.split(";")
    fixes = tmp_path / "fixes.csv"
    line2 = f"{first},{partner},,remove,,,mr,\n"
    fixes.write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\n" + line2, encoding="utf-8")
    corrected, _ = hd.apply_corrections(tagging, articles, fixes)
    listed = hd.find_events(corrected.links, articles, years=corrected.years)
    alone = listed[listed.article_ids == second].event_id.iloc[0]
    assert alone not in set(events.event_id)  # an event only the corrected links have
    fixes.write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\n" + line2
                     + f"{alone},{partner},,set_stage,agreement_signed,,mr,\n", encoding="utf-8")
    again, applied = hd.apply_corrections(tagging, articles, fixes)
    assert applied.status.tolist() == ["applied", "applied"] and applied.article_id.iloc[1] == second


def test_tag_in_memory_says_so_and_that_jobs_is_not_used(tmp_path, capsys):
    folder = tmp_path / "corpus"
    folder.mkdir()
    row = rows_of("event_cases.csv")[0]
    (folder / f"{row['article_id']}.txt").write_text(row["title"] + "\n\n" + row["text"], encoding="utf-8")
    out, events = tmp_path / "links.csv", tmp_path / "events.csv"
    assert main(["tag", str(folder), "--out", str(out), "--events", str(events), "--jobs", "4"]) == 0
    err = capsys.readouterr().err
    assert "--events: the corpus is tagged in memory, in one process (--jobs not used)" in err
    assert main(["tag", str(folder), "--out", str(out), "--events", str(events)]) == 0
    err = capsys.readouterr().err
    assert "tagged in memory, in one process" in err and "not used" not in err
