"""The command line: output, exit codes and one-line errors."""

import re
import subprocess
import sys

import pytest

from conftest import REPO, SEEDS, cases


def run(*args, cwd=REPO):
    return subprocess.run([sys.executable, "-m", "healthdiplomacy", *args], cwd=cwd,
                          capture_output=True, text=True, timeout=120)


def test_corpus_command_lists_seeds(monkeypatch, capsys):
    # The command in this process, from the checkout as a user types it (the slow tests
    # below start `python -m healthdiplomacy` itself).
    from healthdiplomacy import cli

    monkeypatch.chdir(REPO)
    assert cli.main(["corpus", "seeds"]) == 0
    lines = capsys.readouterr().out.splitlines()
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


@pytest.mark.parametrize("command", [["corpus"], ["tag", "--out", "{tmp}/links.csv"], ["data", "--out", "{tmp}/p"],
                                     ["export", "--to", "{tmp}/x.xlsx"]])
def test_exit_status_says_whether_every_input_was_read(tmp_path, capsys, command):
    from healthdiplomacy import cli

    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "ok.txt").write_text("Iran and Iraq\n\nIran sent medicine to Iraq.\n", encoding="utf-8")
    args = [a.format(tmp=tmp_path) for a in command]
    assert cli.main([args[0], str(corpus), *args[1:]]) == 0  # all read
    (corpus / "image.txt").write_bytes(b"\x89PNG\r\n\x1a\n\x00\x00\x00\rIHDR")
    assert cli.main([args[0], str(corpus), *args[1:]]) == 1  # finished, one file skipped
    captured = capsys.readouterr()  # (corpus lists the skipped with the articles, on stdout)
    assert "image.txt" in captured.out + captured.err and "exit status 1" in captured.err
    if args[0] in ("corpus", "tag"):
        assert cli.main([args[0], "--strict", str(corpus), *args[1:]]) == 2  # stopped at it


@pytest.mark.parametrize("name, content, encoding, message", cases("codebook_error_cases.csv"))
def test_a_bad_codebook_stops_with_its_file_and_line(tmp_path, capsys, name, content, encoding, message):
    from healthdiplomacy import cli
    from healthdiplomacy.codebook.tables import CodebookError, load_codebook

    folder = tmp_path / "codebook"
    folder.mkdir()
    path = folder / name
    path.write_bytes(content.encode(encoding))
    given = path if name.startswith("my_") else folder  # a folder of tables, or one file
    with pytest.raises(CodebookError) as caught:
        load_codebook(given)
    assert name in str(caught.value) and f"{name}{message}" in str(caught.value)
    assert cli.main(["tag", str(SEEDS), "--jobs", "1", "--codebook", str(given),
                     "--out", str(tmp_path / "links.csv")]) == 2
    err = capsys.readouterr().err
    assert f"{name}{message}" in err and len(err.strip().splitlines()) == 1 and "Traceback" not in err


@pytest.mark.parametrize("title, shown", cases("terminal_cases.csv"))
def test_the_corpus_listing_escapes_controls_for_the_terminal(tmp_path, capsys, title, shown):
    from healthdiplomacy import cli

    (tmp_path / "a.txt").write_text(f"{title}\n\nIran sent medicine to Iraq.\n", encoding="utf-8")
    (tmp_path / "b\u202etxt.exe").write_bytes(b"\x00")  # a skipped file's name is listed too
    assert cli.main(["corpus", str(tmp_path)]) == 1
    out = capsys.readouterr().out
    assert out.splitlines()[0].endswith("\t" + re.sub(r"\[(u[0-9a-f]{4})\]", r"\\\1", shown))
    assert "b\\u202etxt.exe" in out
    assert not {"\u202e", "\u2066", "\u2069", "\x1b"} & set(out)


@pytest.mark.parametrize("command", [["validate", str(SEEDS)], ["report", "--corpus", str(SEEDS)]],
                         ids=lambda command: command[0])
def test_a_gold_file_not_in_utf8_is_named(tmp_path, capsys, command):
    from healthdiplomacy import cli

    gold = tmp_path / "gold.yaml"
    gold.write_bytes("articles:\n  - id: a\n    note: دارو\n".encode("cp1256"))
    assert cli.main([*command, "--gold", str(gold), *(["--out", str(tmp_path / "r.html")]
                                                        if command[0] == "report" else [])]) == 2
    err = capsys.readouterr().err
    assert f"error: {gold}: not UTF-8" in err and len(err.strip().splitlines()) == 1
    assert not (tmp_path / "r.html").exists()  # (the report stops before any notebook)
