"""Processed tables: a corpus is coded once, read back equal, and coded again only when
the corpus, the codebook or the coder changed."""

from __future__ import annotations

import os
import shutil

import pandas as pd
import pytest
from conftest import SEEDS

from healthdiplomacy import load_corpus, tag_articles
from healthdiplomacy.codebook.tables import load_codebook
from healthdiplomacy.results.processed import CODING_LOG, MANIFEST, coded_corpus


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def test_tables_read_back_equal_what_was_coded(corpus, tmp_path):
    first = coded_corpus(corpus, tmp_path / "processed")
    again = coded_corpus(corpus, tmp_path / "processed")
    assert first.coded and not again.coded
    pd.testing.assert_frame_equal(again.articles, first.articles)
    assert again.articles.attrs == first.articles.attrs
    for name in ("links", "mentions", "stages", "sentences"):
        pd.testing.assert_frame_equal(getattr(again.tagging, name), getattr(first.tagging, name), obj=name)
    expected = tag_articles(load_corpus(corpus))
    pd.testing.assert_frame_equal(again.tagging.links, expected.links)


@pytest.mark.parametrize("change", ["edit a file", "add a file", "remove a file"])
def test_a_changed_corpus_is_coded_again(corpus, tmp_path, change):
    coded_corpus(corpus, tmp_path / "processed")
    first = sorted(corpus.glob("*.txt"))[0]
    if change == "edit a file":
        first.write_text(first.read_text(encoding="utf-8") + "\nIran and Oman met.", encoding="utf-8")
    elif change == "add a file":
        (corpus / "new.txt").write_text("Iran and Oman\nIran sent medicine to Oman.", encoding="utf-8")
    else:
        first.unlink()
    again = coded_corpus(corpus, tmp_path / "processed")
    assert again.coded
    assert again.articles["article_id"].tolist() == load_corpus(corpus)["article_id"].tolist()


def test_a_changed_codebook_is_coded_again(corpus, tmp_path):
    coded_corpus(corpus, tmp_path / "processed")
    extra = tmp_path / "theme_terms.csv"
    extra.write_text("theme_id,lang,term,note\nmedicine,en,pharmacopoeia,test\n", encoding="utf-8")
    assert coded_corpus(corpus, tmp_path / "processed", codebook=load_codebook(extra)).coded
    assert not coded_corpus(corpus, tmp_path / "processed", codebook=load_codebook(extra)).coded


def test_a_broken_manifest_is_not_trusted(corpus, tmp_path):
    coded_corpus(corpus, tmp_path / "processed")
    (tmp_path / "processed" / MANIFEST).write_text("{not json", encoding="utf-8")
    assert coded_corpus(corpus, tmp_path / "processed").coded


def test_a_failed_write_keeps_the_old_tables_and_leaves_no_debris(corpus, tmp_path, monkeypatch):
    folder = tmp_path / "processed"
    coded_corpus(corpus, folder)
    before = {p.name: p.read_bytes() for p in folder.iterdir()}
    (corpus / "new.txt").write_text("Iran and Oman\nIran sent medicine to Oman.", encoding="utf-8")

    def broken(self, *args, **kwargs):
        raise OSError("disk full")

    monkeypatch.setattr(pd.DataFrame, "to_parquet", broken)
    with pytest.raises(OSError, match="disk full"):
        coded_corpus(corpus, folder)
    assert {p.name: p.read_bytes() for p in folder.iterdir()} == before
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "processed"]


def test_every_coding_is_logged_when_asked(corpus, tmp_path, monkeypatch):
    log = tmp_path / "coding.log"
    monkeypatch.setenv(CODING_LOG, str(log))
    for _ in range(3):
        coded_corpus(corpus, tmp_path / "processed")
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    assert os.environ[CODING_LOG] == str(log)



def test_what_a_killed_run_left_is_removed_by_the_next(corpus, tmp_path):
    # A staging folder of a process that no longer exists (pid 999999999 is never alive).
    leftover = tmp_path / "processed.999999999.partial"
    leftover.mkdir()
    (leftover / "links.parquet").write_bytes(b"half")
    coded_corpus(corpus, tmp_path / "processed")
    assert sorted(p.name for p in tmp_path.iterdir()) == ["corpus", "processed"]


def test_tables_read_again_are_copies_and_follow_a_new_coding(corpus, tmp_path):
    # A process that reads the same tables again (every notebook of a report, in one kernel)
    # gets them from memory, each reader its own copy; a new coding is read afresh.
    coded_corpus(corpus, tmp_path / "processed")
    first = coded_corpus(corpus, tmp_path / "processed")
    first.articles["scribble"] = 1
    first.tagging.links.loc[:, "partner_id"] = "nowhere"
    first.articles["removed"].iloc[0].append("a scribbled list item")  # (a list cell is copied too)
    again = coded_corpus(corpus, tmp_path / "processed")
    assert "scribble" not in again.articles and "nowhere" not in set(again.tagging.links["partner_id"])
    assert "a scribbled list item" not in again.articles["removed"].iloc[0]
    assert again.articles.attrs == first.articles.attrs and again.articles.attrs["loaded"] == 4
    (corpus / "extra.txt").write_text("Iran and Iraq signed a deal on medicine exports.\n", encoding="utf-8")
    recoded = coded_corpus(corpus, tmp_path / "processed")
    assert recoded.coded and len(coded_corpus(corpus, tmp_path / "processed").articles) == len(again.articles) + 1


@pytest.mark.parametrize("step", ["filtered", "corrected"])
def test_events_grouped_before_a_later_step_hold_for_the_links_it_leaves(tmp_path, step):
    coded = coded_corpus(SEEDS, tmp_path / "p").with_events()
    if step == "filtered":
        later = coded.filtered({"language": "en"})
    else:  # a correction adds a link the grouping has not seen
        fixes = tmp_path / "fixes.csv"
        article = coded.articles["article_id"].iloc[0]
        fixes.write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\n"
                         f"{article},CU,vaccines,add,,an added link,me,2026-01-01\n", encoding="utf-8")
        later = coded.corrected(fixes)
        assert "CU" in set(later.tagging.links["partner_id"])
    links = later.tagging.links
    assert (links["event_id"] != "").all()
    grouped = {(a, p) for ids, partners in later.events[["article_ids", "partners"]].itertuples(index=False)
               for a in ids.split(";") for p in partners.split(";")}
    assert set(zip(links["article_id"], links["partner_id"])) == grouped


def test_the_same_links_are_grouped_into_events_once_per_process(tmp_path, monkeypatch):
    # Every notebook of a report groups the same links (a second each at 5,000 articles): a
    # process groups them once, each reader gets its own copy, and other links are grouped anew.
    from healthdiplomacy.results import processed

    calls = []
    grouping = processed.find_events
    monkeypatch.setattr(processed, "find_events", lambda *a, **k: calls.append(1) or grouping(*a, **k))
    processed._LAST_EVENTS.clear()
    first = coded_corpus(SEEDS, tmp_path / "p").with_events()
    first.events.loc[:, "themes"] = "scribbled"
    again = coded_corpus(SEEDS, tmp_path / "p").with_events()
    assert len(calls) == 1 and "scribbled" not in set(again.events["themes"])
    assert again.tagging.links["event_id"].equals(first.tagging.links["event_id"])
    narrowed = coded_corpus(SEEDS, tmp_path / "p").filtered({"language": "en"}).with_events()
    assert len(calls) == 2 and len(narrowed.events) < len(again.events)


# --- a codebook loaded again (each notebook loads it): checked once per content ------------


def test_a_codebook_loaded_again_is_equal_and_the_callers_own(tmp_path):
    from healthdiplomacy.codebook.tables import load_stagebook

    first, again = load_codebook(), load_codebook()
    for name in ("partners", "partner_terms", "themes", "stage_codes", "places"):
        pd.testing.assert_frame_equal(getattr(again, name), getattr(first, name))
    first.themes.loc[0, "label_en"] = "changed by the first caller"
    assert load_codebook().themes.loc[0, "label_en"] != "changed by the first caller"
    stages = load_stagebook()
    stages.codes.loc[0, "stage"] = "changed"
    assert load_stagebook().order[0] != "changed"


def test_a_codebook_file_edited_between_two_loads_is_checked_again(tmp_path):
    from healthdiplomacy.codebook.tables import CodebookError

    places = tmp_path / "places.csv"
    places.write_text("place_id,country,lang,term,note\nHoms,SY,en,Homs,\n", encoding="utf-8")
    assert "Homs" in set(load_codebook(tmp_path).places["term"])
    stat = places.stat()
    places.write_text("place_id,country,lang,term,note\nHoms,XX,en,Homs,\n", encoding="utf-8")
    os.utime(places, ns=(stat.st_atime_ns, stat.st_mtime_ns))  # (the same time: content decides)
    with pytest.raises(CodebookError, match=r"places\.csv:2: unknown country"):
        load_codebook(tmp_path)
    with pytest.raises(CodebookError, match=r"places\.csv:2: unknown country"):
        load_codebook(tmp_path)  # (an error is never remembered as checked)
