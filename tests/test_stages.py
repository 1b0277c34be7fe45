"""Cooperation stages: cue terms, modifiers, attribution to partners, the seeds, the tables."""

from __future__ import annotations

import pandas as pd
import pytest
from conftest import cases

import healthdiplomacy as hd
from healthdiplomacy.report import charts
from healthdiplomacy.coding import stages
from healthdiplomacy.report.stages import stage_chart, stage_evidence
from healthdiplomacy.results.stages import furthest_stages, stage_partner_table
from healthdiplomacy.codebook.tables import (STAGE_CODE_COLUMNS, CodebookError, load_stage_codes, load_stage_terms,
                                             load_stagebook)


@pytest.fixture(scope="module")
def tagger():
    return hd.Tagger(hd.load_codebook())


@pytest.fixture(scope="module")
def seed_stages(seed_tagging):
    return seed_tagging.stages, seed_tagging


def stage_set(rows, partner):
    return set(filter(None, stages.stages_by_partner(rows).get(partner, "").split(";")))


@pytest.mark.parametrize("text, partner, expected", cases("stage_cases.csv"))
def test_stage_cases(tagger, text, partner, expected):
    _, mentions, rows = tagger.tag_with_stages("case", "", text, "")
    if expected:  # (a negated relation may leave no partner at all: then no stage either)
        assert any(m["partner_id"] == partner and m["role"] == "partner" for m in mentions), \
            "the tagger must see the partner for the case to test stages"
    assert stage_set(rows, partner) == set(filter(None, expected.split(";")))


# --- the seeds --------------------------------------------------------------------------------

SEED_STAGES = {
    ("000", "AZ"): {"talks", "intent", "agreement_proposed"},
    ("001", "IT"): {"agreement_signed"},
    ("001", "RU"): {"agreement_signed"},
    ("001", "IQ"): {"agreement_signed"},
    ("001", "SD"): {"agreement_signed"},
    ("001", "west_africa"): {"delivered"},  # the Ebola shipments ("ارسال محموله") went there
    ("001", "TR"): set(),  # listed for "development of cooperation": no stage stated
    ("002", "UZ"): {"talks", "intent"},
    ("003", "AZ"): {"talks", "intent"},  # a phone call, readiness and hopes
}


@pytest.mark.parametrize("key", SEED_STAGES, ids=lambda k: f"{k[0]}-{k[1]}")
def test_seed_stages(seed_stages, key):
    table, _ = seed_stages
    prefix, partner = key
    rows = table[table.article_id.str.startswith(prefix) & (table.partner_id == partner)]
    assert set(rows["stage"]) == SEED_STAGES[key]


def test_seed_evidence_is_quoted_exactly(seed_stages, seed_articles):
    table, _ = seed_stages
    texts = dict(zip(seed_articles["article_id"], seed_articles["title"] + "\n" + seed_articles["text"]))
    assert len(table) and list(table.columns) == stages.STAGE_COLUMNS + ["evidence"]
    for row in table.itertuples():
        for sentence in row.evidence.split("\n"):
            assert sentence in texts[row.article_id]
    signed = table[(table.stage == "agreement_signed") & (table.partner_id == "SD")].iloc[0]
    assert "امضای تفاهم نامه" in signed.evidence and signed.cameo_code == "05"


def test_planned_signing_is_quoted_with_its_marker(seed_stages):
    table, _ = seed_stages
    proposed = table[(table.stage == "agreement_proposed")].iloc[0]
    assert "بتوانیم" in proposed.terms.split("; ") and "تفاهم نامه" in proposed.evidence


# --- one attribution: a stage cue goes to a partner as a theme does ----------------------------


def stage_rows_of(tagger, text):
    return tagger.tag_with_stages("a", "", text, "")[2]


def test_one_partner_article_reads_every_sentence(tagger):
    rows = stage_rows_of(tagger, "The health ministers of Iran and Iraq met in Baghdad. We hope this visit succeeds.")
    assert {(r["stage"], r["evidence"]) for r in rows} == {
        ("talks", "The health ministers of Iran and Iraq met in Baghdad.\nWe hope this visit succeeds."),
        ("intent", "We hope this visit succeeds.")}


def test_a_cue_goes_to_the_partner_it_is_stated_for(tagger):
    rows = stage_rows_of(tagger, "The health ministers of Iran and Iraq met in Baghdad. Iran donated vaccines to Syria.")
    assert stages.stages_by_partner(rows) == {"IQ": "talks", "SY": "delivered"}


def test_a_sentence_with_no_place_continues_the_last_partner(tagger):
    # the theme rule too: "Officials hope to sign more agreements" follows the Syrian donation
    rows = stage_rows_of(tagger, "The health ministers of Iran and Iraq met in Baghdad. Iran donated vaccines to Syria. "
                                 "Officials hope to sign more agreements.")
    assert stages.stages_by_partner(rows) == {"IQ": "talks", "SY": "intent;agreement_proposed;delivered"}


def test_rows_carry_the_cameo_code_and_are_ordered(tagger):
    rows = stage_rows_of(tagger, "Iran signed a health MoU with Iraq after talks; aid was delivered.")
    assert [(r["stage"], r["cameo_code"]) for r in rows] == [
        ("talks", "04"), ("agreement_signed", "05"), ("delivered", "07")]


def test_every_stage_has_terms_in_both_languages():
    book = load_stagebook()
    for stage in book.order:
        langs = set(book.terms.loc[book.terms.stage == stage, "lang"])
        assert {"fa", "en"} <= langs, stage


def test_stages_by_partner_follows_stage_order():
    rows = [{"partner_id": "AZ", "stage": s} for s in ("agreement_proposed", "talks", "intent")]
    assert stages.stages_by_partner(rows) == {"AZ": "intent;talks;agreement_proposed"}


# --- the analyst's files ------------------------------------------------------------------------


def test_an_unknown_stage_names_file_and_line(tmp_path):
    path = tmp_path / "stages.csv"
    path.write_text("stage,lang,term,note\ntalks,en,met,\nsigned_off,en,inked,\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"stages\.csv:3: unknown stage 'signed_off'"):
        load_stage_terms(path)


def test_a_bad_planned_as_names_file_and_line(tmp_path):
    path = tmp_path / "stage_codes.csv"
    path.write_text(",".join(STAGE_CODE_COLUMNS) + "\n"
                    "intent,Intent,قصد,03,Express intent,intent,\ntalks,Talks,گفت‌وگو,04,Consult,later,\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"stage_codes\.csv:3: unknown planned_as stage 'later'"):
        load_stage_codes(path)


def test_a_malformed_row_names_file_and_line(tmp_path):
    path = tmp_path / "stages.csv"
    path.write_text("stage,lang,term,note\ntalks,en,met\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=r"stages\.csv:2: expected 4 fields"):
        load_stage_terms(path)


def test_an_edited_term_file_is_used(tmp_path):
    # The analyst's stages.csv in a --codebook folder extends the shipped one, as every table does.
    (tmp_path / "stages.csv").write_text("stage,lang,term,note\ndelivered,en,airlifted,an analyst's addition\n",
                                         encoding="utf-8")
    edited = hd.Tagger(hd.load_codebook(tmp_path))
    assert stages.stages_by_partner(stage_rows_of(edited, "Iran airlifted medicines to Lebanon.")) == {"LB": "delivered"}
    assert stage_rows_of(hd.Tagger(hd.load_codebook()), "Iran airlifted medicines to Lebanon.") == []


def test_a_codebook_file_edited_between_two_loads_is_read_again(tmp_path):
    # Tables are parsed once per process while their bytes are unchanged (a report loads them
    # in every notebook); an edit, even of the same size within the same clock tick, must be
    # seen by the next load, and a caller's change to a loaded table never reaches the next.
    path = tmp_path / "stages.csv"
    path.write_text("stage,lang,term,note\ntalks,en,met,\n", encoding="utf-8")
    first = load_stage_terms(path)
    first.loc[0, "term"] = "changed by the caller"
    assert load_stage_terms(path)["term"].tolist() == ["met"]
    path.write_text("stage,lang,term,note\ntalks,en,sat,\n", encoding="utf-8")  # same size
    assert load_stage_terms(path)["term"].tolist() == ["sat"]
    path.write_text("stage,lang,term,note\ntalks,en,met,\n", encoding="utf-8")  # back again
    assert load_stage_terms(path)["term"].tolist() == ["met"]


# --- tables and the chart ----------------------------------------------------------------------


def test_stage_partner_table_puts_the_furthest_first(seed_stages):
    table, tagging = seed_stages
    matrix = stage_partner_table(table, tagging.links)
    assert list(matrix.columns) == list(load_stagebook().order)
    assert matrix.index[0] == "west_africa" and matrix.loc["AZ", "intent"] == 2
    assert set(tagging.links.partner_id) == set(matrix.index)  # partners without a stage show as zeros
    furthest = furthest_stages(table, tagging.links).set_index("partner_id")
    assert furthest.loc["AZ", "furthest_stage"] == "agreement_proposed"
    assert furthest.loc["TR", "furthest_stage"] == ""


def test_stage_evidence_feeds_the_evidence_html(seed_stages):
    from healthdiplomacy.report.evidence import evidence_html

    table, tagging = seed_stages
    page = evidence_html(stage_evidence(table, tagging.links))
    assert "Agreement signed" in page and "CAMEO 05" in page and "<mark>" in page


def test_stage_chart_is_deterministic(seed_stages, tmp_path):
    table, tagging = seed_stages
    first = charts.save_chart(*stage_chart(table, tagging.links), tmp_path / "a", "stages")
    second = charts.save_chart(*stage_chart(table, tagging.links), tmp_path / "b", "stages")
    for ext in ("png", "svg", "csv"):
        assert first[ext].read_bytes() == second[ext].read_bytes()


def test_links_carry_the_partner_stages_and_the_year(seed_articles, tagger):
    article = seed_articles.iloc[3]
    links, _, rows = tagger.tag_with_stages(article.article_id, article.title, article.text, article.language,
                                            article.published)
    columns = {"stages", "year_start", "year_end", "year_source", "year_evidence"}
    assert links and all(columns <= set(link) for link in links)
    assert {link["stages"] for link in links if link["partner_id"] == "AZ"} == {"intent;talks"}
    assert {(link["year_start"], link["year_end"], link["year_source"]) for link in links} == {("2021", "2022", "inferred")}
    assert {r["stage"] for r in rows} == {"intent", "talks"}


@pytest.mark.parametrize("name", ["boilerplate.csv", "theme_term.csv"])
def test_a_codebook_folder_with_a_file_it_cannot_use_says_so(tmp_path, name):
    # Every table of the codebook can be overridden (stages.csv and stage_codes.csv too);
    # a CSV that is none of them is named, not silently skipped.
    (tmp_path / "stages.csv").write_text("stage,lang,term,note\ntalks,en,parley,test\n", encoding="utf-8")
    (tmp_path / name).write_text("a,b\n1,2\n", encoding="utf-8")
    with pytest.raises(CodebookError, match=f"{name}: not a codebook table"):
        hd.load_codebook(tmp_path)


def test_a_one_megabyte_stage_sentence_is_quoted_capped():
    # (as the theme evidence: results.tables.capped_quote) a whole 1 MB line never reaches the report
    from healthdiplomacy.results.tables import QUOTE_CHARS, example_links

    long_line = "Iran and Azerbaijan held talks on medicine " + "and more " * 120_000
    rows = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"],
                         "cameo_code": ["04"], "evidence": [long_line], "terms": ["talks"]})
    quoted = stage_evidence(rows, example_links())["evidence"].iloc[0]
    assert len(quoted) <= QUOTE_CHARS and quoted.endswith("…") and quoted.startswith("Iran and Azerbaijan")
