"""Charts of the links: theme x partner heatmap, partners and themes ranked.

Each chart function returns ``(figure, data)``: a matplotlib Figure (Agg, not
registered with pyplot, so notebooks show only what they choose to) and the
DataFrame that was plotted. :func:`save_chart` writes both, byte-identical for
identical input. Labels are bilingual, "Azerbaijan · آذربایجان", in the English
edition; with ``lang="fa"`` every word is Persian (titles and axis labels from
:mod:`healthdiplomacy.report.i18n`), numbers are in Persian digits and the chart reads
right to left (labels on the right, bars growing leftwards). Persian text goes
through :func:`healthdiplomacy.text.shaping.display_text`. Each edition has its own
files (:func:`file_stem`).

>>> from healthdiplomacy.results.tables import example_links, example_themes
>>> fig, data = partners_chart(example_links())
>>> list(data.columns)
['rank', 'partner_id', 'label', 'events', 'articles', 'themes']
"""

from __future__ import annotations

import io
from functools import lru_cache
from pathlib import Path
from typing import BinaryIO

import numpy as np
import pandas as pd
from PIL import Image
from matplotlib import font_manager, rc_context
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.ticker import FuncFormatter, MaxNLocator

from .i18n import Strings, number
from ..text.shaping import display_text
from ..results.outputs import csv_text
from ..results.tables import labelled, theme_codebook, label, partner_ranking, theme_partner_table, theme_ranking
from .numbers import paired

FONT_FILE = Path(__file__).with_name("fonts") / "Vazirmatn-Regular.ttf"
# Vazirmatn first (designed for Persian, with Latin glyphs too); DejaVu Sans,
# which matplotlib always bundles, catches any glyph it lacks.
_FAMILIES = ["Vazirmatn", "DejaVu Sans"]
_SALT = "healthdiplomacy"  # fixed SVG id salt: same input, same bytes
_DPI = 150
_COLOR = "#2b6f8a"


def theme_partner_heatmap(links: pd.DataFrame, themes: pd.DataFrame | None = None,
                          lang: str = "en") -> tuple[Figure, pd.DataFrame]:
    """Heatmap of distinct events per theme (rows) and partner (columns); the distinct
    articles of each cell are beside the events in its data.

    Data: one row per cell, ``theme_id, partner_id, row, column, events, articles``.

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> fig, data = theme_partner_heatmap(example_links(), example_themes())
    >>> data.to_dict("records")[0]
    {'theme_id': 'medicine', 'partner_id': 'azerbaijan', 'row': 0, 'column': 0, 'events': 2, 'articles': 2}
    """
    table = theme_partner_table(links, themes)
    articles = theme_partner_table(links, themes, count="articles")
    labels = _theme_labels(links, themes, lang)
    strings = Strings(lang)
    with chart_style():
        fig = Figure(figsize=(3.2 + 0.55 * max(len(table.columns), 2),
                              1.2 + 0.42 * max(len(table.index), 2)), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(len(table.columns)),
                      [_partner_label(links, p, lang) for p in table.columns],
                      rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(table.index)), [labels[t] for t in table.index])
        annotate_cells(ax, table, lang)
        bar = fig.colorbar(image, ax=ax, label=display_text(strings("charts.heatmap.colorbar")),
                           shrink=0.8, location="left" if strings.dir == "rtl" else "right")
        bar.locator = MaxNLocator(integer=True)  # event counts: no 0.2 ticks
        if strings.dir == "rtl":  # the biggest partner on the right, where reading starts
            bar.formatter = digit_formatter(lang)
            ax.invert_xaxis()
            right_to_left(ax)
        bar.update_ticks()
        ax.set_title(display_text(strings("charts.heatmap.title")))
    data = (table.stack().rename("events").reset_index()
            .assign(row=lambda d: d["theme_id"].map(list(table.index).index),
                    column=lambda d: d["partner_id"].map(list(table.columns).index),
                    articles=articles.stack().to_numpy()))
    return fig, data[["theme_id", "partner_id", "row", "column", "events", "articles"]]


def theme_partner_cells(links: pd.DataFrame, themes: pd.DataFrame | None = None, lang: str = "en") -> pd.DataFrame:
    """The theme x partner table for reading: each cell "events (articles)" in the edition's
    digits (empty where there is no event), themes and partners by name, the theme a column.

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> one = example_links().assign(event_id=["ev-1", "ev-1", "ev-1", "ev-2", "ev-3"])  # a1, a2: one event
    >>> theme_partner_cells(one, example_themes()).head(1).values.tolist()
    [['Medicine · دارو', '1 (1)', '1 (2)']]
    """
    events, articles = (labelled(theme_partner_table(links, themes, count=count), links, themes, lang)
                        for count in ("events", "articles"))
    return paired(events, articles, lang).rename_axis(events.index.name).reset_index()


def partners_chart(links: pd.DataFrame, by: str = "events", lang: str = "en"
                   ) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars: partners ranked ``by`` "events", "articles" or "themes"; the data
    holds all three counts beside each other.

    >>> from healthdiplomacy.results.tables import example_links
    >>> partners_chart(example_links(), by="themes")[1]["themes"].tolist()
    [2, 1]
    """
    ranked = partner_ranking(links, by=by)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    ranked["label"] = [_label(en, fa, lang) for en, fa in
                       zip(ranked["partner_name_en"], ranked["partner_name_fa"])]
    fig = _bars(ranked["label"], ranked[by], f"partners_by_{by}", lang)
    return fig, ranked[["rank", "partner_id", "label", "events", "articles", "themes"]]


def themes_chart(links: pd.DataFrame, themes: pd.DataFrame | None = None, lang: str = "en",
                 by: str = "partners") -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars: themes ranked ``by`` the number of partners they involve ("partners")
    or of events ("events", then articles); the data holds partners, events and articles beside.

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> themes_chart(example_links(), example_themes())[1]["theme_id"].tolist()
    ['medicine', 'health_tourism']
    >>> themes_chart(example_links(), example_themes(), by="events")[1]["events"].tolist()
    [2, 1]
    """
    keys = {"partners": ["partners", "events", "articles"], "events": ["events", "articles", "partners"]}
    if by not in keys:
        raise ValueError(f"by must be 'partners' or 'events', not {by!r}")
    ranked = theme_ranking(links, themes)  # (codebook order within equal counts: a stable sort keeps it)
    ranked = ranked.sort_values(keys[by], ascending=False, kind="mergesort").reset_index(drop=True)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    ranked["label"] = [_label(en, fa, lang) for en, fa in zip(ranked["label_en"], ranked["label_fa"])]
    fig = _bars(ranked["label"], ranked[by], f"themes_by_{by}", lang)
    return fig, ranked[["rank", "theme_id", "label", "partners", "events", "articles"]]


def file_stem(name: str, lang: str = "en") -> str:
    """The file name (without extension) of chart ``name`` in the edition ``lang``.

    The English files keep their plain names; other editions add the language.

    >>> file_stem("partners_by_articles"), file_stem("partners_by_articles", "fa")
    ('partners_by_articles', 'partners_by_articles.fa')
    """
    return name if lang == "en" else f"{name}.{lang}"


def save_chart(fig: Figure, data: pd.DataFrame, folder: str | Path, name: str,
               lang: str = "en") -> dict[str, Path]:
    """Write ``name.png``, ``name.svg`` and ``name.csv`` (the plotted data) to ``folder``.

    Another edition than English writes ``name.LANG.png`` and so on (:func:`file_stem`).

    Identical input gives identical bytes: no timestamps or software versions
    in the files, a fixed SVG id salt, rows sorted, floats at fixed precision,
    ``\\n`` line endings.

    >>> import tempfile
    >>> from healthdiplomacy.results.tables import example_links
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_chart(*partners_chart(example_links()), tmp, "partners")
    ...     sorted(p.name for p in paths.values())
    ['partners.csv', 'partners.png', 'partners.svg']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = ChartFiles({ext: folder / f"{file_stem(name, lang)}.{ext}" for ext in ("png", "svg", "csv")})
    paths.title = next((ax.get_title() for ax in fig.axes if ax.get_title()), "")
    lay_out_once(fig)
    write_png(fig, paths["png"])
    with rc_context({"svg.hashsalt": _SALT, "svg.fonttype": "path"}):
        fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    _write_csv(data, paths["csv"])
    return paths


def write_png(fig: Figure, path: str | Path | BinaryIO, dpi: float = _DPI) -> None:
    """Draw ``fig`` at ``dpi`` into a PNG at ``path``: RGB when every pixel is opaque (as a
    chart on a white figure is), else RGBA; no text chunks, so the bytes depend on the
    picture only.

    Why not savefig's PNG: matplotlib always writes RGBA, and an alpha channel that is 255
    everywhere only costs a quarter more pixels to compress (the files grow by about a
    tenth, and zlib is a good part of a chart's time). The picture is the same.

    >>> import io
    >>> from PIL import Image
    >>> fig = Figure(figsize=(1, 1)); buffer = io.BytesIO()
    >>> write_png(fig, buffer, dpi=50); Image.open(buffer).mode, Image.open(buffer).size
    ('RGB', (50, 50))
    """
    agg_canvas(fig)
    # savefig draws (its settings: dpi, savefig.facecolor ...), into Agg's raw pixels.
    fig.savefig(io.BytesIO(), format="rgba", dpi=dpi)
    pixels = np.asarray(fig.canvas.buffer_rgba())  # (height, width, RGBA) of that drawing
    opaque = bool((pixels[..., 3] == 255).all())
    image = Image.fromarray(np.ascontiguousarray(pixels[..., :3]) if opaque else pixels)
    image.save(path, format="png", dpi=(dpi, dpi))


def agg_canvas(fig: Figure) -> FigureCanvasAgg:
    """``fig``'s Agg canvas, given one if it has another (a bare Figure has none that draws).

    >>> type(agg_canvas(Figure())).__name__
    'FigureCanvasAgg'
    """
    return fig.canvas if isinstance(fig.canvas, FigureCanvasAgg) else FigureCanvasAgg(fig)


def lay_out_once(fig: Figure, dpi: float = _DPI) -> None:
    """Solve ``fig``'s layout now, at ``dpi`` (the PNG's), and keep it: the figure is left
    laid out, with no layout engine.

    Why: savefig draws a figure that has a layout engine (even the placeholder that
    ``set_layout_engine("none")`` leaves) twice per file, once with drawing disabled to lay it
    out and once for real. Laid out here, at the resolution and with the renderer the PNG's
    first pass uses, the PNG and the SVG are each drawn once and come out the same.

    >>> fig = Figure(layout="constrained"); ax = fig.add_subplot()
    >>> lay_out_once(fig); fig.get_layout_engine() is None, fig.dpi
    (True, 100.0)
    """
    engine = fig.get_layout_engine()
    if engine is None:
        return
    # An Agg canvas of its own: the PNG is then drawn by the renderer the layout measured its
    # text with, and finds those measures in that renderer's cache.
    agg_canvas(fig)
    if fig.axes:  # (as Figure.draw: no axes, nothing to lay out)
        dpi_before = fig.dpi
        fig.set_dpi(dpi)
        try:
            engine.execute(fig)
        except ValueError:  # (Figure.draw ignores a layout that cannot be solved, so do we)
            pass
        finally:
            fig.set_dpi(dpi_before)
    # With both of these off, None removes the engine (rather than choosing one from rcParams).
    with rc_context({"figure.autolayout": False, "figure.constrained_layout.use": False}):
        fig.set_layout_engine(None)


class ChartFiles(dict):
    """``{"png": path, "svg": path, "csv": path}``, plus the chart's ``title`` (its alt text)."""

    title: str = ""


def show(paths: dict[str, Path], alt: str | None = None):
    """The saved PNG as an IPython image, for a notebook to display.

    Shown at 96 dpi (the PNG is drawn at 150 for sharp zooming); the bytes are
    the file's, so the report embeds exactly what ``figures/`` holds. ``alt``
    (default: the chart's title, in the edition's language) describes the
    image to readers who cannot see it.

    >>> import tempfile
    >>> from healthdiplomacy.results.tables import example_links
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     image = show(save_chart(*partners_chart(example_links(), lang="fa"), tmp, "p"))
    >>> image.width, image.metadata["alt"]
    (720, 'شریکان به ترتیب شمار رویدادها (مقاله‌ها در دادهٔ نمودار)')
    """
    from IPython.display import Image

    data = paths["png"].read_bytes()
    width = int.from_bytes(data[16:20], "big")  # the PNG header (IHDR) holds the pixel width
    alt = alt if alt is not None else getattr(paths, "title", "")
    return Image(data=data, format="png", width=round(width * 96 / _DPI),
                 metadata={"alt": alt} if alt else None)


def register_fonts() -> None:
    """Make the bundled Vazirmatn (SIL OFL, see fonts/OFL.txt) known to matplotlib.

    >>> register_fonts(); "Vazirmatn" in {f.name for f in font_manager.fontManager.ttflist}
    True
    """
    _register_once()


# --- helpers ------------------------------------------------------------------------


@lru_cache(maxsize=1)
def _register_once() -> None:
    # addfont appends on every call; once per process is enough.
    if FONT_FILE.exists():
        font_manager.fontManager.addfont(str(FONT_FILE))


def chart_style():
    """The matplotlib settings every chart is drawn in (the bundled Persian font first).

    >>> with chart_style():
    ...     fig = Figure()
    """
    register_fonts()
    return rc_context({"font.family": _FAMILIES, "font.size": 10,
                       "axes.spines.top": False, "axes.spines.right": False})


def _bars(labels: pd.Series, values: pd.Series, chart: str, lang: str) -> Figure:
    """Ranked horizontal bars; ``chart`` names the title and axis strings in the i18n files."""
    strings = Strings(lang)
    rtl = strings.dir == "rtl"
    with chart_style():
        fig = Figure(figsize=(7.5, 1.0 + 0.38 * max(len(values), 2)), layout="constrained")
        ax = fig.add_subplot()
        positions = range(len(values))
        ax.barh(positions, values.tolist(), color=_COLOR)
        ax.set_yticks(positions, labels.tolist())
        ax.invert_yaxis()  # rank 1 on top
        for y, value in zip(positions, values):
            # After the bar's end, which is on its left when the chart reads right to left.
            ax.annotate(number(value, lang), (value, y), xytext=(-3 if rtl else 3, 0),
                        textcoords="offset points", va="center", fontsize=9,
                        ha="right" if rtl else "left")
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.margins(x=0.08)  # room for the value printed after the longest bar
        ax.set_xlabel(display_text(strings(f"charts.{chart}.xlabel")))
        ax.set_title(display_text(strings(f"charts.{chart}.title")))
        if rtl:
            ax.invert_xaxis()  # bars grow from the right, where a Persian reader starts
            ax.xaxis.set_major_formatter(digit_formatter(lang))
            right_to_left(ax)
    return fig


def right_to_left(ax) -> None:
    """Category labels on the right-hand side, with the axis line that goes with them.

    >>> ax = Figure().add_subplot()
    >>> right_to_left(ax); ax.spines["left"].get_visible()
    False
    """
    ax.yaxis.tick_right()
    ax.spines["right"].set_visible(True)
    ax.spines["left"].set_visible(False)


def digit_formatter(lang: str) -> FuncFormatter:
    """Tick labels as whole numbers in the edition's digits.

    >>> digit_formatter("fa")(3.0, 0)
    '۳'
    """
    # Tick values are floats (2.0): whole numbers of articles, in the reader's digits.
    return FuncFormatter(lambda value, _: number(int(round(value)), lang))


def annotate_cells(ax, table: pd.DataFrame, lang: str = "en") -> None:
    """Write each non-zero count in its heatmap cell, in the edition's digits.

    >>> ax = Figure().add_subplot()
    >>> annotate_cells(ax, pd.DataFrame([[0, 2]]), "fa"); [t.get_text() for t in ax.texts]
    ['۲']
    """
    top = max(int(table.to_numpy().max(initial=0)), 1)
    for (row, column), value in pd.DataFrame(table.to_numpy()).stack().items():
        if value:
            # White on the dark end of the colour map, black on the light end.
            color = "white" if value > top / 2 else "black"
            ax.text(column, row, number(value, lang), ha="center", va="center", color=color,
                    fontsize=9)


def _label(en: object, fa: object, lang: str = "en") -> str:
    return display_text(label(en, fa, lang))


def _partner_label(links: pd.DataFrame, partner_id: str, lang: str = "en") -> str:
    row = links.loc[links["partner_id"] == partner_id].iloc[0]
    return _label(row["partner_name_en"], row["partner_name_fa"], lang)


def _theme_labels(links: pd.DataFrame, themes: pd.DataFrame | None, lang: str = "en"
                  ) -> dict[str, str]:
    labels = {t: _label(en, fa, lang) for t, en, fa in
              theme_codebook(themes)[["theme_id", "label_en", "label_fa"]].itertuples(index=False)}
    for t, name in links[["theme_id", "theme_label"]].drop_duplicates().itertuples(index=False):
        labels.setdefault(t, _label(name or t, "", lang))
    return labels


def _write_csv(data: pd.DataFrame, path: Path) -> None:
    rows = data.sort_values(list(data.columns), kind="mergesort").reset_index(drop=True)
    # A partner's or theme's name opens in a spreadsheet too: safe cells, as every other CSV.
    text = csv_text(rows, float_format="%.4f")
    path.write_bytes(text.encode("utf-8"))
