"""The report's size budget: a long table shows its first rows and links to the whole of it,
written as a CSV beside the report, so a report on 5,000 articles stays a page a browser opens
at once (bench/run.py records its size and build time at 500 and 5,000 articles).

:class:`Beside` knows where the full tables go (``figures_dir/tables/``, staged while the report
is built) and how the report links to them (relative to the report's own folder, as they will
be once the figures are in place).
"""

from __future__ import annotations

import os
import urllib.parse
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from ..results.outputs import csv_text, write_atomically
from .charts import file_stem
from .html import escape_text
from .i18n import Strings

ROWS = 50  # rows a long table shows in the report
# rows of a partner's events or quantities in the report's profile section (ten profiles of
# 50 quoted events were a quarter of a 5,000-article report); its page beside shows ROWS
PROFILE_ROWS = 10
QUOTES = 3  # articles quoted per evidence block; the rest are in the full evidence table
COLUMNS = 30  # partner columns of the theme x partner table


def link(target: str | Path, base: str | Path) -> str:
    """A relative link from the folder ``base`` to ``target``, URL-quoted (a '#' or a space in
    a folder name would otherwise break it).

    >>> link("/r/figures/tables/e.csv", "/r"), link("/r/a b.html", "/r")
    ('figures/tables/e.csv', 'a%20b.html')
    """
    return urllib.parse.quote(Path(os.path.relpath(target, base)).as_posix())


@dataclass(frozen=True)
class Beside:
    """Where the full tables of one edition are written and linked from.

    >>> import tempfile
    >>> folder = Path(tempfile.mkdtemp())
    >>> beside = Beside(folder / "figures", folder / "figures", folder, "en")
    >>> html = beside.table_html(Strings("en"), pd.DataFrame({"n": range(60)}), "numbers", limit=2)
    >>> html.count("<tr>"), 'href="figures/tables/numbers.csv"' in html, "2 of 60" in html
    (3, True, True)
    >>> (folder / "figures" / "tables" / "numbers.csv").read_text().count("\\n")
    61
    """

    figures_dir: Path  # written here (a staged copy while the report is built)
    figures_home: Path  # where figures_dir's files end up
    report_dir: Path  # the report's folder: links are relative to it
    lang: str = "en"

    @classmethod
    def of(cls, figures_dir: str | Path, figures_home: str | Path | None, report_dir: str | Path,
           lang: str = "en") -> "Beside":
        """From a notebook's parameters (``figures_home`` None: ``figures_dir`` itself).

        >>> Beside.of("f", None, ".").figures_home
        PosixPath('f')
        """
        return cls(Path(figures_dir), Path(figures_home or figures_dir), Path(report_dir), lang)

    def write(self, frame: pd.DataFrame, name: str) -> str:
        """Write ``frame`` whole as ``tables/NAME.csv`` (``NAME.LANG.csv`` for another edition):
        UTF-8 with a byte-order mark, safe cells; return the link to it from the report.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp()) / "a #1"
        >>> Beside.of(folder / "figures", None, folder, "fa").write(pd.DataFrame({"x": ["=1"]}), "t")
        'figures/tables/t.fa.csv'
        >>> (folder / "figures" / "tables" / "t.fa.csv").read_text(encoding="utf-8-sig")
        "x\\n'=1\\n"
        """
        return self.href(self.write_to(frame, name))

    def write_to(self, frame: pd.DataFrame, name: str) -> Path:
        """:meth:`write`, returning where the file ends up (under ``figures_home``), for a page
        elsewhere than the report to link it from its own folder.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> Beside.of(folder / "staged", folder / "figures", folder).write_to(pd.DataFrame({"x": [1]}), "t").name
        't.csv'
        """
        file = f"{file_stem(name, self.lang)}.csv"
        write_atomically(self.figures_dir / "tables" / file, csv_text(frame).encode("utf-8-sig"))
        return self.figures_home / "tables" / file

    def href(self, target: str | Path) -> str:
        """The link from the report to ``target`` (where it ends up): relative, URL-quoted.

        >>> Beside.of("f", None, "r").href(Path("f/partners/IQ #1.html"))
        '../f/partners/IQ%20%231.html'
        """
        return link(target, self.report_dir)

    def note_html(self, strings: Strings, shown: int, total: int, href: str, kind: str = "rows") -> str:
        """"Showing the first 50 of 4,812 rows; every row is in articles.csv", linked.

        >>> Beside.of("f", None, ".").note_html(Strings("en"), 50, 4812, "f/tables/articles.csv")
        '<p class="hd-more">Showing the first 50 of 4812 rows; every row is in <a href="f/tables/articles.csv">articles.csv</a>.</p>'
        """
        link = f'<a href="{escape_text(href)}">{escape_text(href.rsplit("/", 1)[-1])}</a>'
        text = escape_text(strings(f"budget.{kind}", shown=shown, total=total, link="{link}"))
        return f'<p class="hd-more">{text.replace("{link}", link)}</p>'

    def table_html(self, strings: Strings, frame: pd.DataFrame, name: str, limit: int = ROWS,
                   **table_options) -> str:
        """``frame`` as an HTML table (:meth:`Strings.table`): whole when it is short, else its
        first ``limit`` rows and a link to all of them."""
        if len(frame) <= limit:
            return strings.table(frame, **table_options)
        href = self.write(frame, name)
        return strings.table(frame.head(limit), **table_options) + self.note_html(strings, limit, len(frame), href)

    def rows_html(self, strings: Strings, frame: pd.DataFrame, name: str, render, limit: int = ROWS) -> str:
        """``render(frame)`` (any HTML table of its own making) when ``frame`` is short, else
        ``render`` of its first ``limit`` rows and a link to all of them.

        >>> import tempfile
        >>> folder = Path(tempfile.mkdtemp())
        >>> beside = Beside.of(folder, None, folder)
        >>> beside.rows_html(Strings("en"), pd.DataFrame({"n": [1, 2, 3]}), "n", lambda f: f"<{len(f)}>", limit=2)
        '<2><p class="hd-more">Showing the first 2 of 3 rows; every row is in <a href="tables/n.csv">n.csv</a>.</p>'
        """
        if len(frame) <= limit:
            return render(frame)
        return render(frame.head(limit)) + self.note_html(strings, limit, len(frame), self.write(frame, name))

    def columns(self, frame: pd.DataFrame, name: str, keep: int = COLUMNS, index_columns: int = 0
                ) -> tuple[pd.DataFrame, str]:
        """``frame`` with at most ``keep`` data columns (the first ones: the table is ordered),
        and the note linking to all of them ('' when nothing was left out).

        >>> import tempfile
        >>> beside = Beside.of(Path(tempfile.mkdtemp()), None, ".")
        >>> shown, note = beside.columns(pd.DataFrame({"theme": ["m"], "A": [1], "B": [2]}), "t", keep=1,
        ...                              index_columns=1)
        >>> list(shown.columns), "1 of 2 partners" in note
        (['theme', 'A'], True)
        """
        data = frame.shape[1] - index_columns
        if data <= keep:
            return frame, ""
        href = self.write(frame, name)
        return frame.iloc[:, :index_columns + keep], self.note_html(Strings(self.lang), keep, data, href, "columns")
