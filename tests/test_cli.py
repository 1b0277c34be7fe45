"""The command line: output, exit codes and one-line errors."""

import subprocess
import sys

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


def test_corpus_command_bad_paths_give_one_line(tmp_path):
    for path in (tmp_path / "missing", tmp_path):
        result = run("corpus", str(path))
        assert result.returncode == 2
        assert len(result.stderr.strip().splitlines()) == 1
        assert "Traceback" not in result.stderr
