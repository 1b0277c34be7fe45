"""The partner network and the world map: content, fixed layout, identical bytes."""

from __future__ import annotations

import pandas as pd
import pytest

import healthdiplomacy as hd
from healthdiplomacy.report import charts
from healthdiplomacy.report import network
from healthdiplomacy.report import worldmap


@pytest.fixture(scope="module")
def links(seed_tagging):
    return seed_tagging.links


def same_bytes(make, tmp_path, name):
    first = charts.save_chart(*make(), tmp_path / "a", name)
    second = charts.save_chart(*make(), tmp_path / "b", name)
    return all(first[ext].read_bytes() == second[ext].read_bytes() for ext in ("png", "svg", "csv"))


# --- network -----------------------------------------------------------------------------------


def test_network_is_a_star_around_iran(links):
    graph = network.partner_graph(links)
    partners = set(links.partner_id)
    assert set(graph.nodes) == partners | {"IR"}
    assert {frozenset(e) for e in graph.edges} == {frozenset({"IR", p}) for p in partners}
    assert graph.edges["IR", "AZ"]["articles"] == 2 and graph.nodes["AZ"]["label"] == "Azerbaijan · آذربایجان"


def test_edges_are_coloured_by_the_leading_theme(links):
    lead = network.leading_themes(links)
    fig, data = network.network_chart(links)
    colors = network.theme_colors()
    for row in data.itertuples():
        expected = colors[lead[row.partner_id]] if lead[row.partner_id] else network.NO_THEME_COLOR
        assert row.color == expected and row.leading_theme == lead[row.partner_id]
    assert lead["IT"] == ""  # the Italian MoU names no theme: grey


def test_layout_is_fixed(links):
    positions = network.network_layout(network.partner_graph(links))
    assert positions["IR"] == (0.0, 0.0)
    radii = {round((x * x + y * y) ** 0.5, 3) for n, (x, y) in positions.items() if n != "IR"}
    assert radii == {1.0}
    assert positions == network.network_layout(network.partner_graph(links.sample(frac=1, random_state=7)))


def test_network_chart_is_deterministic(links, tmp_path):
    assert same_bytes(lambda: network.network_chart(links), tmp_path, "network")


def test_network_labels_are_bilingual_and_not_reshaped(links):
    fig, _ = network.network_chart(links)
    texts = {t.get_text() for t in fig.axes[0].texts}
    assert any("آذربایجان" in t for t in texts)  # logical order: matplotlib shapes it itself


# --- world map ---------------------------------------------------------------------------------


def test_every_codebook_country_has_a_shape():
    partners = hd.load_partners()
    countries = set(partners.loc[partners.kind == "country", "partner_id"])
    assert countries <= set(worldmap.country_shapes())


def test_every_partner_country_is_shaded(links):
    fig, data = worldmap.worldmap_chart(links)
    countries = data[data.kind == "country"]
    assert len(countries) and countries["shaded"].all()
    assert set(countries.partner_id) == set(links.loc[links.partner_kind == "country", "partner_id"])
    assert (countries["color"] != "").all() and worldmap.EMPTY_COLOR not in set(countries["color"])
    drawn = fig.axes[0].collections[0]
    codes = sorted(c for c in worldmap.country_shapes() if c not in worldmap._LEFT_OUT)
    faces = {code: tuple(face) for code, face in zip(codes, drawn.get_facecolors())}
    from matplotlib.colors import to_rgba

    empty = to_rgba(worldmap.EMPTY_COLOR)
    assert all(faces[p] != empty for p in countries.partner_id)
    assert faces["IR"] == to_rgba(worldmap.HOME_COLOR)


def test_regions_and_organizations_are_listed_not_shaded(links):
    # The seeds' only organizations (NAM, ECO) are frameworks, not partners: add one.
    who = links.iloc[[0]].assign(partner_id="WHO", partner_kind="organization",
                                 partner_name_en="World Health Organization", partner_name_fa="سازمان جهانی بهداشت")
    fig, data = worldmap.worldmap_chart(pd.concat([links, who], ignore_index=True))
    listed = data[data.kind != "country"]
    assert set(listed.partner_id) == {"west_africa", "WHO"}
    assert not listed["shaded"].any()
    side = " ".join(t.get_text() for t in fig.axes[1].texts)
    assert "Regions and organizations" in side and "no borders to shade" in side
    for label in listed["label"]:
        assert label in side


def test_worldmap_chart_is_deterministic(links, tmp_path):
    assert same_bytes(lambda: worldmap.worldmap_chart(links), tmp_path, "worldmap")


def test_svg_path_parser_handles_relative_curves():
    path = worldmap.parse_svg_path("M10 10 c1 1 2 2 3 3 s4 4 5 5 l1 0 h2 v2 z")
    assert path.vertices[-2].tolist() == [21.0, 20.0] and path.vertices[-1].tolist() == [10.0, 10.0]
    assert path.vertices[4].tolist() == [14.0, 14.0]  # the mirrored control point of "s"


def test_persian_edition_speaks_persian(links):
    fig, data = network.network_chart(links, lang="fa")
    texts = " ".join(t.get_text() for t in fig.axes[0].texts)
    assert "آذربایجان" in texts and "Azerbaijan" not in texts and "۲ مقاله" in texts
    fig, data = worldmap.worldmap_chart(links, lang="fa")
    side = " ".join(t.get_text() for t in fig.axes[1].texts)
    assert "منطقه‌ها و سازمان‌ها" in side and "غرب آفریقا" in side and "West Africa" not in side


def test_the_world_map_svg_is_not_megabytes(links, tmp_path):
    # Its 250 outlines are drawn as pixels inside the SVG (the labels stay text): 2 MB before.
    paths = charts.save_chart(*worldmap.worldmap_chart(links), tmp_path, "map")
    assert paths["svg"].stat().st_size < 500_000
    assert "<image" in paths["svg"].read_text()  # the countries, as one embedded picture
