"""Who cooperates with whom: the role each named place plays in its sentence.

Finding "Iraq" in an article says nothing about cooperation: Iraq may be the
partner, the venue of the meeting, the partner of Iran's partner, the country
whose sanctions block medicines, a comparison, a transit route, or part of an
ambassador's title. This step reads each sentence the way an event coder reads
it (PETRARCH-style: actors in slots around relation words and prepositions,
clause bounds, negation scope, non-actors) and gives every mention a role:

=================  ========================================================================
partner            the other side of a relation stated with Iran (or an Iranian actor)
home               Iran itself: never a partner
venue              where a meeting takes place ("in Geneva")
occasion           the organization or forum that is the occasion or framework ("on the
                   sidelines of the World Health Assembly", "within the NAM")
third_party        a side of a relation that does not involve Iran ("Russia agreed with
                   Spain"), or a co-participant listed beside Iran ("counterparts from
                   Iraq, Iran and Cuba")
adversary          sanctions, attacks, obstacles
comparison         "like European countries", "compete with Asian countries"
origin_or_transit  "imported from", "made in", "via"
title              a person's remit: "Iran's ambassador to X", "counsellor for East Asia"
negated            the relation is denied, cancelled or not done
mentioned          named, but in no relation with Iran (a source, a topic, a description,
                   a generic set, or a clause with no relation word)
=================  ========================================================================

A place is Iran's partner when some mention of it has the role ``partner``;
the ``rule`` says how that was decided:

* ``iran_and_partner``: coordinated with Iran as one side of a relation ("Iran
  and Syria signed", "cooperation between Iran and X", "Tehran, Minsk to ...");
* ``stated_with_iran``: Iran (or an Iranian place) is in the same clause, on
  another side of its relation word or preposition ("Iran sent aid to X"), or
  the place is the remit of Iran's envoy and the sentence goes on about "the two
  countries" ("Iran's ambassador to X said the two countries ...");
* ``implicit_iran``: the place fills a relation slot ("met with X", "aid to
  X") of a clause that names no other side, in an article where Iran is a
  party (an Iranian official speaks, "the minister met with ...").

The cues are data (``data/cues.csv``: kind, language, term, note), so an
analyst can read why a mention got its role: the mention table carries the
role, the cue (``kind: term``) that decided it and the rule.

>>> from healthdiplomacy.coding.tagger import tag_articles
>>> from healthdiplomacy.corpus import article_from_text
>>> text = "Iran and Iraq signed a health agreement in Geneva while Russia agreed with Serbia on vaccines."
>>> mentions = tag_articles([article_from_text("Title\\n" + text, "a")]).mentions
>>> sorted(zip(mentions.partner_id, mentions.role))
[('CH', 'venue'), ('IQ', 'partner'), ('IR', 'home'), ('RS', 'third_party'), ('RU', 'third_party')]
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass, field

from .matching import Hit, resolve_overlaps

ROLES = ("partner", "home", "venue", "occasion", "third_party", "adversary", "comparison",
         "origin_or_transit", "title", "negated", "mentioned")
# Roles that a theme may be stated for and that then keep it: "sanctions on
# medicine by the US" says nothing of the article's partner.
BLOCKING_ROLES = frozenset({"third_party", "adversary", "comparison", "origin_or_transit", "negated"})

# Slot kinds. A place takes the slot of the nearest opener before it in its clause:
# a preposition (cue kinds below), a relation word ("relation"), or none ("subject").
CORE_SLOTS = frozenset({"subject", "agent", "no_slot", "relation"})  # sides without a preposition
OBJECT_SLOTS = frozenset({"with", "to", "from"})  # prepositional sides of a relation
VETO_SLOTS = frozenset({"occasion", "framework", "comparison", "source", "topic"})  # no side at all
# Clause words that open a parenthesis closed by the next comma ("X, which ..., and Y").
PARENTHETICAL = frozenset({"which"})
# Clause words that open a subordinate clause the next comma closes: "در حالی که ایران ...، عربستان ...".
SUBORDINATE = frozenset({"در حالی که", "هرچند", "although", "while", "whereas"})
# Words that may stand between "in" and a place it locates Iran's work in: "in Lebanon", "in the
# Republic of X", "در بیمارستان‌های عراق" (themes stand there too); anything else ("in provinces
# bordering X", "endemic in X") only describes where something is.
# A part of a country named before it: "در جنوب لبنان", "in southern Lebanon" (still Lebanon)
DIRECTIONS = frozenset({"جنوب", "شمال", "شرق", "غرب", "south", "north", "east", "west", "southern", "northern",
                        "eastern", "western"})
IN_SLOT_FILLERS = frozenset({"the", "of", "کشور", "کشورهای", "کشورهایی", "جمهوری", "countries", "country",
                             "republic", "both", "two", "دو", "مردم", "people"}) | DIRECTIONS
COMPARISON_REACH = 6  # words between "competition" and the rival it names
RIVAL_AFTER = 1  # words between a place and a rival word after it ("Turkish competitors", "ترکیه رقیب")
# "India, Thailand and the UAE were strong competitors": a linking verb after the places, then a
# few words (Iran's, main, strong) before the rival word
RIVAL_COPULAS = frozenset({"are", "were", "is", "was", "remain", "remains", "remained", "became", "become"})
RIVAL_PREDICATE = 4  # words between the places and the rival word, the linking verb first
# ... unless the rivalry is told as past: "were once competitors, but now cooperate with Tehran"
PAST_RIVALRY = frozenset({"once", "formerly", "previously", "no", "not", "longer"})
DOMINATED_REACH = 6  # words after "dominate" in which Iran makes what is dominated Iran's ("the list of buyers of Iranian ...")
SLOT_CUES = frozenset({"with", "between", "to", "from", "in", "agent", "no_slot", "occasion", "framework",
                       "transit", "comparison", "source", "topic", "time"})
# Cues that are found one at a time (leftmost-longest): "در حاشیه" is one opener, not "در" + "حاشیه".
STRUCTURAL_CUES = SLOT_CUES | {"inclusion", "title", "origin", "arrival", "rival", "description", "generic", "described_by",
                               "negation", "negation_after", "denial", "source_after", "clause_break"}

# Words that may stand between the places of one group ("Iraq, Turkey and Oman").
CONNECTORS = frozenset({",", "و", "and", "or", "یا", "the", "as", "well", "also", "همچنین", "نیز", "&", "of"})
# Words that carry a list on to a generic set: "X and other European countries", "X و سایر کشورها".
OTHER_WORDS = frozenset({"other", "دیگر", "سایر"})
DESCRIBED_FROM = frozenset({"from", "از", "کشورهای"})  # "pilgrims from X": where the people come from
LIST_TAIL_WORDS = CONNECTORS | OTHER_WORDS | {"countries", "کشورهای", "کشورها"}
# Persian plural and ezafe endings written after a ZWNJ stand alone once it is a space ("کشور های").
SUFFIX_WORDS = frozenset({"ها", "های", "هایی", "ی", "ای"})
GROUP_FILLERS = CONNECTORS | SUFFIX_WORDS | {"کشور", "کشورهای", "کشورها", "جمهوری", "countries", "country",
                                             "republic", "nations", "states", "including", "such", "namely",
                                             "especially", "particularly"}
# What separates the items of a list (a refused phrase ends at one).
LIST_MARKS = frozenset({",", "و", "and"})
# Adversary rows of cues.csv that a disease after them makes health work ("campaign against
# polio"; a test checks they are adversary rows there).
AGAINST = frozenset({"against", "علیه"})
AGAINST_REACH = 3  # words between "against" and the disease ("علیه این بیماری")
# Number words: an opening comparison followed by one is a quantity ("بیش از دو هزار دانشجو").
NUMBER_WORDS = frozenset({"یک", "دو", "سه", "چهار", "پنج", "شش", "هفت", "هشت", "نه", "ده", "صد", "هزار", "میلیون",
                          "چند", "ده ها", "صدها", "هزاران", "دهها", "one", "two", "three", "four", "five", "ten",
                          "dozen", "dozens", "hundred", "hundreds", "thousand", "thousands", "million", "millions"})
# A demonstrative before a relation noun refers back to a meeting already told of ("در این نشست").
DEMONSTRATIVES = frozenset({"این", "همین", "آن", "this", "that"})
ENDED_DEMONSTRATIVES = DEMONSTRATIVES | {"these", "those"}  # "but these exports were halted"
# The words before "member(s) of" that state a membership: "is a member of", "both members of"
MEMBERSHIP_LEADS = frozenset({"a", "an", "as", "is", "are", "was", "were", "both", "all", "fellow", "full"})
_WORD = re.compile(r"\S+")  # a word of the match form (its words are separated by spaces)
# A later reference to a place just named: "... با این کشور همکاری دارد", "with this country"
ANAPHORS = ("این کشور", "this country", "the country")
DETERMINERS = frozenset({"a", "an", "the", "this", "that", "these", "those", "its", "their", "his", "her", "some"})
# A comparison word right after one of these lists members instead ("countries such as Iraq").
COUNTRY_NOUNS = frozenset({"کشورهای", "کشورهایی", "کشورها", "همسایگان", "countries", "nations", "states",
                           "neighbours", "neighbors", "members", "partners"})
# Words that may stand between a title word and the slot of its remit: the holder's
# country and rank ("سفیر جمهوری اسلامی ایران در X", "the Iranian Ambassador to X").
TITLE_FILLERS = frozenset({"of", "the", "s", "islamic", "republic", "جمهوری", "اسلامی", "کشورمان", "علمی",
                           "فرهنگی", "بازرگانی", "اقتصادی", "سلامت", "بهداشت", "commercial", "cultural",
                           "scientific", "economic", "health", "first", "اول", "ویژه", "extraordinary",
                           "plenipotentiary", "general", "و", "and", "iran", "ایران"})
TITLE_REACH = 6  # words between a title word and its remit's preposition
SLOT_REACH = 200  # words between a slot opener and a place in it: a list of ministers is long
ADVERSARY_BEFORE, ADVERSARY_AFTER = 3, 4
PERSIAN_ADJECTIVE_JOINS = frozenset({"ها", "های", "و"})  # not counted in the Persian reach (see _adversary_gap)
# Words after "was due to" that make it a cause, not a plan: "was due to the pandemic", "due to its costs"
CAUSE_WORDS = frozenset({"the", "a", "an", "its", "their", "his", "her", "our", "this", "that", "these", "those",
                         "lack", "high", "low", "rising", "falling", "delays", "problems", "shortages"})
WITH_TOO = frozenset({"as", "well", "and", "also", "و", "همچنین", "نیز"})  # "with Syria as well as with Iran"
# Words between a place and an adversary word after it that end the place's phrase: "sent
# medicine to Syria despite sanctions", "to Lebanon after the Israeli strike" (Syria and Lebanon are no
# adversaries); so does "under a / the" ("to Yemen under a Saudi-led blockade"; not "the United States
# under Trump imposed sanctions").
ADVERSARY_BREAKS = frozenset({",", "despite", "during", "amid", "notwithstanding", "after", "following", "since",
                              "وجود", "علیرغم", "برغم", "دوران", "پس"})
NEGATION_LOOKAHEAD = 2  # words between "not" and the relation word it negates
NEGATION_AFTER_REACH = 8  # words between a place group and a Persian negated verb after it
PLAN_SUBJECT_REACH = 4  # words between a clause's start and a plan word that heads its subject ("a similar Iranian plan")
PLAN_REACH = 30  # words between a plan word and the failure word of which it is the subject
# Words between a plan word and a failure word that end the plan's phrase: another predicate or
# clause ("was approved, while ...", "was revived after it was shelved"): then the plan did not fail.
PLAN_BREAKS = frozenset({"while", "whereas", "after", "before", "when", "but", "because", "since", "until",
                         "although", "though", "is", "are", "was", "were", "has", "have", "had", "will",
                         "which", "that", "who", "whose", "whom", "where", "as", "than", "they", "it", "he", "she",
                         "we", "meant", "means", "آنکه", "اینکه", "وجود", "پس",
                         "اما", "ولی", "زیرا", "چون"})
# Words that open the part of a sentence whose subject a plan word may head ("..., the minister said
# that the plan", "گفت: طرح", "but the meeting")
PLAN_SUBJECT_BOUNDS = frozenset({":", "that", "but", "however", "while", "whereas", "though", "although", "said", "says",
                                 "added", "noted", "که", "آنکه", "اینکه", "اما", "ولی", "گفت", "افزود"})
# (Semicolons are commas in the match form: a Persian comma opens a subject, an English one does not,
# "An Iranian proposal, backed by Iraq, ..." being one phrase)
PLAN_DEMONSTRATIVES = DEMONSTRATIVES | {"the", "these"}  # a plan word named again: "this plan", "the plan"
# Prepositions before a plan word make it no subject: "Under the deal, prices collapsed", "اختلافات
# گذشته در مذاکرات ایران و عربستان کنار گذاشته شد"
PLAN_PREPOSITIONS = frozenset({"in", "at", "under", "during", "after", "before", "with", "from", "of", "for", "on",
                               "در", "با", "از", "به", "برای", "طی"})
# Words after an English relation word that make it a verb with an object ("signed a deal", "agreed on")
VERB_OBJECT_WORDS = frozenset({"a", "an", "the", "on", "to", "with", "for", "its", "their"})
# After a failure word, a particle makes another verb: "was not held back by the sanctions"
PHRASAL_PARTICLES = frozenset({"back", "up", "out", "off"})  # (not "over": "collapsed over prices")
# Words that make a failure someone's claim or report: "Reports that the deal collapsed are false",
# "ادعای شکست مذاکرات ... رد شد" (the claim was rejected, not the talks)
PLAN_REPORTS = frozenset({"reports", "reported", "false", "claim", "claims", "claimed", "rumours", "rumors",
                          "ادعای", "ادعا", "شایعه", "شایعات"})
REFUSAL_LOOKAHEAD = 3  # words between "refused to" and the relation word or theme refused ("to join the joint")
HALT_LOOKAHEAD = 4  # words between "halted" and the relation word it ends ("suspended its polio vaccine imports")
DISEASE_THEMES = frozenset({"disease_control", "covid19"})  # themes a halt word ends as health work
DESCRIPTION_BEFORE = 3
# A Persian comparative after the compared place: "از میانگین کشورهای اروپایی پایین تر است" (words
# between the place and the comparative at most; a copula after it makes it a statement of comparison)
COMPARATIVE_REACH = 4
SUBJECT_NEGATION_REACH = 4  # words between a subject and its "not" ("Kuwait's health ministry has not")
# Words after a negated relation that start the subject's second predicate: "Iraq does not produce
# vaccines and imports them from Iran", "Venezuela no longer imports from the US and now buys from Iran"
SECOND_PREDICATE = frozenset({"and", "so", "but", "instead"})
COPULAS = frozenset({"است", "بود", "هست", "هستند", "بودند", "باشد", "باشند", "بوده", "نیست", "نبود",
                     "نیستند", "نبودند", "نباشد"})  # (a denied comparison compares too: "از X کوچکتر نیست")
# English -ing words that are prepositions: "talks with Iraq regarding medicine" keeps its with-slot
ING_PREPOSITIONS = frozenset({"regarding", "concerning", "including", "following", "during", "according",
                              "involving", "covering", "excluding", "pending", "notwithstanding"})
GENERIC_REACH = 4
SOURCE_REACH = 8  # words a source phrase covers ("به گزارش خبرگزاری مهر،")
SOURCE_AFTER_REACH = 2
ADVERSARY_TARGET_WORDS = frozenset({"of", "on", "upon", "against"})  # "the blockade of X": X is its target
TARGETED_MEASURES = frozenset({"blockade", "embargo"})  # (adversary words whose "of X" is their target)
# Verbal nouns an از follows as their object ("استفاده از", "بهره گیری از", "بهره مندی از", "الگوبرداری از").
USE_NOUNS = frozenset({"استفاده", "گیری", "مندی", "برداری", "الگوبرداری"})
ORIGIN_REACH = 3  # words between an origin word and the from/in slot it qualifies
ORIGIN_GOODS_REACH = 6  # ... when the goods are named between ("imports most of its raw materials from")
EVENT_REACH = 8  # words between an event word and a venue's slot
ATTEND_AFTER = 2  # words between a destination and "to attend" after it ("to Geneva to attend")
ATTEND_NEAR = 8  # words between "برای شرکت در" + what is attended and the destination after it
ATTEND_BEFORE = 16  # ... at most, for a gathering's full name (see _attended_reaches)
JOURNEY_BEFORE = 2  # words between a journey word and its to-slot ("patients go mainly to India")
JOURNEY_AFTER = 2  # words between a Persian destination and the journey verb after it ("به ترکیه برای درمان می رفتند")
# Words shortly before "patients" that make them what is treated or sent to, not who travels.
JOURNEY_OBJECT_WORDS = frozenset({"for", "to", "treat", "treating", "treated", "visit", "visiting", "visited", "serve",
                                  "serving", "help", "helping", "with", "برای", "به", "درمان", "ویزیت", "معالجه",
                                  "خدمت", "خدمات", "مداوای"})
JOURNEY_OBJECT_REACH = 2  # the patients' own phrase: "for cancer patients" (not "For years Afghan patients")
GATHERING_REACH = 6  # words between "to attend" and the gathering ("the 75th session of the World Health Assembly")
# Words between "hosted by" and its host: "hosted by the health ministry of Egypt", "به میزبانی وزارت بهداشت مصر"
HOST_FILLERS = frozenset({"the", "health", "ministry", "minister", "government", "of", "s", "وزارت", "وزیر",
                          "بهداشت", "دولت", "کشور"})
HOST_REACH = 4
SHARE_WORDS = frozenset({"درصد", "percent", "per", "%"})  # "با ۴۶ درصد", "with 46 percent", "with 46 per cent"
SHARE_REACH = 3
NEVER_SUBJECT = 3  # words between the comma or "and" and a "never" that denies a plan ("but the plan never ...")
TIME_REACH = 3  # words between "پس از" and the place it dates ("پس از خروج شرکت های فرانسوی")
PRONOUNS = frozenset({"آنها", "آن", "این", "ایشان", "them", "it", "this", "that"})
# Words after a destination word: adjectives skipped ("مقصد اصلی آن"), words that refer back to the exports
DESTINATION_ADJECTIVES = frozenset({"اصلی", "عمده", "نخست", "اول", "دوم", "سوم", "ها", "های"})
DESTINATION_REFS = PRONOUNS | {",", "its", "their", "these", "those"}
EXPORT_OWNER_REACH = 2  # words (the goods) between a Persian export word and its owner: "صادرات دارو ترکیه"


@dataclass(eq=False, slots=True)
class Mention:
    """One place named in a sentence, and what the relation step made of it. (With slots, as Group
    and Clause: the relation and attribution steps read their fields a million times per 2,000
    articles, and a slot is read without the look-up in an instance dict.)"""

    hit: Hit
    sentence: int
    kind: str  # country / region / organization / home (the codebook's kind)
    id: str = field(init=False)
    slot: str = "subject"
    opener: Hit | None = None
    group: "Group | None" = None
    role: str = "mentioned"
    cue: str = ""  # "kind: term" of the cue that decided the role
    rule: str = ""  # how a partner role was reached
    cue_kind: str = ""  # the kind of that cue (its entry id), "" when no cue decided

    start: int = field(init=False)
    end: int = field(init=False)  # the end of the word (a suffix included)

    def __post_init__(self):
        # Plain attributes, not properties: the relation step reads them a million times.
        self.id, self.start, self.end = self.hit.entry.id, self.hit.start, self.hit.word_end

    def decide(self, role: str, cue: Hit | str = "", rule: str = "") -> None:
        self.role, self.rule = role, rule
        if isinstance(cue, Hit):
            self.cue, self.cue_kind = f"{cue.entry.id}: {cue.entry.term}", cue.entry.id
        else:
            self.cue, self.cue_kind = cue, ""


@dataclass(eq=False, slots=True)
class Group:
    """Places listed together ("Iraq, Turkey and Oman"): they share a slot and a theme.

    ``start``/``end`` are plain attributes (kept by :meth:`add`), not properties: the
    relation and attribution steps read them a million times per 2,000 articles.
    """

    mentions: list[Mention]
    start: int = field(init=False)
    end: int = field(init=False)

    def __post_init__(self):
        self.start, self.end = self.mentions[0].start, self.mentions[-1].end

    def add(self, mention: Mention) -> None:
        """List one more place in the group (after the others)."""
        self.mentions.append(mention)
        self.end = mention.end

    def partner_ids(self) -> list[str]:
        return [m.id for m in self.mentions if m.role == "partner"]

    @property
    def blocking(self) -> bool:
        """No partner in it, and a role that keeps a theme stated for it."""
        return not self.partner_ids() and any(m.role in BLOCKING_ROLES for m in self.mentions)


@dataclass(slots=True)
class Clause:
    start: int
    end: int
    relation: bool = False  # a relation word, a dyad reference, an event word or a theme
    theme: bool = False


class SentenceRelations:
    """The structure of one sentence of an article: clauses, slots, groups, and the
    role of each place in it.

    ``form`` is the article's match form (one sentence a line), ``start``/``end``
    the sentence's bounds in it; hits are the sentence's, in text order.
    """

    def __init__(self, form: str, start: int, end: int, index: int, mentions: list[Mention],
                 themes: list[Hit], cues: list[Hit], first_body: bool = False, dashed_words: int = 0,
                 question: bool = False):
        self.form, self.start, self.end, self.index = form, start, end, index
        self.first_body = first_body  # the first sentence after the title: where a dateline stands
        # words before a spaced dash opening it ("TEHRAN – ...": 1); the match form has lost the dash
        self.dashed_words = dashed_words
        self.question = question  # the sentence asks ("Does Iran receive support from Gavi?"): it states no relation
        self.mentions, self.themes = mentions, themes
        self.cues: dict[str, list[Hit]] = {}
        for cue in cues:  # (not setdefault: it would build a list for every cue)
            same = self.cues.get(cue.entry.id)
            if same is None:
                self.cues[cue.entry.id] = [cue]
            else:
                same.append(cue)
        self.holes: list[tuple[int, int]] = []  # parenthetical spans (relative clauses)
        self._local_roles: dict[int, tuple[str, Hit | str] | None] = {}
        self._clause_actors: dict[int, list[Mention]] = {}  # (see _actors)
        self._clause_iran: dict[int, list[Mention]] = {}  # (see iran_actors)
        self._owned: list[tuple[Mention, Mention]] | None = None  # (see _owned_relations)
        self.groups: list[Group] = []
        if not mentions:
            # No place to give a role: one clause is all the attribution asks of it (a theme
            # here goes to the partners of another sentence). Most sentences of an article.
            self.structural, self.dateline = [], None
            related = bool(themes) or any(kind in self.cues for kind in ("relation", "dyad_ref", "event"))
            self.clauses = [Clause(start, end, relation=related, theme=bool(themes))]
            self.health = bool(themes or self.cues.get("health"))
            return
        # Among overlapping structural cues the longer, then the earlier (as for names).
        self.structural = resolve_overlaps([c for c in cues if c.entry.id in STRUCTURAL_CUES])
        # A Persian speaker's verb (گفت، افزود) ends the slot it stands in; not the گفت of
        # "گفت و گو" (talks), a longer cue at the same place.
        self._persian_speech = [h for h in self.cues.get("speech", []) if h.entry.lang == "fa"
                                and h.word_end == h.end and not self._in_longer_relation(h)]
        # The cues that may open a slot, found once for every group of the sentence to look in:
        # the prepositions (in text order) and the relation words that are not part of a longer cue.
        self._openers = [h for h in self.structural if h.entry.id in SLOT_CUES and not self._share_after(h)]
        self._relation_openers = [h for h in self.cues.get("relation", []) if not self._in_structural(h)]
        self.dateline = self._find_dateline()
        self.clauses = self._clauses()
        self.groups = self._groups()
        slots: dict[int, tuple[str, Hit | None]] = {}  # the slot is the group's: found once per group
        for mention in self.mentions:
            slot = slots.get(id(mention.group))
            if slot is None:
                slot = slots[id(mention.group)] = self._slot(mention)
            mention.slot, mention.opener = slot
            if mention.slot == "transit" and mention.kind == "organization":
                mention.slot = "with"  # "through COVAX": an organization is a channel, a side of the relation

    # -- words ---------------------------------------------------------------------------
    def words(self, a: int, b: int) -> list[str]:
        return self.form[a:b].split()

    def gap(self, a: int, b: int) -> int:
        """Words strictly between offsets ``a`` and ``b``."""
        return len(self.form[a:b].split()) if a < b else 0

    def clause_of(self, position: int) -> Clause:
        for clause in self.clauses:
            if clause.start <= position < clause.end:
                return clause
        return self.clauses[-1]

    def _clauses(self) -> list[Clause]:
        cuts = {self.start, self.end}
        for hit in self.structural:
            kind = hit.entry.id
            if kind == "clause_break" and hit.entry.term in PARENTHETICAL:
                # ", which ..., and UNHCR": a hole in its clause, closed by the next comma that
                # no place follows (a list goes on); the clause resumes after it
                comma = self.form.find(" , ", hit.end, self.end)
                while comma >= 0 and any(m.start == comma + 3 for m in self.mentions):
                    comma = self.form.find(" , ", comma + 3, self.end)
                self.holes.append((hit.start, comma if comma >= 0 else self.end))
            elif kind == "clause_break":
                cuts.add(hit.start)
                if hit.entry.term in SUBORDINATE:
                    cuts.add(self._comma_after(hit.end))
            elif kind == "source":  # the source phrase is a clause of its own, up to its comma
                cuts.add(hit.start)
                cuts.add(self._source_end(hit))
            elif kind == "comparison" and hit.start == self.start and not self._quantity_after(hit):
                # "Unlike the US, Russia and China sent vaccines", "برخلاف آمریکا، روسیه و چین ...",
                # "Unlike last year, Iraq ...": a comparison opening the sentence ends at its comma;
                # what follows is no member of it. Not a quantity ("بیش از ۷ هزار دانشجو از عراق،
                # سوریه و لبنان", "More than 10 tonnes ..., the ministry said, were sent to Syria")
                cuts.add(self._comma_after(hit.end))
        for hit in self.cues.get("concessive", []):
            # "Despite pressure from Washington, Baghdad signed ...", "با وجود تحریم های آمریکا، عراق ...
            # امضا کرد": a concessive phrase opening the sentence (or what was said: "said that despite
            # ..., Baghdad will ...") ends at its comma; the place after it is no item of its list
            if hit.start == self.start or self._word_before(hit.start) in ("that", "که"):
                cuts.add(self._comma_after(hit.end))
        for hit in self.cues.get("verb_end", []):  # Persian: "... شد و ..." ends a clause
            after = self.form[hit.word_end:hit.word_end + 3]
            if hit.word_end == hit.end and (after.startswith(" و ") or after.startswith(" , ")) \
                    and not self._in_longer_relation(hit):  # (not the گفت of "گفت و گو", talks)
                cuts.add(hit.word_end)
        bounds = sorted(c for c in cuts if self.start <= c <= self.end)
        self.clauses = [Clause(a, b) for a, b in zip(bounds, bounds[1:]) if b > a] or [Clause(self.start, self.end)]
        for kind in ("relation", "dyad_ref", "event"):  # a summit or meeting relates its guests
            for hit in self.cues.get(kind, []):
                self.clause_of(hit.start).relation = True
        # Exports relate their destinations: the destination words that are the exports' (worked out
        # once: every place before one asks, see _export_destination)
        self._export_destinations = [hit for hit in self.cues.get("destination", [])
                                     if self._of_exports(hit, self.clause_of(hit.start))] \
            if self.cues.get("destination") and self._unowned_exports() else []
        for hit in self._export_destinations:
            self.clause_of(hit.start).relation = True
        for hit in self.themes:
            clause = self.clause_of(hit.start)
            clause.relation = clause.theme = True
        self.health = bool(self.themes or self.cues.get("health"))
        return self.clauses

    def _comma_after(self, position: int) -> int:
        """Where the phrase from ``position`` ends: its next comma, else the sentence's end."""
        comma = self.form.find(" , ", position, self.end)
        return comma if comma >= 0 else self.end

    def _quantity_after(self, hit: Hit) -> bool:
        """A number right after a word ("بیش از ۷ هزار", "more than 10", "بیش از دو هزار", "more than a hundred")."""
        following = self.words(hit.end, self._words_ahead(hit.end, 2, self.end))
        return any(w[:1].isdigit() or w in NUMBER_WORDS for w in following[:2])

    def _in_longer_relation(self, hit: Hit) -> bool:
        """A word that is the start of a longer relation cue: the گفت of "گفت و گو" (talks)."""
        return any(c.start <= hit.start and c.end > hit.end for c in self.cues.get("relation", []))

    def _source_end(self, hit: Hit) -> int:
        """Where a source phrase ends: at the next comma, at a "that" / "که" opening what was said
        ("said in an interview with Al Mayadeen that Syria and Iran ..."), or 8 words on."""
        ends = [self._words_ahead(hit.end, SOURCE_REACH + 1, self.end)]
        for mark in (" , ", " that ", " که "):
            found = self.form.find(mark, hit.end, self.end)
            if found >= 0:
                ends.append(found)
        return min(ends)

    def _words_ahead(self, position: int, words: int, end: int) -> int:
        """The offset ``words`` words after ``position`` (the space that ends the last), ``end`` at most."""
        limit = position
        for _ in range(words):
            space = self.form.find(" ", limit + 1, end)
            if space < 0:
                return end
            limit = space
        return limit

    def _relates(self, a: int, b: int) -> bool:
        """A relation word, dyad reference, event word or theme starting between ``a`` and ``b``."""
        return any(a <= h.start < b for kind in ("relation", "dyad_ref", "event") for h in self.cues.get(kind, [])) \
            or any(a <= t.start < b for t in self.themes)

    def _two_countries_after(self, position: int) -> bool:
        """"the two countries" / «دو کشور» (a dyad reference) after ``position`` in the sentence: what
        follows relates the pair, whatever the place before it seemed to be (an origin, a neighbour,
        an envoy's remit)."""
        return any(h.start >= position for h in self.cues.get("dyad_ref", []))

    def _relation_between(self, a: int, b: int) -> bool:
        """A relation word starting between offsets ``a`` and ``b``."""
        return any(a <= r.start < b for r in self.cues.get("relation", []))

    # -- groups and slots -------------------------------------------------------------------
    def _groups(self) -> list[Group]:
        groups: list[Group] = []
        inclusion = [h for h in self.structural if h.entry.id in ("inclusion", "comparison")]
        for mention in self.mentions:
            previous = groups[-1] if groups else None
            if previous and previous.mentions[0] is not self.dateline \
                    and self.clause_of(previous.start) is self.clause_of(mention.start) \
                    and self._hole_of(previous.start) == self._hole_of(mention.start) \
                    and self._fillers_only(previous.end, mention.start, inclusion) \
                    and not self._name_then_demonym(previous.mentions[-1], mention):
                previous.add(mention)
            else:
                groups.append(Group([mention]))
            mention.group = groups[-1]
        return groups

    def _name_then_demonym(self, previous: Mention, mention: Mention) -> bool:
        """Iran's demonym after a country's name lists nothing with it: it opens a noun phrase of its
        own ("exported to Kenya, Uganda and Zimbabwe, and Iranian medical teams have worked ...");
        demonyms list with demonyms ("Iraqi, Syrian and Iranian officials"). (Another country's
        demonym may end a list of sides: "Iran, Russia and Chinese companies will jointly produce".)"""
        return mention.kind == "home" and mention.hit.entry.demonym and not previous.hit.entry.demonym

    def _speaker_tag(self, comma: int) -> bool:
        """Whether the comma-separated segment from ``comma`` ends in a speech verb: ", Iran said"."""
        following = self.form.find(" , ", comma + 1, self.end)
        end = following if following >= 0 else self.end
        return any(comma < h.word_end <= end for h in self.cues.get("speech", []))

    def _fillers_only(self, a: int, b: int, inclusion: list[Hit]) -> bool:
        comma = self.form.find(" , ", a, b)
        if comma >= 0 and self._speaker_tag(comma + 1):
            return False  # "from Denmark, Iran said": no list
        words = self.form[a:b]
        for hit in inclusion:
            if a <= hit.start and hit.end <= b and (hit.entry.id == "inclusion" or self.lists_members(hit)):
                words = words.replace(self.form[hit.start:hit.end], " ")
        return set(words.split()) <= GROUP_FILLERS

    def lists_members(self, comparison: Hit) -> bool:
        """A comparison word right after a country noun lists members ("countries such as X")."""
        return self._word_before(comparison.start, self.clause_of(comparison.start).start) in COUNTRY_NOUNS

    def _share_after(self, opener: Hit) -> bool:
        """A "with" that gives a share, not a side: "عراق با ۴۶ درصد و افغانستان با ۱۸ درصد ...",
        "Iraq, with about 46 percent, ..." (a percent word up to 3 words after it)."""
        if opener.entry.id != "with":
            return False
        following = self.words(opener.end, self._words_ahead(opener.end, SHARE_REACH, self.end))
        return any(word in SHARE_WORDS for word in following)

    def _word_after(self, position: int, end: int | None = None) -> str:
        """The word right after ``position`` ("" at ``end``, the sentence's end by default)."""
        following = self.words(position, self._words_ahead(position, 1, self.end if end is None else end))
        return following[0] if following else ""

    def _word_before(self, position: int, start: int | None = None) -> str:
        """The word right before ``position``, from ``start`` on (the sentence's start by default;
        a clause's start to stay in the clause): "" when there is none."""
        before = self.words(self.start if start is None else start, position)
        return before[-1] if before else ""

    def _slot(self, mention: Mention) -> tuple[str, Hit | None]:
        """The slot of the group a mention is in: the nearest opener before the group."""
        group = mention.group
        clause = self.clause_of(group.start)
        hole = self._hole_of(group.start)
        # A parenthesis is its own world (with none in the sentence, every cue is visible).
        visible = (lambda hit: self._hole_of(hit.start) == hole) if self.holes else (lambda hit: True)  # noqa: E731
        opener = None
        for hit in self._openers:
            if hit.start >= group.start:
                break  # (in text order: none after this ends before the group)
            if clause.start <= hit.start and hit.end <= group.start and visible(hit):
                opener = hit
        for hit in self._relation_openers:
            if clause.start <= hit.start and hit.end <= group.start and visible(hit) \
                    and (opener is None or hit.start > opener.start):
                opener = hit
        # (More than SLOT_REACH words take more than twice SLOT_REACH characters, a space between
        # each two: only so far apart are the words counted. A slot's place is nearly always nearer.)
        if opener is None or (group.start - opener.end > 2 * SLOT_REACH and self.gap(opener.end, group.start) > SLOT_REACH) \
                or not self._reaches(opener, group.start):
            return "subject", None
        relation = opener.entry.kind == "cue" and opener.entry.id == "relation"
        if relation or opener.entry.id == "no_slot":
            # Right after a preposition, a relation word or a partitive keeps that slot: "با
            # همتایان عراقی، سوری و ایرانی" is still the with-slot, "از یکی از کشورهای X" (from one
            # of the countries X) the from-slot ("بخشی از بیماران عراقی" alone opens none). A
            # relation word inside a vetoing phrase opens none of its own either: "on the sidelines
            # of the session of the EMRO committee" stays the occasion.
            before = self._opener_before(opener, clause)
            if before is not None and (before.entry.id in OBJECT_SLOTS and self._touching(before.end, opener.start)
                                       or relation and before.entry.id in VETO_SLOTS):
                opener = before
            elif relation and self._word_before(opener.start, clause.start) in DEMONSTRATIVES:
                # "در این نشست نمایندگان هند ... گزارش دادند", "at this meeting, India's delegate
                # said": a meeting already told of is the setting; who follows is no guest of it
                return "no_slot", opener
        if opener.entry.id == "in":
            # "imported from China, often through intermediaries in the UAE": an in-slot right after
            # a transit's noun is the route's place, when the clause names another place (not
            # "exports medicines through distributors in Iraq": Iraq is the market)
            before = self._opener_before(opener, clause)
            if before is not None and before.entry.id == "transit" and any(
                    m.group is not group and m.kind != "home" and clause.start <= m.start < clause.end
                    for m in self.mentions):  # (another place is where the goods come from or go)
                between = self.words(before.end, opener.start)
                if 0 < len(between) <= 2 and "," not in between:
                    opener = before
        kind = opener.entry.id
        if kind == "time" and (self.gap(opener.end, group.start) > TIME_REACH
                               or not PRONOUNS.isdisjoint(self.words(opener.end, group.start))
                               or "," in self.words(opener.end, group.start)
                               or self._word_after(group.mentions[0].end) == ","):
            # "و پس از آنها سوریه و ارمنستان ...": after them, Syria; "بعد از عراق، سوریه دومین خریدار
            # داروهای ایرانی است": a ranking, whose places are what they rank
            return "subject", None
        if kind == "with" and opener.entry.lang == "en" and self._participle_after(group):
            # "with Qatar and Oman investing heavily in local production": the subject of what the
            # participle says, not a side of a relation with anyone
            return "subject", None
        if kind == "comparison" and self.lists_members(opener):
            return self._slot_before(opener, clause)
        if kind in ("to", "in", "from") and self._is_title(opener, clause):
            return "title", opener
        return kind, opener


    def _participle_after(self, group: Group) -> bool:
        """An -ing word right after a group ("with Qatar investing"), not a preposition ("regarding")."""
        following = self._word_after(group.end)
        return len(following) > 4 and following.endswith("ing") and following not in ING_PREPOSITIONS

    def _in_structural(self, hit: Hit) -> bool:
        """A relation word inside a longer cue: the "رابطه" of "در رابطه با" (regarding)."""
        for s in self.structural:  # (in text order: none after one that starts past the hit holds it)
            if s.start > hit.start:
                return False
            if hit.end <= s.end and (s.start, s.end) != (hit.start, hit.end):
                return True
        return False

    def _hole_of(self, position: int) -> tuple[int, int] | None:
        if not self.holes:  # (most sentences have no parenthesis; this is asked per cue and place)
            return None
        return next((h for h in self.holes if h[0] <= position < h[1]), None)

    def _reaches(self, opener: Hit, position: int) -> bool:
        """Whether a slot runs from its opener to ``position`` across the commas between them.

        A list goes on across commas while each item names a place ("with the minister of
        Iraq, the minister of Syria, ..."); a comma after an item with no place ends the
        phrase ("در حوزه دارو و تجهیزات پزشکی، باید ... ایران و ترکمنستان").
        """
        bounds = [opener.end]
        at = self.form.find(" , ", opener.end, position)
        while at >= 0:
            if not any(a <= at <= b for a, b in self.holes):
                bounds.append(at + 1)
            at = self.form.find(" , ", at + 2, position)
        if any(opener.end <= h.start and h.end <= position for h in self._persian_speech):
            return False  # "در دیدار با سفیر X گفت ایران ...": what is said after گفت is no item of the slot
        if len(bounds) == 1:
            return True  # (no comma between, as in most slots: no speaker, no item to check)
        if any(self._speaker_tag(a) for a in bounds[1:]):  # "..., Iran said": a speaker, not an item
            return False
        inclusion = [h.start for h in self.structural if h.entry.id == "inclusion"
                     or h.entry.id == "comparison" and self.lists_members(h)]
        for a, b in zip(bounds, bounds[1:]):
            # "from neighbouring countries, including Iraq": the list goes on
            if not any(a <= m.start < b for m in self.mentions) and not any(b <= i <= b + 2 for i in inclusion):
                return False
        return True

    def _opener_before(self, relation: Hit, clause: Clause) -> Hit | None:
        """The preposition opener that comes last before a relation word (or another opener) in its clause."""
        found = None
        for hit in self.structural:
            if hit.entry.id in SLOT_CUES and clause.start <= hit.start and hit.end <= relation.start:
                found = hit
        return found

    def _slot_before(self, hit: Hit, clause: Clause) -> tuple[str, Hit | None]:
        """The slot a member list inherits: that of its country noun."""
        opener = None
        for other in self.structural:
            if other.entry.id in SLOT_CUES and clause.start <= other.start and other.end <= hit.start \
                    and other is not hit:
                opener = other
        return (opener.entry.id, opener) if opener else ("subject", None)

    def _is_title(self, opener: Hit, clause: Clause) -> bool:
        for title in self.cues.get("title", []):
            if clause.start <= title.start and title.end <= opener.start:
                between = self.words(title.word_end, opener.start)
                if len(between) <= TITLE_REACH and all(w in TITLE_FILLERS or self._place_word(title.word_end, w)
                                                        for w in between):
                    return True
        return False

    def _place_word(self, after: int, word: str) -> bool:
        return any(m.start >= after and word in self.form[m.start:m.end].split() for m in self.mentions)

    # -- local roles (a cue beside the place decides) --------------------------------------------
    def local_role(self, mention: Mention) -> tuple[str, Hit | str] | None:
        """A role read off the words around a mention alone, or None.

        It depends on the sentence's words and slots only, never on roles already
        given, so it is worked out once per mention (a clause's actors ask it again).
        """
        key = id(mention)
        if key not in self._local_roles:
            self._local_roles[key] = self._local_role(mention)
        return self._local_roles[key]

    def _local_role(self, mention: Mention) -> tuple[str, Hit | str] | None:
        slot, opener = mention.slot, mention.opener
        clause = self.clause_of(mention.start)
        if mention.kind == "home":
            return None
        if mention is self.dateline:
            return "venue", "dateline"
        if slot == "source" or self._source_after(mention):
            return "mentioned", opener or "source_after"
        negated = self._negated(mention, clause)
        if negated:
            return negated
        if slot == "time":  # "پس از زلزله میانمار", "پس از عراق به سوریه سفر می کند": when, not a side
            return "mentioned", opener
        if slot == "topic":  # "amid the Ukraine war", "about the situation in Yemen": discussed
            return "mentioned", opener
        adversary = self._adversary(mention, clause)
        if adversary:
            return adversary
        if slot == "title":
            return "title", opener
        if slot == "comparison":
            return "comparison", opener
        compared = self._compared_after(mention, clause)
        if compared:
            return "comparison", compared
        if slot == "transit":
            return "origin_or_transit", opener
        if slot == "to" and mention.kind != "organization":
            journey = self._others_journey(mention, opener, clause)
            if journey:
                return "third_party", journey
        membership = self._membership(mention)
        if membership:
            return "occasion", membership
        if slot in ("occasion", "framework"):
            return ("venue" if slot == "occasion" and mention.kind == "country" else "occasion"), opener
        if slot in ("from", "in") and mention.kind != "organization" and not self._health_tourism(clause):
            origin = self._origin(mention, opener, clause)
            if origin:
                return "origin_or_transit", origin
        rival = self._rival(mention, clause)
        if rival:
            return "comparison", rival
        if mention.kind != "organization":
            made = self._origin_right_before(mention) or self._made_by(mention)
            if made:
                return "origin_or_transit", made
        if mention.kind == "region":
            generic = self._near_before(mention, "generic", GENERIC_REACH)
            if generic:
                return "mentioned", generic
            described = self._described_by(mention)
            if described:
                return "mentioned", described
        language = self._language(mention)
        if language:
            return "mentioned", language
        neighbour = self._neighbour(mention)
        if neighbour:
            return "mentioned", neighbour
        description = self._description(mention) or self._outbreak_place(mention, clause)
        if description:
            return "mentioned", description
        host = self._host_of_gathering(mention)
        if host:  # "the regional committee, hosted by Egypt's health ministry": where it meets
            return "venue", host
        if slot == "in" and self._event_near(mention, opener, clause):
            return ("occasion" if mention.kind == "organization" else "venue"), opener
        if slot in ("to", "in") and mention.kind != "organization":  # ("arrived in Geneva to attend ...")
            attending = self._attending(mention, opener, clause)
            if attending:  # "travelled to Geneva to attend the World Health Assembly": where it is held
                return "venue", attending
        if slot == "in" and mention.kind == "organization":
            return "occasion", opener  # "cooperate in the OIC and the SCO": the arena
        return None

    def _find_dateline(self) -> Mention | None:
        """"Geneva: Minister ...", "NAIROBI, Kenya –" opening the body: where the story was filed."""
        if not self.first_body or not self.mentions:
            return None
        first = self.mentions[0]
        if first.start != self.start:
            return None
        if first.kind != "home" and self.form.startswith(" , ", first.end):
            return first
        # "TEHRAN – India has sent ...", "BAGHDAD – ...": the place the sentence opens with, before
        # a spaced dash (not "Iran-Iraq cooperation"), is where the story was filed: no list, no actor
        if self.dashed_words and len(self.words(first.start, first.end)) == self.dashed_words:
            return first
        # "BRASILIA (IRNA) – ...", "بغداد- ایرنا- ...": a place right before a news agency's name
        if any(self._touching(first.end, h.start) for h in self.cues.get("agency", [])):
            return first
        return None

    def _source_after(self, mention: Mention) -> bool:
        return any(0 <= self.gap(mention.end, h.start) <= SOURCE_AFTER_REACH and h.start >= mention.end
                   for h in self.cues.get("source_after", []))

    def _negated(self, mention: Mention, clause: Clause) -> tuple[str, Hit] | None:
        for hit in self.structural:
            kind = hit.entry.id
            if kind == "denial" and self._negated_itself(hit):
                continue  # "did not deny the purchase": the denial is denied
            if kind == "denial" and clause.start <= hit.start and hit.end <= mention.start \
                    and "," not in self.words(hit.end, mention.start) and not self._denial_ends(hit, mention.start):
                return "negated", hit  # (not "denies X, says Y arrived", "denied any role and dispatched ...")
            # Persian denies at the end: "خبر خرید واکسن از هند را تکذیب کرد" negates the places
            # of the denied relation's slots, not its subject (the one who denies).
            if kind == "denial" and clause.start <= mention.start and mention.end <= hit.start < clause.end \
                    and mention.slot in OBJECT_SLOTS | {"between", "in"}:
                return "negated", hit
            if kind == "negation" and clause.start <= hit.start and hit.end <= mention.start \
                    and self._negates_relation(hit, clause):
                return "negated", hit
            if kind == "negation_after" and self._verb_after(mention, hit, clause):
                return "negated", hit
            if kind == "negation" and self._subject_of_negation(mention, hit, clause):
                return "negated", hit
        refusal = self._refused(mention, clause) or self._halted(mention, clause) \
            or self._unfulfilled(mention, clause) or self._ended_later(mention) or self._failed_plan(mention)
        return ("negated", refusal) if refusal else None

    def _subject_of_negation(self, mention: Mention, negation: Hit, clause: Clause) -> bool:
        """The subject of a negated relation: "Saudi Arabia has not signed any health agreement with
        Iran", "Kuwait's health ministry never agreed to ...", "Saudi Arabia, which restored ties with
        Iran, has not signed ..." (a parenthesis between is skipped). Only a few words between, none
        of them a relation word or a comma: not "Iraq, not Iran, signed the deal"."""
        if negation.entry.lang == "fa" or mention.slot != "subject" \
                or not (mention.group.end <= negation.start < clause.end) or self._hole_of(negation.start) is not None:
            return False  # (Persian negates its verb, last: negation_after reads it)
        segments = self._segments_outside_holes(mention.group.end, negation.start)
        between = self._outside_holes(segments)
        if len(between) > SUBJECT_NEGATION_REACH or "," in between or any(self._relation_between(*s) for s in segments):
            return False
        # The negated word must be a relation word ("has not signed"), not a noun ("has no vaccine
        # plant") nor another verb ("has not forgotten Iran's aid"); and the subject must have no
        # second predicate after it ("does not produce vaccines and imports them from Iran").
        limit = self._words_ahead(negation.end, NEGATION_LOOKAHEAD, clause.end)
        negated = [r for r in self.cues.get("relation", []) if negation.end <= r.start < limit]
        if not negated or any(self._touching(negation.end, h.start) for h in self.cues.get("halt", [])):
            return False
        return not self._second_predicate(negated[0].end, clause.end)

    def _denial_ends(self, denial: Hit, end: int) -> bool:
        """A second predicate of the one who denies, before ``end``: "denied any role in the attack and
        dispatched a medical team to Iraq", "rejected the rumours and said ..."; not an "and" inside
        what is denied ("denied reports that it had bought vaccines from China and signed a deal with
        Russia")."""
        speech = self.cues.get("speech", [])
        for word in _WORD.finditer(self.form, denial.end, end):
            if word.group() == "that":
                return False
            if word.group() in SECOND_PREDICATE and (
                    self._second_predicate(word.start(), end)
                    or any(self._touching(word.end(), h.start) for h in speech)):
                return True
        return False

    def _second_predicate(self, position: int, end: int) -> bool:
        """"... and imports them from Iran", "..., so it buys vaccines from Iran": a joining word after
        ``position`` with a relation or origin word within the next three words."""
        verbs = self.cues.get("relation", []) + self.cues.get("origin", [])
        for word in _WORD.finditer(self.form, position, end):
            if word.group() in SECOND_PREDICATE:
                limit = self._words_ahead(word.end(), 3, end)
                if any(word.start() <= v.start < limit for v in verbs):
                    return True
        return False

    def _segments_outside_holes(self, a: int, b: int) -> list[tuple[int, int]]:
        """The spans from ``a`` to ``b`` that no parenthesis (", which ... ,") covers."""
        segments, start = [], a
        for hole_start, hole_end in sorted(self.holes):
            if hole_end <= start or hole_start >= b:
                continue
            segments.append((start, max(start, hole_start)))
            start = max(start, hole_end)
        return segments + [(start, b)] if start < b else segments

    def _outside_holes(self, segments: list[tuple[int, int]]) -> list[str]:
        """The words of ``segments`` (:meth:`_segments_outside_holes`), without the commas that bound
        the parentheses between them."""
        words: list[str] = []
        for start, end in segments:
            part = self.words(start, end)
            if part and part[-1] == "," and any(h[0] >= end - 2 and h[0] <= end + 1 for h in self.holes):
                part = part[:-1]  # (the comma that opens a parenthesis)
            if part and part[0] == "," and any(h[1] <= start + 1 and h[1] >= start - 2 for h in self.holes):
                part = part[1:]  # (the comma that closes it)
            words += part
        return words

    def _unfulfilled(self, mention: Mention, clause: Clause) -> Hit | None:
        """A plan told as past and then denied: "قرار بود با مشارکت یک شرکت هندی انجام شود، اما
        این طرح هیچگاه اجرا نشد" (was to be done with an Indian firm, but it never was), "was
        supposed to supply Iraq, but the deal was cancelled": the plan's clause names no
        cooperation that happened; "never" after the plan and the place denies it too ("... که قرار
        بود از سوی فرانسه و آلمان ... به کار گرفته شود، هیچگاه ... نرسید"). A plan with no "but" after it stands ("قرار بود" alone counts
        as a plan reported), and so does one only delayed ("... اما با چند روز تاخیر ارسال شد"):
        the "but" clause must negate."""
        for hit in self.cues.get("unfulfilled", []):
            if hit.entry.lang == "en" and self._word_after(hit.end) in CAUSE_WORDS:
                continue  # "was due to the pandemic": a cause, not a plan
            after = max(hit.end, mention.end)
            if clause.start <= hit.start < clause.end and (any(
                    b.start >= after and self._negated_later(b.end)
                    and "until" not in self.words(b.end, self.end)  # ("did not reach Beirut until Wednesday": late)
                    for b in self.cues.get("contrast", []))
                    or self._never_after(after)):  # ("..., هیچگاه ... نرسید")
                return hit
        return None

    def _never_after(self, position: int) -> bool:
        """A "never" after ``position`` with at most a short subject and no place of its own since the last
        comma or "and":
        "..., هیچگاه ... نرسید", "... and never did"; not "..., Iran has never had such a fast
        delivery" (a clause about something else)."""
        for never in self.cues.get("never", []):
            if never.start >= position:
                # (its clause: from the last comma or "and" before it, with a short subject at most:
                # "it never came", "but the plan never ..."; not "officials said cooperation had never ...")
                start = max([position] + [self.form.rfind(mark, position, never.start) for mark in (" , ", " and ", " و ")]
                            + [v.end for v in self.cues.get("verb_end", []) if position <= v.end <= never.start])
                # (a Persian verb ends the plan's relative clause: "... که قرار بود ... امضا شود هیچگاه ...")
                if len(self.words(start, never.start)) <= NEVER_SUBJECT + 1 \
                        and not any(start <= m.start < never.start for m in self.mentions):
                    return True
        return False

    def _ended_later(self, mention: Mention) -> Hit | None:
        """A relation told, then ended in a "but" clause that names it with a demonstrative: "...
        از محل کمک های صندوق جهانی تامین می کرد، اما این حمایت از سال ۱۳۹۸ متوقف شده", "Iran
        exported insulin to Iraq for years, but these exports were halted in 2019". The first
        contrast word after the place, a demonstrative right after it, a relation word or theme
        within the next two words, and a halt or failure word later in the sentence (not "but
        this aid did not stop the outbreak": a halt denied is none)."""
        contrast = min((b for b in self.cues.get("contrast", []) if b.start >= mention.group.end),
                       key=lambda b: b.start, default=None)
        if contrast is None:
            return None
        if self._word_after(contrast.end) not in ENDED_DEMONSTRATIVES:
            return None
        named = self._words_ahead(contrast.end, 1, self.end)
        if not self._relation_within(named, 2, self.end):
            return None
        for kind in ("halt", "halt_after", "failure", "plan_failed"):
            for hit in self.cues.get(kind, []):
                if hit.start >= named and not self._negated_itself(hit):
                    return hit
        return None

    def _failed_plan(self, mention: Mention) -> Hit | None:
        """A plan, offer or talks of Iran's that failed, told as the subject of the failure word: "A
        plan agreed with Kuwait in 2019 to open an Iranian clinic in Kuwait City was shelved", "Iran's
        talks with India on a vaccine collapsed", "طرح احداث بیمارستان ایرانی در دوحه ... کنار گذاشته
        شد". The places between the plan word and the failure word are negated, and so is the
        rejecter of a plan that is Iran's ("an Iranian proposal ... was turned down by Buenos Aires",
        "پیشنهاد ایران ... از سوی دولت این کشور رد شد"); not the rejecter of someone else's ("a
        US-drafted proposal ... was rejected by China").

        Only a failure that stands (see :meth:`_failure_stands`) of a plan word that heads its
        subject (:meth:`_plan_subject`)."""
        failures, plans = self.cues.get("plan_failed"), self.cues.get("plan")
        if not failures or not plans:
            return None
        for failure in failures:
            if not self._failure_stands(failure):
                continue
            subject = self._plan_subject(failure, plans)
            if subject is None:
                continue
            plan, opened = subject
            if self._rejecter(mention, failure):
                # Only the rejecter of a plan of Iran's: Iran in its phrase and no other place its
                # owner ("A US-drafted proposal to bar medicine sales to Iran was rejected by China")
                if any(m.kind == "home" and opened <= m.start < failure.start for m in self.mentions) \
                        and not any(m.kind != "home" and self._owns_plan(m, plan, opened) for m in self.mentions):
                    return failure
                continue
            if plan.end <= mention.group.start and mention.group.end <= failure.start:
                return failure
            told = self._plan_told_before(plan, opened, failure)
            if told is not None and told.end <= mention.group.start and mention.group.end <= opened:
                return failure  # ("درباره طرح احداث بیمارستان با سرمایه گذاران ترکیه ای ... گفت: این طرح ... متوقف شده")
        return None

    def _plan_told_before(self, plan: Hit, opened: int, failure: Hit) -> Hit | None:
        """The same plan word told earlier in the sentence, when the failed one names it again with a
        demonstrative: "Asked about a plan to build a hospital with Turkish investors, he said the
        plan had been shelved", "... درباره طرح احداث بیمارستان ... گفت: این طرح ... متوقف شده"."""
        if self._word_before(plan.start) not in PLAN_DEMONSTRATIVES:
            return None
        term = self.form[plan.start:plan.end]
        told = next((p for p in self.cues.get("plan", []) if p.end <= opened and self.form[p.start:p.end] == term), None)
        if told is None or any(plan.end <= m.start < failure.start and m.kind != "home" and not self._rejecter(m, failure)
                               for m in self.mentions):
            return None  # (its own places: "... the plan with Kuwait had been shelved" is another plan)
        between = self.words(told.end, plan.start)
        if any(w == "," and following in ("and", "و") for w, following in zip(between, between[1:])):
            return None  # (another clause between: "Iran's plan with Iraq went ahead, and ... the plan ...")
        return told

    def _owns_plan(self, mention: Mention, plan: Hit, opened: int) -> bool:
        """A place whose plan it is: before the plan word in its subject ("a US-drafted proposal",
        "Iran's talks"), or right after it (Persian ezafe "پیشنهاد آمریکا", "a proposal by Iran")."""
        if opened <= mention.start < plan.start:
            return True
        return mention.start >= plan.end and self.words(plan.end, mention.start) in ([], ["by"], ["of"])

    def _rejecter(self, mention: Mention, failure: Hit) -> bool:
        """The place that rejects: right after "by" after the failure word ("was rejected by (the) X"),
        or up to two words after از سوی / توسط before a Persian one ("از سوی چین ... رد شد")."""
        if mention.group.start >= failure.end:
            after = self.words(failure.end, mention.group.start)
            return bool(after) and after[0] == "by" and len(after) <= 2
        # (a word or two may name who: "از سوی طرف ترک", "از سوی مقامات عراقی")
        before = self.words(self._words_back(mention.group.start, 4), mention.group.start)
        by = next((i for i in range(len(before) - 1) if before[i:i + 2] == ["از", "سوی"]), None)
        return mention.group.end <= failure.start and (by is not None or "توسط" in before[-3:])

    def _words_back(self, position: int, words: int) -> int:
        """The offset ``words`` words before ``position`` (the sentence's start at most)."""
        starts = [w.start() for w in _WORD.finditer(self.form, self.start, position)]
        return starts[-words] if len(starts) >= words else self.start

    def _failure_stands(self, failure: Hit) -> bool:
        """A failure word that the sentence does not take back: not itself negated, not a phrasal verb
        ("was not held back"), no "but" after it ("was rejected in 2019 but is now going ahead", "...
        به نتیجه نرسید اما امروز ..."), no "as planned" ("did not take place in May as planned but
        ..."), no denial in the sentence ("Reports that the deal collapsed are false", "... تکذیب کرد")."""
        if self._negated_itself(failure) or self._word_after(failure.end) in PHRASAL_PARTICLES:
            return False
        after = self.words(failure.end, self.end)
        if any(h.start >= failure.end for h in self.cues.get("contrast", [])) or self.cues.get("denial") \
                or any(w == "as" and following == "planned" for w, following in zip(after, after[1:])):
            return False
        return PLAN_REPORTS.isdisjoint(self.words(self.start, self.end))

    def _plan_subject(self, failure: Hit, plans: list[Hit]) -> tuple[Hit, int] | None:
        """The plan word nearest before ``failure`` and where its subject opens, when it heads the
        subject of the failure: a few words after the start of the sentence or of a clause, no
        relation word before it there ("An Iranian proposal", "but the meeting", "گفت: طرح"; not
        "signed a deal"), and nothing between it and the failure word that opens another predicate
        ("was approved, while ...", "hospitals that collapsed", "as prices collapsed", "طرح ... در
        لبنان که پیش از این رد شد، ...", "در مذاکرات ایران و عربستان، اختلافات ... کنار گذاشته شد").
        Only the nearest: the failure of a second plan is not the first's ("Iran completed the
        project in Syria and a plan for a clinic in Iraq was shelved")."""
        if self._hole_of(failure.start) is not None:
            return None  # (a failure inside a parenthesis: "the plan, which was rejected in 2019, is ...")
        plan = max((p for p in plans if p.end <= failure.start), key=lambda p: p.start, default=None)
        if plan is None or self._breaks_plan(plan, failure):
            return None
        opened = self._subject_start(plan)
        return None if opened is None else (plan, opened)

    def _breaks_plan(self, plan: Hit, failure: Hit) -> bool:
        """Whether something between ``plan`` and ``failure`` ends the plan's phrase (see
        :meth:`_plan_subject`). A parenthesis between is skipped: "A planned visit ... to
        Nouakchott, which had been scheduled for January, was cancelled"."""
        between = self._outside_holes(self._segments_outside_holes(plan.end, failure.start))
        if len(between) > PLAN_REACH or not PLAN_BREAKS.isdisjoint(between) or _second_verb(between) \
                or any(w == "and" and following in ("a", "an", "the") for w, following in zip(between, between[1:])):
            return True  # ("... the project in Syria and a plan for a clinic in Iraq was shelved")
        return failure.entry.lang == "fa" and (
            self._persian_clause_between(plan.end, failure.start) or self._in_relative(plan.end, failure)
            or self._comma_after_no_verb(plan.end, failure.start))

    def _in_relative(self, a: int, failure: Hit) -> bool:
        """A Persian failure word inside a relative clause that a که opened after ``a`` and that no
        verb closed before it (the relative's verb is the first after که): "طرح ... به لبنان که پیش از
        این رد شد، اکنون اجرا می شود" (the plan goes ahead), not "طرح ... که سال ۱۳۹۸ مطرح شده بود،
        ... کنار گذاشته شد", "پروژه ... که پیش تر با کمک ژاپن اجرا می شد از سال ۱۴۰۰ متوقف شده"."""
        opened = self.form.rfind(" که ", a, failure.start)
        if opened < 0:
            return False
        return not any(opened <= v.start and v.end <= failure.start for v in self.cues.get("verb_end", []))

    def _subject_start(self, plan: Hit) -> int | None:
        """Where the subject that ``plan`` heads opens: a few words after the start of the sentence
        or of a clause (a colon, "that", "but", a speaker's verb, "and a/the", a Persian comma, a
        Persian verb and و), with no preposition and no relation word as a verb there; None when the
        plan word stands further in."""
        words = [(w.group(), w.start()) for w in _WORD.finditer(self.form, self.start, plan.start)]
        opened = plan.start
        for count, (word, start) in enumerate(reversed(words)):
            if word in PLAN_SUBJECT_BOUNDS or word == "," and plan.entry.lang == "fa" \
                    or word == "and" and opened < plan.start \
                    and self._word_after(start + len(word)) in ("a", "an", "the") or word == "و" and any(
                    self._touching(v.end, start) for v in self.cues.get("verb_end", [])):
                break  # ("... and a plan for a clinic in Iraq", "تصویب شد و پیشنهاد ...")
            if count == PLAN_SUBJECT_REACH:
                return None
            opened = start
        if not PLAN_PREPOSITIONS.isdisjoint(self.words(opened, plan.start)):
            return None  # an adverbial, not a subject: "Under the deal, prices ...", "در مذاکرات ..."
        # A relation word there makes the plan its object ("Iran signed a deal", "agreed on the plan");
        # not an English modifier ("Iran's joint clinic project": no article or preposition after it)
        return None if any(opened <= r.start < plan.start and (r.entry.lang == "fa" or self._word_after(r.end) in VERB_OBJECT_WORDS)
                           for r in self.cues.get("relation", [])) else opened

    def _persian_clause_between(self, a: int, b: int) -> bool:
        """A Persian clause that ends between ``a`` and ``b``: a finite verb followed by و or a comma
        ("تصویب شد و ..."), unless a relative که opened it ("طرح ... که سال ۱۳۹۸ مطرح شده بود، ...")."""
        for verb in self.cues.get("verb_end", []):
            if a <= verb.start and verb.end <= b and self._word_after(verb.end, b) in ("و", ",") \
                    and "که" not in self.words(a, verb.start):
                return True
        return False

    def _comma_after_no_verb(self, a: int, b: int) -> bool:
        """A Persian comma between ``a`` and ``b`` that no verb ends before: the phrase before it is
        an adverbial ("در مذاکرات ایران و عربستان، اختلافات گذشته کنار گذاشته شد": what failed is
        no plan), not a relative clause closed ("که سال ۱۳۹۸ مطرح شده بود، ...")."""
        verb_ends = {v.end for v in self.cues.get("verb_end", [])}
        return any(w.group() == "," and w.start() - 1 not in verb_ends and not self._between_places(w.start())
                   for w in _WORD.finditer(self.form, a, b))

    def _between_places(self, position: int) -> bool:
        """A list's comma: a place right before ``position`` and one right after ("با عراق، سوریه و لبنان")."""
        return any(self._touching(m.end, position) for m in self.mentions) \
            and any(self._touching(position + 1, m.start) for m in self.mentions)

    def _negated_later(self, position: int) -> bool:
        """A negating or failure cue (not, never, cancelled, collapsed ...) after ``position`` in the
        sentence, across commas ("اما به دلیل اختلاف بر سر شرایط، این تفاهم نامه امضا نشد")."""
        return any(h.start >= position for kind in ("negation", "negation_after", "denial", "halt", "halt_after",
                                                    "failure")
                   for h in self.cues.get(kind, []))

    def _refused(self, mention: Mention, clause: Clause) -> Hit | None:
        """A refusal of a relation: "Germany refused to sell medical equipment to Iran" (the place
        refuses), "Iran refused to sign the agreement with Britain" (its relation is refused),
        "آلمان از فروش تجهیزات پزشکی به ایران خودداری کرد" (verb last, the refused act after از).
        Only when what is refused is a relation word or theme: "Iraq refused to comment on the
        deal" or "از اظهار نظر خودداری کرد" refuses nothing of the kind."""
        for hit in self.cues.get("refusal", []):
            if not clause.start <= hit.start < clause.end \
                    or any(self._touching(hit.end, h.start) for h in self.cues.get("halt", [])):
                continue  # ("failed to stop exports", "refused to halt exports": no refused relation)
            if hit.entry.lang == "fa":
                refused = self.form.rfind(" از ", mention.group.end - 1, hit.start)
                if self._verb_after(mention, hit, clause) and refused >= 0 \
                        and self._relation_within(refused + 3, 2, hit.start):
                    return hit
            elif self._relation_within(hit.end, REFUSAL_LOOKAHEAD, clause.end) and self._side_of(mention, hit, clause):
                return hit
        for hit in self.cues.get("rejection", []):
            if clause.start <= hit.start < clause.end and self._offer_of_iran(hit, clause) \
                    and self._side_of(mention, hit, clause):
                return hit
        return None

    def _offer_of_iran(self, rejection: Hit, clause: Clause) -> bool:
        """What a rejection rejects is Iran's: Iran named within two words after it and a relation
        word right after Iran ("rejected Iran's offer", "turned down an Iranian proposal")."""
        limit = self._words_ahead(rejection.end, 2, clause.end)
        return any(m.kind == "home" and rejection.end <= m.start < limit
                   and any(self._touching(m.end, r.start) or self.words(m.end, r.start) == ["s"]
                           for r in self.cues.get("relation", []))
                   for m in self.mentions)

    def _halted(self, mention: Mention, clause: Clause) -> Hit | None:
        """A relation ended: "Germany halted exports of medical equipment to Iran", "the Swedish
        manufacturer stopped supplying Iran", "ارسال دارو از آلمان به ایران متوقف شد" (Persian
        puts the halt last). Only a relation word or theme that is no disease right after the
        halt word, no place between (not "Iran halted polio in Afghanistan", "after the fighting
        ceased Iran sent medicine"), not itself negated ("has not stopped exporting"); in Persian,
        not in a clause that names a disease ("شیوع وبا در عراق ... متوقف شد": the outbreak halted)."""
        if not (self.cues.get("halt") or self.cues.get("halt_after")) or not self.iran_actors(clause):
            return None  # (others' relation halted: "after international aid to Afghanistan was cut off")
        for hit in self.cues.get("halt", []):
            if clause.start <= hit.start < clause.end and not self._negated_itself(hit) \
                    and not any(self._touching(r.end, hit.start) for r in self.cues.get("refusal", [])) \
                    and self._ends_relation(hit, clause) and self._side_of(mention, hit, clause):
                # (a halt refused is no halt: "Iran refused to halt medicine exports to Iraq")
                return hit
        for hit in self.cues.get("halt_after", []):
            if self._verb_after(mention, hit, clause) and not self._disease_in(clause) \
                    and ADVERSARY_BREAKS.isdisjoint(self.words(mention.group.end, hit.start)):
                return hit  # (not "به لبنان پس از آنکه جریان برق ... قطع شد": after the power was cut)
        return None

    def _ends_relation(self, halt: Hit, clause: Clause) -> bool:
        """A relation word within four words after a halt word, no place between ("halted all
        medical exports", "suspended its polio vaccine imports"; not "halted hospital services")."""
        limit = self._words_ahead(halt.end, HALT_LOOKAHEAD, clause.end)
        return any(halt.end <= r.start < limit and not any(halt.end <= m.start < r.start for m in self.mentions)
                   for r in self.cues.get("relation", []))

    def _disease_in(self, clause: Clause) -> bool:
        """A disease or an outbreak named in a clause."""
        return any(clause.start <= h.start < clause.end
                   for h in [t for t in self.themes if t.entry.id in DISEASE_THEMES] + self.cues.get("outbreak", []))

    def _side_of(self, mention: Mention, hit: Hit, clause: Clause) -> bool:
        """Whether a place is a side of what a refusal (or halt) word refuses: after it, within
        the refused phrase ("refused to sign the deal with Britain"; not "stopped importing from
        India and signed a deal with China"), or its subject up to 3 words before it, no other
        place nor "after", "despite" ... between ("to Syria after US sanctions halted imports" is
        no Syrian halt), and a group with no Iran in it ("In Italy, Iran suspended ..." is Iran's).
        The subject refuses Iran only if Iran is in the refused phrase or no place is: "Iraq plans
        to stop buying medicine from Turkey and buy more from Iran" keeps Iraq."""
        group = mention.group
        if hit.end <= group.start:
            return self._no_list_mark(hit.end, group.start)
        if not (hit.start >= group.end and self.gap(group.end, hit.start) <= 3
                and self._no_list_mark(group.end, hit.start) and ADVERSARY_BREAKS.isdisjoint(self.words(group.end, hit.start))
                and not any(group.end <= m.start < hit.start or m.kind == "home" and m.group is group
                            for m in self.mentions)):
            return False
        end = min((i for i in (self.form.find(f" {mark} ", hit.end, clause.end) for mark in LIST_MARKS) if i >= 0),
                  default=clause.end)  # (the refused phrase ends at a list mark)
        refused = [m for m in self.mentions if hit.end <= m.start < end]
        return not refused or any(m.kind == "home" for m in refused)

    def _no_list_mark(self, a: int, b: int) -> bool:
        """No comma or "and" between offsets ``a`` and ``b``: one phrase."""
        return LIST_MARKS.isdisjoint(self.words(a, b))

    def _verb_after(self, mention: Mention, verb: Hit, clause: Clause) -> bool:
        """A Persian verb that comes last ("... نکرد", "... خودداری کرد") bears on the place group
        before it in its clause: 8 words on at most, no comma or "و" between."""
        if not clause.start <= mention.group.end <= verb.start < clause.end:
            return False
        between = self.words(mention.group.end, verb.start)
        return len(between) <= NEGATION_AFTER_REACH and LIST_MARKS.isdisjoint(between)

    def _relation_within(self, position: int, words: int, end: int) -> bool:
        """A relation word or theme starting within ``words`` words after ``position``."""
        limit = self._words_ahead(position, words, end)
        return any(position <= t.start < limit for t in self.cues.get("relation", []) + self.themes)

    def _negated_itself(self, hit: Hit) -> bool:
        return any(n.entry.id == "negation" and n.end <= hit.start and self.gap(n.end, hit.start) <= 1
                   for n in self.structural)

    def _negates_relation(self, negation: Hit, clause: Clause) -> bool:
        """"not" negates a relation only when a relation word, theme or place follows it closely
        ("did not sign", "no vaccines imported"; not "no effect on importing"), and no halt word
        right after it denies the halt instead ("has not stopped exporting")."""
        limit = self._words_ahead(negation.end, NEGATION_LOOKAHEAD, clause.end)
        if limit <= negation.end or any(self._touching(negation.end, h.start) for h in self.cues.get("halt", [])):
            return False
        targets = self.cues.get("relation", []) + self.themes + [m.hit for m in self.mentions]
        return any(negation.end <= t.start < limit for t in targets)

    def _adversary(self, mention: Mention, clause: Clause) -> tuple[str, Hit] | None:
        target = None
        for hit in self.cues.get("adversary", []):
            if not (clause.start <= hit.start < clause.end) or self._against_disease(hit, clause):
                continue
            # (before the whole list: "sanctions imposed by the US, the UK and France")
            start = mention.group.start
            if hit.end <= start and self.gap(hit.end, start) <= ADVERSARY_BEFORE and self._target_of(hit, start):
                target = target or hit  # "the blockade of Gaza": the place suffers it
                continue
            if hit.end <= start and self._adversary_gap(hit, start) <= ADVERSARY_BEFORE \
                    and "," not in self.words(hit.end, start) and not self._recipient_between(hit.end, start, clause) \
                    and not self._from_slot_between(hit.end, start):
                return "adversary", hit
            # After the place only within its own phrase: "the U.S. administration placed an
            # obstacle", not "the lands of Azerbaijan freed from Armenia's occupation".
            if hit.start >= mention.end and self.gap(mention.end, hit.start) <= ADVERSARY_AFTER \
                    and not _breaks_adversary(self.words(mention.end, hit.start)) \
                    and not self._opener_between(mention.end, hit.start):
                return "adversary", hit
        # The target of a blockade or embargo is named, not the adversary; nor, for that, a side (it
        # may be one elsewhere: "sent medicine to Cuba despite the embargo")
        return ("mentioned", target) if target else None

    def _adversary_gap(self, hit: Hit, start: int) -> int:
        """Words between an adversary word and a place after it; in Persian, the plural ending and
        the و of a chain of adjectives do not count ("تحریم های یکجانبه و غیرقانونی آمریکا")."""
        between = self.words(hit.end, start)
        if hit.entry.lang != "fa":
            return len(between)
        if "و" in between and (self._relation_between(hit.end, start) or self._opener_between(hit.end, start)):
            return len(between)  # ("تحریم ها و عادی سازی روابط عربستان", "تحریم ها و ازسرگیری پروازها به عمان":
            # a second noun phrase after و, not the sanctions' description)
        return sum(w not in PERSIAN_ADJECTIVE_JOINS for w in between)

    def _target_of(self, hit: Hit, start: int) -> bool:
        """A blockade or embargo whose target follows: "the blockade of Gaza", "the embargo on Cuba",
        "the embargo against Cuba" ("against" itself right after one too). Not sanctions, attacks
        or wars: "the sanctions of America", "the aggression of the Saudi coalition" name who
        imposes them, and a target of sanctions listed with Iran is no side of Iran's either."""
        if hit.entry.lang != "en":
            return False  # (Persian puts both after the word: "تحریم های آمریکا", "محاصره قطر")
        if hit.entry.term == "against":
            return any(h.entry.term in TARGETED_MEASURES and self._touching(h.word_end, hit.start)
                       for h in self.cues.get("adversary", []))
        between = self.words(hit.word_end, start)  # (from the word's end: "blockade|s of Gaza")
        return hit.entry.term in TARGETED_MEASURES and bool(between) and between[0] in ADVERSARY_TARGET_WORDS

    def _from_slot_between(self, a: int, b: int) -> bool:
        """A from-slot opening between an adversary word and a place: "under pressure from patients
        arriving from Iraq" (Iraq is where the patients come from, not who presses)."""
        return any(h.entry.id == "from" and a <= h.start and h.end <= b for h in self.structural)

    def _recipient_between(self, a: int, b: int, clause: Clause) -> bool:
        """A to- or with-slot of a relation word opening between an adversary word and a place:
        the place is the relation's side, not the adversary ("با وجود تحریم ها به سوریه دارو
        ارسال کرد"); not "حملاتی که به اسرائیل نسبت داده شده" (attacks attributed to Israel)."""
        return any(h.entry.id in ("to", "with") and a <= h.start and h.end <= b
                   and self._relation_between(h.end, clause.end) for h in self.structural)

    def _against_disease(self, hit: Hit, clause: Clause) -> bool:
        """"against" aimed at a disease or a health word ("vaccines against polio", "campaign
        against polio", "مبارزه علیه این بیماری"): the fight is health work, no adversary."""
        if hit.entry.term not in AGAINST:
            return False
        limit = self._words_ahead(hit.end, AGAINST_REACH, clause.end)
        return any(hit.end <= t.start < limit for t in self.themes + self.cues.get("health", []))

    def _origin(self, mention: Mention, opener: Hit, clause: Clause) -> Hit | None:
        # An origin word; an arrival only with "from" ("arrived from India"; "arrived in Oman" is
        # the destination). Not when the sentence goes on to relate the two countries: "Iran imports
        # vaccines from Cuba and the two countries will jointly produce them".
        if self._two_countries_after(mention.end):
            return None
        origins = [h for h in self.structural
                   if h.entry.id == "origin" or h.entry.id == "arrival" and opener.entry.id == "from"]
        for hit in origins:
            if clause.start <= hit.start and hit.end <= opener.start \
                    and self._origin_reaches(hit.end, opener.start):
                return hit
        if opener.entry.id in ("in", "from"):  # Persian puts the verb after: "در X ساخته شده", "از X وارد شد"
            # (after the whole list: "از روسیه و کشورهای اتحادیه اروپا وارد می کند", and, from a
            # from-slot, the places a list ends with: "از فرانسه و دیگر کشورهای اروپایی وارد می کرد";
            # not an in-slot: "در سوریه و دیگر کشورهای عربی درمانگاه ساخته" built clinics there)
            end = self._list_end(mention.group, clause) if opener.entry.id == "from" else mention.group.end
            for hit in origins:
                if end <= hit.start < clause.end and (hit.entry.lang == "fa" or hit.entry.id == "arrival") \
                        and self.gap(end, hit.start) <= ORIGIN_REACH \
                        and not self._opener_between(end, hit.start) and not self._made_in_at(hit):
                    return hit  # (a Persian verb or an arrival: "in Italy, Iran suspended ... imports" is no origin)
        return None

    def _origin_reaches(self, a: int, b: int) -> bool:
        """Whether an origin word ending at ``a`` qualifies the slot opening at ``b``: a few words
        between, or the goods named between ("imports most of its active pharmaceutical
        ingredients from India": a theme, and no relation word, other slot or second verb in the way:
        "bought medical equipment and hired doctors from Germany")."""
        between = self.words(a, b)
        return len(between) <= ORIGIN_REACH or len(between) <= ORIGIN_GOODS_REACH \
            and any(a <= t.start < b for t in self.themes) and not _second_verb(between) \
            and not self._relation_between(a, b) and not self._opener_between(a, b)

    def _list_end(self, group: Group, clause: Clause) -> int:
        """Where a list ends that goes on past ``group`` with "other ...": "فرانسه و دیگر کشورهای
        اروپایی", "France and other European countries" (a generic set is a group of its own)."""
        end = group.end
        for m in self.mentions:
            if end <= m.start < clause.end:
                between = set(self.words(end, m.start))
                if not (between & OTHER_WORDS and between <= LIST_TAIL_WORDS):
                    break  # (not any place after a comma: "in Italy, Iran suspended imports")
                end = m.end
        return end

    def _origin_right_before(self, mention: Mention) -> Hit | None:
        """"واکسن آسترازنکا ساخت کره جنوبی" (made in South Korea): a made-in word right before the
        place (kind made_in). Not every origin word: "از کشورهای اروپایی وارد روسیه می شد" (entered
        Russia: the importer), "خرید روسیه" (Russia's purchase)."""
        for hit in self.cues.get("made_in", []):
            if self._touching(hit.word_end, mention.group.start):
                return hit
        return None

    def _compared_after(self, mention: Mention, clause: Clause) -> Hit | None:
        """Persian states a comparison with از before the compared and the comparative after it:
        "تعرفه دارو در ایران از ترکیه بالاتر است" (Turkey is compared, not a source), or with با and a
        word of comparing ("با کشورهای اروپایی قابل مقایسه", kind comparable_after), within
        COMPARATIVE_REACH words, nothing relating between, a copula or the clause's end after it
        (not "از عراق بیشتر دارو وارد می کنیم": more medicine imported from Iraq)."""
        opener = mention.opener
        if opener is None or opener.entry.lang != "fa":
            return None
        if mention.slot == "with":  # "پزشکان ایرانی را با کشورهای اروپایی قابل مقایسه دانست"
            if any(self._touching(r.word_end, opener.start) for r in self.cues.get("relation", [])):
                return None  # "همکاری ایران با عراق قابل مقایسه با ... نیست": the relation is compared
            return next((hit for hit in self.cues.get("comparable_after", [])
                         if mention.group.end <= hit.start < clause.end
                         and len(self.words(mention.group.end, hit.start)) <= COMPARATIVE_REACH
                         and not self._relation_between(mention.group.end, hit.start)
                         and self._word_after(hit.word_end, clause.end) != "با"), None)  # (not "قابل مقایسه با X")
        if mention.slot != "from":
            return None
        # An از that opens the phrase of a theme or relation noun says where they come from:
        # "تعداد گردشگران سلامت از عراق بیشتر است" (health tourists from Iraq are the most).
        if any(self._touching(t.word_end, opener.start) for t in self.themes + self.cues.get("relation", [])):
            return None
        # "استفاده از تجربیات کوبا ... موثرتر است": the use of X's experience is what is compared
        if self._word_before(opener.start) in USE_NOUNS:
            return None
        for hit in self.cues.get("comparative_after", []):
            if mention.group.end <= hit.start < clause.end \
                    and len(self.words(mention.group.end, hit.start)) <= COMPARATIVE_REACH \
                    and not self._relation_between(mention.group.end, hit.start) \
                    and "از" not in self.words(mention.group.end, hit.start):  # ("از آلمان بهتر و از چین ارزان تر")
                following = self._word_after(hit.word_end, clause.end)
                if not following or following in COPULAS:
                    return hit
        return None

    def _made_by(self, mention: Mention) -> Hit | None:
        """"Chinese-made ventilators", "German-manufactured scanners": a demonym right before a word
        of making names where goods come from. Not a country's name ("China made a donation": a verb),
        nor a demonym whose "made" takes an object ("the Chinese made a donation")."""
        if mention.hit.entry.demonym:
            for hit in self.cues.get("origin_after", []):
                if self._touching(mention.hit.word_end, hit.start):
                    following = self._word_after(hit.word_end)
                    if following in DETERMINERS or following[:1].isdigit():
                        return None  # (a verb with its object)
                    return hit
        return None

    def _health_tourism(self, clause: Clause) -> bool:
        """Patients who come for treatment: their country is a partner, not an origin of goods."""
        return any(t.entry.id == "health_tourism" and clause.start <= t.start < clause.end for t in self.themes)

    def _rival(self, mention: Mention, clause: Clause) -> Hit | None:
        """"competition in the region from Indian producers", "ranks third after the US": a rival
        or a ranking, not a partner (the word before or after the place, no relation between)."""
        group = mention.group
        for hit in self.structural:
            if hit.entry.id != "rival" or not clause.start <= hit.start < clause.end:
                continue
            before = hit.end <= group.start
            a, b = (hit.end, group.start) if before else (group.end, hit.start)
            # After the place, only right after it ("Turkey, a rival", "ترکیه رقیب"): further on,
            # the rival word is about someone else ("exports to Iraq fell because of competition").
            if a <= b and (self.gap(a, b) <= (COMPARISON_REACH if before else RIVAL_AFTER)
                           or not before and self._rival_predicate(self.words(a, b))) \
                    and not self._relation_between(a, b):
                return hit
        for hit in self.cues.get("rival_after", []):  # ("Turkey and India dominate the market")
            if clause.start <= hit.start < clause.end and group.end <= hit.start \
                    and self.gap(group.end, hit.start) <= RIVAL_AFTER and not self._relation_between(group.end, hit.start) \
                    and not any(m.kind == "home" for m in group.mentions) and not self._iran_dominated(hit, clause):
                return hit
        # "Iran and India compete in drug production", "ایران و هند ... با هم رقابت می کنند": the
        # sides of a clause whose only link is competing (or a ranking) are rivals, wherever the
        # word stands (a whole word: "رقابتی", competitive, is no verb).
        if mention.slot in CORE_SLOTS or mention.slot == "with":
            for hit in self.cues.get("clause_rival", []):
                if clause.start <= hit.start < clause.end and hit.word_end == hit.end \
                        and not self._relation_between(clause.start, clause.end):
                    return hit
        return None

    def _iran_dominated(self, hit: Hit, clause: Clause) -> bool:
        """What the places dominate is Iran's: Iran named in the object up to the next comma, 6
        words at most ("dominate the list of buyers of Iranian medical equipment", "dominate Iran's
        exports": Iran's buyers, not its rivals)."""
        limit = self._words_ahead(hit.word_end, DOMINATED_REACH, clause.end)
        comma = self.form.find(" , ", hit.word_end, limit)
        end = comma if comma >= 0 else limit
        return any(m.kind == "home" and hit.word_end <= m.start < end for m in self.mentions)

    @staticmethod
    def _rival_predicate(between: list[str]) -> bool:
        """The words between places and a rival word after them state that they are rivals: "India,
        Thailand and the UAE were strong competitors", "are Iran's main rivals".

        >>> SentenceRelations._rival_predicate(["were", "strong"]), SentenceRelations._rival_predicate(["sent", "aid", "to"])
        (True, False)
        """
        return 0 < len(between) <= RIVAL_PREDICATE and between[0] in RIVAL_COPULAS and PAST_RIVALRY.isdisjoint(between)

    def _opener_between(self, a: int, b: int) -> bool:
        return any(h.entry.id in SLOT_CUES and a <= h.start and h.end <= b for h in self.structural)

    def _made_in_at(self, hit: Hit) -> bool:
        """A made-in word with its own place right after it ("از X ... ساخت ایران": made in Iran, the
        origin is Iran); not "از کشورهای اروپایی وارد روسیه می شد" (from Europe into Russia: Europe is
        the origin, Russia the importer)."""
        return self._place_at(hit.word_end) and any(m.start == hit.start for m in self.cues.get("made_in", []))

    def _place_at(self, position: int) -> bool:
        """A place right after ``position`` ("ساخت ایران": made in Iran, the origin is Iran)."""
        return any(self._touching(position, m.start) for m in self.mentions)

    def _near_before(self, mention: Mention, kind: str, reach: int) -> Hit | None:
        for hit in self.structural:
            if hit.entry.id == kind and hit.end <= mention.group.start \
                    and len(self.words(hit.end, mention.group.start)) <= reach \
                    and set(self.words(hit.end, mention.group.start)) <= GROUP_FILLERS | {"از", "جمله"}:
                return hit
        return None

    def _described_by(self, mention: Mention) -> Hit | None:
        for hit in self.structural:
            if hit.entry.id == "described_by" and hit.start >= mention.end \
                    and self.gap(mention.end, hit.start) == 0 and hit.word_end == hit.end:
                return hit
        return None

    def _language(self, mention: Mention) -> Hit | None:
        """A language named by its country: "به زبان فرانسوی", "translated into Russian" (the word
        right before the place), "French-language booklets", "French-speaking countries", "فرانسه
        زبان" (right after it; then the place after the word is no language: "French-speaking
        African countries" are African countries)."""
        for hit in self.cues.get("language_after", []):
            if self._touching(mention.hit.word_end, hit.start):
                return hit
        for hit in self.cues.get("language_before", []):
            if self._touching(hit.word_end, mention.start) \
                    and not any(self._touching(m.hit.word_end, hit.start) for m in self.mentions):
                return hit
        return None

    def _membership(self, mention: Mention) -> Hit | None:
        """"Iran is also a member of the SCO", "both members of the OIC": the organization whose
        membership is stated is the arena. Not "met a member of the Iraqi delegation" (no
        organization), "an MoU with members of the African Union" (a with-slot's members)."""
        if mention.kind != "organization":
            return None
        for hit in self.cues.get("membership", []):
            if hit.end <= mention.group.start and set(self.words(hit.end, mention.group.start)) <= {"the"} \
                    and self._word_before(hit.start) in MEMBERSHIP_LEADS:
                return hit
        return None

    def _export_destination(self, mention: Mention, clause: Clause) -> Hit | None:
        """A destination word after ``mention`` in its clause, in a sentence that tells of exports no
        foreign place owns: "صادرات تجهیزات پزشکی کشور به ۱۷۵ میلیون دلار رسید و عراق و افغانستان
        مهم ترین مقاصد آن بودند". Not "Turkey is the main destination of Iraqi exports", "صادرات
        ترکیه" (another country's exports), nor a sentence with no export word ("Turkey is the main
        destination of Afghan patients")."""
        return next((d for d in self._export_destinations if mention.group.end <= d.start < clause.end), None)

    def _of_exports(self, destination: Hit, clause: Clause) -> bool:
        """Whether a destination word is the exports': nothing after it in its clause ("were the main
        destinations."), a word referring back ("مقاصد آن", "their destination"), or an export word
        within 3 words ("مقصدهای صادراتی", "destinations of these exports"); not the destination of
        people ("for Iraqi patients", "مقصد اصلی مهاجرت پزشکان ایرانی")."""
        following = [w for w in self.words(destination.word_end, clause.end) if w not in DESTINATION_ADJECTIVES]
        if not following or following[0] in DESTINATION_REFS:
            return True
        limit = self._words_ahead(destination.word_end, 3, clause.end)
        return any(destination.word_end <= e.start < limit for e in self.cues.get("export", []))

    def _unowned_exports(self) -> bool:
        """An export word in the sentence, and no foreign place owning one: "صادرات ترکیه",
        "Turkish exports", "Turkey's exports" (the article's exports are Iran's)."""
        exports = self.cues.get("export")
        if not exports:
            return False
        return not any(m.kind != "home" and (self._export_owner_after(export, m) or self._export_owner_before(export, m))
                       for export in exports for m in self.mentions)

    def _export_owner_before(self, export: Hit, mention: Mention) -> bool:
        """An English owner before the export word: "Turkish exports", "Turkey's exports", "Turkey's
        medicine exports" (the goods at most between)."""
        if mention.end > export.start:
            return False
        between = self.words(mention.end, export.start)
        return not between or between[0] == "s" and len(between) <= 1 + EXPORT_OWNER_REACH \
            and not any(w in _SLOT_WORDS or w == "," for w in between)

    def _export_owner_after(self, export: Hit, mention: Mention) -> bool:
        """An owner after the export word, the goods at most between: "صادرات ترکیه", "صادرات دارو
        ترکیه", or after a "from": "exports of medicines from Turkey", "صادرات دارو از ترکیه" (not
        "صادرات دارو به ترکیه", "exports to Turkey": the destination)."""
        if mention.start < export.word_end:
            return False
        between = self.words(export.word_end, mention.start)
        if between and between[-1] in ("from", "از"):
            between = between[:-1]
            if between[:1] == ["of"]:
                between = between[1:]
        return len(between) <= EXPORT_OWNER_REACH and not any(w in _SLOT_WORDS or w == "," for w in between)

    def _host_of_gathering(self, mention: Mention) -> Hit | None:
        """The host or chair of a multilateral gathering: a country or region up to 4 words after
        "hosted by", "chaired by", "به میزبانی" (only ministry words between), in a sentence that names
        a gathering (conference, اجلاس) or an organization's meeting ("... told the D-8 meeting,
        which was chaired by Bangladesh's health minister"). Not a co-host with Iran ("hosted by Iran
        and Iraq", "hosted by Oman jointly with Iran's health ministry"), nor the host of a bilateral
        visit ("an Iranian delegation hosted by Iraq's minister": no gathering is named), nor an
        organization (it runs what it hosts)."""
        if mention.kind == "organization":
            return None  # (an organization that hosts a course or workshop runs it: "به میزبانی سازمان جهانی بهداشت")
        for hit in self.cues.get("host", []) + self.cues.get("chair", []):
            if hit.end <= mention.group.start and len(self.words(hit.end, mention.group.start)) <= HOST_REACH \
                    and set(self.words(hit.end, mention.group.start)) <= HOST_FILLERS:
                if any(m.kind == "home" for m in mention.group.mentions) or any(
                        m.kind == "home" and m.start >= mention.group.end and self.gap(mention.group.end, m.start) <= HOST_REACH
                        and "," not in self.words(mention.group.end, m.start) for m in self.mentions):
                    return None  # a co-host with Iran ("hosted by Oman jointly with Iran's health ministry")
                # A host needs a gathering or an organization's meeting named; a chair is of a meeting,
                # so any organization in the sentence will do ("... told the meeting, which was chaired by")
                if hit.entry.id == "chair":
                    named = any(m.kind == "organization" for m in self.mentions)
                else:
                    named = any(self._organization_event(m) for m in self.mentions)
                if named or self.cues.get("gathering"):
                    return hit
        return None

    def _organization_event(self, mention: Mention) -> bool:
        """An organization's own gathering: the organization up to 3 words before or after an event
        word ("the D-8 health ministers' meeting", "the session of the WHO Regional Committee"); not
        one named in passing ("joint WHO-backed polio campaigns", "invited WHO experts")."""
        return mention.kind == "organization" and any(
            mention.end <= e.start and self.gap(mention.end, e.start) <= HOST_REACH - 1
            or e.end <= mention.start and self.gap(e.end, mention.start) <= HOST_REACH - 1 for e in self.cues.get("event", []))

    def _neighbour(self, mention: Mention) -> Hit | None:
        """"border crossings with Poland", "از طریق مرز مشترک با ترکمنستان": a neighbour, not a
        partner; unless the sentence goes on to relate it ("Iran has a long border with Pakistan
        and the two countries signed ...", "... همکاری های بهداشتی گسترده ای با این کشور دارد")."""
        for hit in self.cues.get("neighbour", []):
            if hit.end <= mention.group.start and _describes(self.words(hit.end, mention.group.start)):
                later = self.form[mention.end:self.end]
                if self._two_countries_after(mention.end) or any(f" {ref} " in f" {later} " for ref in ANAPHORS):
                    return None
                return hit
        return None

    def _description(self, mention: Mention) -> Hit | None:
        for hit in self.structural:
            if hit.entry.id != "description":
                continue
            if hit.end <= mention.group.start:  # "borders Afghanistan and Pakistan": the whole list
                if _describes(self.words(hit.end, mention.group.start)):
                    return hit
            elif hit.start >= mention.end and self.gap(mention.end, hit.start) == 0:
                return hit
        # A noun that the list right before it qualifies: "Iraqi and Saudi airspace", "Pakistani
        # and Afghan pilgrims" (not a describing verb such as "residing": "Tajiks and Iranians
        # residing in Tajikistan" are not all described)
        group = mention.group
        for hit in self.cues.get("described_list", []):
            # (a demonym, not a name: "sent medicines to Lebanon and Syrian refugees" describes Syria only)
            if hit.start >= group.end and self.gap(group.end, hit.start) == 0 and mention.hit.entry.demonym:
                return hit
            # "pilgrims from Pakistan and Afghanistan", "زائران از پاکستان", "زائران کشورهای پاکستان و هند"
            if hit.word_end <= group.start and 0 < self.gap(hit.word_end, group.start) <= 1 \
                    and set(self.words(hit.word_end, group.start)) <= DESCRIBED_FROM:
                return hit
            # Persian puts the noun first and the demonyms right after it ("زائران پاکستانی و لبنانی");
            # not a place after a preposition ("زائران در عراق": where they are served)
            if hit.entry.lang == "fa" and self._touching(hit.word_end, group.start) and group.mentions[0].hit.entry.demonym:
                return hit
        return None

    def _outbreak_place(self, mention: Mention, clause: Clause) -> Hit | None:
        """"the coronavirus outbreak in China", "شیوع کرونا در چین": where a disease is, not a
        side, unless a relation word of its clause sends help to it ("Iran sent medicine to
        fight the cholera outbreak in Iraq"): before the outbreak in English, anywhere in the
        clause in Persian, which puts the verb last ("برای مقابله با شیوع وبا در عراق دارو ارسال کرد")."""
        for hit in self.cues.get("outbreak", []):
            if not (clause.start <= hit.start and hit.end <= mention.group.start):
                continue
            if not _describes(self._without(hit.end, mention.group.start, self.themes).split()):
                continue
            if not self._relation_between(clause.start, clause.end if hit.entry.lang == "fa" else hit.start):
                return hit
        return None

    def _without(self, a: int, b: int, hits: list[Hit]) -> str:
        """The text between offsets ``a`` and ``b`` with the words of ``hits`` in it left out."""
        text = self.form[a:b]
        for hit in hits:
            if a <= hit.start and hit.word_end <= b:
                text = text.replace(self.form[hit.start:hit.word_end], " ")
        return text

    def _event_near(self, mention: Mention, opener: Hit, clause: Clause) -> bool:
        # "بیمارستان ایرانی در هرات" at an opening ceremony: the in-slot locates the hospital
        if any(t.word_end <= opener.start and self.gap(t.word_end, opener.start) <= 1 for t in self.themes):
            return False
        for hit in self.cues.get("event", []):
            if not (clause.start <= hit.start < clause.end):
                continue
            if hit.end <= opener.start and self.gap(hit.end, opener.start) <= EVENT_REACH:
                return True
            if hit.start >= mention.end and self.gap(mention.end, hit.start) <= 4:
                return True
        return False

    def _remit_of_the_two(self, mention: Mention) -> bool:
        """"Iran's ambassador to China said the two countries would ...", "سفیر ایران در چین
        گفت دو کشور ...": the remit of Iran's own envoy is the other of "the two countries" said
        after it, when the sentence names no other foreign place."""
        if mention.kind != "country" or not self._two_countries_after(mention.end):
            return False  # ("Iran's representative to the WHO said the two countries": no country)
        if any(m.kind != "home" and m.id != mention.id for m in self.mentions):
            return False
        titles = [h for h in self.structural if h.entry.id == "title" and h.end <= mention.start]
        if not titles:
            return False
        title = titles[-1]  # (the slot's opener may be the preposition after it: "ambassador to")
        # The envoy is Iran's: Iran between the title word and its remit ("سفیر ایران در X",
        # "ambassador of Iran to X") or right before the title word ("Iran's ambassador").
        return any(m.kind == "home" and (title.end <= m.start and m.end <= mention.start
                                         or m.end <= title.start and self.gap(m.end, title.start) <= 1)
                   for m in self.mentions)

    def _others_journey(self, mention: Mention, opener: Hit, clause: Clause) -> Hit | None:
        """"Afghan patients went to Pakistan for treatment", "بیماران قزاق برای پیوند به ترکیه و هند
        می رفتند": where patients go, told with a journey word (before the to-slot in English, right
        after the place in Persian, verb last), is their destination, a third party. Only when the
        patients travel (they are the journey's subject, not what is treated or sent: "medicines for
        cancer patients went to Lebanon", "doctors ... برای درمان بیماران به تاجیکستان سفر می کنند"),
        the sentence relates nobody besides ("under the agreement, patients will go to Armenia",
        "بر اساس تفاهم نامه ...، بیماران ... به مینسک سفر می کنند"), and Iran does not act in the
        clause up to there ("Iranian patients went to Armenia", "Iran will send patients to go to
        Russia", "Iran's minister: patients will go to Italy"); Iran in an opening phrase closed by a
        comma does not count when the patients have a nationality of their own ("به گفته رئیس ...
        دانشگاه علوم پزشکی شیراز، بیماران قزاق ...")."""
        group = mention.group
        travellers = [h for h in self.cues.get("traveller", []) if clause.start <= h.start and h.end <= group.start]
        if not travellers or opener is None:
            return None
        traveller = travellers[-1]
        if not JOURNEY_OBJECT_WORDS.isdisjoint(self.words(clause.start, traveller.start)[-JOURNEY_OBJECT_REACH:]):
            return None  # (the patients are treated, visited or sent to: "medicines for cancer patients")
        relating = self.cues.get("relation", []) + self.cues.get("dyad_ref", [])
        foreign = any(m.kind != "home" and (self._touching(m.end, traveller.start) or self._touching(traveller.end, m.start))
                      for m in self.mentions)  # "Afghan patients", "بیماران قزاق"
        for hit in self.cues.get("journey", []):
            if not clause.start <= hit.start < clause.end:
                continue
            if hit.entry.lang == "fa":
                told = hit.start >= group.end and self.gap(group.end, hit.start) <= JOURNEY_AFTER
            else:
                told = traveller.end <= hit.start and hit.end <= opener.start \
                    and self.gap(hit.end, opener.start) <= JOURNEY_BEFORE
            # (a relation word inside the journey is its purpose: "برای دریافت داروهای سرطان به لبنان
            # مراجعه می کنند"; سفر of the journey word is a relation word too)
            inside = traveller.end, max(hit.end, group.end)
            if not told or any(not inside[0] <= h.start < inside[1] for h in relating):
                continue
            if not any(m.start < max(hit.end, group.end)
                       and (m.start > traveller.start or not foreign or "," not in self.words(m.end, traveller.start))
                       for m in self.iran_actors(clause)):
                return hit
        return None

    def _attending(self, mention: Mention, opener: Hit, clause: Clause) -> Hit | None:
        """"to attend" a gathering right after a destination, or "برای شرکت در" one before it
        (Persian puts the purpose first), in its clause: the place is where the gathering is held.
        Only a gathering (a conference, an assembly): "to take part in the fight against cholera"
        or in talks leaves the destination a side."""
        for hit in self.cues.get("attend", []):
            if not (clause.start <= hit.start < clause.end):
                continue
            if not any(g.start >= hit.end and self.gap(hit.end, g.start) <= GATHERING_REACH
                       for g in self.cues.get("gathering", [])):
                continue
            if hit.entry.lang != "fa":
                # "to Iraq to attend a conference and sign a medicine deal": a relation after the
                # purpose makes the destination a side again
                if hit.start >= mention.group.end and self.gap(mention.group.end, hit.start) <= ATTEND_AFTER \
                        and not self._relation_between(hit.end, clause.end):
                    return hit
            elif hit.end <= opener.start and self._attended_reaches(hit.end, opener.start):
                return hit
        return None

    def _attended_reaches(self, a: int, b: int) -> bool:
        """Whether a Persian purpose ending at ``a`` ("برای شرکت در" + what is attended) reaches the
        destination opening at ``b``: no relation word between; up to ATTEND_NEAR words, or up to
        ATTEND_BEFORE for a gathering's full name ("هفتاد و یکمین اجلاس کمیته منطقه ای سازمان جهانی
        بهداشت برای مدیترانه شرقی") when no verb, theme or country stands between (not "... و انجام
        ۲۰ عمل جراحی روی کودکان", "اجلاس وزرای بهداشت ایران، عراق و سوریه": a second purpose, or a
        meeting of which the destination is a member)."""
        gap = self.gap(a, b)
        if gap > ATTEND_BEFORE or self._relation_between(a, b):
            return False
        if gap <= ATTEND_NEAR:
            return True
        return not any(a <= v.start < b for v in self.cues.get("verb_end", [])) \
            and not any(a <= t.start < b for t in self.themes) \
            and not any(a <= m.start < b and m.kind in ("country", "home") for m in self.mentions)

    # -- relations ----------------------------------------------------------------------------
    def iran_actors(self, clause: Clause) -> list[Mention]:
        """Iran's mentions that act in a clause (not a source, a title's remit, a comparison, nor
        the road others' goods take: "India sent medicines to Afghanistan via Iran's Chabahar port").

        Worked out once per clause: it reads slots and cues only, fixed once the sentence is set up.
        """
        actors = self._clause_iran.get(id(clause))
        if actors is None:
            actors = self._clause_iran[id(clause)] = [
                m for m in self.mentions if m.kind == "home" and clause.start <= m.start < clause.end
                and m is not self.dateline
                and m.slot not in ("source", "comparison", "topic", "transit") and not self._description(m)
                and not self._source_after(m)]
        return actors

    def iran_reports(self, clause: Clause) -> bool:
        """An Iranian source in a clause: "به گزارش وزارت بهداشت ایران", "according to Iran's ministry"."""
        return any(m.kind == "home" and clause.start <= m.start < clause.end and m.slot == "source"
                   for m in self.mentions)

    def decide(self, mention: Mention, iran_party: bool) -> None:
        """Give ``mention`` its role (see the module docstring)."""
        if mention.kind == "home":
            mention.decide("home")
            return
        if self.question:
            mention.decide("mentioned", "a question")  # (an interviewer's question, a headline's)
            return
        local = self.local_role(mention)
        if local:
            if local[0] == "title" and self._remit_of_the_two(mention):
                mention.decide("partner", local[1], rule="stated_with_iran")
                return
            mention.decide(*local)
            return
        clause = self.clause_of(mention.start)
        if not clause.relation:
            return  # named in a clause that states no relation: mentioned
        hole = self._hole_of(mention.start)
        if hole is not None and any(m.kind == "home" for m in mention.group.mentions) and not self._relates(*hole):
            # Listed with Iran in a parenthesis that relates nobody: "the association, which Egypt,
            # Ethiopia, Iran and the UAE joined" (fellow members, not Iran's partners). Not the
            # places a parenthesis lists for the clause around it ("... to several countries, which
            # include Iraq and Syria", "a meeting in which Iraq took part")
            mention.decide("mentioned", "listed with Iran in a parenthesis that relates nobody")
            return
        if (mention.kind == "region" or mention.slot == "in") and not clause.theme:
            mention.decide("mentioned", "no theme stated")  # "our relations with Africa"
            return
        if mention.slot == "in" and not self._tight(mention):
            mention.decide("mentioned", "only located")  # "in provinces bordering Afghanistan"
            return
        owner = self._owned_relation(mention)
        if owner is not None:  # "Baghdad's agreement with Egypt", "قرارداد عراق با مصر"
            mention.decide("third_party", f"stated with {owner.id}")
            return
        iran = self.iran_actors(clause)
        if iran:
            self._with_iran(mention, iran)
        elif iran_party:
            self._without_iran(mention, clause)

    def _actors(self, clause: Clause) -> list[Mention]:
        """The foreign places of a clause that no local cue keeps from acting.

        Worked out once per clause: it reads positions and local roles only, never the roles
        being given, and every place of the clause asks for it.
        """
        actors = self._clause_actors.get(id(clause))
        if actors is None:
            actors = self._clause_actors[id(clause)] = [
                m for m in self.mentions if m.kind != "home" and clause.start <= m.start < clause.end
                and self.local_role(m) is None]
        return actors

    def spread_blocking_roles(self) -> None:
        """A place that is an adversary (or negated ...) in a clause is so wherever the clause
        names it again: "lashed out at his U.S. counterpart ... the team at the White House"."""
        for clause in self.clauses:
            blocked: dict[str, Mention] = {}
            for mention in self.mentions:
                if clause.start <= mention.start < clause.end and mention.role in ("adversary", "negated"):
                    blocked.setdefault(mention.id, mention)
            for mention in self.mentions:
                first = blocked.get(mention.id)
                if first is not None and mention.role == "partner" and clause.start <= mention.start < clause.end \
                        and self._failure_reaches(first, mention):
                    mention.role, mention.cue, mention.cue_kind, mention.rule = first.role, first.cue, first.cue_kind, ""

    def _failure_reaches(self, failed: Mention, mention: Mention) -> bool:
        """A failed plan's place negates the same place named again only later in its phrase, with
        no "and" or comma between: "a visit to Nouakchott, which had been scheduled for January, was
        cancelled after the Mauritanian side withdrew", not "a US proposal to restrict exports to
        Syria was rejected, and Iranian shipments to Damascus continue" (other blocking roles spread
        across the clause)."""
        if failed.cue_kind != "plan_failed":
            return True
        if mention.start < failed.end:
            return False
        between = self._outside_holes(self._segments_outside_holes(failed.end, mention.start))
        return not ({",", "and", "و"} & set(between))

    def _tight(self, mention: Mention) -> bool:
        """A place right after its "in" (only fillers or theme words between): Iran's work there."""
        skipped = self.themes + [h for h in self.structural if h.entry.id == "inclusion"
                                 or h.entry.id == "comparison" and self.lists_members(h)]
        # ("در بیمارستان‌های عراق", "در کشورهایی مانند لبنان")
        between = self._without(mention.opener.end, mention.group.start, skipped)
        return set(between.split()) <= IN_SLOT_FILLERS | GROUP_FILLERS

    def _with_iran(self, mention: Mention, iran: list[Mention]) -> None:
        slot = mention.slot
        if any(i.group is mention.group for i in iran):
            if slot in CORE_SLOTS or slot == "between":
                mention.decide("partner", rule="iran_and_partner")
            else:  # "counterparts from Iraq, Iran and Cuba", "in Iran and Serbia"
                mention.decide("third_party", "listed with Iran")
        elif slot in OBJECT_SLOTS | {"in"} and any(
                i.slot == slot and self._listed_with(mention, i)
                and (slot in ("with", "from") or self._tight(mention) and self._tight(i))
                for i in iran):
            # "counterparts from Iraq, Syria, Iran and Cuba"; "in Iran, Serbia and later in Italy";
            # "Cuba exported vaccines to Venezuela and transferred the technology to Iran"
            mention.decide("third_party", "listed with Iran")
        else:
            mention.decide("partner", rule="stated_with_iran")

    def _owned_relation(self, mention: Mention) -> Mention | None:
        """The other side of a relation noun that a foreign place owns, when ``mention`` is that
        owner or the place after its "with": "Baghdad's recent agreement with Egypt" (English: the
        owner, 's and at most two words before the noun), "قرارداد عراق با مصر" (Persian: the owner
        right after the noun). Neither is Iran's partner, whatever the sentence says of Iran
        ("... could hurt Iranian exporters"). Not Iran's own ("Iran's agreement with Egypt"), nor one
        Iran is a side of ("Iran and Iraq's cooperation with Syria", "with Syria as well as with
        Iran"); and the owner stays free when the sentence relates it to Iran after another "with"
        ("Iraq's ties with Turkey will not affect its cooperation with Iran")."""
        for owner, other in self._owned_relations():
            if mention is owner:  # (the owner itself, not a list it ends: "Iran ... with Iraq, and Turkey's talks")
                # The owner may relate to Iran elsewhere in the sentence: "Iraq's ties with Turkey will
                # not affect its cooperation with Iran", "... همکاری های این کشور با ایران"
                return None if self._iran_after_with() else other
            if mention.group is other.group:
                return owner
        return None

    def _owned_relations(self) -> list[tuple[Mention, Mention]]:
        """(owner, the first place after its "with") of each relation noun a foreign place owns
        (see :meth:`_owned_relation`), in the order of the with-cues. Worked out once per sentence:
        it reads positions, groups, kinds and cues only, never the roles being given, and every
        place of the sentence asks for it."""
        if self._owned is not None:
            return self._owned
        self._owned = []
        for opener in self.cues.get("with", []):
            if opener.entry.term not in ("with", "با"):
                continue
            owner = self._owner_before(opener)
            if owner is None or owner.kind == "home":
                continue
            other = next((m for m in self.mentions if m.kind != "home" and (
                self._touching(opener.end, m.group.start) or self.words(opener.end, m.group.start) == ["the"])), None)
            if other is None or other.group is owner.group \
                    or any(m.kind == "home" for m in other.group.mentions + owner.group.mentions) \
                    or self._iran_with_too(other):
                continue  # (nor "Syria's cooperation with Iraq and Iran", "Iran and Iraq's cooperation with
                # Syria", "... with Syria as well as with Iran", "با سوریه و همچنین با ایران")
            self._owned.append((owner, other))
        return self._owned

    def _iran_with_too(self, other: Mention) -> bool:
        """Iran in a second with-slot joined to ``other``'s: "with Syria as well as with Iran", "با سوریه و
        همچنین با ایران"."""
        for opener in self.cues.get("with", []):
            if opener.start >= other.group.end and set(self.words(other.group.end, opener.start)) <= WITH_TOO \
                    and any(m.kind == "home" and self._touching(opener.end, m.group.start) for m in self.mentions):
                return True
        return False

    def _iran_after_with(self) -> bool:
        """Iran named right after a "with" / با of the sentence: a side of a relation it states."""
        return any(m.kind == "home" and any(self._touching(w.end, m.group.start) for w in self.cues.get("with", []))
                   for m in self.mentions)

    def _owner_before(self, opener: Hit) -> Mention | None:
        """The place that owns the relation noun before a "with": "Baghdad's (recent) agreement
        with" (the owner, 's and at most two words, the noun touching "with"), "قرارداد عراق با"
        (the owner between the noun and با)."""
        relations = self.cues.get("relation", [])
        if opener.entry.lang == "fa":
            return next((m for m in self.mentions if self._touching(m.end, opener.start)
                         and any(self._touching(r.word_end, m.start) for r in relations)), None)
        noun = next((r for r in relations if self._touching(r.word_end, opener.start)), None)
        if noun is None:
            return None
        for m in self.mentions:
            if m.end <= noun.start:
                between = self.words(m.end, noun.start)
                if between and between[0] == "s" and len(between) <= 3 and not self._relation_between(m.end, noun.start):
                    return m
        return None

    def _acts_for_the_pair(self, mention: Mention, clause: Clause) -> bool:
        """An organization, alone as the subject, whose relation reaches "the two countries" after it,
        where the sentence names the pair as Iran and one other country: "Iran and Pakistan agreed
        on polio rounds, while the World Health Organization's offices in the two countries will
        provide technical support", "ایران و افغانستان توافق کردند و یونیسف واکسن مورد نیاز دو
        کشور را تامین می کند". Not a country (it may be one of the pair itself); not when the
        sentence names another pair ("Saudi Arabia and Egypt signed a deal, and Gavi will fund it
        in both countries") or Iran not at all (the pair of another sentence may be anyone's); not in
        a parenthesis ("UNRWA, which runs clinics in both countries, ...") nor a negated clause, nor
        one whose verb does nothing with the pair (kind no_act: calls for, praises, reviews)."""
        if mention.kind != "organization" or self._hole_of(mention.start) is not None:
            return False
        pair = next((d for d in self.cues.get("dyad_ref", []) if mention.group.end <= d.start < clause.end
                     and self._hole_of(d.start) is None), None)
        if pair is None or not any(m.kind == "home" and m.start < pair.start for m in self.mentions):
            return False
        others = {m.id for m in self.mentions if m.kind not in ("home", "organization") and m.start < pair.start}
        if len(others) != 1:
            return False
        negations = [h for kind in ("negation", "negation_after", "denial", "no_act") for h in self.cues.get(kind, [])]
        if any(clause.start <= h.start < clause.end for h in negations):
            return False  # (nor one that only calls for, praises or reviews: "خواستار گسترش همکاری های دو کشور شد")
        return self._relates(mention.group.end, clause.end)

    def _travellers_from(self, origin: Mention, destination: Mention) -> bool:
        """"Patients from Iraq also travel to India": the from-place qualifies who travels, some
        words before the to-slot, or sends ("exports from India to Afghanistan"); not a route,
        "travelled from Baghdad to Damascus", whose traveller may be Iran's."""
        end, to = origin.group.end, destination.opener.start
        if end > to:
            return False
        # "exports from India to Afghanistan", "صادرات دارو از هند به افغانستان": the sender's goods
        return bool(self.words(end, to)) or any(self._touching(r.word_end, origin.opener.start)
                                                for r in self.cues.get("relation", []) + self.themes)

    def _listed_with(self, mention: Mention, iran: Mention) -> bool:
        """Whether a place of Iran's slot stands beside Iran rather than opposite it: a list's comma
        or "and" between them ("from Iraq, Syria, Iran and Cuba", "in Iranian hospitals and in
        Turkish hospitals"), else no relation word between ("to Iran for treatment more than to
        Turkey") and Iran no theme's owner ("a delegation from Oman toured Iranian hospitals");
        "a delegation from Iraq met experts from Iran" is a relation between them."""
        first, second = sorted((mention.group, iran.group), key=lambda g: g.start)
        if not self._no_list_mark(first.end, second.start):
            return True
        return not self._relation_between(first.end, second.start) and not self._owner_of_theme(iran)

    def _owner_of_theme(self, iran: Mention) -> bool:
        """Iran named as the owner of a theme noun ("Iranian hospitals", "بیمارستان های ایران"),
        not as an item of a slot's list: "a delegation from Oman toured Iranian hospitals" lists
        nothing with Oman (while "from Iraq, Syria, Iran and Cuba" does)."""
        adjective = self.form[iran.start:iran.end].endswith("ian")
        for theme in self.themes:
            if adjective and self._touching(iran.end, theme.start):
                return True  # "Iranian hospitals"
            if theme.entry.lang == "fa" and theme.word_end <= iran.start \
                    and set(self.words(theme.word_end, iran.start)) <= SUFFIX_WORDS:
                return True  # Persian puts the owner after: "بیمارستان های ایران", "پزشکان ایرانی"
        return False

    def _touching(self, a: int, b: int) -> bool:
        """Offset ``b`` right after ``a``, no word between."""
        return b >= a and not self.words(a, b)

    def _without_iran(self, mention: Mention, clause: Clause) -> None:
        slot = mention.slot
        others = [m for m in self._actors(clause) if m.group is not mention.group]
        if slot in CORE_SLOTS and slot != "relation":
            if self._export_destination(mention, clause):
                # "عراق و افغانستان مهم ترین مقاصد آن بودند", "Iraq and Syria were the main destinations":
                # where the exports the sentence tells of (no foreign place owns them) went
                mention.decide("partner", rule="implicit_iran")
                return
            sides = [m for m in others if m.slot in OBJECT_SLOTS or m.slot == "agent" and slot != "agent"]
            # (A subject with no other side named stays a mention: "Pakistan and Türkiye also
            # sent aid to the region" reports what others did, not Iran's cooperation.)
            if sides:  # "Russia agreed with Serbia", "Kenya's programme is financed by the Global Fund"
                mention.decide("third_party", f"stated with {sides[0].id}")
                return
            # "Turkey and Russia signed a vaccine deal": two foreign places as the subject of a
            # relation word with no other side are each other's sides (not "Pakistan and
            # Afghanistan are the only countries where polio circulates": a theme, no relation)
            fellows = [m for m in mention.group.mentions if m.id != mention.id and m.kind != "home"]
            if not fellows and self._acts_for_the_pair(mention, clause):
                mention.decide("partner", rule="implicit_iran")
                return
            if fellows and not any(m.slot in OBJECT_SLOTS for m in others) and any(
                    clause.start <= r.start < clause.end and self._word_before(r.start, clause.start) not in DEMONSTRATIVES
                    for r in self.cues.get("relation", [])):  # ("at that meeting": the setting)
                mention.decide("third_party", f"stated with {fellows[0].id}")
            return
        if slot not in OBJECT_SLOTS and slot != "relation":
            return
        # "Russia agreed with Spain": Spain is Russia's partner; "patients from Iraq travel to
        # Turkey": from one place to another, with Iran no side, is the first place's relation
        subjects = [m for m in others if m.opener is not mention.opener and (
            m.slot in CORE_SLOTS or slot == "to" and m.slot == "from" and self._travellers_from(m, mention)
            or slot == "from" and m.slot == "to" and self._travellers_from(mention, m))]
        if subjects:
            mention.decide("third_party", f"stated with {subjects[0].id}")
        else:
            mention.decide("partner", rule="implicit_iran")


_SLOT_WORDS = frozenset({"در", "in", "at", "به", "to", "از", "from", "با", "with", "of", "the"})


def _second_verb(words: list[str]) -> bool:
    """Whether "and" opens a second predicate among ``words``: a word in -ed or -ing right after it
    ("bought medical equipment and hired doctors", "and training nurses"), not a second good
    ("raw materials and medical devices", "insulin, heparin and other medicines").

    >>> _second_verb(["medical", "equipment", "and", "hired", "doctors"]), _second_verb(["insulin", ",", "heparin", "and", "other", "medicines"])
    (True, False)
    """
    return any(word == "and" and following.endswith(("ed", "ing")) for word, following in zip(words, words[1:]))


def _breaks_adversary(between: list[str]) -> bool:
    """Whether the words between a place and an adversary word after it end the place's phrase.

    >>> _breaks_adversary(["under", "a", "saudi", "led"]), _breaks_adversary(["despite"]), _breaks_adversary(["under", "trump"])
    (True, True, False)
    """
    return not ADVERSARY_BREAKS.isdisjoint(between) or any(
        word == "under" and following in ("a", "an", "the") for word, following in zip(between, between[1:]))


def _describes(between: list[str]) -> bool:
    """Whether the words between a describing word and a place let it describe the place: a few
    fillers and prepositions ("residing in", "the outbreak of COVID in")."""
    return len(between) <= DESCRIPTION_BEFORE and all(w in GROUP_FILLERS or w in _SLOT_WORDS or w in DIRECTIONS
                                                      for w in between)


def iran_is_party(sentences: Iterable[SentenceRelations]) -> bool:
    """Whether Iran acts somewhere in the article, or an Iranian source reports it ("according
    to Iran's health ministry"): only then may a clause that names no side leave Iran implied.
    A comparison or a description does not count.

    An article in which Iran does not act (Syria's minister meets Iraq's; "the Iran-backed
    Houthis" seize WHO aid) yields no partner at all.
    """
    return any(sentence.iran_actors(clause) or sentence.iran_reports(clause)
               for sentence in sentences for clause in sentence.clauses)


def drop_partners_without_health(sentences: list[SentenceRelations], themed: set[str]) -> None:
    """A partner that no theme reached stays one only if a sentence naming it as a partner
    speaks of health: "Iranian and American negotiators held talks in Muscat on the nuclear
    deal" makes no health partner."""
    for pid in {m.id for s in sentences for m in s.mentions if m.role == "partner"} - themed:
        mentions = [(s, m) for s in sentences for m in s.mentions if m.id == pid and m.role == "partner"]
        if not any(s.health for s, _ in mentions):
            for _, mention in mentions:
                mention.decide("mentioned", "no health content")


def assign_roles(sentences: list[SentenceRelations]) -> None:
    """Give every mention of the article its role; then a neutral mention of a place that is
    a partner elsewhere in the article becomes a partner too (rule ``same_partner``), so
    that the themes stated beside it reach it."""
    party = iran_is_party(sentences)
    for sentence in sentences:
        for mention in sentence.mentions:
            sentence.decide(mention, party)
        sentence.spread_blocking_roles()
    partners = {m.id for s in sentences for m in s.mentions if m.role == "partner"}
    for sentence in sentences:
        for mention in sentence.mentions:
            if mention.role == "mentioned" and not mention.cue and mention.id in partners:
                mention.decide("partner", rule="same_partner")


__all__ = ["BLOCKING_ROLES", "Clause", "Group", "Mention", "ROLES", "SentenceRelations", "assign_roles",
           "drop_partners_without_health", "iran_is_party"]
