"""Link each cooperation theme to the partner it is stated for, with evidence.

A *link* is (article, partner, theme): "this article reports cooperation
between Iran and PARTNER on THEME", carrying the sentence(s) that say so,
quoted exactly, and the matched terms.

How a theme finds its partner, within a sentence (first rule that applies):

1. *Stated for a place*: a theme directly followed by a place ("Ebola control
   in West African countries", "medicines to Iraq") goes to that place only;
   themes chained to it by "and"/commas go with it.
2. *Backward*: otherwise to the nearest group of partners before it ("cooperation
   with Iraq, Turkey and Oman in medicine ..."), unless a new clause starts in
   between (a list item opening with "signing", "development of cooperation" ...).
3. *Forward*: otherwise to the nearest group after it, in the same clause
   (Persian puts the partner last: "همکاری در زمینه دارو ... با سودان").
4. *Article*: a theme in a sentence that names no partner goes to the article's
   only partner, or to the only partner of its title; else it stays unlinked.

A place is a *partner* when it gets a theme, is named in the title, or appears
in a sentence with a cooperation cue; a place right after an adversarial cue
("occupation of ...", "sanctions") is only *mentioned*; Iran is *home*.

>>> from healthdiplomacy import load_corpus
>>> links = tag_corpus(load_corpus())
>>> sorted(set(links.loc[links.article_id.str.startswith("002"), "theme_id"]))[:3]
['experience_sharing', 'health_services', 'medical_education']
"""

from __future__ import annotations

import bisect
import itertools
from collections.abc import Iterable
from dataclasses import dataclass, field
from functools import cached_property, lru_cache

import pandas as pd

from .codebook import Codebook, load_codebook
from .matching import Hit, Term, TermMatcher, resolve_overlaps
from .normalize import Sentence, match_base, match_base_lines, split_sentences

LINK_COLUMNS = ["article_id", "partner_id", "partner_name_en", "partner_name_fa", "partner_kind",
                "theme_id", "theme_label", "evidence", "terms", "language",
                "stages", "year_start", "year_end", "year_source", "year_evidence"]
MENTION_COLUMNS = ["article_id", "partner_id", "partner_name_en", "partner_name_fa", "partner_kind",
                   "role", "sentence", "term"]

# Words that may stand between the items of one list of places or themes.
CONNECTORS = frozenset({",", "و", "and", "or", "یا", "the", "as", "well", "also", "همچنین", "نیز",
                        "&", "of"})
GROUP_FILLERS = CONNECTORS | {"کشور", "کشورهای", "جمهوری", "countries", "country", "republic", "nations",
                              "states", "including", "such", "namely", "especially", "particularly"}
# Two-word fillers that introduce the members of a group ("African nations, including Kenya").
GROUP_PHRASES = ("از جمله", "به ویژه", "به خصوص", "in particular")
# Words that may link a theme to the place it is stated for ("ابولا در کشورهای غرب آفریقا",
# "medicines to Iraq"); at least one preposition must be there.
LOCAL_PREPOSITIONS = frozenset({"در", "به", "با", "برای", "از", "to", "in", "for", "with", "from", "into"})
LOCAL_FILLERS = LOCAL_PREPOSITIONS | {"the", "of", "کشور", "کشورهای", "countries", "country", "جمهوری",
                                      "republic", "مردم", "people"}
MAX_LOCAL_GAP = 3
NEGATIVE_BEFORE, NEGATIVE_AFTER = 3, 0  # words between an adversarial cue and a place: "occupation of X", "US sanctions"
COUNTRY_WORD_GAP = 1


@dataclass
class Tagging:
    """The result of tagging: ``links`` (one row per article x partner x theme) and
    ``mentions`` (every place named, with its role)."""

    links: pd.DataFrame
    mentions: pd.DataFrame
    stages: pd.DataFrame | None = None  # article x partner x stage rows (stages.STAGE_COLUMNS)


# --- the matcher for a codebook ------------------------------------------------------


def codebook_terms(codebook: Codebook) -> list[Term]:
    """Every term of the codebook as a :class:`~healthdiplomacy.matching.Term`."""
    terms = [Term("partner", r.partner_id, r.term, r.lang, str(r.ambiguous).strip() in ("1", "true", "yes"))
             for r in codebook.partner_terms.itertuples(index=False)]
    terms += [Term("theme", r.theme_id, r.term, r.lang) for r in codebook.theme_terms.itertuples(index=False)]
    terms += [Term("exclusion", "", r.phrase, r.lang) for r in codebook.exclusions.itertuples(index=False)]
    terms += [Term("cue", r.cue, r.term, r.lang) for r in codebook.cues.itertuples(index=False)]
    return terms


@lru_cache(maxsize=8)
def _default_tagger() -> "Tagger":
    return Tagger(load_codebook())


class Tagger:
    """A codebook compiled for tagging. Build once, tag many articles (it is picklable
    state-free per article, so it maps over partitions unchanged)."""

    def __init__(self, codebook: Codebook):
        self.codebook = codebook
        # One automaton for terms and cues: a scan of the text costs as much as the
        # matches it finds, so one pass instead of two (hits are split by kind after).
        self.term_matcher = TermMatcher(codebook_terms(codebook))
        self.kinds = dict(zip(codebook.partners["partner_id"], codebook.partners["kind"]))
        self._partner_fields: dict[str, dict] = {}

    def __reduce__(self):  # ship the codebook, rebuild the automata in the worker
        return (Tagger, (self.codebook,))

    def partner_fields(self, pid: str) -> dict:
        """A partner's columns in the output rows (cached: at most one entry per partner)."""
        fields = self._partner_fields.get(pid)
        if fields is None:
            partner = self.codebook.partner(pid)
            fields = self._partner_fields[pid] = {"partner_id": pid, "partner_name_en": partner.name_en,
                                                  "partner_name_fa": partner.name_fa, "partner_kind": partner.kind}
        return fields

    def tag(self, article_id: str, title: str, text: str, language: str = "", published: str = "",
            mentions: bool = True) -> tuple[list[dict], list[dict]]:
        """Tag one article: (link rows, mention rows; none with ``mentions=False``).
        A pure function of its inputs; link rows carry the partner's cooperation
        stages and the article's year (see :func:`healthdiplomacy.stages.annotate_links`)."""
        links, places, _ = self.tag_with_stages(article_id, title, text, language, published)
        return links, places if mentions else []

    def tag_with_stages(self, article_id: str, title: str, text: str, language: str = "",
                        published: str = "") -> tuple[list[dict], list[dict], list[dict]]:
        """:meth:`tag` plus the article's stage rows (stages.STAGE_COLUMNS)."""
        from .stages import annotate_links

        links, places = _ArticleTagging(self, article_id, title, text, language).run(True)
        stage_rows = annotate_links(article_id, title, text, published, links, places, self.stage_coder)
        for link in links:  # text like every other column, so CSV, JSONL, Parquet and Dask agree
            for column in ("year_start", "year_end"):
                link[column] = "" if link.get(column) is None else str(link[column])
            link["year_source"] = link.get("year_source") or ""
            link["year_evidence"] = link.get("year_evidence") or ""
        return links, places, stage_rows

    @cached_property
    def stage_coder(self):
        """The stage coder for this codebook (built on first use)."""
        from .stages import StageCoder

        return StageCoder(self.codebook)


# --- one article -------------------------------------------------------------------------


@dataclass
class _Place:
    hit: Hit
    sentence: int
    negated: bool = False
    id: str = field(init=False, repr=False, compare=False)  # hit.entry.id; read hundreds of times an article

    def __post_init__(self):
        self.id = self.hit.entry.id


@dataclass
class _Group:
    places: list[_Place]
    _partners: list[str] | None = field(default=None, repr=False, compare=False)

    @property
    def start(self) -> int:
        return self.places[0].hit.start

    @property
    def end(self) -> int:
        return self.places[-1].hit.end

    def partner_ids(self, kinds: dict[str, str]) -> list[str]:
        # Asked again and again once the groups are built (never while they grow);
        # kinds is the tagger's, the same for every call.
        if self._partners is None:
            self._partners = [p.id for p in self.places if kinds.get(p.id) != "home"]
        return self._partners


@dataclass
class _SentenceView:
    index: int
    places: list[_Place] = field(default_factory=list)
    themes: list[Hit] = field(default_factory=list)
    cues: list[Hit] = field(default_factory=list)
    groups: list[_Group] = field(default_factory=list)
    breaks: list[int] = field(default_factory=list)


class _ArticleTagging:
    def __init__(self, tagger: Tagger, article_id: str, title: str, text: str, language: str):
        self.tagger, self.kinds = tagger, tagger.kinds
        self.article_id, self.language = article_id, language
        title_sentences = [Sentence(0, len(title), title)] if title.strip() else []
        self.sentences = title_sentences + split_sentences(text)
        self.has_title = bool(title_sentences)
        self.base, bases = _sentence_bases(self.sentences)
        self.form = self.base.lower()
        self.starts = list(itertools.accumulate((len(b) + 1 for b in bases[:-1]), initial=0))

    # -- finding --------------------------------------------------------------------
    def sentence_of(self, position: int) -> int:
        return bisect.bisect_right(self.starts, position) - 1

    def words_between(self, a: int, b: int) -> list[str]:
        return self.form[a:b].split()

    def run(self, mentions: bool = True) -> tuple[list[dict], list[dict]]:
        hits = self.tagger.term_matcher.find(self.form, self.base)
        entities = resolve_overlaps([h for h in hits if h.entry.kind != "cue"])
        cues = [h for h in hits if h.entry.kind == "cue"]
        views = [_SentenceView(i) for i in range(len(self.sentences))]
        for hit in cues:
            views[self.sentence_of(hit.start)].cues.append(hit)
        places = [h for h in entities if h.entry.kind == "partner"]
        confirmed = {h.entry.id for h in places if not h.entry.ambiguous}
        for hit in entities:
            view = views[self.sentence_of(hit.start)]
            if hit.entry.kind == "theme":
                view.themes.append(hit)
            elif hit.entry.kind == "partner" and self._accept_place(hit, view, confirmed, places):
                view.places.append(_Place(hit, view.index))
        for view in views:
            self._structure(view)
        roles = self._roles(views)
        bound = self._attribute(views, roles)
        # (mention rows only when asked for: a run that writes links alone saves their cost)
        return self._link_rows(views, roles, bound), self._mention_rows(views, roles) if mentions else []

    def _accept_place(self, hit: Hit, view: _SentenceView, confirmed: set[str], places: list[Hit]) -> bool:
        if not hit.entry.ambiguous or hit.entry.id in confirmed or hit.entry.case_sensitive:
            return True  # (an acronym matched in capitals is no longer a pronoun)
        # An ambiguous name ("مالی", "Jordan") counts right after "country/republic/..."
        # or listed beside an unambiguous place ("Iran and Georgia").
        after_country_word = any(c.entry.id == "country_word" and c.end <= hit.start
                                 and len(self.words_between(c.end, hit.start)) <= COUNTRY_WORD_GAP
                                 for c in view.cues)
        # Listing needs a capital letter too: Persian "ایران و مالی" may well mean
        # "Iran and financial", while "Iran and Georgia" names a place.
        proper_noun = self.base[hit.start].isupper()
        return after_country_word or proper_noun and any(
            self._listed_together(hit, other) for other in places if other is not hit and not other.entry.ambiguous)

    def _listed_together(self, a: Hit, b: Hit) -> bool:
        first, second = (a, b) if a.start < b.start else (b, a)
        gap = self.words_between(first.word_end, second.start)
        return "\n" not in self.form[first.word_end:second.start] and len(gap) <= 2 \
            and set(gap) <= GROUP_FILLERS

    def _structure(self, view: _SentenceView) -> None:
        for place in view.places:
            place.negated = self._negated(place.hit, view)
        view.groups = self._groups([p for p in view.places if not p.negated])
        view.breaks = [c.start for c in view.cues if c.entry.id == "clause_head" and self._opens_item(c.start)]

    def _negated(self, hit: Hit, view: _SentenceView) -> bool:
        for cue in view.cues:
            if cue.entry.id != "negative":
                continue
            before = cue.end <= hit.start and self._close(cue.end, hit.start, NEGATIVE_BEFORE)
            after = cue.start >= hit.end and self._close(hit.end, cue.start, NEGATIVE_AFTER)
            if before or after:
                return True
        return False

    def _close(self, a: int, b: int, limit: int) -> bool:
        words = self.words_between(a, b)
        return len(words) <= limit and "," not in words

    def _opens_item(self, position: int) -> bool:
        before = self.form[:position].rstrip(" ")
        if not before or before.endswith("\n"):
            return True
        last = before.rsplit(None, 1)[-1]
        return last in (",", "و", "and")

    def _fillers_only(self, a: int, b: int) -> bool:
        gap = self.form[a:b]
        for phrase in GROUP_PHRASES:
            gap = gap.replace(phrase, " ")
        return set(gap.split()) <= GROUP_FILLERS

    def _groups(self, places: list[_Place]) -> list[_Group]:
        groups: list[_Group] = []
        for place in places:
            if groups and self._fillers_only(groups[-1].end, place.hit.start):
                groups[-1].places.append(place)
            else:
                groups.append(_Group([place]))
        return groups

    # -- roles ------------------------------------------------------------------------
    def _roles(self, views: list[_SentenceView]) -> dict[str, str]:
        roles: dict[str, str] = {}
        for view in views:
            cooperative = any(c.entry.id == "cooperation" for c in view.cues)
            with_home = {pid for g in view.groups if any(self.kinds.get(p.id) == "home" for p in g.places)
                         for pid in self._ids(g.places)}
            for place in view.places:
                pid = place.id
                if self.kinds.get(pid) == "home":
                    roles[pid] = "home"
                    continue
                is_partner = not place.negated and (
                    cooperative or pid in with_home or (self.has_title and view.index == 0))
                if is_partner:
                    roles[pid] = "partner"
                else:
                    roles.setdefault(pid, "mentioned")
        return roles

    @staticmethod
    def _ids(places: list[_Place]) -> list[str]:
        return [p.id for p in places]

    # -- attribution ----------------------------------------------------------------
    def _attribute(self, views: list[_SentenceView], roles: dict[str, str]) -> dict:
        """Map (partner_id, theme_id) -> {"sentences": set, "terms": set}."""
        bound: dict[tuple[str, str], dict] = {}
        unbound: list[tuple[Hit, int]] = []
        for view in views:
            targets = self._sentence_targets(view)
            for theme, group in targets:
                partners = group.partner_ids(self.kinds) if group else []
                if not partners:
                    unbound.append((theme, view.index))
                for pid in partners:
                    self._bind(bound, pid, theme, view.index)
        fallback = self._fallback_partner(views, roles)
        if fallback:
            for theme, index in unbound:
                self._bind(bound, fallback, theme, index)
        for pid, _ in bound:
            roles[pid] = "partner"  # a place a theme is stated for is a partner
        return bound

    @staticmethod
    def _bind(bound: dict, pid: str, theme: Hit, index: int) -> None:
        key = (pid, theme.entry.id)
        slot = bound.get(key)
        if slot is None:  # (not setdefault: it would build two sets on every call)
            slot = bound[key] = {"sentences": set(), "terms": set()}
        slot["sentences"].add(index)
        slot["terms"].add(theme.entry.term)

    def _sentence_targets(self, view: _SentenceView) -> list[tuple[Hit, _Group | None]]:
        groups = [g for g in view.groups if g.partner_ids(self.kinds)]
        targets: dict[int, _Group | None] = {}
        # Right to left, so a theme chained to a following theme shares its place.
        for i in range(len(view.themes) - 1, -1, -1):
            theme = view.themes[i]
            local = self._local_group(theme, groups)
            if local is None and i + 1 < len(view.themes) and targets.get(i + 1) is not None:
                following = view.themes[i + 1]
                if set(self.words_between(theme.word_end, following.start)) <= CONNECTORS \
                        and self._stated_locally(following, targets[i + 1]):
                    local = targets[i + 1]
            targets[i] = local or self._backward(theme, groups, view) or self._forward(theme, groups, view)
        return [(view.themes[i], targets[i]) for i in range(len(view.themes))]

    def _stated_locally(self, theme: Hit, group: _Group) -> bool:
        return group.start >= theme.end and self._local_gap_ok(theme.word_end, group.start)

    def _local_gap_ok(self, a: int, b: int) -> bool:
        words = self.words_between(a, b)
        return (len(words) <= MAX_LOCAL_GAP and set(words) <= LOCAL_FILLERS
                and not LOCAL_PREPOSITIONS.isdisjoint(words))

    def _local_group(self, theme: Hit, groups: list[_Group]) -> _Group | None:
        following = next((g for g in groups if g.start >= theme.word_end), None)
        if following and self._local_gap_ok(theme.word_end, following.start) \
                and not self._break_between(theme.word_end, following.start, []):
            return following
        return None

    def _break_between(self, a: int, b: int, breaks: list[int]) -> bool:
        return any(a <= x < b for x in breaks)

    def _backward(self, theme: Hit, groups: list[_Group], view: _SentenceView) -> _Group | None:
        before = [g for g in groups if g.end <= theme.start]
        if before and not self._break_between(before[-1].end, theme.start, view.breaks):
            return before[-1]
        return None

    def _forward(self, theme: Hit, groups: list[_Group], view: _SentenceView) -> _Group | None:
        after = [g for g in groups if g.start >= theme.end]
        if after and not self._break_between(theme.end, after[0].start, view.breaks):
            return after[0]
        return None

    def _fallback_partner(self, views: list[_SentenceView], roles: dict[str, str]) -> str | None:
        partners = sorted(pid for pid, role in roles.items() if role == "partner")
        if len(partners) == 1:
            return partners[0]
        if self.has_title:
            in_title = {p for g in views[0].groups for p in g.partner_ids(self.kinds)}
            if len(in_title) == 1:
                return in_title.pop()
        return None

    # -- rows -------------------------------------------------------------------------
    def _quote(self, indexes: Iterable[int]) -> str:
        return "\n".join(self.sentences[i].text for i in sorted(indexes))

    def _partner_fields(self, pid: str) -> dict:
        return {"article_id": self.article_id, **self.tagger.partner_fields(pid)}

    def _link_rows(self, views: list[_SentenceView], roles: dict[str, str], bound: dict) -> list[dict]:
        rows = []
        for (pid, theme_id), slot in sorted(bound.items()):
            rows.append({**self._partner_fields(pid), "theme_id": theme_id,
                         "theme_label": self.tagger.codebook.theme(theme_id).label_en,
                         "evidence": self._quote(slot["sentences"]),
                         "terms": "; ".join(sorted(slot["terms"])), "language": self.language})
        themed = {pid for pid, _ in bound}
        for pid in sorted(p for p, role in roles.items() if role == "partner" and p not in themed):
            places = [p for v in views for p in v.places if p.id == pid and not p.negated]
            rows.append({**self._partner_fields(pid), "theme_id": "", "theme_label": "",
                         "evidence": self._quote({p.sentence for p in places}),
                         "terms": "; ".join(sorted({p.hit.entry.term for p in places})),
                         "language": self.language})
        return rows

    def _mention_rows(self, views: list[_SentenceView], roles: dict[str, str]) -> list[dict]:
        rows = []
        for view in views:
            for place in view.places:
                if self.kinds.get(place.id) == "home":
                    role = "home"  # Iran stays home even beside "war" or "sanctions"
                else:
                    role = "mentioned" if place.negated else roles.get(place.id, "mentioned")
                rows.append({**self._partner_fields(place.id), "role": role,
                             "sentence": self.sentences[view.index].text, "term": place.hit.entry.term})
        return rows


def _sentence_bases(sentences: list[Sentence]) -> tuple[str, list[str]]:
    """The match bases of the sentences, joined one a line, and as a list.

    >>> _sentence_bases([Sentence(0, 10, "Iran، Iraq"), Sentence(11, 14, "...")])
    ('Iran , Iraq\\n', ['Iran , Iraq', ''])
    """
    texts = [s.text for s in sentences]
    if not texts or any("\n" in t for t in texts):  # only a title can hold one: its own rules
        bases = [match_base(t) for t in texts]
        return "\n".join(bases), bases
    base = match_base_lines("\n".join(texts))  # one pass for the whole article
    return base, base.split("\n")


# --- corpus level -------------------------------------------------------------------


def _tagger_for(codebook: Codebook | str | None) -> Tagger:
    if codebook is None:
        return _default_tagger()
    if isinstance(codebook, Codebook):
        return Tagger(codebook)
    return Tagger(load_codebook(codebook))


def _article_fields(article) -> tuple[str, str, str, str, str]:
    get = article.get if isinstance(article, dict) else (lambda k, d="": getattr(article, k, d))
    return (str(get("article_id", "")), str(get("title", "") or ""), str(get("text", "") or ""),
            str(get("language", "") or ""), str(get("published", "") or ""))


def tag_articles(articles: pd.DataFrame | Iterable[dict], codebook: Codebook | str | None = None) -> Tagging:
    """Tag every article; returns :class:`Tagging` (links and mentions).

    ``articles`` is what :func:`~healthdiplomacy.load_corpus` returns (or any
    iterable of dicts with article_id, title, text, language). Articles flagged
    as duplicates (``duplicate_of``) are skipped, so tables count them once.

    >>> from healthdiplomacy import load_corpus
    >>> tagging = tag_articles(load_corpus())
    >>> sorted(tagging.mentions.loc[tagging.mentions.role == "mentioned", "partner_id"].unique())
    ['AM']
    """
    from .stages import STAGE_COLUMNS

    tagger = _tagger_for(codebook)
    links, mentions, stages = [], [], []
    rows = articles.to_dict("records") if isinstance(articles, pd.DataFrame) else articles
    for article in rows:
        if article.get("duplicate_of"):
            continue
        article_links, article_mentions, article_stages = tagger.tag_with_stages(*_article_fields(article))
        links += article_links
        mentions += article_mentions
        stages += article_stages
    links = _frame(links, LINK_COLUMNS, ["article_id", "partner_id", "theme_id"])
    return Tagging(links,
                   _frame(mentions, MENTION_COLUMNS, ["article_id", "partner_id", "role"]),
                   _frame(stages, STAGE_COLUMNS, ["article_id", "partner_id"]))


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
