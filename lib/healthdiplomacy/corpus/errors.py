"""Errors a load raises and the account it keeps of what it saw, loaded and skipped."""
from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path


class CorpusError(Exception):
    """A file (or the corpus as a whole) cannot be read as articles.

    ``path`` names the file (``file:line`` for a row of a table), ``reason``
    says why, in words a user can act on.

    >>> str(CorpusError("a.txt", "empty file (0 bytes)"))
    'a.txt: empty file (0 bytes)'
    """

    def __init__(self, path: str | Path, reason: str):
        super().__init__(f"{path}: {reason}")
        self.path = str(path)
        self.reason = reason


class MetadataError(CorpusError):
    """``metadata.csv`` is malformed; raised whatever ``errors`` says."""


class DataFileError(CorpusError):
    """A CSV shipped in the package (``data/boilerplate.csv``, ``data/sources.csv``) is malformed."""


@dataclass
class Skipped:
    """An entry (file or table row) that was seen but not loaded, and why."""

    path: str
    reason: str


def nothing_read(where: str | Path, skipped: list) -> CorpusError:
    """The error for a corpus with no readable article, naming the first entry skipped and
    why (``Skipped`` items or ``{"path", "reason"}`` dicts), so the cause is on the same line.

    >>> str(nothing_read("t.csv", [{"path": "t.csv:2", "reason": "unterminated quote"}]))
    't.csv: no readable article (1 entry skipped; the first, t.csv:2: unterminated quote)'
    """
    if not skipped:
        return CorpusError(where, "no readable article")
    first = skipped[0]
    path, reason = (first["path"], first["reason"]) if isinstance(first, dict) else (first.path, first.reason)
    count = f"{len(skipped)} entr{'y' if len(skipped) == 1 else 'ies'} skipped"
    return CorpusError(where, f"no readable article ({count}; the first, {path}: {reason})")


@dataclass
class CorpusReport:
    """What a load saw, filled in while :func:`iter_corpus` runs.

    ``entries_seen == loaded + len(skipped)`` always holds (see the module docstring).
    """

    files_seen: int = 0
    entries_seen: int = 0
    loaded: int = 0
    skipped: list[Skipped] = field(default_factory=list)
    # Things read, but not as written (a repeated article id renamed): one line each, for stderr.
    warnings: list[str] = field(default_factory=list)

    def balanced(self) -> bool:
        """True when every entry seen is accounted for (loaded or skipped).

        >>> skipped = [Skipped("t.csv:3", "row has no text")]
        >>> CorpusReport(files_seen=1, entries_seen=2, loaded=1, skipped=skipped).balanced()
        True
        """
        return self.entries_seen == self.loaded + len(self.skipped)


@dataclass
class LoadState:
    """The state of one :func:`iter_corpus` call."""

    errors: str
    report: CorpusReport
    metadata: dict[Path, dict[str, dict]] = field(default_factory=dict)

    def skip(self, exc: CorpusError) -> None:
        """Record a skipped entry; re-raise with ``errors="raise"``."""
        if isinstance(exc, (MetadataError, DataFileError)):  # not the entry's fault
            raise exc
        self.report.skipped.append(Skipped(exc.path, exc.reason))
        if self.errors == "raise":
            raise exc
