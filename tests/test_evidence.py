"""Evidence that reads well: a sentence quoted once per theme, the partners it is evidence for named above it."""

import re

import pandas as pd
import pytest

from healthdiplomacy.report.evidence import evidence_html
from healthdiplomacy.results import tables


@pytest.fixture(scope="module")
def seeds_links(coded_seeds):
    return coded_seeds.tagging.links


def theme_sections(page):
    """{theme heading: the HTML under it}."""
    parts = re.split(r'<h4 class="hd-theme">(.*?)</h4>', page)
    return dict(zip(parts[1::2], parts[2::2]))


def evidence_rows(partners, themes, sentence="Iran ships medicines to " + ", ".join(f"Land {p}" for p in "ABCDEFGHIJ") + "."):
    return pd.DataFrame([{"theme_id": t, "theme_label": t.title(), "partner_id": p, "partner_name_en": f"Land {p}",
                          "partner_name_fa": "", "partner_kind": "country", "article_id": "a1", "language": "en",
                          "evidence": sentence, "terms": f"Land {p}; {t}", "rule": "listed_together",
                          "partner_rule": "iran_and_partner"} for t in themes for p in partners])


def test_ten_partners_in_one_sentence_are_one_quote_per_theme():
    page = evidence_html(evidence_rows(list("ABCDEFGHIJ"), ["medicines", "vaccines"]))
    sections = theme_sections(page)
    assert list(sections) == ["Medicines", "Vaccines"]
    for section in sections.values():
        assert section.count("<blockquote") == 1 and section.count("<details") == 1
        summary = section.split("</summary>")[0]
        assert all(f"Land {p}" in summary for p in "ABCDEFGHIJ")
        # every partner's name marked in the one quote
        assert all(f"<mark>Land {p}</mark>" in section for p in "ABCDEFGHIJ")
    assert "<mark>medicines</mark>" in sections["Medicines"]


def test_a_partner_with_a_sentence_of_its_own_keeps_its_own_block():
    rows = pd.concat([evidence_rows(["A", "B"], ["medicines"]),
                      evidence_rows(["A"], ["medicines"], "Iran and Land A build a pharmacy.")])
    page = evidence_html(rows)
    assert page.count("<blockquote") == 2 and page.count("<details") == 2


def test_a_seed_sentence_listing_many_partners_is_quoted_once(seeds_links):
    evidence = tables.evidence_table(seeds_links)
    sections = theme_sections(evidence_html(evidence))
    for label, rows in evidence.groupby("theme_label"):
        quoted = {(a, s) for a, e in zip(rows["article_id"], rows["evidence"]) for s in str(e).split("\n") if s.strip()}
        assert sections[label].count("<blockquote") == len(quoted)
    shared = evidence.groupby(["theme_label", "article_id", "evidence"])["partner_id"].nunique()
    assert shared.max() >= 5  # the seeds hold such a sentence
    label, _, sentence = shared.idxmax()
    block = [d for d in sections[label].split("<details")[1:] if sentence[:30] in re.sub("</?mark>", "", d)]
    assert len(block) == 1
    named = evidence[(evidence["theme_label"] == label) & (evidence["evidence"] == sentence)]["partner_name_en"]
    assert all(name in block[0].split("</summary>")[0] for name in named)
