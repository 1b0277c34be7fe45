"""Iran and its partners as a network: who, how often, and on what above all.

A star graph (networkx): Iran in the middle, one node per partner, one edge
each. Edge width is the number of distinct articles; edge colour the partner's
*leading theme* (the theme with most articles for it; ties go to codebook
order; grey when no theme was found). The layout is a fixed shell (Iran at the
centre, partners on a circle by articles, then id), so the same links always
give the same picture.

>>> from healthdiplomacy.results.tables import example_links, example_themes
>>> graph = partner_graph(example_links(), example_themes())
>>> sorted(graph.edges(data="articles"))
[('IR', 'azerbaijan', 2), ('IR', 'iraq', 2)]
"""

from __future__ import annotations

import networkx as nx
import pandas as pd

from .i18n import Strings
from ..results.tables import theme_codebook, label

HOME = "IR"
HOME_NAMES = ("Iran", "ایران")
NO_THEME_COLOR = "#9a9a9a"
HOME_COLOR = "#d9822b"
_MARKERS = {"country": "o", "region": "D", "organization": "s", "home": "o"}


def leading_themes(links: pd.DataFrame, themes: pd.DataFrame | None = None) -> dict[str, str]:
    """Partner id -> the theme with most distinct articles ("" when it has none).

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> leading_themes(example_links(), example_themes())
    {'azerbaijan': 'medicine', 'iraq': 'medicine'}
    """
    order = {t: i for i, t in enumerate(theme_codebook(themes)["theme_id"])}
    themed = links[links["theme_id"].fillna("") != ""]
    counts = themed.groupby(["partner_id", "theme_id"])["article_id"].nunique()
    best: dict[str, str] = {pid: "" for pid in sorted(set(links["partner_id"]))}
    for pid, group in counts.groupby(level="partner_id"):
        ranked = sorted(group.items(), key=lambda kv: (-kv[1], order.get(kv[0][1], len(order)), kv[0][1]))
        best[pid] = ranked[0][0][1]
    return best


def theme_colors(themes: pd.DataFrame | None = None) -> dict[str, str]:
    """A fixed colour per theme, by codebook position (tab20), so charts agree.

    >>> from healthdiplomacy.results.tables import example_themes
    >>> theme_colors(example_themes())["medicine"]
    '#1f77b4'
    """
    from matplotlib import colormaps
    from matplotlib.colors import to_hex

    palette = colormaps["tab20"].colors
    return {t: to_hex(palette[i % len(palette)]) for i, t in enumerate(theme_codebook(themes)["theme_id"])}


def partner_graph(links: pd.DataFrame, themes: pd.DataFrame | None = None, home: str = HOME,
                  lang: str = "en") -> nx.Graph:
    """The star graph: node attributes ``label`` (for the ``lang`` edition), ``kind, articles``;
    edge attributes ``articles, leading_theme``.

    >>> from healthdiplomacy.results.tables import example_links
    >>> graph = partner_graph(example_links())
    >>> graph.nodes["iraq"]["label"], graph.nodes["IR"]["label"]
    ('Iraq · عراق', 'Iran · ایران')
    """
    graph = nx.Graph()
    graph.add_node(home, label=label(*HOME_NAMES, lang), kind="home",
                   articles=int(links["article_id"].nunique()))
    partners = links[links["partner_id"] != home]
    lead = leading_themes(partners, themes)
    names = partners.drop_duplicates("partner_id").set_index("partner_id")
    for pid, articles in _ranked(partners):
        row = names.loc[pid]
        graph.add_node(pid, label=label(row["partner_name_en"], row["partner_name_fa"], lang),
                       kind=row["partner_kind"], articles=articles)
        graph.add_edge(home, pid, articles=articles, leading_theme=lead[pid])
    return graph


def _ranked(links: pd.DataFrame) -> list[tuple[str, int]]:
    counts = links.groupby("partner_id")["article_id"].nunique()
    return sorted(((p, int(n)) for p, n in counts.items()), key=lambda item: (-item[1], item[0]))


def network_layout(graph: nx.Graph, home: str = HOME) -> dict[str, tuple[float, float]]:
    """Fixed positions: ``home`` at the centre, partners on a circle in graph order.

    >>> from healthdiplomacy.results.tables import example_links
    >>> network_layout(partner_graph(example_links()))["IR"]
    (0.0, 0.0)
    """
    partners = [n for n in graph.nodes if n != home]
    shells = [[home], partners] if partners else [[home]]
    positions = nx.shell_layout(graph, nlist=shells, rotate=0)
    # networkx spaces shells evenly inside the scale; put the partners' circle at radius 1.
    radius = max((float((x * x + y * y) ** 0.5) for x, y in positions.values()), default=0.0) or 1.0
    # (+ 0.0 turns a -0.0 into 0.0, so the CSV never reads "-0.0")
    return {n: (round(float(x) / radius, 4) + 0.0, round(float(y) / radius, 4) + 0.0)
            for n, (x, y) in positions.items()}


def network_chart(links: pd.DataFrame, themes: pd.DataFrame | None = None, home: str = HOME,
                  lang: str = "en"):
    """The network as ``(figure, data)``; ``data`` has one row per edge (its partner):
    ``partner_id, label, kind, articles, leading_theme, theme_label, color, x, y``.
    Labels, legend and title are in the ``lang`` edition's words.

    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> fig, data = network_chart(example_links(), example_themes())
    >>> data[["partner_id", "articles", "leading_theme"]].values.tolist()
    [['azerbaijan', 2, 'medicine'], ['iraq', 2, 'medicine']]
    """
    from matplotlib.figure import Figure

    from .charts import chart_style

    strings = Strings(lang)
    graph = partner_graph(links, themes, home, lang)
    positions = network_layout(graph, home)
    data = _edge_table(graph, positions, themes, home)
    size = 5.0 + 0.16 * len(data)  # room on the circle for every label
    with chart_style():
        # The drawing is 3.8 x 2.5 (equal aspect) beside a legend about 2.8 in wide: a taller
        # figure would only add blank bands above and below it.
        fig = Figure(figsize=(size + 2.8, 0.78 * size + 0.3), layout="constrained")
        ax = fig.add_subplot()
        _draw_edges(ax, graph, positions, data, home)
        _draw_nodes(ax, graph, positions)
        _draw_labels(ax, graph, positions, home, strings)
        _legend(ax, data, themes, strings)
        ax.set_title(_shown(strings("stages.charts.network.title")))
        ax.set_axis_off()
        ax.set_xlim(-1.9, 1.9)
        ax.set_ylim(-1.25, 1.25)
        ax.set_aspect("equal")
    return fig, data


def _edge_table(graph: nx.Graph, positions: dict, themes: pd.DataFrame | None, home: str) -> pd.DataFrame:
    colors = theme_colors(themes)
    codebook = theme_codebook(themes)
    labels = dict(zip(codebook["theme_id"], codebook["label_en"]))
    rows = []
    for a, b, attrs in graph.edges(data=True):
        partner = b if a == home else a
        theme = attrs["leading_theme"]
        rows.append({"partner_id": partner, "label": graph.nodes[partner]["label"],
                     "kind": graph.nodes[partner]["kind"], "articles": attrs["articles"],
                     "leading_theme": theme, "theme_label": labels.get(theme, theme),
                     "color": colors.get(theme, NO_THEME_COLOR), "x": positions[partner][0],
                     "y": positions[partner][1]})
    columns = ["partner_id", "label", "kind", "articles", "leading_theme", "theme_label", "color", "x", "y"]
    return pd.DataFrame(rows, columns=columns)


def _draw_edges(ax, graph: nx.Graph, positions: dict, data: pd.DataFrame, home: str) -> None:
    if data.empty:
        return
    top = max(int(data["articles"].max()), 1)
    widths = [1.0 + 5.0 * a / top for a in data["articles"]]
    edges = [(home, p) for p in data["partner_id"]]
    nx.draw_networkx_edges(graph, positions, edgelist=edges, width=widths, edge_color=list(data["color"]),
                           ax=ax, alpha=0.85)


def _draw_nodes(ax, graph: nx.Graph, positions: dict) -> None:
    top = max((graph.nodes[n]["articles"] for n in graph.nodes), default=1) or 1
    for kind, marker in _MARKERS.items():
        nodes = [n for n in graph.nodes if graph.nodes[n]["kind"] == kind]
        if not nodes:
            continue
        sizes = [900 if kind == "home" else 90 + 260 * graph.nodes[n]["articles"] / top for n in nodes]
        color = HOME_COLOR if kind == "home" else "#4a4a4a"
        ax.scatter([positions[n][0] for n in nodes], [positions[n][1] for n in nodes], s=sizes,
                   marker=marker, color=color, zorder=3, edgecolors="white", linewidths=1.0)


def _draw_labels(ax, graph: nx.Graph, positions: dict, home: str, strings: Strings) -> None:
    for node in graph.nodes:
        x, y = positions[node]
        text = _shown(graph.nodes[node]["label"])
        if node == home:
            ax.annotate(text, (x, y), xytext=(0, -22), textcoords="offset points", ha="center",
                        va="top", fontsize=10, zorder=4,
                        bbox={"boxstyle": "round,pad=0.2", "facecolor": "white", "edgecolor": "none"})
            continue
        # Outward from the circle, aligned away from the centre so labels do not cross edges.
        count = graph.nodes[node]["articles"]
        # The count on its own line: "(1)" beside Persian text would be reordered by the bidi algorithm.
        ax.annotate(f"{text}\n{_shown(strings.count('evidence.articles', count))}", (x, y), xytext=(x * 1.1, y * 1.1),
                    textcoords="data", ha="left" if x > 0.05 else "right" if x < -0.05 else "center",
                    va="center", fontsize=8.5)


def _legend(ax, data: pd.DataFrame, themes: pd.DataFrame | None, strings: Strings) -> None:
    from matplotlib.lines import Line2D

    codebook = theme_codebook(themes).set_index("theme_id")
    shown = data.drop_duplicates("leading_theme").sort_values("leading_theme", key=lambda s: s.map(
        {t: i for i, t in enumerate(codebook.index)}).fillna(len(codebook)))
    handles = []
    for row in shown.itertuples(index=False):
        if row.leading_theme in codebook.index:
            name = label(*codebook.loc[row.leading_theme, ["label_en", "label_fa"]], strings.lang)
        else:
            name = strings("stages.charts.network.no_theme") if not row.leading_theme else row.leading_theme
        handles.append(Line2D([0], [0], color=row.color, lw=4, label=_shown(name)))
    kinds = sorted(set(data["kind"]), key=list(_MARKERS).index)
    handles += [Line2D([0], [0], marker=_MARKERS[k], color="#4a4a4a", lw=0,
                       label=_shown(strings.get(f"stages.kinds.{k}", k))) for k in kinds]
    if handles:
        ax.legend(handles=handles, loc="upper left", bbox_to_anchor=(1.0, 1.0), frameon=False, fontsize=8.5,
                  title=_shown(strings("stages.charts.network.legend")), title_fontsize=9)


def _shown(text: str) -> str:
    from ..text.shaping import display_text

    return display_text(text)
