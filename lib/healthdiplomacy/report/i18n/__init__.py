"""Every user-facing string of the report, per language, in one place.

The strings live in ``i18n/LANG.yaml`` (``en.yaml``, ``fa.yaml``): nested
mappings whose leaves are strings, addressed by dotted keys such as
``"trust.heading"``. Both files hold exactly the same keys (a test checks).
Notebooks fetch strings through :class:`Strings` (or :func:`t`) and never
spell out prose themselves, so a new language is one new file.

Values filled into a string are localized: numbers get the language's digits
(Persian: ``۰-۹``, ``٫`` as decimal separator), text is left as it is - ids such
as ISO codes or article ids stay Latin.

>>> t("report.title", "en")
"Iran's health diplomacy in the news"
>>> s = Strings("fa")
>>> s.dir, s.number(1234), s.number(0.5, decimals=2)
('rtl', '۱۲۳۴', '۰٫۵۰')
"""

from __future__ import annotations

from functools import lru_cache
from pathlib import Path

import yaml

from ..html import table_html
from ..numbers import is_number, number, persian_digits

FOLDER = Path(__file__).parent
LANGUAGES = ("en", "fa")
_RTL = {"fa", "ar"}


class MissingString(KeyError):
    """A key that the language file lacks."""


def t(key: str, lang: str = "en", **values) -> str:
    """The string ``key`` in ``lang``, with ``{name}`` fields filled from ``values``.

    >>> t("evidence.article", "fa")
    'مقاله'
    >>> t("evidence.articles.other", "en", n=12)
    '12 articles'
    """
    return Strings(lang)(key, **values)


class Strings:
    """The strings of one language, with number formatting to match.

    >>> s = Strings("en")
    >>> s("report.title"), s.dir
    ("Iran's health diplomacy in the news", 'ltr')
    >>> Strings("fa").count("evidence.articles", 3)
    '۳ مقاله'
    """

    def __init__(self, lang: str = "en"):
        if lang not in LANGUAGES:
            raise ValueError(f"language must be one of {LANGUAGES}, not {lang!r}")
        self.lang = lang
        self.dir = "rtl" if lang in _RTL else "ltr"
        self._table = catalog(lang)

    def __call__(self, key: str, **values) -> str:
        try:
            text = self._table[key]
        except KeyError:
            raise MissingString(f"{self.lang}: no string {key!r}") from None
        if not values:
            return text
        return text.format(**{k: self._value(v) for k, v in values.items()})

    def get(self, key: str, default: str) -> str:
        """The string ``key`` if the language has it, else ``default`` (for data labels).

        >>> Strings("fa").get("columns.theme", "theme"), Strings("fa").get("columns.Iraq", "Iraq")
        ('موضوع', 'Iraq')
        """
        return self._table.get(key, default)

    def count(self, key: str, n: int) -> str:
        """``key.one`` or ``key.other`` by ``n`` (Persian nouns after numbers stay singular).

        >>> Strings("en").count("evidence.articles", 1)
        '1 article'
        """
        return self(f"{key}.{'one' if n == 1 else 'other'}", n=n)

    def number(self, value: object, decimals: int | None = None) -> str:
        """``value`` written for this language's readers (see :func:`number`)."""
        return number(value, self.lang, decimals)

    def markdown(self, key: str, **values):
        """The string as an IPython Markdown output, for a notebook cell to show."""
        from IPython.display import Markdown

        return Markdown(self(key, **values))

    def table(self, df, rtl_columns=(), index: bool = False, translate: dict[str, str] | None = None,
              digits=(), decimals: int | None = None) -> str:
        """``df`` as an escaped HTML table for this language.

        Headers with a ``columns.NAME`` string are translated (others, such as
        partner names, are data and stay); the cells of each column in
        ``translate`` (column -> key prefix) are looked up as ``PREFIX.VALUE``
        and kept as they are without such a key; numbers get this language's
        digits (fractions with ``decimals`` places), as do the digits inside the
        text cells of ``digits`` columns.

        >>> import pandas as pd
        >>> Strings("fa").table(pd.DataFrame({"measure": ["sources"], "value": [4]}),
        ...                     translate={"measure": "values"})
        '<table class="hd-table"><thead><tr><th>سنجه</th><th>مقدار</th></tr></thead>\
<tbody><tr><td dir="auto">منابع</td><td>۴</td></tr></tbody></table>'
        """
        frame = df.reset_index() if index else df.copy()
        for column, prefix in (translate or {}).items():
            frame[column] = [self.get(f"{prefix}.{v}", v) if isinstance(v, str) else v
                             for v in frame[column]]
        for column in digits:
            frame[column] = [self.digits(v) if isinstance(v, str) else v for v in frame[column]]
        names = {c: self.get(f"columns.{c}", str(c)) for c in frame.columns}
        rtl = [names[c] for c in rtl_columns if c in names]
        return table_html(frame.rename(columns=names), rtl_columns=rtl, lang=self.lang,
                          decimals=decimals)

    def digits(self, text: str) -> str:
        """The ASCII digits of ``text`` in this language's script (only for text we wrote).

        >>> Strings("fa").digits("en 1, fa 3")
        'en ۱، fa ۳'
        """
        return persian_digits(text, prose=True) if self.lang == "fa" else text

    def _value(self, value: object) -> object:
        return self.number(value) if is_number(value) else value


def keys(lang: str) -> set[str]:
    """Every key the language defines.

    >>> keys("en") == keys("fa")
    True
    """
    return set(catalog(lang))


@lru_cache(maxsize=None)
def catalog(lang: str) -> dict[str, str]:
    """The language file flattened to ``{"dotted.key": "string"}`` (read once per process)."""
    path = FOLDER / f"{lang}.yaml"
    # libyaml's safe loader where PyYAML has it: the same data, ten times faster than the
    # pure-Python one (every kernel of a build reads both files).
    data = yaml.load(path.read_text(encoding="utf-8"), Loader=getattr(yaml, "CSafeLoader", yaml.SafeLoader))
    return dict(_flatten(data, path.name))


def _flatten(node: object, where: str, prefix: str = ""):
    if not isinstance(node, dict):
        raise ValueError(f"{where}: {prefix or 'the file'} must be a mapping")
    for name, value in node.items():
        key = f"{prefix}{name}"
        if isinstance(value, dict):
            yield from _flatten(value, where, key + ".")
        elif isinstance(value, str):
            yield key, value
        else:
            raise ValueError(f"{where}: {key} must be a string or a mapping, not {value!r}")
