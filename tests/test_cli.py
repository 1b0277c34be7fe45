"""The command line: output, exit codes and one-line errors."""

import subprocess
import sys

import pytest

from conftest import REPO


def run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "healthdiplomacy", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_corpus_command_lists_seeds():
    result = run("corpus", "seeds")
    assert result.returncode == 0, result.stderr
    lines = result.stdout.splitlines()
    assert lines[0].startswith("000_5a71c811ddcef313\tfa\tAran News\t")
    assert lines[-1].startswith("total: 4 articles (en 1, fa 3)")


@pytest.mark.slow
def test_corpus_command_bad_paths_give_one_line(tmp_path):
    for path in (tmp_path / "missing", tmp_path):
        result = run("corpus", str(path))
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr


@pytest.mark.slow
def test_tag_and_report_on_an_empty_folder_give_one_line(tmp_path):
    empty = tmp_path / "empty"
    empty.mkdir()
    for args in (("tag", str(empty)), ("report", "--corpus", str(empty), "--out", str(tmp_path / "r.html"))):
        result = run(*args)
        assert result.returncode == 2, args
        assert len(result.stderr.strip().splitlines()) == 1 and "Traceback" not in result.stderr
    assert not (tmp_path / "r.html").exists()


@pytest.mark.slow
def test_malformed_codebook_names_file_and_line(tmp_path):
    bad = tmp_path / "theme_terms.csv"
    bad.write_text("theme_id,lang,term,note\nmedicine,fa,دارو,ok\nmedicine,fa\n", encoding="utf-8")
    result = run("tag", "seeds", "--codebook", str(bad))
    assert result.returncode == 2
    assert f"{bad}:3" in result.stderr and "Traceback" not in result.stderr
