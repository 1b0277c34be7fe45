"""Persian text for renderers that cannot shape it themselves.

Arabic-script letters change form with their neighbours and run right to left.
A renderer that does neither draws isolated letters left to right; the old fix
was to pass labels through ``arabic_reshaper.reshape`` (contextual forms) and
``bidi.get_display`` (visual order) first. Matplotlib >= 3.11 lays text out with
libraqm, which shapes and orders by itself, and the old fix then renders the
label reversed. So the fix is applied only where a feature check says the
renderer needs it; browsers always shape, and HTML is never passed through here.

>>> display_text("Iran") == "Iran"
True
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

# Seen-lam-meem: three letters without dots whose isolated and joined forms
# differ a lot, so both the joining and the order show in the pixels.
_PROBE = "\u0633\u0644\u0645"
_TARGETS = ("matplotlib", "terminal")


def display_text(text: str, target: str = "matplotlib") -> str:
    """Return ``text`` ready to hand to ``target`` ("matplotlib" or "terminal").

    Unchanged when the target shapes and orders Arabic-script text itself
    (matplotlib with libraqm); otherwise reshaped and put in visual order.
    Text without Arabic-script letters is always returned as is.

    >>> from bidi import get_display; import arabic_reshaper
    >>> display_text("سلام", "terminal") == get_display(arabic_reshaper.reshape("سلام"))
    True
    """
    if target not in _TARGETS:
        raise ValueError(f"target must be one of {_TARGETS}, not {target!r}")
    if not _has_arabic_script(text):
        return text
    if target == "matplotlib" and renderer_shapes_text():
        return text
    return _visual(text)


@lru_cache(maxsize=1)
def renderer_shapes_text() -> bool:
    """Whether matplotlib's Agg renderer shapes and orders Arabic script itself.

    Decided by rendering, not by version number: a renderer that joins letters
    and lays them out right to left draws the logical string exactly as it
    draws the same string in contextual (presentation) forms, and differently
    from the reshaped *and reversed* string. A renderer without shaping draws
    the logical string as isolated letters, unlike either. Cached: the answer
    cannot change within a process.

    >>> isinstance(renderer_shapes_text(), bool)
    True
    """
    import arabic_reshaper

    logical = _render(_PROBE)
    joined = _render(arabic_reshaper.reshape(_PROBE))
    visual = _render(_visual(_PROBE))
    # Equality with ``joined`` alone would also hold for a font that draws every
    # letter as the same missing-glyph box; the ``visual`` check rules that out.
    return _same(logical, joined) and not _same(logical, visual)


def _visual(text: str) -> str:
    import arabic_reshaper
    from bidi import get_display

    return get_display(arabic_reshaper.reshape(text))


def _has_arabic_script(text: str) -> bool:
    # Arabic, Arabic Supplement/Extended-A, and the two presentation-form blocks.
    return any(
        "\u0600" <= ch <= "\u08ff" or "\ufb50" <= ch <= "\ufdff" or "\ufe70" <= ch <= "\ufeff"
        for ch in text
    )


def _render(text: str):
    """Grey levels of ``text`` drawn by Agg in matplotlib's bundled DejaVu Sans."""
    import matplotlib
    import numpy as np
    from matplotlib.backends.backend_agg import FigureCanvasAgg
    from matplotlib.figure import Figure
    from matplotlib.font_manager import FontProperties

    # The bundled file, not a family name: the check must not depend on which
    # fonts the machine has installed, nor on rcParams.
    font = Path(matplotlib.get_data_path(), "fonts", "ttf", "DejaVuSans.ttf")
    fig = Figure(figsize=(2, 0.8), dpi=72)
    fig.text(0.5, 0.5, text, fontproperties=FontProperties(fname=font, size=32),
             ha="center", va="center")
    canvas = FigureCanvasAgg(fig)
    canvas.draw()
    return np.asarray(canvas.buffer_rgba())[..., 0].astype(np.int16)


def _same(a, b) -> bool:
    # A little tolerance for anti-aliasing at different sub-pixel offsets.
    import numpy as np

    ink = max(int((255 - a).sum()), 1)
    return int(np.abs(a - b).sum()) <= 0.02 * ink
