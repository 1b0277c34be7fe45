"""The report: notebooks run clean, one self-contained page, deterministic, escaped."""

import html.parser
import json
import re

import nbformat
import pytest

import healthdiplomacy as hd
from healthdiplomacy import report

from conftest import SEEDS, build_once

# (html, urls the check must report, why) - the library's own detector.
NETWORK_CASES = [
    ('<script src="https://cdn.example/require.js"></script>', ["https://cdn.example/require.js"],
     "the CDN script nbconvert's lab template adds"),
    ('<link rel="stylesheet" href="//fonts.example/css">', ["//fonts.example/css"],
     "scheme-relative URLs reach the network too"),
    ('<img src="data:image/png;base64,AAAA">', [], "inline images are fine"),
    ('<img srcset="a.png 1x, http://x.example/b.png 2x">', ["http://x.example/b.png"], "srcset"),
    ('<style>@import "https://x.example/a.css";</style>', ["https://x.example/a.css"], "CSS @import"),
    ('<div style="background:url(http://x.example/b.png)"></div>', ["http://x.example/b.png"],
     "CSS url() in a style attribute"),
    ("<p>url(http://x.example/quoted) in article text</p>", [],
     "escaped article text that reads like CSS is not a reference"),
    ('<a href="https://example.org/article">source</a>', [], "a link is only followed on click"),
]


class Loaders(html.parser.HTMLParser):
    """src/href of every script, link and img tag, parsed independently of the library."""

    def __init__(self, page):
        super().__init__()
        self.refs, self.scripts = [], 0
        self.feed(page)

    def handle_starttag(self, tag, attrs):
        self.scripts += tag == "script"
        if tag in {"script", "link", "img"}:
            self.refs += [v for k, v in attrs if k in {"src", "href"} and v]


def article_ids(corpus):
    return list(hd.load_corpus(corpus, errors="skip")["article_id"])


# --- fast -------------------------------------------------------------------------------


@pytest.mark.parametrize("page, urls, why", NETWORK_CASES, ids=[c[2] for c in NETWORK_CASES])
def test_network_references(page, urls, why):
    assert report.network_references(page) == urls


@pytest.mark.parametrize("path", report.notebook_paths(), ids=lambda p: p.name)
def test_committed_notebooks_are_clean(path):
    # No stale outputs in git, and exactly one papermill parameters cell.
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert "corpus =" in parameters[0].source and "figures_dir =" in parameters[0].source


def test_template_alone_loads_nothing_remote():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n\n$x$")])
    page = report.export_html(nb)
    assert Loaders(page).scripts == 0
    assert not re.search(r"https?://", page)


def test_combine_drops_timestamps_and_parameters():
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"start_time": "2026-01-01"}})
    params = nbformat.v4.new_code_cell("corpus = '/abs'", metadata={"tags": ["injected-parameters"]})
    params.outputs = [nbformat.v4.new_output("stream", text="x")]
    shown = nbformat.v4.new_code_cell("1", metadata={"papermill": {"start_time": "t"},
                                                     "execution": {"iopub.status.idle": "t"}})
    shown.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=1)]
    nb.cells = [params, shown, nbformat.v4.new_code_cell("x = 1")]
    combined = report.combine_notebooks([nb])
    assert [c.id for c in combined.cells] == ["n1-c1"]
    assert "papermill" not in json.dumps(combined) and "2026" not in json.dumps(combined)


# --- slow: notebooks run ------------------------------------------------------------------


@pytest.mark.slow
def test_seeds_report_has_every_article(seeds_report):
    page = seeds_report.read_text("utf-8")
    for article_id in article_ids(SEEDS):
        assert article_id in page


@pytest.mark.slow
def test_seeds_report_is_self_contained(seeds_report):
    page = seeds_report.read_text("utf-8")
    loaders = Loaders(page)
    assert loaders.scripts == 0
    assert not [r for r in loaders.refs if re.match(r"(?i)(https?:)?//", r)]
    assert not re.search(r"https?://", page), "no network URL anywhere in the page"
    assert page.count("<img") >= 4 and all(r.startswith("data:") for r in loaders.refs
                                           if not r.startswith("#"))


@pytest.mark.slow
def test_seeds_report_reads_as_a_brief(seeds_report):
    page = seeds_report.read_text("utf-8")
    assert page.count("<h1") == 1 and "How this was made" in page and "Evidence" in page
    assert 'class="jp-CodeMirrorEditor' not in page and "load_corpus(" not in page  # no code shown
    assert "Traceback" not in page and "Warning" not in page
    assert '<blockquote class="hd-quote" dir="rtl" lang="fa">' in page and "<mark>" in page


@pytest.mark.slow
def test_seeds_figures_are_written(seeds_report):
    figures = seeds_report.parent / "figures"
    for name in ["theme_partner_heatmap", "partners_by_articles", "partners_by_themes",
                 "themes_by_partners"]:
        for ext in ["png", "svg", "csv"]:
            assert (figures / f"{name}.{ext}").stat().st_size > 0


@pytest.mark.slow
def test_hostile_corpus_is_escaped(hostile_report, hostile_corpus):
    page = hostile_report.read_text("utf-8")
    for article_id in article_ids(hostile_corpus):
        assert article_id in page
    assert Loaders(page).scripts == 0
    for live in ["<script>alert", "<img src=x", "<b onmouseover", "<iframe", "\u202e"]:
        assert live not in page
    assert "&lt;script&gt;alert(1)&lt;/script&gt;" in page
    assert "{{ 7*7 }}" in page and "broken.pdf" in page  # braces literal; the skipped file listed


@pytest.mark.slow
def test_identical_input_gives_identical_report(hostile_report, hostile_corpus, tmp_path_factory):
    again = build_once(tmp_path_factory, "hostile_again", hostile_corpus)
    assert again.read_bytes() == hostile_report.read_bytes()


def failing_notebooks(folder, source):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell("corpus = figures_dir = None",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / "01-fails.ipynb")
    return folder


@pytest.mark.slow
@pytest.mark.parametrize("source, timeout, ename, evalue", [
    ("1 / 0", 60, "ZeroDivisionError", "division by zero"),      # an ordinary error
    ("import time; time.sleep(30)", 2, "CellTimeoutError", ""),  # a cell that hangs
], ids=["error", "timeout"])
def test_failing_cell_stops_the_build(tmp_path, source, timeout, ename, evalue):
    notebooks = failing_notebooks(tmp_path, source)
    with pytest.raises(report.NotebookError) as caught:
        report.build_report(SEEDS, tmp_path / "r.html", tmp_path / "f", progress=False,
                            notebooks=notebooks, timeout=timeout)
    assert caught.value.notebook == "01-fails.ipynb" and caught.value.ename == ename
    assert evalue in caught.value.evalue
    assert not (tmp_path / "r.html").exists()
