"""The report: notebooks run clean, one self-contained page, deterministic, escaped."""

import html
import html.parser
import json
import re
import shutil
import subprocess
import sys

import nbformat
import pytest

import healthdiplomacy as hd
from healthdiplomacy.report import build as report
from healthdiplomacy.report.i18n import Strings, persian_digits

from conftest import GOLD, GOLD_HOSTILE, REPO, SEEDS, build_once

SCORER = REPO.parent / "shared" / "tools" / "score_tags.py"
# The notebooks this module vouches for: thin, every word from healthdiplomacy.i18n.
LOCALIZED = ["00-findings.ipynb", "02-themes-by-partner.ipynb", "03-stages-time-network.ipynb", "04-partner-profiles.ipynb",
             "90-trust.ipynb", "95-appendix-corpus.ipynb"]
CHARTS = ["theme_partner_heatmap", "partners_by_events", "partners_by_themes", "themes_by_partners",
          "themes_by_events", "stage_partner", "events_per_year", "partner_network", "partner_map"]

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


def headings(page):
    """The text of every h1-h4, tags and anchor links stripped."""
    found = re.findall(r"<h([1-4])[^>]*>(.*?)</h\1>", page, re.S)
    return [html.unescape(re.sub(r"<[^>]+>", "", text)).replace("¶", "").strip() for _, text in found]


def localized_part(page):
    """The page without the cells of notebooks that are not (yet) in LOCALIZED."""
    numbers = {n for n, p in enumerate(report.notebook_paths(), 1) if p.name in LOCALIZED}
    cells = re.split(r'(?=<div (?:id="cell-id=n\d+-c\d+" )?class="jp-Cell [^"]*"[ >])', page)
    keep = [c for c in cells if (m := re.match(r'<div[^>]*id="cell-id=n(\d+)-', c)) is None
            or int(m.group(1)) in numbers]
    return "".join(keep)


def trust_scores(page):
    """{(level, measure): value} from the trust section's score table, digits back to ASCII."""
    table = re.search(r'id="trust-scores">(.*?)</table>', page, re.S).group(1)
    rows = re.findall(r"<tr>(.*?)</tr>", table, re.S)[1:]  # after the header row
    ascii_digits = str.maketrans("۰۱۲۳۴۵۶۷۸۹٫", "0123456789.")
    values = {}
    for level, row in zip(["partners", "triples"], rows):
        cells = [re.sub(r"<[^>]+>", "", c) for c in re.findall(r"<td[^>]*>(.*?)</td>", row)]
        for measure, cell in zip(["P", "R", "F1"], cells[1:]):
            values[level, measure] = cell.translate(ascii_digits)
    return values


def scorer_summary(corpus, gold, tmp_path):
    """The shared reference scorer's numbers for the `tag` command's links on ``corpus``."""
    links = tmp_path / "links.csv"
    done = subprocess.run([sys.executable, "-m", "healthdiplomacy", "tag", str(corpus), "--out", str(links)],
                          capture_output=True, text=True)
    # 1: finished, with files skipped (the hostile corpus holds some on purpose)
    assert done.returncode in (0, 1), done.stderr
    out = subprocess.run([sys.executable, str(SCORER), "--gold", str(gold), "--pred", str(links), "--quiet"],
                         check=True, capture_output=True, text=True).stdout.strip().splitlines()[-1]
    found = re.findall(r"(partners|triples) P=([\d.]+) R=([\d.]+) F1=([\d.]+)", out)
    return {(level, m): v for level, *numbers in found for m, v in zip(["P", "R", "F1"], numbers)}


# --- fast -------------------------------------------------------------------------------


@pytest.mark.parametrize("page, urls, why", NETWORK_CASES, ids=[c[2] for c in NETWORK_CASES])
def test_network_references(page, urls, why):
    assert report.network_references(page) == urls


@pytest.mark.parametrize("name", LOCALIZED)
def test_localized_notebooks_are_thin(name):
    # No prose in the notebook: every word comes from the i18n files, for both editions.
    nb = nbformat.read(report.NOTEBOOKS / name, as_version=4)
    # A guide for the JupyterLab user opens it (what it answers, how to read it); the report
    # leaves it out (combine_notebooks), so its words need no Persian edition.
    guide, *cells = nb.cells
    assert guide.cell_type == "markdown" and "guide" in guide.metadata.get("tags", [])
    assert "What this notebook answers" in guide.source and "How to read it" in guide.source
    assert [c.cell_type for c in cells] == ["code"] * len(cells)
    parameters = cells[0]
    assert "parameters" in parameters.metadata.get("tags", [])
    assert 'lang = "en"' in parameters.source and "gold =" in parameters.source
    assert all(len(c.source.splitlines()) <= 12 for c in nb.cells)


def test_edition_paths_keep_english_files():
    assert report.edition_path("figures/report.html", "en").name == "report.html"
    assert report.edition_path("figures/report.html", "fa").name == "report.fa.html"


def test_unknown_language_fails_before_any_notebook(tmp_path):
    with pytest.raises(ValueError, match="language"):
        report.build_report(SEEDS, tmp_path / "r.html", tmp_path, lang="de")
    assert not list(tmp_path.iterdir())


def test_missing_gold_fails_before_any_notebook(tmp_path):
    with pytest.raises(FileNotFoundError, match="gold"):
        report.build_report(SEEDS, tmp_path / "r.html", tmp_path / "f", gold=tmp_path / "none.yaml")


def test_cli_takes_lang_and_gold():
    from healthdiplomacy.cli import build_parser

    args = build_parser().parse_args(["report", "--lang", "all", "--gold", "g.yaml"])
    assert (args.lang, args.gold.name) == ("all", "g.yaml")
    assert build_parser().parse_args(["report"]).lang == "en"


@pytest.mark.parametrize("path", report.notebook_paths(), ids=lambda p: p.name)
def test_committed_notebooks_are_clean(path):
    # No stale outputs in git, and exactly one papermill parameters cell.
    nb = nbformat.read(path, as_version=4)
    code = [c for c in nb.cells if c.cell_type == "code"]
    assert all(not c.outputs and c.execution_count is None for c in code)
    parameters = [c for c in code if "parameters" in c.metadata.get("tags", [])]
    assert len(parameters) == 1
    assert "corpus =" in parameters[0].source and "figures_dir =" in parameters[0].source
    # Run by hand, a notebook writes to a git-ignored scratch folder, never over figures/.
    defaults = {}
    exec(parameters[0].source, {}, defaults)
    scratch = (path.parent / defaults["figures_dir"]).resolve()
    assert scratch != (path.parents[1] / "figures").resolve()
    assert subprocess.run(["git", "check-ignore", "-q", str(scratch / "x.png")], cwd=path.parents[1]).returncode == 0


def test_template_alone_loads_nothing_remote():
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n\n$x$")])
    page = report.export_html(nb)
    assert Loaders(page).scripts == 0
    assert not re.search(r"https?://", page)


def test_page_is_nbconvert_s_without_its_soup_pass():
    # The exporter skips nbconvert's BeautifulSoup pass over the page (most of an export) and
    # adds what that pass adds itself: read back through BeautifulSoup (which sorts attributes),
    # the page is nbconvert's own, every output focusable, an image without alt text named so.
    from bs4 import BeautifulSoup
    from nbconvert import HTMLExporter

    png = "iVBORw0KGgoAAAANSUhEUgAAAAEAAAABCAYAAAAfFcSJAAAADUlEQVR4nGNgYGD4DwABBAEAHnOcQAAAAABJRU5ErkJggg=="
    chart = nbformat.v4.new_code_cell("chart")
    chart.outputs = [nbformat.v4.new_output("display_data", {"image/png": png}, metadata={"image/png": {"alt": "map"}}),
                     nbformat.v4.new_output("display_data", {"image/png": png}),  # (no alt text)
                     nbformat.v4.new_output("display_data", {"text/html": "<table><tr><td>1</td></tr></table>"}),
                     nbformat.v4.new_output("stream", text="printed\n"),
                     nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=1)]
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Title\n\n![](x.png) <br> a&nbsp;b"), chart])
    page = report.export_html(nb, "fa")
    exporter, _ = report._exporter("fa")
    theirs = HTMLExporter.from_notebook_node(exporter, nb, resources={
        "metadata": {"name": "t"}, "hd_dir": "rtl", "hd_font_base64": ""})[0]
    ours = exporter.from_notebook_node(nb, resources={"metadata": {"name": "t"}, "hd_dir": "rtl",
                                                      "hd_font_base64": ""})[0]
    assert ours != theirs and str(BeautifulSoup(ours, features="html.parser")) == theirs
    assert page.count('tabindex="0"') == theirs.count('tabindex="0"') >= 5  # (every output)
    assert page.count('alt="No description') == theirs.count('alt="No description') == 1


def test_combine_drops_timestamps_and_parameters():
    nb = nbformat.v4.new_notebook(metadata={"papermill": {"start_time": "2026-01-01"}})
    params = nbformat.v4.new_code_cell("corpus = '/abs'", metadata={"tags": ["injected-parameters"]})
    params.outputs = [nbformat.v4.new_output("stream", text="x")]
    shown = nbformat.v4.new_code_cell("1", metadata={"papermill": {"start_time": "t"},
                                                     "execution": {"iopub.status.idle": "t"}})
    shown.outputs = [nbformat.v4.new_output("execute_result", {"text/plain": "1"}, execution_count=1)]
    guide = nbformat.v4.new_markdown_cell("**What this notebook answers:** ...", metadata={"tags": ["guide"]})
    nb.cells = [guide, params, shown, nbformat.v4.new_code_cell("x = 1")]
    combined = report.combine_notebooks([nb])
    assert [c.id for c in combined.cells] == ["n1-c1"]  # (the JupyterLab guide is not the report's)
    assert "papermill" not in json.dumps(combined) and "2026" not in json.dumps(combined)


# --- slow: notebooks run (each edition of each corpus once per session, see conftest) ----


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
def test_seeds_report_reads_as_a_brief(seeds_report, lang):
    page, s = seeds_report.read_text("utf-8"), Strings(lang)
    assert f'<html dir="{s.dir}" lang="{lang}">' in page
    assert page.count("<h1") == 1 and f"<title>{s('report.title')}</title>" in page
    for key in ["corpus.method", "themes.evidence", "trust.intro", "trust.kappa"]:
        assert s(key).splitlines()[0].lstrip("# ") in headings(page)
    assert 'class="jp-CodeMirrorEditor' not in page and "load_corpus(" not in page  # no code shown
    assert "Traceback" not in page and "Warning" not in page
    assert '<blockquote class="hd-quote" dir="rtl" lang="fa">' in page and "<mark>" in page
    alts = [html.unescape(alt) for alt in re.findall(r'<img\b[^>]*?\salt="([^"]*)"', localized_part(page))]
    assert len(alts) == len(CHARTS) and s("charts.heatmap.title") in alts  # charts described


@pytest.mark.slow
def test_persian_edition_is_persian(built_reports):
    page = localized_part(built_reports("seeds", "fa").read_text("utf-8"))
    english = [h for h in headings(page) if re.search(r"[A-Za-z]", h.replace("F1", ""))]
    assert not english, english
    header_cells = [re.sub(r"<[^>]+>", "", h) for h in re.findall(r"<th[^>]*>(.*?)</th>", page, re.S)]
    assert not [h for h in header_cells if re.search(r"[A-Za-z]", h.replace("F1", ""))]
    assert "<td>" + persian_digits("4") + "</td>" in page and "<td>4</td>" not in page
    assert "000_5a71c811ddcef313" in page  # ids stay Latin
    assert 'list-style-type: persian' in page


@pytest.mark.slow
def test_seeds_figures_are_written(seeds_report, lang):
    figures = seeds_report.parent / "figures"
    suffix = "" if lang == "en" else f".{lang}"
    for name in CHARTS:
        for ext in ["png", "svg", "csv"]:
            assert (figures / f"{name}{suffix}.{ext}").stat().st_size > 0
    if lang != "en":  # its own files: the English edition's stay as they are
        assert all(f".{lang}." in p.name for p in figures.iterdir() if p.stem.split(".")[0] in CHARTS)


@pytest.mark.slow
def test_profiles_link_pages_of_their_own(seeds_report, lang):
    # Every partner profiled in the report (up to 10) has its own page beside the report, linked
    # from its profile; the page stands alone: the edition's direction, its own CSS, nothing fetched.
    page, s = seeds_report.read_text("utf-8"), Strings(lang)
    assert s("profiles.intro").splitlines()[0].lstrip("# ") in headings(page)
    hrefs = re.findall(r'<p class="hd-profile-link"><a href="([^"]+)">', page)
    partners = hd.coded_corpus(SEEDS, seeds_report.parent / "data" / "processed").tagging.links["partner_id"]
    assert len(hrefs) == min(10, partners.nunique()) and len(set(hrefs)) == len(hrefs)
    suffix = "" if lang == "en" else ".fa"
    for href in hrefs:
        assert re.fullmatch(rf"figures/partners/[A-Za-z0-9_-]+{re.escape(suffix)}\.html", href)
        target = (seeds_report.parent / href).read_text("utf-8")
        assert f'<html dir="{s.dir}" lang="{lang}">' in target and "<style>" in target
        assert report.network_references(target) == [] and "<script" not in target
        assert not re.search(r"https?://", target)


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
    disagreements = page[page.index('id="trust-disagreements"'):]
    assert "&lt;iframe src=javascript:alert(4)&gt;" in disagreements  # the evidence, escaped


@pytest.mark.slow
@pytest.mark.parametrize("which", ["seeds", "hostile"])
def test_trust_section_matches_shared_scorer(built_reports, hostile_corpus, lang, which, tmp_path):
    if not SCORER.exists():
        pytest.skip("no reference scorer: ../shared/tools/score_tags.py is not beside this checkout")
    corpus, gold = {"seeds": (SEEDS, GOLD), "hostile": (hostile_corpus, GOLD_HOSTILE)}[which]
    shown = trust_scores(built_reports(which, lang).read_text("utf-8"))
    assert shown == scorer_summary(corpus, gold, tmp_path)


@pytest.mark.slow
def test_identical_input_gives_identical_report(hostile_report, hostile_corpus, lang, tmp_path_factory):
    again = build_once(tmp_path_factory, "hostile_again", hostile_corpus, lang, GOLD_HOSTILE)
    assert again.read_bytes() == hostile_report.read_bytes()
    first, second = hostile_report.parent / "figures", again.parent / "figures"
    files = lambda root: {str(p.relative_to(root)): p.read_bytes() for p in root.rglob("*") if p.is_file()}  # noqa: E731
    assert files(first) == files(second) and any(name.startswith("partners/") for name in files(first))


@pytest.mark.slow
def test_corpus_without_reference_labels_says_so(hostile_corpus, lang, tmp_path_factory):
    # Only the trust notebook: the seeds' labels cover none of the hostile articles.
    notebooks = tmp_path_factory.mktemp("trust_only")
    shutil.copy(report.NOTEBOOKS / "90-trust.ipynb", notebooks)
    page = build_once(tmp_path_factory, "no_gold", hostile_corpus, lang,
                      notebooks=notebooks).read_text("utf-8")
    s = Strings(lang)
    assert "--gold FILE" in page and "gold_seeds.yaml" in page
    assert s("trust.no_gold").split("`")[0].strip() in page
    assert "must: [medicine, health_tourism]" in page  # the format, as an example
    assert 'id="trust-scores"' not in page and 'id="trust-kappa"' not in page


def failing_notebooks(folder, source):
    nb = nbformat.v4.new_notebook(metadata={"kernelspec": {"name": "python3", "language": "python",
                                                           "display_name": "Python 3"}})
    nb.cells = [nbformat.v4.new_code_cell("corpus = figures_dir = None",
                                          metadata={"tags": ["parameters"]}),
                nbformat.v4.new_code_cell(source)]
    nbformat.write(nb, folder / "01-fails.ipynb")
    return folder


@pytest.mark.slow
def test_notebooks_run_side_by_side_in_their_folder(tmp_path, monkeypatch):
    # Each kernel starts in the notebooks' folder; the building process never changes
    # directory (papermill's cwd= would, and side by side that races).
    for number in (1, 2):
        failing_notebooks(tmp_path, "import os\nprint(os.getcwd())")
        (tmp_path / "01-fails.ipynb").rename(tmp_path / f"0{number}-cwd.ipynb")
    monkeypatch.chdir(tmp_path.parent)
    page = report.build_report(SEEDS, "r.html", "f", progress=False, notebooks=tmp_path, timeout=60)
    assert page == tmp_path.parent / "r.html" and page.exists()
    assert page.read_text("utf-8").count(str(tmp_path)) == 2


@pytest.mark.slow
def test_the_kernel_has_imported_the_package_before_the_first_notebook(tmp_path):
    # Each kernel starts importing pandas and matplotlib as soon as it is up (while the
    # building process loads its own tools); the notebooks' requests queue behind that.
    failing_notebooks(tmp_path, "import sys\nprint(sorted({'pandas', 'matplotlib'} - set(sys.modules)))")
    executed = report.execute_notebooks(report.notebook_paths(tmp_path), {}, timeout=60)
    assert executed[0].cells[-1].outputs[0]["text"] == "[]\n"


@pytest.mark.slow
def test_the_kernel_keeps_no_history_has_no_debugger_and_exits_without_teardown(tmp_path):
    # A batch kernel: no SQLite history written after every cell, no debugger imported as it
    # starts (debugpy blocked: 0.16 s of each start), and asked to shut down it leaves at once
    # (its first exit handler ends the process) instead of tearing down pandas, matplotlib and
    # the package, 0.4 s after the last notebook.
    torn = tmp_path / "torn-down"  # written by an object's finalizer as the interpreter is torn down
    marker = ("import sys\n"
              "class Marker:\n"
              "    def __del__(self, _open=open):\n"
              f"        _open({str(torn)!r}, 'w').write('x')\n"
              "sys._hd_marker = Marker()\n")
    failing_notebooks(tmp_path, marker +
                      f"left_open = open({str(tmp_path / 'left-open.txt')!r}, 'w')\n"
                      "_ = left_open.write('kept')\n"
                      "print(get_ipython().history_manager.enabled, sys.modules.get('debugpy', 'absent'),\n"
                      "      getattr(get_ipython().kernel, 'debugger', None))")
    executed = report.execute_notebooks(report.notebook_paths(tmp_path), {}, timeout=60)
    assert executed[0].cells[-1].outputs[0]["text"] == "False None None\n"
    assert not torn.exists()
    assert (tmp_path / "left-open.txt").read_text() == "kept"  # (the notebook's names went first)
    subprocess.run([sys.executable, "-c", marker], check=True)
    assert torn.exists()  # (the marker works: a process that exits as usual writes it)


@pytest.mark.slow
def test_notebooks_share_one_kernel_client_and_none_sees_another_s_names(tmp_path, monkeypatch):
    # One client for all the notebooks of a kernel (a new one costs ~0.4 s a notebook), and
    # between two notebooks every name the first defined is gone, IPython's own are not.
    from nbclient import NotebookClient

    opened = []
    start_client = NotebookClient.async_start_new_kernel_client

    async def counting(self):
        opened.append(1)
        return await start_client(self)

    monkeypatch.setattr(NotebookClient, "async_start_new_kernel_client", counting)
    failing_notebooks(tmp_path, "leaked, _private = 1, 2\nleaked")
    (tmp_path / "01-fails.ipynb").rename(tmp_path / "01-defines.ipynb")
    failing_notebooks(tmp_path, "print(sorted({'leaked', '_private', '_', '__', 'Out', 'get_ipython'} & set(globals())),"
                                " len(Out))")
    (tmp_path / "01-fails.ipynb").rename(tmp_path / "02-looks.ipynb")
    failing_notebooks(tmp_path, "print('third')")
    (tmp_path / "01-fails.ipynb").rename(tmp_path / "03-third.ipynb")
    executed = report.execute_notebooks(report.notebook_paths(tmp_path), {}, timeout=60)
    assert opened == [1]
    assert executed[1].cells[-1].outputs[0]["text"] == "['Out', 'get_ipython'] 0\n"
    assert executed[2].cells[-1].outputs[0]["text"] == "third\n"
    assert not [cell for nb in executed for cell in nb.cells if "clear_namespace" in cell.source]  # (none left)


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


@pytest.mark.slow
def test_both_editions_code_the_corpus_once(tmp_path, monkeypatch):
    # Every notebook of both editions reads the processed tables; only the first step codes.
    from healthdiplomacy.results.processed import CODING_LOG, MANIFEST

    log = tmp_path / "coding.log"
    monkeypatch.setenv(CODING_LOG, str(log))  # the kernels inherit it
    corpus = tmp_path / "corpus"
    shutil.copytree(SEEDS, corpus)
    pages = report.build_editions(corpus, tmp_path / "out" / "report.html", tmp_path / "out" / "figures",
                                  processed=tmp_path / "processed", progress=False)
    assert [p.name for p in pages] == ["report.html", "report.fa.html"]
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1
    assert (tmp_path / "processed" / MANIFEST).is_file()
    # Built again with nothing changed: nothing is coded again.
    report.build_editions(corpus, tmp_path / "out" / "report.html", tmp_path / "out" / "figures",
                          processed=tmp_path / "processed", progress=False, langs=("en",))
    assert len(log.read_text(encoding="utf-8").splitlines()) == 1


@pytest.mark.slow
def test_prepare_runs_once_the_kernels_start_and_its_error_stops_the_build(tmp_path, monkeypatch):
    # The command line codes and checks the corpus in `prepare`: by then both kernels are
    # starting (their start-up overlaps the coding), and an error there stops the build with
    # the figures as they were and no report.
    started, kernel = [], report._kernel

    def counted(folder):
        started.append(folder)
        return kernel(folder)

    monkeypatch.setattr(report, "_kernel", counted)
    figures = tmp_path / "figures"
    figures.mkdir()
    (figures / "kept.csv").write_text("a\n", encoding="utf-8")

    def refuse():
        assert len(started) == 2
        raise ValueError("nothing read")

    with pytest.raises(ValueError, match="nothing read"):
        report.build_editions(SEEDS, figures / "report.html", figures, processed=tmp_path / "processed",
                              progress=False, prepare=refuse)
    assert sorted(p.name for p in figures.iterdir()) == ["kept.csv"]


@pytest.mark.slow
def test_a_filtered_report_states_its_filter_and_counts_only_it(tmp_path):
    # The same filter value the CLI builds (report --partner az --since 2021) reaches every
    # notebook as its `filters` parameter: the first screen states it, the charts count only it.
    from healthdiplomacy.cli import main

    # Through the command line, as an analyst types it (a lower-case country code included).
    assert main(["report", "--out", str(tmp_path / "report.html"), "--figures", str(tmp_path / "figures"),
                 "--processed", str(tmp_path / "processed"), "--partner", "az", "--since", "2021"]) == 0
    page = (tmp_path / "report.html").read_text("utf-8")
    stated = re.search(r'<p class="hd-finding" id="findings-filter">(.*?)</p>', page, re.S).group(1)
    assert "years 2021 and after" in stated and "Azerbaijan" in stated
    partners = (tmp_path / "figures" / "partners_by_events.csv").read_text("utf-8")
    assert "AZ" in partners and "IQ" not in partners


@pytest.mark.slow
def test_a_corrected_report_counts_the_corrections_and_lists_them(tmp_path):
    # report --corrections: the counts follow the analyst's file, the appendix lists every row
    # with what became of it, and the trust section still scores the tagger as it coded.

    fixes = tmp_path / "fixes.csv"
    seed = sorted(SEEDS.glob("*.txt"))[0]
    # (the first seed names Azerbaijan; keyed by its content hash, as an analyst's file survives renames)
    articles = hd.load_corpus(SEEDS)
    key = articles.loc[articles["path"].astype(str).str.endswith(seed.name), "content_hash"].iloc[0]
    fixes.write_text("article_id,partner_id,theme_id,action,value,note,analyst,date\n"
                     f"{key},AZ,,remove,,not a partner here,tester,2026-12-07\n"
                     "no_such_article,IQ,,remove,,,tester,2026-12-07\n", encoding="utf-8")
    plain = report.build_report(SEEDS, tmp_path / "plain" / "report.html", tmp_path / "plain", progress=False)
    fixed = report.build_report(SEEDS, tmp_path / "fixed" / "report.html", tmp_path / "fixed", progress=False,
                                corrections=fixes)
    page = fixed.read_text("utf-8")
    assert "1 of 2 corrections by the analyst applied" in page
    assert "not a partner here" in page and "no_such_article" in page  # every row, in the appendix

    def az_articles(folder):
        rows = (folder / "partners_by_events.csv").read_text("utf-8").splitlines()
        column = rows[0].split(",").index("articles")  # (events beside it: the removed report was an event alone)
        return next(int(r.split(",")[column]) for r in rows if ",AZ," in r)
    assert az_articles(tmp_path / "fixed") == az_articles(tmp_path / "plain") - 1

    def scores(page):  # the tagger's precision, recall and F1 against the seeds' reference labels
        return re.search(r'<div[^>]*id="trust-scores".*?</div>', page, re.S).group(0)
    assert scores(page) == scores(plain.read_text("utf-8"))


@pytest.mark.slow
def test_the_notebook_tools_load_without_the_iri_grammar():
    # jsonschema builds an IRI grammar (rfc3987_syntax, ~2 s of CPU) as nbformat loads it; the
    # build leaves it out, and a later import of it still works.
    code = ("import sys; from healthdiplomacy.report import build; build.import_notebook_tools(); "
            "print('nbclient' in sys.modules, 'nbconvert' in sys.modules, 'rfc3987_syntax' in sys.modules); "
            "import rfc3987_syntax; print('rfc3987_syntax' in sys.modules)")
    done = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert done.stdout.split() == ["True", "True", "False", "True"]


def test_an_exporter_kept_for_the_next_page_exports_it_as_a_new_one_would():
    # The exporter of each edition is made once per process (its templates compiled once); a
    # page exported after another is the page a fresh exporter gives, in each language.
    nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Iraq · عراق")])
    first = {lang: report.export_html(nb, lang) for lang in ("en", "fa")}
    report.export_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("other")]), "en")
    assert {lang: report.export_html(nb, lang) for lang in ("en", "fa")} == first
    assert '<html dir="rtl" lang="fa">' in first["fa"] and '<html dir="ltr" lang="en">' in first["en"]
