"""Runs that are interrupted (SIGINT) or run side by side leave the previous output or a
complete new one, and nothing beside it; any text loaded then exported is text in the
spreadsheet, never a live formula. (kill -9 of export: tests/test_export.py; of tag: here.)"""

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from conftest import DATA, REPO


@pytest.fixture(scope="module")
def big_table(tmp_path_factory) -> Path:
    """A .jsonl corpus large enough (about 10 s of tagging) that a signal lands mid-run."""
    texts = [p.read_text(encoding="utf-8") for p in sorted((DATA / "synthetic" / "articles").glob("*.txt"))]
    table = tmp_path_factory.mktemp("big") / "articles.jsonl"
    with open(table, "w", encoding="utf-8") as out:
        for i in range(1500):  # each text made distinct, or duplicates would not be tagged
            out.write(json.dumps({"id": f"a{i}", "text": f"{texts[i % len(texts)]}\nReport number {i}."},
                                 ensure_ascii=False) + "\n")
    return table


def _command(kind: str, corpus: Path, target: Path) -> list[str]:
    where = ["--out", str(target), "--jobs", "1"] if kind == "tag" else ["--to", str(target)]
    return [sys.executable, "-m", "healthdiplomacy", kind, str(corpus), *where]


def _content(target: Path):
    """What a reader gets from the output: its bytes (CSV), its cells (XLSX: the bytes hold a timestamp)."""
    if target.suffix == ".xlsx":
        from healthdiplomacy.results.outputs import read_export
        return {name: frame.values.tolist() for name, frame in read_export(target).items()}
    return target.read_bytes()


def _debris(folder: Path) -> list[str]:
    return sorted(p.name for p in folder.iterdir() if ".partial" in p.name)


@pytest.mark.slow
@pytest.mark.parametrize("kind, name", [("tag", "links.csv"), ("export", "x.xlsx")])
def test_sigint_keeps_the_previous_output_and_leaves_no_debris(tmp_path, big_table, kind, name):
    target = tmp_path / "out" / name
    command = _command(kind, big_table, target)
    started = time.monotonic()
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    whole = time.monotonic() - started  # how long a run takes on this machine: the signals land inside one
    good = _content(target)
    rng = random.Random(16)  # seeded: the same moments (as shares of a run) every time
    interrupted = 0
    for _ in range(4):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        # loading, tagging or writing: from 40% to 85% of a run (not sooner: a signal during
        # `import pandas`, before the command has started, is Python's own business, not this
        # test's; not fixed seconds: a faster machine, or a faster tagger, had finished by then)
        time.sleep(rng.uniform(0.4, 0.85) * whole)
        process.send_signal(signal.SIGINT)
        _, err = process.communicate(timeout=120)
        # 0: finished first; 130: stopped by the signal; -2: the signal came while Python itself
        # was starting or shutting down (its default handler: nothing of ours ran, nothing printed)
        assert process.returncode in (0, 130) or (process.returncode == -signal.SIGINT and not err), err
        assert b"Traceback" not in err
        interrupted += process.returncode == 130
        assert _content(target) == good  # the previous output, whole (same input: same output)
        assert _debris(target.parent) == []  # an interrupted run removes its own .partial
    assert interrupted  # (else the test proved nothing: the corpus is too small for the machine)
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    assert _content(target) == good and _debris(target.parent) == []


@pytest.mark.slow
def test_two_tag_runs_to_one_output_leave_one_complete_result(tmp_path, big_table):
    target = tmp_path / "links.csv"
    command = [*_command("tag", big_table, target), "--mentions", str(tmp_path / "mentions.csv")]
    alone = tmp_path / "alone"
    alone.mkdir()
    assert subprocess.run([*_command("tag", big_table, alone / "links.csv"), "--mentions",
                           str(alone / "mentions.csv")], cwd=REPO, capture_output=True, timeout=600).returncode == 0
    runs = [subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    for name in ("links.csv", "mentions.csv"):  # whichever run renamed last, its file is whole
        assert (tmp_path / name).read_bytes() == (alone / name).read_bytes()
    assert _debris(tmp_path) == []


# --- any text, loaded then exported: the same text, never a formula -------------------------

# Text with the characters that matter here over-represented: formula triggers, controls XML
# forbids, bidi controls, quotes and separators.
_CHARS = st.sampled_from(list("=+-@\t\"',;|\x00\x0b\x0c\x1b\u202e\u200c _x0D") + ["Iran", "Iraq", "دارو"])
_TEXT = st.one_of(st.text(max_size=40), st.lists(_CHARS, max_size=12).map("".join))


def _xml_legal(text: str) -> str:
    """``text`` without the characters XML 1.0 forbids (C0 controls but tab, newline, CR)."""
    return "".join(c for c in text if ord(c) >= 32 or c in "\t\n\r")


@settings(max_examples=12, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(title=_TEXT, body=_TEXT)
def test_loaded_then_exported_text_round_trips_with_no_live_formula(tmp_path, title, body):
    import openpyxl

    from healthdiplomacy import load_corpus, tag_articles
    from healthdiplomacy.corpus import CorpusError
    from healthdiplomacy.results.outputs import export_tables, read_export, safe_text

    table = tmp_path / "t.jsonl"
    table.write_text(json.dumps({"id": "a", "title": title, "text": f"{body}\nIran sent medicine to Iraq."}) + "\n",
                     encoding="utf-8")
    try:
        articles = load_corpus(table)
    except CorpusError:  # (a title of only controls and spaces: not an article, said so)
        return
    target = tmp_path / "x.xlsx"
    tagging = tag_articles(articles)
    export_tables(articles, tagging, target)
    book = openpyxl.load_workbook(target)
    assert not [c.coordinate for sheet in book for row in sheet.iter_rows() for c in row if c.data_type == "f"]
    loaded = articles.iloc[0]
    back = read_export(target)["articles"].iloc[0]
    for column in ("title", "text"):  # a string cell holds the text, bar what XML cannot hold
        # (and XML reads every line end as \n: a carriage return comes back as a newline)
        expected = _xml_legal(loaded[column]).replace("\r\n", "\n").replace("\r", "\n")
        assert back[column] == expected, column
    export_tables(articles, tagging, tmp_path / "x.csv")
    csv_back = read_export(tmp_path / "x.csv")["articles"].iloc[0]
    for column in ("title", "text"):
        assert csv_back[column] == safe_text(loaded[column]), column
    os.remove(target)


@settings(max_examples=300, deadline=None)
@given(text=_TEXT)
def test_a_safe_cell_is_never_a_formula_and_hides_nothing(text):
    from healthdiplomacy.results.outputs import FORMULA_TRIGGERS, safe_text

    cell = safe_text(text)
    assert not cell.startswith(FORMULA_TRIGGERS)
    assert not any(ord(c) < 32 and c not in "\t\n\r" for c in cell)
    clean = _xml_legal(text)
    assert cell in (clean, "'" + clean)  # only the quote added, only what XML forbids dropped
    assert (cell == "'" + clean) == clean.startswith(FORMULA_TRIGGERS)


@pytest.mark.slow
def test_kill_9_during_tag_keeps_the_previous_output_and_the_next_run_removes_the_debris(tmp_path, big_table):
    target = tmp_path / "out" / "links.csv"
    command = [*_command("tag", big_table, target), "--mentions", str(target.parent / "mentions.csv")]
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    good = {name: (target.parent / name).read_bytes() for name in ("links.csv", "mentions.csv")}
    rng = random.Random(9)
    left_behind = []
    for _ in range(3):
        process = subprocess.Popen(command, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
        time.sleep(rng.uniform(1.5, 6.0))
        process.kill()  # SIGKILL: no clean-up runs, the .partial files stay behind
        process.wait(timeout=60)
        assert {name: (target.parent / name).read_bytes() for name in good} == good
        left_behind += _debris(target.parent)
    assert left_behind  # (else no kill landed mid-write and the test proved nothing)
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    assert {name: (target.parent / name).read_bytes() for name in good} == good
    assert _debris(target.parent) == []  # what the killed runs left, the next run removed


def _folder(folder: Path) -> dict[str, str]:
    """Every file below ``folder`` by its digest (a failure then prints names, not megabytes)."""
    import hashlib
    return {str(p.relative_to(folder)): hashlib.sha256(p.read_bytes()).hexdigest()[:16]
            for p in sorted(folder.rglob("*")) if p.is_file()}


@pytest.mark.slow
def test_an_interrupted_report_keeps_the_previous_report_and_figures(tmp_path):
    # The report and its figures are one set: kill -9 or SIGINT at any moment leaves the
    # previous set whole (never a new chart beside an old report); the next run removes what
    # a killed one left and writes the same set again (same input, same bytes).
    # (Before the figures were staged, charts were written in place: this failed.)
    out = tmp_path / "site"
    command = [sys.executable, "-m", "healthdiplomacy", "report", "--out", str(out / "report.html"),
               "--processed", str(tmp_path / "processed")]
    started = time.monotonic()
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    took = time.monotonic() - started  # the signals land within a build of this machine's speed
    good = _folder(out)
    assert "report.html" in good and any(name.endswith(".png") for name in good)
    rng = random.Random(15)
    left_behind, previous = [], good
    for stop in (signal.SIGKILL, signal.SIGKILL, signal.SIGINT, signal.SIGKILL):
        # Another corpus: every chart it writes differs from the good set's, so a file replaced
        # before the end would show.
        other = [*command, "--corpus", str(DATA / "synthetic" / "articles")]
        process = subprocess.Popen(other, cwd=REPO, stdout=subprocess.DEVNULL, stderr=subprocess.PIPE)
        time.sleep(rng.uniform(0.3, 0.85) * took)  # notebooks running, charts being written
        process.send_signal(stop)
        _, err = process.communicate(timeout=300)
        now = _folder(out)
        if process.returncode == 0:  # it finished before the signal: the new set, whole
            assert "report.html" in now and now != previous
        else:
            assert now == previous  # interrupted: the previous set, untouched
            assert process.returncode in (-signal.SIGKILL, 130) or (process.returncode == -signal.SIGINT
                                                                    and not err), err
            assert b"Traceback" not in err or stop == signal.SIGKILL
        previous = now
        left_behind += _debris(tmp_path)
    assert left_behind  # (else no kill landed while the figures were staged: the test proved nothing)
    assert subprocess.run(command, cwd=REPO, capture_output=True, timeout=600).returncode == 0
    assert _folder(out) == good
    assert _debris(tmp_path) == []


@pytest.mark.slow
@pytest.mark.parametrize("name", ["x.xlsx", "x.csv"])
def test_two_export_runs_to_one_output_leave_one_complete_result(tmp_path, big_table, name):
    alone = tmp_path / "alone" / name
    alone.parent.mkdir()
    assert subprocess.run(_command("export", big_table, alone), cwd=REPO, capture_output=True,
                          timeout=600).returncode == 0
    target = tmp_path / "both" / name
    runs = [subprocess.Popen(_command("export", big_table, target), cwd=REPO, stdout=subprocess.DEVNULL,
                             stderr=subprocess.PIPE) for _ in range(2)]
    for run in runs:
        _, err = run.communicate(timeout=600)
        assert run.returncode == 0, err
    written = sorted(p.name for p in target.parent.iterdir())
    assert written == sorted(p.name for p in alone.parent.iterdir())  # the same files, no .partial
    for path in alone.parent.iterdir():  # each one whole (whichever run renamed it last)
        assert _content(target.parent / path.name) == _content(path)
