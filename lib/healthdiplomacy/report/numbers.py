"""Numbers as each edition's readers write them: Persian digits and separators, a dash for
a number that does not exist.

>>> number(0.5, "fa", 2), persian_digits("1,234.5")
('۰٫۵۰', '۱٬۲۳۴٫۵')
"""

from __future__ import annotations

import math
import numbers

import pandas as pd


_PERSIAN_DIGITS = str.maketrans("0123456789.,", "۰۱۲۳۴۵۶۷۸۹٫٬")
_MISSING = "—"  # a number that does not exist (kappa of nothing), in any language


def number(value: object, lang: str = "en", decimals: int | None = None) -> str:
    """A number as its readers in ``lang`` expect it; NaN and None as a dash.

    >>> number(0.8333, "en", 2), number(0.8333, "fa", 2), number(-1, "fa"), number(float("nan"))
    ('0.83', '۰٫۸۳', '−۱', '—')
    >>> number(-0.0001, "en", 2), number(-1e-17, "fa", 2)
    ('0.00', '۰٫۰۰')
    >>> number(True, "fa")
    'True'
    """
    if not is_number(value):
        return "" if value is None else str(value)
    if isinstance(value, numbers.Real) and math.isnan(value):
        return _MISSING
    if decimals is not None:
        value = round(value, decimals) + 0.0  # -0.001 and -0.0 print as 0.00, not -0.00
    text = f"{value:.{decimals}f}" if decimals is not None else str(value)
    return persian_digits(text).replace("-", "\u2212") if lang == "fa" else text


def persian_digits(text: str, prose: bool = False) -> str:
    """ASCII digits (and the decimal point and thousands comma) in Persian script.

    With ``prose``, commas become the Persian comma and full stops stay
    (``"1, 2."``); without, the text is one number (``"1,234.5"``).

    >>> persian_digits("1,234.5"), persian_digits("en 1, fa 2.", prose=True)
    ('۱٬۲۳۴٫۵', 'en ۱، fa ۲.')
    """
    if prose:
        return text.translate(str.maketrans("0123456789,", "۰۱۲۳۴۵۶۷۸۹،"))
    return text.translate(_PERSIAN_DIGITS)


def is_number(value: object) -> bool:
    """True for a number a reader would count (a bool is not one).

    >>> is_number(3), is_number(0.5), is_number(True), is_number("3")
    (True, True, False, False)
    """
    # bool is an int to Python, but True is not a count.
    return isinstance(value, numbers.Number) and not isinstance(value, bool)


def paired(events: pd.DataFrame, articles: pd.DataFrame, lang: str = "en") -> pd.DataFrame:
    """Two tables of counts of the same shape (events, articles) as one table of "events
    (articles)" cells, in the edition's digits; a cell with no event is empty, so the gaps
    of a sparse theme x partner table show.

    >>> events = pd.DataFrame({"Iraq": [1, 0]}, index=["medicine", "vaccines"])
    >>> paired(events, events * 3, "fa")["Iraq"].tolist()
    ['۱ (۳)', '']
    """
    cells = [[f"{number(int(e), lang)} ({number(int(a), lang)})" if e else ""
              for e, a in zip(row_e, row_a)] for row_e, row_a in zip(events.to_numpy(), articles.to_numpy())]
    return pd.DataFrame(cells, index=events.index, columns=events.columns)
