"""Shared fixtures and the loader for test tables kept as data (tests/data/*.csv)."""

from __future__ import annotations

import csv
import re
from pathlib import Path

import pytest

DATA = Path(__file__).parent / "data"
REPO = Path(__file__).resolve().parents[1]
SEEDS = REPO / "seeds"
GOLD = REPO / "tests" / "data" / "gold_seeds.yaml"

_ESCAPE = re.compile(r"\\u([0-9a-fA-F]{4})|\\n|\\t")


def unescape(value: str) -> str:
    r"""Turn the visible escapes used in the case tables (\u200c, \n, \t) into characters."""
    def replace(match: re.Match) -> str:
        if match.group(1):
            return chr(int(match.group(1), 16))
        return {"\\n": "\n", "\\t": "\t"}[match.group()]
    return _ESCAPE.sub(replace, value)


def cases(name: str) -> list:
    """Rows of tests/data/NAME as pytest params, with the `comment` column as the id."""
    return [pytest.param(*(unescape(v) for k, v in row.items() if k != "comment"),
                         id=row.get("comment") or None) for row in rows_of(name)]


def rows_of(name: str) -> list[dict]:
    """The rows of tests/data/NAME as dicts; lines starting with "#" are comments."""
    with open(DATA / name, encoding="utf-8", newline="") as handle:
        return list(csv.DictReader(line for line in handle if not line.startswith("#")))


@pytest.fixture(scope="session")
def seed_articles():
    import healthdiplomacy as hd
    return hd.load_corpus(SEEDS)


# The seeds coded once per session and shared: many test modules read the same tagging, and
# coding it in each of them cost the fast suite time for no new check. Tests only read these
# (a test that changes a table works on a copy, or codes its own).

@pytest.fixture(scope="session")
def seed_tagging(seed_articles):
    """``tag_articles`` on the seeds: links, mentions, stages, sentences and years."""
    import healthdiplomacy as hd
    return hd.tag_articles(seed_articles)


@pytest.fixture(scope="session")
def coded_seeds(tmp_path_factory):
    """The seeds coded into processed tables (``coded_corpus``), read back as a CodedCorpus."""
    import healthdiplomacy as hd
    return hd.coded_corpus(SEEDS, tmp_path_factory.mktemp("coded_seeds"))


# --- the report (tests/test_report.py, tests/test_browser.py) ------------------------------

# A tiny corpus of hostile articles: markup, template braces and a bidi override in
# titles and in the very sentences the tagger quotes as evidence.
HOSTILE_ARTICLES = {
    "hostile_fa.txt": "همکاری دارویی <script>alert('fa')</script>\n\n"
                      "ایران و عراق در زمینه دارو و تجهیزات پزشکی همکاری می‌کنند <script>alert(1)</script> {{ 7*7 }}.\n"
                      "وزیر بهداشت عراق \u202eگفت که واکسن از ایران خریداری می‌شود <img src=x onerror=alert(2)>.\n",
    "hostile_en.txt": "Iran and Armenia <b onmouseover=alert(3)>sign</b>\n\n"
                      "Iran and Armenia signed a memorandum on medicine and health tourism "
                      "<iframe src=javascript:alert(4)></iframe> [x](javascript:alert(5)).\n",
    "broken.pdf": "%PDF-1.4 not an article",
}


LANGS = ["en", "fa"]  # the report's editions; every report test runs on each
GOLD_HOSTILE = DATA / "gold_hostile.yaml"  # disagrees with the tagger on the hostile corpus


def build_once(tmp_path_factory, name, corpus, lang="en", gold=None, notebooks=None):
    from healthdiplomacy.report.build import NOTEBOOKS, build_report, edition_path
    folder = tmp_path_factory.mktemp(f"{name}_{lang}")
    return build_report(corpus, edition_path(folder / "report.html", lang), folder / "figures",
                        progress=False, lang=lang, gold=gold, notebooks=notebooks or NOTEBOOKS)


@pytest.fixture(scope="session")
def hostile_corpus(tmp_path_factory):
    folder = tmp_path_factory.mktemp("hostile_corpus")
    for name, text in HOSTILE_ARTICLES.items():
        (folder / name).write_text(text, encoding="utf-8")
    return folder


@pytest.fixture(scope="session")
def built_reports(tmp_path_factory, hostile_corpus):
    """report(which, lang): the report on "seeds" or "hostile", each edition built once per session.

    A cache rather than parametrized session fixtures: pytest may tear those
    down and build them again when tests of the two editions interleave.
    """
    cache = {}
    corpora = {"seeds": (SEEDS, None), "hostile": (hostile_corpus, GOLD_HOSTILE)}

    def report(which, lang):
        if (which, lang) not in cache:
            corpus, gold = corpora[which]
            cache[which, lang] = build_once(tmp_path_factory, f"{which}_report", corpus, lang, gold)
        return cache[which, lang]
    return report


@pytest.fixture(params=LANGS)
def lang(request):
    """The edition under test."""
    return request.param


@pytest.fixture
def seeds_report(built_reports, lang):
    """The report on the seeds, in the edition ``lang`` (runs every notebook, once per session)."""
    return built_reports("seeds", lang)


@pytest.fixture
def hostile_report(built_reports, lang):
    """The report on the hostile corpus (scored against GOLD_HOSTILE), in the edition ``lang``."""
    return built_reports("hostile", lang)
