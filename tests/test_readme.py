"""The README is the map: its layout tree matches the folders, its Python example runs,
its column dictionary names every column the tables have."""

from __future__ import annotations

import os
import re
import subprocess

import pytest

from conftest import REPO

README = (REPO / "README.md").read_text(encoding="utf-8")


def code_block(after: str, language: str = "") -> str:
    start = README.index(after)
    match = re.compile(rf"```{language}\n(.*?)```", re.S).search(README, start)
    return match.group(1)


def layout_folders() -> list[str]:
    return [line.split()[0] for line in code_block("## Layout").splitlines() if line.strip()]


def test_the_layout_tree_lists_every_folder_and_layer():
    listed = set(layout_folders())
    tracked = subprocess.run(["git", "ls-files"], cwd=REPO, capture_output=True, text=True).stdout.split()
    top = {path.split("/")[0] + "/" for path in tracked if "/" in path and not path.startswith(".")}
    assert top <= listed, f"folders the README does not map: {sorted(top - listed)}"
    package = REPO / "lib" / "healthdiplomacy"
    layers = {f"lib/healthdiplomacy/{p.name}/" for p in package.iterdir() if (p / "__init__.py").is_file()}
    assert layers <= listed, f"subpackages the README does not map: {sorted(layers - listed)}"


def test_every_folder_in_the_layout_tree_exists():
    for folder in layout_folders():
        if folder == "data/":  # git-ignored: made by `make data`, says the tree
            assert "git-ignored" in code_block("## Layout")
            continue
        assert (REPO / folder).is_dir(), folder


@pytest.mark.slow  # (a subprocess)
def test_the_python_example_runs(tmp_path):
    # As a user would: in their own folder, with the seeds beside it.
    os.symlink(REPO / "seeds", tmp_path / "seeds")
    source = code_block("## In Python", "python")
    done = subprocess.run(["python", "-c", source + "\nprint(matrix.shape, coded.coded)"], cwd=tmp_path,
                          capture_output=True, text=True, timeout=300,
                          env={**os.environ, "PATH": os.path.dirname(os.sys.executable) + os.pathsep
                               + os.environ.get("PATH", "")})
    assert done.returncode == 0, done.stderr
    assert done.stdout.strip().endswith("True")  # coded now, into tmp/data/processed
    assert (tmp_path / "data" / "processed" / "manifest.json").is_file()


@pytest.mark.parametrize("table", ["links", "mentions", "stages", "articles"])
def test_the_column_dictionary_names_every_column(table):
    from healthdiplomacy.results.outputs import COLUMN_DOCS

    missing = [c for c in COLUMN_DOCS[table] if not re.search(rf"\b{re.escape(c)}\b", README)]
    assert not missing, f"{table}: {missing}"


def test_the_make_targets_in_the_readme_exist():
    makefile = (REPO / "Makefile").read_text(encoding="utf-8")
    for target in set(re.findall(r"`make ([a-z-]+)", README)):
        assert re.search(rf"^{target}:", makefile, re.M), target
