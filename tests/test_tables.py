"""Tables from links: counts of distinct articles, deterministic order."""

import pandas as pd
import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from healthdiplomacy.results.tables import (evidence_table, example_links, example_themes,
                                    partner_ranking, theme_partner_table, theme_ranking)

COLUMNS = list(example_links().columns)
PARTNERS = {  # id -> (English, Persian)
    "azerbaijan": ("Azerbaijan", "آذربایجان"), "iraq": ("Iraq", "عراق"),
    "afghanistan": ("Afghanistan", "افغانستان"), "who": ("WHO", "سازمان جهانی بهداشت"),
}


def link(article, partner, theme="medicine", evidence="جمله", terms="دارو"):
    en, fa = PARTNERS[partner]
    kind = "organization" if partner == "who" else "country"
    return (article, partner, en, fa, kind, theme, theme.replace("_", " ").capitalize(),
            evidence, terms, "fa")


def frame(*rows):
    order = ["article_id", "partner_id", "partner_name_en", "partner_name_fa", "partner_kind",
             "theme_id", "theme_label", "evidence", "terms", "language"]
    return pd.DataFrame(list(rows), columns=order)[COLUMNS]


THEMES = example_themes()


def test_cells_count_distinct_articles_not_mentions():
    # Two links of the same article, partner and theme (e.g. two evidence rows) count once.
    links = frame(link("a1", "iraq"), link("a1", "iraq"), link("a2", "iraq"))
    assert theme_partner_table(links, THEMES).loc["medicine", "iraq"] == 2


def test_rows_follow_codebook_order_and_show_gaps():
    links = frame(link("a1", "iraq", "health_tourism"), link("a2", "iraq", "medicine"))
    table = theme_partner_table(links, THEMES)
    assert list(table.index) == ["medicine", "vaccines", "health_tourism"]
    assert table.loc["vaccines"].sum() == 0
    assert list(theme_partner_table(links, THEMES, all_themes=False).index) == [
        "medicine", "health_tourism"]


def test_columns_by_total_articles_then_id():
    links = frame(link("a1", "who"), link("a2", "who"), link("a1", "iraq"),
                  link("a3", "afghanistan"), link("a4", "azerbaijan"))
    assert list(theme_partner_table(links, THEMES).columns) == [
        "who", "afghanistan", "azerbaijan", "iraq"]


def test_partner_without_theme_counts_for_partner_but_has_no_column():
    links = frame(link("a1", "iraq", ""), link("a1", "azerbaijan"))
    assert list(theme_partner_table(links, THEMES).columns) == ["azerbaijan"]
    ranking = partner_ranking(links).set_index("partner_id")
    assert ranking.loc["iraq", "articles"] == 1 and ranking.loc["iraq", "themes"] == 0


def test_unknown_theme_goes_after_the_codebook():
    links = frame(link("a1", "iraq", "zz_new"), link("a1", "iraq", "medicine"))
    assert list(theme_partner_table(links, THEMES, all_themes=False).index) == [
        "medicine", "zz_new"]
    assert theme_ranking(links, THEMES).set_index("theme_id").loc["zz_new", "label_en"] == "Zz new"


def test_partner_ranking_by_events_articles_and_themes():
    links = frame(link("a1", "iraq", "medicine"), link("a1", "iraq", "vaccines"),
                  link("a1", "iraq", "health_tourism"),
                  link("a1", "who"), link("a2", "who"), link("a3", "who"))
    assert list(partner_ranking(links)["partner_id"]) == ["who", "iraq"]
    assert list(partner_ranking(links, by="themes")["partner_id"]) == ["iraq", "who"]
    assert list(partner_ranking(links).columns) == [
        "partner_id", "partner_name_en", "partner_name_fa", "partner_kind", "events", "articles", "themes"]
    # WHO's three articles report one event: two events of Iraq's (a1, a4) now rank it first
    grouped = pd.concat([links.assign(event_id=["ev-1"] * 3 + ["ev-2"] * 3), frame(link("a4", "iraq", "medicine"))])
    assert list(partner_ranking(grouped)["partner_id"]) == ["iraq", "who"]
    assert list(partner_ranking(grouped, by="articles")["partner_id"]) == ["who", "iraq"]
    with pytest.raises(ValueError):
        partner_ranking(links, by="words")


def test_theme_ranking_counts_partners_and_articles():
    ranked = theme_ranking(example_links(), THEMES)
    assert ranked.to_dict("records")[0] == {
        "theme_id": "medicine", "label_en": "Medicine", "label_fa": "دارو",
        "partners": 2, "events": 2, "articles": 2}


def test_evidence_keeps_sentences_exactly():
    sentence = "همکاری دارويي با عراق\nو <b>جمله دوم</b>"
    evidence = evidence_table(frame(link("a1", "iraq", evidence=sentence)), THEMES)
    assert evidence.loc[0, "evidence"] == sentence


def test_empty_links_give_empty_tables():
    empty = frame()
    assert theme_partner_table(empty, THEMES).shape == (3, 0)
    assert partner_ranking(empty).empty
    assert theme_ranking(empty, THEMES).empty
    assert evidence_table(empty, THEMES).empty


# --- properties ---------------------------------------------------------------------

rows = st.lists(st.tuples(st.sampled_from(["a1", "a2", "a3", "a4"]),
                          st.sampled_from(sorted(PARTNERS)),
                          st.sampled_from(["medicine", "vaccines", "health_tourism", ""])),
                max_size=25)


@pytest.mark.slow
@settings(max_examples=60, deadline=None)
@given(rows, st.randoms(use_true_random=False))
def test_same_links_in_any_order_give_the_same_tables(rows, rnd):
    links = frame(*(link(a, p, t) for a, p, t in rows))
    shuffled = links.sample(frac=1, random_state=rnd.randint(0, 2**31)).reset_index(drop=True)
    pd.testing.assert_frame_equal(theme_partner_table(links, THEMES),
                                  theme_partner_table(shuffled, THEMES))
    pd.testing.assert_frame_equal(partner_ranking(links), partner_ranking(shuffled))
    pd.testing.assert_frame_equal(theme_ranking(links, THEMES), theme_ranking(shuffled, THEMES))


@settings(max_examples=60, deadline=None)
@given(rows)
def test_cells_agree_with_a_plain_count(rows):
    links = frame(*(link(a, p, t) for a, p, t in rows))
    table = theme_partner_table(links, THEMES)
    for (theme, partner), value in table.stack().items():
        expected = len({a for a, p, t in rows if p == partner and t == theme})
        assert value == expected


def test_a_one_megabyte_sentence_is_quoted_capped_with_an_ellipsis():
    from healthdiplomacy.results.tables import QUOTE_CHARS, evidence_table, example_links

    links = example_links()
    huge = "Iran and Iraq " + "signed " * 150_000  # one "sentence" of a megabyte
    links["evidence"] = ["Iran and Iraq met.\n" + huge] + ["short"] * (len(links) - 1)
    evidence = evidence_table(links)
    quoted = evidence.loc[evidence["evidence"].str.startswith("Iran and Iraq met."), "evidence"].iloc[0]
    first, second = quoted.split("\n")
    assert first == "Iran and Iraq met."  # a sentence within the limit is quoted whole
    assert len(second) <= QUOTE_CHARS and second.endswith(" …") and huge.startswith(second[:-2])
    assert evidence["evidence"].str.len().max() < 2 * QUOTE_CHARS
