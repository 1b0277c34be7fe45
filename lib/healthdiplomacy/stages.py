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
places and themes (:mod:`healthdiplomacy.tagging`); this module resolves the
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
from dataclasses import dataclass
from pathlib import Path

import pandas as pd

from .codebook import (STAGE_CODE_COLUMNS, STAGE_MODIFIERS, Codebook, CodebookError, StageBook, load_stage_codes,
                       load_stage_terms, load_stagebook, shipped_path)
from .matching import Hit, Term

STAGE_COLUMNS = ["article_id", "partner_id", "stage", "cameo_code", "evidence", "terms"]
CODE_COLUMNS = STAGE_CODE_COLUMNS
MODIFIERS = STAGE_MODIFIERS
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


@dataclass
class StageCue:
    """A stage cue of a sentence after its modifiers: the ``stage`` it stands for and the terms."""

    hit: Hit
    stage: str
    terms: tuple[str, ...]


def resolve_stage_cues(form: str, hits: list[Hit], book: StageBook) -> list[StageCue]:
    """The stage cues of one sentence with their modifiers applied (negated ones dropped).

    ``form`` is the text the hits point into (the tagger's match form); ``hits``
    are the sentence's stage-term hits.

    >>> from healthdiplomacy.matching import TermMatcher, match_form
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
            if hit.entry.id in MODIFIERS:
                self.modifiers.setdefault(hit.entry.id, []).append(hit)

    def run(self) -> list[StageCue]:
        stages = set(self.book.order)
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
    return hit.entry.id if hit.entry.id in MODIFIERS else "cue"


def stage_rows(article_id: str, found: Mapping[tuple[str, str], dict], book: StageBook,
               quote) -> list[dict]:
    """Rows (:data:`STAGE_COLUMNS`) from (partner, stage) -> {"sentences", "terms"}, sorted by
    partner then stage order; ``quote`` turns sentence indexes into the evidence text."""
    rank = {s: i for i, s in enumerate(book.order)}
    return [{"article_id": article_id, "partner_id": pid, "stage": stage,
             "cameo_code": book.code(stage)["cameo_code"], "evidence": quote(slot["sentences"]),
             "terms": "; ".join(sorted(slot["terms"]))}
            for (pid, stage), slot in sorted(found.items(), key=lambda kv: (kv[0][0], rank[kv[0][1]]))]


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


def stage_table(articles: pd.DataFrame | Iterable[Mapping], tagging=None,
                codebook: Codebook | str | None = None) -> pd.DataFrame:
    """Stage rows for a corpus (:data:`STAGE_COLUMNS`): those of its tagging (run here if not given).

    >>> from healthdiplomacy import load_corpus
    >>> table = stage_table(load_corpus())
    >>> sorted(table.loc[table.article_id.str.startswith("003"), "stage"])
    ['intent', 'talks']
    """
    if tagging is None:
        from .tagging import tag_articles  # lazy: the tagger imports this module

        tagging = tag_articles(articles, codebook)
    return tagging.stages


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
