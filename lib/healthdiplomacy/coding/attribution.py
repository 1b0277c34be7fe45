"""Attribution: the partner a theme or a stage cue is stated for, and the rule that says so.

Runs after the relation step (:mod:`healthdiplomacy.coding.relation`) has given every
place its role; themes and stage cues go to partners by the same rules, first that
applies (the link's ``rule``):

* ``stated_for``: the hit is directly followed by a place, after a preposition
  ("Ebola control in West African countries", "medicines to Iraq"); themes chained to
  it by "and"/commas go with it;
* ``nearest_in_clause``: else the nearest group of places before it, else after it, in
  the same clause (Persian puts the partner last);
* ``listed_together``: the other places of the same slot share it ("exports of medicine
  to Iraq, Afghanistan, ... and Ghana");
* a hit stated for a non-partner (an adversary, a third party, a comparison ...) is
  dropped there; one in Iran's genitive ("Iran's hospitals") goes to nobody;
* a hit in a clause that names no place goes to the partners of its sentence
  (``same_sentence``), else of the last sentence that named one (``previous_sentence``),
  else to the article's only partner (``single_partner_article``) or the title's
  (``title_partner``).

>>> from healthdiplomacy import Tagger, load_codebook
>>> links, _ = Tagger(load_codebook()).tag("a", "", "Iran sent medicines to Iraq and vaccines to Syria.")
>>> sorted((r["partner_id"], r["theme_id"], r["rule"]) for r in links)
[('IQ', 'medicine', 'stated_for'), ('SY', 'vaccines', 'stated_for')]
"""

from __future__ import annotations

from .matching import Hit
from .relation import BLOCKING_ROLES, CONNECTORS, Group, Mention, SentenceRelations

# How a theme reached its partner, strongest first (a link keeps its strongest).
THEME_RULES = ("stated_for", "nearest_in_clause", "listed_together", "same_sentence", "previous_sentence",
               "single_partner_article", "title_partner", "no_theme_stated")
THEME_RULE_RANK = {rule: rank for rank, rule in enumerate(THEME_RULES)}  # (a dict look-up, not a list scan)

# Words that may link a theme to the place it is stated for ("ابولا در کشورهای غرب آفریقا",
# "medicines to Iraq"); at least one preposition must be there.
LOCAL_PREPOSITIONS = frozenset({"در", "به", "با", "بین", "میان", "برای", "از", "to", "in", "for", "with",
                                "from", "into", "between"})
# Words that may stand between that preposition and the place: "to the people of Syria".
PLACE_WORDS = frozenset({"the", "of", "کشور", "کشورهای", "countries", "country", "جمهوری", "republic",
                         "مردم", "people", "دولت", "government"})
# Words between a theme or stage cue and the place it is stated for ("signed an agreement on
# medicines with China"); no comma and no "and" may stand there (a new item or clause).
LOCAL_REACH = 10
LOCAL_STOPS = frozenset({",", "و", "and"})
# The roles that make a group a theme's target: a partner takes it, a blocking role keeps it.
TARGET_ROLES = BLOCKING_ROLES | {"partner"}


class Attribution:
    """The attribution of one article's themes and stage cues, over its sentences' relations."""

    def __init__(self, form: str, views: list[SentenceRelations], has_title: bool):
        self.form, self.views, self.has_title = form, views, has_title
        # Per clause (by id; the views outlive this object): its groups and item breaks. They
        # depend on positions only, not on roles, and every theme and stage cue of the clause
        # asks for them.
        self._clause_parts: dict[int, tuple[list[Group], list[int]]] = {}
        # Per clause, its groups a hit may be stated for (see _target), and per sentence where a hit
        # goes that its clause states for no place (see _fallback_partners): both read the roles,
        # which stay as they are while the themes, or the stage cues, are given out, and each
        # sentence has several of them to give. roles_changed() forgets them.
        self._targets: dict[int, list[Group]] = {}
        self._fallbacks: dict[int, tuple[list[str], str]] = {}

    def roles_changed(self) -> None:
        """Forget what was read off the roles: some changed since (the caller says so)."""
        self._targets.clear()
        self._fallbacks.clear()

    def words_between(self, a: int, b: int) -> list[str]:
        return self.form[a:b].split()

    def themes(self) -> dict:
        """(partner_id, theme_id) -> {"sentences": set, "terms": set, "rule": str} for every theme."""
        bound: dict[tuple[str, str], dict] = {}
        for view in self.views:
            # A theme right before an organization's acronym is part of its name ("... برای
            # اپیدمی (CEPI)": the name is Persian, the codebook knows the acronym).
            # (Most sentences name no acronym: their themes are kept as they are.)
            acronyms = [m for m in view.mentions if m.kind == "organization" and m.hit.entry.case_sensitive]
            themes = [t for t in view.themes if not self._names_organization(acronyms, t)] if acronyms \
                else view.themes
            chained: dict[int, tuple[Group, str]] = {}
            # Right to left, so a theme chained to a following theme shares its place.
            for i in range(len(themes) - 1, -1, -1):
                theme = themes[i]
                following = chained.get(i + 1)
                if following and following[1] == "stated_for" and \
                        set(self.words_between(theme.word_end, themes[i + 1].start)) <= CONNECTORS \
                        and self._stated_locally(themes[i + 1], following[0]):
                    target = following
                else:
                    target = self._target(view, theme)
                if target is not None:
                    chained[i] = target
                for pid, rule in self.partners_for(view, theme, target, chained_ok=True):
                    self._bind(bound, pid, theme, view.index, rule)
        return bound

    def partners_for(self, view: SentenceRelations, hit: Hit,
                      target: tuple[Group, str] | None | bool = False,
                      chained_ok: bool = False) -> list[tuple[str, str]]:
        """The (partner, rule) pairs a theme or stage cue goes to: its clause's target group
        and the groups of the same slot, or, with no place in its clause, the fallback."""
        if target is False:
            target = self._target(view, hit)
        if target is None:
            if self._iran_own(view, hit):
                return []  # "Iran's universities of medical sciences": Iran's, not the partner's
            partners, rule = self._fallback_partners(view.index)
            return [(pid, rule) for pid in partners]
        group, rule = target
        if group.blocking:  # stated for a non-partner (an adversary, a third party ...): dropped here,
            return self._origin_partners(view, group, rule)  # unless the goods' origin is a partner
        pairs = [(pid, rule) for pid in group.partner_ids()]
        for other in self._same_slot(view, group):
            pairs += [(pid, "listed_together") for pid in other.partner_ids()]
        return pairs

    @staticmethod
    def _origin_partners(view: SentenceRelations, group: Group, rule: str) -> list[tuple[str, str]]:
        """A theme stated for goods' origin goes to that place when its sentence also names it as a
        partner: "Iran and Russia will produce the Russian-made vaccine", "Iran will supply medicines
        to Venezuela, while Venezuelan-made supplies will be shipped to Iran" (the goods are the
        partner's side); "Iran imported Chinese-made ventilators" gives it to nobody."""
        if any(m.role != "origin_or_transit" for m in group.mentions):
            return []
        origins = {m.id for m in group.mentions}
        return [(pid, rule) for pid in sorted({m.id for m in view.mentions if m.role == "partner" and m.id in origins})]

    def _target(self, view: SentenceRelations, hit: Hit) -> tuple[Group, str] | None:
        """The group a hit is stated for in its clause: the one right after it (with a
        preposition), else the nearest before it, else the nearest after it."""
        clause = view.clause_of(hit.start)
        parts = self._clause_parts.get(id(clause))
        if parts is None:
            parts = self._clause_parts[id(clause)] = (
                [g for g in view.groups if clause.start <= g.start < clause.end], self._breaks(view, clause))
        in_clause, breaks = parts
        # A partner in it, or a blocking role (Group.blocking: no partner and such a role).
        groups = self._targets.get(id(clause))
        if groups is None:
            groups = self._targets[id(clause)] = [g for g in in_clause
                                                  if any(m.role in TARGET_ROLES for m in g.mentions)]
        if not groups:
            return None
        local = self._local_group(hit, groups)
        if local is not None:
            return local, "stated_for"
        nearest = self._backward(hit, groups, breaks) or self._forward(hit, groups, breaks)
        return (nearest, "nearest_in_clause") if nearest is not None else None

    @staticmethod
    def _bind(bound: dict, pid: str, theme: Hit, index: int, rule: str) -> None:
        key = (pid, theme.entry.id)
        slot = bound.get(key)
        if slot is None:  # (not setdefault: it would build two sets on every call)
            slot = bound[key] = {"sentences": set(), "terms": set(), "rule": rule}
        slot["sentences"].add(index)
        slot["terms"].add(theme.entry.term)
        if THEME_RULE_RANK[rule] < THEME_RULE_RANK[slot["rule"]]:
            slot["rule"] = rule

    def _iran_own(self, view: SentenceRelations, theme: Hit) -> bool:
        """A theme in Iran's genitive: "Iran's hospitals", "Iranian doctors", "پزشکان ایرانی"."""
        for mention in view.mentions:
            if mention.kind != "home":
                continue
            before = self.words_between(mention.end, theme.start)
            if mention.end <= theme.start and (not before or before == ["s"]):
                return True
            # Persian puts the adjective after: "پزشکان ایرانی" (but "... ایران" may be an object)
            if mention.start >= theme.word_end and not self.words_between(theme.word_end, mention.start) \
                    and self.form[mention.start:mention.end].endswith("ی"):
                return True
        return False

    def _names_organization(self, acronyms: list[Mention], theme: Hit) -> bool:
        """Whether an organization's acronym (of ``acronyms``: its sentence's) follows the theme."""
        return any(m.start >= theme.word_end and not self.words_between(theme.word_end, m.start) for m in acronyms)

    def _breaks(self, view: SentenceRelations, clause) -> list[int]:
        return [c.start for c in view.cues.get("clause_head", [])
                if clause.start <= c.start < clause.end and self._opens_item(c.start, clause.start)]

    def _opens_item(self, position: int, clause_start: int) -> bool:
        before = self.form[clause_start:position].rstrip(" ")
        if not before or before.endswith("\n"):
            return True
        last = before.rsplit(None, 1)[-1]
        return last in (",", "و", "and")

    @staticmethod
    def _same_slot(view: SentenceRelations, group: Group) -> list[Group]:
        """The other partner groups of a group's prepositional slot: one list, one theme."""
        opener = group.mentions[0].opener
        if opener is None or group.mentions[0].slot not in ("with", "to", "from", "between"):
            return []
        return [g for g in view.groups if g is not group and g.mentions[0].opener is opener and g.partner_ids()]

    def _stated_locally(self, theme: Hit, group: Group) -> bool:
        return group.start >= theme.end and self._local_gap_ok(theme.word_end, group.start)

    def _local_gap_ok(self, a: int, b: int) -> bool:
        """The words from a hit to a place say the hit is stated for it: they end in a
        preposition (then only place words), within :data:`LOCAL_REACH`, with no comma or "and"."""
        words = self.words_between(a, b)
        if len(words) > LOCAL_REACH or not LOCAL_STOPS.isdisjoint(words):
            return False
        while words and words[-1] in PLACE_WORDS:
            words.pop()
        return bool(words) and words[-1] in LOCAL_PREPOSITIONS

    def _local_group(self, theme: Hit, groups: list[Group]) -> Group | None:
        following = next((g for g in groups if g.start >= theme.word_end), None)
        if following and self._local_gap_ok(theme.word_end, following.start):
            return following
        return None

    @staticmethod
    def _break_between(a: int, b: int, breaks: list[int]) -> bool:
        return any(a <= x < b for x in breaks)

    def _backward(self, theme: Hit, groups: list[Group], breaks: list[int]) -> Group | None:
        before = [g for g in groups if g.end <= theme.start]
        if before and not self._break_between(before[-1].end, theme.start, breaks):
            return before[-1]
        return None

    def _forward(self, theme: Hit, groups: list[Group], breaks: list[int]) -> Group | None:
        after = [g for g in groups if g.start >= theme.end]
        if after and not self._break_between(theme.end, after[0].start, breaks):
            return after[0]
        return None

    def _fallback_partners(self, index: int) -> tuple[list[str], str]:
        """Where a theme goes that its clause states for no place (in sentence ``index``)."""
        found = self._fallbacks.get(index)
        if found is None:
            found = self._fallbacks[index] = self._fallback(index)
        return found

    def _fallback(self, index: int) -> tuple[list[str], str]:
        views = self.views
        own = _partners_in(views[index])
        if own:
            return own, "same_sentence"
        for view in reversed(views[:index]):
            found = _partners_in(view)
            if found:
                # A sentence about one partner (or one list of them) hands its themes on; of
                # several, the one its subject names ("WHO's representative said ...; we support").
                groups = {id(m.group): m.group for m in view.mentions if m.role == "partner"}
                subjects = [g for g in groups.values() if g.mentions[0].slot in ("subject", "agent")]
                if len(groups) == 1 or len(subjects) == 1:
                    group = next(iter(groups.values())) if len(groups) == 1 else subjects[0]
                    return group.partner_ids(), "previous_sentence"
                break
        partners = sorted({m.id for v in views for m in v.mentions if m.role == "partner"})
        if len(partners) == 1:
            return partners, "single_partner_article"
        if self.has_title:
            in_title = _partners_in(views[0])
            if len(in_title) == 1:
                return in_title, "title_partner"
        return [], ""


def _partners_in(view: SentenceRelations) -> list[str]:
    return sorted({m.id for m in view.mentions if m.role == "partner"})


__all__ = ["Attribution", "LOCAL_PREPOSITIONS", "LOCAL_REACH", "THEME_RULES"]
