"""Title, body and the site furniture (share bars, comment forms) cut from them, from ``data/boilerplate.csv``."""
from __future__ import annotations

import re
from functools import lru_cache

from ..text.normalize import compact, normalize
from .datafiles import package_csv, read_data_csv
from .errors import DataFileError


# A line longer than this is never boilerplate, whatever it starts with: a pattern's
# ".*" tail ("All rights reserved.*") must not swallow a paragraph, nor a one-line article.
MAX_CHARS = 100
MAX_WORDS = 15

# Anything a reader can see: not whitespace, ZW(N)J, bidi controls, BOM.
VISIBLE = re.compile(r"[^\s\u200b-\u200f\u202a-\u202e\u2060-\u206f\ufeff]")


def compile_boilerplate(text: str, name: str = "healthdiplomacy/data/boilerplate.csv") -> tuple[re.Pattern, ...]:
    """Compile the ``pattern`` column of a boilerplate table; a bad regex names its line.

    >>> compile_boilerplate("lang,pattern,note\\nen,(?i)share( this)?,\\nen,(unclosed,\\n", "b.csv")
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.errors.DataFileError: b.csv:3: invalid regular expression '(unclosed' (missing ), unterminated subpattern at position 0)
    """
    patterns = []
    for line, row in read_data_csv(text, name, ("pattern",)):
        try:
            patterns.append(re.compile(row["pattern"]))
        except re.error as exc:
            raise DataFileError(f"{name}:{line}", f"invalid regular expression {row['pattern']!r} ({exc})") from None
    return tuple(patterns)


@lru_cache(maxsize=1)
def boilerplate_patterns() -> tuple[re.Pattern, ...]:
    return compile_boilerplate(package_csv("boilerplate.csv"))


_LEADING_FLAGS = re.compile(r"^\(\?([aiLmsux]+)\)")


@lru_cache(maxsize=1)
def _boilerplate_matcher() -> re.Pattern | None:
    """All patterns as one alternation: one fullmatch a line instead of one per pattern.

    Leading flags become scoped (``(?i)x`` -> ``(?i:x)``); ``None`` when a
    pattern refers to a group, whose number would change in the alternation.
    """
    parts = []
    for pattern in boilerplate_patterns():
        if re.search(r"\\[1-9]|\(\?P=", pattern.pattern):
            return None
        parts.append(_LEADING_FLAGS.sub(r"(?\1:", pattern.pattern) + ")" if _LEADING_FLAGS.match(pattern.pattern)
                     else f"(?:{pattern.pattern})")
    try:
        return re.compile("|".join(parts))
    except re.error:  # pragma: no cover - each part compiled on its own
        return None


def is_boilerplate(line: str) -> bool:
    """True for a whole line of site furniture (comment forms, share buttons ...).

    >>> is_boilerplate("Leave a Reply"), is_boilerplate("Leave a reply to the minister")
    (True, False)
    """
    candidate = normalize(line).strip(" *:-|•")
    if len(candidate) > MAX_CHARS or len(candidate.split()) > MAX_WORDS:
        return False  # site furniture is short: a paragraph that starts like it is text
    matcher = _boilerplate_matcher()
    if matcher is not None:
        return matcher.fullmatch(candidate) is not None
    return any(p.fullmatch(candidate) for p in boilerplate_patterns())


_MARKDOWN_HEADING = re.compile(r"^\s*#{1,6}\s*")


def heading_key(line: str) -> str:
    return compact(_MARKDOWN_HEADING.sub("", line))


def split_title_body(raw: str, title: str = "") -> tuple[str, str, list[str]]:
    """Split a raw article into (title, body, removed lines).

    The title is ``title`` if given, else the first visible line that is not
    boilerplate (Markdown ``#`` stripped). Repeats of the title and
    boilerplate lines are removed from the body and returned, so a reader
    can see what was cut.

    >>> split_title_body("Share this\\n# Iran and Iraq\\nThey met.")
    ('Iran and Iraq', 'They met.', ['Share this'])
    """
    lines = raw.replace("\r\n", "\n").replace("\r", "\n").split("\n")
    removed: list[str] = []
    while not title and lines:
        # The title is the first line a reader would call one: site furniture
        # above it (a "Share" bar) is removed, not promoted to title.
        line = lines.pop(0).strip()
        heading = _MARKDOWN_HEADING.sub("", line).strip()
        if not VISIBLE.search(heading):
            continue
        if is_boilerplate(heading):
            removed.append(line)
        else:
            title = heading
    title_key = heading_key(title) or None  # an invisible title repeats nothing
    kept: list[str] = []
    for line in lines:
        stripped = line.strip()
        if not stripped:
            kept.append("")
        elif heading_key(stripped) == title_key or is_boilerplate(stripped):
            removed.append(stripped)
        else:
            kept.append(line.rstrip())
    body = re.sub(r"\n{3,}", "\n\n", "\n".join(kept)).strip("\n")
    return title, body, removed
