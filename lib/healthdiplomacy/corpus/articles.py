"""One article row from a raw text: title, body, language, source and a content hash."""
from __future__ import annotations

import hashlib
import re

from ..text.language import detect_language
from ..text.normalize import compact
from .boilerplate import VISIBLE, heading_key, split_title_body
from .errors import CorpusError
from .sources import detect_source


COLUMNS = ["article_id", "path", "title", "text", "language", "source", "url", "published",
           "encoding", "chars", "content_hash", "duplicate_of", "removed"]


def article_from_text(raw: str, article_id: str = "article", **metadata) -> dict:
    """Build one article row from a raw text (title on the first line).

    Raises :class:`CorpusError` when nothing is left to read: an empty text,
    only boilerplate, or no letters at all. A ``title`` in ``metadata`` is
    used instead of the first line, and then the text itself must have words.

    >>> row = article_from_text("Iran and Iraq\\n\\nIran and Iraq\\nThey met.\\nLeave a Reply")
    >>> row["title"], row["text"], row["removed"]
    ('Iran and Iraq', 'They met.', ['Iran and Iraq', 'Leave a Reply'])
    >>> article_from_text("Leave a Reply\\nSimilar Posts")
    Traceback (most recent call last):
    ...
    healthdiplomacy.corpus.errors.CorpusError: article: only boilerplate
    """
    given_title = metadata.get("title") or ""
    title, body, removed = split_title_body(raw, title=given_title)
    # A title from metadata is not the text's own content, unless the text repeats it.
    title_in_text = not given_title or any(heading_key(line) == heading_key(title) for line in removed)
    own_text = f"{title}\n{body}" if title_in_text else body
    if not any(char.isalpha() for char in own_text):
        reason = ("only boilerplate" if removed else
                  "empty article" if not VISIBLE.search(own_text) else "no words (no letters in the text)")
        raise CorpusError(article_id, reason)
    language = detect_language(title + "\n" + body)
    source = metadata.get("source") or detect_source(body)
    return {
        "article_id": article_id,
        "path": metadata.get("path", ""),
        "title": title,
        "text": body,
        "language": language,
        "source": source,
        "url": metadata.get("url") or "",
        "published": metadata.get("published") or "",
        "encoding": metadata.get("encoding", ""),
        "chars": len(body),
        "content_hash": content_hash(title + "\n" + body),
        "duplicate_of": "",
        "removed": removed,
    }


_WHITESPACE = re.compile(r"\s+")


def content_hash(text: str) -> str:
    """A short hash of the normalized text: equal for texts that differ only in
    ZWNJ/space, Arabic/Persian letters, digits, diacritics or whitespace
    (line breaks included).

    >>> content_hash("همکاری‌ها ۱۴۰۰") == content_hash("همكاري ها 1400")
    True
    >>> content_hash("Iran and\\nIraq") == content_hash("Iran and Iraq")
    True
    """
    return hashlib.sha256(_WHITESPACE.sub("", compact(text)).encode("utf-8", "surrogatepass")).hexdigest()[:16]
