"""Cooperation stages: how far each (article, partner) cooperation got, with evidence.

Counting themes says what was talked about; the stage says how far it went,
as event-data projects (GDELT/CAMEO) code it: ``intent`` (readiness, offers,
hopes; CAMEO 03), ``talks`` (visits, meetings, calls; 04),
``agreement_proposed`` (an MoU discussed or planned; 03),
``agreement_signed`` (057) and ``delivered`` (aid sent, a facility opened; 07).
An (article, partner) may reach several stages; each comes with the sentence
that says so and the terms that matched.

The terms are data (``data/stages.csv``: stage, lang, term, note), and so are
the stages, their order and CAMEO codes (``data/stage_codes.csv``); both are
tables of the codebook. Besides the stage cues, stages.csv holds a few general
*modifiers*:

* ``planned`` / ``planned_clause``: a future, planned or conditional marker
  ("will", "خواهد", "قرار است", "if") turns a cue into its ``planned_as``
  stage: a planned signing is ``agreement_proposed``, a promised delivery or a
  planned visit an ``intent``;
* ``negation``: "did not", "نشد" beside a cue drops it;
* ``agreement``: an agreement noun (MoU, تفاهم نامه) takes the agreement stage
  of the nearest signing cue of its sentence (a list of MoUs shares one verb),
  or ``agreement_proposed`` beside a planned marker;
* ``exclude``: a phrase that blocks every cue inside it ("not only").

The stage terms are found by the tagger's one automaton, in the same pass as
places and themes (:mod:`healthdiplomacy.coding.tagger`); this module resolves the
modifiers of one sentence (:func:`resolve_stage_cues`), and the tagger gives
each resolved cue to a partner exactly as it gives a theme: one attribution.

>>> from healthdiplomacy import Tagger, load_codebook
>>> _, _, rows = Tagger(load_codebook()).tag_with_stages(
...     "a1", "", "Iran and Iraq signed an MoU on medicine. They will sign a second agreement next year.")
>>> [(r["partner_id"], r["stage"], r["cameo_code"]) for r in rows]
[('IQ', 'agreement_proposed', '03'), ('IQ', 'agreement_signed', '05')]
"""
from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import NamedTuple

from ..codebook.tables import STAGE_MODIFIERS, StageBook, load_stagebook
from .matching import Hit, Term


STAGE_COLUMNS = ["article_id", "partner_id", "stage", "cameo_code", "sentence_ids", "terms"]


AGREEMENT_STAGES = ("agreement_signed", "agreement_proposed")


# Words a modifier reaches before a cue, and after it: Persian puts the (negated) verb at the
# end of its clause ("سفر وزیر بهداشت به سوریه انجام نشد"), so a negation reaches further after.
NEAR_BEFORE = 3


NEAR_AFTER = {"planned": 3, "negation": 6}


# A modifier does not reach across these: "signed an MoU with Russia and will sign ..." is two clauses.
CLAUSE_WORDS = frozenset({",", "and", "but", "while", "whereas", "اما", "ولی", "ولیکن"})


def stage_terms(book: StageBook) -> list[Term]:
    """The stage cues and modifiers as terms of the tagger's automaton (kind ``stage``).

    >>> sorted({t.id for t in stage_terms(load_stagebook())})[:3]
    ['agreement', 'agreement_proposed', 'agreement_signed']
    """
    return [Term("stage", r.stage, r.term, r.lang) for r in book.terms.itertuples(index=False)]


class StageCue(NamedTuple):
    """A stage cue of a sentence after its modifiers: the ``stage`` it stands for and the terms.
    Immutable: a tagger remembers a sentence's cues and hands the same ones to every article
    that repeats the sentence. (A named tuple, as a Hit is: made in one C call, its fields read
    without a dict look-up; a frozen dataclass set each field through object.__setattr__.)"""

    hit: Hit
    stage: str
    terms: tuple[str, ...]


def resolve_stage_cues(form: str, hits: list[Hit], book: StageBook) -> list[StageCue]:
    """The stage cues of one sentence with their modifiers applied (negated ones dropped).

    ``form`` is the text the hits point into (the tagger's match form); ``hits``
    are the sentence's stage-term hits.

    >>> from healthdiplomacy.coding.matching import TermMatcher, match_form
    >>> book = load_stagebook()
    >>> text = match_form("Iran will sign an agreement with Iraq.")
    >>> [c.stage for c in resolve_stage_cues(text, TermMatcher(stage_terms(book)).find(text), book)]
    ['agreement_proposed', 'agreement_proposed']
    """
    return _SentenceStages(form, hits, book).run()


class _SentenceStages:
    """The modifiers of one sentence's stage cues."""

    def __init__(self, form: str, hits: list[Hit], book: StageBook):
        self.form, self.book = form, book
        self.hits = _kept(hits)
        self.modifiers: dict[str, list[Hit]] = {}
        for hit in self.hits:
            if hit.entry.id in STAGE_MODIFIERS:
                self.modifiers.setdefault(hit.entry.id, []).append(hit)

    def run(self) -> list[StageCue]:
        stages = self.book.rank  # (the stage ids, built once per book, not a set per sentence)
        cues = [self._resolve(h) for h in sorted((h for h in self.hits if h.entry.id in stages), key=_position)]
        cues += [self._agreement(h, cues) for h in self.modifiers.get("agreement", [])]
        return [c for c in cues if c.stage]

    def _words(self, a: int, b: int) -> list[str]:
        return self.form[a:b].split()

    def _near(self, hit: Hit, kind: str) -> Hit | None:
        """A modifier of ``kind`` close before or after ``hit`` (:data:`NEAR_BEFORE`,
        :data:`NEAR_AFTER`), in the same clause."""
        for other in self.modifiers.get(kind, []):
            if other.end <= hit.start:
                between, reach = self._words(other.end, hit.start), NEAR_BEFORE
            elif other.start >= hit.word_end:
                between, reach = self._words(hit.word_end, other.start), NEAR_AFTER[kind]
            else:
                continue  # the very words of the cue ("آمادگی" is a cue and a marker)
            if len(between) <= reach and CLAUSE_WORDS.isdisjoint(between):
                return other
        return None

    def _clause_marker(self, hit: Hit) -> Hit | None:
        """A clause-wide planned marker ("قرار است", "if") earlier in the same clause."""
        for other in self.modifiers.get("planned_clause", []):
            if other.end <= hit.start and CLAUSE_WORDS.isdisjoint(self._words(other.end, hit.start)):
                return other
        return None

    def _planned(self, hit: Hit) -> Hit | None:
        return self._near(hit, "planned") or self._clause_marker(hit)

    def _resolve(self, hit: Hit) -> StageCue:
        if self._near(hit, "negation"):
            return StageCue(hit, "", ())
        marker = self._planned(hit)
        if marker:
            return StageCue(hit, self.book.code(hit.entry.id)["planned_as"], (hit.entry.term, marker.entry.term))
        return StageCue(hit, hit.entry.id, (hit.entry.term,))

    def _agreement(self, noun: Hit, cues: list[StageCue]) -> StageCue:
        """An agreement noun takes the nearest signing cue's stage (before it, else after)."""
        if self._near(noun, "negation"):
            return StageCue(noun, "", ())
        marker = self._planned(noun)
        if marker:
            return StageCue(noun, "agreement_proposed", (noun.entry.term, marker.entry.term))
        signing = [c for c in cues if c.stage in AGREEMENT_STAGES]
        before = [c for c in signing if c.hit.start < noun.start]
        after = [c for c in signing if c.hit.start > noun.start]
        source = before[-1] if before else after[0] if after else None
        if source is None:
            return StageCue(noun, "", ())
        return StageCue(noun, source.stage, (noun.entry.term, *source.terms))


def _position(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.length


def _kept(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside an ``exclude`` phrase, and a cue inside a longer cue of its own kind
    ("امضا" inside "امضا شود"); partly overlapping cues both stay ("ready to" + "to sign")."""
    if len(hits) == 1:  # (the most common case: nothing to compare the one hit with)
        return [] if hits[0].entry.id == "exclude" else list(hits)
    excluded = [h for h in hits if h.entry.id == "exclude"]
    # The family of each hit once, not once per pair (a sentence's hits are compared pairwise).
    families = [(hit, _family(hit)) for hit in hits]
    kept = []
    for hit, family in families:
        if hit.entry.id == "exclude":
            continue
        if excluded and any(e.start <= hit.start and hit.word_end <= e.word_end for e in excluded):
            continue
        start, end, length = hit.start, hit.end, hit.end - hit.start
        if any(f == family and o.end - o.start > length and o.start <= start and end <= o.end
               for o, f in families):
            continue
        kept.append(hit)
    return kept


def _family(hit: Hit) -> str:
    # Stage cues compete with each other; each modifier kind only with itself.
    return hit.entry.id if hit.entry.id in STAGE_MODIFIERS else "cue"


def stage_rows(article_id: str, found: Mapping[tuple[str, str], dict], book: StageBook,
               quote) -> list[dict]:
    """Rows (:data:`STAGE_COLUMNS`, and the quoted ``evidence``) from (partner, stage) ->
    {"sentences", "terms"}, sorted by partner then stage order; ``quote`` turns sentence
    indexes into (their ids joined by ";", their text one a line)."""
    rows = []
    for (pid, stage), slot in sorted(found.items(), key=lambda kv: (kv[0][0], book.rank[kv[0][1]])):
        ids, evidence = quote(slot["sentences"])
        rows.append({"article_id": article_id, "partner_id": pid, "stage": stage,
                     "cameo_code": book.code(stage)["cameo_code"], "sentence_ids": ids, "evidence": evidence,
                     "terms": "; ".join(sorted(slot["terms"]))})
    return rows


def stages_by_partner(rows: Iterable[Mapping], order: Sequence[str] | None = None) -> dict[str, str]:
    """Partner id -> its stages joined by ";" in stage order (the links' ``stages`` column).

    >>> stages_by_partner([{"partner_id": "AZ", "stage": "talks"}, {"partner_id": "AZ", "stage": "intent"}])
    {'AZ': 'intent;talks'}
    """
    order = list(order or load_stagebook().order)
    found: dict[str, set[str]] = {}
    for row in rows:
        found.setdefault(row["partner_id"], set()).add(row["stage"])
    return {pid: ";".join(sorted(stages, key=lambda s: (order.index(s) if s in order else len(order), s)))
            for pid, stages in sorted(found.items())}


def stages_by_partner_and_article(rows: Iterable[Mapping], order: Sequence[str]) -> dict[tuple[str, str], str]:
    """(article, partner) -> the stages reached, as :func:`stages_by_partner` joins them.

    >>> rows = [{"article_id": "a", "partner_id": "AZ", "stage": "talks"},
    ...         {"article_id": "a", "partner_id": "AZ", "stage": "intent"}]
    >>> stages_by_partner_and_article(rows, ["intent", "talks"])
    {('a', 'AZ'): 'intent;talks'}
    """
    by_article: dict[str, list[Mapping]] = {}
    for row in rows:
        by_article.setdefault(str(row["article_id"]), []).append(row)
    return {(article_id, pid): value for article_id, found in by_article.items()
            for pid, value in stages_by_partner(found, order).items()}
