"""Charts: bilingual labels, and byte-identical files for identical input."""

import subprocess
import sys

import pytest
from matplotlib import font_manager

from healthdiplomacy.report import charts
from healthdiplomacy.results.tables import example_links, example_themes

CHARTS = {  # file name -> how to draw it from the example links (in an edition's language)
    "heatmap": lambda lang="en": charts.theme_partner_heatmap(example_links(), example_themes(), lang),
    "partners": lambda lang="en": charts.partners_chart(example_links(), lang=lang),
    "partners_by_themes": lambda lang="en": charts.partners_chart(example_links(), by="themes", lang=lang),
    "themes": lambda lang="en": charts.themes_chart(example_links(), example_themes(), lang),
}

# The same drawing in a fresh interpreter: nothing may depend on process state
# (font cache order, id counters, hash seeds).
SUBPROCESS = """
import sys
from healthdiplomacy.report import charts
from healthdiplomacy.results.tables import example_links, example_themes
charts.save_chart(*charts.themes_chart(example_links(), example_themes()), sys.argv[1], "themes")
"""


def files(folder):
    return {p.name: p.read_bytes() for p in sorted(folder.iterdir())}


@pytest.mark.parametrize("name", sorted(CHARTS))
def test_same_input_twice_gives_identical_bytes(tmp_path, name):
    charts.save_chart(*CHARTS[name](), tmp_path / "one", name)
    charts.save_chart(*CHARTS[name](), tmp_path / "two", name)
    one, two = files(tmp_path / "one"), files(tmp_path / "two")
    assert sorted(one) == [f"{name}.csv", f"{name}.png", f"{name}.svg"]
    assert one == two


@pytest.mark.slow  # (a fresh interpreter: a subprocess)
def test_identical_bytes_across_processes(tmp_path):
    charts.save_chart(*CHARTS["themes"](), tmp_path / "here", "themes")
    subprocess.run([sys.executable, "-c", SUBPROCESS, str(tmp_path / "there")], check=True)
    assert files(tmp_path / "here") == files(tmp_path / "there")


@pytest.mark.parametrize("lang", ["en", "fa"])
@pytest.mark.parametrize("name", sorted(CHARTS))
def test_saved_files_show_what_savefig_draws(tmp_path, name, lang):
    # save_chart lays a chart out once and writes its own (RGB) PNG; matplotlib's savefig,
    # given the same figure fresh, must find the same layout and pixels, and the same SVG.
    import numpy as np
    from matplotlib import rc_context
    from PIL import Image

    paths = charts.save_chart(*CHARTS[name](lang), tmp_path, name)
    fig = CHARTS[name](lang)[0]
    with rc_context({"svg.hashsalt": "healthdiplomacy", "svg.fonttype": "path"}):
        fig.savefig(tmp_path / "savefig.png", dpi=150)
        fig.set_layout_engine("none")  # (laid out by the PNG's save, as save_chart lays out once)
        fig.savefig(tmp_path / "savefig.svg", metadata={"Date": None, "Creator": None})
    ours, theirs = Image.open(paths["png"]), Image.open(tmp_path / "savefig.png")
    assert (ours.mode, theirs.mode) == ("RGB", "RGBA")  # every pixel opaque: no alpha written
    assert ours.info["dpi"] == theirs.info["dpi"]
    assert np.array_equal(np.asarray(ours.convert("RGBA")), np.asarray(theirs))
    assert paths["svg"].read_bytes() == (tmp_path / "savefig.svg").read_bytes()


def test_a_see_through_chart_keeps_its_alpha(tmp_path):
    from matplotlib.figure import Figure
    from PIL import Image

    fig = Figure(figsize=(1, 1), facecolor="none")
    fig.add_subplot().plot([0, 1])
    charts.write_png(fig, tmp_path / "clear.png", dpi=40)
    assert Image.open(tmp_path / "clear.png").mode == "RGBA"


def test_files_carry_no_dates_or_versions(tmp_path):
    paths = charts.save_chart(*CHARTS["partners"](), tmp_path, "partners")
    png, svg = paths["png"].read_bytes(), paths["svg"].read_text()
    assert b"Software" not in png and b"tIME" not in png
    assert "<dc:date>" not in svg and "Matplotlib v" not in svg


def test_csv_is_sorted_with_unix_line_endings(tmp_path):
    paths = charts.save_chart(*CHARTS["heatmap"](), tmp_path, "heatmap")
    raw = paths["csv"].read_bytes()
    assert b"\r" not in raw and raw.endswith(b"\n")
    lines = raw.decode().splitlines()
    assert lines[0] == "theme_id,partner_id,row,column,events,articles"
    assert lines[1:] == sorted(lines[1:])


def test_floats_have_fixed_precision(tmp_path):
    fig, data = CHARTS["themes"]()
    data = data.assign(share=[1 / 3, 2 / 3])
    paths = charts.save_chart(fig, data, tmp_path, "themes")
    assert "0.3333," not in paths["csv"].read_text()
    assert paths["csv"].read_text().splitlines()[1].endswith(",0.3333")


def test_labels_are_bilingual_and_not_pre_shaped():
    fig, _ = CHARTS["partners"]()
    labels = [t.get_text() for t in fig.axes[0].get_yticklabels()]
    # Logical-order Persian: this matplotlib shapes it (see test_shaping).
    assert labels == ["Azerbaijan · آذربایجان", "Iraq · عراق"]


def test_heatmap_axes_and_data():
    fig, data = CHARTS["heatmap"]()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == [
        "Medicine · دارو", "Vaccines · واکسن", "Health tourism · گردشگری سلامت"]
    assert int(data["articles"].sum()) == 4


def test_bundled_font_is_registered_with_its_licence():
    charts.register_fonts()
    assert "Vazirmatn" in {f.name for f in font_manager.fontManager.ttflist}
    assert (charts.FONT_FILE.parent / "OFL.txt").exists()


# --- the Persian edition's charts -------------------------------------------------------

CHARTS_FA = {
    "heatmap": lambda: charts.theme_partner_heatmap(example_links(), example_themes(), lang="fa"),
    "partners": lambda: charts.partners_chart(example_links(), lang="fa"),
    "themes": lambda: charts.themes_chart(example_links(), example_themes(), lang="fa"),
}


@pytest.mark.parametrize("name", sorted(CHARTS_FA))
def test_persian_chart_files_are_their_own_and_deterministic(tmp_path, name):
    charts.save_chart(*CHARTS_FA[name](), tmp_path / "one", name, "fa")
    charts.save_chart(*CHARTS_FA[name](), tmp_path / "two", name, "fa")
    one = files(tmp_path / "one")
    assert sorted(one) == [f"{name}.fa.csv", f"{name}.fa.png", f"{name}.fa.svg"]
    assert one == files(tmp_path / "two")


def test_persian_bars_read_right_to_left_in_persian():
    fig, data = CHARTS_FA["partners"]()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["آذربایجان", "عراق"]
    assert data["label"].tolist() == ["آذربایجان", "عراق"]
    assert ax.get_title() == "شریکان به ترتیب شمار رویدادها (مقاله‌ها در دادهٔ نمودار)"
    assert ax.get_xlabel() == "رویدادهای متمایز"
    assert ax.xaxis_inverted() and ax.yaxis.get_ticks_position() == "right"
    ticks = [ax.xaxis.get_major_formatter()(v, i) for i, v in enumerate(ax.get_xticks())]
    assert ticks and not any(ch.isascii() and ch.isdigit() for t in ticks for ch in t)
    assert [t.get_text() for t in ax.texts] == ["۲", "۲"]  # the values after the bars


def test_persian_heatmap_labels_and_digits():
    fig, _ = CHARTS_FA["heatmap"]()
    ax = fig.axes[0]
    assert [t.get_text() for t in ax.get_yticklabels()] == ["دارو", "واکسن", "گردشگری سلامت"]
    assert [t.get_text() for t in ax.get_xticklabels()] == ["آذربایجان", "عراق"]
    assert ax.xaxis_inverted() and {t.get_text() for t in ax.texts} == {"۱", "۲"}


def test_a_chart_csv_holds_no_formula(tmp_path):
    # The CSV beside a chart opens in a spreadsheet like any export: a name that looks like a
    # formula is written as text.
    from healthdiplomacy.results.tables import example_links

    links = example_links().assign(partner_name_en=lambda f: f["partner_name_en"].replace(
        "Iraq", '=HYPERLINK("http://x","y")'))
    paths = charts.save_chart(*charts.partners_chart(links), tmp_path, "p")
    import csv
    cells = [cell for row in csv.reader(paths["csv"].open(encoding="utf-8")) for cell in row]
    assert any("=HYPERLINK" in cell for cell in cells) and not any(cell.startswith("=") for cell in cells)
