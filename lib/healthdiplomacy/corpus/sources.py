"""The news agency an article credits ("به گزارش ...", "according to ..."), named from ``data/sources.csv``."""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.normalize import compact, normalize
from .datafiles import package_csv, read_data_csv


_CREDIT = re.compile(r"(?:به\s+گزارش|according\s+to|reported\s+by|\bquoted\s+by)\s+(.{2,80}?)(?=[:：،,؛;(]|\s*به\s+نقل|$)",
                     re.I | re.S)


def parse_source_terms(text: str, name: str = "healthdiplomacy/data/sources.csv") -> tuple[tuple[str, str], ...]:
    """``(compact term, English name)`` pairs from a sources table.

    >>> parse_source_terms("name_en,lang,term\\nIRNA,fa,ایرنا\\n", "s.csv")
    (('ایرنا', 'IRNA'),)
    """
    return tuple((compact(row["term"]).casefold(), row["name_en"].strip())
                 for _, row in read_data_csv(text, name, ("name_en", "term")))


@lru_cache(maxsize=1)
def source_terms() -> tuple[tuple[str, str], ...]:
    return parse_source_terms(package_csv("sources.csv"))


def detect_source(text: str) -> str:
    """The news agency an article credits ("به گزارش ..." / "according to ..."), or ''.

    Known agencies get their English name; an unknown credited name is returned as written.

    >>> detect_source("به گزارش خبرنگار\\nخبرگزاری صدا و سیما به نقل از روابط عمومی")
    'IRIB News Agency'
    >>> detect_source("به گزارش آران نیوزبه نقل از پایگاه")
    'Aran News'
    >>> detect_source("No credit here.")
    ''
    """
    match = _CREDIT.search(text[:3000])
    if not match:
        return ""
    credited = match.group(1)
    key = compact(credited).casefold()
    # A short window after the credit, so substrings are safe here; the earliest
    # name wins ("آران نیوز به نقل از پایگاه اطلاع رسانی دولت" is Aran News).
    found = [(key.find(term), -len(term), name) for term, name in source_terms() if term in key]
    if found:
        return min(found)[2]
    credited = re.sub(r"^(?:خبرنگار|the)\s+", "", normalize(credited).replace("\n", " "), flags=re.I)
    return credited.strip(" .")
