"""Progress bars for long loads, tagging runs and report builds: shown on a
terminal and in a notebook, silent in logs, pipes and CI.

One rule for the whole package (:func:`progress_shown`): a bar is drawn when
standard error is a terminal or the code runs in a Jupyter kernel, and never
when the environment variable ``CI`` is set (to anything but "" or "0") or the
caller passes ``enabled=False``.

>>> list(progress(range(3), enabled=False))
[0, 1, 2]
"""

from __future__ import annotations

import os
import sys
import warnings
from collections.abc import Callable, Iterable, Iterator
from typing import TypeVar

T = TypeVar("T")


def in_notebook() -> bool:
    """True inside a Jupyter kernel (where stderr is no terminal, yet a bar helps).

    >>> in_notebook()
    False
    """
    shell = sys.modules.get("IPython")
    get_ipython = getattr(shell, "get_ipython", None)
    try:
        return get_ipython is not None and "IPKernelApp" in get_ipython().config
    except Exception:  # IPython imported but no shell running
        return False


def progress_shown(enabled: bool | None = None) -> bool:
    """Whether a bar would be drawn: ``enabled`` wins when given; else a terminal or
    a notebook, unless ``CI`` is set.

    >>> progress_shown(False)
    False
    """
    if enabled is not None:
        return enabled
    if os.environ.get("CI", "") not in ("", "0"):
        return False
    return in_notebook() or bool(getattr(sys.stderr, "isatty", lambda: False)())


def progress(iterable: Iterable[T], enabled: bool | None = None, count: Callable[[T], int] | None = None,
             **options) -> Iterator[T]:
    """``iterable`` with a tqdm bar (``tqdm.auto``: a widget in notebooks that have
    ipywidgets, text elsewhere) when :func:`progress_shown`; else unchanged.

    ``count(item)`` says how far each item moves the bar (default 1: e.g. the
    articles in a chunk). ``options`` go to tqdm: ``desc``, ``total``, ``unit`` ...
    The bar writes to standard error, never mixing with a table on standard output.

    >>> list(progress("ab", enabled=False, desc="letters"))
    ['a', 'b']
    """
    if not progress_shown(enabled):
        yield from iterable
        return
    with warnings.catch_warnings():
        warnings.simplefilter("ignore")  # "IProgress not found": the text bar is fine
        from tqdm.auto import tqdm
    options.setdefault("file", sys.stderr)
    options.setdefault("dynamic_ncols", True)
    if count is None:
        with tqdm(iterable, **options) as bar:
            yield from bar
        return
    with tqdm(**options) as bar:
        for item in iterable:
            yield item
            bar.update(count(item))


__all__ = ["in_notebook", "progress", "progress_shown"]
