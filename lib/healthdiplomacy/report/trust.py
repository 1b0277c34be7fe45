"""The report's "How far to trust these numbers" section.

The tagger's links are scored against reference labels with
:mod:`healthdiplomacy.results.validation` - the same sets and formulas as the
project's reference scorer (``score_tags.py``) - and shown in the edition's
language: precision / recall / F1 at the partner and triple level, Cohen's
kappa per theme, and every disagreement with the sentence the tagger quoted.
Only the gold articles that the corpus holds count, so a corpus that shares
no article with the labels gets a plain note on how to supply some, not a
table of zeros.

>>> from healthdiplomacy.report.i18n import Strings
>>> from healthdiplomacy.results.validation import parse_gold
>>> from healthdiplomacy.results.tables import example_links
>>> gold = parse_gold({"a2": {"partners": {"iraq": {"must": ["medicine", "research"]}}}})
>>> section = TrustSection(example_links(), ["a1", "a2", "a3"], gold, "gold.yaml", Strings("en"))
>>> section.covered, section.score.summary_line()
(1, 'partners P=0.50 R=1.00 F1=0.67 | triples P=0.50 R=0.50 F1=0.50 | articles=1')
"""

from __future__ import annotations

import dataclasses
import re
from collections.abc import Iterable
from pathlib import Path

import pandas as pd

from .i18n import Strings
from ..results.tables import capped_quote, partner_names, theme_names, theme_order
from ..results.validation import GOLD_SEEDS, Gold, Score, load_accuracy, load_gold, score_links

LEVELS = ("partners", "triples")
# The file name goes into Markdown: anything but letters, digits, "._-" could be markup.
_UNSAFE_NAME = re.compile(r"[^\w.\-]")


def covering(gold: Gold, article_ids: Iterable[str]) -> Gold:
    """``gold`` without the articles that are not in the corpus.

    A label for an article that was never read is not the tagger's miss.

    >>> from healthdiplomacy.results.validation import parse_gold
    >>> gold = parse_gold({"a": {"partners": {"IQ": {}}}, "b": {"partners": {"TR": {}}}})
    >>> sorted(covering(gold, ["b", "c"]).pairs_must)
    [('b', 'TR')]
    """
    ids = {str(a) for a in article_ids}
    keep = lambda items: frozenset(i for i in items if i[0] in ids)  # noqa: E731
    return Gold(gold.articles & ids, keep(gold.pairs_must), keep(gold.pairs_ok),
                keep(gold.triples_must), keep(gold.triples_ok))


@dataclasses.dataclass
class TrustSection:
    """Score ``links`` against the labels in ``gold`` and render the section in ``strings``' language.

    ``gold`` is a path (default: the seeds' labels) or a :class:`Gold`;
    ``gold_name`` is what the text calls the file. Each ``*_parts`` method
    returns what a notebook cell shows (``display(*parts)``): nothing when the
    corpus has no labelled article, except :meth:`coverage_parts`, which then
    explains how to supply labels.
    """

    links: pd.DataFrame
    article_ids: list[str]
    gold: Gold | str | Path = GOLD_SEEDS
    gold_name: str | None = None
    strings: Strings = dataclasses.field(default_factory=Strings)
    themes: pd.DataFrame | None = None

    def __post_init__(self):
        # The seeds' labels are those of the articles the rules were written on: say so.
        self.development = not isinstance(self.gold, Gold) and Path(self.gold).resolve() == GOLD_SEEDS.resolve()
        if not isinstance(self.gold, Gold):
            self.gold_name = self.gold_name or Path(self.gold).name
            self.gold = load_gold(self.gold)
        self.gold_name = safe_name(self.gold_name or "gold")
        self.article_ids = [str(a) for a in self.article_ids]
        self.gold = covering(self.gold, self.article_ids)
        self.covered = len(self.gold.articles)
        self.score: Score | None = score_links(self.links, self.gold) if self.covered else None

    def coverage_parts(self) -> list:
        """How many articles the labels cover, or, with none, how to supply labels."""
        s, name = self.strings, self.gold_name
        if self.score is None:
            return [s.markdown("trust.no_gold", gold=name),
                    _html(f'<pre class="hd-gold-format" dir="ltr" lang="en">'
                          f'{_escape(s("trust.gold_format"))}</pre>')]
        return [s.markdown("trust.coverage", gold=name, covered=self.covered,
                           total=len(set(self.article_ids)))]

    def score_parts(self) -> list:
        """Precision, recall and F1 per level (with the development-data caveat for the
        seeds' labels), then the counts behind them, ``may`` links apart."""
        if self.score is None:
            return []
        s = self.strings
        caveat = [s.markdown("trust.development")] if self.development else []
        return [*caveat, s.markdown("trust.scores"),
                _html(f'<div class="hd-trust" id="trust-scores">'
                      f'{s.table(score_table(self.score), translate={"level": "trust.level"}, decimals=2)}'
                      "</div>"),
                s.markdown("trust.counts"),
                _html(f'<div class="hd-trust" id="trust-counts">'
                      f'{s.table(self.score.counts, translate={"level": "trust.level"})}</div>')]

    def accuracy_parts(self) -> list:
        """The accuracy measured on every labelled set, with its role (development or held out)."""
        s = self.strings
        return [s.markdown("trust.accuracy"),
                _html(f'<div class="hd-trust" id="trust-accuracy">'
                      f'{s.table(load_accuracy(), translate={"role": "trust.role"}, decimals=2)}</div>')]

    def kappa_parts(self) -> list:
        """Cohen's kappa per theme."""
        if self.score is None:
            return []
        table = kappa_table(self.score, self.strings.lang, self.themes)
        return [self.strings.markdown("trust.kappa"),
                _html(f'<div class="hd-trust" id="trust-kappa">{self.strings.table(table, decimals=2)}</div>')]

    def disagreement_parts(self) -> list:
        """Every disagreement, with the quoted evidence."""
        from .evidence import disagreements_html

        if self.score is None:
            return []
        table = disagreement_table(self.score, self.links, self.strings.lang, self.themes)
        body = (disagreements_html(table, self.strings) if len(table)
                else f"<p>{_escape(self.strings('trust.no_disagreements'))}</p>")
        return [self.strings.markdown("trust.disagreements"),
                _html(f'<div class="hd-trust" id="trust-disagreements">{body}</div>')]


def safe_name(name: str) -> str:
    """A file name that can go into Markdown as is: other characters become "_".

    >>> safe_name("gold`<b>x</b>.yaml"), safe_name("برچسب-ها.yaml")
    ('gold__b_x__b_.yaml', 'برچسب-ها.yaml')
    """
    return _UNSAFE_NAME.sub("_", str(name))


def score_table(score: Score) -> pd.DataFrame:
    """Precision, recall, F1 per level (shown with 2 decimals, as the reference scorer prints them).

    >>> from healthdiplomacy.results.validation import parse_gold
    >>> from healthdiplomacy.results.tables import example_links
    >>> gold = parse_gold({"a2": {"partners": {"iraq": {"must": ["medicine"]}}}})
    >>> score_table(score_links(example_links(), gold)).round(2).values.tolist()
    [['partners', 0.5, 1.0, 0.67], ['triples', 0.5, 1.0, 0.67]]
    """
    rows = [(level, *map(float, values)) for level, values in zip(LEVELS, (score.partners, score.triples))]
    return pd.DataFrame(rows, columns=["level", "precision", "recall", "f1"])


def kappa_table(score: Score, lang: str = "en", themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """Kappa per theme with the counts behind it, themes in codebook order (NaN: nothing to compare).

    >>> from healthdiplomacy.results.validation import parse_gold
    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> gold = parse_gold({"a2": {"partners": {"iraq": {"must": ["medicine"]}}}})
    >>> score = score_links(example_links(), gold)
    >>> kappa_table(score, "fa", example_themes()).values.tolist()
    [['دارو', 2, 1, 2, 0.0]]
    """
    names = theme_names(lang, themes)
    order = theme_order(themes, score.kappa["theme_id"])
    kappa = score.kappa.assign(rank=score.kappa["theme_id"].map(order.index)).sort_values("rank")
    undefined = Strings(lang)("trust.undefined")  # no positive case on either side: nothing to agree on
    return pd.DataFrame({
        "theme": [names.get(t, t) for t in kappa["theme_id"]],
        "units": kappa["units"].astype("int64"), "gold": kappa["gold"].astype("int64"),
        "predicted": kappa["predicted"].astype("int64"),
        "kappa": [undefined if k != k else float(k) for k in kappa["kappa"].astype(float)],
    }).reset_index(drop=True)


def disagreement_table(score: Score, links: pd.DataFrame, lang: str = "en",
                       themes: pd.DataFrame | None = None) -> pd.DataFrame:
    """One row per disagreement: kind, article, partner and theme names, evidence and its language.

    >>> from healthdiplomacy.results.validation import parse_gold
    >>> from healthdiplomacy.results.tables import example_links, example_themes
    >>> gold = parse_gold({"a3": {"partners": {"iraq": {}, "TR": {}}}})
    >>> table = disagreement_table(score_links(example_links(), gold), example_links(), "fa")
    >>> table[["kind", "article_id", "partner", "theme"]].values.tolist()
    [['partner miss', 'a3', 'ترکیه', '']]
    """
    rows = score.disagreements
    partners = partner_names(lang, links)
    themes_named = theme_names(lang, themes)
    language = links.drop_duplicates("article_id").set_index("article_id")["language"]
    return pd.DataFrame({
        "kind": rows["kind"], "article_id": rows["article_id"],
        "partner": [partners.get(p, p) for p in rows["partner_id"]],
        "theme": [themes_named.get(t, t) if t else "" for t in rows["theme_id"]],
        "evidence": [capped_quote(e) for e in rows["evidence"].fillna("")],  # (a 1 MB line is not quoted whole)
        "language": [language.get(a, "und") for a in rows["article_id"]],
    }, columns=["kind", "article_id", "partner", "theme", "evidence", "language"])


# --- helpers ------------------------------------------------------------------------


def _html(fragment: str):
    from IPython.display import HTML

    return HTML(fragment)


def _escape(text: str) -> str:
    from .html import escape_text

    return escape_text(text)
