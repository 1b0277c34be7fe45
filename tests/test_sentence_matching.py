"""The tagger matches each sentence on its own and remembers it (Tagger.sentence_hits): that
must find exactly what one pass over the whole article finds, and code a sentence met before
exactly as a fresh one."""

import functools
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from conftest import REPO, SEEDS
from healthdiplomacy import load_codebook, load_corpus
from healthdiplomacy.coding.stages import resolve_stage_cues
from healthdiplomacy.coding.tagger import ArticleTagging, Tagger, article_fields, default_tagger, split_hits

REALTEXT = REPO.parent / "shared" / "realtext" / "articles"


def _corpora() -> list[Path]:
    return [SEEDS] + ([REALTEXT] if REALTEXT.is_dir() else [])


def _whole_article(article: ArticleTagging) -> list[tuple]:
    """The reference: one find over the article's match form, its hits split by sentence."""
    tagger = article.tagger
    base = article.base if len(article.base) == len(article.form) else None
    buckets: list[list] = [[] for _ in article.sentences]
    for hit in tagger.term_matcher.find(article.form, base):
        buckets[article.sentence_of(hit.start)].append(hit)
    found = []
    for bucket in buckets:
        entities, cues, stages, named = split_hits(bucket, tagger.homes)
        resolved = resolve_stage_cues(article.form, list(stages), tagger.codebook.stagebook)
        found.append((list(entities), list(cues), [(c.hit, c.stage, c.terms) for c in resolved], list(named)))
    return found


@functools.lru_cache(maxsize=1)
def _uncached_tagger() -> Tagger:
    """A tagger that remembers no sentence: it finds each where it stands in its article."""
    return Tagger(default_tagger().codebook, sentence_cache=0)


def _by_sentence(article: ArticleTagging) -> list[tuple]:
    return [(entities, cues, [(c.hit, c.stage, c.terms) for c in stages], named)
            for entities, cues, stages, named in article.hits_by_sentence()]


@pytest.mark.parametrize("cache", [True, False], ids=["remembered", "found_in_place"])
@pytest.mark.parametrize("corpus", _corpora(), ids=lambda path: path.name)
def test_sentence_by_sentence_finds_what_the_whole_article_finds(corpus, cache):
    # (with no cache a sentence is found where it stands in the article, not alone and moved)
    tagger = default_tagger() if cache else _uncached_tagger()
    for row in load_corpus(corpus, errors="skip").to_dict("records"):
        article_id, title, text, language, _ = article_fields(row)
        article = ArticleTagging(tagger, article_id, title, text, language)
        assert _by_sentence(article) == _whole_article(article), article_id


# Seed-like words with the characters that change a text's length when lower-cased ('İ'),
# acronyms that must match in capitals (WHO), line breaks (a title's own) and arbitrary Unicode.
SENTENCE_TEXT = st.lists(st.one_of(st.sampled_from(["ایران ", "عراق ", "و ", "همکاری ", "دارو", "،", ".", "\n",
                                                    "Iran ", "Iraq ", "WHO ", "who ", "İ", "signed ", "to "]),
                                   st.characters()), max_size=60).map("".join)


@settings(max_examples=100, deadline=None)
@given(SENTENCE_TEXT, SENTENCE_TEXT)
def test_sentence_by_sentence_on_arbitrary_text(title, text):
    article = ArticleTagging(default_tagger(), "x", title, text, "")
    assert _by_sentence(article) == _whole_article(article)
    in_place = ArticleTagging(_uncached_tagger(), "x", title, text, "")
    assert _by_sentence(in_place) == _whole_article(in_place)


def test_a_remembered_sentence_codes_as_a_fresh_one(seed_articles):
    """Coding the seeds twice with the cache (the second time every sentence is remembered)
    gives what a tagger without a cache gives: no cached hit is changed by the articles using it."""
    book = load_codebook()
    cached, fresh = Tagger(book, sentence_cache=4096), Tagger(book, sentence_cache=0)
    rows = [article_fields(row) for row in seed_articles.to_dict("records")]
    expected = [fresh.code(*fields) for fields in rows]
    assert [cached.code(*fields) for fields in rows] == expected
    assert [cached.code(*fields) for fields in rows] == expected
    # The second pass found every sentence in the cache.
    sentences = sum(len(ArticleTagging(cached, *fields[:4]).sentences) for fields in rows)
    assert cached.sentence_hits.cache_info().hits >= sentences
    assert fresh.sentence_hits.cache_info().currsize == 0


@pytest.mark.parametrize("size", [None, -1, 2.5, True])
def test_a_sentence_cache_must_be_bounded(size):
    with pytest.raises(ValueError, match="sentence_cache"):
        Tagger(default_tagger().codebook, sentence_cache=size)
