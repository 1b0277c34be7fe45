"""The relation step: the role of each named place, as a table of cases, and its cues as data.

Cases live in tests/data/relation_cases.csv (sentence, place, expected role, why); a
case the tagger cannot pass yet is a strict xfail with its reason, so a fix shows up.
"""

from __future__ import annotations

import re
from collections import Counter

import pytest

from conftest import REPO, rows_of, unescape
from healthdiplomacy import load_codebook
from healthdiplomacy.coding.relation import AGAINST, ROLES
from healthdiplomacy.coding.tagger import ArticleTagging, default_tagger

CASES = rows_of("relation_cases.csv")



def language(text: str) -> str:
    return "fa" if re.search("[\u0600-\u06ff]", text) else "en"


def params():
    for row in CASES:
        marks = [pytest.mark.xfail(strict=True, reason=row["xfail"])] if row["xfail"] else []
        yield pytest.param(unescape(row["text"]), row["place"], row["role"], marks=marks,
                           id=f"{language(row['text'])}: {row['comment']}")


@pytest.mark.parametrize("text, place, role", list(params()))
def test_relation_cases(text, place, role):
    links, mentions, _ = default_tagger().tag_with_stages("case", "", text, "")
    partners = {link["partner_id"] for link in links}
    roles = [(m["role"], m["cue"]) for m in mentions if m["partner_id"] == place]
    if role == "partner":
        assert place in partners, f"{place} is no partner: {roles}"
    else:
        assert place not in partners, f"{place} is a partner; wanted {role}: {roles}"
        assert role in {r for r, _ in roles}, f"{place}: wanted {role}, got {roles}"


def test_the_table_is_well_formed():
    places = set(load_codebook().partners["partner_id"])  # (once: loading the codebook takes a while)
    for row in CASES:
        assert row["role"] in ROLES, row
        assert row["comment"], row
        assert row["place"] in places, row


@pytest.mark.parametrize("role", sorted(set(ROLES) - {"home"}))
def test_every_role_has_three_variants_in_both_languages(role):
    counts = Counter(language(r["text"]) for r in CASES if r["role"] == role and not r["xfail"])
    assert counts["fa"] >= 3 and counts["en"] >= 3, counts


def test_the_words_aimed_at_a_disease_are_adversary_cues():
    """relation.AGAINST names cues.csv rows by their term: they must stay adversary rows there."""
    cues = load_codebook().cues
    adversary = set(cues.loc[cues["cue"] == "adversary", "term"])
    assert AGAINST <= adversary, AGAINST - adversary


def test_every_cue_row_is_exercised_by_a_case():
    """Every term of data/cues.csv appears, as that cue, in at least one case."""
    tagger = default_tagger()
    seen = set()
    for row in CASES:
        article = ArticleTagging(tagger, "x", "", unescape(row["text"]), "")
        seen |= {(h.entry.id, h.entry.lang, h.entry.term) for h in tagger.term_matcher.find(article.form, article.base)
                 if h.entry.kind == "cue"}
    rows = {(r.cue, r.lang, r.term): r.source for r in tagger.codebook.cues.itertuples(index=False)}
    missing = sorted(source for key, source in rows.items() if key not in seen)
    assert not missing, f"cue rows no case uses: {missing[:20]}"


def test_no_real_text_sentence_is_copied():
    """The cases are written for the tests: none quotes an article of ../shared/realtext."""
    articles = REPO.parent / "shared" / "realtext" / "articles"
    if not articles.is_dir():
        pytest.skip("../shared/realtext is not beside this checkout")
    texts = " ".join(" ".join(p.read_text(encoding="utf-8").split()) for p in articles.glob("*.txt"))
    for row in CASES:
        text = " ".join(unescape(row["text"]).split())
        assert text[:60] not in texts, text
