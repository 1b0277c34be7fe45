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
    return rows, articles, tagging, hd.find_events(tagging.links, articles)


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


def test_an_undated_report_stays_alone():
    links = pd.DataFrame({"article_id": ["a", "b"], "partner_id": ["IQ", "IQ"], "theme_id": ["medicine"] * 2,
                          "stages": ["", ""]})
    articles = pd.DataFrame({"article_id": ["a", "b"], "published": ["2024-05-01", ""]})
    events = hd.find_events(links, articles)
    assert events.n_articles.tolist() == [1, 1] and "undated" in events.event_id.iloc[1]


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
