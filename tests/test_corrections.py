"""Corrections (healthdiplomacy.results.corrections): applied after coding, again on every
run, keyed so that they survive re-tagging; never dropped without a warning."""

from __future__ import annotations

import io
import shutil
import warnings

import pandas as pd
import pytest

import healthdiplomacy as hd
from conftest import SEEDS, rows_of
from healthdiplomacy.cli import main
from healthdiplomacy.results.corrections import CorrectionError, CorrectionWarning, apply_corrections

HEADER = "article_id,partner_id,theme_id,action,value,note,analyst,date\n"


@pytest.fixture()
def corpus(tmp_path):
    folder = tmp_path / "corpus"
    shutil.copytree(SEEDS, folder)
    return folder


def _ids(articles: pd.DataFrame) -> dict[str, tuple[str, str]]:
    """language + position -> (article_id, content_hash), without naming a seed file."""
    return {f"{r.language}{i}": (r.article_id, r.content_hash)
            for i, r in enumerate(articles.sort_values("article_id").itertuples())}


def _write_fixes(path, articles):
    ids = _ids(articles)
    fa0, fa0_hash = ids["fa0"]
    en_id, en_hash = ids["en2"]
    fa1, fa1_hash = ids["fa1"]
    path.write_text(HEADER
                    # line 2: keyed by content hash, as the applied table suggests
                    + f"{fa0_hash},AZ,private_sector,remove,,not in the text,mr,2026-12-01\n"
                    # line 3: keyed by article id
                    + f"{en_id},UZ,vaccines,add,the vaccine plant is named in the caption,caption,mr,2026-12-01\n"
                    # line 4: a place the machine took as an occasion is a partner
                    + f"{fa1_hash},ECO,,set_role,partner,ECO signed too,mr,2026-12-02\n"
                    # line 5
                    + f"{en_hash},UZ,,set_stage,agreement_signed,the MoU was signed,mr,2026-12-02\n"
                    # line 6: an article no corpus holds
                    + "no_such_article,IQ,medicine,remove,,,mr,2026-12-03\n", encoding="utf-8")
    return {"fa0": fa0, "en": en_id, "fa1": fa1}


def _has(links, article, partner, theme=None):
    rows = links[(links.article_id == article) & (links.partner_id == partner)]
    return len(rows if theme is None else rows[rows.theme_id == theme]) > 0


def test_add_remove_set_role_and_set_stage_survive_retagging(corpus, tmp_path):
    fixes = tmp_path / "fixes.csv"
    articles = hd.load_corpus(corpus)
    keys = _write_fixes(fixes, articles)
    before = hd.tag_articles(articles)
    assert _has(before.links, keys["fa0"], "AZ", "private_sector")
    assert not _has(before.links, keys["en"], "UZ", "vaccines") and not _has(before.links, keys["fa1"], "ECO")
    with pytest.warns(CorrectionWarning, match=r"fixes\.csv:6: unknown article 'no_such_article'"):
        corrected, applied = apply_corrections(before, articles, fixes)
    assert applied.status.tolist()[:4] == ["applied"] * 4 and applied.line.tolist() == [2, 3, 4, 5, 6]
    # the input is left as it was
    assert _has(before.links, keys["fa0"], "AZ", "private_sector")

    def check(tagging, keys):
        links = tagging.links
        assert not _has(links, keys["fa0"], "AZ", "private_sector") and _has(links, keys["fa0"], "AZ", "medicine")
        added = links[(links.article_id == keys["en"]) & (links.theme_id == "vaccines")].iloc[0]
        assert added.rule == "correction" and "caption" in added.evidence
        assert _has(links, keys["fa1"], "ECO")
        roles = tagging.mentions[(tagging.mentions.article_id == keys["fa1"]) & (tagging.mentions.partner_id == "ECO")]
        assert set(roles.role) == {"partner"}
        stages = tagging.stages[(tagging.stages.article_id == keys["en"]) & (tagging.stages.partner_id == "UZ")]
        assert stages.stage.tolist() == ["agreement_signed"]
        assert set(links.loc[(links.article_id == keys["en"]) & (links.partner_id == "UZ"), "stages"]) == \
            {"agreement_signed"}

    check(corrected, keys)
    # Re-tag from scratch: the same file gives the same corrected tables.
    with pytest.warns(CorrectionWarning, match=":6: unknown article"):
        again, _ = apply_corrections(hd.tag_articles(hd.load_corpus(corpus)), hd.load_corpus(corpus), fixes)
    pd.testing.assert_frame_equal(again.links, corrected.links)
    # Rename every file (new article ids, same texts) and re-tag: what was keyed by
    # content hash still applies; the correction keyed by the old id warns with its line.
    for path in corpus.glob("*.txt"):
        path.rename(path.with_name("renamed_" + path.name))
    moved = hd.load_corpus(corpus)
    new_ids = {h: a for a, h in zip(moved.article_id, moved.content_hash)}
    old_hash = dict(zip(articles.article_id, articles.content_hash))
    with pytest.warns(CorrectionWarning) as caught:
        retagged, applied = apply_corrections(hd.tag_articles(moved), moved, fixes)
    messages = [str(w.message) for w in caught]
    assert any(m.startswith("%s:3: unknown article" % fixes) for m in messages), messages
    assert applied.set_index("line").loc[[2, 4, 5], "status"].eq("applied").all()
    links = retagged.links
    assert not _has(links, new_ids[old_hash[keys["fa0"]]], "AZ", "private_sector")
    assert _has(links, new_ids[old_hash[keys["fa1"]]], "ECO")


def test_a_correction_that_finds_nothing_warns(corpus, tmp_path):
    articles = hd.load_corpus(corpus)
    en_id = _ids(articles)["en2"][0]
    fixes = tmp_path / "fixes.csv"
    fixes.write_text(HEADER + f"{en_id},XX,medicine,add,,,mr,\n{en_id},IQ,medicine,remove,,,mr,\n"
                     f"{en_id},UZ,no_theme_like_this,add,,,mr,\n", encoding="utf-8")
    with warnings.catch_warnings(record=True) as caught:
        warnings.simplefilter("always")
        corrected, applied = apply_corrections(hd.tag_articles(articles), articles, fixes)
    messages = [str(w.message) for w in caught]
    assert messages == [f"{fixes}:2: unknown partner_id 'XX': not applied",
                        f"{fixes}:3: no link {en_id} IQ medicine to remove: not applied",
                        f"{fixes}:4: unknown theme_id 'no_theme_like_this': not applied"]
    assert (applied.status != "applied").all()


@pytest.mark.parametrize("row,message", [
    ("a,IQ,medicine,delete,,,,", "action 'delete' is not one of"),
    ("a,IQ,,set_role,friend,,,", "set_role needs a role"),
    ("a,IQ,,set_stage,finished,,,", "set_stage needs a stage"),
    (",IQ,medicine,remove,,,,", "empty article_id"),
    ("a,IQ,medicine,remove,,,", "expected 8 fields, found 7"),
])
def test_a_malformed_file_names_file_and_line(tmp_path, row, message):
    path = tmp_path / "fixes.csv"
    path.write_text(HEADER + "# a comment line\n" + row + "\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match=rf"fixes\.csv:3: {message}"):
        hd.load_corrections(path)


def test_export_and_tag_take_corrections(corpus, tmp_path, capsys):
    fixes = tmp_path / "fixes.csv"
    keys = _write_fixes(fixes, hd.load_corpus(corpus))
    out = tmp_path / "links.csv"
    assert main(["tag", str(corpus), "--out", str(out), "--corrections", str(fixes)]) == 0
    err = capsys.readouterr().err
    assert f"warning: {fixes}:6: unknown article 'no_such_article'" in err and "4 of 5 correction(s) applied" in err
    links = pd.read_csv(out, dtype=str, keep_default_na=False)
    assert list(links.columns) == hd.LINK_COLUMNS
    assert _has(links, keys["en"], "UZ", "vaccines") and not _has(links, keys["fa0"], "AZ", "private_sector")
    export = tmp_path / "export.csv"
    assert main(["export", str(corpus), "--to", str(export), "--corrections", str(fixes)]) == 0
    assert "4 of 5 correction(s) applied" in capsys.readouterr().err
    assert main(["export", str(corpus), "--to", str(export), "--corrections", str(tmp_path / "none.csv")]) == 2
    assert "no such corrections file" in capsys.readouterr().err


@pytest.mark.parametrize("header,message", [
    # a misspelled column would be read as empty: "theme" for theme_id made a narrow remove
    # remove every link of the partner
    ("article_id,partner_id,theme,action,value\n", r"fixes\.csv:1: unknown column\(s\) 'theme'"),
    ("article_id,partner_id,theme_id,action,comment\n", r"fixes\.csv:1: unknown column\(s\) 'comment'"),
    # neither article_id nor event_id
    ("partner_id,theme_id,action\n", r"fixes\.csv:1: missing column\(s\) article_id \(or event_id\)"),
])
def test_an_unknown_or_missing_column_is_refused_on_line_1(tmp_path, header, message):
    path = tmp_path / "fixes.csv"
    path.write_text(header + "a,IQ,medicine,remove,\n", encoding="utf-8")
    with pytest.raises(CorrectionError, match=message):
        hd.load_corrections(path)


def test_line_numbers_count_multi_line_quoted_fields(tmp_path):
    path = tmp_path / "fixes.csv"
    # the bad row starts on line 3 and its quoted note ends on line 4: the error names 3
    path.write_text(HEADER + 'a,IQ,medicine,remove,,,mr,\nb,IQ,medicine,delete,,"a note\non two lines",mr,\n',
                    encoding="utf-8")
    with pytest.raises(CorrectionError, match=r"fixes\.csv:3: action 'delete'"):
        hd.load_corrections(path)


def _biggest_partner(tagging):
    """(article, partner) with the most links, and a theme of it."""
    links = tagging.links
    article, partner = links.groupby(["article_id", "partner_id"]).size().sort_values(kind="stable").index[-1]
    themes = links[(links.article_id == article) & (links.partner_id == partner)].theme_id.tolist()
    return article, partner, themes


def test_removing_the_last_link_removes_its_stages_and_partner_mentions():
    articles = hd.load_corpus()
    tagging = hd.tag_articles(articles)
    stages = tagging.stages
    article, partner = stages[["article_id", "partner_id"]].iloc[0]
    fixes = [hd.Correction("fixes.csv", 2, article, partner, "", "remove")]
    corrected, applied = apply_corrections(tagging, articles, fixes)
    assert applied.status.tolist() == ["applied"]
    mine = lambda t: (t.article_id == article) & (t.partner_id == partner)  # noqa: E731
    assert not mine(corrected.links).any() and not mine(corrected.stages).any()
    assert not (mine(corrected.mentions) & (corrected.mentions.role == "partner")).any()
    # a remove that leaves a link of the partner keeps its stages
    links = tagging.links[mine(tagging.links)]
    if len(links) > 1:
        narrow = [hd.Correction("fixes.csv", 2, article, partner, links.theme_id.iloc[0], "remove")]
        kept, _ = apply_corrections(tagging, articles, narrow)
        assert mine(kept.stages).any()


def test_an_event_id_column_stands_in_for_article_id():
    rows = rows_of("event_cases.csv")
    articles = pd.DataFrame([{k: r[k] for k in ("article_id", "language", "published", "title", "text")}
                             | {"source": "", "duplicate_of": ""} for r in rows])
    tagging = hd.tag_articles(articles)
    events = hd.find_events(tagging.links, articles, years=tagging.years)
    event = events[events.n_articles == 2].iloc[0]
    partner = event.partners.split(";")[0]
    fixes = io.StringIO("event_id,partner_id,theme_id,action,value\n"
                        f"{event.event_id},{partner},,set_stage,agreement_signed\n")
    loaded = hd.load_corrections(fixes)
    assert loaded[0].event_id == event.event_id and loaded[0].article_id == ""
    corrected, applied = apply_corrections(tagging, articles, loaded)
    assert applied.status.tolist() == ["applied"] and applied.article_id.iloc[0] == event.article_ids
    for article in event.article_ids.split(";"):
        got = corrected.stages[(corrected.stages.article_id == article) & (corrected.stages.partner_id == partner)]
        assert got.stage.tolist() == ["agreement_signed"]
    # an event correction that fails for some of its reports warns once per report: the
    # first report has the link already, the second gets it
    first, second = event.article_ids.split(";")
    partly = apply_corrections(tagging, articles, [hd.Correction("f.csv", 2, first, partner, "research", "add")])[0]
    with pytest.warns(CorrectionWarning) as caught:
        again, applied = apply_corrections(partly, articles, [hd.Correction("f.csv", 4, "", partner, "research", "add",
                                                                            event_id=event.event_id)])
    messages = [str(w.message) for w in caught]
    assert messages == [f"f.csv:4: event {event.event_id}: the link {first} {partner} research is there already: "
                        "not applied to this report"]
    assert applied.status.tolist() == ["applied"] and applied.rows.tolist() == [1]
    # an unknown event
    with pytest.warns(CorrectionWarning, match=r"f\.csv:5: unknown event 'ev-000000000000'"):
        apply_corrections(tagging, articles, [hd.Correction("f.csv", 5, "", partner, "", "remove",
                                                            event_id="ev-000000000000")])
