"""Corrections: the analyst's last word over the machine's coding.

A corrections file is a CSV with the columns :data:`CORRECTION_COLUMNS`, one
correction a row, applied in file order after coding, on every run, to a fresh
:class:`~healthdiplomacy.Tagging` (nothing is stored in the tables, so re-tagging
never loses a correction):

============  ====================================================================
action        what it does
============  ====================================================================
``remove``    drops the link (article, partner, theme); an empty theme_id drops
              every link of the partner in the article. When the partner has no
              link left in the article, its stages and its mentions with the role
              ``partner`` go too
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
may stand in for ``article_id``, in the ``article_id`` column or in an ``event_id``
column used instead of it: the correction then applies to each of its reports, and
warns once for each report it could not be applied to. Any other column is refused
(:class:`CorrectionError` naming ``file:1``): a misspelled ``theme`` would otherwise be
read as no theme and remove every link of the partner. A correction that cannot be applied (an unknown article, partner or
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

import io
import re
import warnings
from dataclasses import dataclass
from pathlib import Path
from typing import IO

import pandas as pd

from ..codebook.tables import Codebook, load_codebook, load_stagebook
from ..coding.relation import ROLES
from ..coding.tagger import Tagging
from ..corpus.datafiles import BrokenCsv, csv_reader, numbered_rows
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
    """One row of a corrections file, with where it was read. ``article_id`` names an
    article (its id or content hash, or an event id); ``event_id``, when the file has
    that column instead, names an event (``article_id`` is then empty).

    >>> fix = Correction("fixes.csv", 2, "a1", "IQ", "medicine", "remove", note="not in the text")
    >>> fix.action, fix.theme_id, fix.event_id
    ('remove', 'medicine', '')
    >>> Correction("fixes.csv", 3, "", "IQ", "", "set_stage", "agreement_signed", event_id="ev-0123456789ab").event_id
    'ev-0123456789ab'
    """

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
    event_id: str = ""


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
    try:
        reader, header = csv_reader(io.StringIO(text.lstrip("\ufeff"), newline=""))
        header = [h.strip() for h in header]
        reader.fieldnames = header
        known = CORRECTION_COLUMNS + ["event_id"]
        unknown = [h for h in header if h not in known]
        if unknown:  # a misspelled column ("theme") would be read as empty: a narrow fix made broad
            raise CorrectionError(f"{name}:1: unknown column(s) {', '.join(map(repr, unknown))} "
                                  f"(the columns are {', '.join(CORRECTION_COLUMNS)}; event_id may stand in "
                                  "for article_id)")
        missing = [c for c in ("partner_id", "action") if c not in header]
        if "article_id" not in header and "event_id" not in header:
            missing.insert(0, "article_id (or event_id)")
        if missing:
            raise CorrectionError(f"{name}:1: missing column(s) {', '.join(missing)} "
                                  f"(expected {', '.join(CORRECTION_COLUMNS)})")
        rows = []
        for line, values in numbered_rows(reader):
            first = str(values.get(header[0]) or "")
            if first.lstrip().startswith("#") or not any(str(v or "").strip() for v in values.values()
                                                         if isinstance(v, str)):
                continue
            found = sum(isinstance(v, str) for v in values.values()) + len(values.get(None) or [])
            if None in values or any(v is None for k, v in values.items() if k is not None):
                raise CorrectionError(f"{name}:{line}: expected {len(header)} fields, found {found} "
                                      "(a comma inside a value needs quotes)")
            row = {c: "" for c in known} | {k: str(v).strip() for k, v in values.items()}
            if row["article_id"] and row["event_id"]:
                raise CorrectionError(f"{name}:{line}: give article_id or event_id, not both")
            empty = [c for c in ("article_id", "partner_id", "action") if not row[c]
                     and not (c == "article_id" and row["event_id"])]
            if empty:
                raise CorrectionError(f"{name}:{line}: empty {', '.join(empty)}")
            action, value = row["action"], row["value"]
            if action not in ACTIONS:
                raise CorrectionError(f"{name}:{line}: action {action!r} is not one of {', '.join(ACTIONS)}")
            if action == "set_role" and value not in ROLES:
                raise CorrectionError(f"{name}:{line}: set_role needs a role in value, one of {', '.join(ROLES)}")
            if action == "set_stage" and value not in stage_order:
                raise CorrectionError(f"{name}:{line}: set_stage needs a stage in value, "
                                      f"one of {', '.join(stage_order)}")
            rows.append(Correction(name, line, **{c: row[c] for c in CORRECTION_COLUMNS}, event_id=row["event_id"]))
    except BrokenCsv as exc:
        raise CorrectionError(f"{name}:{exc.line}: {exc.reason}") from None
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
    book = codebook or load_codebook()  # (the tables only: no matcher is built to read them)
    rows = corrections if isinstance(corrections, list) else load_corrections(corrections, book.stagebook.order)
    state = _State(tagging, articles, book)
    applied = []
    for fix in rows:
        status, count, key, failed = state.apply(fix)
        if status != "applied" and not failed:
            warnings.warn(f"{fix.file}:{fix.line}: {status}: not applied", CorrectionWarning, stacklevel=2)
        for reason in failed:  # an event's correction: once per report it could not be applied to
            warnings.warn(f"{fix.file}:{fix.line}: event {fix.event_id or fix.article_id}: {reason}: "
                          "not applied to this report", CorrectionWarning, stacklevel=2)
        applied.append({"file": fix.file, "line": fix.line, "action": fix.action,
                        "article_id": key or fix.event_id or fix.article_id,
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

    def resolve(self, key: str, event: bool = False) -> tuple[list[str], str]:
        """(the articles meant: one, or an event's; or none, with the reason)."""
        if event:
            if key in self.events():
                return self.events()[key], ""
            return [], f"unknown event {key!r} (no event of the corpus has this id)"
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
        """Event id -> its articles. The outputs (``tag --events``, ``export``) find the events
        of the corrected links, so an event id is looked up among the events of the links as
        corrected by the lines before it (the outputs of those lines list it so), then among
        the events of the machine's links (ids are hashes of the articles: both agree for an
        event no correction changed)."""
        if self._events is None:
            self._events = {}
            for links in (self.current_links(), self.machine_links):
                found = find_events(links, self.articles, years=self.years)
                for event, ids in zip(found["event_id"], found["article_ids"]):
                    self._events.setdefault(event, str(ids).split(SEPARATOR))
        return self._events

    def current_links(self) -> pd.DataFrame:
        return pd.DataFrame(self.links, columns=self.columns["links"])

    def apply(self, fix: Correction) -> tuple[str, int, str, list[str]]:
        """(status, rows changed, the articles meant, the reasons it failed for some of an
        event's reports: one each)."""
        articles, reason = self.resolve(fix.event_id or fix.article_id, event=bool(fix.event_id))
        if not articles:
            return reason, 0, "", []
        key = SEPARATOR.join(articles)
        if fix.partner_id not in self.book.partners_by_id:
            return f"unknown partner_id {fix.partner_id!r}", 0, key, []
        if fix.theme_id and fix.theme_id not in self.book.themes_by_id:
            return f"unknown theme_id {fix.theme_id!r}", 0, key, []
        results = [getattr(self, "_" + fix.action)(fix, article) for article in articles]
        done = [count for status, count in results if status == "applied"]
        if done:
            self._events = None  # the links changed: the events of the next event id with them
        failed = [status for status, _ in results if status != "applied"] if len(articles) > 1 else []
        # an event's correction counts as applied when it changed any of its reports
        return ("applied", sum(done), key, failed) if done else (results[0][0], 0, key, failed)

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
        return "applied", removed + self._unlinked(article, fix.partner_id)

    def _unlinked(self, article: str, partner: str) -> int:
        """When (article, partner) has no link left, its stages and its mentions as partner go
        too (rows removed)."""
        if any(self._match(r, article, partner) for r in self.links):
            return 0
        before = len(self.stages) + len(self.mentions)
        self.stages = [r for r in self.stages if not self._match(r, article, partner)]
        self.mentions = [r for r in self.mentions if not (self._match(r, article, partner) and r.get("role") == "partner")]
        return before - len(self.stages) - len(self.mentions)

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
