"""The tagger: must-match and must-not-match cases kept as data, and the seed gold."""

import subprocess
import sys

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, cases
from healthdiplomacy import load_corpus
from healthdiplomacy.corpus import article_from_text
from healthdiplomacy.coding.tagger import JOINED_COLUMNS, LINK_COLUMNS, tag_articles, tag_corpus

SCORER = REPO.parent / "shared" / "tools" / "score_tags.py"
GOLD = REPO / "tests" / "data" / "gold_seeds.yaml"


def _links_of(text: str) -> set[str]:
    article = article_from_text("عنوان\n" + text if not text.isascii() else "Title\n" + text, "case")
    links = tag_corpus([article])
    return {f"{r.partner_id}:{r.theme_id}" for r in links.itertuples()}


@pytest.mark.parametrize("text, must, must_not", cases("tagging_cases.csv"))
def test_tagging_cases(text, must, must_not):
    found = _links_of(text)
    partners = {link.split(":")[0] for link in found}
    for expected in must.split():
        partner, theme = expected.split(":")
        assert (expected in found) if theme else (partner in partners), f"missing {expected}: {sorted(found)}"
    for unwanted in must_not.split():
        partner, _, theme = unwanted.partition(":")
        if theme:
            assert unwanted not in found, f"unwanted {unwanted}: {sorted(found)}"
        else:
            assert partner not in partners, f"unwanted partner {partner}: {sorted(found)}"


def test_link_columns_and_evidence_quotes_the_article(seed_articles):
    links = tag_corpus(seed_articles)
    assert list(links.columns) == LINK_COLUMNS + JOINED_COLUMNS["links"]
    texts = dict(zip(seed_articles.article_id, seed_articles.title + "\n" + seed_articles.text))
    for row in links.itertuples():
        for sentence in row.evidence.split("\n"):
            assert sentence in texts[row.article_id]  # quoted exactly, never rewritten
        assert row.terms
    assert not (links["partner_id"] == "IR").any()


def test_mentions_have_roles(seed_tagging):
    mentions = seed_tagging.mentions
    roles = mentions.groupby("partner_id")["role"].agg(set)
    assert roles["IR"] == {"home"}
    assert roles["AM"] == {"adversary"}  # "freed from Armenia's occupation"
    assert "partner" in roles["AZ"]


def test_a_repeated_sentence_is_quoted_once():
    """A title run again as the lead and a paragraph pasted twice: every row cites the first
    occurrence, the sentences table holds each text once, no quote shows a line twice."""
    lead = "Iran and Iraq signed a memorandum on medicine exports."
    other = "Iran sent vaccines to Syria in 2021."
    tagging = tag_articles([{"article_id": "a", "title": lead, "language": "en",
                             "text": f"{lead}\n\n{other}\n\n{other}"}])
    stored = tagging.stored()
    assert sorted(stored["sentences"]["text"]) == sorted([lead, other])
    assert set(stored["sentences"]["sentence_id"]) == {"0", "2"}
    for evidence in tagging.links["evidence"]:
        assert len(evidence.split("\n")) == len(set(evidence.split("\n")))
    assert set(tagging.links["sentence_ids"]) == {"0", "2"}
    assert tagging.years["year_sentence_id"].tolist() == ["2"]
    mentions = tagging.mentions
    assert len(mentions[mentions.partner_id == "SY"]) == 1
    assert len(mentions[mentions.partner_id == "IQ"]) == 1


def test_a_table_whose_id_column_is_named_id():
    import pandas as pd
    table = pd.DataFrame({"id": ["x1", "x2"], "title": ["", ""],
                          "text": ["Iran sent medicine to Iraq.", "Iran and Syria signed a vaccine deal."]})
    links = tag_articles(table).links
    assert sorted(zip(links.article_id, links.partner_id)) == [("x1", "IQ"), ("x2", "SY")]
    with pytest.raises(ValueError, match="'article_id' \\(or 'id'\\) column"):
        tag_articles(table.rename(columns={"id": "key"}))
    with pytest.raises(ValueError, match="article 2 has no article_id"):
        tag_articles([{"id": "a", "text": "Iran"}, {"text": "Iran sent medicine to Iraq."}])


def test_duplicates_are_tagged_once(seed_articles):
    doubled = seed_articles.copy()
    copy = doubled.iloc[[0]].assign(article_id="copy", duplicate_of=doubled.iloc[0]["article_id"])
    links = tag_corpus(__import__("pandas").concat([doubled, copy]))
    assert "copy" not in set(links["article_id"])


def tag_command(tmp_path, monkeypatch, corpus: str):
    """The links CSV the `tag` command writes for ``corpus`` (run in this process, from the
    checkout; tests marked slow start `python -m healthdiplomacy tag` itself)."""
    from healthdiplomacy import cli

    out = tmp_path / "links.csv"
    monkeypatch.chdir(REPO)
    assert cli.main(["tag", corpus, "--format", "csv", "--out", str(out)]) == 0
    return out


def test_seed_gold_scores(tmp_path, monkeypatch):
    """Partner F1 >= 0.95 and triple F1 >= 0.85 on the seeds, scored by the shared scorer."""
    out = tag_command(tmp_path, monkeypatch, "seeds")
    scorer = SCORER if SCORER.is_file() else None
    if scorer is None:
        pytest.skip("../shared/tools/score_tags.py is not beside this checkout")
    score = subprocess.run([sys.executable, str(scorer), "--gold", str(GOLD), "--pred", str(out),
                            "--min-partner-f1", "0.95", "--min-triple-f1", "0.85"],
                           capture_output=True, text=True, timeout=60)
    assert score.returncode == 0, score.stdout + score.stderr


REALTEXT = REPO.parent / "shared" / "realtext"


def test_real_text_scores(tmp_path, monkeypatch):
    """On 57 real news articles (beside the checkout, not in it): partner F1 >= 0.95 and
    (partner, theme) F1 >= 0.85, scored by the shared reference scorer."""
    if not (REALTEXT / "articles").is_dir() or not SCORER.is_file():
        pytest.skip("../shared/realtext and ../shared/tools/score_tags.py are not beside this checkout")
    out = tag_command(tmp_path, monkeypatch, str(REALTEXT / "articles"))
    score = subprocess.run([sys.executable, str(SCORER), "--gold", str(REALTEXT / "gold.yaml"), "--pred", str(out),
                            "--min-partner-f1", "0.95", "--min-triple-f1", "0.85"],
                           capture_output=True, text=True, timeout=60)
    assert score.returncode == 0, score.stdout[-3000:] + score.stderr


# The sets written for the tests (tests/data/<set>) and the floors their scores keep: partner
# F1, triple F1. A floor against regressions, not a target to tune on (the held-out sets least).
WRITTEN_SETS = [
    # 44 articles by a coder who did not see the tagger; the rules were revised after a first look
    ("synthetic", 0.93, 0.82),
    # 64 articles in three batches, each measured as written, then looked at (F1 0.82, 0.78). Partner F1
    # fell from 0.820 to 0.818 when names and demonyms stopped listing together: "the largest market in
    # Latin America, and Iranian companies ..." no longer lists Latin America with Iran (it was no list)
    ("synthetic2", 0.80, 0.75),
    # 30 articles written after the rules were fixed, measured once (F1 0.85, 0.71 then)
    ("heldout", 0.82, 0.68),
    # 20 later articles, measured, not tuned on (F1 0.89, 0.80)
    ("heldout2", 0.85, 0.77),
    # 40 articles dense with tempting non-partners, two batches measured as written, then looked at
    # (F1 0.72 -> 0.74, 0.61 -> 0.74 for the two batches; the set 0.74, 0.74)
    ("synthetic3", 0.71, 0.71),
    # 20 such articles, measured as written (F1 0.58, 0.62), held out a day, then looked at
    ("heldout3", 0.55, 0.59),
    # 20 articles, 12 ordinary and 8 crowded, measured as written (F1 0.74, 0.70), held out until a
    # newer held-out set existed, then looked at
    ("heldout4", 0.80, 0.70),
    # 20 articles, 13 ordinary and 7 naming countries that are no partners, measured as written (F1
    # 0.81, 0.80), held out until a newer held-out set was being written, then looked at
    ("heldout5", 0.84, 0.80),
    # 20 articles like a real feed (about 15 ordinary, 5 naming non-partners), measured as written (F1
    # 0.87, 0.85), held out until a newer held-out set existed, then looked at
    ("heldout6", 0.84, 0.82),
    # 20 articles like a real feed (about 14 ordinary, 6 naming non-partners), measured as written (F1
    # 0.86, 0.78), held out until a newer held-out set existed, then looked at
    ("heldout7", 0.83, 0.75),
    # 20 full wire stories with background paragraphs (about 15 ordinary, 5 naming non-partners),
    # measured, never looked at (F1 0.76 at cf0a6af, 0.77 at 51e1418; triples 0.76, 0.77)
    ("heldout8", 0.74, 0.74),
]


def test_every_written_set_has_a_floor_and_a_row_in_the_accuracy_table():
    """The sets of tests/data (a folder with articles and a gold file) are named twice: here with
    their floors, in tools/measure_accuracy.py with their role; neither list may miss one."""
    import runpy

    folders = {p.parent.name for p in (REPO / "tests" / "data").glob("*/gold.yaml") if (p.parent / "articles").is_dir()}
    measured = set(runpy.run_path(str(REPO / "tools" / "measure_accuracy.py"))["WRITTEN"])
    assert {name for name, *_ in WRITTEN_SETS} == measured == folders


@pytest.mark.parametrize("name, partner_floor, triple_floor", WRITTEN_SETS)
def test_written_set_scores(name, partner_floor, triple_floor):
    from healthdiplomacy.results.validation import load_gold, score_links

    folder = REPO / "tests" / "data" / name
    score = score_links(tag_corpus(load_corpus(folder / "articles")), load_gold(folder / "gold.yaml"))
    assert score.partners[2] >= partner_floor and score.triples[2] >= triple_floor, score.summary_line()


@pytest.mark.slow  # (a subprocess)
def test_the_accuracy_table_is_current():
    """data/accuracy.csv (quoted by the report) matches a fresh measurement of every set here."""
    check = subprocess.run([sys.executable, str(REPO / "tools" / "measure_accuracy.py"), "--check"],
                           cwd=REPO, capture_output=True, text=True, timeout=600)
    assert check.returncode == 0, "run tools/measure_accuracy.py:\n" + check.stdout + check.stderr


# Persian and Arabic letters, ZWNJ, bidi controls, combining marks, punctuation and
# arbitrary Unicode: tagging must never raise, whatever an article holds.
TRICKY_TEXT = st.text(st.one_of(st.sampled_from(list("ایران عراق و همکاری دارو،.؟\n\u200c\u202e\u064e")),
                                st.characters()), max_size=300)


@settings(max_examples=200, deadline=None)
@given(TRICKY_TEXT)
def test_tagging_never_raises_on_arbitrary_text(text):
    from healthdiplomacy.coding.tagger import default_tagger
    links, mentions = default_tagger().tag("x", text[:40], text, "fa")
    for link in links:
        assert link["partner_id"] != "IR"
