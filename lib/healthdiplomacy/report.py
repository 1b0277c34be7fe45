"""Build the report: run the notebooks, then export one self-contained HTML page.

The notebooks in ``notebooks/`` run in name order (``01-…``, ``02-…``) with
papermill, which injects ``corpus`` and ``figures_dir`` (absolute paths) after
the cell tagged ``parameters``. Every cell has a timeout and no cell may fail:
the first error stops the build with a :class:`NotebookError`. The executed
notebooks are stripped of timestamps and code, joined, and exported with the
``healthreport`` template (lab, minus every script and stylesheet loaded from a
CDN); images are inline, so the page opens offline and is byte-identical for
identical input.

>>> network_references('<script src="https://cdn.example/x.js"></script><img src="data:,">')
['https://cdn.example/x.js']
"""

from __future__ import annotations

import base64
import html.parser
import os
import re
import sys
import tempfile
import time
from pathlib import Path

import nbformat

NOTEBOOKS = Path(__file__).resolve().parents[2] / "notebooks"
TEMPLATES = Path(__file__).with_name("templates")
FONT_FILE = Path(__file__).with_name("fonts") / "Vazirmatn-Regular.ttf"
TITLE = "Iran's health diplomacy in the news"
CELL_TIMEOUT = 600  # seconds per cell; the seeds take well under one
_NOTEBOOK_NAME = re.compile(r"\d{2}-[\w-]+\.ipynb")
# Cells that only set parameters show nothing worth reading.
_HIDDEN_TAGS = {"parameters", "injected-parameters"}


class NotebookError(RuntimeError):
    """A notebook cell failed (or timed out) while building the report.

    >>> str(NotebookError("01-corpus.ipynb", 3, "KeyError", "'x'"))
    "01-corpus.ipynb, cell 3: KeyError: 'x'"
    """

    def __init__(self, notebook: str, cell_index: int | None, ename: str, evalue: str,
                 traceback: list[str] | None = None):
        self.notebook, self.cell_index = notebook, cell_index
        self.ename, self.evalue, self.traceback = ename, evalue, traceback or []
        where = f"{notebook}, cell {cell_index}" if cell_index is not None else notebook
        super().__init__(f"{where}: {ename}: {evalue}")


def build_report(corpus: str | Path = "seeds", out: str | Path = "figures/report.html",
                 figures_dir: str | Path = "figures", progress: bool = True,
                 notebooks: str | Path = NOTEBOOKS, timeout: int = CELL_TIMEOUT) -> Path:
    """Run every notebook on ``corpus`` and write the report to ``out``; return its path.

    Relative paths are taken from the current directory; ``"seeds"`` falls back
    to the repository's seed articles. Figures (PNG, SVG, CSV) go to
    ``figures_dir``. Progress is one line per notebook on stderr, shown only
    on a terminal and not under CI.

    Example (not a doctest: it runs every notebook)::

        build_report("seeds", "/tmp/report.html")  # -> PosixPath('/tmp/report.html')
    """
    parameters = {"corpus": str(_resolve_corpus(corpus)),
                  "figures_dir": str(Path(figures_dir).resolve())}
    Path(parameters["figures_dir"]).mkdir(parents=True, exist_ok=True)
    paths = notebook_paths(notebooks)
    say = _progress_printer(progress)
    executed = []
    for number, path in enumerate(paths, 1):
        say(f"report: [{number}/{len(paths)}] running {path.name}")
        started = time.monotonic()
        executed.append(execute_notebook(path, parameters, timeout))
        say(f"report: [{number}/{len(paths)}] {path.name} done in {time.monotonic() - started:.1f}s")
    page = export_html(combine_notebooks(executed))
    leaks = network_references(page)
    if leaks:  # the template is meant to rule this out; never ship a page that phones home
        raise RuntimeError(f"report would load from the network: {leaks[:5]}")
    out = Path(out).resolve()
    out.parent.mkdir(parents=True, exist_ok=True)
    out.write_bytes(page.encode("utf-8"))
    say(f"report: wrote {out}")
    return out


def notebook_paths(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The report's notebooks, ``NN-name.ipynb``, in run order.

    >>> [p.name for p in notebook_paths()][:1]
    ['01-corpus.ipynb']
    """
    paths = sorted(p for p in Path(folder).glob("*.ipynb") if _NOTEBOOK_NAME.fullmatch(p.name))
    if not paths:
        raise FileNotFoundError(f"no NN-name.ipynb notebooks in {folder}")
    return paths


def execute_notebook(path: Path, parameters: dict, timeout: int = CELL_TIMEOUT):
    """Run one notebook with papermill (cwd = its folder); return the executed node.

    Raises :class:`NotebookError` with the failing cell's ``ename``/``evalue``.
    """
    import papermill
    from traitlets.config import Config
    from nbclient.exceptions import CellTimeoutError, DeadKernelError
    from papermill.exceptions import PapermillExecutionError

    with tempfile.TemporaryDirectory() as tmp:
        try:
            nb = papermill.execute_notebook(
                str(path), str(Path(tmp) / path.name), parameters=parameters,
                kernel_name="python3", language="python", cwd=str(path.parent),
                execution_timeout=timeout, start_timeout=120, progress_bar=False,
                log_output=False, request_save_on_cell_execute=False,
                # Unix sockets, not TCP: the kernel is local, and nothing should listen
                # on a port (ipykernel also warns about unencrypted TCP on every start).
                config=Config({"KernelManager": {"transport": "ipc"}}))
        except PapermillExecutionError as err:
            raise NotebookError(path.name, err.cell_index, err.ename, err.evalue,
                                err.traceback) from err
        except (CellTimeoutError, DeadKernelError) as err:
            raise NotebookError(path.name, None, type(err).__name__, str(err)) from err
    _raise_for_errors(path.name, nb)
    return nb


def combine_notebooks(notebooks: list) -> nbformat.NotebookNode:
    """One notebook of all outputs, without timestamps, parameters or empty code cells.

    Cell ids are renumbered (``n1-c3``): papermill gives its injected cell a
    random id, and ids end up in the page.

    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    >>> [c.id for c in combine_notebooks([nb, nb]).cells]
    ['n1-c1', 'n2-c1']
    """
    combined = nbformat.v4.new_notebook(metadata={"title": TITLE})
    if notebooks:
        for key in ("kernelspec", "language_info"):
            if key in notebooks[0].metadata:
                combined.metadata[key] = notebooks[0].metadata[key]
    for number, nb in enumerate(notebooks, 1):
        kept = [cell for cell in nb.cells if _worth_showing(cell)]
        for index, cell in enumerate(kept, 1):
            combined.cells.append(_clean_cell(cell, f"n{number}-c{index}"))
    nbformat.validate(combined)
    return combined


def export_html(nb: nbformat.NotebookNode) -> str:
    """The notebook as one self-contained HTML page: outputs only, images inline.

    >>> page = export_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")]))
    >>> "<h1" in page, network_references(page)
    (True, [])
    """
    from nbconvert import HTMLExporter

    exporter = HTMLExporter(
        template_name="healthreport", extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True)
    exporter.register_filter("hd_strip_css_comments", _strip_css_comments)
    resources = {"metadata": {"name": TITLE}, "hd_font_base64": _font_base64()}
    page, _ = exporter.from_notebook_node(nb, resources=resources)
    return page


def network_references(page: str) -> list[str]:
    """Every URL in ``page`` that a browser would fetch from the network on load.

    Looks at ``src``/``href``/``data``/``poster``/``srcset`` of loading elements and
    at CSS ``url(...)``/``@import``. Links a reader may click (``<a href>``) are
    not fetched and not reported.

    >>> network_references('<link href="//x.org/a.css"><style>b{background:url(http://y/z)}</style>')
    ['//x.org/a.css', 'http://y/z']
    """
    finder = _ResourceFinder()
    finder.feed(page)
    finder.close()
    return [u for u in finder.urls if _REMOTE.match(u)]


# --- helpers ------------------------------------------------------------------------

_REMOTE = re.compile(r"(?i)(?:[a-z][a-z0-9+.-]*:)?//|(?:https?|ftp|wss?):")
_CSS_URL = re.compile(r"""(?i)(?:url\(\s*['"]?|@import\s+['"])([^'")\s]+)""")
_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)
_LOADING_TAGS = {"script", "link", "img", "iframe", "frame", "embed", "object", "source",
                 "video", "audio", "track", "input", "image", "use", "base", "meta"}
_URL_ATTRS = {"src", "href", "data", "poster", "srcset", "xlink:href", "content"}


class _ResourceFinder(html.parser.HTMLParser):
    """Collects URLs from loading attributes, style attributes and <style> blocks only:
    escaped article text that happens to read "url(http://…)" is not a reference."""

    def __init__(self):
        super().__init__(convert_charrefs=True)
        self.urls: list[str] = []
        self._in_style = False

    def handle_starttag(self, tag, attrs):
        self._in_style = tag == "style"
        for name, value in attrs:
            if not value:
                continue
            if name == "style":
                self.urls.extend(u.strip() for u in _CSS_URL.findall(value))
            elif tag in _LOADING_TAGS and name in _URL_ATTRS:
                # srcset lists "url size, url size"
                self.urls.extend(p.split()[0] for p in value.split(",") if p.split())

    def handle_startendtag(self, tag, attrs):
        self.handle_starttag(tag, attrs)
        self._in_style = False

    def handle_endtag(self, tag):
        self._in_style = False

    def handle_data(self, data):
        if self._in_style:
            self.urls.extend(u.strip() for u in _CSS_URL.findall(data))


def _resolve_corpus(corpus: str | Path) -> Path:
    path = Path(corpus)
    if path.exists():
        return path.resolve()
    if str(corpus) == "seeds":
        from .corpus import SEEDS

        return SEEDS
    raise FileNotFoundError(f"corpus not found: {corpus}")


def _progress_printer(progress: bool):
    shown = progress and not os.environ.get("CI") and sys.stderr.isatty()
    return (lambda line: print(line, file=sys.stderr, flush=True)) if shown else (lambda line: None)


def _raise_for_errors(name: str, nb) -> None:
    # papermill already raises on error outputs; this also catches a cell tagged
    # "raises-exception", whose error nbclient would otherwise let through.
    for index, cell in enumerate(nb.cells):
        for output in cell.get("outputs", []):
            if output.get("output_type") == "error":
                raise NotebookError(name, index, output.get("ename", ""), output.get("evalue", ""),
                                    output.get("traceback"))


def _worth_showing(cell) -> bool:
    if _HIDDEN_TAGS & set(cell.get("metadata", {}).get("tags", [])):
        return False
    return cell.cell_type != "code" or bool(cell.get("outputs"))


def _clean_cell(cell, cell_id: str):
    """A copy of ``cell`` without metadata (timestamps, papermill status) or counters."""
    cell = nbformat.from_dict(cell)
    cell.id = cell_id
    cell.metadata = {}
    if cell.cell_type == "code":
        cell.execution_count = None
        for output in cell.outputs:
            if "execution_count" in output:
                output.execution_count = None
    return cell


def _strip_css_comments(css: str) -> str:
    return _CSS_COMMENT.sub("", str(css))


def _font_base64() -> str:
    return base64.b64encode(FONT_FILE.read_bytes()).decode("ascii") if FONT_FILE.exists() else ""
