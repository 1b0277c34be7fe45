"""Near-duplicate articles (healthdiplomacy.corpus.duplicates): republished copies of
the realtext articles, made here, group with their original; no two originals group."""

from __future__ import annotations

import random

import pandas as pd
import pytest

import healthdiplomacy as hd
from conftest import REPO

REALTEXT = REPO.parent / "shared" / "realtext" / "articles"
HEADERS = {"fa": ("بازنشر: سایت خبری نمونه", "به گزارش خبرنگار ما، "),
           "en": ("Republished by Example News", "TEHRAN (Example Agency) - ")}
FOOTERS = {"fa": "منبع: خبرگزاری نمونه | کلیه حقوق محفوظ است", "en": "Source: Example Agency. All rights reserved."}


def republish(text: str, language: str, seed: int) -> str:
    """A copy as another site prints it: a new header line, an agency prefix before the
    lead, a few words edited, a footer."""
    lines = text.splitlines()
    header, prefix = HEADERS.get(language, HEADERS["en"])
    body = [line for line in lines[1:] if line.strip()]
    body[0] = prefix + body[0]
    words = "\n".join(body).split(" ")
    rng = random.Random(seed)
    for index in rng.sample(range(len(words)), k=min(4, len(words) // 20)):
        words[index] = "ویرایش" if language == "fa" else "edited"
    return "\n".join([header, " ".join(words), FOOTERS.get(language, FOOTERS["en"])])


def _corpus(folder, texts: dict[str, str], published: dict[str, str]):
    for stem, text in texts.items():
        (folder / f"{stem}.txt").write_text(text, encoding="utf-8")
    (folder / "metadata.csv").write_text("id,published\n" + "".join(f"{k},{v}\n" for k, v in published.items()),
                                         encoding="utf-8")
    return hd.load_corpus(folder)


@pytest.fixture(scope="module")
def with_copies(tmp_path_factory):
    if not REALTEXT.is_dir():
        pytest.skip("../shared/realtext is not beside this checkout")
    folder = tmp_path_factory.mktemp("copies")
    originals = hd.load_corpus(REALTEXT)
    copies, texts, published = {}, {}, {}
    for seed, path in enumerate(sorted(REALTEXT.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        texts[path.stem], published[path.stem] = text, "2024-01-01"
        language = originals.loc[originals.path.str.endswith(path.name), "language"].iloc[0]
        # named to sort BEFORE its original ("a-copy-" < "r"), republished a day later: the
        # original is the earlier one, not the one listed first
        copy = f"a-copy-{path.stem}"
        texts[copy], published[copy] = republish(text, language, seed), "2024-01-02"
        copies[copy] = path.stem
    return _corpus(folder, texts, published), copies


def test_every_copy_groups_with_its_original_and_no_two_originals_group(with_copies):
    articles, copies = with_copies
    marked = hd.mark_near_duplicates(articles)
    by_stem = {p.rsplit("/", 1)[-1].rsplit(".", 1)[0]: a for p, a in zip(marked.path, marked.article_id)}
    original_of = dict(zip(marked.article_id, marked.duplicate_of))
    assert len(copies) >= 50
    assert all(copy < original for copy, original in copies.items())  # the copies sort first
    for copy, original in copies.items():
        assert original_of[by_stem[copy]] == by_stem[original], copy
    assert not any(original_of[by_stem[original]] for original in copies.values())


def test_the_copies_really_differ_from_the_originals(with_copies):
    articles, copies = with_copies
    # the exact content hash alone finds none of them: this is what MinHash is for
    assert (articles.duplicate_of == "").all()
    found = hd.near_duplicates(articles)
    assert found.similarity.between(hd.NEAR_DUPLICATE_THRESHOLD, 1.0).all()
    assert found.similarity.min() < 1.0


def test_counts_with_and_without_copies():
    articles = pd.DataFrame({"article_id": ["a", "b", "c", "d"], "language": ["en", "en", "fa", "en"],
                             "text": ["Iran and Iraq signed a memorandum on medicine and vaccines in Tehran today",
                                      "Example News - Iran and Iraq signed a memorandum on medicine and vaccines in "
                                      "Tehran today",
                                      "Iran and Iraq signed a memorandum on medicine and vaccines in Tehran today",
                                      "Cuba and Iran will produce a vaccine together, the minister said on Monday"],
                             "duplicate_of": "", "published": ["2024-05-01", "2024-05-02", "2024-05-01", "2024-05-01"]})
    marked = hd.mark_near_duplicates(articles)
    # the same text in another language field is not a copy: languages are compared apart
    assert marked.duplicate_of.tolist() == ["", "a", "", ""]
    assert hd.copies_per_article(marked).to_dict() == {"a": 2, "c": 1, "d": 1}


def test_a_bad_threshold_is_refused():
    frame = pd.DataFrame({"article_id": ["a"], "language": ["en"], "text": ["x"]})
    with pytest.raises(ValueError, match="threshold must be in"):
        hd.near_duplicates(frame, threshold=0)


def test_tag_and_export_mark_near_duplicates(tmp_path, capsys):
    from healthdiplomacy.cli import main

    story = ("Iran and Iraq signed a memorandum of understanding on medicine and medical equipment in Baghdad. "
             "The two health ministers agreed to expand cooperation in pharmaceutical production and training. ")
    folder = tmp_path / "corpus"
    folder.mkdir()
    (folder / "a.txt").write_text("Iran and Iraq sign MoU\n\n" + story * 2, encoding="utf-8")
    (folder / "b.txt").write_text("Health news\n\nBAGHDAD (Example Agency) - " + story.replace("expand", "widen")
                                  + story, encoding="utf-8")
    (folder / "metadata.csv").write_text("id,published\na,2024-05-01\nb,2024-05-02\n", encoding="utf-8")
    links = tmp_path / "links.csv"
    assert main(["tag", str(folder), "--out", str(links), "--near-duplicates"]) == 0
    assert "1 of 2 article(s) are copies" in capsys.readouterr().err
    assert set(pd.read_csv(links, dtype=str).article_id) == {"a"}
    export = tmp_path / "out.csv"
    assert main(["export", str(folder), "--to", str(export), "--near-duplicates"]) == 0
    exported = pd.read_csv(tmp_path / "out-articles.csv", dtype=str, keep_default_na=False)
    assert dict(zip(exported.article_id, exported.duplicate_of)) == {"a": "", "b": "a"}


def _short_copy(text: str, language: str, rng: random.Random, edits: int = 4) -> str:
    words = text.split(" ")
    for index in rng.sample(range(len(words)), k=min(edits, len(words))):
        words[index] = "ویرایش" if language == "fa" else "edited"
    header, prefix = HEADERS.get(language, HEADERS["en"])
    return "\n".join([header, prefix + " ".join(words), FOOTERS.get(language, FOOTERS["en"])])


def test_short_items_with_a_header_a_footer_and_edits_are_found(tmp_path):
    # ~40-word items: a header, a footer and four edits take the Jaccard of their shingles
    # below 0.5; the shorter text is still mostly contained in the longer
    if not REALTEXT.is_dir():
        pytest.skip("../shared/realtext is not beside this checkout")
    originals = hd.load_corpus(REALTEXT)
    rng = random.Random(40)
    texts, published, copies = {}, {}, {}
    for row in originals.itertuples():
        short = " ".join(row.text.split()[:40])
        texts[f"s-{row.article_id}"], published[f"s-{row.article_id}"] = "Brief\n\n" + short, "2024-01-01"
        texts[f"c-{row.article_id}"], published[f"c-{row.article_id}"] = \
            "Brief\n\n" + _short_copy(short, row.language, rng), "2024-01-03"
        copies[f"c-{row.article_id}"] = f"s-{row.article_id}"
    articles = _corpus(tmp_path, texts, published)
    original_of = dict(zip(articles.article_id, hd.mark_near_duplicates(articles).duplicate_of))
    missed = [c for c, o in copies.items() if original_of[c] != o]
    grouped = [o for o in copies.values() if original_of[o]]
    assert not missed and not grouped, (missed, grouped)


def test_a_copy_of_a_copy_counts_for_the_original():
    story = ("the minister of health met his counterpart and they signed a memorandum on medicine and vaccines "
             "today in tehran ") * 3
    near = "News - " + story.replace("signed", "inked", 1)
    # c is an exact copy of b (flagged by the content hash), b a near copy of a
    articles = pd.DataFrame({"article_id": ["a", "b", "c"], "language": ["en"] * 3, "text": [story, near, near],
                             "duplicate_of": ["", "", "b"], "published": ["2024-05-01", "2024-05-02", "2024-05-02"]})
    marked = hd.mark_near_duplicates(articles)
    assert marked.duplicate_of.tolist() == ["", "a", "a"]
    assert hd.copies_per_article(marked).to_dict() == {"a": 3}


@pytest.mark.parametrize("published,expected", [
    # the earliest published is the original, though it sorts last and is shorter
    (["2024-05-02", "2024-05-01"], ["z", ""]),
    # undated (or the same day): the longest, most complete text; the cut copy "a" sorts first
    (["", ""], ["z", ""]),
    (["2024-05-01", "2024-05-01"], ["z", ""]),
])
def test_the_original_is_the_earliest_then_the_longest(published, expected):
    story = " ".join(f"word{i} and the minister met in tehran" for i in range(30))
    cut = " ".join(story.split()[: len(story.split()) * 7 // 10])  # a copy cut short
    articles = pd.DataFrame({"article_id": ["a", "z"], "language": ["en", "en"], "text": [cut, story],
                             "published": published})
    if published[0] == "2024-05-02":
        articles["text"] = [story, cut]  # now "a" is the longer but the later
    assert hd.mark_near_duplicates(articles).duplicate_of.tolist() == expected


def test_the_same_date_and_length_falls_back_to_the_id():
    story = "the minister of health met his counterpart and signed a memorandum on medicine in tehran " * 3
    articles = pd.DataFrame({"article_id": ["b", "a"], "language": ["en", "en"],
                             "text": [story, story.replace("medicine", "vaccines", 1)]})  # the same length
    assert hd.mark_near_duplicates(articles).duplicate_of.tolist() == ["a", ""]


def test_empty_and_missing_texts():
    assert hd.near_duplicates(pd.DataFrame(columns=["article_id", "text", "language"])).empty
    frame = pd.DataFrame({"article_id": ["a", "b"], "text": [None, "x y z"], "language": [None, "en"]})
    assert hd.mark_near_duplicates(frame).duplicate_of.tolist() == ["", ""]
