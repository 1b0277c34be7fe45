"""The loader: seeds, file kinds, metadata, boilerplate, sources, streaming."""

import json

import pytest

from conftest import SEEDS, cases
from healthdiplomacy import CorpusError, CorpusReport, iter_corpus, load_corpus
from healthdiplomacy.corpus import COLUMNS, detect_source
from healthdiplomacy.corpus.boilerplate import is_boilerplate


def test_seeds_load_with_languages_and_sources(seed_articles):
    assert list(seed_articles.columns) == COLUMNS
    assert len(seed_articles) == 4
    assert list(seed_articles["language"]) == ["fa", "fa", "en", "fa"]
    assert list(seed_articles["source"]) == ["Aran News", "IRIB News Agency", "", "Aran News"]
    assert seed_articles["content_hash"].is_unique
    assert (seed_articles["chars"] == seed_articles["text"].str.len()).all()


def test_seed_002_title_once_and_no_comment_form(seed_articles):
    article = seed_articles.set_index("article_id").loc["002_ae9f4961a003824f"]
    title = "Iran and Uzbekistan Strengthen Bilateral Cooperation in Health and Medicine"
    assert article["title"] == title
    assert title not in article["text"]
    for line in ("Similar Posts", "Leave a Reply", "Your email address will not be published"):
        assert line not in article["text"]
        assert any(r.startswith(line) for r in article["removed"])  # kept, not lost


def test_seed_files_are_byte_identical_to_shared():
    shared = SEEDS.parent.parent / "shared" / "seeds"
    if not shared.is_dir():
        pytest.skip("../shared/seeds is not beside this checkout")
    for path in shared.iterdir():
        assert (SEEDS / path.name).read_bytes() == path.read_bytes()


@pytest.mark.parametrize("text, expected", cases("source_cases.csv"))
def test_detect_source(text, expected):
    assert detect_source(text) == expected


@pytest.mark.parametrize("line, expected", cases("boilerplate_cases.csv"))
def test_is_boilerplate(line, expected):
    assert is_boilerplate(line) is (expected == "1")


def test_single_file_and_recursive_folder(tmp_path):
    (tmp_path / "a").mkdir()
    (tmp_path / "a" / "one.txt").write_text("عنوان\n\nهمکاری ایران و عراق", encoding="utf-8")
    (tmp_path / "two.md").write_text("# Title\n\nIran and Iraq met.", encoding="utf-8")
    folder = load_corpus(tmp_path)
    assert sorted(folder["article_id"]) == ["one", "two"]
    assert folder.set_index("article_id").loc["two", "title"] == "Title"
    single = load_corpus(tmp_path / "two.md")
    assert list(single["article_id"]) == ["two"]


def test_metadata_csv_adds_url_published_source(tmp_path):
    (tmp_path / "x.txt").write_text("Title\n\nIran and Iraq met.", encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(
        "article_id,url,published,source\nx,https://example.org/x,2021-03-20,IRNA\n", encoding="utf-8")
    row = load_corpus(tmp_path).iloc[0]
    assert (row["url"], row["published"], row["source"]) == ("https://example.org/x", "2021-03-20", "IRNA")


def test_csv_and_jsonl_tables(tmp_path):
    (tmp_path / "t.csv").write_text("id,title,text,published\nk1,T,Iran and Iraq met.,2020-01-01\n",
                                    encoding="utf-8")
    records = [{"article_id": "j1", "body": "همکاری ایران و عراق", "url": "u"},
               {"text": "Iran and Oman met in Muscat."}]
    (tmp_path / "t.jsonl").write_text("\n".join(json.dumps(r, ensure_ascii=False) for r in records),
                                      encoding="utf-8")
    df = load_corpus(tmp_path)
    assert list(df["article_id"]) == ["k1", "j1", "t-2"]
    assert list(df["published"]) == ["2020-01-01", "", ""]
    assert list(df["language"]) == ["en", "fa", "en"]


def test_table_without_text_column_is_a_clear_error(tmp_path):
    (tmp_path / "t.csv").write_text("id,headline\n1,x\n", encoding="utf-8")
    with pytest.raises(CorpusError, match="no text column"):
        load_corpus(tmp_path / "t.csv")


def test_iter_corpus_streams_the_same_rows(seed_articles):
    report = CorpusReport()
    rows = list(iter_corpus(SEEDS, report=report))
    assert [r["article_id"] for r in rows] == list(seed_articles["article_id"])
    assert report.files_seen == 4 and report.skipped == []


def test_missing_path_and_empty_folder(tmp_path):
    with pytest.raises(CorpusError, match="no such file"):
        load_corpus(tmp_path / "missing")
    with pytest.raises(CorpusError, match="no files found"):
        load_corpus(tmp_path)


def test_errors_argument_is_checked():
    with pytest.raises(ValueError):
        load_corpus(SEEDS, errors="ignore")
