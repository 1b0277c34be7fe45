"""Persian in matplotlib: checked by rendering, not by trusting version numbers."""

from pathlib import Path

import arabic_reshaper
import matplotlib
import numpy as np
import pytest
from bidi import get_display
from matplotlib.backends.backend_agg import FigureCanvasAgg
from matplotlib.figure import Figure
from matplotlib.font_manager import FontProperties

from healthdiplomacy.text import shaping
from healthdiplomacy.report.charts import FONT_FILE

DEJAVU = Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
SALAM = "سلام"
LRO, PDF = "\u202d", "\u202c"  # left-to-right override ... pop


def render(text, font=DEJAVU):
    """Grey levels (0 = ink) of ``text`` drawn by Agg at 40 pt."""
    fig = Figure(figsize=(3, 1), dpi=72)
    fig.text(0.5, 0.5, text, fontproperties=FontProperties(fname=font, size=40),
             ha="center", va="center")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., 0].astype(int)


def ink_width(image):
    columns = np.flatnonzero((255 - image).sum(axis=0))
    return columns.max() - columns.min() + 1


def hand_shaped(text):
    """A known-correct drawing that needs no shaping from the renderer: contextual
    presentation forms in visual order, forced left to right."""
    return LRO + get_display(arabic_reshaper.reshape(text)) + PDF


@pytest.mark.parametrize("font", [DEJAVU, FONT_FILE], ids=["DejaVu Sans", "Vazirmatn"])
def test_agg_draws_persian_exactly_like_the_hand_shaped_reference(font):
    # Same pixels as joined letters laid right to left by hand: the renderer
    # shaped and ordered the logical string itself.
    assert np.array_equal(render(SALAM, font), render(hand_shaped(SALAM), font))


def test_agg_joins_letters():
    # Joined forms are narrower than the four isolated letters drawn one by one.
    isolated = sum(ink_width(render(letter)) for letter in SALAM)
    assert ink_width(render(SALAM)) < 0.9 * isolated


def test_pre_shaping_for_this_matplotlib_would_break_the_label():
    # The trap this module exists for: reshape + bidi before a shaping renderer
    # draws the word reversed.
    visual = get_display(arabic_reshaper.reshape(SALAM))
    assert not np.array_equal(render(SALAM), render(visual))


def test_feature_check_says_this_matplotlib_shapes():
    assert shaping.renderer_shapes_text() is True


@pytest.mark.parametrize("text", ["آذربایجان", "Azerbaijan · آذربایجان", "عراق", "Iran", ""])
def test_display_text_is_identity_for_matplotlib_here(text):
    assert shaping.display_text(text, "matplotlib") == text


def test_terminal_gets_reshaped_visual_order():
    assert shaping.display_text(SALAM, "terminal") == get_display(arabic_reshaper.reshape(SALAM))


def test_renderer_without_shaping_gets_reshaped_text(monkeypatch):
    # What an older matplotlib (no libraqm) would receive.
    monkeypatch.setattr(shaping, "renderer_shapes_text", lambda: False)
    assert shaping.display_text(SALAM, "matplotlib") == get_display(arabic_reshaper.reshape(SALAM))
    assert shaping.display_text("Iran", "matplotlib") == "Iran"


def test_unknown_target_is_an_error():
    with pytest.raises(ValueError, match="target"):
        shaping.display_text(SALAM, "browser")
