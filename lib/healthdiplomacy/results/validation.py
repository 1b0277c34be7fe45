"""How far to trust the links: agreement with careful human coding.

Reference labels use the format of ``tests/data/gold_seeds.yaml`` (documented in
the README): per article, partners with ``must`` and ``may`` themes (and
``grade: may`` for a partner that is defensible either way). :func:`load_gold`
checks every id and grade against the codebook and stops at the first unknown
one with the file and line (a typo such as ``Iraq`` for ``IQ`` would otherwise
score 0.00 without a word). Scoring follows the project's reference scorer:

* precision = predicted items that are ``must`` or ``may`` / predicted items
* recall    = ``must`` items predicted / ``must`` items

at the partner level (article, partner) and the triple level (article,
partner, theme), plus Cohen's kappa per theme over the (article, partner)
pairs that either side names (``may`` labels are left out of kappa: they are
neither agreement nor disagreement; a theme that neither side ever codes has no
kappa: it is undefined, not perfect agreement).

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

GOLD_SEEDS = Path(__file__).resolve().parents[3] / "tests" / "data" / "gold_seeds.yaml"


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


ARTICLE_KEYS = frozenset({"language", "partners", "not_partners", "note"})
PARTNER_KEYS = frozenset({"must", "may", "grade", "not_themes", "note"})
GRADES = ("must", "may")


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


def load_gold(path: str | Path = GOLD_SEEDS, codebook=None) -> Gold:
    """Read a gold YAML file (default: the seeds' reference labels), checked against the
    codebook (default: the shipped one): every partner id and theme id must exist, grades
    are ``must`` or ``may``, and Iran is never a partner. The first problem raises
    :class:`GoldError` with the file and line.

    >>> len(load_gold().articles)
    4
    """
    path = Path(path)
    try:
        text = path.read_text(encoding="utf-8")
    except FileNotFoundError:
        raise GoldError(f"{path}: no such gold file") from None
    except UnicodeDecodeError as exc:
        raise GoldError(f"{path}: not UTF-8 ({exc.reason} at byte {exc.start})") from None
    try:
        node = yaml.compose(text)
        data = yaml.safe_load(text)
    except yaml.YAMLError as exc:
        mark = getattr(exc, "problem_mark", None)
        where = f":{mark.line + 1}" if mark is not None else ""
        raise GoldError(f"{path}{where}: not valid YAML ({getattr(exc, 'problem', None) or exc.__class__.__name__})") \
            from None
    if data is None:
        raise GoldError(f"{path}: the file is empty")
    if codebook is None:
        from ..codebook.tables import load_codebook

        codebook = load_codebook()
    _check_gold(node, codebook, path)
    try:
        return parse_gold(data)
    except GoldError as exc:
        raise GoldError(f"{path}: {exc}") from None


def _check_gold(node, codebook, path: Path) -> None:
    """Walk the YAML nodes (they carry line numbers) and check ids and grades."""
    partners = set(codebook.partners["partner_id"])
    kinds = dict(zip(codebook.partners["partner_id"], codebook.partners["kind"]))
    themes = set(codebook.themes["theme_id"])

    def fail(at, message: str) -> None:
        raise GoldError(f"{path}:{at.start_mark.line + 1}: {message}")

    if not isinstance(node, yaml.MappingNode):
        fail(node, "the file must map article ids to their labels")
    for article_key, entry in node.value:
        if not isinstance(entry, yaml.MappingNode):
            if entry.tag.endswith(":null"):
                continue
            fail(entry, f"{article_key.value}: an article's labels must be a mapping (partners: ...)")
        for key, value in entry.value:
            if key.value not in ARTICLE_KEYS:
                fail(key, f"{article_key.value}: unknown key {key.value!r} (use {', '.join(sorted(ARTICLE_KEYS))})")
            if key.value == "partners" and isinstance(value, yaml.MappingNode):
                for partner, spec in value.value:
                    _check_partner(partner, spec, partners, kinds, themes, codebook, fail)
            elif key.value == "partners" and not value.tag.endswith(":null"):
                fail(value, f"{article_key.value}: 'partners' must map partner ids to their themes")


def _check_partner(partner, spec, partners, kinds, themes, codebook, fail) -> None:
    pid = str(partner.value)
    if pid not in partners:
        fail(partner, f"unknown partner id {pid!r}{_suggestion(pid, codebook)}")
    if kinds.get(pid) == "home":
        fail(partner, f"{pid} is Iran, never a partner (list it under not_partners)")
    if spec.tag.endswith(":null"):
        return
    if not isinstance(spec, yaml.MappingNode):
        fail(spec, f"{pid}: a partner's labels must be a mapping (must: [...], may: [...])")
    for key, value in spec.value:
        if key.value not in PARTNER_KEYS:
            fail(key, f"{pid}: unknown key {key.value!r} (use {', '.join(sorted(PARTNER_KEYS))})")
        if key.value == "grade" and value.value not in GRADES:
            fail(value, f"{pid}: grade {value.value!r} is neither must nor may")
        if key.value in ("must", "may", "not_themes"):
            items = value.value if isinstance(value, yaml.SequenceNode) else []
            if not isinstance(value, yaml.SequenceNode) and not value.tag.endswith(":null"):
                fail(value, f"{pid}: {key.value} must be a list of theme ids")
            for item in items:
                if item.value not in themes:
                    fail(item, f"{pid}: unknown theme id {item.value!r} (themes: {', '.join(sorted(themes))})")


def _suggestion(pid: str, codebook) -> str:
    """" (did you mean IQ, Iraq?)" when the id is a partner's name or differs only in case."""
    wanted = pid.strip().lower()
    for row in codebook.partners.itertuples(index=False):
        if wanted in (row.partner_id.lower(), row.name_en.lower(), row.name_fa):
            return f" (did you mean {row.partner_id}, {row.name_en}?)"
    return " (partner ids are ISO 3166-1 alpha-2 codes for countries, snake_case for regions, acronyms for organizations)"


ACCURACY_COLUMNS = ["set", "role", "articles", "partner_precision", "partner_recall", "partner_f1",
                    "triple_precision", "triple_recall", "triple_f1", "description"]


def load_accuracy(path: str | Path | None = None) -> pd.DataFrame:
    """The tagger's measured accuracy on every labelled set (``data/accuracy.csv``, written
    by ``tools/measure_accuracy.py``), with each set's role: ``development`` when the rules
    were written or tuned on it, ``held_out`` when not.

    >>> table = load_accuracy()
    >>> list(table.columns) == ACCURACY_COLUMNS, "seeds" in set(table["set"])
    (True, True)
    """
    from ..codebook.tables import shipped_path

    frame = pd.read_csv(path or shipped_path("accuracy.csv"), dtype=str, keep_default_na=False)
    missing = [c for c in ACCURACY_COLUMNS if c not in frame.columns]
    if missing:
        raise GoldError(f"{path or 'accuracy.csv'}: missing column(s) {', '.join(missing)}")
    for column in ACCURACY_COLUMNS[3:9]:
        frame[column] = frame[column].astype(float)
    frame["articles"] = frame["articles"].astype(int)
    return frame[ACCURACY_COLUMNS]


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
    """Cohen's kappa for two binary codings of the same items.

    When both codings are the same constant (no positive case on either side, or
    nothing but), chance agreement is 1 and kappa is 0/0: undefined, returned as
    NaN, not as a perfect 1.0.

    >>> cohen_kappa([1, 0, 1, 0], [1, 0, 0, 0])
    0.5
    >>> cohen_kappa([0, 0, 0], [0, 0, 0])
    nan
    """
    n = len(a)
    if n == 0:
        return float("nan")
    observed = sum(x == y for x, y in zip(a, b)) / n
    pa, pb = sum(a) / n, sum(b) / n
    expected = pa * pb + (1 - pa) * (1 - pb)
    if expected == 1:
        return float("nan")
    return (observed - expected) / (1 - expected)


@dataclass
class Score:
    """Agreement of predicted links with gold labels; ``counts`` says how many predicted items
    were required (``must``), accepted as defensible (``may``) or not accepted, per level."""

    partners: tuple[float, float, float]
    triples: tuple[float, float, float]
    articles: int
    kappa: pd.DataFrame
    disagreements: pd.DataFrame
    counts: pd.DataFrame | None = None

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
                 _kappa_by_theme(pairs, triples, gold), _disagreements(links, pairs, triples, gold),
                 count_table(pairs, triples, gold))


def count_table(pairs: set, triples: set, gold: Gold) -> pd.DataFrame:
    """Per level: items predicted, of which required (must), accepted as defensible (may) and
    not accepted; items the reference requires, and of those missed.

    >>> gold = parse_gold({"a": {"partners": {"IQ": {"must": ["medicine"], "may": ["research"]}}}})
    >>> count_table({("a", "IQ")}, {("a", "IQ", "medicine"), ("a", "IQ", "research")}, gold).values.tolist()
    [['partners', 1, 1, 0, 0, 1, 0], ['triples', 2, 1, 1, 0, 1, 0]]
    """
    rows = []
    for level, predicted, must, ok in (("partners", pairs, gold.pairs_must, gold.pairs_ok),
                                       ("triples", triples, gold.triples_must, gold.triples_ok)):
        rows.append((level, len(predicted), len(predicted & must), len((predicted & ok) - must),
                     len(predicted - ok), len(must), len(must - predicted)))
    return pd.DataFrame(rows, columns=["level", "predicted", "required", "defensible", "not_accepted",
                                       "reference_required", "missed"])


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
