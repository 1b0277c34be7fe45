"""How far to trust the links: agreement with careful human coding.

Reference labels use the format of ``tests/data/gold_seeds.yaml``: per article,
partners with ``must`` and ``may`` themes (and ``grade: may`` for a partner
that is defensible either way). Scoring follows the project's reference scorer:

* precision = predicted items that are ``must`` or ``may`` / predicted items
* recall    = ``must`` items predicted / ``must`` items

at the partner level (article, partner) and the triple level (article,
partner, theme), plus Cohen's kappa per theme over the (article, partner)
pairs that either side names (``may`` labels are left out of kappa: they are
neither agreement nor disagreement).

>>> gold = parse_gold({"a1": {"partners": {"IQ": {"must": ["medicine"], "may": ["research"]}}}})
>>> import pandas as pd
>>> links = pd.DataFrame({"article_id": ["a1", "a1"], "partner_id": ["IQ", "IQ"],
...                       "theme_id": ["medicine", "covid19"], "evidence": ["", ""]})
>>> score = score_links(links, gold)
>>> score.summary_line()
'partners P=1.00 R=1.00 F1=1.00 | triples P=0.50 R=1.00 F1=0.67 | articles=1'
"""

from __future__ import annotations

from dataclasses import dataclass
from pathlib import Path

import pandas as pd
import yaml

GOLD_SEEDS = Path(__file__).resolve().parents[2] / "tests" / "data" / "gold_seeds.yaml"


class GoldError(ValueError):
    """The reference-label file is missing or not in the expected format."""


@dataclass(frozen=True)
class Gold:
    """Reference labels as sets of (article, partner) pairs and (article, partner, theme) triples."""

    articles: frozenset[str]
    pairs_must: frozenset[tuple]
    pairs_ok: frozenset[tuple]
    triples_must: frozenset[tuple]
    triples_ok: frozenset[tuple]


def parse_gold(data: dict) -> Gold:
    """Build :class:`Gold` from the parsed YAML mapping (see the module docstring)."""
    if not isinstance(data, dict):
        raise GoldError("gold file must map article ids to their labels")
    pairs_must, pairs_ok, trip_must, trip_ok = set(), set(), set(), set()
    for article, entry in data.items():
        partners = (entry or {}).get("partners") or {}
        if not isinstance(partners, dict):
            raise GoldError(f"{article}: 'partners' must map partner ids to themes")
        for partner, spec in partners.items():
            spec = spec or {}
            pairs_ok.add((str(article), str(partner)))
            if spec.get("grade", "must") == "must":
                pairs_must.add((str(article), str(partner)))
            for theme in spec.get("must") or []:
                trip_must.add((str(article), str(partner), theme))
                trip_ok.add((str(article), str(partner), theme))
            for theme in spec.get("may") or []:
                trip_ok.add((str(article), str(partner), theme))
    return Gold(frozenset(map(str, data)), frozenset(pairs_must), frozenset(pairs_ok),
                frozenset(trip_must), frozenset(trip_ok))


def load_gold(path: str | Path = GOLD_SEEDS) -> Gold:
    """Read a gold YAML file (default: the seeds' reference labels).

    >>> len(load_gold().articles)
    4
    """
    path = Path(path)
    try:
        data = yaml.safe_load(path.read_text(encoding="utf-8"))
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except yaml.YAMLError as exc:
        raise GoldError(f"{path}: not valid YAML ({exc.__class__.__name__})") from None
    try:
        return parse_gold(data)
    except GoldError as exc:
        raise GoldError(f"{path}: {exc}") from None


def prf(predicted: set, must: set, ok: set) -> tuple[float, float, float]:
    """Precision, recall, F1 with the reference scorer's conventions for empty sets.

    >>> prf(set(), set(), set())
    (1.0, 1.0, 1.0)
    >>> prf({1}, {2}, {2})
    (0.0, 0.0, 0.0)
    """
    precision = len(predicted & ok) / len(predicted) if predicted else (1.0 if not must else 0.0)
    recall = len(predicted & must) / len(must) if must else 1.0
    f1 = 2 * precision * recall / (precision + recall) if precision + recall else 0.0
    return precision, recall, f1


def cohen_kappa(a: list[int], b: list[int]) -> float:
    """Cohen's kappa for two binary codings of the same items (1.0 when both are constant and equal).

    >>> cohen_kappa([1, 0, 1, 0], [1, 0, 0, 0])
    0.5
    """
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected == 1:
        return 1.0 if observed == 1 else 0.0
    return (observed - expected) / (1 - expected)


@dataclass
class Score:
    """Agreement of predicted links with gold labels."""

    partners: tuple[float, float, float]
    triples: tuple[float, float, float]
    articles: int
    kappa: pd.DataFrame
    disagreements: pd.DataFrame

    def summary_line(self) -> str:
        """One line in the reference scorer's words."""
        (pp, pr, pf), (tp, tr, tf) = self.partners, self.triples
        return (f"partners P={pp:.2f} R={pr:.2f} F1={pf:.2f} | triples P={tp:.2f} R={tr:.2f} F1={tf:.2f} | "
                f"articles={self.articles}")

    def table(self) -> pd.DataFrame:
        """Precision/recall/F1 per level, as a small table for the report."""
        rows = [("partner (article, partner)", *self.partners), ("triple (article, partner, theme)", *self.triples)]
        frame = pd.DataFrame(rows, columns=["level", "precision", "recall", "f1"])
        return frame.round(3)


def score_links(links: pd.DataFrame, gold: Gold) -> Score:
    """Score a links table against gold labels (only the gold's articles count)."""
    links = links[links["article_id"].astype(str).isin(gold.articles)]
    pairs = {(str(r.article_id), str(r.partner_id)) for r in links.itertuples() if r.partner_id}
    triples = {(str(r.article_id), str(r.partner_id), str(r.theme_id)) for r in links.itertuples()
               if r.partner_id and r.theme_id}
    return Score(prf(pairs, set(gold.pairs_must), set(gold.pairs_ok)),
                 prf(triples, set(gold.triples_must), set(gold.triples_ok)), len(gold.articles),
                 _kappa_by_theme(pairs, triples, gold), _disagreements(links, pairs, triples, gold))


def _kappa_by_theme(pairs: set, triples: set, gold: Gold) -> pd.DataFrame:
    units = sorted(pairs | set(gold.pairs_ok))
    themes = sorted({t[2] for t in triples} | {t[2] for t in gold.triples_ok})
    rows = []
    for theme in themes:
        coded = [(int((*u, theme) in gold.triples_must), int((*u, theme) in triples)) for u in units
                 if not ((*u, theme) in gold.triples_ok and (*u, theme) not in gold.triples_must)]
        gold_codes, predicted = [c[0] for c in coded], [c[1] for c in coded]
        rows.append({"theme_id": theme, "units": len(coded), "gold": sum(gold_codes),
                     "predicted": sum(predicted), "kappa": round(cohen_kappa(gold_codes, predicted), 3)})
    return pd.DataFrame(rows, columns=["theme_id", "units", "gold", "predicted", "kappa"])


def _disagreements(links: pd.DataFrame, pairs: set, triples: set, gold: Gold) -> pd.DataFrame:
    evidence = {(str(r.article_id), str(r.partner_id), str(r.theme_id)): r.evidence for r in links.itertuples()}
    for (article, partner, _), quote in list(evidence.items()):
        evidence.setdefault((article, partner, ""), quote)  # any quote for a partner-level error
    rows = []
    for item in sorted(triples - gold.triples_ok):
        rows.append(("triple false positive", *item, evidence.get(item, "")))
    for item in sorted(gold.triples_must - triples):
        rows.append(("triple miss", *item, ""))
    for article, partner in sorted(pairs - gold.pairs_ok):
        rows.append(("partner false positive", article, partner, "", evidence.get((article, partner, ""), "")))
    for article, partner in sorted(gold.pairs_must - pairs):
        rows.append(("partner miss", article, partner, "", ""))
    return pd.DataFrame(rows, columns=["kind", "article_id", "partner_id", "theme_id", "evidence"])
