"""Bad input: broken files, duplicates, accounting and clear errors.

tests/data/bad/ holds one small file per case, listed in tests/data/bad/cases.csv
with the outcome expected. The files are made by the recipes in this module
(`python tests/test_bad_input.py` rewrites them); a test checks the committed
bytes still match, so a checkout that rewrote line endings is caught.
Huge files are made by fixtures, never committed.
"""

from __future__ import annotations

import csv
import io
import json
import struct
import zlib
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, SEEDS, cases
from healthdiplomacy import CorpusError, CorpusReport, cli, iter_corpus, load_corpus
from healthdiplomacy.corpus import COLUMNS, DataFileError, MetadataError, article_from_text, html_to_text
from healthdiplomacy.corpus import boilerplate, datafiles, files, metadata, tables
from healthdiplomacy.corpus.boilerplate import compile_boilerplate
from healthdiplomacy.corpus.files import MAX_BYTES
from healthdiplomacy.corpus.sources import parse_source_terms
from healthdiplomacy.text.normalize import normalize

BAD = DATA / "bad"

# --- the recipes ------------------------------------------------------------------------

# Title and first two paragraphs of a seed, with a ZWNJ and Persian digits added
# so that every encoding has something to get wrong.
_SEED = (SEEDS / "000_5a71c811ddcef313.txt").read_text("utf-8").strip().split("\n\n\n\n")[0]
SNIPPET = (_SEED.replace("می یابد", "می\u200cیابد")
           + "\n\nبه گزارش آران نیوز: این سفر در سال ۱۳۹۷ انجام شد.\n")
PERSIAN_DIGITS = str.maketrans("۰۱۲۳۴۵۶۷۸۹", "0123456789")


def cp1256(text: str) -> bytes:
    """Persian as Windows-1256 has it: no ی (U+06CC), so Arabic ي; no Persian digits."""
    return text.replace("ی", "ي").translate(PERSIAN_DIGITS).encode("cp1256", errors="strict")


def tiny_png() -> bytes:
    """A real 1x1 PNG (signature, IHDR, IDAT, IEND)."""
    def chunk(kind: bytes, body: bytes) -> bytes:
        return struct.pack(">I", len(body)) + kind + body + struct.pack(">I", zlib.crc32(kind + body))
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", struct.pack(">IIBBBBB", 1, 1, 8, 2, 0, 0, 0))
            + chunk(b"IDAT", zlib.compress(b"\x00\xff\x00\x00")) + chunk(b"IEND", b""))


ENGLISH = ("Iran and Armenia Sign Health Memorandum\n\n"
           "Iran and Armenia signed a memorandum of understanding on medicine and health tourism.\n")
FRENCH = ("L'Iran et l'Arménie signent un accord de santé\n\n"
          "Le ministre a déclaré que la coopération sanitaire était très importante.\n")
PAGE = """<!DOCTYPE html>
<html><head><meta charset="utf-8"><title>Site &amp; News | Iran and Oman</title>
<style>p { color: red }</style><script>alert("head")</script></head>
<body><nav><a href="/">Home</a> <a href="/health">Health</a></nav>
<h1>Iran and Oman Expand Health Cooperation</h1>
<!-- <p>hidden comment</p> -->
<p>Iran &amp; Oman agreed to share medicine &lt;supplies&gt;&nbsp;and training.</p>
<script>document.write("injected")</script>
<p><img src=x onerror="alert(1)">Officials met in Muscat.</p>
<footer>Share this</footer></body></html>
"""
PAGE_CP1256 = ('<html><head><meta http-equiv="Content-Type" content="text/html; charset=windows-1256">'
               "</head><body><h1>{title}</h1>{paragraphs}</body></html>")


def _page_cp1256() -> bytes:
    title, *paragraphs = SNIPPET.split("\n\n")
    markup = PAGE_CP1256.format(title=title.lstrip("# "),
                                paragraphs="".join(f"<p>{p.strip()}</p>" for p in paragraphs))
    return cp1256(markup)


def recipes() -> dict[str, bytes]:
    """Every file of tests/data/bad/, by name."""
    utf8 = SNIPPET.encode("utf-8")
    normalized_variant = (SNIPPET.replace("ی", "ي").replace("ک", "ك").replace("\u200c", " ")
                          .translate(PERSIAN_DIGITS).replace("\n", "\r\n"))
    return {
        "persian-utf8.txt": utf8,
        "persian-utf8-bom.txt": b"\xef\xbb\xbf" + utf8,
        "persian-utf16le-bom.txt": b"\xff\xfe" + SNIPPET.encode("utf-16-le"),
        "persian-utf16be-bom.txt": b"\xfe\xff" + SNIPPET.encode("utf-16-be"),
        "persian-utf16le-nobom.txt": SNIPPET.encode("utf-16-le"),
        "persian-utf16be-nobom.txt": SNIPPET.encode("utf-16-be"),
        "persian-cp1256.txt": cp1256(SNIPPET.replace("\n", "\r\n")),
        "persian-page-cp1256.html": _page_cp1256(),
        "duplicate-exact.txt": utf8,
        "duplicate-normalized.txt": normalized_variant.encode("utf-8"),
        "persian-edited.txt": SNIPPET.replace("باکو", "تفلیس").encode("utf-8"),
        "short-cp1256.txt": cp1256("همکاری ها"),
        "english.txt": ENGLISH.encode("ascii"),
        "english-utf16le-nobom.txt": ENGLISH.replace("Armenia", "Oman").encode("utf-16-le"),
        "french-latin1.txt": FRENCH.encode("latin-1"),
        "page.html": PAGE.encode("utf-8"),
        "only-script.html": b"<html><script>alert(1)</script><style>p{}</style><!-- x --></html>",
        "image.txt": tiny_png(),
        "report-pdf.txt": b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n1 0 obj\n<< /Type /Catalog >>\nendobj\n",
        "scan.pdf": b"%PDF-1.4\n",
        "empty.txt": b"",
        "whitespace.txt": b" \r\n\t  \n\n",
        "whitespace-utf16.txt": "\ufeff \u200c\n\t".encode("utf-16-le"),
        "only-boilerplate.txt": b"Share this\nLeave a Reply\nSimilar Posts\n",
        "undecodable.txt": bytes(range(0x80, 0x100)),
        "truncated-utf8.txt": SNIPPET.rstrip(".\n").encode("utf-8")[:-1],
        "nul-padded.txt": ENGLISH.encode("ascii") + b"\x00" * 64,
    }


def write_bad_files(folder: Path = BAD) -> None:
    folder.mkdir(parents=True, exist_ok=True)
    for name, data in recipes().items():
        (folder / name).write_bytes(data)


# --- tests/data/bad/: one file per case ---------------------------------------------------

CASE_ROWS = list(csv.DictReader(io.StringIO((BAD / "cases.csv").read_text("utf-8"), newline="")))


def test_committed_bad_files_match_their_recipes():
    for name, data in recipes().items():
        assert (BAD / name).read_bytes() == data, f"{name}: run `python tests/test_bad_input.py`"


def test_every_bad_file_has_a_case():
    listed = [row["file"] for row in CASE_ROWS]
    assert sorted(listed) == sorted(recipes()), "tests/data/bad/cases.csv and the recipes disagree"
    on_disk = {p.name for p in BAD.iterdir() if not p.name.startswith(".")} - {"cases.csv"}
    assert on_disk == set(listed)


@pytest.fixture(scope="module")
def bad_load():
    """All of tests/data/bad/ loaded at once, in the order of cases.csv."""
    report = CorpusReport()
    rows = list(iter_corpus([BAD / row["file"] for row in CASE_ROWS], errors="skip", report=report))
    return {Path(r["path"]).name: r for r in rows}, {Path(s.path).name: s.reason for s in report.skipped}, report


@pytest.mark.parametrize("file, status, encoding, duplicate_of, reason", cases("bad/cases.csv"))
def test_bad_file_outcome(bad_load, file, status, encoding, duplicate_of, reason):
    loaded, skipped, _ = bad_load
    if status == "loaded":
        assert file in loaded, skipped.get(file)
        row = loaded[file]
        assert row["encoding"] == encoding
        assert row["duplicate_of"] == duplicate_of
        assert row["title"].strip()  # a one-line file is all title
    else:
        assert file in skipped, f"{file} was loaded"
        assert reason in skipped[file]


@pytest.mark.parametrize("file, status, encoding, duplicate_of, reason", cases("bad/cases.csv"))
def test_bad_file_alone_with_errors_raise(file, status, encoding, duplicate_of, reason):
    if status == "loaded":
        assert len(load_corpus(BAD / file, errors="raise")) == 1
    else:
        with pytest.raises(CorpusError) as caught:
            load_corpus(BAD / file, errors="raise")
        assert caught.value.path == str(BAD / file) and reason in caught.value.reason


def test_every_encoding_of_the_snippet_reads_the_same(bad_load):
    loaded, _, _ = bad_load
    reference = loaded["persian-utf8.txt"]
    for name, row in loaded.items():
        if name.startswith("persian-") and name != "persian-edited.txt":
            assert normalize(row["title"]) == normalize(reference["title"]), name
            assert normalize(row["text"]).split() == normalize(reference["text"]).split(), name
            assert row["source"] == "Aran News", name
            assert row["language"] == "fa", name


def test_html_is_extracted_not_run(bad_load):
    row = bad_load[0]["page.html"]
    assert row["title"] == "Iran and Oman Expand Health Cooperation"
    assert "Iran & Oman agreed to share medicine <supplies>\xa0and training." in row["text"]
    assert "Officials met in Muscat." in row["text"]
    for hidden in ("alert", "injected", "hidden comment", "color: red", "Home", "onerror", "Share this"):
        assert hidden not in row["text"] and hidden not in row["title"]


def test_loading_bad_folder_accounts_for_every_file(bad_load):
    loaded, skipped, report = bad_load
    assert report.files_seen == len(CASE_ROWS) == report.entries_seen
    assert report.loaded == len(loaded) and len(skipped) == len(report.skipped)
    assert report.balanced()
    assert set(loaded) | set(skipped) == {row["file"] for row in CASE_ROWS}


# --- huge files: made by a fixture, never committed ---------------------------------------------


@pytest.fixture(scope="module")
def huge_file(tmp_path_factory):
    path = tmp_path_factory.mktemp("huge") / "dump.txt"
    line = ("Iran and Iraq signed a health memorandum. " * 20 + "\n").encode("ascii")
    with open(path, "wb") as handle:
        for _ in range(50_000_000 // len(line) + 1):
            handle.write(line)
    assert path.stat().st_size > 50_000_000 > MAX_BYTES
    return path


def test_huge_text_file_is_skipped_without_reading_it(huge_file, tmp_path, monkeypatch):
    (tmp_path / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    read = []
    monkeypatch.setattr(files, "decode_bytes", lambda *a: read.append(a) or ("x", "utf-8"))
    df = load_corpus([huge_file, tmp_path / "ok.txt"], errors="skip")
    assert [s["path"] for s in df.attrs["skipped"]] == [str(huge_file)]
    assert "file too large" in df.attrs["skipped"][0]["reason"]
    assert len(read) == 1  # only ok.txt was decoded
    with pytest.raises(CorpusError, match="file too large"):
        load_corpus(huge_file)


def test_large_jsonl_is_streamed_not_refused(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_BYTES", 300)  # every table here counts as large
    records = [{"id": f"a{i}", "text": f"همکاری بهداشتی ایران و عراق شماره {i}"} for i in range(20)]
    lines = [json.dumps(r, ensure_ascii=False) for r in records]
    lines[5] = "{broken"
    (tmp_path / "big.jsonl").write_text("\n".join(lines) + "\n", encoding="utf-8")
    (tmp_path / "big16.jsonl").write_text("\n".join(lines[:3]) + "\n", encoding="utf-16")
    (tmp_path / "big16be.jsonl").write_bytes(("\n".join(lines[:2]) + "\n").encode("utf-16-be"))
    df = load_corpus(tmp_path, errors="skip")
    assert len(df) == 19 + 3 + 2 and df.attrs["entries_seen"] == 20 + 3 + 2
    assert df.attrs["skipped"] == [{"path": f"{tmp_path / 'big.jsonl'}:6",
                                    "reason": "invalid JSON (Expecting property name enclosed in double quotes)"}]
    assert sorted(set(df["encoding"])) == ["utf-16-be", "utf-16-le", "utf-8"]


def test_large_table_breaking_half_way_keeps_rows_before(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_BYTES", 1000)
    good = "".join(json.dumps({"text": f"Iran and Oman met, meeting {i}."}) + "\n" for i in range(2000))
    assert len(good) > 65536  # the encoding is judged on the first 64 KB: UTF-8
    (tmp_path / "t.jsonl").write_bytes(good.encode("ascii") + b'{"text": "caf\xe9"}\n')
    report = CorpusReport()
    rows = list(iter_corpus(tmp_path / "t.jsonl", errors="skip", report=report))
    assert len(rows) == 2000 and report.balanced()
    assert "undecodable bytes half-way" in report.skipped[0].reason
    assert "the rest of the table was not read" in report.skipped[0].reason


def test_large_cp1256_csv_is_streamed(tmp_path, monkeypatch):
    monkeypatch.setattr(tables, "MAX_BYTES", 200)
    body = "".join(f'{i},"{SNIPPET.splitlines()[2][:60]} {i}"\r\n' for i in range(10))
    (tmp_path / "t.csv").write_bytes(cp1256("id,text\r\n" + body))
    df = load_corpus(tmp_path / "t.csv")
    assert len(df) == 10 and set(df["encoding"]) == {"cp1256"} and set(df["language"]) == {"fa"}
    assert df["path"].iloc[1] == f"{tmp_path / 't.csv'}:3"


# --- accounting --------------------------------------------------------------------------


def _mixed_corpus(folder: Path) -> None:
    write_bad_files(folder)
    (folder / "tables").mkdir()
    (folder / "tables" / "t.csv").write_text(
        'id,title,text\nk1,T1,Iran and Iraq met.\nk2,T2,\nk3,T3,"Iran and Oman\nmet again."\n', encoding="utf-8")
    (folder / "tables" / "t.jsonl").write_text(
        '{"text": "Iran met Oman."}\n\nnot json\n[1, 2]\n{"title": "no text"}\n{"body": "Iran met Iraq."}\n',
        encoding="utf-8")
    (folder / "tables" / "header-only.csv").write_text("id,text\n", encoding="utf-8")
    (folder / "tables" / "no-text-column.csv").write_text("id,headline\n1,x\n", encoding="utf-8")
    (folder / "metadata.csv").write_text("id,url\npersian-utf8,https://example.org/1\n", encoding="utf-8")
    (folder / ".hidden.txt").write_text("not looked at", encoding="utf-8")


def test_accounting_invariant_with_tables(tmp_path):
    _mixed_corpus(tmp_path)
    report = CorpusReport()
    rows = list(iter_corpus(tmp_path, errors="skip", report=report))
    files = len(recipes()) + 5  # metadata.csv is not seen; the hidden file is, to be listed
    assert report.files_seen == files
    # csv: 3 rows; jsonl: 5 non-blank lines; header-only, no-text-column, .hidden.txt: one entry each
    assert report.entries_seen == len(recipes()) + 3 + 5 + 1 + 1 + 1
    assert report.loaded == len(rows) and report.balanced()
    skipped = {s.path: s.reason for s in report.skipped}
    assert skipped[f"{tmp_path / 'tables' / 't.csv'}:3"] == "row has no text"
    assert skipped[str(tmp_path / "tables" / "header-only.csv")] == "table has no rows"
    assert "no text column" in skipped[str(tmp_path / "tables" / "no-text-column.csv")]
    assert skipped[str(tmp_path / ".hidden.txt")].startswith("hidden file")
    assert [r["url"] for r in rows if r["article_id"] == "persian-utf8"] == ["https://example.org/1"]


def test_accounting_holds_when_errors_raise_stops(tmp_path):
    _mixed_corpus(tmp_path)
    report = CorpusReport()
    with pytest.raises(CorpusError) as caught:
        for _ in iter_corpus(tmp_path, errors="raise", report=report):
            pass
    assert report.balanced() and report.skipped[-1].path == caught.value.path
    # The first entry in name order: the hidden file, which --strict does not let pass either.
    assert caught.value.path == str(tmp_path / ".hidden.txt") and caught.value.reason.startswith("hidden file")


def test_folder_without_readable_article(tmp_path):
    (tmp_path / "empty.txt").write_bytes(b"")
    (tmp_path / "image.txt").write_bytes(tiny_png())
    df = load_corpus(tmp_path, errors="skip")
    assert df.empty and list(df.columns) == COLUMNS
    assert [s["reason"] for s in df.attrs["skipped"]] == ["empty file (0 bytes)", "binary file (PNG image)"]
    assert df.attrs["files_seen"] == 2
    with pytest.raises(CorpusError, match="empty file"):
        load_corpus(tmp_path)


def test_hidden_entries_are_listed_and_metadata_is_no_article(tmp_path):
    (tmp_path / ".git").mkdir()
    (tmp_path / ".git" / "HEAD").write_text("ref: refs/heads/main", encoding="utf-8")
    (tmp_path / ".DS_Store").write_bytes(b"\x00\x00\x00\x01Bud1")
    (tmp_path / "metadata.csv").write_text("id,url\nx,u\n", encoding="utf-8")
    df = load_corpus(tmp_path, errors="skip")
    assert df.empty and [s["path"] for s in df.attrs["skipped"]] == [str(tmp_path / ".DS_Store"),
                                                                     str(tmp_path / ".git")]
    with pytest.raises(CorpusError, match="hidden file"):
        load_corpus(tmp_path)
    df = load_corpus(tmp_path / "metadata.csv", errors="skip")  # named on its own
    assert df.empty and "metadata file" in df.attrs["skipped"][0]["reason"]


def test_metadata_beside_files_in_subfolders(tmp_path):
    (tmp_path / "2021").mkdir()
    (tmp_path / "2021" / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "2021" / "metadata.csv").write_text("article_id,published\na.txt,2021-03-20\n", encoding="utf-8")
    (tmp_path / "b.txt").write_text(FRENCH, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("id,published,title\nb,2022-01-01,Given\n", encoding="utf-8")
    df = load_corpus(tmp_path).set_index("article_id")
    assert df.loc["a", "published"] == "2021-03-20" and df.loc["b", "published"] == "2022-01-01"
    assert df.loc["b", "title"] == "Given"


def test_duplicates_point_to_the_first(tmp_path):
    text = "همکاری‌های دارویی ایران و عراق\n\nدو کشور در سال ۱۴۰۰ توافق کردند."
    (tmp_path / "a.txt").write_text(text, encoding="utf-8")
    (tmp_path / "b.txt").write_text(text, encoding="utf-8")
    (tmp_path / "c.txt").write_text(text.replace("\u200c", "").replace("ی", "ي").replace("۱۴۰۰", "1400")
                                    .replace("\n\n", "\n"), encoding="utf-8")
    (tmp_path / "d.txt").write_text(text.replace("عراق", "عمان"), encoding="utf-8")
    df = load_corpus(tmp_path)
    assert list(df["duplicate_of"]) == ["", "a", "a", ""]
    assert df["content_hash"].nunique() == 2


# --- clear errors ----------------------------------------------------------------------


def test_missing_path_is_reported_before_anything_is_read(tmp_path):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    rows = iter_corpus([tmp_path / "a.txt", tmp_path / "typo"])
    with pytest.raises(CorpusError, match="no such file or folder") as caught:
        next(rows)
    assert caught.value.path == str(tmp_path / "typo")


@pytest.mark.parametrize("content, where, reason", cases("metadata_cases.csv"))
def test_malformed_metadata_names_file_and_line(tmp_path, content, where, reason):
    (tmp_path / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (tmp_path / "metadata.csv").write_text(content, encoding="utf-8")
    for errors in ("raise", "skip"):  # every article would be mislabelled: never skipped
        with pytest.raises(MetadataError) as caught:
            load_corpus(tmp_path, errors=errors)
        assert caught.value.path == f"{tmp_path / 'metadata.csv'}{where}"
        assert reason in caught.value.reason


@pytest.mark.parametrize("text, where, reason", [
    ("lang,note\nen,x\n", ":1", "missing column(s) pattern"),
    ("lang,pattern,note\nen,(?i)share,ok\nen,(unclosed,bad\n", ":3", "invalid regular expression"),
    ("lang,pattern,note\nen,,empty\n", ":2", "no value for 'pattern'"),
    ('lang,pattern,note\nen,"x,y,z\n', ":2", "unterminated quote: the quoted field opened on line 2"),
    ("lang,pattern,note\nen,x,a,b\n", ":2", "4 fields, the header has 3"),
], ids=["no pattern column", "bad regex", "empty pattern", "unterminated quote", "extra field"])
def test_malformed_boilerplate_csv_names_file_and_line(text, where, reason):
    with pytest.raises(DataFileError) as caught:
        compile_boilerplate(text, "boilerplate.csv")
    assert caught.value.path == f"boilerplate.csv{where}" and reason in caught.value.reason


def test_malformed_sources_csv_names_file_and_line():
    with pytest.raises(DataFileError, match=r"^sources.csv:3: no value for 'term'"):
        parse_source_terms("name_en,lang,term\nIRNA,fa,ایرنا\nISNA,fa,\n", "sources.csv")


def test_malformed_package_data_stops_the_cli_with_one_line(monkeypatch, capsys):
    original = datafiles.package_csv
    monkeypatch.setattr(boilerplate, "package_csv",
                        lambda name: "lang,pattern\nen,(\n" if name == "boilerplate.csv" else original(name))
    boilerplate.boilerplate_patterns.cache_clear()
    try:
        assert cli.main(["corpus", str(SEEDS)]) == 2
    finally:
        boilerplate.boilerplate_patterns.cache_clear()
    err = capsys.readouterr().err
    assert err.count("\n") == 1 and "healthdiplomacy/data/boilerplate.csv:2: invalid regular expression" in err


def test_cli_errors_are_one_line_and_exit_2(tmp_path, capsys):
    (tmp_path / "empty").mkdir()
    unreadable = tmp_path / "unreadable"
    unreadable.mkdir()
    (unreadable / "image.txt").write_bytes(tiny_png())
    broken_meta = tmp_path / "meta"
    broken_meta.mkdir()
    (broken_meta / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (broken_meta / "metadata.csv").write_text("id,url\na,u1\na,u2\n", encoding="utf-8")
    expected = {tmp_path / "missing": "no such file or folder", tmp_path / "empty": "no files found",
                unreadable: "no readable article", broken_meta: "metadata.csv:3: id 'a' repeats line 2"}
    for path, message in expected.items():
        assert cli.main(["corpus", str(path)]) == 2
        err = capsys.readouterr().err
        assert err.count("\n") == 1 and message in err and "Traceback" not in err
    assert cli.main(["corpus", "--strict", str(unreadable)]) == 2
    assert "binary file (PNG image)" in capsys.readouterr().err


def test_unreadable_file_is_skipped_with_the_os_reason(tmp_path):
    (tmp_path / "dangling.txt").symlink_to(tmp_path / "nowhere.txt")
    (tmp_path / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    df = load_corpus(tmp_path, errors="skip")
    assert len(df) == 1 and "cannot read the file" in df.attrs["skipped"][0]["reason"]


def test_fifo_is_skipped_not_waited_on(tmp_path):
    import os
    os.mkfifo(tmp_path / "pipe.txt")
    (tmp_path / "ok.txt").write_text(ENGLISH, encoding="utf-8")
    df = load_corpus(tmp_path, errors="skip")
    assert len(df) == 1 and df.attrs["skipped"] == [{"path": str(tmp_path / "pipe.txt"), "reason": "not a regular file"}]


# --- cheap per article: the benchmark streams 100k of them --------------------------------


def test_metadata_is_read_once_per_folder_and_load(tmp_path, monkeypatch):
    for i in range(5):
        (tmp_path / f"a{i}.txt").write_text(ENGLISH.replace("Armenia", f"Armenia {i}"), encoding="utf-8")
    (tmp_path / "metadata.csv").write_text("id,url\na1,u\n", encoding="utf-8")
    reads = []
    original = metadata.read_metadata
    monkeypatch.setattr(metadata, "read_metadata", lambda path: reads.append(path) or original(path))
    assert list(load_corpus(tmp_path)["url"]) == ["", "u", "", "", ""]
    assert len(reads) == 1
    (tmp_path / "metadata.csv").write_text("id,url\na1,changed\n", encoding="utf-8")
    assert list(load_corpus(tmp_path)["url"])[1] == "changed"  # no stale cache across loads


def test_combined_boilerplate_matcher_agrees_with_each_pattern():
    matcher = boilerplate._boilerplate_matcher()
    assert matcher is not None
    lines = [row[0] for row in csv.reader(io.StringIO((DATA / "boilerplate_cases.csv").read_text("utf-8")))][1:]
    lines += [line for seed in SEEDS.glob("*.txt") for line in seed.read_text("utf-8").splitlines()]
    for line in lines:
        candidate = normalize(line).strip(" *:-|•")
        expected = any(p.fullmatch(candidate) for p in boilerplate.boilerplate_patterns())
        assert (matcher.fullmatch(candidate) is not None) is expected, line


# --- property tests: arbitrary text never escapes as anything but CorpusError ---------------

# RTL, ZWNJ/ZWJ, combining marks, bidi controls, line and paragraph separators ...
HOSTILE = st.text(alphabet=st.one_of(
    st.characters(),
    st.sampled_from(list("همکاری ايران\u200c\u200d\u200e\u200f\u202a\u202b\u202c\u202d\u202e"
                         "\u2066\u2067\u2068\u2069\u0301\u064b\u0670\ufeff\u2028\u2029\x85\r\n #<>&")),
), max_size=300)


@settings(max_examples=300, deadline=None)
@given(HOSTILE)
def test_article_from_text_raises_only_corpus_error(text):
    try:
        row = article_from_text(text)
    except CorpusError as exc:
        assert exc.reason in ("empty article", "only boilerplate", "no words (no letters in the text)")
        return
    assert set(row) == set(COLUMNS) and any(c.isalpha() for c in row["title"] + row["text"])


@settings(max_examples=150, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(text=HOSTILE, suffix=st.sampled_from([".txt", ".md", ".html"]))
def test_any_text_file_loads_or_is_skipped(tmp_path, text, suffix):
    path = tmp_path / f"article{suffix}"
    # Lone surrogates cannot be UTF-8: written as such they are invalid bytes.
    path.write_bytes(text.encode("utf-8", "surrogatepass"))
    report = CorpusReport()
    rows = list(iter_corpus(path, errors="skip", report=report))
    assert report.balanced() and report.entries_seen == 1 and len(rows) + len(report.skipped) == 1


@settings(max_examples=100, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(HOSTILE, min_size=1, max_size=5))
def test_any_jsonl_rows_load_or_are_skipped(tmp_path, texts):
    path = tmp_path / "t.jsonl"
    lines = [json.dumps({"text": t}, ensure_ascii=False) for t in texts]
    path.write_bytes("\n".join(lines).encode("utf-8", "surrogatepass"))
    report = CorpusReport()
    rows = list(iter_corpus(path, errors="skip", report=report))
    assert report.balanced() and len(rows) == report.loaded


@settings(max_examples=200, deadline=None)
@given(st.text(alphabet=st.sampled_from(list("<>/!-[]'\"=&;# ?pscriptyletitleh1ایران")), max_size=200))
def test_html_to_text_never_raises(markup):
    title, text = html_to_text(markup)
    assert isinstance(title, str) and isinstance(text, str)


if __name__ == "__main__":
    write_bad_files()
    print(f"wrote {len(recipes())} files to {BAD}")


# --- a table that breaks: its line, what was lost, and the exit status ---------------------


@pytest.mark.parametrize("content, where, reason, loaded", cases("table_cut_cases.csv"))
def test_a_broken_table_names_its_line_and_what_was_lost(tmp_path, capsys, content, where, reason, loaded):
    from healthdiplomacy import cli

    table = tmp_path / "t.csv"
    table.write_text(content, encoding="utf-8")
    articles = load_corpus(table, errors="skip")
    assert articles["article_id"].tolist() == loaded.split()
    assert articles.attrs["skipped"] == [{"path": f"{table}{where}", "reason": reason}]
    capsys.readouterr()
    assert cli.main(["tag", str(table), "--jobs", "1", "--out", str(tmp_path / "o.csv")]) == (1 if loaded else 2)
    assert f"{table}{where}: {reason}" in capsys.readouterr().err  # on stderr, even when nothing was read
    assert cli.main(["tag", str(table), "--strict", "--jobs", "1", "--out", str(tmp_path / "o.csv")]) == 2
    assert f"error: {table}{where}: {reason}" in capsys.readouterr().err


@pytest.mark.parametrize("command", [
    ["tag", "--jobs", "1", "--out", "OUT/links.csv"], ["export", "--to", "OUT/x.xlsx"],
    ["data", "--out", "OUT/processed"], ["report", "--out", "OUT/report.html", "--processed", "OUT/processed"],
    ["validate", "--gold", str(Path(__file__).parent / "data" / "gold_seeds.yaml")],
], ids=lambda command: command[0])
def test_strict_turns_a_skip_into_an_error_exit(tmp_path, capsys, command):
    from healthdiplomacy import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "a.txt").write_text(ENGLISH, encoding="utf-8")
    (corpus / "empty.txt").write_bytes(b"")
    command = [part.replace("OUT", str(tmp_path / "out")) for part in command]
    where = ["--corpus", str(corpus)] if command[0] == "report" else [str(corpus)]
    assert cli.main([*command, *where, "--strict"]) == 2
    err = capsys.readouterr().err
    assert f"error: {corpus / 'empty.txt'}: empty file (0 bytes)" in err and "Traceback" not in err
    assert not (tmp_path / "out" / "report.html").exists()  # stopped before any notebook ran
    if command[0] != "report":  # (without --strict the report would run its notebooks: slow)
        assert cli.main([*command, *where]) == 1


# --- the folder walk: every file loaded or listed; repeated ids warned -------------------


@pytest.mark.parametrize("name, listed, reason", cases("walker_cases.csv"))
def test_every_file_the_walk_meets_is_loaded_or_listed(tmp_path, name, listed, reason):
    path = tmp_path / name
    path.parent.mkdir(parents=True, exist_ok=True)
    path.write_text(ENGLISH, encoding="utf-8")
    df = load_corpus(tmp_path, errors="skip")
    if listed:
        assert df.empty and len(df.attrs["skipped"]) == 1
        assert df.attrs["skipped"][0]["path"] == str(tmp_path / listed)
        assert df.attrs["skipped"][0]["reason"].startswith(reason)
    else:
        assert df["path"].tolist() == [str(path)] and df.attrs["skipped"] == []
    assert df.attrs["entries_seen"] == len(df) + len(df.attrs["skipped"])


def test_a_hidden_file_named_on_the_command_line_is_read(tmp_path):
    (tmp_path / ".a.txt").write_text(ENGLISH, encoding="utf-8")
    assert len(load_corpus(tmp_path / ".a.txt")) == 1  # named by the user: not ignored


def test_a_repeated_article_id_is_warned_with_both_sources_and_the_rule(tmp_path, capsys):
    from healthdiplomacy import cli

    (tmp_path / "a.csv").write_text("id,text\nx,Iran and Iraq met in Baghdad.\n", encoding="utf-8")
    (tmp_path / "b.jsonl").write_text('{"id": "x", "text": "Iran and Oman met in Muscat."}\n', encoding="utf-8")
    df = load_corpus(tmp_path)
    assert df["article_id"].tolist() == ["x", "x~2"]
    assert cli.main(["corpus", str(tmp_path)]) == 0  # both read: a warning, not a skip
    err = capsys.readouterr().err
    assert (f"warning: {tmp_path / 'b.jsonl'}:1: article id 'x' repeats {tmp_path / 'a.csv'}:2; "
            "the first keeps the id, this one is read as 'x~2'") in err
