"""Cooperation stages: how far each (article, partner) cooperation got, with evidence.

Counting themes says what was talked about; the stage says how far it went,
as event-data projects (GDELT/CAMEO) code it: ``intent`` (readiness, offers,
hopes; CAMEO 03), ``talks`` (visits, meetings, calls; 04),
``agreement_proposed`` (an MoU discussed or planned; 03),
``agreement_signed`` (057) and ``delivered`` (aid sent, a facility opened; 07).
An (article, partner) may reach several stages; each comes with the sentence
that says so and the terms that matched.

The terms are data (``data/stages.csv``: stage, lang, term, note), and so are
the stages, their order and CAMEO codes (``data/stage_codes.csv``). Besides the
stage cues, stages.csv holds a few general *modifiers*:

* ``planned`` / ``planned_clause``: a future, planned or conditional marker
  ("will", "خواهد", "قرار است", "if") turns a cue into its ``planned_as``
  stage: a planned signing is ``agreement_proposed``, a promised delivery or a
  planned visit an ``intent``;
* ``negation``: "did not", "نشد" beside a cue drops it;
* ``agreement``: an agreement noun (MoU, تفاهم نامه) takes the agreement stage
  of the nearest signing cue of its sentence (a list of MoUs shares one verb),
  or ``agreement_proposed`` beside a planned marker;
* ``exclude``: a phrase that blocks every cue inside it ("not only").

Which sentences count for a partner: those where the tagger names it as a
partner, and every sentence when the article has a single partner. In a
sentence naming several partners, a cue goes to the partner it is stated for
(the next place after a preposition: "signed an MoU with Russia"), else to the
nearest partner before it in the same clause, else the nearest after it, else
to all of them.

>>> rows = article_stages("a1", ["Iran and Iraq signed an MoU on medicine.",
...                              "They will sign a second agreement next year."], {"IQ": [0]})
>>> [(r["partner_id"], r["stage"], r["cameo_code"]) for r in rows]
[('IQ', 'agreement_proposed', '03'), ('IQ', 'agreement_signed', '05')]
"""

from __future__ import annotations

import csv
import io
from collections.abc import Iterable, Mapping, Sequence
from dataclasses import dataclass
from functools import cached_property, lru_cache
from pathlib import Path

import pandas as pd

from .codebook import Codebook, CodebookError, load_codebook, read_table, shipped_path
from .matching import Hit, Term, TermMatcher, resolve_overlaps
from .normalize import Sentence, match_base, split_sentences

STAGE_COLUMNS = ["article_id", "partner_id", "stage", "cameo_code", "evidence", "terms"]
TERM_COLUMNS = ["stage", "lang", "term", "note"]
CODE_COLUMNS = ["stage", "label_en", "label_fa", "cameo_code", "cameo_label", "planned_as", "description"]
MODIFIERS = ("planned", "planned_clause", "negation", "agreement", "exclude")
AGREEMENT_STAGES = ("agreement_signed", "agreement_proposed")

# Words a modifier reaches before a cue, and after it: Persian puts the (negated) verb at the
# end of its clause ("سفر وزیر بهداشت به سوریه انجام نشد"), so a negation reaches further after.
NEAR_BEFORE = 3
NEAR_AFTER = {"planned": 3, "negation": 6}
LOCAL_REACH = 10  # words between a cue and the place it is stated for ("signed ... with Russia")
# Words that may stand between the places of one group ("Iraq, Turkey and Oman").
GROUP_FILLERS = frozenset({",", "و", "and", "or", "یا", "the", "as", "well", "also", "همچنین", "نیز",
                           "&", "of", "کشور", "کشورهای", "جمهوری", "countries", "country", "republic"})
# A cue is stated for the place right after one of these ("ارسال دارو به عراق", "an MoU with Russia").
PREPOSITIONS = frozenset({"با", "به", "بین", "میان", "برای", "در", "از", "with", "to", "between",
                          "for", "in", "from", "into"})
# A modifier does not reach across these: "signed an MoU with Russia and will sign ..." is two clauses.
CLAUSE_WORDS = frozenset({",", "and", "but", "while", "whereas", "اما", "ولی", "ولیکن"})
# A cue is not stated for a place that follows a verb or "و": in "به سوریه ارسال کرد و با عراق
# ..." the sending goes back to Syria (Persian puts the verb after its complements).
VERB_ENDS = frozenset({"و", "and", "کرد", "کردند", "کرده", "کردیم", "نمود", "نمودند", "شد", "شدند", "شده",
                       "است", "بود", "گردید", "گردیدند"})
_PLACE_WORDS = frozenset({"the", "of", "کشور", "کشورهای", "جمهوری", "دولت", "countries", "country",
                          "republic", "government", "people", "مردم"})


# --- the stage codebook ----------------------------------------------------------------------


@dataclass(frozen=True)
class StageBook:
    """The stages (``codes``: one row per stage, in order) and their terms (``terms``)."""

    codes: pd.DataFrame
    terms: pd.DataFrame

    @cached_property
    def order(self) -> tuple[str, ...]:
        """Stage ids from the least to the furthest.

        >>> load_stagebook().order[-1]
        'delivered'
        """
        return tuple(self.codes["stage"])

    @cached_property
    def _by_stage(self) -> dict[str, dict]:
        return {r["stage"]: r for r in self.codes.to_dict("records")}

    def code(self, stage: str) -> dict:
        """The stage_codes.csv row of ``stage`` (label_en, label_fa, cameo_code ...).

        >>> load_stagebook().code("agreement_signed")["cameo_code"]
        '05'
        """
        return self._by_stage[stage]

    def label(self, stage: str) -> str:
        """Bilingual label, "Talks · دیدار و گفت‌وگو".

        >>> load_stagebook().label("intent")
        'Intent · اعلام آمادگی'
        """
        row = self._by_stage[stage]
        return f"{row['label_en']} · {row['label_fa']}" if row["label_fa"] else row["label_en"]


def load_stage_codes(path: str | Path | None = None) -> pd.DataFrame:
    """The stages, in order, with CAMEO codes (data/stage_codes.csv or ``path``).

    Raises :class:`~healthdiplomacy.CodebookError` naming file and line.

    >>> load_stage_codes()[["stage", "cameo_code"]].values.tolist()[:2]
    [['intent', '03'], ['talks', '04']]
    """
    path = Path(path or shipped_path("stage_codes.csv"))
    codes = read_table(path, CODE_COLUMNS)
    stages = set(codes["stage"])
    for index, row in codes.iterrows():
        if row["stage"] in MODIFIERS:
            raise CodebookError(f"{path}:{_line_of(path, 'stage', row['stage'])}: "
                                f"{row['stage']!r} is a modifier name, not a stage")
        if row["planned_as"] not in stages:
            raise CodebookError(f"{path}:{_line_of(path, 'stage', row['stage'])}: planned_as "
                                f"{row['planned_as']!r} is not a stage ({', '.join(codes['stage'])})")
    return codes


def load_stage_terms(path: str | Path | None = None, stages: Iterable[str] | None = None) -> pd.DataFrame:
    """The cue and modifier terms (data/stages.csv or ``path``), checked against ``stages``.

    >>> terms = load_stage_terms()
    >>> sorted(set(terms["stage"]) - set(load_stage_codes()["stage"]))
    ['agreement', 'exclude', 'negation', 'planned', 'planned_clause']
    """
    path = Path(path or shipped_path("stages.csv"))
    terms = read_table(path, TERM_COLUMNS)
    known = set(stages if stages is not None else load_stage_codes()["stage"]) | set(MODIFIERS)
    for stage in terms["stage"]:
        if stage not in known:
            raise CodebookError(f"{path}:{_line_of(path, 'stage', stage)}: unknown stage {stage!r} "
                                f"(use one of {', '.join(sorted(known))})")
    return terms


def load_stagebook(terms: str | Path | None = None, codes: str | Path | None = None) -> StageBook:
    """Both stage tables; either path defaults to the shipped file.

    >>> len(load_stagebook().order)
    5
    """
    stage_codes = load_stage_codes(codes)
    return StageBook(stage_codes, load_stage_terms(terms, stage_codes["stage"]))


def _line_of(path: Path, column: str, value: str) -> int:
    """The first line whose ``column`` holds ``value`` (read_table drops line numbers)."""
    reader = csv.reader(io.StringIO(path.read_text(encoding="utf-8-sig")))
    header = [h.strip() for h in next(reader, [])]
    at = header.index(column) if column in header else 0
    for line, values in enumerate(reader, start=2):
        if len(values) > at and values[at].strip() == value:
            return line
    return 1


# --- coding one article ----------------------------------------------------------------------


@dataclass
class _Cue:
    hit: Hit
    stage: str  # after modifiers; "" when dropped
    terms: tuple[str, ...]


@dataclass
class _Group:
    start: int
    end: int
    ids: list[str]


class StageCoder:
    """Stage terms, partner terms and clause heads compiled once; codes many articles.

    Build one per codebook (the partner names must be the tagger's).
    """

    def __init__(self, codebook: Codebook | None = None, stagebook: StageBook | None = None):
        self.codebook = codebook if codebook is not None else load_codebook()
        self.book = stagebook if stagebook is not None else load_stagebook()
        cues = [Term("stage", r.stage, r.term, r.lang) for r in self.book.terms.itertuples(index=False)]
        cues += [Term("clause_head", "", r.term, r.lang)
                 for r in self.codebook.cues.itertuples(index=False) if r.cue == "clause_head"]
        self.cue_matcher = TermMatcher(cues)
        places = [Term("partner", r.partner_id, r.term, r.lang) for r in
                  self.codebook.partner_terms.itertuples(index=False)]
        places += [Term("exclusion", "", r.phrase, r.lang) for r in self.codebook.exclusions.itertuples(index=False)]
        self.place_matcher = TermMatcher(places)

    def code(self, article_id: str, sentences: Sequence[str | Sentence],
             partner_sentences: Mapping[str, Iterable[int]]) -> list[dict]:
        """Stage rows (:data:`STAGE_COLUMNS`) for one article; see :func:`article_stages`."""
        texts = [s.text if isinstance(s, Sentence) else str(s) for s in sentences]
        targets = _sentence_targets(len(texts), partner_sentences)
        found: dict[tuple[str, str], dict] = {}
        for index, partners in targets.items():
            for pid, cue in _SentenceCoder(self, texts[index], partners).run():
                slot = found.setdefault((pid, cue.stage), {"sentences": set(), "terms": set()})
                slot["sentences"].add(index)
                slot["terms"].update(cue.terms)
        rank = {s: i for i, s in enumerate(self.book.order)}
        return [{"article_id": article_id, "partner_id": pid, "stage": stage,
                 "cameo_code": self.book.code(stage)["cameo_code"],
                 "evidence": "\n".join(texts[i] for i in sorted(slot["sentences"])),
                 "terms": "; ".join(sorted(slot["terms"]))}
                for (pid, stage), slot in sorted(found.items(), key=lambda kv: (kv[0][0], rank[kv[0][1]]))]


def _sentence_targets(count: int, partner_sentences: Mapping[str, Iterable[int]]) -> dict[int, set[str]]:
    """Sentence index -> the partners its cues may go to."""
    partners = {pid: [i for i in indexes if 0 <= i < count] for pid, indexes in partner_sentences.items()}
    if len(partners) == 1:  # a one-partner article: every sentence is about that partner
        (pid,) = partners
        return {i: {pid} for i in range(count)}
    targets: dict[int, set[str]] = {}
    for pid, indexes in partners.items():
        for i in indexes:
            targets.setdefault(i, set()).add(pid)
    return dict(sorted(targets.items()))


class _SentenceCoder:
    """The cues of one sentence, resolved (modifiers) and attributed to its partners."""

    def __init__(self, coder: StageCoder, text: str, partners: set[str]):
        self.coder, self.partners = coder, partners
        self.base = match_base(text)
        self.form = self.base.lower()

    def run(self) -> list[tuple[str, _Cue]]:
        hits = _kept(self.coder.cue_matcher.find(self.form, self.base))
        kinds: dict[str, list[Hit]] = {}
        for hit in hits:
            kinds.setdefault(hit.entry.id if hit.entry.kind == "stage" else hit.entry.kind, []).append(hit)
        stages = set(self.coder.book.order)
        self.modifiers = kinds
        self.breaks = [h.start for h in kinds.get("clause_head", []) if self._opens_item(h.start)]
        cues = [self._resolve(h) for h in sorted((h for h in hits if h.entry.id in stages), key=_position)]
        cues += [self._agreement(h, cues) for h in kinds.get("agreement", [])]
        cues = [c for c in cues if c.stage]
        if not cues:
            return []
        return [(pid, cue) for cue in cues for pid in self._attribute(cue.hit)]

    # -- modifiers ------------------------------------------------------------------------------
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

    def _resolve(self, hit: Hit) -> _Cue:
        if self._near(hit, "negation"):
            return _Cue(hit, "", ())
        marker = self._planned(hit)
        if marker:
            return _Cue(hit, self.coder.book.code(hit.entry.id)["planned_as"], (hit.entry.term, marker.entry.term))
        return _Cue(hit, hit.entry.id, (hit.entry.term,))

    def _agreement(self, noun: Hit, cues: list[_Cue]) -> _Cue:
        """An agreement noun takes the nearest signing cue's stage (before it, else after)."""
        if self._near(noun, "negation"):
            return _Cue(noun, "", ())
        marker = self._planned(noun)
        if marker:
            return _Cue(noun, "agreement_proposed", (noun.entry.term, marker.entry.term))
        signing = [c for c in cues if c.stage in AGREEMENT_STAGES]
        before = [c for c in signing if c.hit.start < noun.start]
        after = [c for c in signing if c.hit.start > noun.start]
        source = before[-1] if before else after[0] if after else None
        if source is None:
            return _Cue(noun, "", ())
        return _Cue(noun, source.stage, (noun.entry.term, *source.terms))

    # -- attribution ----------------------------------------------------------------------------
    def _opens_item(self, position: int) -> bool:
        before = self.form[:position].rstrip(" ")
        return not before or before.rsplit(None, 1)[-1] in (",", "و", "and")

    @cached_property
    def groups(self) -> list[_Group]:
        """Runs of places (any role) in the sentence, keeping only those naming a partner."""
        places = [h for h in resolve_overlaps(self.coder.place_matcher.find(self.form, self.base))
                  if h.entry.kind == "partner"]
        groups: list[_Group] = []
        for hit in places:
            if groups and set(self._words(groups[-1].end, hit.start)) <= GROUP_FILLERS:
                groups[-1].end = hit.word_end
                groups[-1].ids.append(hit.entry.id)
            else:
                groups.append(_Group(hit.start, hit.word_end, [hit.entry.id]))
        return [_Group(g.start, g.end, sorted(set(g.ids) & self.partners))
                for g in groups if set(g.ids) & self.partners]

    def _attribute(self, hit: Hit) -> list[str]:
        located = {pid for g in self.groups for pid in g.ids}
        if len(self.partners) <= 1 or located != self.partners:
            return sorted(self.partners)  # one partner, or one the codebook cannot locate here
        group = self._stated_for(hit) or self._backward(hit) or self._forward(hit)
        return group.ids if group else sorted(self.partners)

    def _break_in(self, a: int, b: int, inclusive: bool = False) -> bool:
        return any(a <= x < b or (inclusive and x == b) for x in self.breaks)

    def _stated_for(self, hit: Hit) -> _Group | None:
        following = next((g for g in self.groups if g.start >= hit.word_end), None)
        if following is None:
            return None
        words = self._words(hit.word_end, following.start)
        while words and words[-1] in _PLACE_WORDS:
            words.pop()
        other_cue = any(hit.word_end <= h.start < following.start for h in self._cue_hits)
        if (words and words[-1] in PREPOSITIONS and len(words) <= LOCAL_REACH and "," not in words
                and VERB_ENDS.isdisjoint(words) and not other_cue
                and not self._break_in(hit.word_end, following.start)):
            return following
        return None

    @cached_property
    def _cue_hits(self) -> list[Hit]:
        stages = set(self.coder.book.order)
        return [h for kind, hits in self.modifiers.items() if kind in stages for h in hits]

    def _backward(self, hit: Hit) -> _Group | None:
        before = [g for g in self.groups if g.end <= hit.start]
        # A cue that opens a list item ("، امضای ...") starts a new clause: it does not look back.
        if before and not self._break_in(before[-1].end, hit.start, inclusive=True):
            return before[-1]
        return None

    def _forward(self, hit: Hit) -> _Group | None:
        after = [g for g in self.groups if g.start >= hit.end]
        if after and not self._break_in(hit.start + 1, after[0].start):
            return after[0]
        return None


def _position(hit: Hit) -> tuple[int, int]:
    return hit.start, -hit.length


def _kept(hits: list[Hit]) -> list[Hit]:
    """Drop hits inside an ``exclude`` phrase, and a cue inside a longer cue of its own kind
    ("امضا" inside "امضا شود"); partly overlapping cues both stay ("ready to" + "to sign")."""
    excluded = [h for h in hits if h.entry.id == "exclude"]
    kept = []
    for hit in hits:
        if hit.entry.id == "exclude":
            continue
        if any(e.start <= hit.start and hit.word_end <= e.word_end for e in excluded):
            continue
        if any(_family(o) == _family(hit) and o.length > hit.length and o.start <= hit.start
               and hit.end <= o.end for o in hits):
            continue
        kept.append(hit)
    return kept


def _family(hit: Hit) -> str:
    # Stage cues compete with each other; each modifier kind only with itself.
    kind = hit.entry.id if hit.entry.kind == "stage" else hit.entry.kind
    return kind if kind in MODIFIERS or kind == "clause_head" else "cue"


# --- the public, per-article and per-corpus functions --------------------------------------


@lru_cache(maxsize=1)
def _default_coder() -> StageCoder:
    return StageCoder()


def stage_coder(codebook: Codebook | None = None) -> StageCoder:
    """A :class:`StageCoder` for ``codebook`` (the shipped one, built once, when None).

    >>> stage_coder() is stage_coder()
    True
    """
    return _default_coder() if codebook is None else StageCoder(codebook)


def article_stages(article_id: str, sentences: Sequence[str | Sentence],
                   partner_sentences: Mapping[str, Iterable[int]],
                   coder: StageCoder | None = None) -> list[dict]:
    """The stages of one article, one row per (partner, stage): a pure function.

    ``sentences`` are the article's sentences (title first, as the tagger
    splits them); ``partner_sentences`` maps each partner id to the indexes of
    the sentences where it is named as a partner. Rows have
    :data:`STAGE_COLUMNS`, sorted by partner then stage order.

    >>> rows = article_stages("x", ["Iran is ready to send medicines to Syria.",
    ...                             "The shipment did not arrive."], {"SY": [0]})
    >>> [(r["stage"], r["terms"]) for r in rows]
    [('intent', 'ready to')]
    """
    return (coder or _default_coder()).code(article_id, sentences, partner_sentences)


def article_sentences(title: str, text: str) -> list[Sentence]:
    """The sentences the tagger reads: the title (if any), then the body's.

    >>> [s.text for s in article_sentences("Title", "One. Two.")]
    ['Title', 'One.', 'Two.']
    """
    head = [Sentence(0, len(title), title)] if title.strip() else []
    return head + split_sentences(text)


def partner_sentences(sentences: Sequence[str | Sentence], mentions: Iterable[Mapping]) -> dict[str, list[int]]:
    """Partner id -> indexes of the sentences where the tagger's mention rows name it as a partner.

    >>> partner_sentences(["Iran met Iraq.", "Syria was at war."],
    ...                   [{"partner_id": "IQ", "role": "partner", "sentence": "Iran met Iraq."},
    ...                    {"partner_id": "SY", "role": "mentioned", "sentence": "Syria was at war."}])
    {'IQ': [0]}
    """
    positions: dict[str, list[int]] = {}
    for index, sentence in enumerate(sentences):
        positions.setdefault(sentence.text if isinstance(sentence, Sentence) else str(sentence), []).append(index)
    found: dict[str, set[int]] = {}
    for mention in mentions:
        if mention.get("role") == "partner":
            found.setdefault(mention["partner_id"], set()).update(positions.get(mention["sentence"], ()))
    return {pid: sorted(indexes) for pid, indexes in sorted(found.items())}


def stages_from_mentions(article_id: str, title: str, text: str, mentions: Iterable[Mapping],
                         coder: StageCoder | None = None) -> list[dict]:
    """:func:`article_stages` from the tagger's mention rows of one article: the call to wire
    after ``Tagger.tag`` (``links, mentions = tagger.tag(...)``).

    >>> mentions = [{"partner_id": "AZ", "role": "partner", "sentence": "Iran and Azerbaijan held talks."}]
    >>> [r["stage"] for r in stages_from_mentions("a", "", "Iran and Azerbaijan held talks.", mentions)]
    ['talks']
    """
    mentions = list(mentions)
    sentences = article_sentences(title, text)
    return article_stages(article_id, sentences, partner_sentences(sentences, mentions), coder)


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


LINK_EXTRA_COLUMNS = ["stages", "year_start", "year_end", "year_source", "year_evidence"]


def annotate_links(article_id: str, title: str, text: str, published: object, links: list[dict],
                   mentions: Iterable[Mapping], coder: StageCoder | None = None) -> list[dict]:
    """Add :data:`LINK_EXTRA_COLUMNS` to one article's link rows (in place) and return its
    stage rows: the one call to wire after ``links, mentions = tagger.tag(...)``.

    ``stages`` is the partner's stages joined by ";" in stage order ("intent;talks");
    the year columns come from :func:`healthdiplomacy.timeline.infer_year`.

    >>> links = [{"article_id": "a", "partner_id": "AZ"}]
    >>> mentions = [{"partner_id": "AZ", "role": "partner", "sentence": "Iran and Azerbaijan held talks in 2019."}]
    >>> rows = annotate_links("a", "", "Iran and Azerbaijan held talks in 2019.", "", links, mentions)
    >>> links[0]["stages"], links[0]["year_start"], links[0]["year_source"], [r["stage"] for r in rows]
    ('talks', 2019, 'inferred', ['talks'])
    """
    from .timeline import infer_year

    coder = coder or _default_coder()
    rows = stages_from_mentions(article_id, title, text, mentions, coder)
    by_partner = stages_by_partner(rows, coder.book.order)
    year = infer_year(title, text, published)
    for link in links:
        link.update(stages=by_partner.get(link["partner_id"], ""), **year)
    return rows


def stage_table(articles: pd.DataFrame | Iterable[Mapping], tagging=None,
                codebook: Codebook | str | None = None) -> pd.DataFrame:
    """Stage rows for a corpus (:data:`STAGE_COLUMNS`), from its tagging (run here if not given).

    Duplicates (``duplicate_of``) are skipped, as the tagger skips them.

    >>> from healthdiplomacy import load_corpus
    >>> table = stage_table(load_corpus())
    >>> sorted(table.loc[table.article_id.str.startswith("003"), "stage"])
    ['intent', 'talks']
    """
    if tagging is not None and getattr(tagging, "stages", None) is not None:
        return tagging.stages  # the tagger already coded them
    if not isinstance(codebook, Codebook) and codebook is not None:
        codebook = load_codebook(codebook)
    if tagging is None:
        from .tagging import tag_articles  # lazy: tagging may import this module

        tagging = tag_articles(articles, codebook)
    coder = stage_coder(codebook)
    mentions: dict[str, list[dict]] = {}
    for mention in tagging.mentions.to_dict("records"):
        mentions.setdefault(mention["article_id"], []).append(mention)
    rows = []
    records = articles.to_dict("records") if isinstance(articles, pd.DataFrame) else articles
    for article in records:
        if article.get("duplicate_of"):
            continue
        aid = str(article.get("article_id", ""))
        rows += stages_from_mentions(aid, str(article.get("title") or ""), str(article.get("text") or ""),
                                     mentions.get(aid, []), coder)
    frame = pd.DataFrame(rows, columns=STAGE_COLUMNS)
    return frame.sort_values(["article_id", "partner_id"], kind="stable").reset_index(drop=True)


# --- tables and the chart --------------------------------------------------------------------


def stage_partner_table(stages: pd.DataFrame, links: pd.DataFrame | None = None,
                        book: StageBook | None = None) -> pd.DataFrame:
    """Partner x stage matrix of distinct articles: how far each partnership got.

    Columns are the stages in order; rows every partner of ``links`` (so a
    partner with no stage stated shows as a row of zeros), furthest stage
    first, then by articles and id.

    >>> stages = pd.DataFrame({"article_id": ["a", "b", "a"], "partner_id": ["AZ", "AZ", "IQ"],
    ...                        "stage": ["talks", "intent", "agreement_signed"]})
    >>> stage_partner_table(stages).values.tolist()
    [[0, 0, 0, 1, 0], [1, 1, 0, 0, 0]]
    """
    book = book or load_stagebook()
    partners = set(stages["partner_id"]) | (set(links["partner_id"]) if links is not None else set())
    counts = (stages.groupby(["partner_id", "stage"])["article_id"].nunique()
              .unstack("stage", fill_value=0) if len(stages) else pd.DataFrame())
    table = counts.reindex(index=sorted(partners), columns=list(book.order), fill_value=0).fillna(0)
    table = table.astype("int64")
    articles = _articles_per_partner(stages, links)
    furthest = {p: max((i for i, s in enumerate(book.order) if table.loc[p, s]), default=-1) for p in table.index}
    order = sorted(table.index, key=lambda p: (-furthest[p], -articles.get(p, 0), p))
    table = table.loc[order]
    table.index.name, table.columns.name = "partner_id", "stage"
    return table


def _articles_per_partner(stages: pd.DataFrame, links: pd.DataFrame | None) -> dict[str, int]:
    frames = [stages[["article_id", "partner_id"]]]
    if links is not None:
        frames.append(links[["article_id", "partner_id"]])
    pairs = pd.concat(frames).drop_duplicates()
    return {p: int(n) for p, n in pairs.groupby("partner_id")["article_id"].nunique().items()}


def furthest_stages(stages: pd.DataFrame, links: pd.DataFrame, book: StageBook | None = None) -> pd.DataFrame:
    """Per partner: articles, every stage reached, the furthest one and its CAMEO code (ids).

    >>> from healthdiplomacy.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> furthest_stages(stages, example_links())[["partner_id", "stages", "furthest_stage"]].values.tolist()
    [['azerbaijan', 'talks', 'talks'], ['iraq', '', '']]
    """
    book = book or load_stagebook()
    table = stage_partner_table(stages, links, book)
    articles = _articles_per_partner(stages, links)
    rows = []
    for pid, counts in table.iterrows():
        reached = [s for s in book.order if counts[s]]
        rows.append({"partner_id": pid, "articles": articles.get(pid, 0), "stages": ";".join(reached),
                     "furthest_stage": reached[-1] if reached else "",
                     "cameo_code": book.code(reached[-1])["cameo_code"] if reached else ""})
    return pd.DataFrame(rows, columns=["partner_id", "articles", "stages", "furthest_stage", "cameo_code"])


def stage_summary(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en",
                  book: StageBook | None = None) -> pd.DataFrame:
    """:func:`furthest_stages` for reading in the ``lang`` edition: names and stage labels,
    headers from the i18n files.

    >>> from healthdiplomacy.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> row = stage_summary(stages, example_links(), "fa").to_dict("records")[0]
    >>> row["شریک"], row["دورترین مرحله"] == stage_label(load_stagebook(), "talks", "fa"), row["کد کامئو"]
    ('آذربایجان', True, '۰۴')
    """
    from .i18n import Strings

    book = book or load_stagebook()
    strings = Strings(lang)
    table = furthest_stages(stages, links, book)
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    separator = "، " if lang == "fa" else "; "
    out = pd.DataFrame({
        "partner_id": table["partner_id"],
        "partner": [_partner_label(names, p, lang) for p in table["partner_id"]],
        "articles": table["articles"],
        "stages": [separator.join(stage_label(book, s, lang) for s in v.split(";") if s) for v in table["stages"]],
        "furthest_stage": [stage_label(book, s, lang) if s else "" for s in table["furthest_stage"]],
        "cameo_code": [strings.digits(c) for c in table["cameo_code"]],
    })
    return out.rename(columns={c: strings(f"stages.columns.{c}") for c in out.columns})


def stage_label(book: StageBook, stage: str, lang: str = "en") -> str:
    """A stage's name for the ``lang`` edition (both languages in English, Persian alone in Persian).

    >>> stage_label(load_stagebook(), "talks", "fa")
    'دیدار و گفت\u200cوگو'
    """
    from .tables import label

    row = book.code(stage)
    return label(row["label_en"], row["label_fa"], lang)


def _partner_label(names: pd.DataFrame, pid: str, lang: str = "en") -> str:
    from .tables import label

    if pid not in names.index:
        return pid
    return label(names.loc[pid, "partner_name_en"], names.loc[pid, "partner_name_fa"], lang)


def stage_evidence(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en",
                   book: StageBook | None = None) -> pd.DataFrame:
    """Stage rows in the shape of :func:`healthdiplomacy.tables.evidence_table` (the stage in
    the theme columns), so :func:`healthdiplomacy.htmlsafe.evidence_html` shows them.

    >>> from healthdiplomacy.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"],
    ...                        "cameo_code": ["04"], "evidence": ["..."], "terms": ["دیدار"]})
    >>> stage_evidence(stages, example_links())["theme_label"].tolist()
    ['Talks · دیدار و گفت\u200cوگو (CAMEO 04)']
    """
    from .i18n import Strings

    book = book or load_stagebook()
    strings = Strings(lang)
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    languages = links.drop_duplicates("article_id").set_index("article_id")["language"]
    rank = {s: i for i, s in enumerate(book.order)}
    column = lambda name, default: [names.loc[p, name] if p in names.index else default  # noqa: E731
                                    for p in stages["partner_id"]]
    out = stages.assign(
        theme_id=stages["stage"],
        theme_label=[strings("stages.evidence_heading", stage=stage_label(book, s, lang), code=strings.digits(c))
                     for s, c in zip(stages["stage"], stages["cameo_code"])],
        partner_name_en=column("partner_name_en", ""), partner_name_fa=column("partner_name_fa", ""),
        partner_kind=column("partner_kind", ""),
        language=[languages.get(a, "") for a in stages["article_id"]],
        rank_key=stages["stage"].map(rank))
    # Furthest stage first: a signing matters more to a reader than a hope.
    out = out.sort_values(["rank_key", "partner_id", "article_id"], ascending=[False, True, True])
    columns = ["theme_id", "theme_label", "partner_id", "partner_name_en", "partner_name_fa", "partner_kind",
               "article_id", "language", "evidence", "terms"]
    return out[columns].reset_index(drop=True)


def stage_chart(stages: pd.DataFrame, links: pd.DataFrame, lang: str = "en", book: StageBook | None = None):
    """Heatmap of partners (rows) by stage (columns), as ``(figure, data)`` like
    :mod:`healthdiplomacy.charts`; data has one row per cell. The Persian edition
    reads right to left: stages run from the right, names stand on the right.

    >>> from healthdiplomacy.tables import example_links
    >>> stages = pd.DataFrame({"article_id": ["a1"], "partner_id": ["azerbaijan"], "stage": ["talks"]})
    >>> stage_chart(stages, example_links())[1].to_dict("records")[1]
    {'partner_id': 'azerbaijan', 'stage': 'talks', 'row': 0, 'column': 1, 'articles': 1}
    """
    from matplotlib.figure import Figure

    from .charts import _style
    from .i18n import Strings

    book = book or load_stagebook()
    strings = Strings(lang)
    table = stage_partner_table(stages, links, book)
    with _style():
        fig = Figure(figsize=(5.0 + 1.3 * len(book.order), 2.0 + 0.36 * max(len(table), 2)),
                     layout="constrained")
        ax = fig.add_subplot()
        _stage_axes(ax, fig, table, links, book, lang)
        ax.set_title(_shown(strings("stages.charts.stage_partner.title")))
    data = (table.stack().rename("articles").reset_index()
            .assign(row=lambda d: d["partner_id"].map(list(table.index).index),
                    column=lambda d: d["stage"].map(list(table.columns).index)))
    return fig, data[["partner_id", "stage", "row", "column", "articles"]]


def _stage_axes(ax, fig, table: pd.DataFrame, links: pd.DataFrame, book: StageBook, lang: str) -> None:
    from matplotlib.ticker import MaxNLocator

    from .charts import _annotate_cells, _digits, _right_to_left
    from .i18n import Strings

    strings = Strings(lang)
    names = links.drop_duplicates("partner_id").set_index("partner_id")
    ax.set_xticks(range(len(book.order)), [_shown(stage_label(book, s, lang)) for s in book.order],
                  rotation=30, ha="right", rotation_mode="anchor")
    if not len(table):
        ax.set_xlim(-0.5, len(book.order) - 0.5)
        ax.set_yticks([])
        ax.text(0.5, 0.5, _shown(strings("stages.charts.stage_partner.empty")), transform=ax.transAxes,
                ha="center", va="center")
        return
    image = ax.imshow(table.to_numpy(), cmap="Blues", aspect="auto", vmin=0)
    ax.set_yticks(range(len(table)), [_shown(_partner_label(names, p, lang)) for p in table.index])
    _annotate_cells(ax, table, lang)
    bar = fig.colorbar(image, ax=ax, label=_shown(strings("stages.charts.stage_partner.colorbar")),
                       shrink=0.6, location="left" if strings.dir == "rtl" else "right")
    bar.locator = MaxNLocator(integer=True)
    bar.formatter = _digits(lang)
    bar.update_ticks()
    if strings.dir == "rtl":
        ax.invert_xaxis()  # the first stage on the right, where a Persian reader starts
        _right_to_left(ax)


def _shown(text: str) -> str:
    from .shaping import display_text

    return display_text(text)
