"""Charts of the links: theme x partner heatmap, partners and themes ranked.

Each chart function returns ``(figure, data)``: a matplotlib Figure (Agg, not
registered with pyplot, so notebooks show only what they choose to) and the
DataFrame that was plotted. :func:`save_chart` writes both, byte-identical for
identical input. Labels are bilingual, "Azerbaijan · آذربایجان"; the Persian
goes through :func:`healthdiplomacy.shaping.display_text`.

>>> from healthdiplomacy.tables import example_links, example_themes
>>> fig, data = partners_chart(example_links())
>>> list(data.columns)
['rank', 'partner_id', 'label', 'articles', 'themes']
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import pandas as pd
from matplotlib import font_manager, rc_context
from matplotlib.figure import Figure
from matplotlib.ticker import MaxNLocator

from .shaping import display_text
from .tables import _codebook, _pair, partner_ranking, theme_partner_table, theme_ranking

FONT_FILE = Path(__file__).with_name("fonts") / "Vazirmatn-Regular.ttf"
# Vazirmatn first (designed for Persian, with Latin glyphs too); DejaVu Sans,
# which matplotlib always bundles, catches any glyph it lacks.
_FAMILIES = ["Vazirmatn", "DejaVu Sans"]
_SALT = "healthdiplomacy"  # fixed SVG id salt: same input, same bytes
_DPI = 150
_COLOR = "#2b6f8a"


def theme_partner_heatmap(links: pd.DataFrame, themes: pd.DataFrame | None = None
                          ) -> tuple[Figure, pd.DataFrame]:
    """Heatmap of distinct articles per theme (rows) and partner (columns).

    Data: one row per cell, ``theme_id, partner_id, row, column, articles``.

    >>> from healthdiplomacy.tables import example_links, example_themes
    >>> fig, data = theme_partner_heatmap(example_links(), example_themes())
    >>> data.to_dict("records")[0]
    {'theme_id': 'medicine', 'partner_id': 'azerbaijan', 'row': 0, 'column': 0, 'articles': 2}
    """
    table = theme_partner_table(links, themes)
    labels = _theme_labels(links, themes)
    with _style():
        fig = Figure(figsize=(3.2 + 0.55 * max(len(table.columns), 2),
                              1.2 + 0.42 * max(len(table.index), 2)), layout="constrained")
        ax = fig.add_subplot()
        image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
        ax.set_xticks(range(len(table.columns)),
                      [_partner_label(links, p) for p in table.columns],
                      rotation=40, ha="right", rotation_mode="anchor")
        ax.set_yticks(range(len(table.index)), [labels[t] for t in table.index])
        _annotate_cells(ax, table)
        bar = fig.colorbar(image, ax=ax, label="articles", shrink=0.8)
        bar.locator = MaxNLocator(integer=True)  # article counts: no 0.2 ticks
        bar.update_ticks()
        ax.set_title("Articles per theme and partner")
    data = (table.stack().rename("articles").reset_index()
            .assign(row=lambda d: d["theme_id"].map(list(table.index).index),
                    column=lambda d: d["partner_id"].map(list(table.columns).index)))
    return fig, data[["theme_id", "partner_id", "row", "column", "articles"]]


def partners_chart(links: pd.DataFrame, by: str = "articles") -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars: partners ranked ``by`` "articles" or "themes".

    >>> from healthdiplomacy.tables import example_links
    >>> partners_chart(example_links(), by="themes")[1]["themes"].tolist()
    [2, 1]
    """
    ranked = partner_ranking(links, by=by)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    ranked["label"] = [_bilingual(en, fa) for en, fa in
                       zip(ranked["partner_name_en"], ranked["partner_name_fa"])]
    title = {"articles": "Partners by number of articles",
             "themes": "Partners by number of themes"}[by]
    fig = _bars(ranked["label"], ranked[by], title, f"distinct {by}")
    return fig, ranked[["rank", "partner_id", "label", "articles", "themes"]]


def themes_chart(links: pd.DataFrame, themes: pd.DataFrame | None = None
                 ) -> tuple[Figure, pd.DataFrame]:
    """Horizontal bars: themes ranked by the number of partners they involve.

    >>> from healthdiplomacy.tables import example_links, example_themes
    >>> themes_chart(example_links(), example_themes())[1]["theme_id"].tolist()
    ['medicine', 'health_tourism']
    """
    ranked = theme_ranking(links, themes)
    ranked.insert(0, "rank", range(1, len(ranked) + 1))
    ranked["label"] = [_bilingual(en, fa) for en, fa in zip(ranked["label_en"], ranked["label_fa"])]
    fig = _bars(ranked["label"], ranked["partners"], "Themes by number of partners",
                "distinct partners")
    return fig, ranked[["rank", "theme_id", "label", "partners", "articles"]]


def save_chart(fig: Figure, data: pd.DataFrame, folder: str | Path, name: str) -> dict[str, Path]:
    """Write ``name.png``, ``name.svg`` and ``name.csv`` (the plotted data) to ``folder``.

    Identical input gives identical bytes: no timestamps or software versions
    in the files, a fixed SVG id salt, rows sorted, floats at fixed precision,
    ``\\n`` line endings.

    >>> import tempfile
    >>> from healthdiplomacy.tables import example_links
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     paths = save_chart(*partners_chart(example_links()), tmp, "partners")
    ...     sorted(p.name for p in paths.values())
    ['partners.csv', 'partners.png', 'partners.svg']
    """
    folder = Path(folder)
    folder.mkdir(parents=True, exist_ok=True)
    paths = {ext: folder / f"{name}.{ext}" for ext in ("png", "svg", "csv")}
    with rc_context({"svg.hashsalt": _SALT, "svg.fonttype": "path"}):
        fig.savefig(paths["png"], dpi=_DPI, metadata={"Software": None})
        fig.savefig(paths["svg"], metadata={"Date": None, "Creator": None})
    _write_csv(data, paths["csv"])
    return paths


def show(paths: dict[str, Path]):
    """The saved PNG as an IPython image, for a notebook to display.

    Shown at 96 dpi (the PNG is drawn at 150 for sharp zooming); the bytes are
    the file's, so the report embeds exactly what ``figures/`` holds.

    >>> import tempfile
    >>> from healthdiplomacy.tables import example_links
    >>> with tempfile.TemporaryDirectory() as tmp:
    ...     image = show(save_chart(*partners_chart(example_links()), tmp, "p"))
    >>> image.width
    720
    """
    from IPython.display import Image

    data = paths["png"].read_bytes()
    width = int.from_bytes(data[16:20], "big")  # the PNG header (IHDR) holds the pixel width
    return Image(data=data, format="png", width=round(width * 96 / _DPI))


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


def _style():
    register_fonts()
    return rc_context({"font.family": _FAMILIES, "font.size": 10,
                       "axes.spines.top": False, "axes.spines.right": False})


def _bars(labels: pd.Series, values: pd.Series, title: str, xlabel: str) -> Figure:
    with _style():
        fig = Figure(figsize=(7.5, 1.0 + 0.38 * max(len(values), 2)), layout="constrained")
        ax = fig.add_subplot()
        positions = range(len(values))
        ax.barh(positions, values.tolist(), color=_COLOR)
        ax.set_yticks(positions, labels.tolist())
        ax.invert_yaxis()  # rank 1 on top
        for y, value in zip(positions, values):
            ax.annotate(f"{value}", (value, y), xytext=(3, 0), textcoords="offset points",
                        va="center", fontsize=9)
        ax.xaxis.get_major_locator().set_params(integer=True)
        ax.margins(x=0.08)  # room for the value printed after the longest bar
        ax.set_xlabel(xlabel)
        ax.set_title(title)
    return fig


def _annotate_cells(ax, table: pd.DataFrame) -> None:
    top = max(int(table.to_numpy().max(initial=0)), 1)
    for (row, column), value in pd.DataFrame(table.to_numpy()).stack().items():
        if value:
            # White on the dark end of the colour map, black on the light end.
            color = "white" if value > top / 2 else "black"
            ax.text(column, row, str(value), ha="center", va="center", color=color, fontsize=9)


def _bilingual(en: object, fa: object) -> str:
    return display_text(_pair(en, fa))


def _partner_label(links: pd.DataFrame, partner_id: str) -> str:
    row = links.loc[links["partner_id"] == partner_id].iloc[0]
    return _bilingual(row["partner_name_en"], row["partner_name_fa"])


def _theme_labels(links: pd.DataFrame, themes: pd.DataFrame | None) -> dict[str, str]:
    labels = {t: _bilingual(en, fa) for t, en, fa in
              _codebook(themes)[["theme_id", "label_en", "label_fa"]].itertuples(index=False)}
    for t, label in links[["theme_id", "theme_label"]].drop_duplicates().itertuples(index=False):
        labels.setdefault(t, _bilingual(label or t, ""))
    return labels


def _write_csv(data: pd.DataFrame, path: Path) -> None:
    rows = data.sort_values(list(data.columns), kind="mergesort").reset_index(drop=True)
    text = rows.to_csv(index=False, float_format="%.4f", lineterminator="\n")
    path.write_bytes(text.encode("utf-8"))
