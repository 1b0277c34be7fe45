"""Exports round-trip: what is written reads back equal."""

import csv
import io

import pandas as pd
import pytest

from conftest import cases
from healthdiplomacy import load_corpus, tag_articles
from healthdiplomacy.results.outputs import export_tables, read_export, result_tables


@pytest.fixture(scope="module")
def tagged(seed_articles, seed_tagging):
    return seed_articles, seed_tagging


@pytest.mark.parametrize("suffix", [".xlsx", ".csv", ".parquet"])
def test_export_round_trip(tmp_path, tagged, suffix):
    articles, tagging = tagged
    export_tables(articles, tagging, tmp_path / f"results{suffix}")
    back = read_export(tmp_path / f"results{suffix}")
    for name, frame in result_tables(articles, tagging).items():
        expected = _as_text(frame)
        assert list(back[name].columns) == list(expected.columns), name
        pd.testing.assert_frame_equal(_as_text(back[name]), expected, check_dtype=False, obj=name)


def _as_text(frame: pd.DataFrame) -> pd.DataFrame:
    """Cells as the text a spreadsheet shows: a missing value (a year the text does not give) is ''."""
    return frame.astype(object).where(frame.notna(), "").astype(str).reset_index(drop=True)


def test_csv_has_a_byte_order_mark_for_excel(tmp_path, tagged):
    export_tables(*tagged, tmp_path / "r.csv")
    raw = (tmp_path / "r-links.csv").read_bytes()
    assert raw.startswith(b"\xef\xbb\xbf")
    assert "آذربایجان".encode() in raw


def test_unknown_format_is_a_clear_error(tmp_path, tagged):
    with pytest.raises(ValueError, match="export to"):
        export_tables(*tagged, tmp_path / "r.json")


def test_the_column_dictionary_documents_every_exported_column(tagged):
    from healthdiplomacy.results.outputs import COLUMN_DOCS

    for name, frame in result_tables(*tagged).items():
        if name in ("readme", "theme_by_partner"):  # (the matrix has one column per partner)
            continue
        assert list(COLUMN_DOCS[name]) == list(frame.columns), name


# --- spreadsheets: no formulas, no illegal characters, nothing half-written ----------------

HOSTILE_CELLS = ['=HYPERLINK("http://x","y")', "+cmd", "-1+1", "@SUM(1)", "Iran\vIraq"]


@pytest.fixture(scope="module")
def hostile_export(tmp_path_factory):
    corpus = tmp_path_factory.mktemp("hostile_cells")
    for i, cell in enumerate(HOSTILE_CELLS):
        # A title and a sentence that begin with the trigger; the body names a partner, so
        # the sentence is quoted as evidence too.
        (corpus / f"a{i}.txt").write_text(f"{cell}\n\n{cell} Iran sent medicine to Iraq.\n", encoding="utf-8")
    articles = load_corpus(corpus)
    return articles, tag_articles(articles)


def test_no_formula_reaches_a_spreadsheet(tmp_path, hostile_export):
    import openpyxl

    articles, tagging = hostile_export
    assert set(HOSTILE_CELLS[:4]) <= set(articles["title"])  # the loader keeps them as written
    export_tables(articles, tagging, tmp_path / "r.xlsx")
    book = openpyxl.load_workbook(tmp_path / "r.xlsx")
    cells = [c for sheet in book for row in sheet.iter_rows() for c in row]
    assert not [c.coordinate for c in cells if c.data_type == "f"]
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert '=HYPERLINK("http://x","y")' in texts  # kept as text, as it was written
    assert not any("\v" in t for t in texts)
    assert book["articles"].freeze_panes == "A2" and book["articles"].auto_filter.ref

    export_tables(articles, tagging, tmp_path / "r.csv")
    for path in tmp_path.glob("r-*.csv"):
        for row in csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig"))):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell)


def test_an_interrupted_export_keeps_the_previous_files(tmp_path, tagged, monkeypatch):
    articles, tagging = tagged
    export_tables(articles, tagging, tmp_path / "r.csv")
    export_tables(articles, tagging, tmp_path / "r.xlsx")
    before = {p.name: p.read_bytes() for p in tmp_path.iterdir()}
    calls = []

    def failing(self, *args, **kwargs):
        calls.append(1)
        if len(calls) == 3:
            raise OSError("disk full")
        return real(self, *args, **kwargs)

    real = pd.DataFrame.to_csv
    monkeypatch.setattr(pd.DataFrame, "to_csv", failing)
    with pytest.raises(OSError):
        export_tables(articles, tagging, tmp_path / "r.csv")
    monkeypatch.undo()
    monkeypatch.setattr("healthdiplomacy.results.outputs._write_xlsx",
                        lambda tables, path: (path.write_bytes(b"half"), (_ for _ in ()).throw(OSError("killed"))))
    with pytest.raises(OSError):
        export_tables(articles, tagging, tmp_path / "r.xlsx")
    assert {p.name: p.read_bytes() for p in tmp_path.iterdir()} == before  # and no .partial left


def test_export_command_on_hostile_cells_exits_0(tmp_path, hostile_export):
    from healthdiplomacy import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, cell in enumerate(HOSTILE_CELLS):
        (corpus / f"a{i}.txt").write_text(f"{cell}\n\n{cell} Iran sent medicine to Iraq.\n", encoding="utf-8")
    assert cli.main(["export", str(corpus), "--to", str(tmp_path / "out.xlsx")]) == 0


@pytest.mark.slow
def test_kill_9_during_export_leaves_the_old_workbook_or_a_complete_new_one(tmp_path):
    # Ten runs killed at random points (seeded: the same points every time).
    import os
    import random
    import signal
    import subprocess
    import sys
    import time

    import openpyxl

    from conftest import REPO, SEEDS

    target = tmp_path / "x.xlsx"
    command = [sys.executable, "-m", "healthdiplomacy", "export", str(SEEDS), "--to", str(target)]
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=300).returncode == 0
    good = target.read_bytes()
    sheets = openpyxl.load_workbook(target).sheetnames
    rng = random.Random(20261206)
    for _ in range(10):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(0.5, 4.0))  # start-up, loading, tagging or writing
        os.kill(process.pid, signal.SIGKILL)
        process.wait()
        assert openpyxl.load_workbook(target).sheetnames == sheets  # opens, and is whole
        assert target.read_bytes() == good or len(target.read_bytes()) > 0
    # The next run removes what the killed ones left behind.
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=300).returncode == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["x.xlsx"]


# --- safe cells in every tabular writer, not only export ---------------------------------

def _csv_cells(text: str) -> list[list[str]]:
    return list(csv.reader(io.StringIO(text, newline="")))


def _via_write_table(frame: pd.DataFrame) -> str:
    from healthdiplomacy.results.outputs import write_table

    buffer = io.StringIO()
    write_table(frame, buffer, "csv")
    return buffer.getvalue()


def _via_table_sink(frame: pd.DataFrame) -> str:
    from healthdiplomacy.results.outputs import TableSink

    buffer = io.StringIO()
    with TableSink(buffer, "csv", list(frame.columns)) as sink:  # what `tag --out x.csv` writes through
        sink.write(frame.to_dict("records"))
    return buffer.getvalue()


@pytest.mark.parametrize("writer", [_via_write_table, _via_table_sink])
@pytest.mark.parametrize("cell, written", cases("safe_cell_cases.csv"))
def test_every_csv_writer_writes_safe_cells(writer, cell, written):
    frame = pd.DataFrame({"text": [cell], "n": [-1]})
    header, row = _csv_cells(writer(frame))
    assert row == [written, "-1"]  # the text made safe; the number stays a number


@pytest.mark.parametrize("cell, written", cases("safe_cell_cases.csv"))
def test_a_table_of_text_is_written_as_pandas_writes_it(cell, written):
    # csv_text writes a frame of string columns itself, from column lists (a table of 100,000
    # quotes took seconds through pandas): the bytes pandas writes, every cell made safe.
    from healthdiplomacy.results.outputs import csv_text

    frame = pd.DataFrame({"text": [cell, None, "a,b"], "more": ['say "hi"', cell, ""]}, dtype="str")
    written_here = csv_text(frame)
    assert written_here == csv_text(frame.astype(object))  # (an object column goes through pandas)
    assert _csv_cells(written_here)[1][0] == written


def test_tag_out_csv_holds_no_formula_cell(tmp_path):
    from healthdiplomacy import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    for i, cell in enumerate(HOSTILE_CELLS):
        (corpus / f"a{i}.txt").write_text(f"{cell}\n\n{cell} Iran sent medicine to Iraq.\n", encoding="utf-8")
    outs = {name: tmp_path / f"{name}.csv" for name in ("links", "mentions", "sentences")}
    assert cli.main(["tag", str(corpus), "--jobs", "1", "--out", str(outs["links"]),
                     "--mentions", str(outs["mentions"]), "--sentences", str(outs["sentences"])]) == 0
    quoted = []
    for path in outs.values():
        for row in _csv_cells(path.read_text(encoding="utf-8")):
            for cell in row:
                assert not cell.startswith(("=", "+", "-", "@", "\t", "\r")), (path.name, cell)
                assert "\v" not in cell and "\0" not in cell
                quoted.append(cell)
    assert any(c.startswith("'=HYPERLINK") for c in quoted)  # the sentence is there, escaped


def test_an_export_logs_how_many_characters_xml_forbids_it_dropped(tmp_path, hostile_export, tagged, caplog):
    from healthdiplomacy.results.outputs import xml_illegal_count

    articles, tagging = hostile_export
    expected = xml_illegal_count(result_tables(articles, tagging).values())
    assert expected >= 2  # the \v of a title and of its sentence, at least
    with caplog.at_level("WARNING", logger="healthdiplomacy.results.outputs"):
        export_tables(articles, tagging, tmp_path / "r.xlsx")
    assert f"{expected} character(s) XML forbids" in caplog.text
    caplog.clear()
    with caplog.at_level("WARNING", logger="healthdiplomacy.results.outputs"):
        export_tables(*tagged, tmp_path / "clean.xlsx")
    assert caplog.text == ""  # nothing dropped, nothing said


@pytest.mark.parametrize("suffix", [".xlsx", ".parquet"])
def test_years_are_numbers_and_publication_dates_are_dates(tmp_path, tagged, suffix):
    # A spreadsheet sorts and filters years as numbers and dates as dates, not as text.
    import datetime

    articles, tagging = tagged
    dated = articles.assign(published=["2021-03-04", "", "2019-12-31", "2020-01-02"])
    export_tables(dated, tagging, tmp_path / f"results{suffix}")
    if suffix == ".xlsx":
        from openpyxl import load_workbook
        book = load_workbook(tmp_path / "results.xlsx")
        header = [c.value for c in book["articles"][1]]
        published = [row[header.index("published")].value for row in book["articles"].iter_rows(min_row=2)]
        assert all(isinstance(v, datetime.datetime) for v in published if v is not None)
        header = [c.value for c in book["links"][1]]
        years = [row[header.index("year_start")].value for row in book["links"].iter_rows(min_row=2)]
        assert {type(v) for v in years} <= {int, type(None)} and any(isinstance(v, int) for v in years)
    else:
        links = pd.read_parquet(tmp_path / "results-links.parquet")
        assert str(links["year_start"].dtype) == "Int64"
        published = pd.read_parquet(tmp_path / "results-articles.parquet")["published"]
        assert {type(v) for v in published.dropna()} <= {datetime.date}
