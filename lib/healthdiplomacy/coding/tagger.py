"""Link each cooperation theme to the partner it is stated for, with evidence.

A *link* is (article, partner, theme): "this article reports cooperation
between Iran and PARTNER on THEME", carrying the sentence(s) that say so,
quoted exactly, and the matched terms.

Four steps, for each article, in one pass (:meth:`Tagger.code`):

1. *Find* every term of the codebook in one Aho-Corasick pass
   (:mod:`healthdiplomacy.coding.matching`): places, themes, exclusions and the cues
   of the relation step.
2. *Relate*: give every place mention a role (:mod:`healthdiplomacy.coding.relation`):
   only a place on the other side of a relation stated with Iran is a
   ``partner``; venues, occasions, third parties, adversaries, comparisons,
   origins, titles and negated mentions are not.
3. *Attribute* each theme and stage cue to the partner it is stated for
   (:mod:`healthdiplomacy.coding.attribution`; the link's ``rule`` column names the
   rule that applied).
4. *Read off* the rows: links, mentions, stages, the article's year
   (:mod:`healthdiplomacy.coding.years`) and the sentences they quote, all from this
   one pass.

   A partner with no theme stated gets one row with an empty theme
   (``no_theme_stated``). ``partner_rule`` says how the place became a partner
   (:mod:`healthdiplomacy.coding.relation`).

>>> from healthdiplomacy import load_corpus
>>> links = tag_corpus(load_corpus())
>>> sorted(set(links.loc[links.article_id.str.startswith("002"), "theme_id"]))[:3]
['experience_sharing', 'health_services', 'medical_education']
"""

from __future__ import annotations

import bisect
import itertools
import re
from collections.abc import Iterable
from dataclasses import dataclass
from typing import NamedTuple
from functools import lru_cache

import pandas as pd

from ..codebook.tables import Codebook, load_codebook
from ..text.normalize import match_base, match_base_lines, normalize, normalize_lines
from ..text.sentences import Sentence, article_sentences
from .attribution import Attribution
from .matching import Hit, Spans, Term, TermMatcher, resolve_overlaps
from .officials import SEPARATOR as DETAIL_SEPARATOR, DetailReader, detail_terms
from .relation import CONNECTORS, Mention, SentenceRelations, assign_roles, drop_partners_without_health
from .stages import (STAGE_COLUMNS, StageCue, resolve_stage_cues, stage_rows, stage_terms, stages_by_partner,
                     stages_by_partner_and_article)
from .dates import stated_date_in
from .years import infer_year_in, year_mentions_in

# The stored tables, as a run writes them: ids only. A quoted sentence is stored once, in
# the sentences table, and the rows refer to it by its index in the article (the title is
# sentence 0 when there is one); names and labels are the codebook's.
LINK_COLUMNS = ["article_id", "partner_id", "theme_id", "rule", "partner_rule", "sentence_ids", "terms",
                "language"]
MENTION_COLUMNS = ["article_id", "partner_id", "role", "cue", "rule", "sentence_id", "term"]
SENTENCE_COLUMNS = ["article_id", "sentence_id", "text"]
# One row per article coded: its year (see healthdiplomacy.coding.years), and the date it
# was read from when that is the publication date; and the day its text states
# (healthdiplomacy.coding.dates: ISO, the calendar it was written in, the words, the sentence).
# And the officials and places the sentences of its links name (healthdiplomacy.coding.officials:
# "health_minister:IQ", "Baghdad"; each joined by ";"), the evidence that ties reports of one event.
YEAR_COLUMNS = ["article_id", "year_start", "year_end", "year_source", "year_sentence_id", "published",
                "date_stated", "date_calendar", "date_text", "date_sentence_id", "officials", "places"]
# Every stored table, by name: what a run writes, in this order.
STORED_COLUMNS = {"links": LINK_COLUMNS, "mentions": MENTION_COLUMNS, "stages": STAGE_COLUMNS,
                  "sentences": SENTENCE_COLUMNS, "years": YEAR_COLUMNS}
# In memory (a Tagging) and in exports, the rows also carry the names and the text they
# quote, joined from the codebook and the sentences, and a link its partner's stages and
# its article's year (from the stages and years tables), so a reader needs no join.
# (``year_evidence`` is the sentence a year was inferred from; a publication date is the
# articles' ``published``.)
PARTNER_LABELS = ["partner_name_en", "partner_name_fa", "partner_kind"]
JOINED_COLUMNS = {"links": [*PARTNER_LABELS, "theme_label", "evidence", "stages", "year_start", "year_end",
                            "year_source", "year_sentence_id", "year_evidence"],
                  "mentions": [*PARTNER_LABELS, "sentence"], "stages": ["evidence"],
                  "years": ["year_evidence", "date_evidence"]}  # the sentence (or the publication date as given)

# How a place became a partner, strongest first (see healthdiplomacy.coding.relation).
PARTNER_RULES = ("iran_and_partner", "stated_with_iran", "implicit_iran", "same_partner")
PARTNER_RULE_RANK = {rule: rank for rank, rule in enumerate(PARTNER_RULES)}  # (a dict look-up, not a list scan)
COUNTRY_WORD_GAP = 1
SLOT_PREPOSITIONS = frozenset({"with", "to", "from", "in", "between", "agent"})


@dataclass
class Tagging:
    """The result of tagging: ``links`` (one row per article x partner x theme),
    ``mentions`` (every place named, with its role), ``stages`` (article x partner x
    stage), ``sentences`` (every sentence the other tables quote, once) and ``years``
    (one row per article).

    All but the sentences carry names, quotes, stages and years joined (:data:`JOINED_COLUMNS`);
    :meth:`stored` gives the tables as written to disk, :meth:`from_stored` reads them back.
    """

    links: pd.DataFrame
    mentions: pd.DataFrame
    stages: pd.DataFrame | None = None  # article x partner x stage rows (stages.STAGE_COLUMNS)
    sentences: pd.DataFrame | None = None  # SENTENCE_COLUMNS
    years: pd.DataFrame | None = None  # YEAR_COLUMNS: one row per article coded

    def stored(self) -> dict[str, pd.DataFrame]:
        """The tables as a run writes them (:data:`STORED_COLUMNS`): ids, no joined text.

        >>> from healthdiplomacy import load_corpus
        >>> tables = tag_articles(load_corpus()).stored()
        >>> list(tables), "evidence" in tables["links"]
        (['links', 'mentions', 'stages', 'sentences', 'years'], False)
        """
        return {name: getattr(self, name)[columns] for name, columns in STORED_COLUMNS.items()}

    @classmethod
    def from_stored(cls, tables: dict[str, pd.DataFrame], codebook: Codebook | str | None = None) -> "Tagging":
        """The tagging again from :meth:`stored` tables: names joined from the codebook
        (the shipped one by default), quotes from the sentences.

        >>> from healthdiplomacy import load_corpus
        >>> tagging = tag_articles(load_corpus())
        >>> again = Tagging.from_stored(tagging.stored())
        >>> again.links.equals(tagging.links), again.mentions.equals(tagging.mentions), again.years.equals(tagging.years)
        (True, True, True)
        """
        # The codebook alone: names and labels are all it gives (no matcher is built).
        book = codebook if isinstance(codebook, Codebook) else load_codebook(codebook)
        # (columns as lists throughout: iterating an Arrow-backed column costs a microsecond a value)
        sentences = tables["sentences"]
        texts = {(str(a), str(i)): t for a, i, t in zip(*(sentences[c].tolist() for c in SENTENCE_COLUMNS))}

        def quote(frame: pd.DataFrame, ids: str) -> list[str]:
            return ["\n".join(texts[(str(a), i)] for i in str(v).split(";") if i)
                    for a, v in zip(frame["article_id"].tolist(), frame[ids].tolist())]

        partners = {pid: book.partner(pid) for pid in set(tables["links"]["partner_id"].tolist())
                    | set(tables["mentions"]["partner_id"].tolist())}

        def named(frame: pd.DataFrame) -> pd.DataFrame:
            found = [partners[p] for p in frame["partner_id"].tolist()]
            frame["partner_name_en"] = [p.name_en for p in found]
            frame["partner_name_fa"] = [p.name_fa for p in found]
            frame["partner_kind"] = [p.kind for p in found]
            return frame

        links = named(tables["links"][LINK_COLUMNS].copy())
        links["theme_label"] = [book.theme(t).label_en if t else "" for t in links["theme_id"].tolist()]
        links["evidence"] = quote(links, "sentence_ids")
        reached = stages_by_partner_and_article(tables["stages"].to_dict("records"), book.stagebook.order)
        links["stages"] = [reached.get((a, p), "") for a, p in zip(links["article_id"].tolist(),
                                                                   links["partner_id"].tolist())]
        stored_years = tables["years"]
        for column in ("year_start", "year_end", "year_source", "year_sentence_id"):
            # (a dict per column, not DataFrame.at per link: 30 s at 5,000 articles, against 0.1 s)
            by_article = dict(zip(stored_years["article_id"], stored_years[column].tolist()))
            links[column] = [str(by_article[a]) if a in by_article else "" for a in links["article_id"].tolist()]
        links["year_evidence"] = quote(links, "year_sentence_id")
        mentions = named(tables["mentions"][MENTION_COLUMNS].copy())
        mentions["sentence"] = quote(mentions, "sentence_id")
        stages = tables["stages"][STAGE_COLUMNS].copy()
        stages["evidence"] = quote(stages, "sentence_ids")
        years = tables["years"][YEAR_COLUMNS].copy()
        years["year_evidence"] = [text or date for text, date in zip(quote(years, "year_sentence_id"),
                                                                     years["published"].tolist())]
        years["date_evidence"] = quote(years, "date_sentence_id")
        return cls(links[LINK_COLUMNS + JOINED_COLUMNS["links"]],
                   mentions[MENTION_COLUMNS + JOINED_COLUMNS["mentions"]],
                   stages[STAGE_COLUMNS + JOINED_COLUMNS["stages"]],
                   tables["sentences"][SENTENCE_COLUMNS].reset_index(drop=True),
                   years[YEAR_COLUMNS + JOINED_COLUMNS["years"]])


class ArticleCoding(NamedTuple):
    """Everything coded in one article, read off one pass: the rows of each table."""

    article_id: str
    links: list[dict]
    mentions: list[dict]
    stages: list[dict]
    sentences: list[dict]
    years: list[dict]  # one row: the article's year


# --- the matcher for a codebook ------------------------------------------------------

# Sentences whose hits a tagger remembers (Tagger.sentence_hits), by default none. News repeats
# few sentences word for word (14 look-ups of 2,741 hit on ../shared/realtext), and a cache of
# 4,096 made coding such text about 20% slower (1,800 against 1,500 µs an article, most of it the
# garbage collector walking the remembered hits again and again). A corpus that does repeat
# sentences (a feed of agency lines, the synthetic corpus of bench/) may ask for one.
SENTENCE_CACHE = 0


def codebook_terms(codebook: Codebook) -> list[Term]:
    """Every term of the codebook as a :class:`~healthdiplomacy.coding.matching.Term`."""
    # (partner_terms.csv marks a demonym by a note that starts with "demonym")
    terms = [Term("partner", r.partner_id, r.term, r.lang, str(r.ambiguous).strip() in ("1", "true", "yes"),
                  str(r.note).strip().lower().startswith("demonym"))
             for r in codebook.partner_terms.itertuples(index=False)]
    terms += [Term("theme", r.theme_id, r.term, r.lang) for r in codebook.theme_terms.itertuples(index=False)]
    terms += [Term("exclusion", "", r.phrase, r.lang) for r in codebook.exclusions.itertuples(index=False)]
    terms += [Term("cue", r.cue, r.term, r.lang) for r in codebook.cues.itertuples(index=False)]
    return terms + stage_terms(codebook.stagebook) + detail_terms(codebook)


@lru_cache(maxsize=8)
def default_tagger() -> "Tagger":
    """The tagger of the shipped codebook (built once per process).

    >>> default_tagger() is default_tagger()
    True
    """
    return Tagger(load_codebook())


class Tagger:
    """A codebook compiled for tagging. Build once, tag many articles (it is picklable
    state-free per article, so it maps over partitions unchanged)."""

    def __init__(self, codebook: Codebook, sentence_cache: int = SENTENCE_CACHE):
        if not isinstance(sentence_cache, int) or isinstance(sentence_cache, bool) or sentence_cache < 0:
            # (lru_cache takes None as "unbounded": memory would grow with the corpus)
            raise ValueError(f"sentence_cache must be a whole number >= 0, not {sentence_cache!r}")
        self.codebook, self.sentence_cache = codebook, sentence_cache
        # One automaton for terms and cues: a scan of the text costs as much as the
        # matches it finds, so one pass instead of two (hits are split by kind after).
        # (its find_split() sorts the hits by kind as it finds them: see split_found)
        self.term_matcher = TermMatcher(codebook_terms(codebook), hit_bucket, len(HIT_BUCKETS))
        self.kinds = dict(zip(codebook.partners["partner_id"], codebook.partners["kind"]))
        self.homes = frozenset(pid for pid, kind in self.kinds.items() if kind == "home")
        self.details = DetailReader(codebook)
        self._partner_fields: dict[str, dict] = {}
        # The hits of a sentence, by its match base, remembered for a corpus that repeats sentences
        # word for word (see SENTENCE_CACHE: not news, by default). Bounded, so memory stays flat.
        # (sentence_cache=0 finds every sentence afresh, where it stands in its article)
        self.sentence_hits = lru_cache(maxsize=sentence_cache)(self._sentence_hits)

    def _sentence_hits(self, base: str) -> tuple[tuple[Hit, ...], tuple[Hit, ...], tuple[StageCue, ...],
                                                 tuple[Hit, ...]]:
        """(entities, cues, resolved stage cues, titles and cities) of one sentence's match base
        (one line), at offsets from its start: :meth:`hits_at` of the sentence alone (what the cache
        remembers).

        >>> entities, cues, stages, named = default_tagger().sentence_hits("Iran sent aid to Iraq")
        >>> [h.entry.id for h in entities], [h.entry.id for h in cues], [c.stage for c in stages]
        (['IR', 'IQ'], ['relation', 'relation', 'to'], ['delivered'])
        """
        return self.hits_at(base.lower(), base, 0, len(base))

    def hits_at(self, form: str, base: str, start: int, end: int) -> tuple[tuple[Hit, ...], tuple[Hit, ...],
                                                                          tuple[StageCue, ...], tuple[Hit, ...]]:
        """What :meth:`sentence_hits` finds in the sentence at ``start:end`` of an article's match
        form ``form`` (one sentence a line; ``base`` before lower-casing, of the same length), but
        at its offsets in the article, and remembered nowhere.

        >>> tagger = default_tagger()
        >>> base = "Iraq\\nIran sent aid to Iraq"
        >>> [(h.entry.id, h.start) for h in tagger.hits_at(base.lower(), base, 5, len(base))[0]]
        [('IR', 5), ('IQ', 22)]
        """
        # (spaced: the form of an article is a match form, one sentence a line)
        return tuple(map(tuple, self.resolved(form, *self.term_matcher.find_split(form, base, start, end, True))))

    def resolved(self, form: str, found: list[Hit], cue_hits: list[Hit], stages: list[Hit],
                 named: list[Hit]) -> tuple[list[Hit], list[Hit], list[StageCue], list[Hit]]:
        """:func:`split_found` of one sentence's hits sorted by kind (``found``, ``cue_hits``,
        ``stages``, ``named``: see :data:`HIT_BUCKETS`), its stage terms resolved with their
        modifiers; as lists."""
        entities, cues, stages, named = split_found(found, cue_hits, stages, named, self.homes)
        if not stages:  # (most sentences of real news: no stage term, nothing to resolve)
            return entities, cues, [], named
        return entities, cues, resolve_stage_cues(form, stages, self.codebook.stagebook), named

    def __reduce__(self):  # ship the codebook, rebuild the automata in the worker
        return (Tagger, (self.codebook, self.sentence_cache))

    def partner_fields(self, pid: str) -> dict:
        """A partner's columns in the output rows (cached: at most one entry per partner)."""
        fields = self._partner_fields.get(pid)
        if fields is None:
            partner = self.codebook.partner(pid)
            fields = self._partner_fields[pid] = {"partner_id": pid, "partner_name_en": partner.name_en,
                                                  "partner_name_fa": partner.name_fa, "partner_kind": partner.kind}
        return fields

    def code(self, article_id: str, title: str, text: str, language: str = "", published: str = "",
             mentions: bool = True, joined: bool = True) -> ArticleCoding:
        """Code one article in one pass: normalized once, split once, matched once; links,
        mentions (none with ``mentions=False``), stages, the year and the quoted
        sentences are all read off that one result. A pure function of its inputs.

        Link rows carry their partner's stages (``stages``: joined by ";" in stage
        order) and the article's year (:func:`healthdiplomacy.coding.years.infer_year_in`); the
        years row also the day the text states (:func:`healthdiplomacy.coding.dates.stated_date_in`).
        ``joined=False`` is for a caller that keeps the stored columns only (:data:`STORED_COLUMNS`,
        as ``tag`` writes them): the links then get no stages or year columns and the links' and
        stages' ``evidence`` is left empty, text that would be built only to be dropped (the
        stored columns are the same either way).

        >>> coded = default_tagger().code("a", "", "Iran sent medicine to Iraq in 2019.")
        >>> [(r["partner_id"], r["theme_id"], r["sentence_ids"], r["year_start"]) for r in coded.links]
        [('IQ', 'medicine', '0', '2019')]
        >>> coded.sentences
        [{'article_id': 'a', 'sentence_id': '0', 'text': 'Iran sent medicine to Iraq in 2019.'}]
        >>> coded.years[0]["year_source"], coded.years[0]["year_sentence_id"]
        ('inferred', '0')
        >>> coded = default_tagger().code("b", "", "Iran sent medicine to Iraq on 12 May 2019.")
        >>> coded.years[0]["date_stated"], coded.years[0]["date_calendar"], coded.years[0]["date_sentence_id"]
        ('2019-05-12', 'gregorian', '0')
        """
        article = ArticleTagging(self, article_id, title, text, language, joined)
        links, places, stages = article.run(mentions)
        by_partner = stages_by_partner(stages, self.codebook.stagebook.order)
        texts = [s.text for s in article.sentences]
        found = year_mentions_in(texts, article.normalized)  # one scan: the year and the day
        year = infer_year_in(texts, published, article.normalized, found)
        date = stated_date_in(texts, article.normalized, published, found)
        dated_at = None if date["date_sentence"] is None else article.first_of[date["date_sentence"]]
        quoted = None if year["year_sentence"] is None else article.first_of[year["year_sentence"]]
        dated = year["year_source"] == "published"
        year = {"year_start": "" if year["year_start"] is None else str(year["year_start"]),
                "year_end": "" if year["year_end"] is None else str(year["year_end"]),
                "year_source": year["year_source"] or "",
                "year_sentence_id": "" if quoted is None else str(quoted),
                "year_evidence": "" if quoted is None else article.sentences[quoted].text}
        article.quoted |= {q for q in (quoted, dated_at) if q is not None}
        for link in links if joined else ():  # text like every other column: CSV, JSONL, Parquet, Dask agree
            link.update(stages=by_partner.get(link["partner_id"], ""), **year)
        years = [{"article_id": article_id, **year, "published": str(published).strip() if dated else "",
                  "year_evidence": year["year_evidence"] or (str(published).strip() if dated else ""),
                  "date_stated": date["date_stated"], "date_calendar": date["date_calendar"],
                  "date_text": date["date_text"], "date_sentence_id": "" if dated_at is None else str(dated_at),
                  "date_evidence": "" if dated_at is None else article.sentences[dated_at].text,
                  **article.details}]
        sentences = [{"article_id": article_id, "sentence_id": str(i), "text": article.sentences[i].text}
                     for i in sorted(article.quoted)]
        return ArticleCoding(article_id, links, places, stages, sentences, years)

    def tag(self, article_id: str, title: str, text: str, language: str = "", published: str = "",
            mentions: bool = True) -> tuple[list[dict], list[dict]]:
        """(link rows, mention rows) of :meth:`code` (no mention rows with ``mentions=False``)."""
        coded = self.code(article_id, title, text, language, published, mentions)
        return coded.links, coded.mentions

    def tag_with_stages(self, article_id: str, title: str, text: str, language: str = "",
                        published: str = "") -> tuple[list[dict], list[dict], list[dict]]:
        """(link rows, mention rows, stage rows) of :meth:`code`.

        >>> links, _, stages = default_tagger().tag_with_stages("a", "", "Iran and Iraq signed an MoU on medicine.")
        >>> [(r["partner_id"], r["stage"]) for r in stages]
        [('IQ', 'agreement_signed')]
        """
        coded = self.code(article_id, title, text, language, published)
        return coded.links, coded.mentions, coded.stages


# --- one article -------------------------------------------------------------------------


class ArticleTagging:
    """The tagging of one article: find, relate, attribute, then the rows."""

    def __init__(self, tagger: Tagger, article_id: str, title: str, text: str, language: str,
                 joined: bool = True):
        self.tagger, self.kinds = tagger, tagger.kinds
        self.joined = joined  # (False: the rows' quoted text is left empty, see Tagger.code)
        self.article_id, self.language = article_id, language
        self.sentences = article_sentences(title, text)
        self.has_title = bool(title.strip())
        self.normalized, self.base, bases = sentence_forms(self.sentences)
        self.quoted: set[int] = set()  # the sentences the rows quote: the sentences table
        self.details = {"officials": "", "places": ""}  # read by run()
        # A sentence the article repeats word for word (a title run again as the lead, a
        # paragraph pasted twice) is one piece of evidence: rows cite its first occurrence,
        # so the sentences table stores it once and no quote shows it twice.
        first: dict[str, int] = {}
        self.first_of = [first.setdefault(s.text, i) for i, s in enumerate(self.sentences)]
        self.form = self.base.lower()
        self.starts = list(itertools.accumulate((len(b) + 1 for b in bases[:-1]), initial=0))

    # -- finding --------------------------------------------------------------------
    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def words_between(self, a: int, b: int) -> list[str]:
        return self.form[a:b].split()

    def hits_by_sentence(self) -> list[tuple[list[Hit], list[Hit], list[StageCue], list[Hit]]]:
        """(entities, cues, resolved stage cues, titles and cities) of each sentence
        (:meth:`Tagger.sentence_hits`), at their offsets in the article's match form.

        No term spans two sentences (none holds a line break), so a sentence is matched on
        its own, and found once per tagger (:meth:`Tagger.sentence_hits`); its hits are then
        moved to where it stands in this article.

        >>> article = ArticleTagging(default_tagger(), "a", "Iraq", "Iran sent aid to Iraq.", "en")
        >>> [[(h.entry.id, article.form[h.start:h.end]) for h in entities] for entities, *_ in article.hits_by_sentence()]
        [[('IQ', 'iraq')], [('IR', 'iran'), ('IQ', 'iraq')]]
        """
        if not self.sentences:
            return []  # (an empty article still has one start, at 0)
        form, base, starts = self.form, self.base, self.starts
        ends = [start - 1 for start in starts[1:]] + [len(form)]
        resolved = self.tagger.resolved
        if len(base) != len(form):  # lower() changed the length (rare: 'İ'): as find() does, no case checks
            per_sentence = [[[] for _ in HIT_BUCKETS] for _ in starts]
            for hit in self.tagger.term_matcher.find(form, None):
                per_sentence[self.sentence_of(hit.start)][hit_bucket(hit.entry)].append(hit)
            return [resolved(form, *lists) for lists in per_sentence]
        if not self.tagger.sentence_cache:
            # No sentence is remembered: each is found where it stands (the same hits as found
            # alone and moved, with no copy of them made). (The match form is the base lower-cased,
            # of the same length here, and resolved() reads only between a sentence's hits.)
            find_split = self.tagger.term_matcher.find_split
            # (spaced: the form is match_base_lines' output lower-cased, of the same length here)
            return [resolved(form, *find_split(form, base, start, end, True)) for start, end in zip(starts, ends)]
        found = []
        for start, end in zip(starts, ends):
            entities, cues, stages, named = self.tagger.sentence_hits(base[start:end])
            found.append((_moved(entities, start), _moved(cues, start),
                          [StageCue(_moved((c.hit,), start)[0], c.stage, c.terms) for c in stages] if start
                          else list(stages), _moved(named, start)))
        return found

    def run(self, mentions: bool = True) -> tuple[list[dict], list[dict], list[dict]]:
        """(link rows, mention rows (none with ``mentions=False``), stage rows)."""
        per_sentence: list[tuple[list, list, list]] = []  # (mentions, themes, cues) of each sentence
        entities_of: list[list[Hit]] = []
        stage_cues: list[list[StageCue]] = []
        details: list[list[Hit]] = []  # titles and cities, read apart after the links (see _details)
        for entities, cues, stages, named in self.hits_by_sentence():
            entities_of.append(entities)
            per_sentence.append(([], [], cues))
            stage_cues.append(stages)
            details.append(named)
        places = [(index, h) for index, found in enumerate(entities_of) for h in found if h.entry.kind == "partner"]
        confirmed = {h.entry.id for _, h in places if not h.entry.ambiguous}
        # Ambiguous names corroborated by a country word corroborate their neighbours in turn:
        # "همتایان عراقی، سوری و ایرانی".
        sure = [h for index, h in places if not h.entry.ambiguous or h.entry.case_sensitive
                or self._after_country_word(h, per_sentence[index][2])]
        for index, found in enumerate(entities_of):
            for hit in found:
                if hit.entry.kind == "theme":
                    per_sentence[index][1].append(hit)
                elif hit.entry.kind == "partner" and self._accept_place(hit, per_sentence[index][2], confirmed, sure):
                    per_sentence[index][0].append(Mention(hit, index, self.kinds.get(hit.entry.id, "country")))
        views = []
        for index, (found, themes, sentence_cues) in enumerate(per_sentence):
            found = self._without_name_parts(found)
            end = self.starts[index + 1] - 1 if index + 1 < len(self.starts) else len(self.form)
            text, body = self.sentences[index].text, index - int(self.has_title)  # (body: 0 for the first after the title)
            views.append(SentenceRelations(self.form, self.starts[index], end, index, found, themes, sentence_cues,
                                           first_body=body == 0, dashed_words=dashed_words(text) if body == 0 else 0,
                                           question=bool(found) and body >= 0 and is_question(text)))
        assign_roles(views)
        self.attribution = Attribution(self.form, views, self.has_title)
        bound = self.attribution.themes()
        drop_partners_without_health(views, {pid for pid, _ in bound})
        self.attribution.roles_changed()  # (it may have made partners mentions: the stages read roles afresh)
        stages = self._stages(views, stage_cues)
        links = self._link_rows(views, bound)
        self.details = self._details(details, per_sentence, views, links)
        # (mention rows only when asked for: a run that writes links alone saves their cost)
        return links, self._mention_rows(views) if mentions else [], stages

    def _details(self, details: list[list[Hit]], per_sentence: list[tuple[list, list, list]],
                 views: list[SentenceRelations], links: list[dict]) -> dict[str, str]:
        """The officials and places named in the sentences the links quote (the years row's
        columns): ``details`` holds each sentence's titles and cities, ``per_sentence`` its cues
        (a place follows an "in")."""
        linked = {int(i) for row in links for i in row["sentence_ids"].split(";") if i}
        if not linked:
            return {"officials": "", "places": ""}
        kept = [h for index, named in enumerate(details) if named and self.first_of[index] in linked
                for h in itertools.chain(named, per_sentence[index][2])]
        # The countries a title may belong to: the places the relation step accepted, whatever
        # their role (an ambiguous "Jordan" or «مالی» only where it is a place).
        partners = [m.hit for view in views if self.first_of[view.index] in linked for m in view.mentions]
        reader = self.tagger.details
        return {"officials": DETAIL_SEPARATOR.join(reader.officials(self.form, kept, partners)),
                "places": DETAIL_SEPARATOR.join(reader.places(self.form, kept, partners))}

    def _stages(self, views: list[SentenceRelations], stage_cues: list[list[StageCue]]) -> list[dict]:
        """Stage rows: each resolved stage cue goes to a partner as a theme does."""
        book = self.tagger.codebook.stagebook
        found: dict[tuple[str, str], dict] = {}
        for view, cues in zip(views, stage_cues):
            for cue in cues:
                for pid, _ in self.attribution.partners_for(view, cue.hit):
                    slot = found.setdefault((pid, cue.stage), {"sentences": set(), "terms": set()})
                    slot["sentences"].add(view.index)
                    slot["terms"].update(cue.terms)
        return stage_rows(self.article_id, found, book, self._quote)

    def _without_name_parts(self, mentions: list[Mention]) -> list[Mention]:
        """Drop a name right before an organization's acronym of another id: in "برنامه عمران
        ملل متحد (UNDP)" the UN is part of the UNDP's name, which the codebook knows by its acronym."""
        return [m for m, following in zip(mentions, mentions[1:] + [None])
                if not (following is not None and following.kind == "organization"
                        and following.hit.entry.case_sensitive and following.id != m.id
                        and not self.words_between(m.end, following.start))]

    def _after_country_word(self, hit: Hit, cues: list[Hit]) -> bool:
        return any(c.entry.id == "country_word" and c.end <= hit.start
                   and len(self.words_between(c.end, hit.start)) <= COUNTRY_WORD_GAP for c in cues)

    def _after_relation_slot(self, hit: Hit, cues: list[Hit]) -> bool:
        """"ارسال دارو به یمن": right after the preposition of a relation word (within 3 words),
        a name is the relation's side ("به یمن" alone may mean "thanks to")."""
        for prep in cues:
            if prep.entry.id in ("to", "with", "from", "between") and prep.end <= hit.start \
                    and not self.words_between(prep.end, hit.start):
                # the relation word before ("ارسال دارو به یمن") or, verb last, after ("به یمن ارسال کرد")
                return any(c.entry.id == "relation" and (
                    c.end <= prep.start and len(self.words_between(c.end, prep.start)) <= 3
                    or c.start >= hit.word_end and len(self.words_between(hit.word_end, c.start)) <= 1)
                    for c in cues)
        return False

    def _accept_place(self, hit: Hit, cues: list[Hit], confirmed: set[str], sure: list[Hit]) -> bool:
        """Whether a name is a place here. An ambiguous name ("مالی", "Jordan") counts right
        after "country/republic/..." or listed beside a place that is sure."""
        if not hit.entry.ambiguous or hit.entry.id in confirmed or hit.entry.case_sensitive:
            return True  # (an acronym matched in capitals is no longer a pronoun)
        if self._after_country_word(hit, cues) or self._after_relation_slot(hit, cues):
            return True
        # Listing needs a capital letter in Latin script ("Iran and Georgia", not "who");
        # Persian has none, so there it needs a foreign neighbour: "ایران و مالی" may well
        # mean "Iran and financial", "اوگاندا و غنا" names two countries.
        latin = hit.entry.lang not in ("fa", "ar")
        if latin and not self.base[hit.start].isupper():
            return False
        return any(self._listed_together(hit, other) for other in sure
                   if other is not hit and (latin or self.kinds.get(other.entry.id) != "home"))

    def _listed_together(self, a: Hit, b: Hit) -> bool:
        first, second = (a, b) if a.start < b.start else (b, a)
        if self.form.find("\n", first.word_end, second.start) >= 0:
            return False  # (in two sentences: asked before the words of the sentences between are split)
        gap = self.words_between(first.word_end, second.start)
        # A connector must stand between them: "Kenya Red Cross" is Kenya's society, not the ICRC.
        return 0 < len(gap) <= 2 and set(gap) <= CONNECTORS

    # -- rows -------------------------------------------------------------------------
    def _quote(self, indexes: Iterable[int]) -> tuple[str, str]:
        """(sentence ids joined by ";", the sentences' text one a line) of some sentences (the
        text "" when the rows are not joined: see :meth:`Tagger.code`)."""
        ordered = sorted({self.first_of[i] for i in indexes})
        self.quoted.update(ordered)
        evidence = "\n".join([self.sentences[i].text for i in ordered]) if self.joined else ""
        return ";".join(map(str, ordered)), evidence

    def _partner_fields(self, pid: str) -> dict:
        """The article's id and a partner's columns: the first columns of every row."""
        return {"article_id": self.article_id, **self.tagger.partner_fields(pid)}

    def _link_rows(self, views: list[SentenceRelations], bound: dict) -> list[dict]:
        partner_rules: dict[str, str] = {}
        places: dict[str, list[Mention]] = {}
        for view in views:
            for mention in view.mentions:
                if mention.role == "partner":
                    places.setdefault(mention.id, []).append(mention)
                    best = partner_rules.get(mention.id)
                    if best is None or PARTNER_RULE_RANK[mention.rule] < PARTNER_RULE_RANK[best]:
                        partner_rules[mention.id] = mention.rule
        rows = []
        for (pid, theme_id), slot in sorted(bound.items()):
            ids, evidence = self._quote(slot["sentences"])
            rows.append({**self._partner_fields(pid), "theme_id": theme_id,
                         "theme_label": self.tagger.codebook.theme(theme_id).label_en,
                         "rule": slot["rule"], "partner_rule": partner_rules.get(pid, ""),
                         "sentence_ids": ids, "evidence": evidence,
                         "terms": "; ".join(sorted(slot["terms"])), "language": self.language})
        themed = {pid for pid, _ in bound}
        for pid in sorted(set(places) - themed):
            ids, evidence = self._quote({m.sentence for m in places[pid]})
            rows.append({**self._partner_fields(pid), "theme_id": "", "theme_label": "",
                         "rule": "no_theme_stated", "partner_rule": partner_rules[pid],
                         "sentence_ids": ids, "evidence": evidence,
                         "terms": "; ".join(sorted({m.hit.entry.term for m in places[pid]})),
                         "language": self.language})
        return rows

    def _mention_rows(self, views: list[SentenceRelations]) -> list[dict]:
        rows: dict[tuple, dict] = {}  # (a mention in a repeated sentence is the same mention)
        for view in views:
            index = self.first_of[view.index]
            if view.mentions:
                self.quoted.add(index)
            for mention in view.mentions:
                key = (index, mention.hit.start - self.starts[view.index], mention.id, mention.role, mention.rule)
                if key not in rows:  # (not setdefault: it would build the row of every repeat)
                    rows[key] = {**self._partner_fields(mention.id), "role": mention.role,
                                 "cue": mention.cue, "rule": mention.rule, "sentence_id": str(index),
                                 "sentence": self.sentences[index].text, "term": mention.hit.entry.term}
        return list(rows.values())



# A dateline: one or two words (an agency in brackets after them at most), then a dash with a
# space after it: "TEHRAN – ", "تهران- ایرنا- ", "BRASILIA (IRNA) – "; not "Iran-Iraq ties".
_DATELINE_DASH = re.compile(r"\s*([^\s,()\-–—]+(?:\s+[^\s,()\-–—]+)?)\s*(?:\([^)]*\)\s*)?[-–—]{1,2}\s")
_SPACED_DASH = re.compile(r"\s[-–—]{1,2}\s")


def dashed_words(text: str) -> int:
    """How many words open ``text`` before a dateline's spaced dash (0: none). A second spaced
    dash later makes the first open an aside: "South Korea – a key supplier – resumed ...",
    "عراق - بزرگترین خریدار داروی ایران - قرارداد ...".

    >>> dashed_words("TEHRAN – India sent aid"), dashed_words("NEW DELHI (IRNA) -- Iran"), dashed_words("Geneva – Iran's minister")
    (1, 2, 1)
    >>> dashed_words("Iran-Iraq ties"), dashed_words("South Korea – a key supplier – resumed exports")
    (0, 0)
    """
    found = _DATELINE_DASH.match(text)
    if not found or _SPACED_DASH.search(text, found.end()):
        return 0
    return len(found.group(1).split())


_QUESTION_END = re.compile(r"[?؟][\s\"'»”’)]*$")
# A question opens with its question word or auxiliary, after an interviewer's label at most
# ("Press TV: Does Iran ...?"); a statement with a question tacked on ("..., but who benefits?")
# or a quoted one ("... asked: 'How can we ...?'") still states what it states.
_QUESTION_START = re.compile(
    r"^\s*(?:[^:\s][^:]{0,30}:\s*)?[\"'«“]?(?:does|do|did|is|are|was|were|will|would|can|could|should|has|have|"
    r"why|how|what|when|where|who|which|آیا|چرا|چگونه|چطور|کدام|چه)\b", re.IGNORECASE)


def is_question(text: str) -> bool:
    """Whether a sentence asks rather than states: it opens with a question word or auxiliary
    (an interviewer's label before it at most) and ends in a question mark.

    >>> is_question("Press TV: Does Iran receive any support from Gavi?"), is_question("چرا سهم ایران صفر است؟")
    (True, True)
    >>> is_question("Iran has sent medicines to Venezuela, but who benefits?"), is_question("Iran sent aid to Iraq.")
    (False, False)
    """
    # (A question mark first, looked for as a plain character: most sentences hold none, and the
    # pattern's search would try its class at every character of them.)
    return ("?" in text or "؟" in text) and bool(_QUESTION_END.search(text)) and bool(_QUESTION_START.match(text))


def _moved(hits, start: int) -> list[Hit]:
    """``hits`` of a sentence moved to where it starts in its article (``start``)."""
    if not start:
        return list(hits)
    make = tuple.__new__  # (see Hit: one C call per hit; a sentence has dozens to move)
    return [make(Hit, (a + start, b + start, w + start, t)) for a, b, w, t in hits]


# The slot prepositions that make the name after them a place ("به ایران", "in Iran").
_PLACE_PREPOSITIONS = SLOT_PREPOSITIONS - {"between", "agent"}
# The cues still read inside a theme phrase: its prepositions ("patients from") and the words of a
# journey ("patients travel" is health tourism, and where they travel is still read).
_READ_INSIDE_THEMES = SLOT_PREPOSITIONS | {"traveller", "journey"}


def split_hits(hits: list[Hit], homes: frozenset[str] = frozenset()
               ) -> tuple[tuple[Hit, ...], tuple[Hit, ...], tuple[Hit, ...], tuple[Hit, ...]]:
    """(entities, cues, stage hits, titles and cities) of one sentence's hits: the names,
    themes and exclusions that win their overlaps (one per place and span), the cues that are
    not part of a name or theme, the stage terms, and the officials' titles and the cities
    (read apart, after the links: :mod:`healthdiplomacy.coding.officials`). A name of one of
    ``homes`` (Iran) right after a preposition inside a theme phrase that won its overlap is
    kept as well.

    >>> iraq, ministry = Term("partner", "IQ", "iraq", "en"), Term("cue", "agent", "ministry", "en")
    >>> [len(part) for part in split_hits([Hit(0, 4, 4, iraq), Hit(5, 13, 13, ministry)])]
    [1, 1, 0, 0]
    """
    if not hits:
        return (), (), (), ()
    lists: list[list[Hit]] = [[] for _ in HIT_BUCKETS]
    for hit in hits:  # one walk sorts them by kind, as TermMatcher.find_split does
        lists[hit_bucket(hit.entry)].append(hit)
    return tuple(map(tuple, split_found(*lists, homes)))


# The lists split_hits sorts a sentence's hits into, by the kind of their term; the tagger's
# TermMatcher.find_split sorts them so as it finds them (hit_bucket).
HIT_BUCKETS = ("found", "cues", "stages", "named")
_BUCKET_OF_KIND = {"cue": 1, "stage": 2, "official": 3, "place": 3}  # (any other kind: 0, found)


def hit_bucket(term: Term) -> int:
    """The index in :data:`HIT_BUCKETS` of the list a term's hits go to.

    >>> hit_bucket(Term("partner", "IQ", "iraq", "en")), hit_bucket(Term("cue", "agent", "ministry", "en"))
    (0, 1)
    """
    return _BUCKET_OF_KIND.get(term.kind, 0)


def split_found(found: list[Hit], cue_hits: list[Hit], stages: list[Hit], named: list[Hit],
                homes: frozenset[str] = frozenset()) -> tuple[list[Hit], list[Hit], list[Hit], list[Hit]]:
    """:func:`split_hits` of one sentence's hits already sorted by kind (names, themes and
    exclusions; cues; stage terms; titles and cities), as lists. (May return its own lists.)"""
    entities = resolve_overlaps(found)
    name_spans: list[tuple[int, int]] = []
    theme_spans: list[tuple[int, int]] = []
    themes_kept: list[Hit] = []
    for hit in entities:
        kind = hit.entry.kind
        if kind == "partner":
            name_spans.append((hit.start, hit.end))
        elif kind == "theme":
            theme_spans.append((hit.start, hit.end))
            themes_kept.append(hit)
    # Iran named as a place inside a theme phrase, right after its preposition ("برای درمان به
    # ایران", "treated in Iran": health tourism), is still named: the clause's Iran acts, as it
    # would written any other way. Not Iran in a product's name ("کوو ایران برکت").
    # (Iran first, then its prepositions: most sentences with a theme name no Iran that lost its overlap.)
    inside = [h for h in found if h.entry.kind == "partner" and h.entry.id in homes] if homes and themes_kept \
        else None  # (no theme kept: no name inside one)
    if inside:
        prepositions = [c.end for c in cue_hits if c.entry.id in _PLACE_PREPOSITIONS]
        inside = [h for h in inside if any(t.start <= h.start and h.end <= t.end for t in themes_kept)
                  and any(h.start - end == 1 for end in prepositions)
                  and not any(e.start < h.end and h.start < e.end for e in entities if e.entry.kind != "theme")]
        if inside:
            entities = sorted(entities + inside, key=lambda h: (h.start, -h.length))
            name_spans += [(h.start, h.end) for h in inside]
    # A cue inside a name is part of the name: the "Cooperation" of the Shanghai
    # Cooperation Organisation relates nobody (but "Health" in the WHO's name is health).
    # Inside a theme a preposition still opens a slot ("patients from"), and a journey is still
    # told ("patients travel to Lebanon"); other cues are not read there: the "ساخت" of "ساخت
    # بیمارستان" is building, not "made in".
    # (Most sentences name no place or theme: then no cue is inside one, and no Spans is built;
    # most cues start outside every name and theme: Spans.covered answers those at once.)
    # (Both tests in one walk over the cues: a cue is kept when neither a name nor a theme holds it;
    # an empty Spans holds nothing, and its empty covered set answers at once.)
    cues = cue_hits
    if name_spans or theme_spans:
        names, themes = Spans(name_spans), Spans(theme_spans)
        in_names, in_themes = names.covered, themes.covered
        cues = [h for h in cues if (h.start not in in_names or h.entry.id == "health"
                                    or not names.contain(h.start, h.end))
                and (h.start not in in_themes or h.entry.id in _READ_INSIDE_THEMES
                     or not themes.contain(h.start, h.end))]
    # One mention per place and span: a term listed for two languages matches twice.
    entities = list({(h.start, h.end, h.entry.kind, h.entry.id): h for h in entities}.values())
    return entities, cues, stages, named


def sentence_forms(sentences: list[Sentence]) -> tuple[list[str], str, list[str]]:
    """The sentences normalized (a list), and their match bases joined one a line and as a
    list: the article normalized once, the bases made from that.

    >>> sentence_forms([Sentence(0, 10, "Iran، Iraq"), Sentence(11, 14, "۱۴۰۰...")])
    (['Iran، Iraq', '1400...'], 'Iran , Iraq\\n1400', ['Iran , Iraq', '1400'])
    """
    texts = [s.text for s in sentences]
    if not texts or any("\n" in t for t in texts):  # only a title can hold one: its own rules
        normalized = [normalize(t) for t in texts]
        bases = [match_base(t) for t in normalized]
        return normalized, "\n".join(bases), bases
    joined = normalize_lines("\n".join(texts))  # one pass for the whole article
    base = match_base_lines(joined, normalized=True)
    return joined.split("\n"), base, base.split("\n")


# --- corpus level -------------------------------------------------------------------


def tagger_for(codebook: Codebook | str | None) -> Tagger:
    """The :class:`Tagger` for a codebook, a codebook path, or the shipped one (None).

    >>> tagger_for(None) is default_tagger()
    True
    """
    if codebook is None:
        return default_tagger()
    if isinstance(codebook, Codebook):
        return Tagger(codebook)
    return Tagger(load_codebook(codebook))


def article_fields(article) -> tuple[str, str, str, str, str]:
    """(article_id, title, text, language, published) of an article row or record, as text.

    The id is ``article_id``, else ``id`` (a table of the analyst's own often names it so).

    >>> article_fields({"article_id": "a", "text": "Iran", "published": None})
    ('a', '', 'Iran', '', '')
    >>> article_fields({"id": 7, "title": "T", "text": "Iran"})[:2]
    ('7', 'T')
    """
    get = article.get if isinstance(article, dict) else (lambda k, d="": getattr(article, k, d))
    article_id = get("article_id", "")
    if article_id is None or str(article_id) == "" or article_id != article_id:  # (None, "", NaN)
        article_id = get("id", "")
    return (str(article_id if article_id is not None else ""), str(get("title", "") or ""), str(get("text", "") or ""),
            str(get("language", "") or ""), str(get("published", "") or ""))


def tag_articles(articles: pd.DataFrame | Iterable[dict], codebook: Codebook | str | None = None) -> Tagging:
    """Tag every article; returns :class:`Tagging` (links, mentions, stages, sentences).

    ``articles`` is what :func:`~healthdiplomacy.load_corpus` returns (or any
    iterable of dicts with article_id, title, text, language). Articles flagged
    as duplicates (``duplicate_of``) are skipped, so tables count them once.

    >>> from healthdiplomacy import load_corpus
    >>> tagging = tag_articles(load_corpus())
    >>> sorted(tagging.mentions.loc[tagging.mentions.role == "adversary", "partner_id"].unique())
    ['AM']
    """
    if isinstance(articles, pd.DataFrame) and not {"article_id", "id"} & set(articles.columns):
        raise ValueError(f"articles need an 'article_id' (or 'id') column; the table has {list(articles.columns)}")
    tagger = tagger_for(codebook)
    tables: dict[str, list[dict]] = {name: [] for name in STORED_COLUMNS}
    rows = articles.to_dict("records") if isinstance(articles, pd.DataFrame) else articles
    for number, article in enumerate(rows, 1):
        if article.get("duplicate_of"):
            continue
        fields = article_fields(article)
        if not fields[0]:  # (every row would land under one empty id)
            raise ValueError(f"article {number} has no article_id (or id)")
        coded = tagger.code(*fields)
        for name in tables:
            tables[name] += getattr(coded, name)
    return Tagging(
        _frame(tables["links"], LINK_COLUMNS + JOINED_COLUMNS["links"], ["article_id", "partner_id", "theme_id"]),
        _frame(tables["mentions"], MENTION_COLUMNS + JOINED_COLUMNS["mentions"], ["article_id", "partner_id", "role"]),
        _frame(tables["stages"], STAGE_COLUMNS + JOINED_COLUMNS["stages"], ["article_id", "partner_id"]),
        _frame(tables["sentences"], SENTENCE_COLUMNS, ["article_id"]),
        _frame(tables["years"], YEAR_COLUMNS + JOINED_COLUMNS["years"], ["article_id"]))


def tag_corpus(articles: pd.DataFrame | Iterable[dict], codebook: Codebook | str | None = None) -> pd.DataFrame:
    """The links of :func:`tag_articles` (columns :data:`LINK_COLUMNS`).

    >>> from healthdiplomacy import load_corpus
    >>> links = tag_corpus(load_corpus())
    >>> "AM" in set(links["partner_id"]), "IR" in set(links["partner_id"])
    (False, False)
    """
    return tag_articles(articles, codebook).links


def _frame(rows: list[dict], columns: list[str], sort: list[str]) -> pd.DataFrame:
    frame = pd.DataFrame(rows, columns=columns)
    return frame.sort_values(sort, kind="stable").reset_index(drop=True) if len(frame) else frame
