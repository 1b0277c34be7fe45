"""Corrections: the analyst's last word over the machine's coding.

A corrections file is a CSV with the columns :data:`CORRECTION_COLUMNS`, one
correction a row, applied in file order after coding, on every run, to a fresh
:class:`~healthdiplomacy.Tagging` (nothing is stored in the tables, so re-tagging
never loses a correction):

============  ====================================================================
action        what it does
============  ====================================================================
``remove``    drops the link (article, partner, theme); an empty theme_id drops
              every link of the partner in the article
``add``       adds the link (article, partner, theme; theme may be empty); ``value``
              is the evidence the analyst quotes (optional)
``set_role``  gives the partner's mentions in the article the role ``value``
              (``partner``, ``venue``, ``third_party``, ...); a partner no longer a
              partner loses its links and stages, a place made partner gets a link
``set_stage`` replaces the partner's stages in the article with ``value``
============  ====================================================================

``article_id`` names the article by its id *or by its content hash* (the articles'
``content_hash``: the same for the same text wherever the file moves, whatever row
of a table it is read from); the applied table gives both, so an id can be pinned
to its hash. An ``event_id`` (:func:`~healthdiplomacy.results.events.find_events`)
may stand in for ``article_id``: the correction then applies to each of its reports. A correction that cannot be applied (an unknown article, partner or
theme, an article no longer in the corpus, a link that is not there) is never
dropped silently: it raises a :class:`CorrectionWarning` naming the file and line,
and its row in the applied table says why.

>>> import io, warnings
>>> from healthdiplomacy import load_corpus, tag_articles
>>> articles = load_corpus()
>>> tagging = tag_articles(articles)
>>> fixes = io.StringIO("article_id,partner_id,theme_id,action,value,note,analyst,date\\n"
...                     "002_ae9f4961a003824f,AZ,vaccines,add,,seen in the photo caption,mr,2026-12-01\\n")
>>> corrected, applied = apply_corrections(tagging, articles, fixes)
>>> applied[["line", "action", "status"]].values.tolist()
[[2, 'add', 'applied']]
>>> len(corrected.links) - len(tagging.links)
1
"""

from __future__ import annotations

import csv
import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd

from ..codebook.tables import Codebook, load_stagebook
from ..coding.relation import ROLES
from ..coding.tagger import Tagging, default_tagger
from .events import SEPARATOR, find_events

CORRECTION_COLUMNS = ["article_id", "partner_id", "theme_id", "action", "value", "note", "analyst", "date"]
ACTIONS = ("remove", "add", "set_role", "set_stage")
# The applied table: one row per correction read, with what became of it.
APPLIED_COLUMNS = ["file", "line", "action", "article_id", "content_hash", "partner_id", "theme_id", "value", "status",
                   "rows", "note", "analyst", "date"]
CORRECTED = "correction"  # the rule, partner_rule and cue of what a correction added or changed
_HASH = re.compile(r"[0-9a-f]{16}")


class CorrectionError(ValueError):
    """A corrections file that cannot be read (one line: file, line, what is wrong)."""


class CorrectionWarning(UserWarning):
    """A correction that could not be applied (the message names file and line)."""


@dataclass(frozen=True)
class Correction:
    """One row of a corrections file, with where it was read."""

    file: str
    line: int
    article_id: str
    partner_id: str
    theme_id: str
    action: str
    value: str = ""
    note: str = ""
    analyst: str = ""
    date: str = ""


def load_corrections(source: str | Path | IO[str], stages: tuple[str, ...] | None = None) -> list[Correction]:
    """The corrections of a CSV file (or an open text stream), checked row by row.

    Raises :class:`CorrectionError` naming the file and line of the first row that is
    malformed: a missing column, an unknown action, an empty article_id, partner_id
    (or action), a role that is not one of ``ROLES``, or a stage not among ``stages``
    (the shipped stage order by default). Lines starting with ``#`` are comments.

    >>> rows = load_corrections(io.StringIO("article_id,partner_id,theme_id,action,value,note,analyst,date\\n"
    ...                                     "a1,IQ,medicine,remove,,wrong partner,mr,2026-12-01\\n"))
    >>> rows[0].line, rows[0].action, rows[0].analyst
    (2, 'remove', 'mr')
    >>> load_corrections(io.StringIO("article_id,partner_id,action\\na1,IQ,delete\\n"))
    Traceback (most recent call last):
    ...
    healthdiplomacy.results.corrections.CorrectionError: <stream>:2: action 'delete' is not one of remove, add, set_role, set_stage
    """
    if isinstance(source, (str, Path)):
        name = str(source)
        try:
            text = Path(source).read_text(encoding="utf-8-sig")
        except FileNotFoundError:
            raise CorrectionError(f"{name}: no such corrections file") from None
        except UnicodeDecodeError as exc:
            raise CorrectionError(f"{name}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    else:
        name, text = getattr(source, "name", "<stream>"), source.read()
    stage_order = stages if stages is not None else load_stagebook().order
    reader = csv.reader(io.StringIO(text))
    header = [h.strip() for h in next(reader, [])]
    missing = [c for c in ("article_id", "partner_id", "action") if c not in header]
    if missing:
        raise CorrectionError(f"{name}:1: missing column(s) {', '.join(missing)} "
                              f"(expected {', '.join(CORRECTION_COLUMNS)})")
    rows = []
    for values in reader:
        line = reader.line_num
        if not values or values[0].startswith("#") or not any(v.strip() for v in values):
            continue
        if len(values) != len(header):
            raise CorrectionError(f"{name}:{line}: expected {len(header)} fields, found {len(values)} "
                                  "(a comma inside a value needs quotes)")
        row = {c: "" for c in CORRECTION_COLUMNS} | dict(zip(header, (v.strip() for v in values)))
        empty = [c for c in ("article_id", "partner_id", "action") if not row[c]]
        if empty:
            raise CorrectionError(f"{name}:{line}: empty {', '.join(empty)}")
        action, value = row["action"], row["value"]
        if action not in ACTIONS:
            raise CorrectionError(f"{name}:{line}: action {action!r} is not one of {', '.join(ACTIONS)}")
        if action == "set_role" and value not in ROLES:
            raise CorrectionError(f"{name}:{line}: set_role needs a role in value, one of {', '.join(ROLES)}")
        if action == "set_stage" and value not in stage_order:
            raise CorrectionError(f"{name}:{line}: set_stage needs a stage in value, one of {', '.join(stage_order)}")
        rows.append(Correction(name, line, **{c: row[c] for c in CORRECTION_COLUMNS}))
    return rows


def apply_corrections(tagging: Tagging, articles: pd.DataFrame, corrections: str | Path | IO[str] | list[Correction],
                      codebook: Codebook | None = None) -> tuple[Tagging, pd.DataFrame]:
    """(the tagging corrected, the applied table :data:`APPLIED_COLUMNS`).

    ``articles`` is the corpus the tagging was made from (for ids and content hashes);
    ``corrections`` a file, a stream or :func:`load_corrections` rows. The tagging
    given is left as it was. Each correction that cannot be applied warns
    (:class:`CorrectionWarning`, with file and line) and is listed with its reason.

    >>> import warnings
    >>> from healthdiplomacy import load_corpus, tag_articles
    >>> articles = load_corpus()
    >>> fixes = [Correction("fixes.csv", 7, "gone_article", "IQ", "", "remove")]
    >>> with warnings.catch_warnings(record=True) as caught:
    ...     warnings.simplefilter("always")
    ...     _, applied = apply_corrections(tag_articles(articles), articles, fixes)
    >>> str(caught[0].message)
    "fixes.csv:7: unknown article 'gone_article' (no article of the corpus has this id or content hash, no event this id): not applied"
    """
    book = codebook or default_tagger().codebook  # the shipped one, already built for tagging
    rows = corrections if isinstance(corrections, list) else load_corrections(corrections, book.stagebook.order)
    state = _State(tagging, articles, book)
    applied = []
    for fix in rows:
        status, count, key = state.apply(fix)
        if status != "applied":
            warnings.warn(f"{fix.file}:{fix.line}: {status}: not applied", CorrectionWarning, stacklevel=2)
        applied.append({"file": fix.file, "line": fix.line, "action": fix.action, "article_id": key or fix.article_id,
                        "content_hash": state.hashes.get(key, ""), "partner_id": fix.partner_id,
                        "theme_id": fix.theme_id, "value": fix.value, "status": status, "rows": count,
                        "note": fix.note, "analyst": fix.analyst, "date": fix.date})
    return state.tagging(), pd.DataFrame(applied, columns=APPLIED_COLUMNS)


class _State:
    """The tables being corrected, as lists of row dicts (each correction a few lookups)."""

    def __init__(self, tagging: Tagging, articles: pd.DataFrame, book: Codebook):
        self.book = book
        self.links = tagging.links.to_dict("records")
        self.mentions = tagging.mentions.to_dict("records")
        self.stages = tagging.stages.to_dict("records") if tagging.stages is not None else []
        self.sentences, self.years = tagging.sentences, tagging.years
        self.columns = {name: list(getattr(tagging, name).columns) for name in ("links", "mentions", "stages")
                        if getattr(tagging, name) is not None}
        ids = articles["article_id"].astype(str).tolist()
        hashes = articles["content_hash"].astype(str).tolist() if "content_hash" in articles else [""] * len(ids)
        self.hashes = dict(zip(ids, hashes))
        self.by_hash: dict[str, str] = {}
        for article, digest in zip(ids, hashes):
            self.by_hash.setdefault(digest, article)  # the first copy of a text is the one coded
        copies = articles["duplicate_of"].fillna("").astype(str).tolist() if "duplicate_of" in articles else []
        self.copy_of = {a: d for a, d in zip(ids, copies) if d}
        self.languages = dict(zip(ids, articles["language"].astype(str))) if "language" in articles else {}
        self.year_rows = {str(r["article_id"]): r for r in tagging.years.to_dict("records")} \
            if tagging.years is not None else {}
        self.machine_links, self.articles = tagging.links, articles
        self._events: dict[str, list[str]] | None = None

    def resolve(self, key: str) -> tuple[list[str], str]:
        """(the articles meant: one, or an event's; or none, with the reason)."""
        if key in self.hashes:
            article = key
        elif _HASH.fullmatch(key) and key in self.by_hash:
            article = self.by_hash[key]
        elif key in self.events():
            return self.events()[key], ""
        else:
            return [], f"unknown article {key!r} (no article of the corpus has this id or content hash, " \
                       "no event this id)"
        if article in self.copy_of:
            return [], f"article {article!r} is a copy of {self.copy_of[article]!r} and is not coded: correct that one"
        return [article], ""

    def events(self) -> dict[str, list[str]]:
        """Event id -> its articles, from the machine's links (built at the first use: an
        event id stands in for its articles, as ``tag --events`` numbered them)."""
        if self._events is None:
            found = find_events(self.machine_links, self.articles)
            self._events = {e: str(ids).split(SEPARATOR) for e, ids in zip(found["event_id"], found["article_ids"])}
        return self._events

    def apply(self, fix: Correction) -> tuple[str, int, str]:
        articles, reason = self.resolve(fix.article_id)
        if not articles:
            return reason, 0, ""
        key = SEPARATOR.join(articles)
        if fix.partner_id not in self.book.partners_by_id:
            return f"unknown partner_id {fix.partner_id!r}", 0, key
        if fix.theme_id and fix.theme_id not in self.book.themes_by_id:
            return f"unknown theme_id {fix.theme_id!r}", 0, key
        results = [getattr(self, "_" + fix.action)(fix, article) for article in articles]
        done = [count for status, count in results if status == "applied"]
        # an event's correction counts as applied when it changed any of its reports
        return ("applied", sum(done), key) if done else (results[0][0], 0, key)

    def _match(self, row: dict, article: str, partner: str, theme: str | None = None) -> bool:
        return row["article_id"] == article and row["partner_id"] == partner and \
            (theme is None or str(row.get("theme_id") or "") == theme)

    def _remove(self, fix: Correction, article: str) -> tuple[str, int]:
        theme = fix.theme_id or None
        kept = [r for r in self.links if not self._match(r, article, fix.partner_id, theme)]
        removed = len(self.links) - len(kept)
        if not removed:
            return f"no link {article} {fix.partner_id} {fix.theme_id or '(any theme)'} to remove", 0
        self.links = kept
        return "applied", removed

    def _add(self, fix: Correction, article: str, theme: str | None = None, evidence: str | None = None
             ) -> tuple[str, int]:
        theme = fix.theme_id if theme is None else theme
        if any(self._match(r, article, fix.partner_id, theme) for r in self.links):
            return f"the link {article} {fix.partner_id} {theme or '(no theme)'} is there already", 0
        partner = self.book.partner(fix.partner_id)
        year = self.year_rows.get(article, {})
        stages = next((r.get("stages", "") for r in self.links if self._match(r, article, fix.partner_id)), "")
        row = {"article_id": article, "partner_id": fix.partner_id, "theme_id": theme, "rule": CORRECTED,
               "partner_rule": CORRECTED, "sentence_ids": "", "terms": "", "language": self.languages.get(article, ""),
               "partner_name_en": partner.name_en, "partner_name_fa": partner.name_fa, "partner_kind": partner.kind,
               "theme_label": self.book.theme(theme).label_en if theme else "",
               "evidence": fix.value if evidence is None else evidence, "stages": stages,
               "year_start": str(year.get("year_start", "")), "year_end": str(year.get("year_end", "")),
               "year_source": str(year.get("year_source", "")),
               "year_sentence_id": str(year.get("year_sentence_id", "")),
               "year_evidence": str(year.get("year_evidence", ""))}
        self.links.append({c: row.get(c, "") for c in self.columns["links"]})
        return "applied", 1

    def _set_role(self, fix: Correction, article: str) -> tuple[str, int]:
        named = [r for r in self.mentions if self._match(r, article, fix.partner_id)]
        if not named:
            return f"{fix.partner_id} is not named in {article}: no mention to give a role", 0
        for row in named:
            row.update(role=fix.value, cue=CORRECTED, rule=CORRECTED if fix.value == "partner" else "")
        changed = len(named)
        if fix.value == "partner":
            if not any(self._match(r, article, fix.partner_id) for r in self.links):
                changed += self._add(fix, article, theme="", evidence=str(named[0].get("sentence", "")))[1]
        else:  # no longer a partner: its links and stages go
            before = len(self.links) + len(self.stages)
            self.links = [r for r in self.links if not self._match(r, article, fix.partner_id)]
            self.stages = [r for r in self.stages if not self._match(r, article, fix.partner_id)]
            changed += before - len(self.links) - len(self.stages)
        return "applied", changed

    def _set_stage(self, fix: Correction, article: str) -> tuple[str, int]:
        linked = [r for r in self.links if self._match(r, article, fix.partner_id)]
        if not linked:
            return f"{fix.partner_id} has no link in {article}: add it before giving it a stage", 0
        self.stages = [r for r in self.stages if not self._match(r, article, fix.partner_id)]
        row = {"article_id": article, "partner_id": fix.partner_id, "stage": fix.value,
               "cameo_code": self.book.stagebook.code(fix.value)["cameo_code"], "sentence_ids": "",
               "terms": CORRECTED, "evidence": fix.note}
        self.stages.append({c: row.get(c, "") for c in self.columns.get("stages", list(row))})
        for link in linked:
            link["stages"] = fix.value
        return "applied", len(linked) + 1

    def tagging(self) -> Tagging:
        def frame(rows: list[dict], name: str, order: list[str]) -> pd.DataFrame:
            table = pd.DataFrame(rows, columns=self.columns[name])
            return table.sort_values(order, kind="stable").reset_index(drop=True) if len(table) else table

        stages = frame(self.stages, "stages", ["article_id", "partner_id"]) if "stages" in self.columns else None
        return Tagging(frame(self.links, "links", ["article_id", "partner_id", "theme_id"]),
                       frame(self.mentions, "mentions", ["article_id", "partner_id", "role"]),
                       stages, self.sentences, self.years)
