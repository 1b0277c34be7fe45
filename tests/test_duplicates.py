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


@pytest.fixture(scope="module")
def with_copies(tmp_path_factory):
    if not REALTEXT.is_dir():
        pytest.skip("../shared/realtext is not beside this checkout")
    folder = tmp_path_factory.mktemp("copies")
    originals = hd.load_corpus(REALTEXT)
    copies = {}
    for seed, path in enumerate(sorted(REALTEXT.glob("*.txt"))):
        text = path.read_text(encoding="utf-8")
        (folder / path.name).write_text(text, encoding="utf-8")
        language = originals.loc[originals.path.str.endswith(path.name), "language"].iloc[0]
        copy = folder / f"zz-copy-{path.name}"
        copy.write_text(republish(text, language, seed), encoding="utf-8")
        copies[copy.stem] = path.stem
    return hd.load_corpus(folder), copies


def test_every_copy_groups_with_its_original_and_no_two_originals_group(with_copies):
    articles, copies = with_copies
    marked = hd.mark_near_duplicates(articles)
    by_stem = {p.rsplit("/", 1)[-1].rsplit(".", 1)[0]: a for p, a in zip(marked.path, marked.article_id)}
    original_of = dict(zip(marked.article_id, marked.duplicate_of))
    assert len(copies) >= 50
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
                             "duplicate_of": ""})
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
    links = tmp_path / "links.csv"
    assert main(["tag", str(folder), "--out", str(links), "--near-duplicates"]) == 0
    assert "1 of 2 article(s) are copies" in capsys.readouterr().err
    assert set(pd.read_csv(links, dtype=str).article_id) == {"a"}
    export = tmp_path / "out.csv"
    assert main(["export", str(folder), "--to", str(export), "--near-duplicates"]) == 0
    exported = pd.read_csv(tmp_path / "out-articles.csv", dtype=str, keep_default_na=False)
    assert dict(zip(exported.article_id, exported.duplicate_of)) == {"a": "", "b": "a"}
