"""Build the report: run the notebooks, then export one self-contained HTML page.

The notebooks in ``notebooks/`` (``01-…``, ``02-…``) run one after the other in
one kernel per edition (the editions side by side), and are combined in name order. Papermill injects
``corpus``, ``figures_dir``, ``gold`` (absolute paths) and ``lang`` after the
cell tagged ``parameters``. ``lang`` picks the edition: "en" (left to right) or
"fa" (the whole report in Persian, right to left, with Persian digits); the
notebooks take every word from :mod:`healthdiplomacy.report.i18n`. Every cell has a
timeout and no cell may fail: the first error stops the build with a
:class:`NotebookError`. The executed notebooks are stripped of timestamps and
code, joined, and exported with the ``healthreport`` template (lab, minus
every script and stylesheet loaded from a CDN); images are inline, so the page
opens offline and is byte-identical for identical input.

>>> network_references('<script src="https://cdn.example/x.js"></script><img src="data:,">')
['https://cdn.example/x.js']
"""

from __future__ import annotations

import base64
import importlib
import os
import re
import sys
import tempfile
import threading
import time
import uuid
from concurrent.futures import ThreadPoolExecutor
from contextlib import ExitStack, contextmanager
from functools import lru_cache
from pathlib import Path

from ..results.filters import Filters
from ..results.outputs import staged_folder, staging_path, write_atomically
from ..results.processed import ensure_coded
from ..results.validation import GOLD_SEEDS
from ..results.profiles import TOP_PROFILES
from .findings import with_contents
from .html import network_references  # (build.network_references: where it was first)
from .i18n import LANGUAGES, Strings

NOTEBOOKS = Path(__file__).resolve().parents[3] / "notebooks"
TEMPLATES = Path(__file__).with_name("templates")
FONT_FILE = Path(__file__).with_name("fonts") / "Vazirmatn-Regular.ttf"
TITLE = Strings("en")("report.title")
CELL_TIMEOUT = 600  # seconds per cell; the seeds take well under one
_NOTEBOOK_NAME = re.compile(r"\d{2}-[\w-]+\.ipynb")
# Cells that only set parameters show nothing worth reading.
# "guide": the markdown cell that opens each notebook for its JupyterLab user, not the report.
_HIDDEN_TAGS = {"parameters", "injected-parameters", "guide"}
_RESET_TAG = "hd-reset"  # the cell that clears the shared kernel between two notebooks
# What it runs (see clear_namespace), defining no name of its own.
_RESET_SOURCE = "__import__('healthdiplomacy.report.build', fromlist=['_']).clear_namespace(get_ipython())"
_OUTPUT_NAMES = ("_", "__", "___")  # IPython's last three outputs
# What every edition's notebooks import first (pandas, matplotlib), imported as the kernel starts.
# (All of the report's modules: the kernel is up before this process sends the first cell, and
# would wait idle for it; its imports then cost the first notebook nothing.)
_WARM_UP = ("import healthdiplomacy, IPython.display\n"
            "from healthdiplomacy.report import budget, charts, evidence, findings, network, profiles, stages, trust, "
            "worldmap, years\n"
            # Asked to shut down, the kernel exits without tearing its interpreter down (the modules
            # of pandas, matplotlib and the package: 0.4 s, after the last notebook): _leave_kernel.
            "import atexit as _atexit, healthdiplomacy.report.build as _build\n"
            "_atexit.register(_build._leave_kernel)\n"
            "del _atexit, _build")
# The build's kernel keeps no command history (an SQLite file in the user's IPython folder,
# written after every cell): nobody reads a batch run's history.
_KERNEL_ARGUMENTS = ["--HistoryManager.enabled=False"]
# No debugger warning about frozen modules on every kernel start.
_QUIET_KERNEL = {"PYDEVD_DISABLE_FILE_VALIDATION": "1"}
# How the build's kernels start, in place of ``-m ipykernel_launcher``: that same launcher,
# with debugpy blocked. Importing the debugger is 0.16 s of every kernel's start, and nobody
# steps through a batch build; blocked, ipykernel runs as it does where debugpy is not installed.
_LAUNCH_WITHOUT_DEBUGGER = ("import runpy, sys\n"
                            "sys.modules['debugpy'] = None\n"
                            "runpy.run_module('ipykernel_launcher', run_name='__main__', alter_sys=True)")


class NotebookError(RuntimeError):
    """A notebook cell failed (or timed out) while building the report.

    >>> str(NotebookError("02-themes-by-partner.ipynb", 3, "KeyError", "'x'"))
    "02-themes-by-partner.ipynb, cell 3: KeyError: 'x'"
    """

    def __init__(self, notebook: str, cell_index: int | None, ename: str, evalue: str,
                 traceback: list[str] | None = None):
        self.notebook, self.cell_index = notebook, cell_index
        self.ename, self.evalue, self.traceback = ename, evalue, traceback or []
        where = f"{notebook}, cell {cell_index}" if cell_index is not None else notebook
        super().__init__(f"{where}: {ename}: {evalue}")


def build_report(corpus: str | Path = "seeds", out: str | Path = "figures/report.html",
                 figures_dir: str | Path = "figures", progress: bool = True,
                 notebooks: str | Path = NOTEBOOKS, timeout: int = CELL_TIMEOUT,
                 lang: str = "en", gold: str | Path | None = None, processed: str | Path | None = None,
                 code: bool = True, filters: Filters | dict | None = None,
                 profiles: int = TOP_PROFILES, corrections: str | Path | None = None) -> Path:
    """Run every notebook on ``corpus`` and write the ``lang`` edition to ``out``; return its path.

    Relative paths are taken from the current directory; ``"seeds"`` falls back
    to the repository's seed articles. Figures (PNG, SVG, CSV) go to
    ``figures_dir``, the Persian edition's as ``NAME.fa.png`` and so on. ``gold``
    is the reference-label file the trust section scores against (default:
    the seeds' labels). The corpus is coded once, into ``processed`` (default:
    ``data/processed`` beside ``figures_dir``'s folder), unless the tables there
    are current (:func:`~healthdiplomacy.results.processed.ensure_coded`; ``code=False``:
    the caller has seen to it); the notebooks read them, narrowed by ``filters`` (a
    :class:`~healthdiplomacy.results.filters.Filters` or a dict of its ``parse`` arguments;
    the report states them). The ``profiles`` partners in the most events get a profile in
    the report and a page of their own in ``figures_dir/partners/`` (linked relative to
    ``out``'s folder). ``corrections`` (an analyst's CSV) are applied after coding and listed
    in the appendix; the trust section scores the tagger before them. Progress is one line per
    notebook on stderr, shown
    only on a terminal and not under CI.

    The figures are written into a copy of ``figures_dir`` that replaces it whole once
    everything is written (:func:`~healthdiplomacy.results.outputs.staged_folder`), the
    report too when it lies inside that folder (the default): an interrupted build leaves
    the previous report and figures, never a mix.

    Example (not a doctest: it runs every notebook)::

        build_report("seeds", "/tmp/report.html")  # -> PosixPath('/tmp/report.html')
    """
    Strings(lang)  # an unknown language fails here, before any notebook runs
    figures = Path(figures_dir).resolve()
    out = Path(out).resolve()
    paths = notebook_paths(notebooks)
    try:
        # The kernel first: it starts while the figures are copied. Its own stack, closed by
        # _build_into once the notebooks have run (the staged folder is swapped in after).
        with ExitStack() as kernel:
            manager = kernel.enter_context(_kernel(paths[0].parent))
            with staged_folder(figures) as staging:
                _build_into(corpus, _inside(out, figures, staging), staging, progress, paths, timeout, lang, gold,
                            processed_folder(processed, figures_dir), code, filters, profiles, out.parent, figures,
                            corrections, manager, kernel.close)
        _place_outside([out], figures)
    finally:
        _drop_outside([out], figures)
    if not out.is_relative_to(figures):
        _say_written(progress, out)
    return out


def _inside(path: Path, folder: Path, staging: Path) -> Path:
    """Where to write ``path`` during the build: in ``staging`` when it lies inside ``folder``
    (swapped in with it), else as ``NAME.PID.partial`` beside it (renamed in after the swap,
    so the report never links to figures that are not yet there)."""
    return staging / path.relative_to(folder) if path.is_relative_to(folder) else staging_path(path)


def _drop_edition_tables(figures_dir: Path, lang: str) -> None:
    """The full tables an earlier build of this edition left (``tables/NAME.csv``, or
    ``NAME.LANG.csv``): this build writes the ones it still needs, so none is left stale."""
    for path in (Path(figures_dir) / "tables").glob("*.csv"):
        parts = path.name.split(".")
        if (parts[-2] if len(parts) > 2 else "en") == lang:
            path.unlink()


def _place_outside(outs: list[Path], folder: Path) -> None:
    for out in outs:
        if not out.is_relative_to(folder):
            os.replace(staging_path(out), out)


def _drop_outside(outs: list[Path], folder: Path) -> None:
    for out in outs:  # (a failed build leaves no half-placed report beside the old one)
        if not out.is_relative_to(folder):
            staging_path(out).unlink(missing_ok=True)


def _say_written(progress: bool, out: Path) -> None:
    _progress_printer(progress)(f"report: wrote {out}")


def _build_into(corpus, out: Path, figures_dir: Path, progress: bool, paths: list[Path], timeout: int, lang: str,
                gold, processed: Path, code: bool, filters, profiles, report_dir: Path, figures_home: Path,
                corrections: str | Path | None, manager, release=None) -> Path:
    """:func:`build_report`'s work, with the figures going straight to ``figures_dir`` (a staged
    copy of ``figures_home``) and the notebooks run in ``manager``'s kernel; links between the
    report and its pages are made as they will be once it is swapped in (the report in
    ``report_dir``, the figures in ``figures_home``). ``release`` (if given) shuts that kernel
    down, called once the notebooks have run."""
    strings = Strings(lang)
    parameters = {"corpus": str(_resolve_corpus(corpus)),
                  "processed": str(processed),
                  "figures_dir": str(figures_dir),
                  "gold": str(_resolve_gold(gold)), "lang": lang,
                  "filters": (filters if isinstance(filters, Filters) else Filters.parse(**(filters or {})))
                  .as_parameters(),
                  "profiles": _profile_count(profiles), "report_dir": str(report_dir),
                  "figures_home": str(figures_home),
                  "corrections": str(Path(corrections).resolve()) if corrections else None}
    Path(parameters["figures_dir"]).mkdir(parents=True, exist_ok=True)
    _drop_edition_tables(figures_dir, lang)
    say = _progress_printer(progress)
    if code and ensure_coded(parameters["corpus"], parameters["processed"]):
        say(f"report: coded {parameters['corpus']} into {parameters['processed']}")
    executed = _execute_in(manager, paths, parameters, timeout, say)
    # The kernel is done: it shuts down while the page is exported, not after (and should it
    # fail to, the build fails with it: the future hands its error over).
    with ThreadPoolExecutor(1, thread_name_prefix="kernel shutdown") as shutdown:
        closing = shutdown.submit(release or (lambda: None))
        page = with_contents(export_html(combine_notebooks(executed, strings("report.title")), lang), lang)
        leaks = network_references(page)
        if leaks:  # the template is meant to rule this out; never ship a page that phones home
            raise RuntimeError(f"report would load from the network: {leaks[:5]}")
        write_atomically(out, page.encode("utf-8"))
        closing.result()
    return out


def build_editions(corpus: str | Path = "seeds", out: str | Path = "figures/report.html",
                   figures_dir: str | Path = "figures", langs: tuple[str, ...] = LANGUAGES,
                   processed: str | Path | None = None, code: bool = True, prepare=None,
                   **options) -> list[Path]:
    """Build the report once per language in ``langs``, side by side (a kernel each); see
    :func:`edition_path` for the files. The corpus is coded once for all of them.

    ``prepare`` (if given) is called once the kernels are starting and the corpus is coded,
    before any notebook runs: the command line checks what was read there. An error it raises
    stops the build, and the figures are left as they were.

    ``options`` go to :func:`build_report`. Example (not a doctest)::

        build_editions("seeds", "figures/report.html")
        # -> [PosixPath('.../figures/report.html'), PosixPath('.../figures/report.fa.html')]
    """
    for lang in langs:
        Strings(lang)  # an unknown language fails before anything runs
    _profile_count(options.get("profiles", TOP_PROFILES))  # so does a bad count
    folder = processed_folder(processed, figures_dir)
    settings = {"progress": True, "notebooks": NOTEBOOKS, "timeout": CELL_TIMEOUT, "gold": None, "filters": None,
                "profiles": TOP_PROFILES, "corrections": None, **options}
    unknown = set(settings) - {"progress", "notebooks", "timeout", "gold", "filters", "profiles", "corrections"}
    if unknown:
        raise TypeError(f"build_editions() got unexpected option(s) {sorted(unknown)}")
    figures, out = Path(figures_dir).resolve(), Path(out).resolve()
    outs = [edition_path(out, lang) for lang in langs]
    paths = notebook_paths(settings["notebooks"])
    # One staged copy of the figures for every edition (they write different files in it),
    # swapped in once all of them are done.
    try:
        with ExitStack() as kernels, staged_folder(figures) as staging, \
                ThreadPoolExecutor(max(1, len(langs))) as pool:
            # A stack per kernel, closed by its edition once its notebooks have run (the two
            # shut down side by side, each while its page is exported), else on the way out.
            stacks = [kernels.enter_context(ExitStack()) for _ in langs]
            managers = [stack.enter_context(_kernel(paths[0].parent)) for stack in stacks]
            if code:  # once, before the editions read it side by side (their kernels start meanwhile)
                ensure_coded(_resolve_corpus(corpus), folder)
            if prepare is not None:
                prepare()
            futures = [pool.submit(_build_into, corpus, _inside(path, figures, staging), staging,
                                   settings["progress"], paths, settings["timeout"], lang,
                                   settings["gold"], folder, False, settings["filters"], settings["profiles"],
                                   path.parent, figures, settings["corrections"], manager, stack.close)
                       for lang, path, manager, stack in zip(langs, outs, managers, stacks)]
            warm_exporters(langs)  # (this thread would only wait)
            for future in futures:
                future.result()
        _place_outside(outs, figures)
    finally:
        _drop_outside(outs, figures)
    for path in outs:
        _say_written(settings["progress"], path)
    return outs


def edition_path(out: str | Path, lang: str) -> Path:
    """Where the ``lang`` edition of a report meant for ``out`` goes.

    English is ``out`` itself; another language adds its code before the suffix
    (a name that already carries it is kept).

    >>> [str(edition_path("figures/report.html", lang)) for lang in ("en", "fa")]
    ['figures/report.html', 'figures/report.fa.html']
    >>> str(edition_path("r.fa.html", "fa"))
    'r.fa.html'
    """
    out = Path(out)
    if lang == "en" or out.stem.endswith(f".{lang}"):
        return out
    return out.with_name(f"{out.stem}.{lang}{out.suffix}")


def notebook_paths(folder: str | Path = NOTEBOOKS) -> list[Path]:
    """The report's notebooks, ``NN-name.ipynb``, in run order.

    >>> [p.name for p in notebook_paths()][:1]
    ['00-findings.ipynb']
    """
    paths = sorted(p for p in Path(folder).glob("*.ipynb") if _NOTEBOOK_NAME.fullmatch(p.name))
    if not paths:
        raise FileNotFoundError(f"no NN-name.ipynb notebooks in {folder}")
    return paths


def execute_notebooks(paths: list[Path], parameters: dict, timeout: int = CELL_TIMEOUT,
                      say=lambda line: None) -> list:
    """Run the notebooks one after the other in one kernel; return them executed, in order.

    One kernel, not one per notebook: starting a kernel and importing the package
    (pandas, matplotlib) costs more than most notebooks' own work. Between two
    notebooks the kernel's namespace is reset, so none can lean on another's
    variables. The kernel starts in the notebooks' folder. The first failing
    cell raises its :class:`NotebookError` and stops the build.
    """
    with _kernel(paths[0].parent) as manager:
        return _execute_in(manager, paths, parameters, timeout, say)


@contextmanager
def _kernel(folder: Path):
    """A kernel started in ``folder`` and set importing the package (:data:`_WARM_UP`), shut
    down on the way out.

    Started first thing: the kernel starts and imports pandas and matplotlib (two seconds or
    so) while this process loads its own tools (:func:`import_notebook_tools`) and codes
    the corpus, on the other core, instead of after them.
    """
    from jupyter_client.blocking import BlockingKernelClient
    from jupyter_client.manager import AsyncKernelManager
    from jupyter_core.utils import run_sync

    with tempfile.TemporaryDirectory() as tmp:
        # Unix sockets, not TCP: the kernel is local, and nothing should listen on a
        # port. The sockets live in this run's own folder, so two builds at once (two
        # editions side by side) never talk to each other's kernels. (The async manager,
        # as nbclient's own: with a blocking one its cell timeouts never fire.)
        manager = AsyncKernelManager(kernel_name="python3", transport="ipc", ip=str(Path(tmp) / "kernel"),
                                     kernel_spec_manager=batch_kernel_specs())
        run_sync(manager.start_kernel)(cwd=str(folder), env={**os.environ, **_QUIET_KERNEL},
                                       extra_arguments=_KERNEL_ARGUMENTS)
        # A blocking client: a plain socket sends at once, with no event loop to wait for. Its
        # own session (the key is the kernel's): the session id names the socket to the kernel,
        # and a second socket of the same name (nbclient's, with the manager's session) would
        # not be heard.
        session = manager.session.clone()  # (the kernel's key and signature scheme)
        session.session = str(uuid.uuid4())
        warm = BlockingKernelClient(**{**manager.get_connection_info(session=True), "session": session})
        # A failed build (perhaps before the kernel even listens) stops it at once rather than
        # asking it to: asked, it can print an interrupted start-up's traceback under the error.
        failed = True
        try:
            # Sent without waiting: the notebooks' requests queue behind it. Silent, outside the
            # history; should it fail, the notebook importing the same module fails in its cell.
            # The client stays open until the kernel is shut down (closed at once, it would drop
            # the request before the kernel listens); only its shell channel: the one reply
            # waits there unread, and no output of the notebooks is kept.
            warm.start_channels(shell=True, iopub=False, stdin=False, hb=False, control=False)
            warm.execute(_WARM_UP, silent=True, store_history=False)
            yield manager
            failed = False
        finally:
            warm.stop_channels()
            run_sync(manager.shutdown_kernel)(now=failed)


def batch_kernel_specs():
    """Jupyter's kernel specs, with an ipykernel spec launched without its debugger
    (:data:`_LAUNCH_WITHOUT_DEBUGGER`); any other spec is as installed.

    >>> spec = batch_kernel_specs().get_kernel_spec("python3")
    >>> "ipykernel_launcher" in spec.argv, spec.argv[-2:], spec.metadata.get("debugger")
    (False, ['-f', '{connection_file}'], False)
    """
    from jupyter_client.kernelspec import KernelSpecManager

    class BatchKernelSpecs(KernelSpecManager):
        def get_kernel_spec(self, kernel_name):
            spec = super().get_kernel_spec(kernel_name)
            argv = list(spec.argv)
            for i in range(len(argv) - 1):
                if argv[i:i + 2] == ["-m", "ipykernel_launcher"]:
                    spec.argv = [*argv[:i], "-c", _LAUNCH_WITHOUT_DEBUGGER, *argv[i + 2:]]
                    spec.metadata = {**spec.metadata, "debugger": False}
                    break
            return spec

    return BatchKernelSpecs()


def _execute_in(manager, paths: list[Path], parameters: dict, timeout: int, say) -> list:
    """Run ``paths`` in ``manager``'s kernel through one client, opened for the first
    notebook and kept for the rest: a new client waits for the kernel to answer and for its
    output channel to fall silent (0.2 s at least), about 0.4 s a notebook."""
    executed, client = [], None
    try:
        for number, path in enumerate(paths, 1):
            say(f"report: [{number}/{len(paths)}] running {path.name} ({parameters.get('lang', 'en')})")
            started = time.monotonic()
            nb, client = _execute(path, parameters, timeout, manager, number > 1, client)
            executed.append(nb)
            say(f"report: [{number}/{len(paths)}] {path.name} done in {time.monotonic() - started:.1f}s")
    finally:
        if client is not None:
            client.stop_channels()
    return executed


def execute_notebook(path: Path, parameters: dict, timeout: int = CELL_TIMEOUT, manager=None,
                     reset: bool = False):
    """Run one notebook with its ``parameters`` injected after the cell tagged ``parameters``
    (as papermill does), in ``manager``'s kernel (a new one if None); return it executed.

    ``reset`` clears the kernel's namespace first. Raises :class:`NotebookError` with the
    failing cell's index (in the notebook as committed), ``ename`` and ``evalue``.
    """
    nb, client = _execute(path, parameters, timeout, manager, reset, None)
    if client is not None and manager is not None:
        client.stop_channels()
    return nb


def _execute(path: Path, parameters: dict, timeout: int, manager, reset: bool, kernel_client):
    """:func:`execute_notebook` through ``kernel_client`` (a client of ``manager``'s kernel
    already listening; None: a new one); return the notebook and the client used."""
    import_notebook_tools()
    from nbclient import NotebookClient
    from nbclient.exceptions import CellExecutionError, CellTimeoutError, DeadKernelError
    from papermill.iorw import load_notebook_node
    from papermill.parameterize import parameterize_notebook
    import nbformat

    nb = load_notebook_node(str(path))  # (every cell gets the metadata papermill expects)
    nb = parameterize_notebook(nb, parameters, kernel_name="python3", language="python")
    if reset:
        nb.cells.insert(0, nbformat.v4.new_code_cell(_RESET_SOURCE, metadata={"tags": [_RESET_TAG]}))
    client = NotebookClient(nb, timeout=timeout, kernel_name="python3", km=manager,
                            resources={"metadata": {"path": str(path.parent)}}, startup_timeout=120)
    client.kc = kernel_client  # (nbclient opens a client only when it has none)
    try:
        try:
            client.execute()
        except BaseException:
            if kernel_client is None and client.kc is not None and manager is not None:
                client.kc.stop_channels()  # (opened here, and the caller never gets it)
            raise
    except CellTimeoutError as err:
        raise NotebookError(path.name, None, type(err).__name__, str(err)) from err
    except DeadKernelError as err:
        raise NotebookError(path.name, None, type(err).__name__, str(err)) from err
    except CellExecutionError as err:
        index = _committed_index(nb, _failed_cell(nb))
        raise NotebookError(path.name, index, err.ename, err.evalue, err.traceback.splitlines()) from err
    nb.cells = [c for c in nb.cells if _RESET_TAG not in c.get("metadata", {}).get("tags", [])]
    _raise_for_errors(path.name, nb)
    return nb, client.kc


def import_notebook_tools() -> None:
    """Import nbformat, nbclient, papermill and nbconvert, without the IRI grammar jsonschema
    would build as they load it (``rfc3987_syntax``: two of the three seconds their import
    costs, for a format check no notebook uses); a later import of that module works as usual.

    >>> import_notebook_tools(); import sys; "nbclient" in sys.modules
    True
    """
    if "nbconvert" in sys.modules:
        return
    blocked = "rfc3987_syntax" not in sys.modules
    if blocked:  # (None in sys.modules: the import fails, and jsonschema leaves that format out)
        sys.modules["rfc3987_syntax"] = None
    try:
        for module in ("nbformat", "nbclient", "nbconvert", "papermill.parameterize"):
            importlib.import_module(module)
    finally:
        if blocked and sys.modules.get("rfc3987_syntax", False) is None:
            del sys.modules["rfc3987_syntax"]


def clear_namespace(shell) -> None:
    """Forget, in an IPython ``shell``, every name its notebooks defined and every output it
    keeps; IPython's own names stay. Run between two notebooks that share a kernel.

    As ``%reset -f``, without what that does besides: it also collects all garbage and
    opens a new history session, 0.15 s a notebook for nothing the next one could see.

    >>> from types import SimpleNamespace
    >>> out = {1: 3}
    >>> shell = SimpleNamespace(user_ns={"x": 1, "_y": 2, "_": 3, "Out": out, "_oh": out, "__name__": "m"},
    ...                         user_ns_hidden={"Out": out, "_oh": out, "_": ""}, displayhook=SimpleNamespace(_=3))
    >>> clear_namespace(shell); sorted(shell.user_ns), out, shell.displayhook._
    (['Out', '__name__', '_oh'], {}, '')
    """
    hidden = shell.user_ns_hidden
    for name in [name for name in shell.user_ns
                 if name in _OUTPUT_NAMES or (name not in hidden and not name.startswith("__"))]:
        del shell.user_ns[name]
    shell.user_ns.get("_oh", {}).clear()
    for name in _OUTPUT_NAMES:  # (the display hook keeps them too, and shifts them into the names)
        setattr(shell.displayhook, name, "")


def _leave_kernel() -> None:
    """The build's kernels' exit handler: the notebooks' names are let go (a file a notebook
    left open is flushed and closed as its object goes), and the process ends without tearing
    its interpreter down, which takes 0.4 s after the last notebook.

    Registered when the kernel starts, it runs after the exit handlers a notebook registers and
    ends the process before those registered earlier (IPython's, which would close a history
    the kernel does not keep: _KERNEL_ARGUMENTS; matplotlib's, which only removes its temporary
    config folder where the user's is not writable).
    """
    import gc
    from IPython import get_ipython

    shell = get_ipython()
    if shell is not None:
        clear_namespace(shell)
    gc.collect()
    sys.stdout.flush()
    sys.stderr.flush()
    os._exit(0)


def _failed_cell(nb) -> int | None:
    for index, cell in enumerate(nb.cells):
        if any(o.get("output_type") == "error" for o in cell.get("outputs", [])):
            return index
    return None


def _committed_index(nb, index: int | None) -> int | None:
    """The index a cell of the executed notebook has in the committed one (without the
    reset and injected-parameters cells added for the run)."""
    if index is None:
        return None
    added = sum(1 for cell in nb.cells[:index]
                if {_RESET_TAG, "injected-parameters"} & set(cell.get("metadata", {}).get("tags", [])))
    return index - added


def combine_notebooks(notebooks: list, title: str = TITLE):
    """One notebook of all outputs, without timestamps, parameters or empty code cells.

    Cell ids are renumbered (``n1-c3``): papermill gives its injected cell a
    random id, and ids end up in the page.

    >>> import nbformat
    >>> nb = nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")])
    >>> [c.id for c in combine_notebooks([nb, nb]).cells]
    ['n1-c1', 'n2-c1']
    """
    import_notebook_tools()
    import nbformat  # (here, not above: see _kernel)

    combined = nbformat.v4.new_notebook(metadata={"title": title})
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


def export_html(nb, lang: str = "en") -> str:
    """The notebook as one self-contained HTML page: outputs only, images inline.

    The ``<html>`` element carries the edition's language and direction.

    >>> import nbformat
    >>> page = export_html(nbformat.v4.new_notebook(cells=[nbformat.v4.new_markdown_cell("# Hi")]))
    >>> "<h1" in page, network_references(page), '<html dir="ltr" lang="en">' in page
    (True, [], True)
    >>> '<html dir="rtl" lang="fa">' in export_html(nbformat.v4.new_notebook(), "fa")
    True
    """
    strings = Strings(lang)
    exporter, lock = _exporter(lang)
    resources = {"metadata": {"name": strings("report.title")}, "hd_dir": strings.dir,
                 "hd_font_base64": _font_base64()}
    with lock:  # (an exporter registers filters as it runs: one page at a time)
        page, _ = exporter.from_notebook_node(nb, resources=resources)
    return page


def warm_exporters(langs: tuple[str, ...] = LANGUAGES) -> None:
    """Export an empty page in each of ``langs``: what the first export of a process costs
    besides the page (compiling the templates and nbconvert's selectors, 0.5 s or more) is
    then paid while the notebooks run, not after them.

    >>> warm_exporters(("en",))
    """
    import nbformat

    for lang in langs:
        export_html(nbformat.v4.new_notebook(), lang)


@lru_cache(maxsize=None)
def _exporter(lang: str):
    """The HTML exporter of ``lang``'s edition, made once per process (its compiled templates
    kept), with the lock that lets one page through at a time."""
    import_notebook_tools()
    exporter = _page_exporter_class()(
        template_name="healthreport", extra_template_basedirs=[str(TEMPLATES)],
        exclude_input=True, exclude_input_prompt=True, exclude_output_prompt=True,
        embed_images=True, language_code=lang,
        # The notebook is validated once, after every preprocessor, not after each of them
        # (each pass validates the whole page's notebook, its images included).
        optimistic_validation=True)
    exporter.register_filter("hd_strip_css_comments", _strip_css_comments)
    return exporter, threading.Lock()


@lru_cache(maxsize=None)
def _page_exporter_class():
    """nbconvert's HTMLExporter without its last step, a BeautifulSoup pass over the whole page
    (most of an export: 0.3 s of 0.35 s for the seeds' page, paid in this process after the last
    notebook). That pass only makes outputs focusable and gives an image without alt text an
    English placeholder; :func:`focusable_outputs` does both on the page as written. The method
    below follows nbconvert 7.17's (requirements.txt pins it); a test compares the two pages."""
    from nbconvert import HTMLExporter
    from nbconvert.exporters.templateexporter import TemplateExporter
    from nbconvert.filters.highlight import Highlight2HTML
    from nbconvert.filters.widgetsdatatypefilter import WidgetsDataTypeFilter

    class PageExporter(HTMLExporter):
        def from_notebook_node(self, nb, resources=None, **kw):
            # As HTMLExporter.from_notebook_node (nbconvert 7.17), up to its BeautifulSoup pass.
            langinfo = nb.metadata.get("language_info", {})
            lexer = langinfo.get("pygments_lexer", langinfo.get("name", None))
            self.register_filter("highlight_code",
                                 self.filters.get("highlight_code", Highlight2HTML(pygments_lexer=lexer, parent=self)))
            resources = self._init_resources(resources)
            self.register_filter("filter_data_type", WidgetsDataTypeFilter(
                notebook_metadata=self._nb_metadata, parent=self, resources=resources))
            page, resources = TemplateExporter.from_notebook_node(self, nb, resources, **kw)
            return focusable_outputs(page), resources

    return PageExporter


# An output's own <div> (the templates write its class first, after an id at most), and an
# <img> tag with no alt attribute.
_OUTPUT_DIV = re.compile(r'<div(?: id="[^"<>]*")? class="(?:[^"<>]* )?(?:jp-OutputArea-output|jp-Cell-inputWrapper)'
                         r'(?: [^"<>]*)?"')
_IMG_WITHOUT_ALT = re.compile(r"""<img(?=[\s/>])(?!(?:[^>"']|"[^"]*"|'[^']*')*?\salt(?:\s*=|[\s/>]))""", re.I)
NO_ALT_TEXT = "No description has been provided for this image"  # (nbconvert's words)


def focusable_outputs(page: str) -> str:
    """What nbconvert's HTML exporter adds to a page: ``tabindex="0"`` on every output (and
    input) so that keyboard users can reach it, and a placeholder alt text on an image that
    has none.

    >>> focusable_outputs('<div class="jp-RenderedImage jp-OutputArea-output "><img src="a.png"></div>')
    '<div class="jp-RenderedImage jp-OutputArea-output " tabindex="0"><img alt="No description has been provided for this image" src="a.png"></div>'
    >>> focusable_outputs('<div class="jp-OutputArea-child"><img alt="map" src="m.png"></div>')
    '<div class="jp-OutputArea-child"><img alt="map" src="m.png"></div>'
    >>> focusable_outputs('<IMG title="a>b" ALT="x">'), focusable_outputs('<img title="alt=">')
    ('<IMG title="a>b" ALT="x">', '<img alt="No description has been provided for this image" title="alt=">')
    """
    page = _OUTPUT_DIV.sub(lambda m: m.group() + ' tabindex="0"', page)
    return _IMG_WITHOUT_ALT.sub(lambda m: f'{m.group()} alt="{NO_ALT_TEXT}"', page)


# --- helpers ------------------------------------------------------------------------

_CSS_COMMENT = re.compile(r"/\*.*?\*/", re.S)


def _profile_count(profiles: object) -> int:
    """``profiles`` as a count of partners: a whole number, 0 or more (checked before any notebook runs)."""
    if isinstance(profiles, bool) or not isinstance(profiles, (int, str)) or not str(profiles).strip().isdigit():
        raise ValueError(f"profiles must be a whole number, 0 or more, not {profiles!r}")
    return int(profiles)


def _resolve_corpus(corpus: str | Path) -> Path:
    path = Path(corpus)
    if path.exists():
        return path.resolve()
    if str(corpus) == "seeds":
        from ..corpus import SEEDS

        return SEEDS
    raise FileNotFoundError(f"corpus not found: {corpus}")


def processed_folder(processed: str | Path | None, figures_dir: str | Path) -> Path:
    """Where the processed tables are: ``processed``, else ``data/processed`` beside the
    figures' folder (the repository's own layout: figures/ and data/ side by side).

    >>> str(processed_folder(None, "/repo/figures"))
    '/repo/data/processed'
    """
    if processed is not None:
        return Path(processed).resolve()
    return Path(figures_dir).resolve().parent / "data" / "processed"


def _resolve_gold(gold: str | Path | None) -> Path:
    # Checked here, so a wrong --gold is one line, not a failed notebook cell.
    path = Path(gold).resolve() if gold is not None else GOLD_SEEDS
    if not path.is_file():
        raise FileNotFoundError(f"gold file not found: {gold}")
    return path


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
    import nbformat

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
